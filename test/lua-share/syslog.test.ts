/** syslog, syslog_message, mysql, postfix and util in the sandbox, on real-world records. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, fixtureLines, type LuaFn, luaFunction } from './helpers.js';

const TRADITIONAL = '%TIMESTAMP% %HOSTNAME% %syslogtag%%msg:::sp-if-no-1st-sp%%msg:::drop-last-lf%\\n';
const FILE_FORMAT = '%TIMESTAMP:::date-rfc3339% %HOSTNAME% %syslogtag%%msg:::sp-if-no-1st-sp%%msg:::drop-last-lf%';
const FORWARD = '<%PRI%>%TIMESTAMP:::date-rfc3339% %HOSTNAME% %syslogtag:1:32%%msg:::sp-if-no-1st-sp%%msg%';
const RFC5424 =
  '<%PRI%>%PROTOCOL-VERSION% %TIMESTAMP:::date-rfc3339% %HOSTNAME% %APP-NAME% %PROCID% %MSGID% %STRUCTURED-DATA% %msg%';

let rsyslog: LuaFn;
let program: LuaFn;
let mysql: LuaFn;
let postfix: LuaFn;
let util: LuaFn;

beforeAll(async () => {
  rsyslog = await luaFunction(`
    local syslog = require "syslog"
    local cache = {}
    return function(input)
      local template, line = string.match(input, "^(.-)\\1(.*)$")
      local g = cache[template] or syslog.build_rsyslog_grammar(template)
      cache[template] = g
      return g:match(line)
    end`);
  program = await luaFunction(`
    local sm = require "syslog_message"
    return function(input)
      local prog, msg = string.match(input, "^(.-)\\1(.*)$")
      local g = sm.get_prog_grammar(prog) or sm.get_wildcard_grammar(prog)
      return g:match(msg)
    end`);
  mysql = await luaFunction(`
    local mysql = require "mysql"
    return function(input)
      local name, record = string.match(input, "^(.-)\\1(.*)$")
      return mysql[name]:match(record)
    end`);
  postfix = await luaFunction(`
    local pf = require "postfix"
    return function(input)
      local prog, msg = string.match(input, "^(.-)\\1(.*)$")
      return pf.postfix_match(prog, msg, true)
    end`);
  util = await luaFunction(`
    local util = require "util"
    return function()
      local t = {toplevel = 0, struct = {item0 = 0, item2 = {nested = "n1"}}, list = {"a", "b"}}
      local a, b, c = {}, {}, {}
      util.table_to_fields(t, a)
      util.table_to_fields(t, b, nil, "_", 2)
      util.table_to_fields({x = {y = 1}}, c, "p.q", ".", 3)
      local arr = {"a", "b", "c", "d", "e"}
      util.behead_array(3, arr)
      local all = {"a", "b"}
      util.behead_array(9, all)
      return a, b, c, arr, #all
    end`);
});
afterAll(() => {
  for (const f of [rsyslog, program, mysql, postfix, util]) f?.close();
});

const year = new Date().getUTCFullYear();
const at = (iso: string): number => Date.parse(iso) * 1e6;

describe('build_rsyslog_grammar', () => {
  it('RSYSLOG_TraditionalFileFormat', () => {
    const rows = fixtureLines('syslog/traditional.log').map((l) => rsyslog(`${TRADITIONAL}\u0001${l}\n`)[0]);
    expect(rows[0]).toEqual({
      timestamp: at(`${year}-11-24T06:25:01Z`),
      hostname: 'web-01',
      syslogtag: { programname: 'CRON', pid: 20758 },
      msg: '(root) CMD (   cd / && run-parts --report /etc/cron.hourly)',
    });
    expect(rows[5]).toMatchObject({ timestamp: at(`${year}-11-04T06:27:02Z`), syslogtag: { programname: 'kernel' } });
    expect(rows[6]).toMatchObject({ syslogtag: { programname: 'postfix/smtpd', pid: 2231 } });
    for (const r of rows) expect(r).not.toBeNull();
  });

  it('RSYSLOG_FileFormat (RFC 3339 times with fractions and offsets)', () => {
    const rows = fixtureLines('syslog/file_format.log').map((l) => rsyslog(`${FILE_FORMAT}\u0001${l}`)[0]);
    expect(rows[1]).toEqual({
      timestamp: (Date.parse('2026-11-24T06:25:14-08:00') / 1000 + 0.000001) * 1e9,
      hostname: 'web-01',
      syslogtag: { programname: 'sshd', pid: 1123 },
      msg: 'Failed password for invalid user admin from 203.0.113.9 port 40022 ssh2',
    });
    expect(rows[2]).toMatchObject({ timestamp: (Date.parse('2026-11-24T06:27:02+01:00') / 1000 + 0.5) * 1e9 });
  });

  it('RSYSLOG_ForwardFormat splits PRI into facility and severity', () => {
    const rows = fixtureLines('syslog/forward.log').map((l) => rsyslog(`${FORWARD}\u0001${l}`)[0]);
    expect(rows.map((r) => (r as { pri: unknown }).pri)).toEqual([
      { facility: 10, severity: 6 },
      { facility: 1, severity: 5 },
      { facility: 0, severity: 0 },
      { facility: 23, severity: 7 },
    ]);
  });

  it('RFC 5424 properties, structured data with escapes, and the text/number properties', () => {
    const [first, , third] = fixtureLines('syslog/rfc5424.log');
    expect(rsyslog(`${RFC5424}\u0001${first}`)[0]).toEqual({
      pri: { facility: 4, severity: 2 },
      'protocol-version': '1',
      timestamp: (Date.parse('2003-10-11T22:14:15Z') / 1000 + 0.003) * 1e9,
      hostname: 'mymachine.example.com',
      'app-name': 'su',
      procid: '-',
      msgid: 'ID47',
      'structured-data': {},
      msg: "'su root' failed for lonvick on /dev/pts/8",
    });
    expect((rsyslog(`${RFC5424}\u0001${third}`)[0] as Record<string, unknown>)['structured-data']).toEqual({
      id: 'exampleSDID@32473',
      _iut: '3',
      _eventSource: 'Application',
      _eventID: '1011',
    });
    expect(
      rsyslog('%STRUCTURED-DATA%\u0001[origin@123 name1="first value" name2="sec\\ond\\\\v[a\\]l\\"ue"]')[0],
    ).toEqual({
      'structured-data': { id: 'origin@123', _name1: 'first value', _name2: 'sec\\ond\\v[a]l"ue' },
    });
    expect(
      rsyslog(
        '%syslogseverity-text% %SYSLOGFACILITY-TEXT% %PRI-TEXT% %TIMEGENERATED:::date-mysql% %TIMEREPORTED:::date-unixtimestamp% %FROMHOST-IP% %$NOW% %$YEAR%\u0001' +
          'warning local3 kern.info<6> 20261124063000 1764052900 2001:db8::7 2014-02-10 2014',
      )[0],
    ).toEqual({
      'syslogseverity-text': 4,
      'syslogfacility-text': 19,
      'pri-text': 0,
      timegenerated: at('2026-11-24T06:30:00Z'),
      timestamp: 1764052900e9,
      'fromhost-ip': '2001:db8::7',
      $now: '2014-02-10',
      $year: '2014',
    });
  });

  it('rejects bad lines and raises on bad templates', () => {
    expect(rsyslog(`${FORWARD}\u0001<>bogus`)).toEqual([null]);
    expect(() => rsyslog('%bogus%\u0001x')).toThrow(/invalid rsyslog property: 'bogus'/);
    expect(() => rsyslog('\u0001x')).toThrow(/could not parse the rsyslog template/);
  });
});

describe('syslog_message', () => {
  it.each([
    [
      'sshd',
      'Accepted publickey for deploy from 198.51.100.7 port 52214 ssh2: ED25519 SHA256:pZ2p6l3c',
      {
        sshd_authmsg: 'Accepted',
        sshd_method: 'publickey',
        remote_user: 'deploy',
        remote_addr: { value: '198.51.100.7', representation: 'ipv4' },
        remote_port: 52214,
        sshd_info: 'ED25519 SHA256:pZ2p6l3c',
      },
    ],
    [
      'CRON',
      '(root) CMD (   cd / && run-parts --report /etc/cron.hourly)',
      {
        cron_username: 'root',
        cron_event: 'CMD',
        cron_detail: '   cd / && run-parts --report /etc/cron.hourly',
      },
    ],
    [
      'systemd-logind',
      'New session 4711 of user deploy.',
      {
        session_id: 4711,
        user_id: 'deploy',
        sd_message: 'SESSION_START',
      },
    ],
    [
      'sudo',
      '  deploy : TTY=pts/0 ; PWD=/home/deploy ; USER=root ; COMMAND=/usr/bin/systemctl restart nginx',
      {
        sudo_message: '  deploy',
        sudo_tty: 'pts/0',
        sudo_pwd: '/home/deploy',
        sudo_user: 'root',
        sudo_command: '/usr/bin/systemctl restart nginx',
      },
    ],
    [
      'dhclient',
      'DHCPACK from 10.0.0.1',
      {
        dhcp_type: 'DHCPACK',
        dhcp_server_addr: { value: '10.0.0.1', representation: 'ipv4' },
      },
    ],
    [
      'named',
      "client 192.0.2.33#53211 (www.example.com): query (cache) 'www.example.com/A/IN' denied",
      {
        dns_client_addr: { value: '192.0.2.33', representation: 'ipv4' },
        dns_client_port: 53211,
        dns_name: 'www.example.com',
        dns_message: "query (cache) 'www.example.com/A/IN' denied",
      },
    ],
    [
      'PAM',
      'pam_unix(sshd:session): session opened for user deploy by (uid=0)',
      {
        pam_module: 'pam_unix',
        pam_service: 'sshd',
        pam_type: 'session',
        pam_action: 'session opened',
        user_name: 'deploy',
        login_name: '',
        uid: 0,
      },
    ],
  ])('%s: %s', (prog, msg, want) => {
    expect(program(`${prog}\u0001${msg}`)[0]).toEqual(want);
  });

  it('returns nil for messages a program grammar does not know', () => {
    expect(program('sshd\u0001something else entirely')).toEqual([null]);
  });
});

describe('mysql', () => {
  // as RegexSplitter delimiter = '\n(# User@Host:)', delimiter_eol = false splits a log: a "# Time:"
  // line ends the record before it (the first one is a record of its own, which does not parse)
  const records = (text: string): string[] =>
    text.split(/\n(?=# User@Host:)/).map((r, i, a) => (i < a.length - 1 ? `${r}\n` : r));

  it('slow_query_grammar on a MySQL 5.5 log', () => {
    const recs = records(fixture('mysql/slow-5.5.log'));
    expect(mysql(`slow_query_grammar\u0001${recs[0]}`)).toEqual([null]);
    expect(mysql(`slow_query_grammar\u0001${recs[1]}`)[0]).toEqual({
      Hostname: '127.0.0.1',
      Timestamp: '1399500744000000000',
      Payload: '/* [queryName=FIND_ITEMS] */ SELECT *\nFROM widget\nWHERE id = 10;\n',
      Fields: {
        Query_time: { value: 2.964652, representation: 's' },
        Lock_time: { value: 0.00005, representation: 's' },
        Rows_sent: 251,
        Rows_examined: 9773,
      },
    });
    expect(mysql(`slow_query_grammar\u0001${recs[2]}`)[0]).toMatchObject({ Timestamp: '1399503088000000000' });
    // an administrator command with no statement after it is no record Heka's grammar knew
    expect(mysql(`slow_query_grammar\u0001${recs[3]}`)).toEqual([null]);
    // a record that starts with its "# Time:" line parses too
    expect(
      mysql(
        `slow_query_grammar\u0001${fixture('mysql/slow-5.5.log').split('\n# User@Host: syncrw[syncrw] @  [127.0.0.1]\n# Query_time: 7')[0]}`,
      )[0],
    ).toMatchObject({ Timestamp: '1399500744000000000' });
  });

  it('accepts the headers of MySQL 8.0 and MariaDB 10 (Id:, localhost [], extra lines)', () => {
    const recs = records(fixture('mysql/slow-8.0.log'));
    expect(mysql(`slow_query_grammar\u0001${recs[1]}`)[0]).toMatchObject({
      Hostname: '10.0.0.12',
      Timestamp: '1764052812000000000',
      Fields: { Rows_examined: 1000000 },
    });
    expect(mysql(`slow_query_grammar\u0001${recs[2]}`)[0]).toMatchObject({
      Hostname: 'localhost',
      Payload: 'UPDATE inventory SET reserved = 0\nWHERE reserved_until < NOW();\n',
    });
    const maria = records(fixture('mysql/mariadb-slow.log'));
    expect(mysql(`mariadb_slow_query_grammar\u0001${maria[1]}`)[0]).toMatchObject({
      Fields: {
        Thread_id: 110804,
        Schema: 'weave0',
        QC_hit: 'No',
        Full_scan: 'Yes',
        Tmp_table_on_disk: 'No',
        Merge_passes: 3,
      },
    });
    expect(mysql(`mariadb_slow_query_grammar\u0001${maria[2]}`)[0]).toMatchObject({
      Hostname: 'localhost',
      Fields: { Schema: 'shop_prod', Thread_id: 42 },
    });
    expect(
      mysql(
        'short_slow_query_grammar\u0001# Query_time: 2.964652  Lock_time: 0.000050 Rows_sent: 251  Rows_examined: 9773\nSET timestamp=1399500744;\nSELECT 1;\n',
      )[0],
    ).toMatchObject({ Payload: 'SELECT 1;\n', Timestamp: '1399500744000000000' });
  });
});

