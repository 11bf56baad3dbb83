/** Heka's own Lua modules in the sandbox: alert, annotation, anomaly, elasticsearch, msg_interpolate,
 * field_util, graphite, ts_line_protocol. */

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeMessage, Message } from '@heka/core';
import { luaModulesDir } from '@heka/lua-share';
import { LuaSandbox } from '@heka/sandbox';
import { describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'lua-share-mod-'));
let n = 0;

/** Runs `body` as process_message of a filter-like decoder sandbox on `msg`; returns what it injected. */
async function run(body: string, msg: Message = new Message({})): Promise<{ type: string; text: string }[]> {
  const path = join(dir, `m${++n}.lua`);
  writeFileSync(path, `function process_message() ${body} return 0 end`);
  const out: { type: string; text: string }[] = [];
  const sb = await LuaSandbox.create({
    kind: 'encoder',
    name: 'test',
    filename: path,
    moduleDirectories: [luaModulesDir],
    memoryLimit: 8 * 1024 * 1024,
    instructionLimit: 10_000_000,
    outputLimit: 256 * 1024,
    config: {},
    inject: (payload, type) => {
      out.push({ type, text: Buffer.from(payload).toString('utf8') });
      return 0;
    },
  });
  sb.setMessage(msg, () => encodeMessage(msg));
  const r = sb.processMessage();
  const err = sb.lastError;
  sb.close();
  if (r !== 0) throw new Error(`status ${r}: ${err}`);
  return out;
}

const message = new Message({
  timestamp: 1392050801123000000n,
  type: 'TEST',
  logger: 'GoSpec',
  hostname: 'web 1',
  severity: 6,
  pid: 42,
  fields: [
    { name: 'foo', value: 'bar' },
    { name: 'int', value: 999n },
    { name: 'double', value: 99.9 },
    { name: 'bool', value: true },
    { name: 'status', value: 200 },
  ],
});

describe('alert', () => {
  it('sends, throttles, queues and keeps the last time in _LAST_ALERT', async () => {
    const out = await run(
      `local alert = require "alert"
       local hour = 3600e9
       local r = {}
       r[#r+1] = tostring(alert.send(10 * hour, "first"))
       r[#r+1] = tostring(alert.send(10 * hour + 1, "throttled"))
       r[#r+1] = tostring(alert.throttled(11 * hour))
       r[#r+1] = tostring(alert.queue(11 * hour + 1, "a")) .. tostring(alert.queue(11 * hour + 1, "b"))
       r[#r+1] = tostring(alert.send_queue(11 * hour + 1))
       alert.set_throttle(0)
       r[#r+1] = tostring(alert.send(0, "zero is never throttled"))
       r[#r+1] = tostring(alert.send(5, ""))
       inject_payload("txt", "result", table.concat(r, " ") .. " " .. string.format("%.0f", _LAST_ALERT))`,
    );
    expect(out.map((o) => o.text)).toEqual([
      'first',
      'a\nb',
      'zero is never throttled',
      `true false true truetrue true true false ${11 * 3600e9 + 1}`,
    ]);
    expect(out[0]?.type).toBe('alert');
  });
});

describe('annotation', () => {
  it('adds, prunes and encodes annotations kept in _ANNOTATIONS', async () => {
    const [o] = await run(
      `local annotation = require "annotation"
       annotation.add("graph", 1e9 * 100, 1, "A", "first")
       annotation.add("graph", 1e9 * 200, 2, "B", "second")
       annotation.set_prune("graph", 150e9)
       local json = annotation.prune("graph", 260e9)
       local none = annotation.prune("other", 1)
       annotation.remove("graph")
       inject_payload("txt", "", json .. tostring(none) .. tostring(_ANNOTATIONS.graph))`,
    );
    expect(JSON.parse(o?.text.split('\n')[0] ?? '')).toEqual({
      annotations: [{ x: 200000, col: 2, shortText: 'B', text: 'second' }],
    });
    expect(o?.text.split('\n')[1]).toBe('nilnil');
  });
});

describe('anomaly', () => {
  it('parses configurations and detects a rate of change and a stop of data', async () => {
    const [o] = await run(
      `local anomaly = require "anomaly"
       local cfg = anomaly.parse_config('roc("Graph ""1""", 1, 5, 0, 1.5, true, false) mww_nonparametric("G2", 2, 3, 4, 0.6) mww("G2", 1, 3, 4, 0.0001, any)')
       local cb = require("circular_buffer").new(40, 2, 1)
       for i = 0, 29 do cb:set(i * 1e9, 1, 10 + (i % 2)) end
       for i = 30, 34 do cb:set(i * 1e9, 1, 100) end
       local msg, annos = anomaly.detect(35e9, 'Graph "1"', cb, cfg)
       local ok, err = pcall(anomaly.parse_config, "roc(x)")
       inject_payload("txt", "", string.format("%s|%s|%s|%s|%s|%d|%s|%d", cfg['Graph "1"'][1].algorithm,
         cfg.G2[1].algorithm, cfg.G2[2].trend, tostring(msg), annos and annos[1].shortText or "-",
         annos and annos[1].x or -1, tostring(err), cfg.G2[1].nwin))`,
    );
    const [alg, alg2, trend, msg, short, x, err, nwin] = o?.text.split('|') ?? [];
    expect([alg, alg2, trend, short, x, nwin]).toEqual(['roc', 'mww_nonparametric', 'any', 'A', '39000', '4']);
    expect(msg).toBe('Graph "1" - algorithm: roc col: 1 msg: detected anomaly, standard deviation exceeds 1.5');
    expect(err).toMatch(/could not parse the anomaly_config/);
  });
});

