/**
 * A parser for RE2 syntax with Go's `syntax.Perl` flags (what Go's `regexp.Compile` uses).
 * It accepts and rejects exactly what Go does, with Go's error codes, checking in the same order
 * as Go so that the first problem in the pattern is the one reported.
 */
import type { Node } from './ast.js';
import { ClassParser } from './classes.js';
import { foldOrbit } from './fold.js';
import {
  classRuneCount,
  height,
  MAX_HEIGHT,
  MAX_REPEAT,
  MAX_RUNES,
  MAX_SIZE,
  RUNE_COUNT_MIN_LENGTH,
  repeatIsValid,
  size,
} from './limits.js';
import { type Flags, isAlnum, loneSurrogate } from './scanner.js';

export interface ParseResult {
  tree: Node;
  /** Name of each capture group by number (index 0 is the whole match, never named). */
  groupNames: (string | undefined)[];
}

export function parseRe2(pattern: string): ParseResult {
  return new Parser(pattern).parse();
}

class Parser extends ClassParser {
  private readonly groupNames: (string | undefined)[] = [undefined];
  private depth = 0;
  /** Runes in literals and classes so far (Go's numRunes), counted only for very long patterns. */
  private runes = 0;

  parse(): ParseResult {
    const tree = this.parseAlternation();
    if (this.pos < this.src.length) {
      // Only an unmatched ')' stops the top-level alternation early.
      throw this.error('unexpected )', this.src, this.pos);
    }
    // Every code point was decoded on the way; this only guards against a path that was not.
    const bad = loneSurrogate(this.src);
    if (bad >= 0) throw this.error('invalid UTF-8', this.src.slice(bad), bad);
    if (height(tree) > MAX_HEIGHT) throw this.error('expression nests too deeply', this.src, 0);
    if (size(tree) > MAX_SIZE) throw this.error('expression too large', this.src, 0);
    return { tree, groupNames: this.groupNames };
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
          items.push(this.counted(this.parseClass()));
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
    return this.counted({ kind: 'literal', cp, fold: this.flags.foldCase && foldOrbit(cp).length > 1 });
  }

  /** Adds a node's runes to Go's running total (see MAX_RUNES); returns the node. */
  private counted<T extends Node>(node: T): T {
    if (this.src.length < RUNE_COUNT_MIN_LENGTH) return node;
    this.runes += node.kind === 'class' ? classRuneCount(node) : 1;
    if (this.runes > MAX_RUNES) throw this.error('expression too large', this.src, 0);
    return node;
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
    if (end < 0) {
      this.checkUtf8(t, this.pos);
      throw this.error('invalid named capture', t, this.pos);
    }
    const name = t.slice(startsWithP ? 4 : 3, end);
    this.checkUtf8(name, this.pos + (startsWithP ? 4 : 3));
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
          this.checkUtf8(lit, start + 2);
          this.pos = end < 0 ? this.src.length : end + 2;
          for (const ch of lit) items.push(this.literal(ch.codePointAt(0) as number));
          return;
        }
      case 0x70 /* p */:
      case 0x50 /* P */:
        items.push(this.counted(this.unicodeClass()));
        return;
    }
    const perl = this.perlClass();
    if (perl) items.push(this.counted(perl));
    else items.push(this.literal(this.parseEscape()));
  }
}
