/**
 * A fast path for string.match, string.find and string.gmatch: a Lua pattern that has a JavaScript RegExp with the
 * same meaning is compiled once and run by V8's regex engine on the subject's bytes read as Latin-1
 * (one character per byte, so positions and captures are byte-exact). Lua's matcher is a backtracking
 * one without alternation: single-character items with `*` (greedy), `-` (lazy), `+` and `?` backtrack
 * in the same order in both, so the first match and its captures are the same.
 *
 * Only what translates exactly is taken: classes %a %c %d %g %l %p %s %u %w %x and their complements,
 * sets without complement classes inside, `.`, escapes, captures, `^` at the start and `$` at the end.
 * Anything else (%b, %f, back-references, position captures, a complement class inside a set, odd
 * syntax) runs fengari's own matcher, which also raises Lua's errors for malformed patterns.
 */
import { Buffer } from 'node:buffer';
import { type LuaJsFunction, type LuaState, lauxlib, lua, pushOwnedBytes } from './fengari.js';

interface Compiled {
  /** Unanchored search (`g`) or anchored at the start position (`y`). */
  re: RegExp;
  captures: number;
}

const CLASSES: Readonly<Record<string, string>> = {
  a: 'A-Za-z',
  c: '\\x00-\\x1f\\x7f',
  d: '0-9',
  g: '!-~',
  l: 'a-z',
  p: '!-/:-@\\[-`{-~',
  s: '\\t-\\r ',
  u: 'A-Z',
  w: '0-9A-Za-z',
  x: '0-9A-Fa-f',
};

const SPECIALS = /[\^$*+?.()[\]%-]/;

/** A character as a RegExp class member or atom (every non-alphanumeric escaped as \xHH). */
function lit(code: number): string {
  if ((code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)) {
    return String.fromCharCode(code);
  }
  return `\\x${code.toString(16).padStart(2, '0')}`;
}

/** The RegExp source of a Lua pattern (Latin-1 text), or undefined when it has no exact translation. */
export function translate(p: string): { source: string; anchored: boolean; captures: number } | undefined {
  let i = 0;
  const anchored = p.charCodeAt(0) === 0x5e; // ^
  if (anchored) i = 1;
  let out = '';
  let depth = 0;
  let captures = 0;
  const n = p.length;
  while (i < n) {
    const c = p[i] as string;
    let atom: string | undefined;
    if (c === '(') {
      if (p[i + 1] === ')') return undefined; // position capture
      depth++;
      captures++;
      out += '(';
      i++;
      continue;
    }
    if (c === ')') {
      if (depth === 0) return undefined;
      depth--;
      out += ')';
      i++;
      continue;
    }
    if (c === '$' && i === n - 1) {
      out += '$';
      i++;
      continue;
    }
    if (c === '%') {
      const e = p[i + 1];
      if (e === undefined) return undefined;
      const lower = e.toLowerCase();
      if (CLASSES[lower] !== undefined) atom = e === lower ? `[${CLASSES[lower]}]` : `[^${CLASSES[lower]}]`;
      else if (/[A-Za-z0-9]/.test(e))
        return undefined; // %b, %f, back-references, unknown classes
      else atom = lit(e.charCodeAt(0));
      i += 2;
    } else if (c === '[') {
      const set = translateSet(p, i);
      if (set === undefined) return undefined;
      atom = set.source;
      i = set.end;
    } else if (c === '.') {
      atom = '[^]';
      i++;
    } else {
      atom = lit(c.charCodeAt(0));
      i++;
    }
    const q = p[i];
    if (q === '*' || q === '+' || q === '?') {
      out += atom + q;
      i++;
    } else if (q === '-') {
      out += `${atom}*?`;
      i++;
    } else out += atom;
  }
  if (depth !== 0) return undefined;
  return { source: out, anchored, captures };
}

/** A `[...]` set starting at p[at]: its RegExp class and the index after it. */
function translateSet(p: string, at: number): { source: string; end: number } | undefined {
  let i = at + 1;
  let negate = false;
  if (p[i] === '^') {
    negate = true;
    i++;
  }
  let body = '';
  let first = true;
  for (;;) {
    const c = p[i];
    if (c === undefined) return undefined; // malformed: Lua reports it
    if (c === ']' && !first) break;
    first = false;
    if (c === '%') {
      const e = p[i + 1];
      if (e === undefined) return undefined;
      const lower = e.toLowerCase();
      if (CLASSES[lower] !== undefined) {
        if (e !== lower) return undefined; // a complement inside a set
        body += CLASSES[lower];
      } else if (/[A-Za-z0-9]/.test(e)) return undefined;
      else body += lit(e.charCodeAt(0));
      i += 2;
      continue;
    }
    if (p[i + 1] === '-' && p[i + 2] !== undefined && p[i + 2] !== ']') {
      const from = c.charCodeAt(0);
      const to = (p[i + 2] as string).charCodeAt(0);
      if (to < from) return undefined; // an empty range: leave it to Lua
      body += `${lit(from)}-${lit(to)}`;
      i += 3;
      continue;
    }
    body += lit(c.charCodeAt(0));
    i++;
  }
  return { source: negate ? `[^${body}]` : `[${body}]`, end: i + 1 };
}

