// Regression tests for the V8 (Node 20) bugs the emitter works around; see src/emit.ts.
import { describe, expect, it } from 'vitest';
import { compileRe2 } from '../src/index.js';
import { expectSpans } from './helpers.js';

describe('negated classes inside repeated groups', () => {
  it('are not negated twice', () => {
    // A top-level `[^b]` under the `v` flag flips in an unrolled `(?:...)+` on Node 20.
    expectSpans('(?:a[^b])+', [
      ['ab', null],
      ['ac', [0, 2]],
      ['acad', [0, 4]],
      ['acab', [0, 2]],
    ]);
    expectSpans('(?:x[^\\d\\s])+', [
      ['x1', null],
      ['xaxb', [0, 4]],
    ]);
    expectSpans('(?:a\\W){2}', [
      ['a-a+', [0, 4]],
      ['a-ab', null],
    ]);
  });

  it('hold for negated Unicode classes and classes with properties', () => {
    expectSpans('(?:a[^\\pL])+', [
      ['ab', null],
      ['a1a2', [0, 4]],
    ]);
    expectSpans('(?:a\\PL)+', [['a1a2', [0, 4]]]);
    expectSpans('(?:a[^x\\p{Greek}])+', [
      ['aα', null],
      ['ab', [0, 2]],
    ]);
  });

  it('hold for . and (?s).', () => {
    expectSpans('(?:a.)+', [
      ['ab', [0, 2]],
      ['a\n', null],
    ]);
    expectSpans('(?s)(?:a.)+', [['a\na\n', [0, 4]]]);
    expectSpans('(?s).*', [['ab\ncd', [0, 5]]]);
    expectSpans('(?s)(?:.)*x', [['ab\nx', [0, 4]]]);
  });

  it('hold for (?m) anchors in loops', () => {
    expectSpans('(?m)(?:^a)+', [
      ['aa', [0, 1]],
      ['b\na', [2, 3]],
    ]);
    expectSpans('(?m)(?:b$)+', [
      ['bb', [1, 2]],
      ['b\nc', [0, 1]],
    ]);
  });

  it('are never emitted at the top level of a class', () => {
    for (const p of ['[^a]', '.', '(?m)^$', '\\W', '[^\\pL]', '\\PL', '(?s).', '[^[:^alpha:]]']) {
      expect(compileRe2(p).regexp.source, p).not.toMatch(/(^|[^\\[])\[\^/);
    }
  });
});

describe('empty matches inside a surrogate pair', () => {
  it('are not reported', () => {
    expectSpans('\\B', [['a😀b', null]]);
    expectSpans('(?m)^$', [['😀', null]]);
    expectSpans('(?m)$', [['😀x', [3, 3]]]);
    expectSpans('(?m)^', [['😀', [0, 0]]]);
    expectSpans('x*\\B', [['😀', [0, 0]]]);
  });
});
