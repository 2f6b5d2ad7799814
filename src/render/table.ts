/**
 * Aligning columns, apart from measuring text (width.ts): a listing whose
 * every cell is printable ASCII, the common case, is aligned by length and
 * never loads string-width, whose import alone cost `status` a tenth of its
 * time.
 */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** One terminal column per character: the text's length is its width. */
export const isPlainAscii = (text: string): boolean => PRINTABLE_ASCII.test(text);

/**
 * Columns aligned by `widthOf` (each cell measured once); the last column is
 * not padded and trailing spaces are cut.
 */
export function alignColumns(
  rows: readonly (readonly string[])[],
  widthOf: (text: string) => number,
  gap = '  ',
): string[] {
  const measured = rows.map((row) => row.map(widthOf));
  const widths: number[] = [];
  for (const row of measured) row.forEach((w, i) => (widths[i] = Math.max(widths[i] ?? 0, w)));
  return rows.map((row, r) => {
    let line = '';
    const last = row.length - 1;
    for (let i = 0; i <= last; i++) {
      line += row[i]!;
      if (i < last) line += ' '.repeat(widths[i]! - measured[r]![i]!) + gap;
    }
    return line.trimEnd();
  });
}

/** The rows aligned when every cell is printable ASCII; undefined when some cell needs display widths. */
export function asciiTable(rows: readonly (readonly string[])[], gap = '  '): string[] | undefined {
  for (const row of rows) for (const cell of row) if (!PRINTABLE_ASCII.test(cell)) return undefined;
  return alignColumns(rows, (text) => text.length, gap);
}
