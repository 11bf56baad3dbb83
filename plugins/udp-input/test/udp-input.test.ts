// UdpInput on real loopback datagrams in a real pipeline.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { definePlugin, encodeFrame, encodeMessage, Message, NO_OPTIONS } from '@heka/core';
import {
  configProblems,
  conformance,
  pluginContext,
  readmeExample,
  resolveSection,
  startTestPipeline,
} from '@heka/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { helperSections, listeningOn, sender, sleep } from './helpers.js';

conformance(plugin, {
  packageDir: new URL('..', import.meta.url),
  config: { address: '127.0.0.1:0' },
  sections: helperSections(),
});

describe('README example', () => {
  it('configures every UdpInput section validly', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const found = Object.entries(readmeExample(readme).sections).filter(([, t]) => t.type === 'UdpInput');
    expect(found.map(([n]) => n)).toEqual(['syslog_udp', 'heka_udp']);
    for (const [, { type: _t, ...table }] of found) expect(configProblems(plugin, table)).toEqual([]);
  });
});

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function start(config: Record<string, unknown>, extra = {}, globals = {}) {
  const p = await startTestPipeline({
    sections: { udp_in: { definition: plugin, config }, ...helperSections(), ...extra },
    globals,
  });
  cleanups.push(() => p.stop());
  const { port } = await listeningOn(p);
  const s = sender();
  cleanups.push(() => s.close());
  return { p, port, send: (data: string | Uint8Array) => s.send(data, port), s };
}

