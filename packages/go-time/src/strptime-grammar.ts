/**
 * The conversions of the lua_sandbox date_time module's strftime grammar, as small PEG matchers
 * (ordered choices, no backtracking). Each records what it captured in a Parts object.
 */
import { LONG_DAY_NAMES, LONG_MONTH_NAMES, SHORT_DAY_NAMES, SHORT_MONTH_NAMES } from './format.js';

/** What a match captured. */
export interface Parts {
  year?: number;
  month?: number;
  day?: number;
  hour?: number;
  min?: number;
  sec?: number;
  period?: 'AM' | 'PM';
  offset?: number;
  timeT?: bigint;
}

/** A matcher returns the position after what it matched, or -1. */
export type Matcher = (s: string, at: number, t: Parts) => number;

export const NO = -1;
export const SPACES = ' \t\n\v\f\r';

const code = (s: string, i: number): number => s.charCodeAt(i);
const digit = (s: string, i: number): boolean => code(s, i) >= 48 && code(s, i) <= 57;
const inRange = (s: string, i: number, lo: string, hi: string): boolean =>
  i < s.length && s[i] !== undefined && (s[i] as string) >= lo && (s[i] as string) <= hi;
const num = (s: string, from: number, to: number): number => Number(s.slice(from, to));

/** Two-character alternatives: [first char range, second char range][] in order. */
function twoDigits(alternatives: [string, string, string, string][], set: (t: Parts, n: number) => void): Matcher {
  const ranges = alternatives.flatMap((a) => a.map((c) => c.charCodeAt(0)));
  return (s, at, t) => {
    const c1 = code(s, at);
    const c2 = code(s, at + 1);
    for (let i = 0; i < ranges.length; i += 4) {
      if (c1 >= (ranges[i] as number) && c1 <= (ranges[i + 1] as number)) {
        if (c2 >= (ranges[i + 2] as number) && c2 <= (ranges[i + 3] as number)) {
          set(t, (c1 - 48) * 10 + (c2 - 48));
          return at + 2;
        }
      }
    }
    return NO;
  };
}

function words(list: readonly string[], set?: (t: Parts, index: number) => void): Matcher {
  return (s, at, t) => {
    for (let i = 0; i < list.length; i++) {
      const w = list[i] as string;
      if (s.startsWith(w, at)) {
        set?.(t, i);
        return at + w.length;
      }
    }
    return NO;
  };
}

export function seq(...parts: (Matcher | string)[]): Matcher {
  const ms = parts.map((p) => (typeof p === 'string' ? literal(p) : p));
  return (s, at, t) => {
    for (const m of ms) {
      at = m(s, at, t);
      if (at < 0) return NO;
    }
    return at;
  };
}

export function literal(text: string): Matcher {
  return (s, at) => (s.startsWith(text, at) ? at + text.length : NO);
}

const century = Math.floor(new Date().getUTCFullYear() / 100) * 100;

const fullYear: Matcher = (s, at, t) => {
  if (!(digit(s, at) && digit(s, at + 1) && digit(s, at + 2) && digit(s, at + 3))) return NO;
  t.year =
    (code(s, at) - 48) * 1000 + (code(s, at + 1) - 48) * 100 + (code(s, at + 2) - 48) * 10 + code(s, at + 3) - 48;
  return at + 4;
};
const shortYear: Matcher = (s, at, t) => {
  if (!(digit(s, at) && digit(s, at + 1))) return NO;
  t.year = century + num(s, at, at + 2);
  return at + 2;
};
const month = twoDigits(
  [
    ['0', '0', '1', '9'],
    ['1', '1', '0', '2'],
  ],
  (t, n) => {
    t.month = n;
  },
);
const monthAbbr = words(SHORT_MONTH_NAMES, (t, i) => {
  t.month = i + 1;
});
const monthFull = words(LONG_MONTH_NAMES, (t, i) => {
  t.month = i + 1;
});
const setDay = (t: Parts, n: number) => {
  t.day = n;
};
const mday = twoDigits(
  [
    ['0', '0', '1', '9'],
    ['1', '2', '0', '9'],
    ['3', '3', '0', '1'],
  ],
  setDay,
);
const mdayTwoDigits = twoDigits(
  [
    ['1', '2', '0', '9'],
    ['3', '3', '0', '1'],
  ],
  setDay,
);
const mdaySpace: Matcher = (s, at, t) => {
  if (s[at] === ' ' && inRange(s, at + 1, '1', '9')) {
    t.day = num(s, at + 1, at + 2);
    return at + 2;
  }
  return mdayTwoDigits(s, at, t);
};
const setHour = (t: Parts, n: number) => {
  t.hour = n;
};
const hour = twoDigits(
  [
    ['0', '1', '0', '9'],
    ['2', '2', '0', '3'],
  ],
  setHour,
);
const hour12 = twoDigits(
  [
    ['0', '0', '0', '9'],
    ['1', '1', '0', '2'],
  ],
  setHour,
);
const hour20to23 = twoDigits([['2', '2', '0', '3']], setHour);
const hour10to12 = twoDigits([['1', '1', '0', '2']], setHour);
const minute = twoDigits([['0', '5', '0', '9']], (t, n) => {
  t.min = n;
});
const setSec = (t: Parts, n: number) => {
  t.sec = n;
};
const second = twoDigits(
  [
    ['0', '5', '0', '9'],
    ['6', '6', '0', '0'],
  ],
  setSec,
);
const noCapture = (alternatives: [string, string, string, string][]): Matcher =>
  twoDigits(alternatives, () => undefined);