const cache = new Map<string, Compiled | null>();

function compiled(pattern: string): Compiled | null {
  let c = cache.get(pattern);
  if (c !== undefined) return c;
  const t = translate(pattern);
  c = t === undefined ? null : { re: new RegExp(t.source, t.anchored ? 'y' : 'g'), captures: t.captures };
  if (cache.size > 1000) cache.clear();
  cache.set(pattern, c);
  return c;
}

const latin1 = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.length).toString('latin1');

/** The bytes of a Latin-1 string (each character one byte). */
function bytesOf(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** Lua's string.find/match start position: 1-based, negative from the end, clamped. */
function startAt(L: LuaState, len: number): number {
  const init = lauxlib.luaL_optinteger(L, 3, 1);
  if (init > 0) return init;
  if (init === 0 || -init > len) return 1;
  return len + init + 1;
}

/** string.find / string.match with the fast path, falling back to fengari's function `orig`. */
function fast(orig: LuaJsFunction, find: boolean): LuaJsFunction {
  let lastBytes: Uint8Array | undefined;
  let lastText = '';
  return (L: LuaState): number => {
    if (lua.lua_type(L, 1) !== lua.LUA_TSTRING || lua.lua_type(L, 2) !== lua.LUA_TSTRING) return orig(L);
    if (find && lua.lua_toboolean(L, 4)) return orig(L); // plain find
    const pBytes = lua.lua_tolstring(L, 2) as Uint8Array;
    const pattern = latin1(pBytes);
    if (find && !SPECIALS.test(pattern)) return orig(L); // a plain substring: fengari searches bytes
    const c = compiled(pattern);
    if (c === null) return orig(L);
    const s = lua.lua_tolstring(L, 1) as Uint8Array;
    const init = startAt(L, s.length);
    if (init > s.length + 1) {
      lua.lua_pushnil(L);
      return 1;
    }
    if (s !== lastBytes) {
      lastBytes = s;
      lastText = latin1(s);
    }
    c.re.lastIndex = init - 1;
    const m = c.re.exec(lastText);
    if (m === null) {
      lua.lua_pushnil(L);
      return 1;
    }
    if (!lua.lua_checkstack(L, c.captures + 2)) return orig(L);
    let pushed = 0;
    if (find) {
      lua.lua_pushinteger(L, m.index + 1);
      lua.lua_pushinteger(L, m.index + (m[0] as string).length);
      pushed = 2;
    }
    if (find && c.captures === 0) return 2;
    return pushed + pushCaptures(L, c, s, m);
  };
}

/** Pushes a match's values as string.match does: its captures, or the whole match when it has none. */
function pushCaptures(L: LuaState, c: Compiled, s: Uint8Array, m: RegExpExecArray): number {
  if (c.captures === 0) {
    pushOwnedBytes(L, s.slice(m.index, m.index + (m[0] as string).length));
    return 1;
  }
  for (let k = 1; k <= c.captures; k++) pushOwnedBytes(L, bytesOf(m[k] ?? ''));
  return c.captures;
}

/**
 * string.gmatch with the fast path. As in Lua 5.3, a match may not end where the previous one ended (an
 * empty match there is skipped), and `^` is an ordinary character (such patterns go to fengari).
 */
function fastGmatch(orig: LuaJsFunction): LuaJsFunction {
  return (L: LuaState): number => {
    if (lua.lua_type(L, 1) !== lua.LUA_TSTRING || lua.lua_type(L, 2) !== lua.LUA_TSTRING) return orig(L);
    const pattern = latin1(lua.lua_tolstring(L, 2) as Uint8Array);
    if (pattern.charCodeAt(0) === 0x5e) return orig(L);
    const c = compiled(pattern);
    if (c === null) return orig(L);
    const s = lua.lua_tolstring(L, 1) as Uint8Array;
    const text = latin1(s);
    const re = new RegExp(c.re.source, 'g'); // each iterator its own: they may interleave
    let src = 0;
    let lastEnd = -1;
    lua.lua_pushcfunction(L, (L2: LuaState): number => {
      while (src <= s.length) {
        re.lastIndex = src;
        const m = re.exec(text);
        if (m === null) break;
        const end = m.index + (m[0] as string).length;
        if (end === lastEnd) {
          src = m.index + 1;
          continue;
        }
        src = lastEnd = end;
        if (!lua.lua_checkstack(L2, c.captures + 1)) lauxlib.luaL_error(L2, 'too many captures');
        return pushCaptures(L2, c, s, m);
      }
      src = s.length + 1;
      return 0;
    });
    return 1;
  };
}

/** Replaces match, find and gmatch in the string library table at the top of the stack. */
export function installFastPatterns(L: LuaState): void {
  const replace = (name: string, make: (orig: LuaJsFunction) => LuaJsFunction): void => {
    lua.lua_getfield(L, -1, name);
    const orig = lua.lua_tocfunction(L, -1) as LuaJsFunction;
    lua.lua_pop(L, 1);
    lua.lua_pushcfunction(L, make(orig));
    lua.lua_setfield(L, -2, name);
  };
  replace('match', (orig) => fast(orig, false));
  replace('find', (orig) => fast(orig, true));
  replace('gmatch', fastGmatch);
}
