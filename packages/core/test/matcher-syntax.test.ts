import { describe, expect, it } from 'vitest';
import { compileMatcher, MatcherSyntaxError, matcherSource } from '../src/index.js';

function syntaxError(expr: string): MatcherSyntaxError {
  try {
    compileMatcher(expr);
  } catch (e) {
    if (e instanceof MatcherSyntaxError) return e;
    throw e;
  }
  throw new Error(`expected ${JSON.stringify(expr)} to be rejected`);
}

describe('syntax errors', () => {
  it('carry the column, the offset, the expression and a stable code', () => {
    const e = syntaxError("Type == 'x' && Sev == 1");
    expect(e.column).toBe(16);
    expect(e.offset).toBe(15);
    expect(e.expression).toBe("Type == 'x' && Sev == 1");
    expect(e.code).toBe('ERR_HEKA_MATCHER_SYNTAX');
    expect(e.message).toMatch(/column 16: unknown variable 'Sev'/);
  });

  const rejected: [string, RegExp][] = [
    ['', /empty expression/],
    ['   \n ', /empty expression/],
    ["Type == 'a' &&", /ends too early/],
    ['()', /empty parentheses/],
    ['(TRUE', /expected '\)'/],
    ['TRUE)', /unexpected '\)'/],
    ["Type == 'a'\r", /unexpected character "\\r"/],
    ['Fields[x] != TRUE', /cannot follow/],
    ['Fields[x] > TRUE', /cannot follow/],
    ['Fields[x] > NIL', /cannot follow/],
    ["Fields[x] =~ 'a'", /expected \/regex\//],
    ['Type =~ 5', /expected \/regex\//],
    ['Severity == TRUE', /cannot follow/],
    ['Type == 5', /expected a quoted string/],
    ['Timestamp =~ /1/', /Timestamp is numeric/],
    ['Fields[x][1][2][3] == 1', /unexpected character "\["/],
    ['Fields [x] == 1', /must be followed by/],
    ['fields[x] == 1', /unexpected character "f"/],
    ['TYPE == 1', /unknown variable 'TYPE'/],
    ['Fields[x][99999999999999999999] == NIL', /too large/],
    ['Fields[x', /missing '\]'/],
    ['Fields[x][1', /missing '\]'/],
    ["Type & 'a'", /invalid operator '&'/],
    ["Type | 'a'", /invalid operator '\|'/],
    ["Type ! 'a'", /invalid operator '!'/],
    ["Type == 'a", /unterminated string/],
    ["Type == 'a\\", /unterminated string/],
    ['Type =~ /a\\', /unterminated regular expression/],
    ['Severity == 0x10', /unknown variable|unexpected character/],
    ['Severity == - 1', /unexpected character "-"|invalid operator/],
    ['TRUE && && FALSE', /expected a variable/],
    ['Type == Type', /cannot follow/],
  ];
  for (const [expr, why] of rejected) {
    it(`rejects ${JSON.stringify(expr)}`, () => {
      expect(syntaxError(expr).message).toMatch(why);
    });
  }
});

describe('compilation', () => {
  it('shares one compiled matcher per expression', () => {
    expect(compileMatcher('Severity < 4')).toBe(compileMatcher('Severity < 4'));
    expect(compileMatcher('Severity < 4').expression).toBe('Severity < 4');
  });
  it('generates straight-line code with literals inlined', () => {
    const src = matcherSource("Type == 'nginx' && Fields[status] >= 500");
    expect(src).toContain('function match(m)');
    expect(src).toContain('"nginx"');
    expect(src).toContain('>= 500');
  });
  it('cannot be tricked into running code through literals', () => {
    const evil = 'Type == \'"); throw new Error("pwned"); ("\'';
    expect(() => compileMatcher(evil).match(compileMatcherMessage())).not.toThrow();
    expect(compileMatcher('Fields[x"); throw 1; ("] == 1').match(compileMatcherMessage())).toBe(false);
  });
});

function compileMatcherMessage() {
  return { _type: 'x', _findField: () => undefined } as unknown as Parameters<
    ReturnType<typeof compileMatcher>['match']
  >[0];
}
