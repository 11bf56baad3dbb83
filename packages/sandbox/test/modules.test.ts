/** Integration with the module packages: @heka/lpeg, @heka/lua-modules and @heka/lua-share through require. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Message } from '@heka/core';
import { luaModulesDir } from '@heka/lua-share';
import { describe, expect, it } from 'vitest';
import { make, run } from './helpers.js';

const latin1 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));

describe('module packages', () => {
  it('runs an LPeg decoder grammar written for Heka', async () => {
    const m = await make(
      'decoder',
      `require("lpeg")
       local l = lpeg
       l.locale(l)
       local space = l.space^1
       local timestamp = l.Cg((l.R"09"^1 / "%0000000000"), "Timestamp")
       local severity = l.Cg(l.P"debug" / "7" + l.P"info" / "6" + (l.P"warning" + "warn") / "4", "Severity")
       local key = l.C(l.alpha^1)
       local value = l.C(l.R"!~"^1)
       local pair = space * l.Cg(key * "=" * value)
       local fields = l.Cg(l.Cf(l.Ct("") * pair^0, rawset), "Fields")
       local grammar = l.Ct(timestamp * space * severity * fields)
       function process_message()
         local t = grammar:match(read_message("Payload"))
         if not t then return -1, "LPeg grammar failed to match" end
         inject_message(t)
         return 0
       end`,
    );
    expect(run(m.sb, new Message({ payload: '1376389920 debug id=2321 url=example.com item=1' }))).toEqual([0, '']);
    const msg = m.injected[0]?.message;
    expect(msg?.timestamp).toBe(1376389920000000000n);
    expect(msg?.severity).toBe(7);
    expect(msg?.fields.map((f) => [f.name, f.value[0]])).toEqual([
      ['id', '2321'],
      ['url', 'example.com'],
      ['item', '1'],
    ]);
    expect(run(m.sb, new Message({ payload: 'nonsense' }))).toEqual([-1, 'LPeg grammar failed to match']);
  });

  it('encodes JSON with cjson, bounded by output_limit', async () => {
    const m = await make(
      'filter',
      `require "cjson"
       function process_message()
         if read_message("Payload") == "big" then
           inject_payload("json", "", cjson.encode({s = string.rep("x", 300)}))
         else
           inject_payload("json", "", cjson.encode({x = 1, list = {1, 2, 3}}))
         end
         return 0
       end`,
      { outputLimit: 256 },
    );
    expect(run(m.sb, new Message({ payload: 'small' }))).toEqual([0, '']);
    expect(JSON.parse(m.injected[0]?.text ?? '')).toEqual({ x: 1, list: [1, 2, 3] });
    const [r, err] = run(m.sb, new Message({ payload: 'big' }));
    expect(r).toBe(1);
    expect(err).toMatch(/output_limit exceeded/);
  });

  it("writes a circular buffer into the output and preserves it through the module's serializer", async () => {
    const source = `require "circular_buffer"
      data = circular_buffer.new(3, 1, 60)
      data:set_header(1, "Requests", "count", "sum")
      function process_message()
        data:add(read_message("Timestamp"), 1, 1)
        inject_payload("cbuf", "requests", data)
        return 0
      end`;
    const first = await make('filter', source);
    expect(run(first.sb, new Message({ timestamp: 120n * 1000000000n }))).toEqual([0, '']);
    expect(first.injected[0]?.type).toBe('cbuf');
    expect(first.injected[0]?.text.split('\n')[0]).toContain(
      '"column_info":[{"name":"Requests","unit":"count","aggregation":"sum"}]',
    );
    const saved = first.sb.preserve() as string;
    expect(saved).toContain('_G["data"]:fromstring(');
    const second = await make('filter', source, { restore: latin1(saved) });
    expect(run(second.sb, new Message({ timestamp: 120n * 1000000000n }))).toEqual([0, '']);
    expect(second.injected[0]?.text.split('\n').slice(1, 4)).toEqual(['nan', 'nan', '2']);
  });

  it("finds Heka's grammar modules in @heka/lua-share after module_directory", async () => {
    const source = `local dt = require "date_time"
      local clf = require "common_log_format"
      function process_message()
        local t = dt.rfc3339:match(read_message("Payload"))
        inject_payload("txt", "", string.format("%d", dt.time_to_ns(t)), " ", type(clf.build_nginx_grammar), " ", dt.origin or "lua-share")
        return 0
      end`;
    const m = await make('decoder', source);
    expect(run(m.sb, new Message({ payload: '2015-01-15T12:00:00Z' }))).toEqual([0, '']);
    expect(m.injected[0]?.text).toBe('1421323200000000000 function lua-share');

    // A module_directory file of the same name comes first, as in Heka.
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-modules-'));
    mkdirSync(join(dir, 'mods'));
    writeFileSync(
      join(dir, 'mods', 'date_time.lua'),
      'local M = {origin = "module_directory", rfc3339 = {match = function(_, s) return s end}}\n' +
        'function M.time_to_ns(t) return 7 end\nreturn M',
    );
    const own = await make('decoder', source.replace('require "common_log_format"', '{build_nginx_grammar = print}'), {
      moduleDirectories: [join(dir, 'mods')],
    });
    expect(run(own.sb, new Message({ payload: 'x' }))).toEqual([0, '']);
    expect(own.injected[0]?.text).toBe('7 nil module_directory');
  });

  it('names the module_directory candidates when a module is nowhere', async () => {
    const m = await make('decoder', 'function process_message() require "no_such_grammar" return 0 end', {
      moduleDirectories: ['/opt/mods'],
    });
    const [status, error] = run(m.sb, new Message({}));
    expect(status).toBe(1);
    expect(error).toContain(
      "module 'no_such_grammar' not found:\n\tno file '/opt/mods/no_such_grammar.lua'\n\tno file '/opt/mods/no_such_grammar.so'",
    );
    expect(error).not.toContain(luaModulesDir);
  });
});