describe('msg_interpolate and elasticsearch', () => {
  it('interpolates headers, fields and strftime conversions', async () => {
    const [o] = await run(
      `local interp = require "msg_interpolate"
       local es = require "elasticsearch"
       local s, count = interp.interpolate_from_msg("%{Logger}-%{Type}-%{Severity}-%{foo}-%{int}-%{double}-%{bool}-%{missing}-%{%Y.%m.%d}", 1392050801)
       inject_payload("txt", "", s .. "|" .. count .. "|" ..
         es.bulkapi_index_json("index-%{Logger}", "%{Type}", "id/1", 512345678900000000) .. "|" ..
         es.bulkapi_index_json("only"))`,
      message,
    );
    expect(o?.text).toBe(
      'GoSpec-TEST-6-bar-999-99.9-true-%{missing}-2014.02.10|9|' +
        '{"index":{"_index":"index-GoSpec","_type":"TEST","_id":"id\\/1"}}|{"index":{"_index":"only"}}',
    );
  });
});

describe('field_util and graphite', () => {
  it('builds field maps, converts timestamps and writes graphite lines', async () => {
    const [o] = await run(
      `local fu = require "field_util"
       local graphite = require "graphite"
       local f, all_base, all = fu.field_map("Type **all_base** status")
       local keys = {}
       for k in pairs(f) do keys[#keys+1] = k end
       table.sort(keys)
       local used = fu.used_base_fields({Hostname = true, status = true})
       local out = {table.concat(keys, ","), tostring(all_base), tostring(all), tostring(used.Hostname), tostring(used.status),
         string.format("%.0f", fu.message_timestamp()), string.format("%.0f", fu.message_timestamp("s")),
         string.format("%.0f", fu.message_timestamp("h"))}
       inject_payload("txt", "", table.concat(out, " ") .. "\\n" ..
         graphite.count_rate("web.200", 4, 10, 1392050801) ..
         graphite.timeseries_metrics("rt", {45, 0, 15, 30}, 10, 90, graphite.ns_to_sec(1392050801123000000)))`,
      message,
    );
    expect(o?.text).toBe(
      '**all_base**,EnvVersion,Hostname,Logger,Payload,Pid,Severity,Type,status true false true nil 1392050801123 1392050801 386680\n' +
        'stats.counters.web.200.count 4 1392050801\nstats.counters.web.200.rate 0.400000 1392050801\n' +
        'stats.timers.rt.count 4 1392050801\nstats.timers.rt.count_ps 0.400000 1392050801\n' +
        'stats.timers.rt.lower 0.000000 1392050801\nstats.timers.rt.upper 45.000000 1392050801\n' +
        'stats.timers.rt.sum 90.000000 1392050801\nstats.timers.rt.mean 22.500000 1392050801\n' +
        'stats.timers.rt.mean_90 22.500000 1392050801\nstats.timers.rt.upper_90 45.000000 1392050801\n',
    );
  });
});

describe('ts_line_protocol', () => {
  it('writes InfluxDB and Carbon lines from the dynamic fields', async () => {
    const [o] = await run(
      `local ts = require "ts_line_protocol"
       local c = ts.set_config({name_prefix = "%{Hostname}", name_prefix_delimiter = ".", decimal_precision = "2",
                                skip_fields_str = "foo", tag_fields_str = "Logger"})
       local influx = ts.influxdb_line_msg(c)
       local carbon = ts.carbon_line_msg(ts.set_config({carbon_format = true, timestamp_precision = "s"}))
       inject_payload("txt", "", table.concat(influx, "\\n") .. "\\n--\\n" .. table.concat(carbon, "\\n"))`,
      message,
    );
    const [influx, carbon] = o?.text.split('\n--\n') ?? [];
    expect(influx?.split('\n').sort()).toEqual([
      'web\\ 1.bool,Logger=GoSpec value=true 1392050801123',
      'web\\ 1.double,Logger=GoSpec value=99.90 1392050801123',
      'web\\ 1.int,Logger=GoSpec value=999.00 1392050801123',
      'web\\ 1.status,Logger=GoSpec value=200.00 1392050801123',
    ]);
    expect(carbon?.split('\n').sort()).toEqual([
      'double 99.9 1392050801',
      'int 999 1392050801',
      'status 200 1392050801',
    ]);
  });
});
