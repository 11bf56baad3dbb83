/**
 * The functions Heka gives a sandboxed script (reference §5.3), with lua_sandbox's argument rules and
 * error texts: read_config, read_message, read_next_field, write_message, decode_message,
 * add_to_payload, inject_payload, inject_message.
 */
import { decodeMessage as decodePb, type FieldValue, type Message } from '@heka/core';
import { buildMessage } from './build.js';
import { pushDecodedMessage } from './decode.js';
import { EncodeError, encodeTable, TooBigError } from './encode.js';
import { type LuaJsFunction, type LuaState, lauxlib, lua } from './fengari.js';
import { int64ToNumber } from './numbers.js';
import { OutputLimitError } from './output.js';
import type { LuaSandbox } from './sandbox.js';
import { bytesAt, pushText, text } from './strings.js';
import {
  optIndex,
  V_ENV,
  V_FIELD,
  V_HOST,
  V_LOGGER,
  V_PAYLOAD,
  V_PID,
  V_RAW,
  V_SEV,
  V_TS,
  V_TYPE,
  V_UUID,
  variableAt,
} from './variables.js';
import { writeMessage } from './write.js';

/** What an injection callback answers: 0 done, or lua_sandbox's failure codes 1..5. */
export type InjectStatus = 0 | 1 | 2 | 3 | 4 | 5;
/** A promise means "done, but wait for it before going on" (back-pressure; inputs only). */
export type InjectResult = InjectStatus | Promise<void>;

const INJECT_ERRORS: Readonly<Record<number, string>> = {
  1: 'protobuf unmarshal failed',
  2: 'exceeded InjectMessage count',
  3: 'exceeded MaxMsgLoops',
  4: "creates a circular reference (matches this plugin's message_matcher)",
  5: 'aborted',
};

function pushValue(sb: LuaSandbox, L: LuaState, v: FieldValue | undefined, cache: boolean): void {
  switch (typeof v) {
    case 'string':
      if (cache) sb.memory.debt += sb.strings.push(L, v);
      else pushText(L, v);
      return;
    case 'number':
      lua.lua_pushnumber(L, v);
      return;
    case 'bigint':
      lua.lua_pushnumber(L, int64ToNumber(v));
      return;
    case 'boolean':
      lua.lua_pushboolean(L, v);
      return;
    default:
      if (v instanceof Uint8Array && v.length > 0) lua.lua_pushlstring(L, v, v.length);
      else lua.lua_pushnil(L);
  }
}

function readMessage(sb: LuaSandbox): LuaJsFunction {
  return (L) => {
    const n = lua.lua_gettop(L);
    if (n < 1 || n > 3) lauxlib.luaL_error(L, 'read_message() incorrect number of arguments');
    if (lua.lua_type(L, 1) !== lua.LUA_TSTRING) lauxlib.luaL_checkstring(L, 1);
    const fi = optIndex(L, 2, n);
    if (fi < 0) lauxlib.luaL_argerror(L, 2, 'field index must be >= 0');
    const ai = optIndex(L, 3, n);
    if (ai < 0) lauxlib.luaL_argerror(L, 3, 'array index must be >= 0');
    const m = sb.message;
    if (m === undefined) {
      lua.lua_pushnil(L);
      return 1;
    }
    const v = variableAt(L, 1);
    switch (v.kind) {
      case V_TYPE:
        sb.memory.debt += sb.strings.push(L, m.type);
        break;
      case V_LOGGER:
        sb.memory.debt += sb.strings.push(L, m.logger);
        break;
      case V_PAYLOAD:
        sb.pushPayload(L, m.payload);
        break;
      case V_ENV:
        sb.memory.debt += sb.strings.push(L, m.envVersion);
        break;
      case V_HOST:
        sb.memory.debt += sb.strings.push(L, m.hostname);
        break;
      case V_UUID:
        pushText(L, m.uuidString);
        break;
      case V_TS:
        lua.lua_pushnumber(L, int64ToNumber(m.timestamp));
        break;
      case V_SEV:
        lua.lua_pushinteger(L, m.severity);
        break;
      case V_PID:
        lua.lua_pushinteger(L, m.pid);
        break;
      case V_RAW: {
        const raw = sb.raw();
        if (raw && raw.length > 0) lua.lua_pushlstring(L, raw, raw.length);
        else lua.lua_pushnil(L);
        break;
      }
      case V_FIELD: {
        const f = m.getField(v.field, fi);
        pushValue(sb, L, f?.value[ai], true);
        break;
      }
      default:
        lua.lua_pushnil(L);
    }
    return 1;
  };
}

