/**
 * Heka's `%ENV[NAME]` pre-pass (pipeline.EnvSub): a plain text substitution over each config file,
 * done before TOML parsing, so it works anywhere (keys, section names, inside strings).
 */
import { ConfigError } from './errors.js';

const OPEN = '%ENV[';
// Heka rejects a name holding whitespace or a nested opener; it has no escaping mechanism.
const INVALID_NAME = /[\n\r\t ]/;

/** 1-based line of a character offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/**
 * Replaces every `%ENV[NAME]` with `env[NAME]` ("" when unset). The name ends at the first `]`. Any other
 * `%` is copied through; substituted values are not scanned again. Throws ConfigError (file, line).
 */
export function substituteEnv(text: string, env: Readonly<Record<string, string | undefined>>, file: string): string {
  let out = '';
  let from = 0;
  for (;;) {
    const at = text.indexOf(OPEN, from);
    if (at === -1) return out + text.slice(from);
    out += text.slice(from, at);
    const start = at + OPEN.length;
    const end = text.indexOf(']', start);
    const fail = (message: string): never => {
      throw new ConfigError([{ file, section: undefined, key: undefined, line: lineAt(text, at), message }]);
    };
    if (end === -1) fail('missing closing ] for %ENV[');
    const name = text.slice(start, end);
    if (INVALID_NAME.test(name) || name.includes(OPEN)) {
      fail(`invalid characters in environment variable name ${JSON.stringify(name.slice(0, 60))}`);
    }
    // Own properties only: `%ENV[constructor]` must not reach Object.prototype.
    out += (Object.hasOwn(env, name) ? env[name] : undefined) ?? '';
    from = end + 1;
  }
}
