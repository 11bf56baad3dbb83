/**
 * How Heka turns a file name into sort values and a logstream name: captures translated to integers
 * (MonthName, DayName, translation maps with "missing", digits), priority comparison, differentiators.
 */
import type { LogstreamerSettings, PriorityPart } from './settings.js';

const MONTHS: Readonly<Record<string, number>> = {
  january: 1,
  jan: 1,
  february: 2,
  feb: 2,
  march: 3,
  mar: 3,
  april: 4,
  apr: 4,
  may: 5,
  june: 6,
  jun: 6,
  july: 7,
  jul: 7,
  august: 8,
  aug: 8,
  september: 9,
  sep: 9,
  october: 10,
  oct: 10,
  november: 11,
  nov: 11,
  december: 12,
  dec: 12,
};

const DAYS: Readonly<Record<string, number>> = {
  monday: 0,
  mon: 0,
  tuesday: 1,
  tue: 1,
  wednesday: 2,
  wed: 2,
  thursday: 3,
  thu: 3,
  friday: 4,
  fri: 4,
  saturday: 5,
  sat: 5,
  sunday: 6,
  sun: 6,
};

const DIGITS = /^[0-9]+$/;

export interface MatchParts {
  /** Raw captured text by capture name ("" when the capture did not take part). */
  strings: Map<string, string>;
  /** Sort value by capture name (a capture missing from the map sorts as 0, as in Heka). */
  scores: Map<string, number>;
  /** Why a capture could not be translated (its sort value and the ones after it are then missing). */
  error: string | undefined;
}

/** Heka's Logfile.PopulateMatchParts for one match. */
export function matchParts(
  groupNames: readonly (string | undefined)[],
  match: ArrayLike<string | undefined>,
  translation: ReadonlyMap<string, ReadonlyMap<string, number>>,
): MatchParts {
  const strings = new Map<string, string>();
  const scores = new Map<string, number>();
  for (let i = 1; i < groupNames.length; i++) {
    const name = groupNames[i];
    if (name === undefined) continue;
    const raw = match[i] ?? '';
    strings.set(name, raw);
    const value = raw === '' ? 'missing' : raw;
    const lower = value.toLowerCase();
    let score: number | undefined;
    const sub = translation.get(name);
    if (name === 'MonthName') {
      score = Object.hasOwn(MONTHS, lower) ? MONTHS[lower] : undefined;
      if (score === undefined) return { strings, scores, error: `Unable to locate month name: ${value}` };
    } else if (name === 'DayName') {
      score = Object.hasOwn(DAYS, lower) ? DAYS[lower] : undefined;
      if (score === undefined) return { strings, scores, error: `Unable to locate day name: ${value}` };
    } else if (sub && sub.size > 1) {
      score = sub.get(lower);
      if (score === undefined) {
        return { strings, scores, error: `Value '${value}' not found in translation map '${name}'.` };
      }
    } else if (sub && lower === 'missing') {
      score = sub.get('missing') ?? -1;
    }
    if (score === undefined) score = DIGITS.test(value) ? Number.parseInt(value, 10) : -1;
    scores.set(name, score);
  }
  return { strings, scores, error: undefined };
}

/** Oldest first by the priority parts ("^" descending); ties are broken by path so the order is stable. */
export function compareByPriority(
  priority: readonly PriorityPart[],
  a: { scores: ReadonlyMap<string, number>; path: string },
  b: { scores: ReadonlyMap<string, number>; path: string },
): number {
  for (const { name, descending } of priority) {
    const x = a.scores.get(name) ?? 0;
    const y = b.scores.get(name) ?? 0;
    if (x !== y) return (x < y ? -1 : 1) * (descending ? -1 : 1);
  }
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

/** The logstream name: each differentiator is a capture's text, or itself when it names no capture. */
export function differentiatedName(differentiator: readonly string[], strings: ReadonlyMap<string, string>): string {
  let name = '';
  for (const d of differentiator) name += strings.get(d) ?? d;
  return name;
}

export function sortFiles<T extends { scores: ReadonlyMap<string, number>; path: string }>(
  settings: Pick<LogstreamerSettings, 'priority'>,
  files: T[],
): T[] {
  return files.sort((a, b) => compareByPriority(settings.priority, a, b));
}
