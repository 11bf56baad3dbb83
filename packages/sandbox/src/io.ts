/**
 * A small `io` library for SandboxInput and SandboxOutput scripts (fengari's own io cannot open files):
 * io.open, io.close, io.read, io.write, io.lines, io.input, io.output, io.type, io.stdout, io.stderr, and
 * file:read/write/lines/seek/flush/close/setvbuf, on synchronous file descriptors. Reading formats:
 * "*a", "*l", "*L", "*n" and a byte count. Decoders, filters and encoders never get it.
 */
import * as fs from 'node:fs';
import { type LuaJsFunction, type LuaState, lauxlib, lua } from './fengari.js';
import { luaNumberToString } from './numbers.js';
import { text, utf8 } from './strings.js';

const FILE = 'heka.io.FILE*';

interface Handle {
  fd: number;
  closed: boolean;
  /** Read position (files opened for reading are read with explicit positions). */
  pos: number;
  append: boolean;
  std: boolean;
}

const handles = new WeakMap<object, Handle>();
/** Files each state has open, closed when its sandbox is closed. */
const openFiles = new WeakMap<object, Set<Handle>>();

function registry(L: LuaState): object {
  return (L as unknown as { l_G: object }).l_G;
}

function newFile(L: LuaState, h: Handle): void {
  const ud = lua.lua_newuserdata(L, 0);
  handles.set(ud, h);
  if (!h.std) {
    let set = openFiles.get(registry(L));
    if (!set) {
      set = new Set();
      openFiles.set(registry(L), set);
    }
    set.add(h);
  }
  lua.lua_getfield(L, lua.LUA_REGISTRYINDEX, FILE);
  lua.lua_setmetatable(L, -2);
}

function toHandle(L: LuaState, idx: number): Handle | undefined {
  const ud = lua.lua_touserdata(L, idx);
  return typeof ud === 'object' && ud !== null ? handles.get(ud) : undefined;
}

function checkFile(L: LuaState, idx: number): Handle {
  const h = toHandle(L, idx);
  if (!h) return lauxlib.luaL_argerror(L, idx, 'FILE* expected');
  if (h.closed) lauxlib.luaL_error(L, 'attempt to use a closed file');
  return h;
}

function failure(L: LuaState, e: unknown, path?: string): number {
  const err = e as NodeJS.ErrnoException;
  const reason =
    err.code === 'ENOENT' ? 'No such file or directory' : err.code === 'EACCES' ? 'Permission denied' : err.message;
  lua.lua_pushnil(L);
  lua.lua_pushliteral(L, path ? `${path}: ${reason}` : reason);
  lua.lua_pushnumber(L, typeof err.errno === 'number' ? Math.abs(err.errno) : 0);
  return 3;
}

const MODES: Readonly<Record<string, string>> = {
  r: 'r',
  w: 'w',
  a: 'a',
  'r+': 'r+',
  'w+': 'w+',
  'a+': 'a+',
};

function open(L: LuaState): number {
  const path = text(lauxlib.luaL_checkstring(L, 1));
  const mode = text(lauxlib.luaL_optstring(L, 2, 'r') as Uint8Array).replace('b', '');
  const flags = MODES[mode];
  if (!flags) return lauxlib.luaL_argerror(L, 2, 'invalid mode');
  try {
    const fd = fs.openSync(path, flags);
    newFile(L, { fd, closed: false, pos: 0, append: mode.startsWith('a'), std: false });
    return 1;
  } catch (e) {
    return failure(L, e, path);
  }
}

function write(L: LuaState, h: Handle, from: number): number {
  const n = lua.lua_gettop(L);
  try {
    for (let i = from; i <= n; i++) {
      const b =
        lua.lua_type(L, i) === lua.LUA_TNUMBER
          ? utf8(luaNumberToString(lua.lua_tonumber(L, i)))
          : lauxlib.luaL_checklstring(L, i);
      const written = fs.writeSync(h.fd, b, 0, b.length, h.append || h.std ? null : h.pos);
      if (!h.append && !h.std) h.pos += written;
    }
  } catch (e) {
    return failure(L, e);
  }
  lua.lua_pushboolean(L, true);
  return 1;
}

function readAll(h: Handle): Uint8Array {
  const chunks: Uint8Array[] = [];
  const buf = new Uint8Array(65536);
  for (;;) {
    const n = fs.readSync(h.fd, buf, 0, buf.length, h.pos);
    if (n === 0) break;
    chunks.push(buf.slice(0, n));
    h.pos += n;
  }
  return Buffer.concat(chunks);
}

