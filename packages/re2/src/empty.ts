/**
 * How RE2 and JavaScript differ on loops over something that can match the empty string.
 *
 * RE2 runs a loop's first iteration as a plain copy of the body: if the body's preferred choice
 * there matches '' (`(|a)*`, `(a*?)+`, `(^|a)*`), the loop ends at once. JavaScript rejects an
 * empty iteration (after the minimum count) or keeps looping after it, and so prefers to consume.
 * Later iterations agree: both drop an empty one and try the body's other choices, then stop.
 */
import type { Node } from './ast.js';

/** Whether the node can match the empty string. */
export function nullable(node: Node): boolean {
  switch (node.kind) {
    case 'assert':
    case 'empty':
      return true;
    case 'group':
      return nullable(node.sub);
    case 'concat':
      return node.subs.every(nullable);
    case 'alternate':
      return node.subs.some(nullable);
    case 'repeat':
      return node.min === 0 || nullable(node.sub);
    default:
      return false;
  }
}

/** Whether the node can only ever match the empty string (assertions, empty groups). */
export function neverConsumes(node: Node): boolean {
  switch (node.kind) {
    case 'assert':
    case 'empty':
      return true;
    case 'group':
    case 'repeat':
      return neverConsumes(node.sub);
    case 'concat':
    case 'alternate':
      return node.subs.every(neverConsumes);
    default:
      return false;
  }
}

/**
 * When the node's preferred choice matches '' (possibly only where some assertions hold), those
 * assertions as a node (`empty` when there are none); undefined when its preferred choice consumes
 * text or is not simple to tell.
 */
export function preferredEmpty(node: Node): Node | undefined {
  switch (node.kind) {
    case 'empty':
    case 'assert':
      return node;
    case 'group':
      return preferredEmpty(node.sub);
    case 'alternate':
      return preferredEmpty(node.subs[0] as Node);
    case 'concat': {
      const parts: Node[] = [];
      for (const sub of node.subs) {
        const part = preferredEmpty(sub);
        if (!part) return undefined;
        if (part.kind !== 'empty') parts.push(part);
      }
      if (parts.length === 0) return { kind: 'empty' };
      return parts.length === 1 ? parts[0] : { kind: 'concat', subs: parts };
    }
    case 'repeat':
      // A lazy repetition first tries its minimum count; zero copies are ''.
      if (node.greedy) return undefined;
      return node.min === 0 ? { kind: 'empty' } : preferredEmpty(node.sub);
    default:
      return undefined;
  }
}
