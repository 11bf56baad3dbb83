/**
 * string.format with Lua 5.1's rules: numbers are doubles, so %d/%x take any number (truncated toward
 * zero to 64 bits, as the C cast did) instead of 5.3's "number has no integer representation"; %s writes
 * numbers the 5.1 way and does not call __tostring; %q escapes like 5.1. Width and precision take at
 * most two digits each, as in C Lua.
 */
import { type LuaState, lauxlib, lua } from './fengari.js';
import { formatE, formatF, formatG, luaNumberToString } from './numbers.js';

/** Bytes as a one-char-per-byte JS string (and back): format works on bytes, not UTF-16. */
function binary(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode(...b.subarray(i, i + 8192));
  return s;
}

export function binaryToBytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

function quoted(b: Uint8Array): string {
  let s = '"';
  for (const c of b) {
    if (c === 34 || c === 92 || c === 10) s += `\\${String.fromCharCode(c)}`;
    else if (c === 13) s += '\\r';
    else if (c === 0) s += '\\000';
    else s += String.fromCharCode(c);
  }
  return `${s}"`;
}

interface Spec {
  flags: string;
  width: number;
  precision: number | undefined;
  conv: string;
}

function pad(body: string, sign: string, spec: Spec, numeric: boolean): string {
  const { flags, width } = spec;
  const len = sign.length + body.length;
  if (len >= width) return sign + body;
  if (flags.includes('-')) return sign + body + ' '.repeat(width - len);
  if (numeric && flags.includes('0')) return sign + '0'.repeat(width - len) + body;
  return ' '.repeat(width - len) + sign + body;
}

function signOf(negative: boolean, flags: string): string {
  if (negative) return '-';
  if (flags.includes('+')) return '+';
  if (flags.includes(' ')) return ' ';
  return '';
}

function integer(n: number, spec: Spec): string {
  const { conv, flags, precision } = spec;
  const v = Number.isFinite(n) ? BigInt.asIntN(64, BigInt(Math.trunc(n))) : -(1n << 63n);
  let digits: string;
  let sign = '';
  let prefix = '';
  if (conv === 'd' || conv === 'i') {
    digits = (v < 0n ? -v : v).toString();
    sign = signOf(v < 0n, flags);
  } else {
    const u = BigInt.asUintN(64, v);
    const radix = conv === 'o' ? 8 : conv === 'u' ? 10 : 16;
    digits = u.toString(radix);
    if (conv === 'X') digits = digits.toUpperCase();
    if (flags.includes('#')) {
      if (conv === 'o' && digits[0] !== '0') prefix = '0';
      else if ((conv === 'x' || conv === 'X') && u !== 0n) prefix = conv === 'x' ? '0x' : '0X';
    }
  }
  if (precision !== undefined) {
    if (precision === 0 && v === 0n) digits = '';
    digits = digits.padStart(precision, '0');
    return pad(prefix + digits, sign, { ...spec, flags: flags.replace('0', '') }, true);
  }
  return pad(digits, sign + prefix, spec, true);
}

function float(n: number, spec: Spec): string {
  const { conv, flags } = spec;
  const p = spec.precision ?? 6;
  const upper = conv === 'E' || conv === 'G';
  const alt = flags.includes('#');
  const negative = n < 0 || Object.is(n, -0);
  const a = Math.abs(n);
  let body: string;
  if (conv === 'e' || conv === 'E') body = formatE(a, p, upper);
  else if (conv === 'f' || conv === 'F') body = formatF(a, p, conv === 'F');
  else body = formatG(a, p, alt, upper);
  if (alt && (conv === 'e' || conv === 'E' || conv === 'f') && p === 0 && Number.isFinite(a)) {
    body = body.replace(/^(\d+)/, '$1.');
  }
  const finite = Number.isFinite(n);
  return pad(body, signOf(negative && !Number.isNaN(n), flags), spec, finite);
}

/** string.format(fmt, ...) */
export function luaFormat(L: LuaState): number {
  const fmt = binary(lauxlib.luaL_checklstring(L, 1));
  let arg = 1;
  let out = '';
  for (let i = 0; i < fmt.length; ) {
    const c = fmt[i++] as string;
    if (c !== '%') {
      out += c;
      continue;
    }
    if (fmt[i] === '%') {
      out += '%';
      i++;
      continue;
    }
    arg++;
    const start = i;
    while (i < fmt.length && '-+ #0'.includes(fmt[i] as string)) i++;
    if (i - start >= 6) lauxlib.luaL_error(L, 'invalid format (repeated flags)');
    const flags = fmt.slice(start, i);
    let width = '';
    while (width.length < 2 && /\d/.test(fmt[i] ?? '')) width += fmt[i++];
    let precision: string | undefined;
    if (fmt[i] === '.') {
      i++;
      precision = '';
      while (precision.length < 2 && /\d/.test(fmt[i] ?? '')) precision += fmt[i++];
    }
    if (/\d/.test(fmt[i] ?? '')) lauxlib.luaL_error(L, 'invalid format (width or precision too long)');
    const conv = fmt[i++] ?? '';
    const spec: Spec = {
      flags,
      width: Number(width || 0),
      precision: precision === undefined ? undefined : Number(precision || 0),
      conv,
    };
    switch (conv) {
      case 'c':
        out += pad(String.fromCharCode(Math.trunc(lauxlib.luaL_checknumber(L, arg)) & 0xff), '', spec, false);
        break;
      case 'd':
      case 'i':
      case 'o':
      case 'u':
      case 'x':
      case 'X':
        out += integer(lauxlib.luaL_checknumber(L, arg), spec);
        break;
      case 'e':
      case 'E':
      case 'f':
      case 'g':
      case 'G':
        out += float(lauxlib.luaL_checknumber(L, arg), spec);
        break;
      case 'q':
        out += quoted(checkBytes(L, arg));
        break;
      case 's': {
        let s = binary(checkBytes(L, arg));
        if (spec.precision !== undefined) s = s.slice(0, spec.precision);
        out += pad(s, '', spec, false);
        break;
      }
      default:
        lauxlib.luaL_error(L, '%s', `invalid option '%${conv}' to 'format'`);
    }
  }
  const bytes = binaryToBytes(out);
  lua.lua_pushlstring(L, bytes, bytes.length);
  return 1;
}

/** luaL_checklstring with numbers written the 5.1 way. */
function checkBytes(L: LuaState, arg: number): Uint8Array {
  if (lua.lua_type(L, arg) === lua.LUA_TNUMBER) {
    return binaryToBytes(luaNumberToString(lua.lua_tonumber(L, arg)));
  }
  return lauxlib.luaL_checklstring(L, arg);
}
