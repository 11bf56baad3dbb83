/**
 * The sandbox `os` library. Time is always UTC inside a sandbox (lua_sandbox set TZ=UTC), so os.date
 * and os.time use UTC whatever the process time zone; os.date formats with the C locale's strftime.
 * Decoders, filters and encoders keep clock, date, difftime and time; inputs and outputs also getenv,
 * execute, remove, rename and tmpname.
 */
import { LONG_DAY_NAMES, LONG_MONTH_NAMES } from '@heka/go-time';
import { type LuaState, lauxlib, lua } from './fengari.js';
import { text } from './strings.js';

const DAYS = LONG_DAY_NAMES;
const MONTHS = LONG_MONTH_NAMES;

const p2 = (n: number): string => String(n).padStart(2, '0');
const p3 = (n: number): string => String(n).padStart(3, '0');
const s2 = (n: number): string => String(n).padStart(2, ' ');

function yday(d: Date): number {
  return Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86400000);
}

/** ISO 8601 week-based year and week. */
function isoWeek(d: Date): { year: number; week: number } {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const year = t.getUTCFullYear();
  const week = Math.ceil(((t.getTime() - Date.UTC(year, 0, 1)) / 86400000 + 1) / 7);
  return { year, week };
}

/** C-locale strftime in UTC. */
export function strftime(fmt: string, d: Date): string {
  let out = '';
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i] as string;
    if (c !== '%' || i + 1 >= fmt.length) {
      out += c;
      continue;
    }
    const k = fmt[++i] as string;
    const Y = d.getUTCFullYear();
    const H = d.getUTCHours();
    const wday = d.getUTCDay();
    switch (k) {
      case 'a':
        out += (DAYS[wday] as string).slice(0, 3);
        break;
      case 'A':
        out += DAYS[wday];
        break;
      case 'b':
      case 'h':
        out += (MONTHS[d.getUTCMonth()] as string).slice(0, 3);
        break;
      case 'B':
        out += MONTHS[d.getUTCMonth()];
        break;
      case 'c':
        out += strftime('%a %b %e %H:%M:%S %Y', d);
        break;
      case 'C':
        out += p2(Math.floor(Y / 100));
        break;
      case 'd':
        out += p2(d.getUTCDate());
        break;
      case 'D':
      case 'x':
        out += strftime('%m/%d/%y', d);
        break;
      case 'e':
        out += s2(d.getUTCDate());
        break;
      case 'F':
        out += strftime('%Y-%m-%d', d);
        break;
      case 'g':
        out += p2(isoWeek(d).year % 100);
        break;
      case 'G':
        out += String(isoWeek(d).year);
        break;
      case 'H':
        out += p2(H);
        break;
      case 'I':
        out += p2(H % 12 || 12);
        break;
      case 'j':
        out += p3(yday(d) + 1);
        break;
      case 'k':
        out += s2(H);
        break;
      case 'l':
        out += s2(H % 12 || 12);
        break;
      case 'm':
        out += p2(d.getUTCMonth() + 1);
        break;
      case 'M':
        out += p2(d.getUTCMinutes());
        break;
      case 'n':
        out += '\n';
        break;
      case 'p':
        out += H < 12 ? 'AM' : 'PM';
        break;
      case 'P':
        out += H < 12 ? 'am' : 'pm';
        break;
      case 'r':
        out += strftime('%I:%M:%S %p', d);
        break;
      case 'R':
        out += strftime('%H:%M', d);
        break;
      case 's':
        out += String(Math.floor(d.getTime() / 1000));
        break;
      case 'S':
        out += p2(d.getUTCSeconds());
        break;
      case 't':
        out += '\t';
        break;
      case 'T':
      case 'X':
        out += strftime('%H:%M:%S', d);
        break;
      case 'u':
        out += String(wday || 7);
        break;
      case 'U':
        out += p2(Math.floor((yday(d) + 7 - wday) / 7));
        break;
      case 'V':
        out += p2(isoWeek(d).week);
        break;
      case 'w':
        out += String(wday);
        break;
      case 'W':
        out += p2(Math.floor((yday(d) + 7 - ((wday + 6) % 7)) / 7));
        break;
      case 'y':
        out += p2(Y % 100);
        break;
      case 'Y':
        out += String(Y);
        break;
      case 'z':
        out += '+0000';
        break;
      case 'Z':
        out += 'UTC';
        break;
      case '%':
        out += '%';
        break;
      default:
        out += `%${k}`;
    }
  }
  return out;
}

