/**
 * The shipped decoders in a real pipeline: [dec] type = "SandboxDecoder", filename =
 * "lua_decoders/<name>.lua", share_dir = this package's lua/ directory, as a Heka user configures them.
 */
import type { Message } from '@heka/core';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeWith, fixture, fixtureLines, stopAll } from './helpers.js';

afterEach(stopAll);

const field = (m: Message | undefined, name: string) => m?.getField(name)?.toJSON();
const year = new Date().getUTCFullYear();

describe('nginx_access.lua', () => {
  const log_format =
    '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"';

  it('decodes a combined access log with the user agent transformed', async () => {
    const lines = fixtureLines('nginx/combined.log');
    const p = await decodeWith('nginx_access', { log_format, type: 'combined', user_agent_transform: true }, lines);
    const got = await p.waitFor(lines.length);
    const [m] = got;
    expect(m?.type).toBe('combined');
    expect(m?.timestamp).toBe(1795501524000000000n);
    expect(m?.payload).toBe('');
    expect(m?.logger).toBe('feed');
    expect(field(m, 'remote_addr')).toEqual({
      name: 'remote_addr',
      valueType: 'string',
      representation: 'ipv4',
      value: ['93.184.216.34'],
    });
    expect(field(m, 'status')).toEqual({ name: 'status', valueType: 'double', representation: '', value: [200] });
    expect(field(m, 'body_bytes_sent')).toMatchObject({ valueType: 'double', representation: 'B', value: [612] });
    expect(field(m, 'user_agent_browser')?.value).toEqual(['Firefox']);
    expect(field(m, 'user_agent_version')).toMatchObject({ valueType: 'double', value: [120] });
    expect(field(m, 'user_agent_os')?.value).toEqual(['Linux']);
    expect(m?.getField('http_user_agent')).toBeUndefined();
    expect(m?.getField('time')).toBeUndefined();
    expect(field(got[3], 'remote_addr')).toMatchObject({ representation: 'ipv6' });
    expect(got[8]?.timestamp).toBe(BigInt(Date.parse('2026-11-24T06:29:55-08:00')) * 1_000_000n);
  });

  it('keeps the payload and the agent as asked, and counts a bad line as a decode failure', async () => {
    const lines = fixtureLines('nginx/combined.log').slice(5, 7);
    const p = await decodeWith(
      'nginx_access',
      { log_format, user_agent_transform: true, user_agent_conditional: true, payload_keep: true },
      ['bogus message', ...lines],
    );
    const got = await p.waitFor(2);
    await p.waitForLog(/decode failed: Failed parsing: {2}payload: bogus message/);
    expect(got[0]?.payload).toBe(lines[0]);
    expect(got[0]?.getFieldValue('http_user_agent')).toBe('kube-probe/1.28'); // not recognised: kept
    expect(got[0]?.getField('user_agent_browser')).toBeUndefined();
    expect(p.pipeline.decoderStats.get('feed-dec')?.failures).toBe(1);
  });

  it('fails to start without a log_format', async () => {
    await expect(decodeWith('nginx_access', {}, [])).rejects.toThrow(/log_format must be set/);
  });
});

describe('apache_access.lua', () => {
  it('decodes the combined LogFormat into the nginx field names', async () => {
    const lines = fixtureLines('apache/combined.log');
    const p = await decodeWith(
      'apache_access',
      {
        log_format: '%h %l %u %t \\"%r\\" %>s %b \\"%{Referer}i\\" \\"%{User-Agent}i\\"',
        user_agent_transform: true,
        user_agent_keep: true,
      },
      lines,
    );
    const got = await p.waitFor(lines.length);
    expect(got[0]?.timestamp).toBe(971211336000000000n);
    expect(
      got[0]
        ?.toJSON()
        .fields.map((f) => f.name)
        .sort(),
    ).toEqual([
      'body_bytes_sent',
      'http_referer',
      'http_user_agent',
      'remote_addr',
      'remote_user',
      'request',
      'status',
    ]);
    expect(got[5]?.getFieldValue('user_agent_browser')).toBe('MSIE');
    expect(got[5]?.getFieldValue('http_user_agent')).toContain('MSIE 8.0');
    expect(field(got[5], 'body_bytes_sent')).toMatchObject({ representation: 'B', value: [0] });
  });
});

