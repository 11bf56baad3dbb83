/**
 * Heka's tools parse their command line with Go's `flag` package: long flags take one dash or two
 * (`-action load`, `--action=load`). Commander only knows the double-dash form, so single-dash long
 * flags are rewritten before parsing.
 */
export function normaliseArgs(argv: readonly string[], valueFlags: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      out.push(...argv.slice(i));
      break;
    }
    const m = /^--?([A-Za-z][\w-]*)(?:=([\s\S]*))?$/.exec(arg);
    const name = m?.[1];
    if (name === 'help' || name === 'h') out.push('--help');
    else if (name !== undefined && valueFlags.includes(name)) {
      out.push(m?.[2] === undefined ? `--${name}` : `--${name}=${m[2]}`);
    } else out.push(arg);
  }
  return out;
}
