/** preserve_data: lua_sandbox's preservation format, written and read back. */
import { Message } from '@heka/core';
import { describe, expect, it } from 'vitest';
import { PreservationError } from '../src/index.js';
import { make, run } from './helpers.js';

const latin1 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));

describe('preservation', () => {
  it('writes the globals as Lua source in lua_sandbox format', async () => {
    const m = await make(
      'filter',
      `require "string"
       count = 0
       rate = 0.12345678
       rates = {99.1, 98, 97, 92.002, 91.10001, key = "val"}
       kvp = {a = "foo", b = "bar", r = rates}
       nested = {arg1 = 1, nested = {n1 = "one"}, empty = nil}
       _G["key with spaces"] = "kws"
       boolean = true
       func = function(s) return s end
       nan = 0/0
       inf = 1/0
       ninf = -1/0
       cyclea = {type = "cycle a"}
       cyclea.self = cyclea
       escapes = "quote\\" backslash\\\\ nl\\n cr\\r nul\\0 bin\\255"
       big = 2^40
       with_mt = setmetatable({x = 1}, {})
       function process_message() return 0 end`,
    );
    expect(m.sb.preserve()).toBe(
      [
        'if _PRESERVATION_VERSION and _PRESERVATION_VERSION ~= 0 then return end',
        '_G["_VERSION"] = "Lua 5.1"',
        '_G["count"] = 0',
        '_G["rate"] = 0.12345678',
        '_G["rates"] = {}',
        '_G["rates"][1] = 99.1',
        '_G["rates"][2] = 98',
        '_G["rates"][3] = 97',
        '_G["rates"][4] = 92.002',
        '_G["rates"][5] = 91.10001',
        '_G["rates"]["key"] = "val"',
        '_G["kvp"] = {}',
        '_G["kvp"]["a"] = "foo"',
        '_G["kvp"]["b"] = "bar"',
        '_G["kvp"]["r"] = _G["rates"]',
        '_G["nested"] = {}',
        '_G["nested"]["arg1"] = 1',
        '_G["nested"]["nested"] = {}',
        '_G["nested"]["nested"]["n1"] = "one"',
        '_G["key with spaces"] = "kws"',
        '_G["boolean"] = true',
        '_G["nan"] = 0/0',
        '_G["inf"] = 1/0',
        '_G["ninf"] = -1/0',
        '_G["cyclea"] = {}',
        '_G["cyclea"]["type"] = "cycle a"',
        '_G["cyclea"]["self"] = _G["cyclea"]',
        '_G["escapes"] = "quote\\" backslash\\\\ nl\\\n cr\\r nul\\000 bin\xff"',
        '_G["big"] = 1099511627776',
        '',
      ].join('\n'),
    );
  });

  it('restores the globals after the script has loaded, and they work as before', async () => {
    const source = `count = 0
      names = {}
      function process_message()
        count = count + 1
        names[#names + 1] = read_message("Payload")
        inject_payload("txt", "", count, " ", table.concat(names, ","), " ", tostring(alias == names))
        return 0
      end`;
    const first = await make('filter', `${source}\nalias = names`);
    run(first.sb, new Message({ payload: 'a' }));
    run(first.sb, new Message({ payload: 'b' }));
    const saved = first.sb.preserve() as string;
    const second = await make('filter', source, { restore: latin1(saved) });
    run(second.sb, new Message({ payload: 'c' }));
    expect(second.injected[0]?.text).toBe('3 a,b,c true');
  });

  it('skips the data when the script changed _PRESERVATION_VERSION', async () => {
    const first = await make('filter', '_PRESERVATION_VERSION = 1 count = 5 function process_message() return 0 end');
    const saved = first.sb.preserve() as string;
    expect(saved.startsWith('if _PRESERVATION_VERSION and _PRESERVATION_VERSION ~= 1 then return end\n')).toBe(true);
    expect(saved).not.toContain('_G["_PRESERVATION_VERSION"]');
    const same = await make(
      'filter',
      '_PRESERVATION_VERSION = 1 count = 0 function process_message() inject_payload("txt", "", count) return 0 end',
      {
        restore: latin1(saved),
      },
    );
    run(same.sb);
    expect(same.injected[0]?.text).toBe('5');
    const changed = await make(
      'filter',
      '_PRESERVATION_VERSION = 2 count = 0 function process_message() inject_payload("txt", "", count) return 0 end',
      {
        restore: latin1(saved),
      },
    );
    run(changed.sb);
    expect(changed.injected[0]?.text).toBe('0');
  });

  it('reads a file written by Heka', async () => {
    const heka = '_G["_VERSION"] = "Lua 5.1"\n_G["count"] = 10\n';
    const m = await make(
      'filter',
      'count = 0 function process_message() count = count + 1 inject_payload("txt", "", count) return 0 end',
      {
        restore: latin1(heka),
      },
    );
    run(m.sb);
    expect(m.injected[0]?.text).toBe('11');
  });

  it('fails on a key it cannot write, as lua_sandbox did', async () => {
    const m = await make('filter', 't = {[function(x) return x end] = "foo"} function process_message() return 0 end');
    expect(() => m.sb.preserve()).toThrow(new PreservationError("serialize_data cannot preserve type 'function'"));
  });

  it('refuses to start on a broken preservation file', async () => {
    await expect(
      make('filter', 'function process_message() return 0 end', { restore: latin1('_G["x"] = = 1') }),
    ).rejects.toThrow(/^lsb_restore_global_data preservation:1: unexpected symbol near '='$/);
  });

  it('has nothing to preserve once terminated', async () => {
    const m = await make('filter', 'count = 1 function process_message() error("boom") end');
    run(m.sb);
    expect(m.sb.preserve()).toBeUndefined();
  });
});
