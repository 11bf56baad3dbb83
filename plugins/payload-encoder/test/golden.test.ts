// Expected text was produced by Heka's own PayloadEncoder run on these messages, with the same TZ.
import { Message } from '@heka/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encode, messageA } from './fixture.js';

const PAYLOAD = 'GET /cart?item=7&qty=2 <200> "ok"\tdone\\';
const saved = process.env.TZ;
beforeAll(() => {
  process.env.TZ = 'America/Chicago';
});
afterAll(() => {
  if (saved === undefined) delete process.env.TZ;
  else process.env.TZ = saved;
});

describe('PayloadEncoder (as Heka writes it)', () => {
  it('writes the payload and a newline by default', async () => {
    expect(await encode({}, messageA())).toBe(`${PAYLOAD}\n`);
  });
  it('append_newlines = false writes the payload alone', async () => {
    expect(await encode({ append_newlines: false }, messageA())).toBe(PAYLOAD);
  });
  it('prefix_ts writes the message time in local time, then a space', async () => {
    expect(await encode({ prefix_ts: true }, messageA())).toBe(`[2024/Mar/09:01:05:03 -0600] ${PAYLOAD}\n`);
    expect(await encode({ prefix_ts: true }, Message.empty())).toBe('[1969/Dec/31:18:00:00 -0600] \n');
  });
  it('ts_format takes every strftime directive; no newline with append_newlines = false', async () => {
    const ts_format =
      '%A %a %B %b %C %D %d %e %F %f %H %h %I %j %k %l %M %m %n %P %p %R %r %S %s %T %t %v %w %Y %y %Z %z %% %Q %';
    expect(await encode({ prefix_ts: true, append_newlines: false, ts_format }, messageA())).toBe(
      'Saturday Sat March Mar 2024 03/09/24 09  9 2024-03-09 123456 01 Mar 01 069  1  1 05 03 \n am AM 01:05 ' +
        `01:05:03 AM 03 1709967903 01:05:03 \t  9-Mar-2024 6 2024 24 CST -0600 % %Q % ${PAYLOAD}`,
    );
  });
  it('does not add a second space to a format that ends with one', async () => {
    expect(await encode({ prefix_ts: true, ts_format: '%H:%M:%S ' }, messageA())).toBe(`01:05:03 ${PAYLOAD}\n`);
  });
  it('writes a negative offset with minutes as Heka does', async () => {
    process.env.TZ = 'America/St_Johns';
    try {
      expect(await encode({ prefix_ts: true }, messageA())).toBe(`[2024/Mar/09:03:35:03 -03-30] ${PAYLOAD}\n`);
      expect(await encode({ prefix_ts: true, ts_format: '%T %Z' }, messageA())).toBe(`03:35:03 NST ${PAYLOAD}\n`);
    } finally {
      process.env.TZ = 'America/Chicago';
    }
  });
  it('writes a positive offset with minutes, and the zone name, as Heka does', async () => {
    process.env.TZ = 'Asia/Kolkata';
    try {
      expect(await encode({ prefix_ts: true, ts_format: '%F %T %z %Z' }, messageA())).toBe(
        `2024-03-09 12:35:03 +0530 IST ${PAYLOAD}\n`,
      );
      expect(await encode({ prefix_ts: true }, Message.empty())).toBe('[1970/Jan/01:05:30:00 +0530] \n');
    } finally {
      process.env.TZ = 'America/Chicago';
    }
  });
});

describe('PayloadEncoder options', () => {
  it('ts_from_message = false stamps the time of encoding', async () => {
    const before = new Date();
    const out = await encode({ prefix_ts: true, ts_from_message: false, ts_format: '%s' }, messageA());
    const stamp = Number(out.split(' ')[0]);
    expect(stamp).toBeGreaterThanOrEqual(Math.floor(before.getTime() / 1000));
    expect(stamp).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));
    expect(out.endsWith(` ${PAYLOAD}\n`)).toBe(true);
  });
  it('ts_from_message has no effect without prefix_ts', async () => {
    expect(await encode({ ts_from_message: false }, messageA())).toBe(`${PAYLOAD}\n`);
  });
  it('an empty payload is a lone newline, or nothing', async () => {
    expect(await encode({}, Message.empty())).toBe('\n');
    expect(await encode({ append_newlines: false }, Message.empty())).toBe('');
  });
  it('keeps multi-byte text intact', async () => {
    expect(await encode({}, new Message({ payload: 'naïve ☃ 😀' }))).toBe('naïve ☃ 😀\n');
  });
});