const weekNumber = noCapture([
  ['0', '4', '0', '9'],
  ['5', '5', '0', '3'],
]);
const oneOf =
  (lo: string, hi: string): Matcher =>
  (s, at) =>
    inRange(s, at, lo, hi) ? at + 1 : NO;
const period: Matcher = (s, at, t) => {
  const p = s.slice(at, at + 2);
  if (p !== 'AM' && p !== 'PM') return NO;
  t.period = p;
  return at + 2;
};
const clock = seq(hour, ':', minute, ':', second);
const monthDayYear = seq(month, '/', mday, '/', shortYear);

const ZONES: readonly [string, number][] = [
  ['UTC', 0],
  ['PST', -8],
  ['PDT', -7],
  ['MST', -7],
  ['MDT', -6],
  ['CST', -6],
  ['CDT', -5],
  ['EST', -5],
  ['EDT', -4],
];

/** The conversions the date_time module knows, and the parts each one captures. */
export const SPECIFIERS: Readonly<Record<string, Matcher>> = {
  a: words(SHORT_DAY_NAMES),
  A: words(LONG_DAY_NAMES),
  b: monthAbbr,
  B: monthFull,
  c: seq(words(SHORT_DAY_NAMES), ' ', monthAbbr, ' ', mdaySpace, ' ', clock, ' ', fullYear),
  C: noCapture([['0', '9', '0', '9']]),
  d: mday,
  D: monthDayYear,
  e: mdaySpace,
  F: seq(fullYear, '-', month, '-', mday),
  g: shortYear,
  G: fullYear,
  h: monthAbbr,
  H: hour,
  I: hour12,
  j: (s, at) => {
    const a = s.slice(at, at + 3);
    const ok =
      /^00[1-9]$/.test(a) || /^0\d\d$/.test(a) || /^[12]\d\d$/.test(a) || /^3[0-5]\d$/.test(a) || /^36[0-6]$/.test(a);
    return ok ? at + 3 : NO;
  },
  k: (s, at, t) => {
    if ((s[at] === ' ' || s[at] === '1') && digit(s, at + 1)) {
      t.hour = num(s, at + 1, at + 2) + (s[at] === '1' ? 10 : 0);
      return at + 2;
    }
    return hour20to23(s, at, t);
  },
  l: (s, at, t) => {
    if (SPACES.includes(s[at] ?? 'x') && digit(s, at + 1)) {
      t.hour = num(s, at + 1, at + 2);
      return at + 2;
    }
    return hour10to12(s, at, t);
  },
  m: month,
  M: minute,
  n: literal('\n'),
  p: period,
  r: seq(hour12, ':', minute, ':', second, ' ', period),
  R: seq(hour, ':', minute),
  s: (s, at, t) => {
    let i = at;
    while (digit(s, i)) i++;
    if (i === at) return NO;
    t.timeT = BigInt(s.slice(at, i));
    return i;
  },
  S: twoDigits(
    [
      ['0', '5', '0', '9'],
      ['6', '6', '0', '1'],
    ],
    setSec,
  ),
  t: literal('\t'),
  T: clock,
  u: oneOf('1', '7'),
  U: weekNumber,
  V: weekNumber,
  w: oneOf('0', '6'),
  W: weekNumber,
  x: monthDayYear,
  X: clock,
  Y: fullYear,
  z: (s, at, t) => {
    const sign = s[at];
    if (sign !== '+' && sign !== '-') return NO;
    const parts: Parts = {};
    let p = hour(s, at + 1, parts);
    if (p < 0) return NO;
    const h = parts.hour as number;
    p = minute(s, p, parts);
    if (p < 0) return NO;
    const seconds = h * 3600 + (parts.min as number) * 60;
    t.offset = sign === '+' ? seconds : -seconds;
    return p;
  },
  Z: (s, at, t) => {
    for (const [name, hours] of ZONES) {
      if (s.startsWith(name, at)) {
        t.offset = hours * 3600;
        return at + 3;
      }
    }
    let i = at; // any other abbreviation of up to five letters (or none) means UTC
    while (i - at < 5 && /[A-Za-z]/.test(s[i] ?? '')) i++;
    t.offset = 0;
    return i;
  },
  '%': literal('%'),
};
