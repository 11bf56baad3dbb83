/** Go's flag package accepts -flag and -flag=value; commander wants --flag for long options. */
export function normaliseArgs(argv: readonly string[]): string[] {
  return argv.map((a) => (/^-(config|version|help)(=.*)?$/.test(a) ? `-${a}` : a));
}
