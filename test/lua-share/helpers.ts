/**
 * Test helpers: Lua evaluated in a real @heka/sandbox (fengari + @heka/lpeg) with this package's
 * modules on the module path, results brought out as exact JSON; decoders run in a real pipeline.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { definePlugin, type InputContext, Message, type MessageInit, NO_OPTIONS } from '@heka/core';
import { luaModulesDir, luaShareDir } from '@heka/lua-share';
import sandboxDecoderPlugin from '@heka/plugin-sandbox-decoder';
import { LuaSandbox } from '@heka/sandbox';
import { startTestPipeline, type TestPipeline } from '@heka/testkit';

const scripts = mkdtempSync(join(tmpdir(), 'lua-share-test-'));
let n = 0;

export function fixture(path: string): string {
  return readFileSync(new URL(`./fixtures/${path}`, import.meta.url), 'utf8');
}

export function fixtureLines(path: string): string[] {
  return fixture(path)
    .split('\n')
    .filter((l) => l !== '');
}

/** Lua: `json(v)` writes v as JSON with exact numbers ("%.17g"); nil -> null, non-finite -> strings. */
const JSON_LUA = String.raw`
local function json(v)
  local t = type(v)
  if t == "nil" then return "null" end
  if t == "boolean" then return tostring(v) end
  if t == "number" then
    if v ~= v then return '"nan"' end
    if v == math.huge then return '"inf"' end
    if v == -math.huge then return '"-inf"' end
    return string.format("%.17g", v)
  end
  if t == "string" then
    return '"' .. string.gsub(v, '[%c"\\\128-\255]', function(c)
      return string.format("\\u%04x", string.byte(c))
    end) .. '"'
  end
  if t == "table" then
    local n = 0
    for _ in pairs(v) do n = n + 1 end
    if n > 0 and n == #v then
      local out = {}
      for i = 1, n do out[i] = json(v[i]) end
      return "[" .. table.concat(out, ",") .. "]"
    end
    local keys = {}
    for k in pairs(v) do keys[#keys + 1] = tostring(k) end
    table.sort(keys)
    local out = {}
    for _, k in ipairs(keys) do
      local val = v[k]
      if val == nil then val = v[tonumber(k)] end
      out[#out + 1] = json(k) .. ":" .. json(val)
    end
    return "{" .. table.concat(out, ",") .. "}"
  end
  return json("<" .. t .. ">")
end
`;

export interface LuaFn {
  /** Calls the function with the input text; returns its results (an array) or throws its error. */
  (input?: string): unknown[];
  close(): void;
}

/**
 * Compiles `body` (Lua returning a function of one string argument) in a decoder sandbox whose
 * module_directory is this package's lua_modules; each call runs it through process_message.
 */
export async function luaFunction(body: string, config: Record<string, unknown> = {}): Promise<LuaFn> {
  const path = join(scripts, `f${++n}.lua`);
  writeFileSync(
    path,
    `${JSON_LUA}
local f = (function() ${body} end)()
function process_message()
  local input = read_message("Payload")
  local r = (function(...) return {n = select("#", ...), ...} end)(pcall(f, input))
  local out
  if r[1] then
    local n = r.n
    local vals = {}
    for i = 2, n do vals[i - 1] = json(r[i]) end
    out = '{"ok":[' .. table.concat(vals, ",") .. ']}'
  else
    out = '{"error":' .. json(tostring(r[2])) .. '}'
  end
  inject_payload("json", "", out)
  return 0
end
`,
  );
  let last = '';
  const sb = await LuaSandbox.create({
    kind: 'decoder',
    name: 'test',
    filename: path,
    moduleDirectories: [luaModulesDir],
    memoryLimit: 8 * 1024 * 1024,
    instructionLimit: 10_000_000,
    outputLimit: 1024 * 1024,
    config,
    inject: (payload) => {
      last = Buffer.from(payload).toString('utf8');
      return 0;
    },
  });
  const fn = ((input = '') => {
    sb.setMessage(new Message({ payload: input }));
    const r = sb.processMessage();
    sb.setMessage(undefined);
    if (r !== 0) throw new Error(`process_message returned ${r}: ${sb.lastError}`);
    const out = JSON.parse(last) as { ok?: unknown[]; error?: string };
    if (out.error !== undefined) throw new Error(out.error);
    return out.ok ?? [];
  }) as LuaFn;
  fn.close = () => sb.close();
  return fn;
}

/** The SandboxDecoder plugin, as hekad loads it. */
export const sandboxDecoder = sandboxDecoderPlugin;

/** An input delivering one message per record (Payload = the record, plus `extra` headers/fields). */
export function recordsInput(records: string[], extra: Partial<MessageInit> = {}) {
  return definePlugin({
    type: 'RecordsInput',
    kind: 'input',
    description: 'test records',
    configSchema: NO_OPTIONS,
    create: () => ({
      async run(ctx: InputContext) {
        for (const payload of records) {
          const r = ctx.deliver(new Message({ logger: ctx.name, hostname: 'input-host', ...extra, payload }));
          if (r) await r;
        }
        await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve(), { once: true }));
      },
    }),
  });
}

const running: TestPipeline[] = [];
export async function stopAll(): Promise<void> {
  await Promise.all(running.splice(0).map((p) => p.stop()));
}

/**
 * Runs `records` through `[dec] type = "SandboxDecoder"` with `filename = "lua_decoders/<decoder>.lua"`
 * as a Heka user writes it (share_dir is this package's lua/ directory).
 */
export async function decodeWith(
  decoder: string,
  config: Record<string, unknown>,
  records: string[],
  options: {
    extra?: Partial<MessageInit>;
    decoderKeys?: Record<string, unknown>;
    input?: Record<string, unknown>;
  } = {},
): Promise<TestPipeline> {
  const p = await startTestPipeline({
    sections: {
      feed: { definition: recordsInput(records, options.extra), config: { decoder: 'dec', ...options.input } },
      dec: {
        definition: sandboxDecoder,
        config: { filename: `lua_decoders/${decoder}.lua`, config, ...options.decoderKeys },
      },
    },
    globals: { shareDir: luaShareDir },
  });
  running.push(p);
  return p;
}

/** Nanoseconds of an ISO date (UTC unless it has an offset). */
export function ns(iso: string): bigint {
  return BigInt(Date.parse(iso)) * 1_000_000n;
}
