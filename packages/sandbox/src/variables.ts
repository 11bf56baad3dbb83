/** Message variable names ("Type", "Fields[name]", ...) as read_message and write_message take them. */
import { type LuaState, lauxlib, lua, type TString, tstringAt } from './fengari.js';
import { text } from './strings.js';

export const V_TYPE = 1;
export const V_LOGGER = 2;
export const V_PAYLOAD = 3;
export const V_ENV = 4;
export const V_HOST = 5;
export const V_UUID = 6;
export const V_TS = 7;
export const V_SEV = 8;
export const V_PID = 9;
export const V_RAW = 10;
export const V_FIELD = 11;
export const V_UNKNOWN = 0;

const HEADERS: Readonly<Record<string, number>> = {
  Type: V_TYPE,
  Logger: V_LOGGER,
  Payload: V_PAYLOAD,
  EnvVersion: V_ENV,
  Hostname: V_HOST,
  Uuid: V_UUID,
  Timestamp: V_TS,
  Severity: V_SEV,
  Pid: V_PID,
  raw: V_RAW,
};

export const HEADER_NAMES = Object.fromEntries(Object.entries(HEADERS).map(([k, v]) => [v, k])) as Record<
  number,
  string
>;

export interface Variable {
  kind: number;
  field: string;
}

/** Message variable names, parsed once per Lua string object (scripts pass the same constants). */
const variables = new WeakMap<TString, Variable>();

function parseVariable(name: string): Variable {
  const kind = HEADERS[name];
  if (kind !== undefined) return { kind, field: '' };
  if (name.startsWith('Fields[') && name.endsWith(']')) return { kind: V_FIELD, field: name.slice(7, -1) };
  return { kind: V_UNKNOWN, field: '' };
}

export function variableAt(L: LuaState, idx: number): Variable {
  const ts = tstringAt(L, idx);
  let v = variables.get(ts);
  if (v === undefined) {
    v = parseVariable(text(ts.realstring));
    variables.set(ts, v);
  }
  return v;
}

/** luaL_optinteger with Lua 5.1's truncation of non-integral numbers (`n`: the argument count). */
export function optIndex(L: LuaState, arg: number, n = arg): number {
  if (n < arg || lua.lua_isnoneornil(L, arg)) return 0;
  return Math.trunc(lauxlib.luaL_checknumber(L, arg));
}
