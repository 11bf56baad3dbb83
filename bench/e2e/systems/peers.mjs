// Real peers from Debian (see setup-peers.sh): rsyslog (imtcp/imfile → omfwd) and syslog-ng (network/file
// → network), in the foreground, unprivileged, with generated configs and a work directory in /tmp.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { APACHE_FIELDS, APACHE_REGEX } from '../scenarios.mjs';

const ROOT = join(process.env.HEKA_BENCH_PEERS ?? join(homedir(), '.cache/heka-bench/peers'), 'root');
const RSYSLOGD = join(ROOT, 'usr/sbin/rsyslogd');
const RS_MODS = join(ROOT, 'usr/lib/x86_64-linux-gnu/rsyslog');
const SYSLOG_NG = join(ROOT, 'usr/sbin/syslog-ng');
const SNG_LIB = join(ROOT, 'usr/lib/syslog-ng');
const SNG_MODS = join(SNG_LIB, '3.38');
const SETUP = 'not installed: run `sh bench/e2e/setup-peers.sh` (as root)';

/**
 * Reports a counter read by `poll()` every `ms` to the sink's tally port, as lib/tally.mjs does. A peer's
 * blackhole only gives a count: its discarded records cannot be sampled.
 */
function counterAdapter(ctx, ms, poll, note) {
  const socket = net.connect(ctx.tallyPort, '127.0.0.1');
  socket.on('error', () => {});
  let last = -1;
  const timer = setInterval(async () => {
    const n = await poll().catch(() => undefined);
    if (n === undefined || n === last) return;
    last = n;
    socket.write(`${n} 0 ${process.hrtime.bigint()}\n`);
  }, ms);
  const stop = () => {
    clearInterval(timer);
    socket.end();
  };
  return { note: `${note}; count only, records not inspectable`, stop };
}

const rsyslogString = (s) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
const ERE = '^([^ ]+) [^ ]+ ([^ ]+) \\[([^]]+)\\] "([^ ]+) ([^ ]+) ([^"]*)" ([0-9]{3}) ([0-9]+) "([^"]*)" "([^"]*)"';

function rsyslogConfig(scenario, ctx) {
  const input =
    scenario === 'file_to_tcp'
      ? `module(load="imfile")\ninput(type="imfile" file="${ctx.logFile}" tag="access" ruleset="main" freshStartTail="off")`
      : `module(load="imtcp")\ninput(type="imtcp" address="127.0.0.1" port="${ctx.inPort}" ruleset="main" supportOctetCountedFraming="off")`;
  const fwd = (template) =>
    `action(type="omfwd" target="127.0.0.1" port="${ctx.outPorts[0]}" protocol="tcp" template="${template}")`;
  const body = {
    tcp_to_blackhole: `action(type="omfile" name="blackhole" file="/dev/null" template="raw")`,
    tcp_to_tcp: fwd('raw'),
    file_to_tcp: fwd('raw'),
    regex_parsing: `${APACHE_FIELDS.map((f, k) => `set $!${f} = re_extract($rawmsg, ${rsyslogString(ERE)}, 0, ${k + 1}, "");`).join('\n  ')}\n  ${fwd('json')}`,
  }[scenario];
  const stats =
    scenario === 'tcp_to_blackhole'
      ? `module(load="impstats" interval="1" log.syslog="off" log.file="${join(ctx.dir, 'stats.log')}")\n`
      : '';
  return `global(workDirectory="${ctx.dir}" maxMessageSize="64k")
main_queue(queue.size="20000")
${stats}${input}
template(name="raw" type="string" string="%rawmsg%\\n")
template(name="json" type="string" string="%$!%\\n")
ruleset(name="main") {
  ${body}
}
`;
}

export const rsyslog = {
  name: 'rsyslog',
  unavailable(scenario) {
    if (scenario === 'protobuf_relay') return 'rsyslog has no Heka protobuf input or output';
    if (scenario === 'lua_decode') return 'rsyslog has no Lua (sandbox) decoder';
    return existsSync(RSYSLOGD) ? undefined : `rsyslogd ${SETUP}`;
  },
  prepare(scenario, ctx) {
    const conf = join(ctx.dir, 'rsyslog.conf');
    writeFileSync(conf, rsyslogConfig(scenario, ctx));
    const check = spawnSync(RSYSLOGD, ['-N1', '-f', conf, '-M', RS_MODS], { encoding: 'utf8' });
    if (check.status !== 0) return { unavailable: `rsyslogd -N1: ${(check.stderr || check.stdout).trim()}` };
    const stats = join(ctx.dir, 'stats.log');
    const processed = async () => {
      const all = [...readFileSync(stats, 'latin1').matchAll(/blackhole: origin=core\.action processed=(\d+)/g)];
      return all.length ? Number(all[all.length - 1][1]) : undefined;
    };
    return {
      command: RSYSLOGD,
      args: ['-n', '-f', conf, '-i', join(ctx.dir, 'rsyslogd.pid'), '-M', RS_MODS],
      adapter:
        scenario === 'tcp_to_blackhole'
          ? (c) => counterAdapter(c, 100, processed, 'count from impstats (1 s interval): window ends ±1 s')
          : undefined,
    };
  },
};