function date(L: LuaState): number {
  let fmt = text(lauxlib.luaL_optstring(L, 1, '%c') as Uint8Array);
  const t = lua.lua_isnoneornil(L, 2) ? Date.now() / 1000 : lauxlib.luaL_checknumber(L, 2);
  const d = new Date(Math.trunc(t) * 1000);
  if (fmt.startsWith('!')) fmt = fmt.slice(1);
  if (fmt.startsWith('*t')) {
    lua.lua_createtable(L, 0, 9);
    const set = (k: string, v: number): void => {
      lua.lua_pushnumber(L, v);
      lua.lua_setfield(L, -2, k);
    };
    set('sec', d.getUTCSeconds());
    set('min', d.getUTCMinutes());
    set('hour', d.getUTCHours());
    set('day', d.getUTCDate());
    set('month', d.getUTCMonth() + 1);
    set('year', d.getUTCFullYear());
    set('wday', d.getUTCDay() + 1);
    set('yday', yday(d) + 1);
    lua.lua_pushboolean(L, false);
    lua.lua_setfield(L, -2, 'isdst');
    return 1;
  }
  lua.lua_pushliteral(L, strftime(fmt, d));
  return 1;
}

function field(L: LuaState, key: string, def: number | undefined): number {
  lua.lua_getfield(L, 1, key);
  const v = lua.lua_isnumber(L, -1) ? Math.trunc(lua.lua_tonumber(L, -1)) : undefined;
  lua.lua_pop(L, 1);
  if (v !== undefined) return v;
  if (def === undefined) return lauxlib.luaL_error(L, '%s', `field '${key}' missing in date table`);
  return def;
}

function time(L: LuaState): number {
  if (lua.lua_isnoneornil(L, 1)) {
    lua.lua_pushnumber(L, Math.floor(Date.now() / 1000));
    return 1;
  }
  lauxlib.luaL_checktype(L, 1, lua.LUA_TTABLE);
  const d = new Date(0);
  d.setUTCFullYear(field(L, 'year', undefined), field(L, 'month', undefined) - 1, field(L, 'day', undefined));
  d.setUTCHours(field(L, 'hour', 12), field(L, 'min', 0), field(L, 'sec', 0), 0);
  const s = d.getTime() / 1000;
  if (Number.isNaN(s)) lua.lua_pushnil(L);
  else lua.lua_pushnumber(L, s);
  return 1;
}

function clock(L: LuaState): number {
  const u = process.cpuUsage();
  lua.lua_pushnumber(L, (u.user + u.system) / 1e6);
  return 1;
}

function difftime(L: LuaState): number {
  lua.lua_pushnumber(L, lauxlib.luaL_checknumber(L, 1) - lauxlib.luaL_optnumber(L, 2, 0));
  return 1;
}

/** Adjusts the os table at the top of the stack. */
export function installOs(L: LuaState, io: boolean): void {
  const removed = io
    ? ['exit', 'setlocale']
    : ['getenv', 'execute', 'exit', 'remove', 'rename', 'setlocale', 'tmpname'];
  for (const name of removed) {
    lua.lua_pushnil(L);
    lua.lua_setfield(L, -2, name);
  }
  for (const [name, fn] of Object.entries({ date, time, clock, difftime })) {
    lua.lua_pushcfunction(L, fn);
    lua.lua_setfield(L, -2, name);
  }
}