function readLine(h: Handle, keep: boolean): Uint8Array | undefined {
  const parts: number[] = [];
  const one = new Uint8Array(1);
  for (;;) {
    const n = fs.readSync(h.fd, one, 0, 1, h.pos);
    if (n === 0) return parts.length ? Uint8Array.from(parts) : undefined;
    h.pos++;
    if (one[0] === 10) {
      if (keep) parts.push(10);
      return Uint8Array.from(parts);
    }
    parts.push(one[0] as number);
  }
}

function read(L: LuaState, h: Handle, from: number): number {
  const n = lua.lua_gettop(L);
  const formats = n < from ? ['*l'] : [];
  for (let i = from; i <= n; i++) {
    formats.push(
      lua.lua_type(L, i) === lua.LUA_TNUMBER ? String(lua.lua_tonumber(L, i)) : text(lauxlib.luaL_checkstring(L, i)),
    );
  }
  let pushed = 0;
  for (const f of formats) {
    let v: Uint8Array | number | undefined;
    if (/^\d+$/.test(f)) {
      const size = Number(f);
      const buf = new Uint8Array(size);
      const got = fs.readSync(h.fd, buf, 0, size, h.pos);
      h.pos += got;
      v = got === 0 && size > 0 ? undefined : buf.subarray(0, got);
    } else if (f.startsWith('*a') || f.startsWith('a')) v = readAll(h);
    else if (f.startsWith('*l') || f.startsWith('l')) v = readLine(h, false);
    else if (f.startsWith('*L') || f.startsWith('L')) v = readLine(h, true);
    else if (f.startsWith('*n') || f.startsWith('n')) {
      const line = readLine(h, false);
      const x = line ? Number(text(line).trim()) : Number.NaN;
      v = Number.isNaN(x) ? undefined : x;
    } else lauxlib.luaL_argerror(L, from + pushed, 'invalid format');
    if (v === undefined) {
      lua.lua_pushnil(L);
      return pushed + 1;
    }
    if (typeof v === 'number') lua.lua_pushnumber(L, v);
    else lua.lua_pushlstring(L, v, v.length);
    pushed++;
  }
  return pushed;
}

function lines(L: LuaState, h: Handle, closeAtEnd: boolean): number {
  lua.lua_pushcfunction(L, (L2) => {
    if (h.closed) return lauxlib.luaL_error(L2, 'file is already closed');
    const line = readLine(h, false);
    if (line === undefined) {
      if (closeAtEnd) close(h);
      lua.lua_pushnil(L2);
    } else lua.lua_pushlstring(L2, line, line.length);
    return 1;
  });
  return 1;
}

function close(h: Handle): void {
  if (h.closed || h.std) return;
  h.closed = true;
  fs.closeSync(h.fd);
}

/** Closes every file a state's scripts left open. */
export function closeAllFiles(L: LuaState): void {
  const set = openFiles.get(registry(L));
  if (!set) return;
  for (const h of set) {
    try {
      close(h);
    } catch {
      // already gone
    }
  }
  set.clear();
}

const methods: Record<string, LuaJsFunction> = {
  write: (L) => write(L, checkFile(L, 1), 2),
  read: (L) => read(L, checkFile(L, 1), 2),
  lines: (L) => lines(L, checkFile(L, 1), false),
  close: (L) => {
    close(checkFile(L, 1));
    lua.lua_pushboolean(L, true);
    return 1;
  },
  flush: (L) => {
    checkFile(L, 1);
    lua.lua_pushboolean(L, true);
    return 1;
  },
  setvbuf: (L) => {
    checkFile(L, 1);
    lua.lua_pushboolean(L, true);
    return 1;
  },
  seek: (L) => {
    const h = checkFile(L, 1);
    const whence = text(lauxlib.luaL_optstring(L, 2, 'cur') as Uint8Array);
    const offset = Math.trunc(lauxlib.luaL_optnumber(L, 3, 0));
    if (whence === 'set') h.pos = offset;
    else if (whence === 'cur') h.pos += offset;
    else if (whence === 'end') h.pos = fs.fstatSync(h.fd).size + offset;
    else lauxlib.luaL_argerror(L, 2, `invalid option '${whence}'`);
    lua.lua_pushnumber(L, h.pos);
    return 1;
  },
};

