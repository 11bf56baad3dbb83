/**
 * strptime as Heka's JsonDecoder read its timestamp_format: a strftime format read backwards, as the lua_sandbox date_time module's
 * build_strftime_grammar does it (the grammar Heka's json.lua used). Each conversion is a small PEG
 * matcher (ordered choices, no backtracking), a format is their sequence, and the value must start
 * with a match (text after it is ignored). The result is turned into nanoseconds like time_to_ns:
 * UTC unless %z/%Z gave an offset, the hour 12 when the format has none, out-of-range dates
 * normalised (February 30 is March 2), %s taking precedence over everything.
 */

import { daysFromCivil } from './civil.js';
import { literal, type Matcher, NO, type Parts, SPACES, SPECIFIERS, seq } from './strptime-grammar.js';

/** A compiled timestamp_format. */
export class StrptimeFormat {
  private readonly matcher: Matcher;

  /** Throws for an unknown conversion, or a format that cannot give a date. */
  constructor(readonly format: string) {
    if (format === '') throw new Error('could not parse the strftime format');
    const parts: Matcher[] = [];
    const captured = new Set<string>();
    let lit = '';
    const flush = () => {
      if (lit !== '') parts.push(literal(lit));
      lit = '';
    };
    for (let i = 0; i < format.length; i++) {
      const c = format[i] as string;
      const next = format[i + 1] ?? '';
      if (c === '%' && /[A-Za-z0-9%]/.test(next)) {
        const m = SPECIFIERS[next];
        if (!m || !Object.hasOwn(SPECIFIERS, next)) throw new Error(`unknown strftime specifier: ${next}`);
        flush();
        parts.push(m);
        captured.add(next);
        i++;
      } else if (SPACES.includes(c)) {
        flush();
        parts.push((s, at) => (SPACES.includes(s[at] ?? 'x') ? at + 1 : NO));
      } else {
        lit += c;
      }
    }
    flush();
    const has = (list: string) => [...list].some((k) => captured.has(k));
    const dated = has('DFcx') || (has('YGyg') && has('mbBh') && has('de'));
    if (!has('s') && !dated) {
      throw new Error('it captures no full date: use %Y (or %y), %m (or %b, %B) and %d (or %e), %D, %F, or %s');
    }
    this.matcher = seq(...parts);
  }

  /** Nanoseconds since the epoch, or undefined when the value does not start with a match. */
  parse(value: string): bigint | undefined {
    const t: Parts = {};
    if (this.matcher(value, 0, t) < 0) return undefined;
    if (t.timeT !== undefined) return t.timeT * 1_000_000_000n;
    let hour = t.hour ?? 12; // os.time's default hour
    if (t.period === 'AM' && hour === 12) hour = 0;
    else if (t.period === 'PM' && hour < 12) hour += 12;
    // Days past the end of the month overflow into the next, as mktime normalises them.
    const start = daysFromCivil(t.year as number, t.month as number, 1);
    const seconds = (start + (t.day as number) - 1) * 86400 + hour * 3600 + (t.min ?? 0) * 60 + (t.sec ?? 0);
    return BigInt(seconds - (t.offset ?? 0)) * 1_000_000_000n;
  }
}