const VALUE_CODES: Readonly<Record<string, number>> = { string: 0, bytes: 1, integer: 2, double: 3, bool: 4 };

function readNextField(sb: LuaSandbox): LuaJsFunction {
  return (L) => {
    if (lua.lua_gettop(L) !== 0) lauxlib.luaL_error(L, 'read_next_field() takes no arguments');
    const fields = sb.message?.fields;
    const f = fields?.[sb.fieldCursor];
    if (f === undefined) {
      for (let i = 0; i < 5; i++) lua.lua_pushnil(L);
      return 5;
    }
    sb.fieldCursor++;
    lua.lua_pushinteger(L, VALUE_CODES[f.valueType] ?? 0);
    sb.memory.debt += sb.strings.push(L, f.name);
    pushValue(sb, L, f.value[0], true);
    sb.memory.debt += sb.strings.push(L, f.representation);
    lua.lua_pushinteger(L, f.value.length);
    return 5;
  };
}

function readConfig(sb: LuaSandbox): LuaJsFunction {
  return (L) => {
    if (lua.lua_gettop(L) !== 1) lauxlib.luaL_error(L, 'read_config() must have a single argument');
    const name = text(lauxlib.luaL_checkstring(L, 1));
    const v = Object.hasOwn(sb.config, name) ? sb.config[name] : undefined;
    if (typeof v === 'string') pushText(L, v);
    else if (typeof v === 'number') lua.lua_pushnumber(L, v);
    else if (typeof v === 'bigint') lua.lua_pushnumber(L, Number(v));
    else if (typeof v === 'boolean') lua.lua_pushboolean(L, v);
    else lua.lua_pushnil(L);
    return 1;
  };
}

function decodeMessage(sb: LuaSandbox): LuaJsFunction {
  return (L) => {
    if (lua.lua_gettop(L) !== 1 || lua.lua_type(L, 1) !== lua.LUA_TSTRING) {
      lauxlib.luaL_argerror(L, 0, 'must have one string argument');
    }
    const size = pushDecodedMessage(L, bytesAt(L, 1) as Uint8Array);
    sb.memory.charge(L, size, false);
    return 1;
  };
}

function addToPayload(sb: LuaSandbox): LuaJsFunction {
  return (L) => {
    const n = lua.lua_gettop(L);
    if (n === 0) lauxlib.luaL_argerror(L, 0, 'must have at least one argument');
    appendOutput(sb, L, 1, n);
    return 0;
  };
}

function appendOutput(sb: LuaSandbox, L: LuaState, from: number, to: number): void {
  try {
    sb.output.appendValues(L, from, to);
  } catch (e) {
    if (e instanceof OutputLimitError) lauxlib.luaL_error(L, 'output_limit exceeded');
    throw e;
  }
}

function injectFailed(L: LuaState, fn: string, status: number): never {
  return lauxlib.luaL_error(L, '%s', `${fn} ${INJECT_ERRORS[status] ?? 'unknown error'}`);
}

function deliver(sb: LuaSandbox, L: LuaState, fn: string, payload: Uint8Array, type: string, name: string): number {
  const r = sb.inject(payload, type, name);
  if (typeof r === 'number') {
    if (r !== 0) injectFailed(L, fn, r);
    return 0;
  }
  return sb.waitFor(L, r);
}

