/** SandboxEncoder under outputs in real pipelines: injected bytes, protobuf, copy-on-write, skips, errors. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeMessage, definePlugin, Message, NO_OPTIONS, type OutputContext } from '@heka/core';
import { messageInput, startTestPipeline, type TestPipeline } from '@heka/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import plugin from '../src/index.js';

const scripts = mkdtempSync(join(tmpdir(), 'sandbox-encoder-'));
let n = 0;
function lua(source: string): string {
  const path = join(scripts, `e${++n}.lua`);
  writeFileSync(path, source);
  return path;
}
const textScript = new URL('./lua/text.lua', import.meta.url).pathname;

/** Keeps what its encoder makes (null for "nothing"), in order. */
function encodedOutput(into: (Uint8Array | null)[]) {
  return definePlugin({
    type: 'EncodedOutput',
    kind: 'output',
    description: 'keeps encoder output',
    configSchema: NO_OPTIONS,
    create: () => ({
      process(m: Message, ctx: OutputContext) {
        into.push(ctx.encode(m));
      },
    }),
  });
}

let running: TestPipeline[] = [];
afterEach(async () => {
  await Promise.all(running.map((p) => p.stop()));
  running = [];
});

async function encode(messages: Message[], config: Record<string, unknown>, extra = {}) {
  const out: (Uint8Array | null)[] = [];
  const p = await startTestPipeline({
    sections: {
      feed: { definition: messageInput(() => messages) },
      enc: { definition: plugin, config },
      out: { definition: encodedOutput(out), config: { message_matcher: 'TRUE', encoder: 'enc' } },
      ...extra,
    },
    capture: 'TRUE',
  });
  running.push(p);
  await p.waitFor(messages.length);
  const until = Date.now() + 2000;
  while (out.length + (p.pipeline.outputs.get('out')?.stats.failures ?? 0) < messages.length && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 10));
  }
  return { p, out };
}

describe('SandboxEncoder', () => {
  it('sends what the script injects, and nothing for -2', async () => {
    const { out } = await encode(
      [
        new Message({ type: 'a', payload: 'one' }),
        new Message({ type: 'heartbeat' }),
        new Message({ type: 'b', payload: 'two' }),
      ],
      { filename: textScript },
    );
    expect(out.map((b) => (b ? Buffer.from(b).toString() : null))).toEqual(['a one\n', null, 'b two\n']);
  });

  it('encodes the message as protobuf when nothing is injected, changed on a copy only', async () => {
    const seen: Message[] = [];
    const keep = definePlugin({
      type: 'KeepOutput',
      kind: 'output',
      description: 'keeps messages',
      configSchema: NO_OPTIONS,
      create: () => ({ process: (m: Message) => void seen.push(m) }),
    });
    const msg = new Message({ type: 'orig', payload: 'before' });
    const { out } = await encode(
      [msg],
      {
        filename: lua(
          'function process_message() write_message("Payload", "mutated") write_message("Fields[new]", 1) return 0 end',
        ),
      },
      { keep: { definition: keep, config: { message_matcher: 'TRUE' } } },
    );
    const decoded = decodeMessage(out[0] as Uint8Array);
    expect(decoded.toJSON()).toMatchObject({ type: 'orig', payload: 'mutated', uuid: msg.uuidString });
    expect(decoded.getFieldValue('new')).toBe(1);
    const until = Date.now() + 1000;
    while (seen.length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    expect(seen[0]?.payload).toBe('before');
    expect(seen[0]?.getField('new')).toBeUndefined();
  });

  it('sends inject_message\'s protobuf and the original bytes through read_message("raw")', async () => {
    const msg = new Message({ type: 'orig', payload: 'p' });
    const { out } = await encode([msg, new Message({ type: 'raw' })], {
      filename: lua(`function process_message()
          if read_message("Type") == "raw" then inject_payload("pb", "", read_message("raw")) return 0 end
          inject_message({Type = "wrapped", Payload = read_message("Payload"), Fields = {n = 1}})
          return 0
        end`),
    });
    expect(decodeMessage(out[0] as Uint8Array).toJSON()).toMatchObject({ type: 'wrapped', payload: 'p' });
    expect(decodeMessage(out[1] as Uint8Array).type).toBe('raw');
  });

  it('fails a message on a negative status, and every message once terminated', async () => {
    const path = lua(`function process_message()
        local p = read_message("Payload")
        if p == "bad" then return -1, "cannot encode" elseif p == "fatal" then error("gone") end
        inject_payload("txt", "", p)
        return 0
      end`);
    const { p, out } = await encode(
      ['ok', 'bad', 'fatal', 'ok again'].map((payload) => new Message({ payload })),
      { filename: path },
    );
    await p.waitForLog(/Failed serializing: cannot encode/);
    await p.waitForLog(/FATAL: process_message\(\) .*:3: gone/);
    const until = Date.now() + 2000;
    while ((p.pipeline.outputs.get('out')?.stats.failures ?? 0) < 3 && Date.now() < until)
      await new Promise((r) => setTimeout(r, 10));
    expect(out.map((b) => Buffer.from(b as Uint8Array).toString())).toEqual(['ok']);
    expect(p.pipeline.outputs.get('out')?.stats.failures ?? 0).toBe(3);
    expect(p.fatal).toBeUndefined();
  });

  it('treats a positive status as a failure of that message only (the sandbox goes on)', async () => {
    const { p, out } = await encode(
      ['a', 'b'].map((payload) => new Message({ payload })),
      {
        filename: lua(
          'function process_message() local p = read_message("Payload") if p == "a" then return 2, "not now" end inject_payload("txt", "", p) return 0 end',
        ),
      },
    );
    await p.waitForLog(/FATAL: not now/);
    expect(out.map((b) => Buffer.from(b as Uint8Array).toString())).toEqual(['b']);
  });

  it('preserves its globals per output (<output>-<encoder>.data) when hekad stops', async () => {
    const base = mkdtempSync(join(tmpdir(), 'sandbox-encoder-base-'));
    const path = lua('n = 0 function process_message() n = n + 1 inject_payload("txt", "", n) return 0 end');
    const run = async (payloads: string[]): Promise<string[]> => {
      const out: (Uint8Array | null)[] = [];
      const p = await startTestPipeline({
        sections: {
          feed: { definition: messageInput(() => payloads.map((payload) => new Message({ payload }))) },
          enc: { definition: plugin, config: { filename: path, preserve_data: true } },
          out: { definition: encodedOutput(out), config: { message_matcher: 'TRUE', encoder: 'enc' } },
        },
        globals: { baseDir: base },
      });
      const until = Date.now() + 3000;
      while (out.length < payloads.length && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
      await p.stop(); // stops the output's encoder, which writes its globals
      return out.map((b) => Buffer.from(b as Uint8Array).toString());
    };
    expect(await run(['a', 'b'])).toEqual(['1', '2']);
    const file = join(base, 'sandbox_preservation', 'out-enc.data');
    expect(readFileSync(file, 'latin1')).toContain('_G["n"] = 2\n');
    expect(await run(['c'])).toEqual(['3']);
    expect(readFileSync(file, 'latin1')).toContain('_G["n"] = 3\n');
  });
});
