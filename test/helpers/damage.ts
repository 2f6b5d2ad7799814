// Damaged YAML for the parser-agreement property tests (quick-load, quick-locate): a few line edits of a real
// file, with the insertions and the values each test chooses.
import fc from 'fast-check';

export type Damage =
  | { kind: 'delete'; at: number }
  | { kind: 'duplicate'; at: number }
  | { kind: 'indent'; at: number; by: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'value'; at: number; text: string };

/** Deleted, duplicated, re- or de-indented lines; `inserts` typed into a line; a mapping value replaced by `values`. */
export function damageOf(inserts: readonly string[], values: readonly string[]): fc.Arbitrary<Damage> {
  return fc.oneof(
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('indent' as const), at: fc.nat(), by: fc.integer({ min: -3, max: 3 }) }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom(...inserts) }),
    fc.record({ kind: fc.constant('value' as const), at: fc.nat(), text: fc.constantFrom(...values) }),
  );
}

/** `text` with the edits applied in order, each at a line picked by its `at`. */
export function applyDamage(text: string, edits: readonly Damage[]): string {
  const lines = text.split('\n');
  for (const e of edits) {
    const i = e.at % lines.length;
    if (e.kind === 'delete') lines.splice(i, 1);
    else if (e.kind === 'duplicate') lines.splice(i, 0, lines[i]!);
    else if (e.kind === 'indent')
      lines[i] =
        e.by > 0 ? ' '.repeat(e.by) + lines[i] : lines[i]!.slice(Math.min(-e.by, /^ */.exec(lines[i]!)![0].length));
    else if (e.kind === 'insert') {
      const col = e.at % (lines[i]!.length + 1);
      lines[i] = lines[i]!.slice(0, col) + e.text + lines[i]!.slice(col);
    } else lines[i] = lines[i]!.replace(/: .*$/, `: ${e.text}`);
  }
  return lines.join('\n');
}