describe('UdpInput', () => {
  it('makes one record of each datagram by default (NullSplitter), stamped with Type and Logger', async () => {
    const { p, send } = await start({ address: '127.0.0.1:0' });
    await send('first datagram');
    await send('second\ndatagram');
    const got = await p.waitFor(2);
    expect(got.map((m) => m.payload)).toEqual(['first datagram', 'second\ndatagram']);
    for (const m of got) {
      expect(m.type).toBe('udp_in');
      expect(m.logger).toBe('udp_in');
      expect(m.hostname).toBe('');
    }
  });

  it('splits several records from one datagram, and never joins records across datagrams', async () => {
    const { p, send } = await start({ address: '127.0.0.1:0', splitter: 'LineSplitter' });
    await send('a\nb\nunfinished');
    await send('c\n');
    const got = await p.waitFor(3);
    await sleep(50);
    expect(p.messages.map((m) => m.payload)).toEqual(['a\n', 'b\n', 'c\n']);
    expect(got.some((m) => m.payload.includes('unfinished'))).toBe(false);
  });

  it('delivers the tail of a datagram as its own record with deliver_incomplete_final', async () => {
    const { p, send } = await start({ address: '127.0.0.1:0', splitter: 'IncompleteLines' });
    await send('a\nunfinished');
    await send('c\n');
    expect((await p.waitFor(3)).map((m) => m.payload)).toEqual(['a\n', 'unfinished', 'c\n']);
  });

  it('reads several Heka frames from one datagram with the framing splitter and protobuf decoder', async () => {
    const { p, send } = await start({
      address: '127.0.0.1:0',
      splitter: 'HekaFramingSplitter',
      decoder: 'ProtobufDecoder',
    });
    const frames = ['x', 'y'].map((payload) =>
      encodeFrame(encodeMessage(new Message({ type: 'sent', payload, hostname: 'origin' }))),
    );
    await send(Buffer.concat(frames));
    const got = await p.waitFor(2);
    expect(got.map((m) => [m.payload, m.type, m.hostname])).toEqual([
      ['x', 'sent', 'origin'],
      ['y', 'sent', 'origin'],
    ]);
  });

  it('counts a datagram that does not decode, and keeps reading', async () => {
    const { p, send } = await start({
      address: '127.0.0.1:0',
      splitter: 'HekaFramingSplitter',
      decoder: 'ProtobufDecoder',
    });
    await send(encodeFrame(new Uint8Array([0x0a, 0xff, 0xff])));
    await send(encodeFrame(encodeMessage(new Message({ payload: 'fine' }))));
    expect((await p.waitFor(1))[0]?.payload).toBe('fine');
    await p.waitForLog(/ERROR udp_in(-ProtobufDecoder)?: decode failed/);
    expect(p.pipeline.decoderStats.get('udp_in-ProtobufDecoder')?.failures).toBe(1);
  });

  it('set_hostname stamps the sender IP (without port)', async () => {
    const { p, send } = await start({ address: '127.0.0.1:0', set_hostname: true });
    await send('who am i');
    expect((await p.waitFor(1))[0]?.hostname).toBe('127.0.0.1');
  });

  it('listens on IPv6 with net = "udp6"', async () => {
    const p = await startTestPipeline({
      sections: {
        udp_in: { definition: plugin, config: { address: '[::1]:0', net: 'udp6', set_hostname: true } },
        ...helperSections(),
      },
    });
    cleanups.push(() => p.stop());
    const { port, host } = await listeningOn(p);
    expect(host).toBe('::1');
    const s = sender('udp6');
    cleanups.push(() => s.close());
    await s.send('v6', port);
    expect((await p.waitFor(1))[0]?.hostname).toBe('::1');
  });

  it('listens on every interface for ":port" (IPv4 senders shown unmapped)', async () => {
    const { p, send } = await start({ address: ':0', set_hostname: true });
    await send('any');
    expect((await p.waitFor(1))[0]?.hostname).toBe('127.0.0.1');
  });

  it('holds datagrams in order while the pipeline is full, drops beyond the limit, and logs the count', async () => {
    let open: () => void = () => undefined;
    const gate = new Promise<void>((r) => (open = r));
    const seen: string[] = [];
    const slow = definePlugin({
      type: 'TestGatedOutput',
      kind: 'output',
      description: 'waits for a gate (test helper)',
      configSchema: NO_OPTIONS,
      create: () => ({
        async process(m: Message) {
          await gate;
          seen.push(m.payload);
        },
      }),
    });
    const { p, s, port } = await start(
      { address: '127.0.0.1:0' },
      { slow: { definition: slow, config: { message_matcher: 'TRUE' } } },
      { poolsize: 4, pluginChansize: 2 },
    );
    const total = 3000;
    for (let i = 0; i < total; i++) {
      await s.send(String(i), port);
      if (i % 50 === 0) await sleep(1); // let the receiving side keep up with the kernel buffer
    }
    await sleep(100);
    open();
    await p.stop();
    await p.waitForLog(/WARN udp_in: \d+ datagrams dropped so far: the pipeline is full/);
    const dropped = Number(
      p.logs
        .filter((l) => /datagrams dropped/.test(l))
        .at(-1)
        ?.match(/(\d+) datagrams/)?.[1],
    );
    // Everything kept came through in order; the waiting datagrams were processed, the rest counted.
    // (The kernel may drop some too when its socket buffer overflows: kept + dropped <= sent.)
    const numbers = seen.map(Number);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(numbers.length).toBeGreaterThan(1024);
    expect(dropped).toBeGreaterThan(0);
    expect(numbers.length + dropped).toBeLessThanOrEqual(total);
    expect(numbers.length + dropped).toBeGreaterThan(total * 0.5);
  });

  it('stops promptly and frees the port', async () => {
    const { p, port } = await start({ address: '127.0.0.1:0' });
    const started = Date.now();
    await p.stop();
    expect(Date.now() - started).toBeLessThan(2000);
    const again = await startTestPipeline({
      sections: { udp_in: { definition: plugin, config: { address: `127.0.0.1:${port}` } }, ...helperSections() },
    });
    cleanups.push(() => again.stop());
    expect((await listeningOn(again)).port).toBe(port);
  });

  it('reads from an inherited socket with address = "fd:N"', async () => {
    // perl binds a UDP socket and execs node with it open as a plain descriptor, as a supervisor would.
    // The child runs the built package (dist) from the package directory, where @heka/* resolve.
    const child = `
      const { default: udp } = await import('./dist/index.js');
      const { startTestPipeline } = await import('@heka/testkit');
      const { definePlugin, NO_OPTIONS } = await import('@heka/core');
      const whole = definePlugin({ type: 'WholeSplitter', kind: 'splitter', description: 'x', configSchema: NO_OPTIONS,
        create: () => ({ findRecord: (b) => (b.length ? { consumed: b.length, record: b } : { consumed: 0 }) }) });
      const p = await startTestPipeline({ sections: {
        udp_in: { definition: udp, config: { address: 'fd:' + process.argv[1] } },
        NullSplitter: { definition: whole } } });
      await p.waitForLog(/listening on/);
      console.log('ready');
      await p.waitFor(2);
      console.log(JSON.stringify(p.messages.map((m) => m.payload)));
      await p.stop();`;
    const perl = `$|=1; $^F=255; use IO::Socket::INET;
      my $s = IO::Socket::INET->new(Proto=>'udp', LocalAddr=>'127.0.0.1', LocalPort=>0) or die "bind: $!";
      print $s->sockport, "\\n";
      exec('${process.execPath}', '--input-type=module', '-e', $ARGV[0], fileno($s)) or die "exec: $!";`;
    const proc = spawn('perl', ['-e', perl, child], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    cleanups.push(() => void proc.kill());
    const lines = createInterface({ input: proc.stdout })[Symbol.asyncIterator]();
    const port = Number((await lines.next()).value);
    expect((await lines.next()).value).toBe('ready');
    const s = sender();
    cleanups.push(() => s.close());
    await s.send('via fd', port);
    await s.send('again', port);
    expect(JSON.parse((await lines.next()).value)).toEqual(['via fd', 'again']);
  });
});

describe('UdpInput configuration errors name the key', () => {
  const create = (config: Record<string, unknown>) =>
    Promise.resolve().then(() =>
      plugin.create(resolveSection(plugin, 'bad', config).own as never, pluginContext(plugin, 'bad')),
    );
  it.each([
    [{ address: '/tmp/x.sock', net: 'unixgram' }, /net: "unixgram" is not supported: Node\.js has no Unix datagram/],
    [{ address: 'fd:3', set_hostname: true }, /set_hostname: can't set Hostname from a file descriptor/],
    [{ address: 'fd:three' }, /address: cannot parse file descriptor/],
    [{ address: '127.0.0.1' }, /address: missing port in address/],
    [{ address: '127.0.0.1:1', net: 'udp6' }, /address: 127\.0\.0\.1 is not an IPv6 address/],
  ])('%j', async (config, error) => {
    await expect(create(config)).rejects.toThrow(error);
  });

  it('requires address and rejects unknown nets', () => {
    expect(configProblems(plugin, {})).toEqual([expect.stringMatching(/address/)]);
    expect(configProblems(plugin, { address: ':1', net: 'tcp' }).join()).toMatch(/^net:/);
  });
});
