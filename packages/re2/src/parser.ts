/**
 * A parser for RE2 syntax with Go's `syntax.Perl` flags (what Go's `regexp.Compile` uses).
 * It accepts and rejects exactly what Go does, with Go's error codes.
 */
import type { Node } from './ast.js';
import { type Re2ErrorCode, Re2SyntaxError } from './errors.js';
import { appendFoldsOfRange, appendFoldsWhere, foldOrbit } from './fold.js';
import { type CharGroup, PERL_GROUPS, POSIX_GROUPS, unicodeGroupItems } from './groups.js';
import { cleanRanges, MAX_RUNE, negateRanges, type Ranges } from './ranges.js';

/** Go's limits: counted repetitions, nesting, and compiled program size. */
const MAX_REPEAT = 1000;
const MAX_HEIGHT = 1000;
const MAX_SIZE = Math.floor((128 << 20) / 40);

interface Flags {
  foldCase: boolean;
  /** Not (?m): ^ and $ match only at the ends of the text. */
  oneLine: boolean;
  /** (?s): . matches \n. */
  dotNL: boolean;
  /** (?U): repetitions are lazy unless followed by ?. */
  nonGreedy: boolean;
}

export interface ParseResult {
  tree: Node;
  /** Name of each capture group by number (index 0 is the whole match, never named). */
  groupNames: (string | undefined)[];
}

export function parseRe2(pattern: string): ParseResult {
  return new Parser(pattern).parse();
}

const isAlnum = (c: number): boolean =>
  (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);

