/**
 * Aligning columns, apart from measuring text (width.ts): a listing whose
 * every cell is one column per character, the common case, is aligned by
 * length and never loads string-width, whose import alone cost `status` a
 * tenth of its time.
 */
/**
 * Characters that each take one terminal column and never join the next one into a cluster: printable
 * ASCII, Latin-1 but the soft hyphen (invisible), Latin Extended-A/B, IPA and spacing modifier letters (no
 * combining marks: those start at U+0300), and general punctuation from the dashes to U+205E (– — ‘ ’ “ ” …;
 * not the zero-width and format characters around it). test/render/table.test.ts checks every one against
 * string-width.
 */
const ONE_COLUMN = /^[\x20-\x7e\u00a0-\u00ac\u00ae-\u02ff\u2010-\u2027\u2030-\u205e]*$/;

/** One terminal column per character: the text's length is its width. */
export const isOneColumn = (text: string): boolean => ONE_COLUMN.test(text);

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

/**
 * The rows aligned when every cell is one column per character; undefined when some cell needs display widths.
 * A `status` of 10,000 sessions has 50,000 cells: they are checked with one regex over their concatenation (the
 * class is per character, so that is the same test), and measured by length without a second table of widths.
 */
export function narrowTable(rows: readonly (readonly string[])[], gap = '  '): string[] | undefined {
  let text = '';
  const widths: number[] = [];
  for (const row of rows)
    for (let i = 0; i < row.length; i++) {
      const cell = row[i]!;
      text += cell;
      if (!(cell.length <= widths[i]!)) widths[i] = cell.length;
    }
  if (!ONE_COLUMN.test(text)) return undefined;
  return rows.map((row) => {
    let line = '';
    const last = row.length - 1;
    for (let i = 0; i <= last; i++) {
      line += row[i]!;
      if (i < last) line += ' '.repeat(widths[i]! - row[i]!.length) + gap;
    }
    return line.trimEnd();
  });
}

/**
 * One-column text cut to at most `width` columns, the cut marked with an ellipsis (as width.ts `truncate`);
 * undefined when the text needs display widths.
 */
export function narrowTruncate(text: string, width: number): string | undefined {
  if (!ONE_COLUMN.test(text)) return undefined;
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}
