/**
 * LogstreamerInput's own configuration keys, with Heka's names and defaults. Shared by the plugin (its
 * configSchema) and the heka-logstreamer tool (which validates sections exactly as hekad does).
 */
import type { ConfigSchema } from '@heka/core';

const duration = (def: string, description: string) =>
  ({ type: 'string', default: def, description, 'x-heka-doc-type': 'duration' }) as const;

export const LOGSTREAMER_SCHEMA: ConfigSchema = {
  type: 'object',
  required: ['file_match'],
  properties: {
    log_directory: {
      type: 'string',
      default: '/var/log',
      minLength: 1,
      description: 'Root directory scanned (recursively) for files; it must exist.',
    },
    file_match: {
      type: 'string',
      minLength: 1,
      description:
        'RE2 regular expression with named captures, matched against each path relative to log_directory; `$` is appended when missing.',
    },
    priority: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      default: [],
      description:
        'Capture names that order a logstream\'s files oldest to newest; a leading "^" sorts that part descending.',
    },
    differentiator: {
      type: 'array',
      items: { type: 'string' },
      default: [],
      description:
        "Literals and capture names whose values, joined, name each logstream (and its messages' Logger); default: the section name.",
    },
    translation: {
      type: 'object',
      additionalProperties: { type: 'object', additionalProperties: { type: 'integer' } },
      default: {},
      description:
        'Per capture name, a map from matched text (case-insensitive) to the integer it sorts as; the key "missing" is used when the capture did not match.',
    },
    oldest_duration: duration('720h', 'Files last modified longer ago than this are ignored ("0": no limit).'),
    journal_directory: {
      type: 'string',
      default: 'logstreamer',
      minLength: 1,
      description: "Where each logstream's journal (its read position) is kept; relative paths are under base_dir.",
    },
    rescan_interval: duration('1m', 'How often log_directory is scanned for new files and logstreams.'),
    check_data_interval: duration('250ms', 'How often each logstream is checked for new data and rotation.'),
    hostname: {
      type: 'string',
      default: '',
      description: "Hostname of the messages; default: hekad's hostname.",
    },
    initial_tail: {
      type: 'boolean',
      default: false,
      description: 'For a logstream without a journal found at start, begin at the end of its newest file.',
    },
  },
};

/** Keys the runtime owns, defaulted as Heka's LogstreamerInput does. */
export const LOGSTREAMER_COMMON_DEFAULTS: Readonly<Record<string, unknown>> = Object.freeze({
  splitter: 'TokenSplitter',
});

/** The validated config (defaults applied), as the plugin's create() receives it. */
export interface LogstreamerConfig {
  log_directory: string;
  file_match: string;
  priority: string[];
  differentiator: string[];
  translation: Record<string, Record<string, number>>;
  oldest_duration: string;
  journal_directory: string;
  rescan_interval: string;
  check_data_interval: string;
  hostname: string;
  initial_tail: boolean;
}
