/** SandboxDecoder in real pipelines: writing, injecting, failures, protobuf records, tz, preservation. */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { definePlugin, encodeMessage, type InputContext, Message, NO_OPTIONS } from '@heka/core';
import { startTestPipeline, type TestPipeline } from '@heka/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import plugin from '../src/index.js';

const scripts = mkdtempSync(join(tmpdir(), 'sandbox-decoder-'));
let n = 0;
function lua(source: string): string {
  const path = join(scripts, `d${++n}.lua`);
  writeFileSync(path, source);
  return path;
}
const split = new URL('./lua/split.lua', import.meta.url).pathname;

/** Delivers text records as messages (Payload = the line), then waits to be stopped. */
function lines(records: string[]) {
  return definePlugin({
    type: 'LinesInput',
    kind: 'input',
    description: 'test lines',
    configSchema: NO_OPTIONS,
    create: () => ({
      async run(ctx: InputContext) {
        for (const payload of records) {
          const r = ctx.deliver(new Message({ payload, logger: ctx.name, hostname: 'origin', severity: 3 }));
          if (r) await r;
        }
        await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve(), { once: true }));
      },
    }),
  });
}

/** Writes each chunk to a stream whose splitter gives it back whole (records of message bytes). */
function chunks(data: Uint8Array[]) {
  return definePlugin({
    type: 'ChunksInput',
    kind: 'input',
    description: 'test chunks',
    configSchema: NO_OPTIONS,
    create: () => ({
      async run(ctx: InputContext) {
        const s = ctx.openStream({ name: 'chunks', datagrams: true });
        for (const d of data) {
          const r = s.write(d);
          if (r) await r;
        }
        await s.end();
        await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve(), { once: true }));
      },
    }),
  });
}

const wholeSplitter = definePlugin({
  type: 'WholeSplitter',
  kind: 'splitter',
  description: 'a datagram is a record',
  configSchema: NO_OPTIONS,
  create: () => ({
    findRecord: (buf: Uint8Array) => (buf.length ? { consumed: buf.length, record: buf } : { consumed: 0 }),
  }),
});

let running: TestPipeline[] = [];
afterEach(async () => {
  await Promise.all(running.map((p) => p.stop()));
  running = [];
});

async function decode(
  records: string[],
  config: Record<string, unknown>,
  input: Record<string, unknown> = {},
  capture = 'TRUE',
): Promise<TestPipeline> {
  const p = await startTestPipeline({
    sections: {
      feed: { definition: lines(records), config: { decoder: 'dec', ...input } },
      dec: { definition: plugin, config },
    },
    capture,
  });
  running.push(p);
  return p;
}

