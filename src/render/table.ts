/**
 * Aligning columns, apart from measuring text (width.ts): a listing whose
 * every cell is one column per character, the common case, is aligned by
 * length and never loads string-width, whose import alone cost `status` a
 * tenth of its time. Chinese text is aligned here too when each of its
 * characters is one of the plain wide ones below: string-width's import and
 * first measure cost a Chinese `list` 360M instructions, as much as four
 * `node -e 0` (bench/README.md, round fourteen).
 */
/**
 * Characters that each take one terminal column and never join the next one into a cluster: printable
 * ASCII, Latin-1 but the soft hyphen (invisible), Latin Extended-A/B, IPA and spacing modifier letters (no
 * combining marks: those start at U+0300), and general punctuation from the dashes to U+205E (– — ‘ ’ “ ” …;
 * not the zero-width and format characters around it). test/render/table.test.ts checks every one against
 * string-width.
 */
const ONE_COLUMN_CHARS = '\\x20-\\x7e\\u00a0-\\u00ac\\u00ae-\\u02ff\\u2010-\\u2027\\u2030-\\u205e';
/**
 * Characters that each take two columns and never join a neighbour into a cluster: the CJK radicals, symbols and
 * punctuation (not the combining tone marks U+302A–302F), kana (not the combining sound marks U+3099–309A),
 * Bopomofo, enclosed and compatibility CJK (not the emoji ㊗ ㊙), the unified ideographs of the BMP, Yi, Hangul
 * syllables (not the jamo that join into them), compatibility ideographs, vertical, small and full-width forms.
 * test/render/table.test.ts checks every one against string-width, alone and beside the one-column ones.
 */
const TWO_COLUMN_CHARS =
  '\\u2e80-\\u2e99\\u2e9b-\\u2ef3\\u2f00-\\u2fd5\\u2ff0-\\u3029\\u3031-\\u303c\\u303e\\u3041-\\u3096\\u309b-\\u30ff' +
  '\\u3105-\\u312f\\u3190-\\u31e5\\u31ef-\\u321e\\u3220-\\u3247\\u3250-\\u3296\\u3298\\u329a-\\u4dbf\\u4e00-\\ua48c' +
  '\\ua490-\\ua4c6\\uac00-\\ud7a3\\uf900-\\ufa6d\\ufa70-\\ufad9\\ufe10-\\ufe19\\ufe30-\\ufe52\\ufe54-\\ufe66' +
  '\\ufe68-\\ufe6b\\uff01-\\uff60\\uffe0-\\uffe6';
const ONE_COLUMN = new RegExp(`^[${ONE_COLUMN_CHARS}]*$`);
const PLAIN = new RegExp(`^[${ONE_COLUMN_CHARS}${TWO_COLUMN_CHARS}]*$`);
const TWO_COLUMNS = new RegExp(`[${TWO_COLUMN_CHARS}]`, 'g');

/** One terminal column per character: the text's length is its width. */
export const isOneColumn = (text: string): boolean => ONE_COLUMN.test(text);

/**
 * The display width of text made only of the one- and two-column characters above (its length plus one per wide
 * character); undefined for any other text, which only string-width can measure.
 */
export function plainWidth(text: string): number | undefined {
  if (ONE_COLUMN.test(text)) return text.length;
  if (!PLAIN.test(text)) return undefined;
  return text.length + (text.match(TWO_COLUMNS)?.length ?? 0);
}

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
 * The rows aligned when every cell is plain (plainWidth); undefined when some cell needs string-width.
 * A `status` of 10,000 sessions has 50,000 cells: they are checked with one regex over their concatenation (the
 * class is per character, so that is the same test), and one-column ones measured by length without a second
 * table of widths.
 */
export function narrowTable(rows: readonly (readonly string[])[], gap = '  '): string[] | undefined {
  let text = '';
  const widths: number[] = [];
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    for (let i = 0; i < row.length; i++) {
      const cell = row[i]!;
      text += cell;
      if (!(cell.length <= widths[i]!)) widths[i] = cell.length;
    }
  }
  if (!ONE_COLUMN.test(text))
    return PLAIN.test(text) ? alignColumns(rows, (cell) => plainWidth(cell)!, gap) : undefined;
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
 * Plain text (plainWidth) cut to at most `width` columns, the cut marked with an ellipsis (as width.ts
 * `truncate`); undefined when the text needs string-width.
 */
export function narrowTruncate(text: string, width: number): string | undefined {
  const full = plainWidth(text);
  if (full === undefined) return undefined;
  if (full <= width) return text;
  let out = '';
  let used = 0;
  for (const char of text) {
    used += plainWidth(char)!;
    if (used > width - 1) break;
    out += char;
  }
  return `${out}…`;
}