/** Opens io: leaves the library table on the stack (used by require "io"). */
export function openIo(L: LuaState): number {
  lua.lua_newtable(L);
  for (const [name, fn] of Object.entries(methods)) {
    lua.lua_pushcfunction(L, fn);
    lua.lua_setfield(L, -2, name);
  }
  lua.lua_newtable(L); // metatable
  lua.lua_pushvalue(L, -2);
  lua.lua_setfield(L, -2, '__index');
  lua.lua_pushcfunction(L, (L2) => {
    const h = toHandle(L2, 1);
    lua.lua_pushliteral(L2, h?.closed ? 'file (closed)' : `file (${h?.fd ?? '?'})`);
    return 1;
  });
  lua.lua_setfield(L, -2, '__tostring');
  lua.lua_setfield(L, lua.LUA_REGISTRYINDEX, FILE);
  lua.lua_pop(L, 1);

  lua.lua_newtable(L);
  const lib = lua.lua_gettop(L);
  newFile(L, { fd: 1, closed: false, pos: 0, append: true, std: true });
  lua.lua_setfield(L, lib, 'stdout');
  newFile(L, { fd: 2, closed: false, pos: 0, append: true, std: true });
  lua.lua_setfield(L, lib, 'stderr');
  lua.lua_getfield(L, lib, 'stdout');
  lua.lua_setfield(L, lua.LUA_REGISTRYINDEX, 'heka.io.output');
  lua.lua_pushnil(L);
  lua.lua_setfield(L, lua.LUA_REGISTRYINDEX, 'heka.io.input');

  const current = (L2: LuaState, key: string, mode: string): number => {
    if (!lua.lua_isnoneornil(L2, 1)) {
      if (lua.lua_type(L2, 1) === lua.LUA_TSTRING) {
        const path = text(lua.lua_tolstring(L2, 1) as Uint8Array);
        try {
          const fd = fs.openSync(path, mode);
          newFile(L2, { fd, closed: false, pos: 0, append: false, std: false });
        } catch (e) {
          return lauxlib.luaL_error(L2, '%s', `${path}: ${(e as Error).message}`);
        }
      } else {
        checkFile(L2, 1);
        lua.lua_pushvalue(L2, 1);
      }
      lua.lua_setfield(L2, lua.LUA_REGISTRYINDEX, key);
    }
    lua.lua_getfield(L2, lua.LUA_REGISTRYINDEX, key);
    return 1;
  };
  const defaultFile = (L2: LuaState, key: string): Handle => {
    lua.lua_getfield(L2, lua.LUA_REGISTRYINDEX, key);
    const h = toHandle(L2, -1);
    lua.lua_pop(L2, 1);
    if (!h)
      return lauxlib.luaL_error(L2, '%s', `default ${key === 'heka.io.input' ? 'input' : 'output'} file is not set`);
    if (h.closed) return lauxlib.luaL_error(L2, 'default file is closed');
    return h;
  };
  const lib2: Record<string, LuaJsFunction> = {
    open,
    output: (L2) => current(L2, 'heka.io.output', 'w'),
    input: (L2) => current(L2, 'heka.io.input', 'r'),
    write: (L2) => write(L2, defaultFile(L2, 'heka.io.output'), 1),
    read: (L2) => read(L2, defaultFile(L2, 'heka.io.input'), 1),
    close: (L2) => {
      const h = lua.lua_isnoneornil(L2, 1) ? defaultFile(L2, 'heka.io.output') : checkFile(L2, 1);
      close(h);
      lua.lua_pushboolean(L2, true);
      return 1;
    },
    lines: (L2) => {
      if (lua.lua_isnoneornil(L2, 1)) return lines(L2, defaultFile(L2, 'heka.io.input'), false);
      const path = text(lauxlib.luaL_checkstring(L2, 1));
      try {
        const fd = fs.openSync(path, 'r');
        return lines(L2, { fd, closed: false, pos: 0, append: false, std: false }, true);
      } catch (e) {
        return lauxlib.luaL_error(L2, '%s', `${path}: ${(e as Error).message}`);
      }
    },
    type: (L2) => {
      lauxlib.luaL_checkany(L2, 1);
      const h = toHandle(L2, 1);
      if (!h) lua.lua_pushnil(L2);
      else lua.lua_pushliteral(L2, h.closed ? 'closed file' : 'file');
      return 1;
    },
  };
  for (const [name, fn] of Object.entries(lib2)) {
    lua.lua_pushcfunction(L, fn);
    lua.lua_setfield(L, lib, name);
  }
  return 1;
}
