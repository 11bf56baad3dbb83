import { describe, expect, it } from 'vitest';
import { compileMatcher, decodeMessage, encodeMessage, type FieldInit, Message } from '../src/index.js';

/** Evaluates on the message as built and after a protobuf round trip (lazy fields path). */
function check(msg: Message, expr: string, expected: boolean): void {
  const m = compileMatcher(expr);
  expect(m.match(msg), `${expr} (built)`).toBe(expected);
  expect(m.match(decodeMessage(encodeMessage(msg))), `${expr} (decoded)`).toBe(expected);
}

function withFields(fields: FieldInit[], init: ConstructorParameters<typeof Message>[0] = {}): Message {
  return new Message({ ...(init as object), fields });
}

describe('boolean structure', () => {
  const m = new Message({ type: 'T' });
  it('binds && tighter than ||', () => {
    check(m, 'TRUE || FALSE && FALSE', true);
    check(m, '(TRUE || FALSE) && FALSE', false);
    check(m, 'FALSE && FALSE || TRUE', true);
    check(m, 'FALSE || FALSE || FALSE || TRUE', true);
  });
  it('nests parentheses', () => {
    check(m, "((((Type == 'T'))))", true);
    check(m, "(Type == 'X' || (Type == 'T' && (TRUE)))", true);
  });
});

describe('headers', () => {
  it('reads absent severity as 7, pid as 0, strings as ""', () => {
    const bare = decodeMessage(Uint8Array.of());
    check(bare, 'Severity == 7', true);
    check(bare, 'Pid == 0', true);
    check(bare, "Type == ''", true);
    check(bare, "Hostname == '' && Logger == '' && Payload == '' && EnvVersion == ''", true);
    check(bare, 'Timestamp == 0', true);
    check(bare, "Uuid == ''", true);
  });
  it('compares Uuid as lowercase text, and as "" when not 16 bytes', () => {
    const m = new Message({ uuid: 'A3A6C1F2-5B7E-4D2A-9C1E-0F1E2D3C4B5A' });
    check(m, "Uuid == 'a3a6c1f2-5b7e-4d2a-9c1e-0f1e2d3c4b5a'", true);
    check(m, 'Uuid =~ /^a3a6/', true);
    check(new Message({ uuid: new Uint8Array(15) }), "Uuid == ''", true);
  });
  it('compares strings byte-wise, so "0.8" > "0.10"', () => {
    const m = new Message({ envVersion: '0.8' });
    check(m, "EnvVersion > '0.10'", true);
    check(m, "EnvVersion < '0.10'", false);
    check(m, "EnvVersion >= '0.8' && EnvVersion <= '0.8'", true);
  });
  it('orders strings as UTF-8 bytes, not UTF-16 units', () => {
    // U+10000 is F0 90 80 80 in UTF-8 (above U+FFFF's EF BF BF) but a surrogate pair in UTF-16.
    const astral = new Message({ type: '\u{10000}' });
    check(astral, "Type > '\uffff'", true);
    check(astral, "Type < '\uffff'", false);
    const bmp = new Message({ type: '\uffff' });
    check(bmp, "Type < '\u{10000}'", true);
    check(new Message({ type: 'é' }), "Type > 'z'", true);
  });
  it('compares Timestamp as a float64, losing precision above 2^53 as Go does', () => {
    const m = new Message({ timestamp: 2n ** 53n + 1n });
    check(m, 'Timestamp == 9007199254740992', true);
    check(m, 'Timestamp > 9007199254740992', false);
    check(new Message({ timestamp: -5n }), 'Timestamp < 0', true);
  });
  it('compares Severity and Pid numerically, including negative values', () => {
    const m = new Message({ severity: -2, pid: 2147483647 });
    check(m, 'Severity < 0', true);
    check(m, 'Severity == -2', true);
    check(m, 'Pid == 2147483647', true);
    check(m, 'Pid > 2.1e9', true);
  });
});