function unhex(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

class Parser {
  private pos = 0;
  private flags: Flags = { foldCase: false, oneLine: true, dotNL: false, nonGreedy: false };
  private readonly groupNames: (string | undefined)[] = [undefined];
  private depth = 0;

  constructor(private readonly src: string) {}

  parse(): ParseResult {
    this.checkUtf8();
    const tree = this.parseAlternation();
    if (this.pos < this.src.length) {
      // Only an unmatched ')' stops the top-level alternation early.
      throw this.error('unexpected )', this.src, this.pos);
    }
    if (height(tree) > MAX_HEIGHT) throw this.error('expression nests too deeply', this.src, 0);
    if (size(tree) > MAX_SIZE) throw this.error('expression too large', this.src, 0);
    return { tree, groupNames: this.groupNames };
  }

  private error(code: Re2ErrorCode, expr: string, offset: number): Re2SyntaxError {
    return new Re2SyntaxError(code, expr, offset);
  }

  private checkUtf8(): void {
    const s = this.src;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff) {
        const d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          i++;
          continue;
        }
      }
      if (c >= 0xd800 && c <= 0xdfff) throw this.error('invalid UTF-8', s.slice(i), i);
    }
  }

  private peek(offset = 0): number {
    return this.src.codePointAt(this.pos + offset) ?? -1;
  }

  private next(): number {
    const c = this.src.codePointAt(this.pos) as number;
    this.pos += c > 0xffff ? 2 : 1;
    return c;
  }

  private startsWith(s: string): boolean {
    return this.src.startsWith(s, this.pos);
  }

  /** alternation := concat ('|' concat)*, up to an unconsumed ')' or the end. */
  private parseAlternation(): Node {
    const branches: Node[] = [this.parseConcat()];
    while (this.peek() === 0x7c /* | */) {
      this.pos++;
      branches.push(this.parseConcat());
    }
    return branches.length === 1 ? (branches[0] as Node) : { kind: 'alternate', subs: branches };
  }

  private parseConcat(): Node {
    const items: Node[] = [];
    // Start of the previous repetition operator, if the previous token was one (Go's `lastRepeat`).
    let lastRepeat = -1;
    while (this.pos < this.src.length) {
      const c = this.peek();
      if (c === 0x7c /* | */ || c === 0x29 /* ) */) break;
      const start = this.pos;
      let repeatStart = -1;
      switch (c) {
        case 0x28 /* ( */:
          this.parseGroup(items);
          break;
        case 0x5e /* ^ */:
          this.pos++;
          items.push({ kind: 'assert', what: this.flags.oneLine ? 'beginText' : 'beginLine' });
          break;
        case 0x24 /* $ */:
          this.pos++;
          items.push({ kind: 'assert', what: this.flags.oneLine ? 'endText' : 'endLine' });
          break;
        case 0x2e /* . */:
          this.pos++;
          items.push({ kind: 'anyChar', matchNewline: this.flags.dotNL });
          break;
        case 0x5b /* [ */:
          items.push(this.parseClass());
          break;
        case 0x2a /* * */:
        case 0x2b /* + */:
        case 0x3f /* ? */:
          {
            this.pos++;
            const op = c === 0x2a ? '*' : c === 0x2b ? '+' : '?';
            const [min, max] = op === '*' ? [0, -1] : op === '+' ? [1, -1] : [0, 1];
            this.repeat(items, op, min, max, start, lastRepeat);
            repeatStart = start;
            break;
          }
        case 0x7b /* { */:
          {
            const rep = this.parseRepeatBraces();
            if (!rep) {
              this.pos++;
              items.push(this.literal(0x7b));
              break;
            }
            const { min, max } = rep;
            if (min < 0 || min > MAX_REPEAT || max > MAX_REPEAT || (max >= 0 && min > max)) {
              throw this.error('invalid repeat count', this.src.slice(start, this.pos), start);
            }
            this.repeat(items, '{}', min, max, start, lastRepeat);
            repeatStart = start;
            break;
          }
        case 0x5c /* \ */:
          this.parseBackslash(items);
          break;
        default:
          items.push(this.literal(this.next()));
      }
      lastRepeat = repeatStart;
    }
    if (items.length === 0) return { kind: 'empty' };
    return items.length === 1 ? (items[0] as Node) : { kind: 'concat', subs: items };
  }

  private literal(cp: number): Node {
    return { kind: 'literal', cp, fold: this.flags.foldCase && foldOrbit(cp).length > 1 };
  }

  /** Applies a repetition operator (already consumed) to the last item. */
  private repeat(
    items: Node[],
    op: '*' | '+' | '?' | '{}',
    min: number,
    max: number,
    start: number,
    lastRepeat: number,
  ): void {
    let greedy = !this.flags.nonGreedy;
    if (this.peek() === 0x3f /* ? */) {
      this.pos++;
      greedy = !greedy;
    }
    if (lastRepeat >= 0) {
      // Perl forbids stacking repetition operators: a** is an error, not a doubled star.
      throw this.error('invalid nested repetition operator', this.src.slice(lastRepeat, this.pos), lastRepeat);
    }
    const sub = items.pop();
    if (!sub) throw this.error('missing argument to repetition operator', this.src.slice(start, this.pos), start);
    const node: Node = { kind: 'repeat', op, min, max, greedy, sub };
    if (op === '{}' && (min >= 2 || max >= 2) && !repeatIsValid(node, MAX_REPEAT)) {
      throw this.error('invalid repeat count', this.src.slice(start, this.pos), start);
    }
    items.push(node);
  }

  /** `{n}`, `{n,}` or `{n,m}` at pos; undefined (nothing consumed) when it is not of that form. */
  private parseRepeatBraces(): { min: number; max: number } | undefined {
    const save = this.pos;
    this.pos++;
    const min = this.parseInt();
    let max = min;
    let ok = min !== undefined;
    if (ok && this.peek() === 0x2c /* , */) {
      this.pos++;
      if (this.peek() === 0x7d /* } */) max = -1;
      else {
        max = this.parseInt();
        ok = max !== undefined;
      }
    }
    if (ok && this.peek() === 0x7d /* } */ && min !== undefined && max !== undefined) {
      this.pos++;
      // A number too big to represent makes the whole repeat invalid (Go reports min = -1).
      return { min: max === -2 ? -1 : min, max: max === -2 ? 0 : max };
    }
    this.pos = save;
    return undefined;
  }

  /** Decimal integer without leading zeros; -2 when it overflows (Go: >= 1e8). */
  private parseInt(): number | undefined {
    const s = this.src;
    const start = this.pos;
    const c0 = s.charCodeAt(start);
    if (!(c0 >= 0x30 && c0 <= 0x39)) return undefined;
    const c1 = s.charCodeAt(start + 1);
    if (c0 === 0x30 && c1 >= 0x30 && c1 <= 0x39) return undefined;
    let end = start;
    while (end < s.length && s.charCodeAt(end) >= 0x30 && s.charCodeAt(end) <= 0x39) end++;
    this.pos = end;
    let n = 0;
    for (let i = start; i < end; i++) {
      if (n >= 1e8) return -2;
      n = n * 10 + s.charCodeAt(i) - 0x30;
    }
    return n;
  }

  private parseGroup(items: Node[]): void {
    const start = this.pos;
    if (this.src.charCodeAt(start + 1) === 0x3f /* ? */) {
      const named = this.parseNamedCaptureStart();
      if (named !== undefined) {
        this.openGroup(items, start, named, this.flags);
        return;
      }
      const { flags, opensGroup } = this.parseFlags(start);
      if (opensGroup) this.openGroup(items, start, null, flags);
      else this.flags = flags; // bare (?i): applies until the end of the enclosing group
      return;
    }
    this.pos++;
    this.openGroup(items, start, undefined, this.flags);
  }

  /**
   * Parses the body of a group whose opening has been consumed, up to and including ')'.
   * name: undefined = numbered capture, a string = named capture, null = non-capturing.
   * The flags in force before the group come back when it closes.
   */
  private openGroup(items: Node[], start: number, name: string | null | undefined, inner: Flags): void {
    if (++this.depth > MAX_HEIGHT) throw this.error('expression nests too deeply', this.src, start);
    let capture = 0;
    if (name !== null) {
      capture = this.groupNames.length;
      this.groupNames.push(name);
    }
    const saved = this.flags;
    this.flags = inner;
    const sub = this.parseAlternation();
    if (this.peek() !== 0x29 /* ) */) throw this.error('missing closing )', this.src, start);
    this.pos++;
    this.flags = saved;
    this.depth--;
    items.push({ kind: 'group', capture, name: name ?? undefined, sub });
  }

  /** `(?P<name>` or `(?<name>`: consumes it and returns the name; undefined if not a named capture. */
  private parseNamedCaptureStart(): string | undefined {
    const s = this.src;
    const t = s.slice(this.pos);
    const startsWithP = t.length > 4 && t[2] === 'P' && t[3] === '<';
    const startsWithName = t.length > 3 && t[2] === '<';
    if (!startsWithP && !startsWithName) return undefined;
    const end = t.indexOf('>');
    if (end < 0) throw this.error('invalid named capture', t, this.pos);
    const name = t.slice(startsWithP ? 4 : 3, end);
    if (name === '' || ![...name].every((ch) => ch === '_' || isAlnum(ch.codePointAt(0) as number))) {
      throw this.error('invalid named capture', t.slice(0, end + 1), this.pos);
    }
    this.pos += end + 1;
    return name;
  }

  /** `(?flags)` or `(?flags:` (with `(?` at pos): the new flags, and whether a non-capturing group opens. */
  private parseFlags(start: number): { flags: Flags; opensGroup: boolean } {
    this.pos += 2;
    const flags = { ...this.flags };
    let negate = false;
    let sawFlag = false;
    while (this.pos < this.src.length) {
      const c = this.next();
      switch (c) {
        case 0x69 /* i */:
          flags.foldCase = !negate;
          sawFlag = true;
          continue;
        case 0x6d /* m */:
          flags.oneLine = negate;
          sawFlag = true;
          continue;
        case 0x73 /* s */:
          flags.dotNL = !negate;
          sawFlag = true;
          continue;
        case 0x55 /* U */:
          flags.nonGreedy = !negate;
          sawFlag = true;
          continue;
        case 0x2d /* - */:
          if (negate) break;
          negate = true;
          sawFlag = false;
          continue;
        case 0x3a /* : */:
        case 0x29 /* ) */:
          if (negate && !sawFlag) break;
          return { flags, opensGroup: c === 0x3a };
      }
      break;
    }
    throw this.error('invalid or unsupported Perl syntax', this.src.slice(start, this.pos), start);
  }

  private parseBackslash(items: Node[]): void {
    const start = this.pos;
    const c = this.src.codePointAt(start + 1);
    switch (c) {
      case 0x41 /* A */:
        this.pos += 2;
        items.push({ kind: 'assert', what: 'beginText' });
        return;
      case 0x7a /* z */:
        this.pos += 2;
        items.push({ kind: 'assert', what: 'endText' });
        return;
      case 0x62 /* b */:
        this.pos += 2;
        items.push({ kind: 'assert', what: 'wordBoundary' });
        return;
      case 0x42 /* B */:
        this.pos += 2;
        items.push({ kind: 'assert', what: 'notWordBoundary' });
        return;
      case 0x43 /* C */:
        throw this.error('invalid escape sequence', '\\C', start);
      case 0x51 /* Q */:
        {
          // \Q ... \E: everything in between is literal (to the end if there is no \E).
          const end = this.src.indexOf('\\E', start + 2);
          const lit = this.src.slice(start + 2, end < 0 ? undefined : end);
          this.pos = end < 0 ? this.src.length : end + 2;
          for (const ch of lit) items.push(this.literal(ch.codePointAt(0) as number));
          return;
        }
      case 0x70 /* p */:
      case 0x50 /* P */:
        items.push(this.classNode(this.parseUnicodeGroup(), false));
        return;
    }
    const perl = c === undefined ? undefined : PERL_GROUPS[String.fromCodePoint(c)];
    if (perl) {
      this.pos += 2;
      items.push(this.classNode({ ranges: this.groupRanges(perl), items: [] }, false));
      return;
    }
    items.push(this.literal(this.parseEscape()));
  }

  /** A single-character escape at pos (Go's parseEscape). */
  private parseEscape(): number {
    const start = this.pos;
    this.pos++;
    if (this.pos >= this.src.length) throw this.error('trailing backslash at end of expression', '', start);
    const c = this.next();
    const fail = (): Re2SyntaxError => this.error('invalid escape sequence', this.src.slice(start, this.pos), start);
    if (c < 0x80 && !isAlnum(c)) return c; // escaped punctuation (and \_) is itself
    if (c >= 0x31 && c <= 0x37) {
      // A single non-zero digit would be a backreference: not supported.
      const d = this.peek();
      if (!(d >= 0x30 && d <= 0x37)) throw fail();
    }
    if (c >= 0x30 && c <= 0x37) {
      let r = c - 0x30;
      for (let i = 1; i < 3; i++) {
        const d = this.peek();
        if (!(d >= 0x30 && d <= 0x37)) break;
        r = r * 8 + d - 0x30;
        this.pos++;
      }
      return r;
    }
    switch (c) {
      case 0x78 /* x */:
        {
          if (this.pos >= this.src.length) throw fail();
          const c1 = this.next();
          if (c1 === 0x7b /* { */) {
            let r = 0;
            let digits = 0;
            for (;;) {
              if (this.pos >= this.src.length) throw fail();
              const d = this.next();
              if (d === 0x7d /* } */) break;
              const v = unhex(d);
              if (v < 0) throw fail();
              r = r * 16 + v;
              if (r > MAX_RUNE) throw fail();
              digits++;
            }
            if (digits === 0) throw fail();
            return r;
          }
          if (this.pos >= this.src.length) throw fail();
          const x = unhex(c1);
          const y = unhex(this.next());
          if (x < 0 || y < 0) throw fail();
          return x * 16 + y;
        }
      case 0x61 /* a */:
        return 0x07;
      case 0x66 /* f */:
        return 0x0c;
      case 0x6e /* n */:
        return 0x0a;
      case 0x72 /* r */:
        return 0x0d;
      case 0x74 /* t */:
        return 0x09;
      case 0x76 /* v */:
        return 0x0b;
    }
    throw fail();
  }

  /** `\pN`, `\p{Name}`, `\PN`, `\p{^Name}` at pos, as JS class operands plus fold extras. */
  private parseUnicodeGroup(): { ranges: Ranges; items: string[] } {
    const start = this.pos;
    let negated = this.src[start + 1] === 'P';
    this.pos += 2;
    let name: string;
    if (this.peek() !== 0x7b /* { */) {
      name = this.pos < this.src.length ? String.fromCodePoint(this.next()) : '';
    } else {
      const end = this.src.indexOf('}', this.pos);
      if (end < 0) throw this.error('invalid character class range', this.src.slice(start), start);
      name = this.src.slice(this.pos + 1, end);
      this.pos = end + 1;
    }
    if (name.startsWith('^')) {
      negated = !negated;
      name = name.slice(1);
    }
    const items = unicodeGroupItems(name);
    if (items === undefined) {
      throw this.error('invalid character class range', this.src.slice(start, this.pos), start);
    }
    const extras: Ranges = [];
    if (this.flags.foldCase) {
      const member = new RegExp(`[${items}]`, 'v');
      appendFoldsWhere(extras, (cp) => member.test(String.fromCodePoint(cp)));
    }
    if (!negated) return { ranges: extras, items: [items] };
    cleanRanges(extras);
    return { ranges: [], items: [`[^${items}${rangesToClassText(extras)}]`] };
  }

  /** Ranges of a Perl or POSIX group, folded under (?i) before any negation, as Go does. */
  private groupRanges(g: CharGroup): Ranges {
    let r = [...g.ranges];
    if (this.flags.foldCase) {
      for (let i = 0, n = g.ranges.length; i < n; i += 2) {
        appendFoldsOfRange(r, g.ranges[i] as number, g.ranges[i + 1] as number);
      }
      r = cleanRanges(r);
    }
    return g.negated ? negateRanges(r) : r;
  }

  private classNode(set: { ranges: Ranges; items: string[] }, negated: boolean): Node {
    return { kind: 'class', ranges: cleanRanges(set.ranges), items: set.items, negated };
  }

  /** `[...]` at pos (Go's parseClass with Perl flags: `-` allowed anywhere, classes may match \n). */
  private parseClass(): Node {
    const start = this.pos;
    this.pos++;
    let negated = false;
    if (this.peek() === 0x5e /* ^ */) {
      negated = true;
      this.pos++;
    }
    const ranges: Ranges = [];
    const items: string[] = [];
    const missing = (): Re2SyntaxError => this.error('missing closing ]', this.src.slice(start), start);
    let first = true;
    while (first || this.peek() !== 0x5d /* ] */) {
      if (this.pos >= this.src.length) throw missing();
      first = false;
      const s = this.src;
      if (s.length - this.pos > 2 && s[this.pos] === '[' && s[this.pos + 1] === ':') {
        const named = this.parseNamedClass();
        if (named) {
          ranges.push(...named);
          continue;
        }
      }
      if (s[this.pos] === '\\' && (s[this.pos + 1] === 'p' || s[this.pos + 1] === 'P')) {
        const g = this.parseUnicodeGroup();
        ranges.push(...g.ranges);
        items.push(...g.items);
        continue;
      }
      if (s[this.pos] === '\\') {
        const perl = PERL_GROUPS[s[this.pos + 1] ?? ''];
        if (perl) {
          this.pos += 2;
          ranges.push(...this.groupRanges(perl));
          continue;
        }
      }
      const rangeStart = this.pos;
      const lo = this.parseClassChar(missing);
      let hi = lo;
      if (this.src.length - this.pos >= 2 && this.peek() === 0x2d /* - */ && this.peek(1) !== 0x5d /* ] */) {
        this.pos++;
        hi = this.parseClassChar(missing);
        if (hi < lo) {
          throw this.error('invalid character class range', this.src.slice(rangeStart, this.pos), rangeStart);
        }
      }
      ranges.push(lo, hi);
      if (this.flags.foldCase) appendFoldsOfRange(ranges, lo, hi);
    }
    this.pos++; // ]
    return this.classNode({ ranges, items }, negated);
  }

  private parseClassChar(missing: () => Re2SyntaxError): number {
    if (this.pos >= this.src.length) throw missing();
    if (this.peek() === 0x5c /* \ */) return this.parseEscape();
    return this.next();
  }

  /** `[:alpha:]` or `[:^alpha:]` at pos; undefined (nothing consumed) when there is no `:]` ahead. */
  private parseNamedClass(): Ranges | undefined {
    const s = this.src;
    const close = s.indexOf(':]', this.pos + 2);
    if (close < 0) return undefined;
    const whole = s.slice(this.pos, close + 2);
    let name = s.slice(this.pos + 2, close);
    const negated = name.startsWith('^');
    if (negated) name = name.slice(1);
    const ranges = Object.hasOwn(POSIX_GROUPS, name) ? POSIX_GROUPS[name] : undefined;
    if (!ranges) throw this.error('invalid character class range', whole, this.pos);
    this.pos = close + 2;
    return this.groupRanges({ negated, ranges });
  }
}

