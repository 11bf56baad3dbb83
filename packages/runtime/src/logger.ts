/**
 * hekad's log: one line per event on stderr, prefixed with date and time as Heka's log_flags = 3
 * (`2026/11/24 10:00:00`), then the plugin name. Details follow as key=value pairs.
 */
import type { Logger } from '@heka/core';

export type Level = 'debug' | 'info' | 'warn' | 'error';
export type LogSink = (line: string, level: Level) => void;

const pad = (n: number): string => String(n).padStart(2, '0');

function timestamp(flags: number): string {
  if (flags === 0) return '';
  const d = new Date();
  const date = `${d.getFullYear()}/${pad(d.getMonth() + 1)}/${pad(d.getDate())}`;
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  return `${flags & 1 ? `${date} ` : ''}${flags & 2 ? `${time} ` : ''}`;
}

function formatDetails(details: Readonly<Record<string, unknown>> | undefined): string {
  if (!details) return '';
  const parts = Object.entries(details).map(([k, v]) => {
    const s = v instanceof Error ? v.message : typeof v === 'string' ? v : JSON.stringify(v);
    return `${k}=${/[\s"=]/.test(s ?? '') ? JSON.stringify(s) : s}`;
  });
  return parts.length ? ` ${parts.join(' ')}` : '';
}

export interface RootLogger extends Logger {
  child(name: string): Logger;
}

export function createLogger(
  options: { flags?: number; sink?: LogSink; debug?: boolean } = {},
  prefix?: string,
): RootLogger {
  const flags = options.flags ?? 3;
  const sink: LogSink = options.sink ?? ((line) => process.stderr.write(`${line}\n`));
  const write = (level: Level, message: string, details?: Readonly<Record<string, unknown>>): void => {
    if (level === 'debug' && !options.debug) return;
    const tag = level === 'info' ? '' : `${level.toUpperCase()} `;
    sink(`${timestamp(flags)}${tag}${prefix ? `${prefix}: ` : ''}${message}${formatDetails(details)}`, level);
  };
  return {
    debug: (m, d) => write('debug', m, d),
    info: (m, d) => write('info', m, d),
    warn: (m, d) => write('warn', m, d),
    error: (m, d) => write('error', m, d),
    child: (name) => createLogger(options, prefix ? `${prefix}/${name}` : name),
  };
}
