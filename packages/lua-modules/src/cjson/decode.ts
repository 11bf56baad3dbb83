/**
 * cjson.decode as lua_sandbox built lua-cjson: its parser over the tokenizer, the same error texts and
 * 1-based character positions, and Heka's null handling (dropped unless decode_null(true)).
 */
import { type LuaState, lua, luaError } from '../lua.js';
import type { JsonConfig } from './config.js';
import { T, TOKEN_NAMES, Tokenizer } from './tokenizer.js';

class Parser extends Tokenizer {
  parseError(expected: string): never {
    const tok = this.tok;
    const found = tok.type === T.ERROR ? tok.error : TOKEN_NAMES[tok.type];
    return luaError(this.L, `Expected ${expected} but found ${found} at character ${tok.index + 1}`);
  }

  descend(slots: number): void {
    this.depth++;
    if (this.depth <= this.cfg.decodeMaxDepth && lua.lua_checkstack(this.L, slots)) return;
    luaError(this.L, `Found too many nested data structures (${this.depth}) at character ${this.ptr}`);
  }

  object(): void {
    const L = this.L;
    this.descend(3);
    lua.lua_createtable(L, 0, 0);
    this.next();
    if (this.kind() === T.OBJ_END) {
      this.depth--;
      return;
    }
    for (;;) {
      if (this.kind() !== T.STRING) this.parseError('object key string');
      lua.lua_pushstring(L, this.tok.string);
      this.next();
      if (this.kind() !== T.COLON) this.parseError('colon');
      this.next();
      this.value();
      lua.lua_rawset(L, -3);
      this.next();
      if (this.kind() === T.OBJ_END) {
        this.depth--;
        return;
      }
      if (this.kind() !== T.COMMA) this.parseError('comma or object end');
      this.next();
    }
  }

  array(): void {
    const L = this.L;
    this.descend(2);
    lua.lua_createtable(L, 0, 0);
    this.next();
    if (this.kind() === T.ARR_END) {
      this.depth--;
      return;
    }
    for (let i = 1; ; i++) {
      this.value();
      lua.lua_rawseti(L, -2, i);
      this.next();
      if (this.kind() === T.ARR_END) {
        this.depth--;
        return;
      }
      if (this.kind() !== T.COMMA) this.parseError('comma or array end');
      this.next();
    }
  }

  value(): void {
    const L = this.L;
    const tok = this.tok;
    switch (tok.type) {
      case T.STRING:
        lua.lua_pushstring(L, tok.string);
        return;
      case T.NUMBER:
        lua.lua_pushnumber(L, tok.number);
        return;
      case T.BOOLEAN:
        lua.lua_pushboolean(L, tok.boolean);
        return;
      case T.OBJ_BEGIN: {
        this.object();
        return;
      }
      case T.ARR_BEGIN: {
        this.array();
        return;
      }
      case T.NULL:
        if (this.cfg.decodeNull) lua.lua_pushlightuserdata(L, null);
        else lua.lua_pushnil(L);
        return;
      default:
        this.parseError('value');
    }
  }
}

/** Decodes `data` and pushes the Lua value. */
export function decode(L: LuaState, cfg: JsonConfig, data: Uint8Array): void {
  if (data.length >= 2 && (data[0] === 0 || data[1] === 0)) {
    luaError(L, 'JSON parser does not support UTF-16 or UTF-32');
  }
  const p = new Parser(L, cfg, data);
  p.next();
  p.value();
  p.next();
  if (p.kind() !== T.END) p.parseError('the end');
}
