/**
 * Character classes: `[...]`, POSIX `[:name:]`, Perl `\d \s \w` and Unicode `\pN \p{Name}`,
 * parsed as Go's parseClass, parseNamedClass, parsePerlClassEscape and parseUnicodeClass do.
 */
import type { Node } from './ast.js';
import { appendFoldsOfRange, appendFoldsWhere } from './fold.js';
import { type CharGroup, PERL_GROUPS, POSIX_GROUPS } from './groups.js';
import { cleanRanges, negateRanges, type Ranges, rangesToClassText } from './ranges.js';
import { Scanner } from './scanner.js';
import { unicodeGroupItems } from './unicode.js';

type ClassNode = Extract<Node, { kind: 'class' }>;

/** Class members: code point ranges plus JS `v`-mode class operands (such as `\p{Lu}`). */
interface ClassSet {
  ranges: Ranges;
  items: string[];
}

export class ClassParser extends Scanner {
  /** The node for a Perl group escape (`\d`) at pos, consuming it; undefined if there is none. */
  protected perlClass(): ClassNode | undefined {
    const g = this.src[this.pos] === '\\' ? PERL_GROUPS[this.src[this.pos + 1] ?? ''] : undefined;
    if (!g) return undefined;
    this.pos += 2;
    return this.classNode({ ranges: this.groupRanges(g), items: [] }, false);
  }

  /** The node for `\p..` or `\P..` at pos. */
  protected unicodeClass(): ClassNode {
    return this.classNode(this.parseUnicodeGroup(), false);
  }

  protected classNode(set: ClassSet, negated: boolean): ClassNode {
    return { kind: 'class', ranges: cleanRanges(set.ranges), items: set.items, negated };
  }

  /** `\pN`, `\p{Name}`, `\PN`, `\p{^Name}` at pos, as JS class operands plus fold extras. */
  private parseUnicodeGroup(): ClassSet {
    const start = this.pos;
    let negated = this.src[start + 1] === 'P';
    this.pos += 2;
    let name: string;
    if (this.peek() !== 0x7b /* { */) {
      name = this.pos < this.src.length ? String.fromCodePoint(this.next()) : '';
    } else {
      const end = this.src.indexOf('}', this.pos);
      if (end < 0) {
        this.checkUtf8(this.src.slice(start), start);
        throw this.error('invalid character class range', this.src.slice(start), start);
      }
      name = this.src.slice(this.pos + 1, end);
      this.checkUtf8(name, this.pos + 1);
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
    // Under (?i) Go adds the case variants of the members (its FoldCategory and FoldScript
    // tables) before negating.
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

  /** `[...]` at pos (Go's parseClass with Perl flags: `-` allowed anywhere, classes may match \n). */
  protected parseClass(): ClassNode {
    const start = this.pos;
    this.pos++;
    let negated = false;
    if (this.peek() === 0x5e /* ^ */) {
      negated = true;
      this.pos++;
    }
    const set: ClassSet = { ranges: [], items: [] };
    const missing = () => this.error('missing closing ]', this.src.slice(start), start);
    let first = true; // `]` is a member when it comes first
    while (first || this.peek() !== 0x5d /* ] */) {
      if (this.pos >= this.src.length) throw missing();
      first = false;
      if (this.src.startsWith('[:', this.pos) && this.pos + 2 < this.src.length && this.parseNamedClass(set)) continue;
      const s = this.src;
      if (s[this.pos] === '\\' && (s[this.pos + 1] === 'p' || s[this.pos + 1] === 'P')) {
        const g = this.parseUnicodeGroup();
        set.ranges.push(...g.ranges);
        set.items.push(...g.items);
        continue;
      }
      const perl = this.perlClass();
      if (perl) {
        set.ranges.push(...perl.ranges);
        continue;
      }
      const rangeStart = this.pos;
      const lo = this.parseClassChar(missing);
      let hi = lo;
      // `a-]` is `a` and `-`.
      if (this.src.length - this.pos >= 2 && this.peek() === 0x2d /* - */ && this.peek(1) !== 0x5d /* ] */) {
        this.pos++;
        hi = this.parseClassChar(missing);
        if (hi < lo) {
          throw this.error('invalid character class range', this.src.slice(rangeStart, this.pos), rangeStart);
        }
      }
      set.ranges.push(lo, hi);
      if (this.flags.foldCase) appendFoldsOfRange(set.ranges, lo, hi);
    }
    this.pos++; // ]
    return this.classNode(set, negated);
  }

  private parseClassChar(missing: () => Error): number {
    if (this.pos >= this.src.length) throw missing();
    if (this.peek() === 0x5c /* \ */) return this.parseEscape();
    return this.next();
  }

  /** `[:alpha:]` or `[:^alpha:]` at pos, added to set; false (nothing consumed) without a `:]` ahead. */
  private parseNamedClass(set: ClassSet): boolean {
    const close = this.src.indexOf(':]', this.pos + 2);
    if (close < 0) return false;
    const whole = this.src.slice(this.pos, close + 2);
    let name = this.src.slice(this.pos + 2, close);
    const negated = name.startsWith('^');
    if (negated) name = name.slice(1);
    const ranges = Object.hasOwn(POSIX_GROUPS, name) ? POSIX_GROUPS[name] : undefined;
    if (!ranges) throw this.error('invalid character class range', whole, this.pos);
    this.pos = close + 2;
    set.ranges.push(...this.groupRanges({ negated, ranges }));
    return true;
  }
}