describe('nginx_error.lua', () => {
  it('decodes the error log into Severity, Pid, tid/connection fields, with tz applied', async () => {
    const lines = fixtureLines('nginx/error.log');
    const p = await decodeWith('nginx_error', { tz: 'America/Los_Angeles' }, lines);
    const got = await p.waitFor(lines.length);
    const m = got[2];
    expect(m?.type).toBe('nginx.error');
    expect(m?.severity).toBe(3);
    expect(m?.pid).toBe(29);
    expect(m?.timestamp).toBe(BigInt(Date.parse('2026-11-24T06:26:17-08:00')) * 1_000_000n);
    expect(field(m, 'tid')).toMatchObject({ valueType: 'double', value: [29] });
    expect(field(m, 'connection')).toMatchObject({ valueType: 'double', value: [1553] });
    expect(m?.payload).toMatch(/^open\(\) "\/usr\/share\/nginx\/html\/robots.txt" failed/);
    expect(got.map((x) => x.severity)).toEqual([5, 5, 3, 6, 3, 4, 2, 0, 1, 7]);
  });

  it('uses the type and payload_keep options', async () => {
    const [line] = fixtureLines('nginx/error.log');
    const p = await decodeWith('nginx_error', { type: 'ngx', payload_keep: true }, [line as string]);
    const [m] = await p.waitFor(1);
    expect(m?.type).toBe('ngx');
    expect(m?.payload).toBe(line);
    expect(m?.timestamp).toBe(BigInt(Date.parse('2026-11-24T06:25:24Z')) * 1_000_000n);
  });
});

describe('nginx_stub_status.lua', () => {
  it('decodes the status page', async () => {
    const p = await decodeWith('nginx_stub_status', { payload_keep: true }, [fixture('nginx/stub_status.txt')]);
    const [m] = await p.waitFor(1);
    expect(m?.type).toBe('nginx_stub_status');
    expect(m?.payload).toBe(fixture('nginx/stub_status.txt'));
    const values = Object.fromEntries(m?.toJSON().fields.map((f) => [f.name, f.value[0]]) ?? []);
    expect(values).toEqual({
      connections: 291,
      accepts: 16630948,
      handled: 16630948,
      requests: 31070465,
      reading: 6,
      writing: 179,
      waiting: 106,
    });
  });
});

describe('rsyslog.lua', () => {
  it('decodes RSYSLOG_TraditionalFileFormat lines', async () => {
    const lines = fixtureLines('syslog/traditional.log').map((l) => `${l}\n`);
    const p = await decodeWith(
      'rsyslog',
      {
        type: 'RSYSLOG_TraditionalFileFormat',
        template: '%TIMESTAMP% %HOSTNAME% %syslogtag%%msg:::sp-if-no-1st-sp%%msg:::drop-last-lf%\\n',
        tz: 'America/Los_Angeles',
      },
      lines,
    );
    const got = await p.waitFor(lines.length);
    const m = got[1];
    expect(m?.toJSON()).toMatchObject({
      type: 'RSYSLOG_TraditionalFileFormat',
      hostname: 'web-01',
      pid: 1123,
      payload:
        'Accepted publickey for deploy from 198.51.100.7 port 52214 ssh2: ED25519 SHA256:pZ2p6l3cXH1kQ0xw7u2x5yXq0m3m7aV0f4gS3lYzW1c',
      fields: [{ name: 'programname', valueType: 'string', value: ['sshd'] }],
    });
    expect(m?.timestamp).toBe(BigInt(Date.parse(`${year}-11-24T06:25:14-08:00`)) * 1_000_000n);
    expect(got[4]?.pid).toBe(0); // sudo logs no [pid]
  });

  it('decodes RSYSLOG_ForwardFormat: Severity and syslogfacility from PRI; hostname_keep', async () => {
    const lines = fixtureLines('syslog/forward.log');
    const p = await decodeWith(
      'rsyslog',
      {
        template: '<%PRI%>%TIMESTAMP:::date-rfc3339% %HOSTNAME% %syslogtag:1:32%%msg:::sp-if-no-1st-sp%%msg%',
        hostname_keep: true,
      },
      lines,
    );
    const got = await p.waitFor(lines.length);
    expect(got.map((m) => m.severity)).toEqual([6, 5, 0, 7]);
    expect(got.map((m) => m.getFieldValue('syslogfacility'))).toEqual([10, 1, 0, 23]);
    expect(field(got[0], 'syslogfacility')).toMatchObject({ valueType: 'double' });
    expect(got[0]?.hostname).toBe('input-host');
    // (seconds + 0.000001) * 1e9 in doubles, as Heka computed it
    expect(got[0]?.timestamp).toBe(BigInt((Date.parse('2026-11-24T06:25:14-08:00') / 1000 + 0.000001) * 1e9));
  });
});

