/**
 * RegexSplitter: records are separated by matches of an RE2 regular expression (Heka's
 * pipeline/splitters.go RegexSplitter). Without a capture group the delimiter is removed; with one,
 * the captured text ends the previous record (delimiter_eol) or starts the next one.
 */
import { type ConfigSchema, definePlugin, PluginConfigError } from '@heka/core';
import { compileRe2, type Re2, Re2SyntaxError } from '@heka/re2';
import { RegexSplitter } from './splitter.js';

export type RegexSplitterConfig = {
  delimiter: string;
  delimiter_eol: boolean;
};

const configSchema: ConfigSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    delimiter: {
      type: 'string',
      default: '\n',
      description: 'RE2 regular expression that separates records; at most one capture group.',
    },
    delimiter_eol: {
      type: 'boolean',
      default: true,
      description:
        'With a capture group: true appends the captured text to the end of the previous record, ' +
        'false prepends it to the next record.',
    },
  },
};

/** Patterns compiled so far: a splitter instance is made per stream (per connection, per file). */
const compiled = new Map<string, Re2>();

/** Compiles an RE2 pattern for a config key, or throws a config error naming the key. */
function compileOption(key: string, pattern: string): Re2 {
  const known = compiled.get(pattern);
  if (known) return known;
  try {
    const re = compileRe2(pattern);
    compiled.set(pattern, re);
    return re;
  } catch (e) {
    if (e instanceof Re2SyntaxError) throw new PluginConfigError(`${key}: ${e.message}`);
    throw e;
  }
}

export default definePlugin<'splitter', RegexSplitterConfig>({
  type: 'RegexSplitter',
  kind: 'splitter',
  description: 'Splits a stream on matches of a regular expression, keeping or dropping the matched text.',
  configSchema,
  create(config, ctx) {
    const re = compileOption('delimiter', config.delimiter);
    const groups = re.groupNames.length - 1;
    if (groups > 1) {
      throw new PluginConfigError(
        `delimiter: regex must not contain more than one capture group: ${config.delimiter} (it has ${groups})`,
      );
    }
    const regexp = new RegExp(re.regexp.source, groups === 1 ? `${re.regexp.flags}d` : re.regexp.flags);
    return new RegexSplitter(config.delimiter, regexp, groups === 1, config.delimiter_eol, ctx.logger);
  },
});