/** Go's repeatIsValid: nested counted repetitions may not multiply beyond n copies. */
function repeatIsValid(node: Node, n: number): boolean {
  if (node.kind === 'repeat' && node.op === '{}') {
    let m = node.max;
    if (m === 0) return true;
    if (m < 0) m = node.min;
    if (m > n) return false;
    if (m > 0) n = Math.floor(n / m);
  }
  return children(node).every((sub) => repeatIsValid(sub, n));
}

function children(node: Node): Node[] {
  switch (node.kind) {
    case 'group':
    case 'repeat':
      return [node.sub];
    case 'concat':
    case 'alternate':
      return node.subs;
    default:
      return [];
  }
}

/** Tree height as Go counts it (non-capturing groups and literal strings add no level). */
function height(node: Node): number {
  if (node.kind === 'group' && node.capture === 0) return height(node.sub);
  const subs = children(node);
  let h = 0;
  for (const sub of subs) h = Math.max(h, height(sub));
  return 1 + h;
}

/** Compiled program size estimate, by Go's calcSize rules. */
function size(node: Node): number {
  let n: number;
  switch (node.kind) {
    case 'literal':
      n = 1;
      break;
    case 'group':
      n = node.capture === 0 ? size(node.sub) : 2 + size(node.sub);
      break;
    case 'concat':
      n = node.subs.reduce((a, s) => a + size(s), 0);
      break;
    case 'alternate':
      n = node.subs.reduce((a, s) => a + size(s), 0) + node.subs.length - 1;
      break;
    case 'repeat': {
      const sub = size(node.sub);
      if (node.op === '*') n = 2 + sub;
      else if (node.op === '+' || node.op === '?') n = 1 + sub;
      else if (node.max === -1) n = node.min === 0 ? 2 + sub : 1 + node.min * sub;
      else n = node.max * sub + (node.max - node.min);
      break;
    }
    default:
      n = 1;
  }
  return Math.max(1, n);
}

/** Class body text (no brackets) for a clean set of ranges, safe inside a `v`-mode class. */
export function rangesToClassText(r: Ranges): string {
  let out = '';
  for (let i = 0; i < r.length; i += 2) {
    const lo = r[i] as number;
    const hi = r[i + 1] as number;
    out += lo === hi ? `\\u{${lo.toString(16)}}` : `\\u{${lo.toString(16)}}-\\u{${hi.toString(16)}}`;
  }
  return out;
}