describe('syslog.lua', () => {
  it('decodes RFC 5424 and RFC 3164 messages', async () => {
    const lines = [...fixtureLines('syslog/rfc5424.log'), ...fixtureLines('syslog/rfc3164.log'), 'garbage'];
    const p = await decodeWith('syslog', {}, lines);
    const got = await p.waitFor(lines.length - 1);
    expect(got[2]?.toJSON()).toMatchObject({
      type: 'syslog',
      hostname: 'mymachine.example.com',
      severity: 5,
      payload: 'An application event log entry...',
    });
    expect(got[2]?.getFieldValue('structured-data')).toBe(
      '[exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"]',
    );
    expect(got[2]?.getFieldValue('msgid')).toBe('ID47');
    expect(got[2]?.getFieldValue('syslogfacility')).toBe(20);
    expect(got[1]?.pid).toBe(8710);
    expect(got[4]?.payload).toBe('GET / 200'); // BOM removed
    expect(got[6]?.toJSON()).toMatchObject({
      hostname: 'mymachine',
      severity: 2,
      payload: "'su root' failed for lonvick on /dev/pts/8",
    });
    expect(got[6]?.timestamp).toBe(BigInt(Date.parse(`${year}-10-11T22:14:15Z`)) * 1_000_000n);
    expect(got[9]?.toJSON()).toMatchObject({
      pid: 1123,
      payload: 'Connection closed by 203.0.113.9 port 40022 [preauth]',
    });
    expect(got[9]?.getFieldValue('programname')).toBe('sshd');
    await p.waitForLog(/decode failed: Failed parsing: {2}payload: garbage/);
  });
});

describe('json.lua', () => {
  it('maps headers, converts the timestamp and flattens with maximum_depth and separator', async () => {
    const lines = fixtureLines('json/app.log');
    const p = await decodeWith(
      'json',
      {
        map_fields: true,
        Severity: 'severity',
        Hostname: 'hostname',
        Timestamp: 'time',
        maximum_depth: 2,
        separator: '-',
        timestamp_format: '%m/%d/%Y %H:%M:%S',
      },
      lines,
    );
    const got = await p.waitFor(2);
    await p.waitForLog(/decode failed: Failed parsing: Failed to decode timestamp\./);
    await p.waitForLog(/decode failed: Failed parsing: Failed to decode JSON\./);
    const m = got[0];
    expect(m?.type).toBe('json');
    expect(m?.severity).toBe(3);
    expect(m?.hostname).toBe('wyrd.local');
    expect(m?.timestamp).toBe(1399475544000000000n);
    expect(m?.getFieldValue('msg')).toBe('message');
    expect(m?.getFieldValue('nested1-field')).toBe('{"nested2":"value"}');
    const n = got[1];
    expect(field(n, 'status')).toMatchObject({ valueType: 'double', value: [200] });
    expect(field(n, 'ok')).toMatchObject({ valueType: 'bool', value: [true] });
    expect(n?.getFieldValue('tags-1')).toBe('a');
    expect(n?.getField('user')).toBeUndefined(); // null is dropped
    expect(n?.hostname).toBe('input-host'); // no hostname key: the input's stays
  });

  it('takes nanosecond timestamps as they are, keeps the payload, and uses the type option', async () => {
    const payload = '{"ts":1399475544000000000,"Type":"x","msg":"hi","nested":{"a":{"b":1}}}';
    const p = await decodeWith('json', { type: 'app', payload_keep: true, Timestamp: 'ts' }, [payload]);
    const [m] = await p.waitFor(1);
    expect(m?.toJSON()).toMatchObject({ type: 'app', payload, timestamp: '1399475544000000000' });
    expect(m?.getFieldValue('Type')).toBe('x');
    expect(m?.getFieldValue('nested.a.b')).toBe(1);
  });
});

