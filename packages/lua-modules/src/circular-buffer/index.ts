/**
 * `circular_buffer` (lua_circular_buffer 0.2.0 as built into Heka 0.10's lua_sandbox): the API, argument
 * checks and error texts of the C module. Times are nanoseconds in Lua numbers; results that are times
 * or data are floats (as in Lua 5.1), column numbers and row counts are integers.
 */
import { targetExpression } from '../bytes.js';
import {
  argCheck,
  checkAllocation,
  checkInt,
  checkOption,
  checkSelf,
  defineClass,
  type LuaState,
  lauxlib,
  lua,
  luaError,
  newUserdata,
  pushModule,
  raise,
  userdataValue,
} from '../lua.js';
import { AGGREGATIONS, CircularBuffer, cleanLabel } from './buffer.js';
import { COMPUTE_FUNCTIONS, compute, mannWhitneyU } from './stats.js';
import { fromString, outputText, serializeSource } from './text.js';

export const CIRCULAR_BUFFER_CLASS = 'mozsvc.circular_buffer';
const VERSION = '0.2.0';
const FORMATS = ['cbuf', 'cbufd'] as const;

function self(L: LuaState, minArgs: number): CircularBuffer {
  return checkSelf<CircularBuffer>(L, CIRCULAR_BUFFER_CLASS, minArgs, false);
}

function checkColumn(L: LuaState, cb: CircularBuffer, arg: number): number {
  const column = checkInt(L, arg) >>> 0; // C reads it into an unsigned
  argCheck(L, column >= 1 && column <= cb.columns, arg, 'column out of range');
  return column - 1;
}

function cbNew(L: LuaState): number {
  const n = lua.lua_gettop(L);
  argCheck(L, n >= 3 && n <= 4, 0, 'incorrect number of arguments');
  const rows = checkInt(L, 1);
  argCheck(L, rows > 1, 1, 'rows must be > 1');
  const columns = checkInt(L, 2);
  argCheck(L, columns > 0, 2, 'columns must be > 0');
  const spr = checkInt(L, 3);
  argCheck(L, spr > 0, 3, 'seconds_per_row is out of range');
  const delta = n === 4 && lua.lua_toboolean(L, 4);
  const size = 56 + columns * 28 + rows * columns * 8;
  checkAllocation(L, size);
  newUserdata(L, size, CIRCULAR_BUFFER_CLASS, new CircularBuffer(rows, columns, spr, delta));
  return 1;
}

function cbAdd(L: LuaState): number {
  const cb = self(L, 4);
  const ns = lauxlib.luaL_checknumber(L, 2);
  const row = cb.row(ns, true);
  const column = checkColumn(L, cb, 3);
  const value = lauxlib.luaL_checknumber(L, 4);
  if (row === -1) lua.lua_pushnil(L);
  else lua.lua_pushnumber(L, cb.add(ns, row, column, value));
  return 1;
}

function cbSet(L: LuaState): number {
  const cb = self(L, 4);
  const ns = lauxlib.luaL_checknumber(L, 2);
  const row = cb.row(ns, true);
  const column = checkColumn(L, cb, 3);
  const value = lauxlib.luaL_checknumber(L, 4);
  if (row === -1) lua.lua_pushnil(L);
  else lua.lua_pushnumber(L, cb.set(ns, row, column, value));
  return 1;
}

function cbGet(L: LuaState): number {
  const cb = self(L, 3);
  const row = cb.row(lauxlib.luaL_checknumber(L, 2), false);
  const column = checkColumn(L, cb, 3);
  if (row === -1) lua.lua_pushnil(L);
  else lua.lua_pushnumber(L, cb.get(row, column));
  return 1;
}

function cbGetConfiguration(L: LuaState): number {
  const cb = self(L, 1);
  lua.lua_pushnumber(L, cb.rows);
  lua.lua_pushnumber(L, cb.columns);
  lua.lua_pushnumber(L, cb.secondsPerRow);
  return 3;
}

function cbSetHeader(L: LuaState): number {
  const cb = self(L, 3);
  const column = checkColumn(L, cb, 2);
  const name = lauxlib.luaL_checklstring(L, 3);
  const unit = lua.lua_type(L, 4) <= lua.LUA_TNIL ? null : lauxlib.luaL_checklstring(L, 4);
  const aggregation = checkOption(L, 5, 'sum', AGGREGATIONS);
  const header = cb.headers[column] as CircularBuffer['headers'][number];
  header.aggregation = aggregation;
  header.name = cleanLabel(name, 15, '');
  header.unit = unit === null ? 'count' : cleanLabel(unit, 7, '/*');
  lua.lua_pushinteger(L, column + 1);
  return 1;
}

function cbGetHeader(L: LuaState): number {
  const cb = self(L, 2);
  const h = cb.headers[checkColumn(L, cb, 2)] as CircularBuffer['headers'][number];
  lua.lua_pushstring(L, h.name);
  lua.lua_pushstring(L, h.unit);
  lua.lua_pushstring(L, AGGREGATIONS[h.aggregation] as string);
  return 3;
}

