/** Go's parser limits: counted repetitions, tree height, compiled size and class sizes. */
import type { Node } from './ast.js';
import { negateRanges, rangesToClassText } from './ranges.js';

export const MAX_REPEAT = 1000;
export const MAX_HEIGHT = 1000;
/** 128 MB of 40-byte instructions. */
export const MAX_SIZE = Math.floor((128 << 20) / 40);
/** 128 MB of 4-byte runes across all literals and classes (each `\pL` holds about 1300). */
export const MAX_RUNES = (128 << 20) / 4;
/** No class holds more than ~1500 runes per pattern character, so shorter patterns skip counting. */
export const RUNE_COUNT_MIN_LENGTH = Math.floor(MAX_RUNES / 1500);

export function children(node: Node): Node[] {
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

/** Go's repeatIsValid: nested counted repetitions may not multiply beyond n copies. */
export function repeatIsValid(node: Node, n: number): boolean {
  if (node.kind === 'repeat' && node.op === '{}') {
    let m = node.max;
    if (m === 0) return true;
    if (m < 0) m = node.min;
    if (m > n) return false;
    if (m > 0) n = Math.floor(n / m);
  }
  return children(node).every((sub) => repeatIsValid(sub, n));
}

/** Tree height as Go counts it (non-capturing groups and literal strings add no level). */
export function height(node: Node): number {
  if (node.kind === 'group' && node.capture === 0) return height(node.sub);
  let h = 0;
  for (const sub of children(node)) h = Math.max(h, height(sub));
  return 1 + h;
}

/** Compiled program size estimate, by Go's calcSize rules. */
export function size(node: Node): number {
  let n: number;
  switch (node.kind) {
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

const classRunes = new Map<string, number>();

/** Runes Go stores for a class: two per range of the final (cleaned, negated) set. */
export function classRuneCount(node: Extract<Node, { kind: 'class' }>): number {
  if (node.items.length === 0) return (node.negated ? negateRanges(node.ranges) : node.ranges).length;
  const text = `[${rangesToClassText(node.ranges)}${node.items.join('')}]${node.negated ? '^' : ''}`;
  let n = classRunes.get(text);
  if (n === undefined) {
    // Property classes are opaque here: count their ranges by scanning every code point once.
    const re = new RegExp(`^${text.slice(0, node.negated ? -1 : undefined)}$`, 'v');
    n = 0;
    let inside = false;
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      const hit = re.test(String.fromCodePoint(cp)) !== node.negated;
      if (hit && !inside) n += 2;
      inside = hit;
    }
    classRunes.set(text, n);
  }
  return n;
}
