/** Inputs and outputs run as coroutines: long scripts share the event loop, injections wait for room. */
import { Message } from '@heka/core';
import { describe, expect, it } from 'vitest';
import { make } from './helpers.js';

describe('coroutine calls (inputs and outputs)', () => {
  it('lets timers run while a long process_message works', async () => {
    const m = await make(
      'output',
      'function process_message() local x = 0 for i = 1, 3e6 do x = x + i end return 0 end',
    );
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    try {
      m.sb.setMessage(new Message({}));
      const r = m.sb.callAsync('process_message');
      expect(r).toBeInstanceOf(Promise);
      expect(await r).toBe(0);
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThan(0);
  });

  it('waits while an injection is back-pressured, then goes on', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let answered = 0;
    const m = await make(
      'input',
      'function process_message() for i = 1, 3 do inject_message({Payload = "m" .. i}) end return 0 end',
      {
        answer: () => {
          answered++;
          return answered === 2 ? gate : 0;
        },
      },
    );
    const r = m.sb.callAsync('process_message');
    await new Promise((res) => setTimeout(res, 20));
    expect(m.injected.map((i) => i.message?.payload)).toEqual(['m1', 'm2']);
    release();
    expect(await r).toBe(0);
    expect(m.injected.map((i) => i.message?.payload)).toEqual(['m1', 'm2', 'm3']);
  });

  it("keeps the script's own coroutines working", async () => {
    const m = await make(
      'output',
      `function process_message()
         local co = coroutine.wrap(function() for i = 1, 3 do local x = 0 for j = 1, 1e5 do x = x + j end coroutine.yield(i) end end)
         local sum = co() + co() + co()
         local f = io.open(read_message("Payload"), "w")
         f:write(sum)
         f:close()
         return 0
       end`,
    );
    const { dir } = await import('./helpers.js');
    const file = `${dir}/coroutines.txt`;
    m.sb.setMessage(new Message({ payload: file }));
    expect(await m.sb.callAsync('process_message')).toBe(0);
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(file, 'utf8')).toBe('6');
  });

  it('terminates a script that yields from process_message itself', async () => {
    const m = await make('output', 'function process_message() coroutine.yield() return 0 end');
    m.sb.setMessage(new Message({}));
    expect(await m.sb.callAsync('process_message')).toBe(1);
    expect(m.sb.lastError).toBe('process_message() attempt to yield across a C-call boundary');
  });

  it('runs timer_event the same way, and gives up a waiting call when abandoned', async () => {
    const m = await make(
      'input',
      'n = 0 function process_message() inject_message({Payload = "x"}) n = n + 1 return 0 end function timer_event(ns) n = ns end',
      { answer: () => new Promise<void>(() => undefined) },
    );
    const pending = m.sb.callAsync('process_message');
    m.sb.abandon();
    expect(m.sb.callAsync('timer_event', 5)).toBe(0);
    expect(m.sb.preserve()).toContain('_G["n"] = 5');
    expect(pending).toBeInstanceOf(Promise);
  });
});
