/**
 * Heka's sandbox runs scripts the Lua 5.1 way: numeric literals are floats and integral floats print
 * without ".0" (@heka/sandbox patches fengari so). The conformance cases must give the same results
 * under those conditions; this file applies a similar patch to fengari (in its own test process).
 */
import { createRequire } from 'node:module';
import { describe, it } from 'vitest';
import * as arguments_ from './cases/arguments.js';
import * as basics from './cases/basics.js';
import * as captures from './cases/captures.js';
import * as grammars from './cases/grammars.js';
import * as limits from './cases/limits.js';
import * as matchtime from './cases/matchtime.js';
import * as predicates from './cases/predicates.js';
import * as re from './cases/re.js';
import * as reGrammars from './cases/re-grammars.js';
import { CaseRunner } from './helpers.js';

interface NumberValue {
  type: number;
  value: unknown;
  setfltvalue(x: number): void;
  setsvalue(ts: unknown): void;
}
interface Internals {
  luaO_str2num(s: Uint8Array, o: NumberValue): number;
  luaO_tostring(L: unknown, o: NumberValue): void;
  luaS_bless(L: unknown, s: Uint8Array): unknown;
  constant_types: { LUA_TNUMINT: number };
}
const require = createRequire(import.meta.url);
const lobject = require('fengari/src/lobject.js') as Internals;
const lstring = require('fengari/src/lstring.js') as Internals;
const { LUA_TNUMINT } = (require('fengari/src/defs.js') as Internals).constant_types;

const str2num = lobject.luaO_str2num;
lobject.luaO_str2num = (s, o) => {
  const r = str2num(s, o);
  if (r !== 0 && o.type === LUA_TNUMINT) o.setfltvalue(o.value as number);
  return r;
};
lobject.luaO_tostring = (L, o) => {
  const v = o.value as number;
  const text = Number.isInteger(v) && Math.abs(v) < 1e15 ? String(v) : String(Number(v.toPrecision(14)));
  o.setsvalue(
    lstring.luaS_bless(
      L,
      Uint8Array.from(text, (c) => c.charCodeAt(0)),
    ),
  );
};

const runner = new CaseRunner();

describe('the float patch', () => {
  it('makes literals floats (positions stay integers)', () => {
    runner.check(['math.type(1), math.type(2^31 + 1), math.type(m.match(P(2), "abc"))', '"float", "float", "integer"']);
  });
});

const groups = {
  ...arguments_,
  ...basics,
  ...captures,
  ...grammars,
  ...limits,
  ...matchtime,
  ...predicates,
  ...re,
  ...reGrammars,
};

for (const [group, list] of Object.entries(groups)) {
  describe(`${group} with float literals`, () => {
    it.each(list)('%s', (code, expected) => runner.check([code, expected]));
  });
}
