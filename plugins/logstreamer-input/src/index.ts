/**
 * LogstreamerInput: tails the files of one or more logstreams (sequences of rotated files found by a
 * regex with named captures), through rotation, with journals for restarts.
 */
import { definePlugin } from '@heka/core';
import {
  LOGSTREAMER_COMMON_DEFAULTS,
  LOGSTREAMER_SCHEMA,
  type LogstreamerConfig,
  LogstreamerConfigError,
  prepareSettings,
  scanLogstreams,
} from '@heka/logstreamer';
import { LogstreamerInput } from './input.js';

export default definePlugin({
  type: 'LogstreamerInput',
  kind: 'input',
  description: 'Tails logstreams (sequences of rotated log files) through rotation, resuming from journals.',
  configSchema: LOGSTREAMER_SCHEMA,
  commonDefaults: LOGSTREAMER_COMMON_DEFAULTS,
  async create(config, ctx) {
    // The runtime validated the section against LOGSTREAMER_SCHEMA and applied its defaults.
    const settings = prepareSettings(config as unknown as LogstreamerConfig, {
      name: ctx.name,
      hostname: ctx.globals.hostname,
      resolveJournal: (p) => ctx.resolvePath('base', p),
    });
    // Heka's Init scans once: a logstream that cannot be ordered is a configuration error.
    const first = await scanLogstreams(settings);
    if (first.errors.length > 0) throw new LogstreamerConfigError('priority', first.errors.join('; '));
    return new LogstreamerInput(settings, ctx.logger, first);
  },
});

export { LogstreamerInput, MAX_OPEN_FILES } from './input.js';
