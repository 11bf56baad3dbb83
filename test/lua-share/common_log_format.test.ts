/** common_log_format in the sandbox: nginx log_format and Apache LogFormat variants on real-world lines. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureLines, type LuaFn, luaFunction } from './helpers.js';

const COMBINED =
  '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"';
const UPSTREAM =
  '$remote_addr - $remote_user [$time_iso8601] "$request" $status $body_bytes_sent $request_time ' +
  '$upstream_response_time $upstream_addr $upstream_status $upstream_response_length $upstream_cache_status "$host" $msec';
const APACHE_COMBINED = '%h %l %u %t \\"%r\\" %>s %b \\"%{Referer}i\\" \\"%{User-Agent}i\\"';

let nginx: LuaFn; // format \t line
let apache: LuaFn;
let errors: LuaFn;
let ua: LuaFn;

beforeAll(async () => {
  const build = (fn: string) => `
    local clf = require "common_log_format"
    local cache = {}
    return function(input)
      local format, line = string.match(input, "^(.-)\\1(.*)$")
      local g = cache[format] or clf.${fn}(format)
      cache[format] = g
      return g:match(line)
    end`;
  nginx = await luaFunction(build('build_nginx_grammar'));
  apache = await luaFunction(build('build_apache_grammar'));
  errors = await luaFunction(`local clf = require "common_log_format"
    return function(line) return clf.nginx_error_grammar:match(line) end`);
  ua = await luaFunction(`local clf = require "common_log_format"
    return function(s) return clf.normalize_user_agent(s) end`);
});
afterAll(() => {
  for (const f of [nginx, apache, errors, ua]) f?.close();
});

describe('build_nginx_grammar', () => {
  it('parses the combined format into typed fields', () => {
    const [line] = fixtureLines('nginx/combined.log');
    expect(nginx(`${COMBINED}\u0001${line}`)[0]).toEqual({
      remote_addr: { value: '93.184.216.34', representation: 'ipv4' },
      remote_user: '-',
      time: Date.parse('2026-11-24T06:25:24Z') * 1e6,
      request: 'GET / HTTP/1.1',
      status: 200,
      body_bytes_sent: { value: 612, representation: 'B' },
      http_referer: '-',
      http_user_agent: 'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0',
    });
  });

  it('parses every line of a real access log (IPv6 clients, escaped quotes, binary garbage, offsets)', () => {
    const lines = fixtureLines('nginx/combined.log');
    const parsed = lines.map((l) => nginx(`${COMBINED}\u0001${l}`)[0] as Record<string, unknown>);
    for (const p of parsed) expect(p).not.toBeNull();
    expect(parsed[3]?.remote_addr).toEqual({ value: '2001:db8:85a3::8a2e:370:7334', representation: 'ipv6' });
    expect(parsed[6]?.request).toBe('\\x16\\x03\\x01\\x02\\x00\\x01\\x00\\x01\\xFC\\x03\\x03');
    expect(parsed[8]?.time).toBe(Date.parse('2026-11-24T06:29:55-08:00') * 1e6);
    expect(parsed[9]?.request).toBe('GET /a\\"quoted\\"path HTTP/1.1');
  });

  it('parses upstream variables into arrays, "-" as 0, and takes $msec as the time when it comes last', () => {
    const rows = fixtureLines('nginx/upstream.log').map(
      (l) => nginx(`${UPSTREAM}\u0001${l}`)[0] as Record<string, unknown>,
    );
    expect(rows[1]).toMatchObject({
      status: 502,
      request_time: { value: 3.012, representation: 's' },
      upstream_response_time: { value: [3.001, 0.01], representation: 's' },
      upstream_addr: ['10.30.0.11:8080', '10.30.0.12:8080'],
      upstream_status: [502, 200],
      upstream_response_length: { value: [0, 166], representation: 'B' },
      upstream_cache_status: '-',
      host: { value: 'api.example.com', representation: 'hostname' },
      time: 1764048662.5e9,
    });
    expect(rows[2]).toMatchObject({
      upstream_response_time: { value: [0.118, 0], representation: 's' },
      upstream_addr: ['10.30.0.11:8080', '10.30.1.2:8080'],
      upstream_status: [200, 0],
      upstream_cache_status: 'HIT',
    });
    expect(rows[3]).toMatchObject({ upstream_addr: ['-'], upstream_response_length: '-', upstream_status: [0] });
  });

  it('knows the typed variables and treats the others as text up to the previous delimiter', () => {
    const f =
      '$host $server_port $remote_port $scheme $https $server_protocol $request_method $is_args $bytes_sent ' +
      '$request_length $nginx_version $pid $connection $connection_requests $pipe $hostname $args';
    expect(
      nginx(`${f}\u0001www.example.com 443 51234 https on HTTP/2.0 OPTIONS ? 321 88 1.24.0 4242 7 1 p web-1 a=b`)[0],
    ).toEqual({
      host: { value: 'www.example.com', representation: 'hostname' },
      server_port: 443,
      remote_port: 51234,
      scheme: 'https',
      https: 'on',
      server_protocol: 'HTTP/2.0',
      request_method: 'OPTIONS',
      is_args: '?',
      bytes_sent: { value: 321, representation: 'B' },
      request_length: { value: 88, representation: 'B' },
      nginx_version: '1.24.0',
      pid: 4242,
      connection: 7,
      connection_requests: 1,
      pipe: 'p',
      hostname: { value: 'web-1', representation: 'hostname' },
      args: 'a=b',
    });
    // a tab in the format is whitespace: text fields stop at any whitespace
    expect(nginx('$remote_addr\t$status\t$request\u00011.2.3.4\t200\tGET / HTTP/1.1')[0]).toEqual({
      remote_addr: { value: '1.2.3.4', representation: 'ipv4' },
      status: 200,
      request: 'GET',
    });
    expect(nginx('$time_iso8601\u00012014-02-10T08:46:41.5Z')[0]).toEqual({
      time: (Date.parse('2014-02-10T08:46:41Z') / 1000 + 0.5) * 1e9,
    });
    expect(nginx('$upstream_cache_last_modified\u0001Mon, 10 Feb 2014 16:46:41 GMT')[0]).toEqual({
      upstream_cache_last_modified: 1392050801e9,
    });
  });

  it('fails on lines that do not fit and raises on an empty format', () => {
    expect(nginx(`${COMBINED}\u0001bogus message`)).toEqual([null]);
    expect(
      nginx(`${COMBINED}\u000110.0.0.300 - - [10/Feb/2014:08:46:41 -0800] "GET / HTTP/1.1" 304 0 "-" "-"`),
    ).toEqual([null]);
    expect(() => nginx('\u0001x')).toThrow(/could not parse the log_format configuration/);
  });
});

describe('build_apache_grammar', () => {
  it('maps the combined LogFormat onto nginx names', () => {
    const [line] = fixtureLines('apache/combined.log');
    expect(apache(`${APACHE_COMBINED}\u0001${line}`)[0]).toEqual({
      remote_addr: { value: '127.0.0.1', representation: 'ipv4' },
      remote_user: 'frank',
      time: 971211336e9,
      request: 'GET /apache_pb.gif HTTP/1.0',
      status: 200,
      body_bytes_sent: { value: 2326, representation: 'B' },
      http_referer: 'http://www.example.com/start.html',
      http_user_agent: 'Mozilla/4.08 [en] (Win98; I ;Nav)',
    });
    for (const l of fixtureLines('apache/combined.log'))
      expect(apache(`${APACHE_COMBINED}\u0001${l}`)[0]).not.toBeNull();
  });

  it('common (%b "-" is 0), vhost_combined (%v:%p, %O) and the argument forms', () => {
    const common = fixtureLines('apache/common.log').map((l) => apache(`%h %l %u %t "%r" %>s %b\u0001${l}`)[0]);
    expect(common[2]).toMatchObject({
      request: 'OPTIONS * HTTP/1.0',
      body_bytes_sent: { value: 0, representation: 'B' },
    });
    const [vhost] = fixtureLines('apache/vhost_combined.log');
    expect(
      apache(`%v:%p %h %l %u %t \\"%r\\" %>s %O \\"%{Referer}i\\" \\"%{User-Agent}i\\"\u0001${vhost}`)[0],
    ).toMatchObject({
      server_name: { value: 'www.example.org', representation: 'hostname' },
      server_port: 443,
      response_length: { value: 455, representation: 'B' },
    });
    expect(
      apache(
        '%a %D %T %k %X %P %{remote}p %{hextid}P %{X-Forwarded-For}i %{Content-Type}o %{sid}C %{HOME}e %{msec}t %{usec_frac}t\u0001' +
          '1.2.3.4 2500 3 1 + 77 12345 ff 1.1.1.1 text/html c1 /root 1391794831755 123456',
      )[0],
    ).toEqual({
      remote_addr: { value: '1.2.3.4', representation: 'ipv4' },
      request_time: { value: 3, representation: 's' },
      connection_requests: 1,
      connection_status: '+',
      pid: 77,
      remote_port: 12345,
      tid: 255,
      http_x_forwarded_for: '1.1.1.1',
      sent_http_content_type: 'text/html',
      cookie_sid: 'c1',
      env_HOME: '/root',
      time: 1391794831755e6,
      sec_frac: 0.123456,
    });
    // %{begin:...}t: the prefix is not part of the logged time
    expect(apache('%{begin:%d/%b/%Y:%H:%M:%S %z}t\u000110/Oct/2000:13:55:36 -0700')[0]).toEqual({ time: 971211336e9 });
  });

  it('raises on unknown letters and arguments', () => {
    expect(() => apache('%Z\u0001x')).toThrow(/unknown variable: Z/);
    expect(() => apache('%{x}Z\u0001x')).toThrow(/unknown variable: Z/);
    expect(() => apache('%{bogus}p\u0001x')).toThrow(/unknown port format: bogus/);
    expect(() => apache('%{bogus}P\u0001x')).toThrow(/unknown pid format: bogus/);
  });
});

describe('nginx_error_grammar', () => {
  it('parses the error log into Timestamp, Severity, Pid, Fields and Payload', () => {
    const rows = fixtureLines('nginx/error.log').map((l) => errors(l)[0] as Record<string, unknown>);
    expect(rows[2]).toEqual({
      Timestamp: Date.parse('2026-11-24T06:26:17Z') * 1e6,
      Severity: 3,
      Pid: 29,
      Fields: { tid: 29, connection: 1553 },
      Payload:
        'open() "/usr/share/nginx/html/robots.txt" failed (2: No such file or directory), client: 2001:db8:85a3::8a2e:370:7334, server: www.example.com, request: "GET /robots.txt HTTP/1.1", host: "www.example.com"',
    });
    expect(rows.map((r) => r.Severity)).toEqual([5, 5, 3, 6, 3, 4, 2, 0, 1, 7]);
    expect(rows[0]?.Fields).toEqual({ tid: 1 });
    expect(errors('2026/11/24 13:40:38 [bogus] 1#1: x')).toEqual([null]);
  });
});

describe('normalize_user_agent', () => {
  it.each([
    ['Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:26.0) Gecko/20100101 Firefox/26.0', ['Firefox', 26, 'Linux']],
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36',
      ['Chrome', 119, 'Windows 10'],
    ],
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1',
      ['Safari', 604, 'iPhone'],
    ],
    ['Mozilla/5.0 (Mobile; rv:26.0) Gecko/26.0 Firefox/26.0', ['Firefox', 26, 'FirefoxOS']],
    ['Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 5.1; Trident/4.0)', ['MSIE', 8, 'Windows XP']],
    ['Mozilla/5.0 (Windows NT 6.1; WOW64; Trident/7.0; rv:11.0) like Gecko', [null, null, 'Windows 7']],
    ['curl/8.4.0', [null, null, null]],
  ])('%s', (s, want) => {
    expect(ua(s)).toEqual(want);
  });
});