const MESSAGE_LINE = '$' + '{MESSAGE}\\n'; // syslog-ng's template, not a JS placeholder

function syslogNgConfig(scenario, ctx) {
  const source =
    scenario === 'file_to_tcp'
      ? `file("${ctx.logFile}" flags(no-parse) follow-freq(1) log-iw-size(20000) log-fetch-limit(1000))`
      : `network(ip("127.0.0.1") port(${ctx.inPort}) transport("tcp") flags(no-parse) max-connections(4) log-iw-size(20000) log-fetch-limit(1000))`;
  const fwd = (template) =>
    `network("127.0.0.1" port(${ctx.outPorts?.[0]}) transport("tcp") log-fifo-size(20000) template("${template}"))`;
  const json = `$(format-json ${APACHE_FIELDS.map((f) => `${f}=\${${f}}`).join(' ')})\\n`;
  const dest = {
    tcp_to_blackhole: `file("/dev/null" template("\${MESSAGE}\\n"))`,
    tcp_to_tcp: fwd(MESSAGE_LINE),
    file_to_tcp: fwd(MESSAGE_LINE),
    regex_parsing: fwd(json),
  }[scenario];
  const parser =
    scenario === 'regex_parsing' ? `parser p_apache { regexp-parser(patterns('${APACHE_REGEX}')); };\n` : '';
  return `@version: 3.38
options { time-reopen(1); stats-freq(0); keep-hostname(yes); };
source s_in { ${source}; };
${parser}destination d_out { ${dest}; };
log { source(s_in); ${parser ? 'parser(p_apache); ' : ''}destination(d_out); flags(flow-control); };
`;
}

/** The `processed` counter of destination d_out, over syslog-ng's control socket (as syslog-ng-ctl stats). */
function sngProcessed(ctl) {
  return new Promise((resolve, reject) => {
    const s = net.connect(ctl);
    let text = '';
    s.on('data', (d) => {
      text += d;
      if (!text.endsWith('.\n')) return;
      s.destroy();
      const line = text.split('\n').find((l) => l.startsWith('destination;d_out;;a;processed;'));
      resolve(line === undefined ? undefined : Number(line.split(';').pop()));
    });
    s.on('error', reject);
    s.write('STATS\n');
  });
}

export const syslogNg = {
  name: 'syslog-ng',
  unavailable(scenario) {
    if (scenario === 'protobuf_relay') return 'syslog-ng has no Heka protobuf input or output';
    if (scenario === 'lua_decode') return "syslog-ng has no Lua decoder (Debian's has no Lua module)";
    return existsSync(SYSLOG_NG) ? undefined : `syslog-ng ${SETUP}`;
  },
  prepare(scenario, ctx) {
    const conf = join(ctx.dir, 'syslog-ng.conf');
    writeFileSync(conf, syslogNgConfig(scenario, ctx));
    const env = { LD_LIBRARY_PATH: SNG_LIB };
    const ctl = join(ctx.dir, 'syslog-ng.ctl');
    const args = ['-F', '-f', conf, `--module-path=${SNG_MODS}`, `--persist-file=${join(ctx.dir, 'persist')}`];
    args.push(`--pidfile=${join(ctx.dir, 'pid')}`, `--control=${ctl}`, '--no-caps', '-e');
    const check = spawnSync(SYSLOG_NG, [...args, '--syntax-only'], {
      encoding: 'utf8',
      env: { ...process.env, ...env },
    });
    if (check.status !== 0) return { unavailable: `syslog-ng --syntax-only: ${(check.stderr || check.stdout).trim()}` };
    return {
      command: SYSLOG_NG,
      args,
      env,
      adapter:
        scenario === 'tcp_to_blackhole'
          ? (c) => counterAdapter(c, 20, () => sngProcessed(ctl), 'count from the control socket every 20 ms')
          : undefined,
    };
  },
};
