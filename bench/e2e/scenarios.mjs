// The scenarios, named as in Vector's test harness. Each says what the load is, how it enters the
// subject (TCP or a log file) and how the sink counts and checks what comes out.
import { RELAY_TYPES } from './lib/workload.mjs';

export const SCENARIOS = {
  tcp_to_blackhole: {
    what: 'Apache lines over TCP, split into messages, discarded (counted)',
    workload: 'lines',
    input: 'tcp',
    sink: { mode: 'tally', ports: 1 },
  },
  tcp_to_tcp: {
    what: 'Apache lines over TCP, forwarded line by line over TCP',
    workload: 'lines',
    input: 'tcp',
    sink: { mode: 'lines', ports: 1 },
  },
  regex_parsing: {
    what: 'Apache lines over TCP, parsed with a regex into fields, forwarded as JSON lines over TCP',
    workload: 'lines',
    input: 'tcp',
    sink: { mode: 'json', ports: 1 },
  },
  file_to_tcp: {
    what: 'An Apache log file read from the start, forwarded line by line over TCP',
    workload: 'lines',
    input: 'file',
    sink: { mode: 'lines', ports: 1 },
  },
  protobuf_relay: {
    what: 'Framed Heka protobuf over TCP, routed by Type (matchers) to 3 TCP outputs, bytes unchanged',
    workload: 'protobuf',
    input: 'tcp',
    sink: { mode: 'heka', ports: 3, types: RELAY_TYPES },
  },
  lua_decode: {
    what: 'Apache lines over TCP, parsed by a Lua sandbox decoder, forwarded as JSON lines over TCP',
    workload: 'lines',
    input: 'tcp',
    sink: { mode: 'json', ports: 1 },
  },
};

/** The regex of regex_parsing, in RE2/PCRE syntax with named groups (ERE variant in systems/rsyslog.mjs). */
export const APACHE_REGEX =
  '^(?P<host>\\S+) \\S+ (?P<user>\\S+) \\[(?P<timestamp>[^\\]]+)\\] "(?P<method>\\S+) (?P<path>\\S+) (?P<protocol>[^"]*)" (?P<status>\\d{3}) (?P<bytes>\\d+) "(?P<referer>[^"]*)" "(?P<agent>[^"]*)"';
export const APACHE_FIELDS = [
  'host',
  'user',
  'timestamp',
  'method',
  'path',
  'protocol',
  'status',
  'bytes',
  'referer',
  'agent',
];
