// hekad as a real process (apps/hekad/dist/cli.js) with a generated TOML config per scenario. A scenario
// runs only if every plugin type it needs is in a built package; otherwise it reports which one is not.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RELAY_TYPES } from '../lib/workload.mjs';
import { APACHE_FIELDS, APACHE_REGEX } from '../scenarios.mjs';

const ROOT = new URL('../../../', import.meta.url).pathname;
const CLI = join(ROOT, 'apps/hekad/dist/cli.js');
const PLUGIN_DIRS = [join(ROOT, 'plugins'), new URL('../plugins', import.meta.url).pathname];

const NEEDS = {
  tcp_to_blackhole: ['TcpInput', 'TokenSplitter', 'BenchBlackholeOutput'],
  tcp_to_tcp: ['TcpInput', 'TokenSplitter', 'PayloadEncoder', 'TcpOutput'],
  regex_parsing: ['TcpInput', 'TokenSplitter', 'PayloadRegexDecoder', 'JsonEncoder', 'TcpOutput'],
  file_to_tcp: ['LogstreamerInput', 'TokenSplitter', 'PayloadEncoder', 'TcpOutput'],
  protobuf_relay: ['TcpInput', 'HekaFramingSplitter', 'ProtobufDecoder', 'ProtobufEncoder', 'TcpOutput'],
  lua_decode: ['TcpInput', 'TokenSplitter', 'SandboxDecoder', 'JsonEncoder', 'TcpOutput'],
};

/** type → { dir, built } for every package under the plugin directories. */
function packages() {
  const found = new Map();
  for (const base of PLUGIN_DIRS) {
    for (const name of existsSync(base) ? readdirSync(base) : []) {
      const dir = join(base, name);
      let pkg;
      try {
        pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      } catch {
        continue;
      }
      if (!pkg.heka?.type) continue;
      const main = pkg.exports?.['.']?.import ?? pkg.exports?.['.'] ?? pkg.main ?? 'index.js';
      found.set(pkg.heka.type, { dir, main: join(dir, main), built: existsSync(join(dir, main)) });
    }
  }
  return found;
}

const q = (s) => JSON.stringify(s); // TOML basic strings accept JSON string syntax

function config(scenario, ctx) {
  const head = `[hekad]\nbase_dir = ${q(join(ctx.dir, 'base'))}\nplugin_dirs = ${q(PLUGIN_DIRS)}\nmaxprocs = 2\n${process.env.HEKAD_GLOBALS ?? ''}\n`;
  const tcpIn = (splitter, decoder) =>
    `[in]\ntype = "TcpInput"\naddress = "127.0.0.1:${ctx.inPort}"\nsplitter = ${q(splitter)}\ndecoder = ${q(decoder)}\n`;
  const out = (name, port, encoder, matcher = 'TRUE') =>
    `[${name}]\ntype = "TcpOutput"\naddress = "127.0.0.1:${port}"\nmessage_matcher = ${q(matcher)}\nencoder = ${q(encoder)}\n`;
  const payload = '[payload]\ntype = "PayloadEncoder"\nappend_newlines = false\n';
  const json = '[json]\ntype = "JsonEncoder"\nfields = ["Timestamp", "Type", "DynamicFields"]\n';
  const sections = {
    tcp_to_blackhole: () => [
      tcpIn('TokenSplitter', ''),
      `[blackhole]\ntype = "BenchBlackholeOutput"\nmessage_matcher = "TRUE"\ntally_port = ${ctx.tallyPort}\n`,
    ],
    tcp_to_tcp: () => [tcpIn('TokenSplitter', ''), payload, out('out', ctx.outPorts[0], 'payload')],
    regex_parsing: () => [
      tcpIn('TokenSplitter', 'apache'),
      `[apache]\ntype = "PayloadRegexDecoder"\nmatch_regex = '${APACHE_REGEX.replace('(?P<timestamp>', '(?P<Timestamp>')}'\n` +
        `timestamp_layout = "02/Jan/2006:15:04:05 -0700"\n[apache.message_fields]\nType = "access"\n` +
        APACHE_FIELDS.filter((f) => f !== 'timestamp')
          .map((f) => `${f} = "%${f}%"\n`)
          .join(''),
      json,
      out('out', ctx.outPorts[0], 'json'),
    ],
    file_to_tcp: () => [
      `[in]\ntype = "LogstreamerInput"\nlog_directory = ${q(ctx.logDir)}\nfile_match = 'access\\.log'\n`,
      payload,
      out('out', ctx.outPorts[0], 'payload'),
    ],
    protobuf_relay: () =>
      [tcpIn('HekaFramingSplitter', 'ProtobufDecoder')].concat(
        RELAY_TYPES.map((t, k) => out(`out${k}`, ctx.outPorts[k], 'ProtobufEncoder', `Type == '${t}'`)),
      ),
    lua_decode: () => [
      tcpIn('TokenSplitter', 'apache'),
      `[apache]\ntype = "SandboxDecoder"\nfilename = ${q(new URL('../scenarios/apache.lua', import.meta.url).pathname)}\n`,
      json,
      out('out', ctx.outPorts[0], 'json'),
    ],
  };
  return [head, ...sections[scenario]()].join('\n');
}

export const hekad = {
  name: 'hekad',
  /** undefined when it can run, else why not. */
  unavailable(scenario) {
    if (!existsSync(CLI)) return `${CLI} is not built (pnpm exec tsc -b apps/hekad)`;
    const pkgs = packages();
    const missing = NEEDS[scenario].filter((t) => !pkgs.get(t)?.built);
    if (missing.length === 0) return undefined;
    return missing
      .map((t) => (pkgs.has(t) ? `${t} is not built (${pkgs.get(t).main} missing)` : `no package provides ${t}`))
      .join('; ');
  },
  /** Writes the config; `diagnose` (run only if hekad does not come up) asks `hekad check` why. */
  prepare(scenario, ctx) {
    const file = join(ctx.dir, 'hekad.toml');
    writeFileSync(file, config(scenario, ctx));
    const diagnose = () => {
      const check = spawnSync(process.execPath, [CLI, 'check', file], { cwd: ctx.dir, encoding: 'utf8' });
      const out = (check.stderr || check.stdout).trim().split('\n').slice(0, 3).join(' / ');
      return check.status === 0 ? undefined : `hekad check ${file}: ${out}`;
    };
    // HEKAD_NODE_FLAGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the subject.
    const flags = (process.env.HEKAD_NODE_FLAGS ?? '').split(' ').filter(Boolean);
    return { command: process.execPath, args: [...flags, CLI, '-config', file], diagnose };
  },
};
