/**
 * Time-based rotation as Heka's FileOutput did it: boundaries every `hours` hours counted from the
 * epoch (Go's Time.Truncate works on absolute time, so daily files start at 00:00 UTC), and file names
 * from the path's strftime conversions in local time: the first file is named after the moment the
 * output opened it, every later one after the boundary that started it.
 */
import { strftime } from '@heka/go-time';

/** The rotation_interval values Heka allowed (0 = no rotation). */
export const ROTATION_HOURS = [0, 1, 4, 12, 24] as const;

const HOUR_MS = 3_600_000;

/** The last boundary at or before `nowMs` (Go: now.Truncate(interval)). */
export function rotationStart(nowMs: number, hours: number): number {
  const interval = hours * HOUR_MS;
  return Math.floor(nowMs / interval) * interval;
}

/** The first boundary after `nowMs`. */
export function nextRotation(nowMs: number, hours: number): number {
  return rotationStart(nowMs, hours) + hours * HOUR_MS;
}

/** The file for a moment: the path's strftime conversions applied in local time. */
export function rotatedPath(pattern: string, atMs: number): string {
  return strftime(pattern, new Date(atMs));
}