describe('mysql_slow_query.lua and mariadb_slow_query.lua', () => {
  const split = (text: string) => text.split(/\n(?=# User@Host:)/).map((r, i, a) => (i < a.length - 1 ? `${r}\n` : r));

  it('decodes MySQL records and truncates the SQL', async () => {
    const records = [...split(fixture('mysql/slow-5.5.log')), ...split(fixture('mysql/slow-8.0.log')).slice(1)];
    const p = await decodeWith('mysql_slow_query', { truncate_sql: 20 }, records);
    const got = await p.waitFor(4);
    const m = got[0];
    expect(m?.toJSON()).toMatchObject({
      type: 'mysql.slow-query',
      hostname: '127.0.0.1',
      timestamp: '1399500744000000000',
      payload: '/* [queryName=FIND_I...',
    });
    expect(field(m, 'Query_time')).toEqual({
      name: 'Query_time',
      valueType: 'double',
      representation: 's',
      value: [2.964652],
    });
    expect(field(m, 'Rows_examined')).toMatchObject({ valueType: 'double', value: [9773] });
    expect(got[2]?.hostname).toBe('10.0.0.12');
    expect(got[3]?.hostname).toBe('localhost');
    expect(p.pipeline.decoderStats.get('feed-dec')?.failures).toBe(2); // the lone "# Time:" and the admin command
  });

  it('decodes MariaDB records with their extra fields', async () => {
    const records = split(fixture('mysql/mariadb-slow.log')).slice(1);
    const p = await decodeWith('mariadb_slow_query', {}, records);
    const got = await p.waitFor(2);
    expect(got[0]?.type).toBe('mariadb.slow-query');
    expect(got[0]?.payload).toBe('/* [queryName=FIND_ITEMS] */ SELECT *\nFROM widget\nWHERE id = 10;\n');
    expect(field(got[0], 'QC_hit')).toMatchObject({ valueType: 'string', value: ['No'] });
    expect(field(got[0], 'Merge_passes')).toMatchObject({ valueType: 'double', value: [3] });
    expect(got[1]?.getFieldValue('Schema')).toBe('shop_prod');
  });
});

describe('Linux /proc decoders (files captured from a real machine)', () => {
  it('linux_loadavg.lua', async () => {
    const p = await decodeWith('linux_loadavg', {}, ['0.00 0.01 0.05 3/153 660\n', fixture('proc/loadavg')], {
      extra: { fields: [{ name: 'FilePath', value: '/proc/loadavg' }] },
    });
    const got = await p.waitFor(2);
    expect(got[0]?.toJSON()).toMatchObject({
      type: 'stats.loadavg',
      fields: expect.arrayContaining([
        { name: '1MinAvg', valueType: 'double', representation: '', value: [0] },
        { name: '5MinAvg', valueType: 'double', representation: '', value: [0.01] },
        { name: '15MinAvg', valueType: 'double', representation: '', value: [0.05] },
        { name: 'NumProcesses', valueType: 'double', representation: '', value: [3] },
        { name: 'FilePath', valueType: 'string', representation: '', value: ['/proc/loadavg'] },
      ]),
    });
    const real = fixture('proc/loadavg').split(' ');
    expect(got[1]?.getFieldValue('15MinAvg')).toBe(Number(real[2]));
  });

  it('linux_memstats.lua', async () => {
    const text = fixture('proc/meminfo');
    const p = await decodeWith('linux_memstats', { payload_keep: true }, [text]);
    const [m] = await p.waitFor(1);
    expect(m?.type).toBe('stats.memstats');
    expect(m?.payload).toBe(text);
    const total = Number(/MemTotal:\s+(\d+)/.exec(text)?.[1]);
    expect(field(m, 'MemTotal')).toEqual({
      name: 'MemTotal',
      valueType: 'double',
      representation: 'kB',
      value: [total],
    });
    expect(field(m, 'HugePages_Total')).toMatchObject({ representation: '', valueType: 'double' });
    expect(m?.fields.length).toBe(text.trim().split('\n').length);
  });

  it('linux_diskstats.lua (11 columns, and the 17 of current kernels)', async () => {
    const p = await decodeWith(
      'linux_diskstats',
      {},
      [
        '   13903    11393   969224    49444    10780    10161  1511920     4104        0     5064    53468\n',
        fixture('proc/diskstats_vda'),
      ],
      {
        extra: {
          fields: [
            { name: 'FilePath', value: '/sys/block/sda/stat' },
            { name: 'TickerInterval', value: 2n },
          ],
        },
      },
    );
    const got = await p.waitFor(2);
    expect(got[0]?.type).toBe('stats.diskstats');
    expect(field(got[0], 'ReadsCompleted')).toMatchObject({ valueType: 'double', value: [13903] });
    expect(got[0]?.getFieldValue('WeightedTimeDoingIO')).toBe(53468);
    expect(field(got[0], 'TickerInterval')).toMatchObject({ valueType: 'double', value: [2] });
    expect(got[0]?.getField('DiscardsCompleted')).toBeUndefined();
    const cols = fixture('proc/diskstats_vda').trim().split(/\s+/).map(Number);
    expect(got[1]?.getFieldValue('FlushesCompleted')).toBe(cols[15]);
    expect(got[1]?.getFieldValue('TimeFlushing')).toBe(cols[16]);
  });

  it('linux_netdev.lua injects one message per interface with INTEGER counters', async () => {
    const text = fixture('proc/net_dev');
    const ifaces = text.trim().split('\n').slice(2);
    const p = await decodeWith('linux_netdev', {}, [text], {
      extra: { fields: [{ name: 'FilePath', value: '/proc/net/dev' }] },
    });
    const got = await p.waitFor(ifaces.length);
    expect(got.map((m) => m.getFieldValue('netdevice'))).toEqual(ifaces.map((l) => l.split(':')[0]?.trim()));
    const lo = got[0];
    expect(lo?.type).toBe('stats.netdev');
    expect(field(lo, 'receive_bytes')).toMatchObject({ valueType: 'integer' });
    expect(lo?.getFieldValue('receive_bytes')).toBe(Number(ifaces[0]?.split(':')[1]?.trim().split(/\s+/)[0]));
    expect(lo?.toJSON().fields.map((f) => f.name)).toEqual(
      expect.arrayContaining(['transmit_carrier', 'transmit_compressed', 'receive_multicast', 'FilePath']),
    );
    expect(lo?.fields.length).toBe(18);
  });

  it('linux_netstat.lua (/proc/net/snmp with its negative MaxConn, /proc/net/netstat)', async () => {
    const p = await decodeWith('linux_netstat', {}, [fixture('proc/net_snmp'), fixture('proc/net_netstat')]);
    const got = await p.waitFor(2);
    expect(got[0]?.type).toBe('stats.netstat');
    expect(field(got[0], 'Tcp_MaxConn')).toMatchObject({ valueType: 'integer', value: [-1] });
    expect(field(got[0], 'Ip_DefaultTTL')).toMatchObject({ valueType: 'integer', value: [64] });
    expect(got[0]?.getField('Udp_InDatagrams')).toBeDefined();
    expect(got[1]?.getField('TcpExt_SyncookiesSent')).toBeDefined();
  });

  it('linux_procstat.lua gives one DOUBLE array per line', async () => {
    const text = fixture('proc/stat');
    const p = await decodeWith('linux_procstat', {}, [text, 'bogus']);
    const [m] = await p.waitFor(1);
    expect(m?.type).toBe('stats.procstat');
    const cpu = text.split('\n')[0]?.split(/\s+/).slice(1).map(Number);
    expect(field(m, 'cpu')).toEqual({ name: 'cpu', valueType: 'double', representation: '', value: cpu });
    expect(field(m, 'ctxt')?.value).toHaveLength(1);
    expect(m?.getField('cpu1')).toBeDefined();
    await p.waitForLog(/decode failed: Failed parsing: {2}payload: bogus/);
  });
});
