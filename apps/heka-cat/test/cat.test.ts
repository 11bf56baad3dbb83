import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { protocEncode } from '@heka/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureRecords, frame, unknownFieldsMessage } from './fixtures.js';
import { ensureBuilt, run, runBytes, start } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'heka-cat-'));
const golden = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
let records: Buffer[];
let file: string;

beforeAll(() => {
  ensureBuilt();
  records = fixtureRecords();
  file = join(dir, 'clean.heka');
  writeFileSync(file, Buffer.concat(records));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The summary lines heka-cat writes to stderr. */
function header(
  input: string,
  o: { offset?: number; match?: string; format?: string; tail?: boolean; output?: string },
) {
  return `Input:${input}  Offset:${o.offset ?? 0}  Match:${o.match ?? 'TRUE'}  Format:${o.format ?? 'txt'}  Tail:${o.tail ?? false}  Output:${o.output ?? ''}\n`;
}

describe('heka-cat output formats (golden files from the Go code)', () => {
  it('txt: the exact block Heka prints, in UTC', async () => {
    const r = await runBytes([file], { env: { TZ: 'UTC' } });
    expect(r.code).toBe(0);
    expect(r.stdout.equals(golden('golden-utc.txt'))).toBe(true);
    expect(r.stderr).toBe(`${header(file, {})}Processed: 6, matched: 6 messages\n`);
  });

  it('txt: timestamps in the local zone with its abbreviation, as Go prints them', async () => {
    const r = await runBytes(['-format', 'txt', file], { env: { TZ: 'America/New_York' } });
    expect(r.stdout.toString('latin1')).toBe(golden('golden-new-york.txt').toString('latin1'));
  });

  it("json: Go's encoding of the message struct, one line per message (empty for NaN, as Go's Marshal fails)", async () => {
    const r = await runBytes(['-format=json', file]);
    expect(r.code).toBe(0);
    expect(r.stdout.toString()).toBe(golden('golden-json.txt').toString());
    // Lines that are not empty are valid JSON.
    for (const line of r.stdout
      .toString()
      .split('\n')
      .filter((l) => l !== ''))
      JSON.parse(line);
  });

  it('count: prints nothing but the summary', async () => {
    const r = await runBytes(['-format', 'count', '-match', 'Severity == 7', file]);
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBe(0);
    // Messages 2, 4, 5 and 6 have no severity: it reads as 7.
    expect(r.stderr).toContain('Processed: 6, matched: 4 messages');
  });

  it('heka: the matching records byte for byte, to -output (created 0644, truncated)', async () => {
    const out = join(dir, 'out.heka');
    writeFileSync(out, 'old contents that must go away'.repeat(100));
    const r = await run(['-format', 'heka', '-match', 'Type != "doubles"', '-output', out, file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`Output:${out}`);
    expect(readFileSync(out).equals(Buffer.concat(records.filter((_, i) => i !== 3)))).toBe(true);
    expect(statSync(out).mode & 0o777).toBe(0o644);
  });
});

describe('heka-cat matching', () => {
  const count = async (match: string) => {
    const r = await run(['-format', 'count', '-match', match, file]);
    expect(r.code).toBe(0);
    return r.stderr;
  };

  it('filters with the message matcher: headers, fields, severity defaults', async () => {
    expect(await count('Type == "nginx.access"')).toContain('matched: 1 messages');
    expect(await count('Fields[status] == 200 && Fields[latency] > 1.4')).toContain('matched: 1 messages');
    expect(await count('Type =~ /^sandbox/')).toContain('matched: 1 messages');
    expect(await count('Timestamp < 0')).toContain('matched: 1 messages');
    expect(await count('FALSE')).toContain('Processed: 6, matched: 0 messages');
  });

  it('a bad expression exits 2 with "Match specification -"', async () => {
    const r = await run(['-match', 'Type ==', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^Match specification - /);
  });
});

describe('heka-cat corruption, offsets and limits', () => {
  it('reports each corrupt stretch with its file offset and length, and keeps every message', async () => {
    const garbage = Buffer.from('garbage');
    const badHeader = Buffer.from([0x1e, 0x03, 0x41, 0x42, 0x43, 0x44]); // no 0x1F where it must be
    const big = Buffer.alloc(2_500_000, 0x20); // spans several reads
    const parts = [records[0], garbage, records[1], badHeader, records[2], big, records[3], records[4], records[5]];
    const offsets: number[] = [];
    let at = 0;
    for (const p of parts) {
      offsets.push(at);
      at += (p as Buffer).length;
    }
    const f = join(dir, 'corrupt.heka');
    writeFileSync(f, Buffer.concat(parts as Buffer[]));
    const r = await run(['-format', 'count', f]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      header(f, { format: 'count' }) +
        `Corruption detected at offset: ${offsets[1]} bytes: 7\n` +
        `Corruption detected at offset: ${offsets[3]} bytes: 6\n` +
        `Corruption detected at offset: ${offsets[5]} bytes: 2500000\n` +
        'Processed: 6, matched: 6 messages\n',
    );
  });

  it('-offset starts there; a start inside a record reports the rest of it as corruption', async () => {
    const second = (records[0] as Buffer).length;
    const r = await run(['-format', 'count', `-offset=${second}`, file]);
    expect(r.stderr).toBe(`${header(file, { offset: second, format: 'count' })}Processed: 5, matched: 5 messages\n`);
    const inside = await run(['-format', 'count', '-offset', '0x10', file]);
    expect(inside.stderr).toContain(`Corruption detected at offset: 16 bytes: ${second - 16}\n`);
    expect(inside.stderr).toContain('Processed: 5, matched: 5 messages');
    const past = await run(['-format', 'count', '-offset', '999999', file]);
    expect(past.code).toBe(0);
    expect(past.stderr).toContain('Processed: 0, matched: 0 messages');
  });

  it('a record that does not decode is reported with its offset and counted as processed', async () => {
    const broken = frame(Buffer.from([0x0a, 0x10, 1, 2, 3])); // uuid says 16 bytes, 3 follow
    const f = join(dir, 'undecodable.heka');
    writeFileSync(f, Buffer.concat([records[0] as Buffer, broken, records[1] as Buffer]));
    const r = await run(['-format', 'count', f]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      new RegExp(`Error unmarshalling message at offset: ${(records[0] as Buffer).length} error: .+\\n`),
    );
    expect(r.stderr).toContain('Processed: 3, matched: 2 messages');
  });

  it('a truncated last record is reported, not printed', async () => {
    const last = records[5] as Buffer;
    const f = join(dir, 'truncated.heka');
    writeFileSync(f, Buffer.concat([records[0] as Buffer, last.subarray(0, 10)]));
    const r = await run(['-format', 'count', f]);
    expect(r.stderr).toContain(`Incomplete record at offset: ${(records[0] as Buffer).length} bytes: 10\n`);
    expect(r.stderr).toContain('Processed: 1, matched: 1 messages');
  });

  it('-max-message-size: longer records are skipped as corruption; too large a limit exits 8', async () => {
    const small = join(dir, 'sizes.heka');
    const long = frame(protocEncode('Message', `uuid: "0123456789abcdef" timestamp: 1 payload: "${'x'.repeat(300)}"`));
    writeFileSync(small, Buffer.concat([records[0] as Buffer, long, records[3] as Buffer]));
    const r = await run(['-format', 'count', '-max-message-size', '200', small]);
    expect(r.stderr).toContain(`Corruption detected at offset: ${(records[0] as Buffer).length} bytes: ${long.length}`);
    expect(r.stderr).toContain('message exceeds the maximum length [200 bytes]');
    expect(r.stderr).toContain('Processed: 2, matched: 2 messages');
    const ok = await run(['-format', 'count', '-max-message-size=400', small]);
    expect(ok.stderr).toContain('Processed: 3, matched: 3 messages');
    const huge = await run(['-max-message-size', '4294967295', small]);
    expect(huge.code).toBe(8);
    expect(huge.stderr).toBe('Message size is too large: 4294967295\n');
  });

  it('signed records are read without checking the signature (heka-cat never did)', async () => {
    const msg = records[0] as Buffer;
    const m = msg.subarray(msg[1] as number as number);
    const message = m.subarray(3);
    const header = protocEncode(
      'Header',
      `message_length: ${message.length} hmac_signer: "test" hmac_key_version: 1 hmac: "0123456789abcdef"`,
    );
    const signed = Buffer.concat([Buffer.from([0x1e, header.length]), header, Buffer.from([0x1f]), message]);
    const f = join(dir, 'signed.heka');
    writeFileSync(f, Buffer.concat([signed, records[1] as Buffer]));
    const out = join(dir, 'signed.out');
    const r = await run(['-format', 'heka', '-output', out, f]);
    expect(r.stderr).toContain('Processed: 2, matched: 2 messages');
    expect(readFileSync(out).equals(readFileSync(f))).toBe(true);
  });
});

describe('heka-cat -tail', () => {
  it('follows the file as it grows (records appended in pieces) and prints the summary on SIGINT', async () => {
    const f = join(dir, 'growing.heka');
    writeFileSync(f, records[0] as Buffer);
    const cat = start(['-tail', '-format', 'json', f]);
    const lines = () => cat.stdout().toString().split('\n').length - 1;
    await cat.until(() => lines() === 1);
    appendFileSync(f, Buffer.concat([records[1] as Buffer, (records[2] as Buffer).subarray(0, 7)]));
    await cat.until(() => lines() === 2);
    await new Promise((r) => setTimeout(r, 700)); // a poll at the end of the file with half a record
    appendFileSync(f, Buffer.concat([(records[2] as Buffer).subarray(7), Buffer.from('junk'), records[3] as Buffer]));
    await cat.until(() => lines() === 4);
    cat.child.kill('SIGINT');
    expect(await cat.exited).toBe(0);
    const expected = golden('golden-json.txt').toString().split('\n').slice(0, 4);
    expect(cat.stdout().toString()).toBe(`${expected.join('\n')}\n`);
    const stderr = cat.stderr();
    expect(stderr).toContain('Tail:true');
    expect(stderr).toContain(
      `Corruption detected at offset: ${(records[0] as Buffer).length + (records[1] as Buffer).length + (records[2] as Buffer).length} bytes: 4`,
    );
    expect(stderr).toMatch(/Processed: 4, matched: 4 messages\n$/);
  });

  it('-tail is ignored with -format count (as in Heka), and -tail=false turns it off', async () => {
    const a = await run(['-tail', '-format', 'count', file]);
    expect(a.code).toBe(0);
    expect(a.stderr).toContain('Tail:true');
    expect(a.stderr).toContain('Processed: 6, matched: 6 messages');
    const b = await run(['-tail=false', '-format=count', file]);
    expect(b.stderr).toContain('Tail:false');
  });
});

describe('heka-cat output failures', () => {
  it('stops quietly when the reader of its output goes away (| head)', async () => {
    const f = join(dir, 'many.heka');
    writeFileSync(f, Buffer.concat(Array.from({ length: 3000 }, () => Buffer.concat(records))));
    const cat = start([f]);
    await cat.until(() => cat.stdout().length > 0);
    cat.child.stdout?.destroy();
    expect(await cat.exited).toBe(0);
    expect(cat.stderr()).not.toContain('Error');
    expect(cat.stderr()).not.toContain('Incomplete record');
    expect(cat.stderr()).toMatch(/Processed: \d+, matched: \d+ messages\n$/);
  });

  it('reports a failed write to -output and exits 1', async () => {
    const r = await run(['-output', '/dev/full', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('write /dev/full: no space left on device\n');
  });
});

describe('heka-cat command line errors', () => {
  it("exits with Heka's codes: 1 usage, 3 input, 4 output, 5 seek, 2 bad flag", async () => {
    const usage = await run([]);
    expect(usage.code).toBe(1);
    expect(usage.stderr).toContain('--max-message-size');
    const two = await run([file, file]);
    expect(two.code).toBe(1);
    const missing = await run([join(dir, 'nope.heka')]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toBe(`open ${join(dir, 'nope.heka')}: no such file or directory\n`);
    const badOut = await run(['-output', join(dir, 'no/such/dir/out'), file]);
    expect(badOut.code).toBe(4);
    expect(badOut.stderr).toContain('no such file or directory');
    const seek = await run(['-offset', '-1', file]);
    expect(seek.code).toBe(5);
    expect(seek.stderr).toBe(`seek ${file}: invalid argument\n`);
    const format = await run(['-format', 'xml', file]);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('invalid -format "xml"');
    const offset = await run(['-offset', 'ten', file]);
    expect(offset.code).toBe(2);
    expect(offset.stderr).toContain('invalid value "ten" for flag -offset');
  });
});

it('reads a message with unrecognised fields (printed as Go prints them)', () => {
  expect(unknownFieldsMessage().length).toBeGreaterThan(0);
  expect(golden('golden-utc.txt').toString('latin1')).toContain('Fields: [name:"u" 15:300 16:"a\\xff\\n" 17:1 ]');
});