describe('postfix', () => {
  it('parses smtpd, qmgr and smtp messages with the key=value data split out', () => {
    expect(postfix('postfix/smtpd\u0001connect from mail-ed1-f45.google.com[209.85.208.45]')[0]).toEqual({
      postfix_client_hostname: { value: 'mail-ed1-f45.google.com', representation: 'hostname' },
      postfix_client_ip: { value: '209.85.208.45', representation: 'ipv4' },
    });
    expect(
      postfix('postfix/qmgr\u00014A1C21A0E3F: from=<alice@example.com>, size=4123, nrcpt=1 (queue active)')[0],
    ).toEqual({
      postfix_queueid: '4A1C21A0E3F',
      postfix_from: 'alice@example.com',
      postfix_size: { value: 4123, value_type: 2 },
      postfix_nrcpt: { value: 1, value_type: 2 },
    });
    expect(
      postfix(
        'postfix/smtp\u0001DA1B21A0E40: to=<bob@example.net>, relay=mx.example.net[203.0.113.25]:25, delay=1.2, delays=0.1/0.01/0.5/0.6, dsn=2.0.0, status=sent (250 2.0.0 OK 1700000000 x1-2)',
      )[0],
    ).toEqual({
      postfix_queueid: 'DA1B21A0E40',
      postfix_to: 'bob@example.net',
      postfix_relay_hostname: { value: 'mx.example.net', representation: 'hostname' },
      postfix_relay_ip: { value: '203.0.113.25', representation: 'ipv4' },
      postfix_relay_port: { value: 25, value_type: 2 },
      postfix_delay: 1.2,
      postfix_delay_before_qmgr: 0.1,
      postfix_delay_in_qmgr: 0.01,
      postfix_delay_conn_setup: 0.5,
      postfix_delay_transmission: 0.6,
      postfix_dsn: '2.0.0',
      postfix_status: 'sent',
      postfix_smtp_response: '250 2.0.0 OK 1700000000 x1-2',
    });
    expect(postfix('postfix/unknown\u0001x')).toEqual([null]);
    expect(postfix('smtpd\u0001connect from x[1.2.3.4]')).toEqual([null]);
  });
});

describe('util', () => {
  it('table_to_fields flattens with a separator and a maximum depth; behead_array shifts in place', () => {
    const [a, b, c, arr, left] = util();
    expect(a).toEqual({ toplevel: 0, 'struct.item0': 0, 'struct.item2.nested': 'n1', 'list.1': 'a', 'list.2': 'b' });
    expect(b).toEqual({ toplevel: 0, struct_item0: 0, struct_item2: '{"nested":"n1"}', list_1: 'a', list_2: 'b' });
    expect(c).toEqual({ 'p.q.x': '{"y":1}' });
    expect(arr).toEqual(['c', 'd', 'e']);
    expect(left).toBe(0);
  });
});
