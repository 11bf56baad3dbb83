/**
 * @heka/go-cli: what Heka's Go client tools (heka-cat, heka-flood, heka-inject, heka-sbmgr) got from Go's
 * standard library and our ports keep byte for byte: `flag` command lines and `log` line prefixes.
 */
export { type FlagSpec, goInt64, normaliseArgs, parseGoInt } from './flags.js';
export { logError, logPrefix } from './log.js';
