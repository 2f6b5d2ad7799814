import { load } from 'js-yaml';
import { CORE, leftToYaml } from './quick-load.js';
import type { PathSegment, Position } from './load.js';

/**
 * Positions for a file the quick pass read, without `yaml`: js-yaml again (about five times faster than `yaml`'s
 * positioned parse on a 5 MB playbook, and already loaded), with its node listener, building a light tree of where
 * each node starts. A lookup walks it as load.ts walks a `yaml` Document (`locateInDocument`) and answers with the
 * same line and column: the start of the node at the path, or of the nearest ancestor that has one.
 *
 * It answers only where it is sure the two parsers see the same nodes: the constructs the quick pass leaves to
 * `yaml` (anchors, tags, explicit keys, ...), a lone carriage return, a `<<` key, or any node whose children do not
 * match its value (an empty value, a flow pair in a sequence, a key without a value) make it `undefined`,
 * and the caller parses with `yaml`.
 */
export type Locate = (path: readonly PathSegment[]) => Position | undefined;

interface YNode {
  /** js-yaml's position when it opened the node: its first character, or the separation space before it */
  open: number;
  kind: string | null;
  value: unknown;
  /** a sequence's entries; a mapping's keys and values, alternating */
  kids: YNode[] | undefined;
}

/** What js-yaml's listener is shown (its State, in part). */
interface ListenerState {
  position: number;
  kind: string | null;
  result: unknown;
}

export function quickLocate(source: string): Locate | undefined {
  if (leftToYaml(source) || (source.includes('\r') && /\r(?!\n)/.test(source))) return undefined;
  const stack: YNode[] = [];
  let root: YNode | undefined;
  let sure = true;
  const listener = (event: 'open' | 'close', state: ListenerState) => {
    if (event === 'open') {
      stack.push({ open: state.position, kind: null, value: undefined, kids: undefined });
      return;
    }
    let node = stack.pop()!;
    // Nothing read: js-yaml tried a key where there was none (before a block scalar, at the end of a mapping), or an
    // empty value. Left out; an empty value leaves its mapping or sequence one child short, which `fits` refuses.
    if (state.kind === null) return;
    node.kind = state.kind;
    node.value = state.result;
    const kids = node.kids;
    // A node js-yaml first tried as a block mapping holds the node it read instead: the same kind and value.
    if (kids?.length === 1 && kids[0]!.kind === node.kind && Object.is(kids[0]!.value, node.value)) node = kids[0]!;
    if (!fits(node)) sure = false;
    const parent = stack[stack.length - 1];
    if (parent) (parent.kids ??= []).push(node);
    else root = node;
  };
  try {
    load(source, { schema: CORE, listener } as Parameters<typeof load>[1]);
  } catch {
    return undefined;
  }
  if (!sure || !root || stack.length > 0) return undefined;
  const top = root;
  let lineStarts: number[] | undefined;
  return (path) => {
    let node = top;
    for (const seg of path) {
      const next = child(node, seg);
      if (!next) break;
      node = next;
    }
    lineStarts ??= linesOf(source);
    return linePos(lineStarts, contentStart(source, node.open));
  };
}

/** Whether a closed node's children are exactly what its value holds (else the tree is not trusted). */
function fits(node: YNode): boolean {
  const n = node.kids?.length ?? 0;
  if (node.kind === 'scalar') return n === 0;
  if (node.kind === 'sequence') return Array.isArray(node.value) && n === node.value.length;
  if (node.kind !== 'mapping' || node.value === null || typeof node.value !== 'object') return false;
  if (n !== 2 * Object.keys(node.value).length) return false;
  for (let i = 0; i < n; i += 2) if (node.kids![i]!.value === '<<') return false;
  return true;
}

/** As `yaml`'s YAMLMap.get (a key whose value is the segment) and YAMLSeq.get (an index, or a string of one). */
function child(node: YNode, seg: PathSegment): YNode | undefined {
  const kids = node.kids;
  if (!kids) return undefined;
  if (node.kind === 'mapping') {
    for (let i = 0; i < kids.length; i += 2) if (kids[i]!.value === seg) return kids[i + 1];
    return undefined;
  }
  const idx = typeof seg === 'string' && seg !== '' ? Number(seg) : seg;
  return typeof idx === 'number' && Number.isInteger(idx) && idx >= 0 ? kids[idx] : undefined;
}

/** Past what js-yaml skips before a node (spaces, tabs, line breaks, comments): where `yaml` says it starts. */
function contentStart(source: string, at: number): number {
  let i = at;
  for (;;) {
    let ch = source.charCodeAt(i);
    while (ch === 0x20 || ch === 0x09) ch = source.charCodeAt(++i);
    if (ch === 0x23) while (i < source.length && ch !== 0x0a && ch !== 0x0d) ch = source.charCodeAt(++i);
    if (ch === 0x0a || ch === 0x0d) i++;
    else return i;
  }
}

/** The offset after every line feed, as `yaml`'s LineCounter records them. */
function linesOf(source: string): number[] {
  const starts = [0];
  for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** `yaml`'s LineCounter.linePos: 1-based line and column. */
function linePos(starts: readonly number[], offset: number): Position {
  let low = 0;
  let high = starts.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (starts[mid]! < offset) low = mid + 1;
    else high = mid;
  }
  if (starts[low] === offset) return { line: low + 1, col: 1 };
  const start = starts[low - 1]!;
  return { line: low, col: offset - start + 1 };
}