describe('SandboxDecoder', () => {
  it('splits a line into five fields with string.find / string.sub', async () => {
    const p = await decode(['10.0.0.1 GET /index.html 200 5120'], { filename: split });
    const [m] = await p.waitFor(1);
    expect(m?.toJSON()).toMatchObject({
      type: 'split',
      logger: 'feed',
      payload: '10.0.0.1 GET /index.html 200 5120',
      fields: [
        { name: 'ip', valueType: 'string', value: ['10.0.0.1'] },
        { name: 'method', valueType: 'string', value: ['GET'] },
        { name: 'path', valueType: 'string', value: ['/index.html'] },
        { name: 'status', valueType: 'double', value: [200] },
        { name: 'bytes', valueType: 'double', representation: 'B', value: [5120] },
      ],
    });
  });

  it('counts a negative status as a decode failure, and routes it when send_decode_failures is set', async () => {
    const p = await decode(
      ['10.0.0.1 GET', '10.0.0.2 GET / 200 1'],
      { filename: split },
      { send_decode_failures: true },
    );
    await p.waitFor(2);
    await p.waitForLog(/decode failed: Failed parsing: missing path payload: 10\.0\.0\.1 GET/);
    expect(p.messages[0]?.getFieldValue('decode_error')).toBe('Failed parsing: missing path payload: 10.0.0.1 GET');
    expect(p.messages[0]?.getFieldValue('decode_failure')).toBe(true);
    expect(p.messages[1]?.type).toBe('split');
    expect(p.pipeline.decoderStats.get('feed-dec')?.failures).toBe(1);
  });

  it('replaces the record with the first injection, adds the others, and fills missing headers from it', async () => {
    const p = await decode(['a,b,c'], {
      filename: lua(`function process_message()
          local line = read_message("Payload")
          for part in string.gmatch(line, "[^,]+") do inject_message({Type = "part", Payload = part, Fields = {n = #part}}) end
          return 0
        end`),
    });
    const got = await p.waitFor(3);
    expect(got.map((m) => m.payload)).toEqual(['a', 'b', 'c']);
    for (const m of got)
      expect(m.toJSON()).toMatchObject({ type: 'part', logger: 'feed', hostname: 'origin', severity: 3 });
    expect(new Set(got.map((m) => m.uuidString)).size).toBe(3);
  });

  it('puts inject_payload output into the record, then into new messages with its headers', async () => {
    const p = await decode(['line'], {
      filename: lua(`function process_message()
          inject_payload("txt", "first", "one")
          inject_payload("json", "second", "two")
          return 0
        end`),
    });
    const [a, b] = await p.waitFor(2);
    expect(a?.toJSON()).toMatchObject({
      payload: 'one',
      logger: 'feed',
      fields: [
        { name: 'payload_type', value: ['txt'], representation: 'file-extension' },
        { name: 'payload_name', value: ['first'] },
      ],
    });
    expect(b?.toJSON()).toMatchObject({ payload: 'two', logger: 'feed', hostname: 'origin', severity: 3 });
    expect(b?.timestamp).toBe(a?.timestamp);
  });

  it('fails with "Failed after a successful inject_message call" once it has injected', async () => {
    const p = await decode(['x'], {
      filename: lua('function process_message() inject_message({Payload = "partial"}) return -1, "late" end'),
    });
    await p.waitForLog(/decode failed: Failed after a successful inject_message call: late/);
    expect(p.messages).toHaveLength(0);
  });

  it('shuts hekad down when the script fails fatally, as Heka did', async () => {
    const path = lua(
      'function process_message()\n  if read_message("Payload") == "boom" then error("boom") end\n  return 0\nend',
    );
    const p = await decode(['fine', 'boom', 'never'], { filename: path });
    await p.waitForLog(new RegExp(`decode failed: FATAL: process_message\\(\\) ${path}:2: boom`));
    const until = Date.now() + 2000;
    while (p.fatal === undefined && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    expect(p.fatal).toEqual({
      code: 1,
      reason: `decoder 'feed-dec' cannot go on: FATAL: process_message() ${path}:2: boom`,
    });
    expect(p.messages.map((m) => m.payload)).toEqual(['fine']);
  });

  it('passes lua_sandbox’s bytes on unchanged when the injected table has every header', async () => {
    const p = await decode(['x', 'y'], {
      filename: lua(`function process_message()
          local all = read_message("Payload") == "x"
          inject_message({Timestamp = 5e9, Type = "t", Logger = "l", Hostname = "h", Severity = 1,
            Pid = all and 2 or nil, Fields = {n = 1}})
          return 0
        end`),
    });
    const [complete, filled] = await p.waitFor(2);
    // A single number is written unpacked by lua_sandbox (0x39 + 8 bytes); hekad re-encodes packed (0x3a).
    const hex = (m: Message | undefined) => Buffer.from(encodeMessage(m as Message)).toString('hex');
    expect(hex(complete)).toContain(`${Buffer.from('\x0a\x01n\x10\x03', 'latin1').toString('hex')}39`);
    expect(hex(filled)).toContain(`${Buffer.from('\x0a\x01n\x10\x03', 'latin1').toString('hex')}3a08`);
    expect(filled?.toJSON()).toMatchObject({ pid: 0, type: 't', hostname: 'h' }); // Pid from the record
  });

  it('decodes protobuf records with decode_message(read_message("raw"))', async () => {
    const original = new Message({ type: 'app', payload: 'inner', fields: [{ name: 'k', value: 'v' }] });
    const p = await startTestPipeline({
      sections: {
        feed: { definition: chunks([encodeMessage(original)]), config: { decoder: 'dec', splitter: 'whole' } },
        whole: { definition: wholeSplitter, config: { use_message_bytes: true } },
        dec: {
          definition: plugin,
          config: {
            filename: lua(`function process_message()
                local m = decode_message(read_message("raw"))
                m.Type = "decoded." .. m.Type
                inject_message(m)
                return 0
              end`),
          },
        },
      },
      capture: 'TRUE',
    });
    running.push(p);
    const [m] = await p.waitFor(1);
    expect(m?.toJSON()).toMatchObject({ type: 'decoded.app', payload: 'inner', uuid: original.uuidString });
    expect(m?.getFieldValue('k')).toBe('v');
  });

  it('re-reads injected timestamps as wall-clock time in config.tz', async () => {
    const path = lua(`function process_message()
        inject_message({Timestamp = 1421323200 * 1e9, Payload = "noon"})
        return 0
      end`);
    const p = await decode(['x'], { filename: path, config: { tz: 'America/New_York' } });
    const [m] = await p.waitFor(1);
    expect(m?.timestamp).toBe(1421341200000000000n);
    await expect(
      startTestPipeline({
        sections: {
          feed: { definition: lines([]), config: { decoder: 'dec' } },
          dec: { definition: plugin, config: { filename: path, config: { tz: 'Mars/Olympus' } } },
        },
      }),
    ).rejects.toThrow(/unknown time zone Mars\/Olympus/);
  });

  it('preserves its globals in <input>-<decoder>.data', async () => {
    const base = mkdtempSync(join(tmpdir(), 'sandbox-decoder-base-'));
    const path = lua(
      'seen = 0 function process_message() seen = seen + 1 write_message("Fields[seen]", seen) return 0 end',
    );
    const run = async (records: string[]): Promise<Message[]> => {
      const p = await startTestPipeline({
        sections: {
          feed: { definition: lines(records), config: { decoder: 'dec' } },
          dec: { definition: plugin, config: { filename: path, preserve_data: true } },
        },
        globals: { baseDir: base },
        capture: 'TRUE',
      });
      const got = await p.waitFor(records.length);
      await p.stop();
      return got;
    };
    await run(['a', 'b']);
    expect(readFileSync(join(base, 'sandbox_preservation', 'feed-dec.data'), 'latin1')).toContain('_G["seen"] = 2\n');
    const got = await run(['c']);
    expect(got[0]?.getFieldValue('seen')).toBe(3);
  });

  it('runs filename = "lua_decoders/nginx_access.lua" out of the box, and prefers share_dir’s copy', async () => {
    const share = mkdtempSync(join(tmpdir(), 'sandbox-decoder-share-'));
    const config = {
      filename: 'lua_decoders/nginx_access.lua',
      config: {
        type: 'nginx',
        log_format: '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent',
      },
    };
    const line = '203.0.113.9 - - [10/Oct/2000:13:55:36 -0700] "GET /a HTTP/1.1" 200 512';
    const run = async (): Promise<Message> => {
      const p = await startTestPipeline({
        sections: {
          feed: { definition: lines([line]), config: { decoder: 'dec' } },
          dec: { definition: plugin, config },
        },
        globals: { shareDir: share },
        capture: 'TRUE',
      });
      running.push(p);
      const [m] = await p.waitFor(1);
      return m as Message;
    };
    const shipped = await run();
    expect(shipped.toJSON()).toMatchObject({ type: 'nginx', timestamp: '971211336000000000' });
    expect(shipped.getField('remote_addr')).toMatchObject({ value: ['203.0.113.9'], representation: 'ipv4' });
    expect(shipped.getFieldValue('status')).toBe(200);
    expect(shipped.getField('body_bytes_sent')).toMatchObject({ value: [512], representation: 'B' });

    mkdirSync(join(share, 'lua_decoders'));
    writeFileSync(
      join(share, 'lua_decoders', 'nginx_access.lua'),
      'function process_message() write_message("Type", "from share_dir") return 0 end',
    );
    expect((await run()).type).toBe('from share_dir');
  });
});