describe('fields', () => {
  const m = withFields([
    { name: 'str', value: ['a', 'TRUE'] },
    { name: 'int', valueType: 'integer', value: [5, 2n ** 53n + 1n, -(2n ** 63n)] },
    { name: 'dbl', value: [1.5, Number.NaN] },
    { name: 'yes', value: true },
    { name: 'no', value: false },
    { name: 'raw', valueType: 'bytes', value: [Uint8Array.of(0x64, 0x61, 0x74, 0x61), Uint8Array.of(0xff, 0x41)] },
    { name: 'str', value: 'second' },
    { name: 'empty', valueType: 'string', value: [] },
    { name: 'a b[c', value: 'odd name' },
  ]);

  it('treats a missing field or element as satisfying only == NIL', () => {
    for (const ref of [
      'Fields[missing]',
      'Fields[str][2]',
      'Fields[str][0][2]',
      'Fields[empty]',
      'Fields[str][9999999999]',
    ]) {
      check(m, `${ref} == NIL`, true);
      check(m, `${ref} != NIL`, false);
      check(m, `${ref} == 'a'`, false);
      check(m, `${ref} != 'a'`, false);
      check(m, `${ref} < 1`, false);
      check(m, `${ref} =~ /./`, false);
      check(m, `${ref} !~ /./`, false);
      check(m, `${ref} == TRUE`, false);
    }
  });
  it('treats an existing element as != NIL whatever its type', () => {
    for (const ref of [
      'Fields[str]',
      'Fields[int][0][2]',
      'Fields[dbl][0][1]',
      'Fields[yes]',
      'Fields[no]',
      'Fields[raw]',
    ]) {
      check(m, `${ref} != NIL`, true);
      check(m, `${ref} == NIL`, false);
    }
  });
  it('addresses repeated names by field index and values by array index', () => {
    check(m, "Fields[str] == 'a'", true);
    check(m, "Fields[str][0][1] == 'TRUE'", true);
    check(m, "Fields[str][1] == 'second'", true);
    check(m, "Fields[str][1][0] == 'second'", true);
    check(m, "Fields[str][01][00] == 'second'", true);
    check(m, "Fields[a b[c] == 'odd name'", true);
  });
  it('makes every type mismatch false, even for != and !~', () => {
    check(m, 'Fields[str] == 1', false);
    check(m, 'Fields[str] != 1', false);
    check(m, "Fields[int] == '5'", false);
    check(m, "Fields[int] != '5'", false);
    check(m, 'Fields[int] =~ /5/', false);
    check(m, 'Fields[int] !~ /5/', false);
    check(m, 'Fields[int] == TRUE', false);
    check(m, 'Fields[dbl] == TRUE', false);
  });
  it('compares integers and doubles as float64', () => {
    check(m, 'Fields[int] == 5', true);
    check(m, 'Fields[int] >= 5.0 && Fields[int] < 5.5', true);
    check(m, 'Fields[int][0][1] == 9007199254740992', true);
    check(m, 'Fields[int][0][2] < -9.2e18', true);
    check(m, 'Fields[dbl] == 1.5', true);
    check(m, 'Fields[dbl][0][1] == 0', false);
    check(m, 'Fields[dbl][0][1] != 0', true);
    check(m, 'Fields[dbl][0][1] < 1 || Fields[dbl][0][1] >= 1', false);
  });
  it("compares TRUE/FALSE with a string field as the text 'TRUE'/'FALSE' (Heka's evaluator)", () => {
    check(m, 'Fields[str][0][1] == TRUE', true);
    check(m, 'Fields[str] == TRUE', false);
    check(withFields([{ name: 's', value: 'FALSE' }]), 'Fields[s] == FALSE', true);
    check(
      withFields([{ name: 'b', valueType: 'bytes', value: [Uint8Array.of(0x54, 0x52, 0x55, 0x45)] }]),
      'Fields[b] == TRUE',
      true,
    );
  });
  it('gives a BOOL field compared with anything but TRUE or NIL the answer "value is false"', () => {
    check(m, 'Fields[yes] == TRUE', true);
    check(m, 'Fields[yes] == FALSE', false);
    check(m, 'Fields[no] == FALSE', true);
    check(m, 'Fields[no] == TRUE', false);
    for (const test of ["== 'x'", "!= 'x'", '> 3', '<= 3', '=~ /x/', '!~ /x/']) {
      check(m, `Fields[no] ${test}`, true);
      check(m, `Fields[yes] ${test}`, false);
    }
  });
  it('compares BYTES as raw bytes, and matches regexps on their (Go-decoded) text', () => {
    check(m, "Fields[raw] == 'data'", true);
    check(m, "Fields[raw] != 'data'", false);
    check(m, "Fields[raw] > 'dat'", true);
    check(m, "Fields[raw] < 'datb'", true);
    check(m, 'Fields[raw] =~ /^d.t/', true);
    check(m, "Fields[raw][0][1] == '\uffffA'", false);
    check(m, "Fields[raw][0][1] > '\u00ff'", true); // FF 41 > C3 BF
    check(m, 'Fields[raw][0][1] =~ /^\\x{FFFD}A$/', true);
  });
});

