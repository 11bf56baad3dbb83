/**
 * PatternGroupingSplitter (Heka 0.11): splits like a RegexSplitter but keeps delimiters, then joins
 * contiguous lines that match a grouping expression (stack traces) into one record, at most
 * max_lines lines per pass (Heka's pipeline/splitters.go PatternGroupingSplitter).
 */
import { type ConfigSchema, definePlugin, PluginConfigError } from '@heka/core';
import { compileRe2, type Re2, Re2SyntaxError } from '@heka/re2';
import { PatternGroupingSplitter } from './splitter.js';

export type PatternGroupingSplitterConfig = {
  delimiter: string;
  grouping: string;
  max_lines: number;
};

const configSchema: ConfigSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    delimiter: {
      type: 'string',
      default: '\n',
      description: 'RE2 regular expression that ends each line; it is kept at the end of the line.',
    },
    grouping: {
      type: 'string',
      default: '',
      description: 'RE2 regular expression; contiguous lines matching it are joined into one record.',
    },
    max_lines: {
      type: 'integer',
      default: 99,
      description: 'Most delimiter matches looked at per record, hence most lines per record (negative: no limit).',
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

export default definePlugin<'splitter', PatternGroupingSplitterConfig>({
  type: 'PatternGroupingSplitter',
  kind: 'splitter',
  description: 'Splits a stream into lines and keeps contiguous lines matching a pattern (stack traces) together.',
  configSchema,
  create(config, ctx) {
    const delimiter = compileOption('delimiter', config.delimiter).regexp;
    const grouping = compileOption('grouping', config.grouping).regexp;
    if (config.max_lines === 0) {
      throw new PluginConfigError('max_lines: must not be 0 (no record could ever be found); the default is 99');
    }
    return new PatternGroupingSplitter(
      new RegExp(delimiter.source, `${delimiter.flags}g`),
      grouping,
      config.max_lines < 0 ? Number.POSITIVE_INFINITY : config.max_lines,
      config.delimiter,
      config.grouping,
      ctx.logger,
    );
  },
});