function injectPayload(sb: LuaSandbox): LuaJsFunction {
  return (L) => {
    const n = lua.lua_gettop(L);
    let type = 'txt';
    let name = '';
    if (n > 0) {
      const t = lauxlib.luaL_checklstring(L, 1);
      if (t.length > 0) type = text(t);
    }
    if (n > 1) name = text(lauxlib.luaL_checkstring(L, 2));
    if (n > 2) appendOutput(sb, L, 3, n);
    if (sb.output.pos === 0) return 0;
    return deliver(sb, L, 'inject_payload()', sb.output.take(), type, name);
  };
}

function encodeFailed(L: LuaState, e: unknown): never {
  if (e instanceof EncodeError)
    lauxlib.luaL_error(L, '%s', `inject_message() could not encode protobuf - ${e.message}`);
  if (e instanceof TooBigError) lauxlib.luaL_error(L, 'inject_message() output_limit exceeded');
  throw e;
}

/** lua_sandbox's serialisation of the table at 1 (the output buffer's bytes). */
function encodeArg(sb: LuaSandbox, L: LuaState): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = encodeTable(L, 1, sb.output.limit);
  } catch (e) {
    encodeFailed(L, e);
  }
  if (bytes.length > sb.output.maximum) sb.output.maximum = bytes.length;
  return bytes;
}

/**
 * A table for a plugin that takes messages (decoders, filters, inputs): built directly (build.ts), or
 * through lua_sandbox's bytes when the table needs the Lua API. Either way the same message.
 */
function injectTable(sb: LuaSandbox, L: LuaState): number {
  let built: ReturnType<typeof buildMessage>;
  try {
    built = buildMessage(L, 1, sb.output.limit);
  } catch (e) {
    encodeFailed(L, e);
  }
  let m: Message;
  let size: number;
  if (built !== undefined) {
    m = built.message;
    size = built.size;
    if (size > sb.output.maximum) sb.output.maximum = size;
  } else {
    const bytes = encodeArg(sb, L);
    size = bytes.length;
    try {
      m = decodePb(bytes).clone(); // a message of its own, like the direct path's
    } catch {
      return injectFailed(L, 'inject_message()', 1);
    }
  }
  const r = sb.injectMessage(m, size, () => encodeTable(L, 1, 0));
  if (typeof r === 'number') {
    if (r !== 0) injectFailed(L, 'inject_message()', r);
    return 0;
  }
  return sb.waitFor(L, r);
}

function injectMessage(sb: LuaSandbox): LuaJsFunction {
  return (L) => {
    const t = lua.lua_type(L, 1);
    if (lua.lua_gettop(L) !== 1 || (t !== lua.LUA_TSTRING && t !== lua.LUA_TTABLE)) {
      lauxlib.luaL_error(L, 'inject_message() takes a single string or table argument');
    }
    let bytes: Uint8Array;
    if (t === lua.LUA_TSTRING) {
      bytes = bytesAt(L, 1) as Uint8Array;
    } else {
      // The table is serialised into the output buffer, replacing anything add_to_payload left there.
      sb.output.reset();
      if (sb.takesMessages) return injectTable(sb, L);
      bytes = encodeArg(sb, L);
    }
    if (bytes.length === 0) return 0;
    return deliver(sb, L, 'inject_message()', bytes, '', '');
  };
}

/** Registers the functions a sandbox of this kind gets (lua_sandbox_interface.c's sandbox_init). */
export function registerApi(sb: LuaSandbox): void {
  const L = sb.L;
  const set = (name: string, fn: LuaJsFunction): void => {
    lua.lua_pushcfunction(L, fn);
    lua.lua_setglobal(L, name);
  };
  set('read_config', readConfig(sb));
  set('decode_message', decodeMessage(sb));
  const kind = sb.kind;
  if (kind === 'input') set('inject_message', injectMessage(sb));
  if (kind === 'output' || kind === 'filter' || kind === 'decoder' || kind === 'encoder') {
    set('read_message', readMessage(sb));
    set('read_next_field', readNextField(sb));
  }
  if (kind === 'filter' || kind === 'decoder' || kind === 'encoder') {
    set('inject_payload', injectPayload(sb));
    set('inject_message', injectMessage(sb));
    set('add_to_payload', addToPayload(sb));
    if (kind !== 'filter') set('write_message', writeMessage(sb));
  }
}
