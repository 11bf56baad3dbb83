/**
 * @heka/lua-modules: the Lua modules Heka's sandbox (lua_sandbox 0.x) offers, for fengari. Each module
 * is a "luaopen" function; the sandbox's `require` looks them up in `luaModules`. Userdata that can be
 * written to the output buffer carry an `__output` metatable function; `luaSerializers` recreate
 * userdata in preservation files. See README.md for both hooks.
 */

import { openBloomFilter, serializeBloomFilter } from './bloom-filter.js';
import { openCircularBuffer, serializeCircularBuffer } from './circular-buffer/index.js';
import { openCjson } from './cjson/index.js';
import { openCuckooFilter, serializeCuckooFilter } from './cuckoo-filter.js';
import type { LuaState } from './fengari.js';
import { openHyperLogLog, serializeHyperLogLog } from './hyperloglog.js';
import { openStruct } from './struct.js';

/** Pushes the module value onto the fengari state's stack and returns 1 (a lua_CFunction "luaopen"). */
export type LuaOpener = (L: unknown) => number;

/**
 * Lua source statements that recreate the userdata at stack `index` into `globalName` (an expression
 * such as `_G["data"]`, or a bare global name).
 */
export type LuaSerializer = (L: unknown, index: number, globalName: string) => string;

const opener =
  (open: (L: LuaState) => number): LuaOpener =>
  (L) =>
    open(L as LuaState);

const serializer =
  (serialize: (L: LuaState, index: number, globalName: string) => string): LuaSerializer =>
  (L, index, globalName) =>
    serialize(L as LuaState, index, globalName);

/** The modules by their `require` name. */
export const luaModules: Readonly<Record<string, LuaOpener>> = Object.freeze({
  cjson: opener(openCjson),
  circular_buffer: opener(openCircularBuffer),
  bloom_filter: opener(openBloomFilter),
  hyperloglog: opener(openHyperLogLog),
  cuckoo_filter: opener(openCuckooFilter),
  struct: opener(openStruct),
});

/** Preservation serializers by the userdata's metatable name (its `__name`). */
export const luaSerializers: Readonly<Record<string, LuaSerializer>> = Object.freeze({
  'mozsvc.circular_buffer': serializer(serializeCircularBuffer),
  'mozsvc.bloom_filter': serializer(serializeBloomFilter),
  'mozsvc.hyperloglog': serializer(serializeHyperLogLog),
  'mozsvc.cuckoo_filter': serializer(serializeCuckooFilter),
});

/** The registry table the sandbox fills (`output_limit` bounds cjson.encode, `memory_limit` userdata sizes). */
export const LSB_CONFIG_REGISTRY_KEY = 'lsb_config';

export { formatG, outputNumber, serializeNumber } from './cformat.js';