describe('regular expressions', () => {
  const m = new Message({ type: 'TEST', payload: 'GET /a/b HTTP/1.1\nsecond line', logger: '' });
  it('evaluates literal fast paths exactly like the regexp', () => {
    check(m, 'Type =~ /^TEST$/', true);
    check(m, 'Type =~ /^TES$/', false);
    check(m, 'Type =~ /^/', true);
    check(m, 'Type =~ //', true);
    check(m, 'Type !~ //', false);
    check(m, 'Logger =~ /^/', true);
    check(m, 'Logger =~ /^a/', false);
    check(m, 'Logger !~ /a$/', true);
    check(m, 'Type =~ /ES/', true);
    check(m, 'Type =~ /EST\\z/', true);
  });
  it('supports RE2 syntax: flags, \\z, POSIX classes, Unicode classes', () => {
    check(m, 'Type =~ /(?i)^test$/', true);
    check(m, 'Type =~ /^[[:upper:]]+\\z/', true);
    check(m, 'Type =~ /^\\p{Lu}{4}$/', true);
    check(m, 'Payload =~ /(?m)^second/', true);
    check(m, 'Payload =~ /^second/', false);
    check(m, 'Payload =~ /HTTP\\/1\\.1$/', false);
    check(m, 'Payload =~ /(?s)HTTP.*line$/', true);
    check(m, 'Payload =~ /HTTP.*line/', false);
  });
  it('turns \\/ into a slash and keeps every other escape for the regexp', () => {
    check(m, 'Payload =~ /GET \\/a\\/b /', true);
    check(m, 'Payload =~ /^GET\\s\\S+\\sHTTP/', true);
  });
  it('rejects what RE2 rejects', () => {
    for (const re of [
      '\\y',
      '(?=x)',
      '(?!x)',
      '(?<=a)b',
      '(a)\\1',
      'a**',
      '[z-a]',
      'x{1001}',
      '\\Z',
      '(?#c)',
      '[[:wrd:]]',
    ]) {
      expect(() => compileMatcher(`Type =~ /${re}/`), re).toThrow(/invalid regular expression/);
    }
  });
});

describe('literals', () => {
  it('keeps a backslash unless it escapes the same quote', () => {
    check(new Message({ type: 'a\\b' }), "Type == 'a\\b'", true);
    check(new Message({ type: "it's" }), "Type == 'it\\'s'", true);
    check(new Message({ type: 'say "hi"' }), 'Type == "say \\"hi\\""', true);
    check(new Message({ type: '\\"' }), "Type == '\\\"'", true);
    check(new Message({ type: 'a\tb' }), "Type == 'a\\tb'", false);
  });
  it('reads numbers as Go floats', () => {
    const m = new Message({ severity: 6 });
    for (const n of ['6', '6.', '6.0', '.6e1', '0.6e+1', '600e-2', '006']) check(m, `Severity == ${n}`, true);
  });
});

describe('deliberate differences from Heka (documented in the README)', () => {
  const m = new Message({ type: 'T', severity: 3 });
  it('treats a newline as whitespace (Heka ignored everything after it)', () => {
    check(m, "Type == 'T'\n&& Severity == 4", false);
    check(m, "Type == 'T'\n&&\nSeverity == 3\n", true);
  });
  it('rejects juxtaposed expressions (Heka evaluated only the last)', () => {
    expect(() => compileMatcher('TRUE FALSE')).toThrow(/after a complete expression/);
    expect(() => compileMatcher("Type == 'a' Type == 'b'")).toThrow(/after a complete expression/);
  });
  it('rejects an unknown word instead of ignoring the rest', () => {
    expect(() => compileMatcher('TRUE Bogus')).toThrow(/unknown variable 'Bogus'/);
  });
  it('rejects malformed numbers (Heka read them as 0)', () => {
    for (const n of ['1-2', '1e400', '1e', '.', '1.2.3', '5e+']) {
      expect(() => compileMatcher(`Severity == ${n}`), n).toThrow(/invalid number/);
    }
  });
  it('accepts negative numbers', () => {
    check(m, 'Severity > -1', true);
    check(withFields([{ name: 'x', value: -1.5 }]), 'Fields[x] == -1.5', true);
    check(withFields([{ name: 'x', value: -1.5 }]), 'Fields[x] > -.5', false);
  });
});
