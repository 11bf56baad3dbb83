/**
 * PayloadRegexDecoder: matches each message's payload against an RE2 regular expression with named
 * captures and fills in the message from them (Heka's plugins/payload/payloadregex_decoder.go): the
 * `Timestamp` capture sets the timestamp, the `Severity` capture the severity (through severity_map),
 * and message_fields sets headers and adds fields, interpolating `%capture%`.
 */
import { type DecoderPack, definePlugin, type Logger, type Message, PluginConfigError } from '@heka/core';
import { loadLocation } from '@heka/go-time';
import { MessageTemplate } from '@heka/message-template';
import { compileRe2 } from '@heka/re2';
import { TimestampReader } from './timestamp.js';

export type PayloadRegexDecoderConfig = {
  match_regex: string;
  message_fields: Record<string, string>;
  severity_map: Record<string, number>;
  timestamp_layout: string;
  timestamp_location: string;
  log_errors: boolean;
};

const MAX_LOGGED_PAYLOAD = 500;

function shorten(s: string): string {
  return s.length > MAX_LOGGED_PAYLOAD ? `${s.slice(0, MAX_LOGGED_PAYLOAD)}…` : s;
}

/** Compiles match_regex; returns it with the group number of every capture name (and "1", "2", ...). */
function compileRegex(pattern: string): { regexp: RegExp; groups: Map<string, number> } {
  let re: ReturnType<typeof compileRe2>;
  try {
    re = compileRe2(pattern);
  } catch (e) {
    throw new PluginConfigError(`match_regex: PayloadRegexDecoder: ${(e as Error).message}`);
  }
  if (re.groupNames.length <= 1) {
    throw new PluginConfigError('match_regex: PayloadRegexDecoder regex must contain capture groups');
  }
  // As Heka's capture map: unnamed groups by number; a repeated name means its last group.
  const groups = new Map<string, number>();
  re.groupNames.forEach((name, i) => {
    if (i > 0) groups.set(name ?? String(i), i);
  });
  return { regexp: re.regexp, groups };
}

export default definePlugin<'decoder', PayloadRegexDecoderConfig>({
  type: 'PayloadRegexDecoder',
  kind: 'decoder',
  description: 'Parses the payload with an RE2 regex and builds headers and fields from its named captures.',
  configSchema: {
    type: 'object',
    required: ['match_regex'],
    properties: {
      match_regex: {
        type: 'string',
        description: 'RE2 regular expression with capture groups, matched against the payload.',
      },
      message_fields: {
        type: 'object',
        additionalProperties: { type: 'string' },
        default: {},
        description:
          'Headers (Logger, Type, Payload, Hostname, Pid, Severity, Uuid) and fields ("name" or ' +
          '"name|representation") to set; %name% is replaced by the capture of that name.',
      },
      severity_map: {
        type: 'object',
        additionalProperties: { type: 'integer', minimum: -2147483648, maximum: 2147483647 },
        default: {},
        description: 'Severity capture text to severity number (e.g. error = 3); unmapped text must be a number.',
      },
      timestamp_layout: {
        type: 'string',
        default: '',
        description:
          'Go time layout of the Timestamp capture, or Epoch, EpochMilli, EpochMicro, EpochNano; ' +
          "Go's predefined layouts are tried when it does not fit.",
      },
      timestamp_location: {
        type: 'string',
        default: 'UTC',
        description: 'IANA time zone of timestamps that carry no zone (e.g. "America/Los_Angeles").',
      },
      log_errors: {
        type: 'boolean',
        default: true,
        description: 'A payload that does not match is a decode failure; false drops it silently.',
      },
    },
  },
  create(config, ctx) {
    const { regexp, groups } = compileRegex(config.match_regex);
    let location: ReturnType<typeof loadLocation>;
    try {
      location = loadLocation(config.timestamp_location);
    } catch (e) {
      throw new PluginConfigError(
        `timestamp_location: PayloadRegexDecoder unknown timestamp_location '${config.timestamp_location}': ${(e as Error).message}`,
      );
    }
    let timestamps: TimestampReader;
    try {
      timestamps = new TimestampReader(config.timestamp_layout, location);
    } catch (e) {
      throw new PluginConfigError(`timestamp_layout: ${(e as Error).message}`);
    }
    // Heka removed the Severity capture once used: `%Severity%` in a template reads "<Severity>".
    const templateGroups = new Map(groups);
    templateGroups.delete('Severity');
    const template = new MessageTemplate(config.message_fields, templateGroups);
    const severityMap = new Map(Object.entries(config.severity_map));
    const tsGroup = groups.get('Timestamp') ?? 0;
    const sevGroup = groups.get('Severity') ?? 0;
    const logErrors = config.log_errors;
    const logger: Logger = ctx.logger;

    const setTimestamp = (m: Message, text: string): void => {
      try {
        m.timestamp = timestamps.read(text);
      } catch {
        // Heka logged this and stored Go's zero time (year 1754 once converted); the message keeps its time here.
        logger.error(`Don't recognize Timestamp: '${text}'`);
      }
    };
    const setSeverity = (m: Message, text: string): void => {
      const mapped = severityMap.get(text);
      if (mapped !== undefined) {
        m.severity = mapped;
        return;
      }
      if (/^[+-]?[0-9]+$/.test(text)) {
        const n = Number(text);
        if (n >= -2147483648 && n <= 2147483647) {
          m.severity = n;
          return;
        }
      }
      logger.error(`Don't recognize severity: '${text}'`);
    };

    return {
      decode(pack: DecoderPack) {
        const m = pack.message;
        const caps = regexp.exec(m.payload);
        if (caps === null) {
          if (!logErrors) return null; // Heka dropped the message without an error
          throw new Error(`No match: ${shorten(m.payload)}`);
        }
        if (tsGroup > 0) setTimestamp(m, caps[tsGroup] ?? '');
        if (sevGroup > 0) setSeverity(m, caps[sevGroup] ?? '');
        template.apply(m, caps);
        return m;
      },
    };
  },
});