function cbCompute(L: LuaState): number {
  const cb = self(L, 3);
  const fn = checkOption(L, 2, null, COMPUTE_FUNCTIONS);
  const column = checkColumn(L, cb, 3);
  const startNs = lauxlib.luaL_optnumber(L, 4, cb.startTime() * 1e9);
  const endNs = lauxlib.luaL_optnumber(L, 5, cb.currentTime * 1e9);
  argCheck(L, endNs >= startNs, 5, 'end must be >= start');
  const start = cb.row(startNs, false);
  const end = cb.row(endNs, false);
  if (start === -1 || end === -1) {
    lua.lua_pushnil(L);
    lua.lua_pushinteger(L, 0);
    return 2;
  }
  const [value, active] = compute(cb, fn, column, start, end);
  lua.lua_pushnumber(L, value);
  lua.lua_pushinteger(L, active);
  return 2;
}

function cbMannWhitneyU(L: LuaState): number {
  const cb = self(L, 6);
  const n = lua.lua_gettop(L);
  argCheck(L, n <= 7, 0, 'too many arguments');
  const column = checkColumn(L, cb, 2);
  const start1 = lauxlib.luaL_checknumber(L, 3);
  const end1 = lauxlib.luaL_checknumber(L, 4);
  argCheck(L, end1 >= start1, 4, 'end_1 must be >= start_1');
  const start2 = lauxlib.luaL_checknumber(L, 5);
  const end2 = lauxlib.luaL_checknumber(L, 6);
  argCheck(L, end2 >= start2, 6, 'end_2 must be >= start_2');
  argCheck(L, end1 < start2 || end2 < start1, 4, 'ranges must not overlap');
  let continuity = true;
  if (n === 7) {
    argCheck(L, lua.lua_type(L, 7) === lua.LUA_TBOOLEAN, 7, 'use_continuity must be a boolean');
    continuity = lua.lua_toboolean(L, 7);
  }
  const s1 = cb.row(start1, false);
  const e1 = cb.row(end1, false);
  if (s1 === -1 || e1 === -1) return 0;
  const s2 = cb.row(start2, false);
  const e2 = cb.row(end2, false);
  if (s2 === -1 || e2 === -1) return 0;
  const size1 = Math.trunc((end1 - start1) / 1e9 / cb.secondsPerRow) + 1;
  const size2 = Math.trunc((end2 - start2) / 1e9 / cb.secondsPerRow) + 1;
  const result = mannWhitneyU(
    cb,
    column,
    { start: s1, end: e1, size: size1 },
    { start: s2, end: e2, size: size2 },
    continuity,
  );
  if (result === null) return 0;
  lua.lua_pushnumber(L, result[0]);
  lua.lua_pushnumber(L, result[1]);
  return 2;
}

function cbCurrentTime(L: LuaState): number {
  const cb = self(L, 0);
  lua.lua_pushnumber(L, cb.currentTime * 1e9);
  return 1;
}

function cbFormat(L: LuaState): number {
  const cb = self(L, 2);
  argCheck(L, lua.lua_gettop(L) === 2, 0, 'incorrect number of arguments');
  cb.format = checkOption(L, 2, null, FORMATS);
  lua.lua_pop(L, 1);
  return 1;
}

function cbFromString(L: LuaState): number {
  const cb = self(L, 2);
  const r = fromString(cb, lauxlib.luaL_checklstring(L, 2));
  if (r.ok) return 0;
  switch (r.error) {
    case 'too few':
      return luaError(L, `fromstring() too few values: ${r.found}, expected ${r.expected}`);
    case 'too many':
      return luaError(L, `fromstring() too many values, more than: ${r.expected}`);
    case 'invalid delta':
      return raise(L, 'fromstring() invalid delta');
    default:
      return luaError(L, `fromstring() invalid current row: ${r.row}`);
  }
}

/** The sandbox output hook: the buffer's text in its current format (cbufd clears the deltas). */
function cbOutput(L: LuaState): number {
  const cb = userdataValue<CircularBuffer>(L, 1, CIRCULAR_BUFFER_CLASS);
  if (cb === undefined) return lauxlib.luaL_argerror(L, 1, 'circular_buffer expected');
  lua.lua_pushstring(L, outputText(cb));
  return 1;
}

export function openCircularBuffer(L: LuaState): number {
  defineClass(L, {
    name: CIRCULAR_BUFFER_CLASS,
    methods: {
      add: cbAdd,
      get: cbGet,
      get_configuration: cbGetConfiguration,
      set: cbSet,
      set_header: cbSetHeader,
      get_header: cbGetHeader,
      compute: cbCompute,
      mannwhitneyu: cbMannWhitneyU,
      current_time: cbCurrentTime,
      format: cbFormat,
      fromstring: cbFromString,
    },
    output: cbOutput,
  });
  return pushModule(L, 'circular_buffer', {
    new: cbNew,
    version: (l) => {
      lua.lua_pushstring(l, VERSION);
      return 1;
    },
  });
}

/** Preservation: Lua statements recreating the circular buffer at `index` into `globalName`. */
export function serializeCircularBuffer(L: LuaState, index: number, globalName: string): string {
  const cb = userdataValue<CircularBuffer>(L, index, CIRCULAR_BUFFER_CLASS);
  if (cb === undefined) throw new TypeError('not a circular_buffer');
  return serializeSource(cb, targetExpression(globalName));
}
