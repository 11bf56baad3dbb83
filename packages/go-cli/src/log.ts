/** Go's `log.New(w, "", log.LstdFlags)` prefix: local `YYYY/MM/DD HH:MM:SS `. */
export function logPrefix(now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}/${p(now.getMonth() + 1)}/${p(now.getDate())} ${p(now.getHours())}:${p(now.getMinutes())}:${p(now.getSeconds())} `;
}

/** One log line as Heka's client package writes it (to stderr for errors). */
export function logError(line: string): void {
  process.stderr.write(`${logPrefix()}${line.endsWith('\n') ? line : `${line}\n`}`);
}
