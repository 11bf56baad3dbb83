/**
 * `cjson`: lua-cjson 2.1.0 as lua_sandbox 0.x built it for Heka. Differences from upstream lua-cjson:
 * JSON null is dropped on decode unless `cjson.decode_null(true)`; `cjson.new`, `cjson.safe` and
 * `encode_keep_buffer` do not exist; encode output is bounded by the sandbox's output_limit (registry
 * `lsb_config.output_limit`); encode_number_precision accepts 1..17; the configuration functions no
 * longer pad missing arguments with nil (so `cjson.encode_max_depth()` is an argument error).
 */
import {
  argCheck,
  checkInt,
  checkOption,
  configNumber,
  type LuaJsFunction,
  type LuaState,
  lauxlib,
  lua,
} from '../lua.js';
import { defaultConfig, type JsonConfig } from './config.js';
import { decode } from './decode.js';
import { encode } from './encode.js';

export const CJSON_VERSION = '2.1.0';

const BOOL_OPTIONS = ['off', 'on'] as const;
const INVALID_NUMBER_OPTIONS = ['off', 'on', 'null'] as const;
const INT_MAX = 2147483647;

/** json_arg_init: at most `args` arguments. */
function argInit(L: LuaState, args: number): void {
  argCheck(L, lua.lua_gettop(L) <= args, args + 1, 'found too many arguments');
}

/** json_integer_option (its range error always names argument 1, as lua-cjson's did). */
function integerOption(L: LuaState, idx: number, value: number, min: number, max: number): number {
  let v = value;
  if (lua.lua_type(L, idx) !== lua.LUA_TNIL) {
    const n = checkInt(L, idx);
    argCheck(L, min <= n && n <= max, 1, `expected integer between ${min} and ${max}`);
    v = n;
  }
  lua.lua_pushinteger(L, v);
  return v;
}

/** json_enum_option with bool_true = 1. */
function enumOption(L: LuaState, idx: number, value: number, options: readonly string[]): number {
  let v = value;
  if (lua.lua_type(L, idx) !== lua.LUA_TNIL) {
    if (lua.lua_type(L, idx) === lua.LUA_TBOOLEAN) v = lua.lua_toboolean(L, idx) ? 1 : 0;
    else v = checkOption(L, idx, null, options);
  }
  if (v === 0 || v === 1) lua.lua_pushboolean(L, v === 1);
  else lua.lua_pushstring(L, options[v] as string);
  return v;
}

function functions(cfg: JsonConfig): Record<string, LuaJsFunction> {
  return {
    encode: (L) => {
      argCheck(L, lua.lua_gettop(L) === 1, 1, 'expected 1 argument');
      const json = encode(L, cfg, configNumber(L, 'output_limit'));
      lua.lua_pushstring(L, json);
      return 1;
    },
    decode: (L) => {
      argCheck(L, lua.lua_gettop(L) === 1, 1, 'expected 1 argument');
      decode(L, cfg, lauxlib.luaL_checklstring(L, 1));
      return 1;
    },
    encode_sparse_array: (L) => {
      argInit(L, 3);
      cfg.encodeSparseConvert = enumOption(L, 1, cfg.encodeSparseConvert, BOOL_OPTIONS);
      cfg.encodeSparseRatio = integerOption(L, 2, cfg.encodeSparseRatio, 0, INT_MAX);
      cfg.encodeSparseSafe = integerOption(L, 3, cfg.encodeSparseSafe, 0, INT_MAX);
      return 3;
    },
    encode_max_depth: (L) => {
      argInit(L, 1);
      cfg.encodeMaxDepth = integerOption(L, 1, cfg.encodeMaxDepth, 1, INT_MAX);
      return 1;
    },
    decode_max_depth: (L) => {
      argInit(L, 1);
      cfg.decodeMaxDepth = integerOption(L, 1, cfg.decodeMaxDepth, 1, INT_MAX);
      return 1;
    },
    encode_number_precision: (L) => {
      argInit(L, 1);
      cfg.encodeNumberPrecision = integerOption(L, 1, cfg.encodeNumberPrecision, 1, 17);
      return 1;
    },
    encode_invalid_numbers: (L) => {
      argInit(L, 1);
      cfg.encodeInvalidNumbers = enumOption(L, 1, cfg.encodeInvalidNumbers, INVALID_NUMBER_OPTIONS);
      return 1;
    },
    decode_invalid_numbers: (L) => {
      argInit(L, 1);
      cfg.decodeInvalidNumbers = enumOption(L, 1, cfg.decodeInvalidNumbers, BOOL_OPTIONS);
      return 1;
    },
    decode_null: (L) => {
      argInit(L, 1);
      cfg.decodeNull = enumOption(L, 1, cfg.decodeNull, BOOL_OPTIONS);
      return 1;
    },
  };
}

/** luaopen_cjson: a fresh configuration per opening; also sets the global `cjson`. */
export function openCjson(L: LuaState): number {
  const fns = functions(defaultConfig());
  lua.lua_createtable(L, 0, 12);
  for (const [name, fn] of Object.entries(fns)) {
    lua.lua_pushcfunction(L, fn);
    lua.lua_setfield(L, -2, name);
  }
  lua.lua_pushlightuserdata(L, null);
  lua.lua_setfield(L, -2, 'null');
  lua.lua_pushstring(L, 'cjson');
  lua.lua_setfield(L, -2, '_NAME');
  lua.lua_pushstring(L, CJSON_VERSION);
  lua.lua_setfield(L, -2, '_VERSION');
  lua.lua_pushvalue(L, -1);
  lua.lua_setglobal(L, 'cjson');
  return 1;
}
