import { CJK, wrapCjk } from './cjk-wrap.js';
import { plainWidth } from './table.js';

/**
 * Measuring and wrapping the lines a terminal screen is made of, without
 * string-width and wrap-ansi, when a line does not need them: every character
 * plain (plainWidth: one column, or two for CJK) and no escape sequence other
 * than colour codes. Importing string-width builds an Intl.Segmenter and
 * compiles four Unicode-property regexes, a tenth of `crisis start` before its
 * first prompt, and more than the rest of a Chinese `list`; a screen of plain
 * text, English or Chinese, never needs them. Both
 * functions give what width.ts gives for the same line, or undefined when
 * only width.ts can tell (test/render/narrow.test.ts compares them).
 */

/** A colour (SGR) code, as chalk writes them: string-width strips it and counts nothing for it. */
const SGR = /\x1b\[[0-9;]*m/g;

/** Display width of a line of plain characters and colour codes; undefined for any other line. */
export function narrowWidth(text: string): number | undefined {
  const width = plainWidth(text);
  if (width !== undefined || !text.includes('\x1b')) return width;
  return plainWidth(text.replace(SGR, ''));
}

/**
 * The indent a wrapped line keeps, a list item's bullet or box or a step's `[3/55] ` or `[+] ` included (as width.ts
 * `wrapLine`; a ✓ or ✗ is not one column, so a line with one is width.ts's alone).
 */
const INDENT = /^(\s*(?:[-•*] |\[[ x✓]\] |\[(?:\d+\/\d+|\+)\] )?)/;

/**
 * width.ts `wrapLine(line, columns)` for a line that needs neither string-width nor wrap-ansi: one that fits
 * (colour codes allowed), or a longer one of plain characters without escape sequences: Chinese wrapped by the
 * same rules as there (cjk-wrap.ts), other text exactly as wrap-ansi wraps it (`hard: false, trim: true`: between
 * words at spaces, a word longer than the line left whole). Undefined for any other line.
 */
export function narrowWrapLine(line: string, columns: number): string[] | undefined {
  const width = narrowWidth(line);
  if (width === undefined) return undefined;
  if (width <= columns) return [line];
  // Longer than the line: only plain text is wrapped here (wrap-ansi closes and reopens colours across rows).
  if (line.includes('\x1b')) return undefined;
  const indent = INDENT.exec(line)![1]!;
  // \s takes in U+3000, the ideographic space: two columns
  const hang = ' '.repeat(plainWidth(indent)!);
  const body = line.slice(indent.length);
  if (body === '') return [line];
  const room = Math.max(10, columns - hang.length);
  const lines = CJK.test(body)
    ? wrapCjk(body, room, (text) => plainWidth(text)!)
    : body.length === plainWidth(body)
      ? wrapWords(body, room)
      : undefined; // wide characters of no CJK script (Yi, enclosed forms) in text wrap-ansi wraps
  return lines?.map((l, i) => (i === 0 ? indent : hang) + l);
}

/**
 * `wrap`'s rows of `line`, the second and later hanging under `hang`; undefined when `wrap` gives none. A first row
 * that is not the line's start (never expected) leaves `wrap`'s rows.
 */
export function hangingRows(
  wrap: (line: string, columns: number) => string[] | undefined,
  line: string,
  columns: number,
  hang: string,
): string[] | undefined {
  const rows = wrap(line, columns);
  const first = rows?.[0];
  if (!rows || rows.length === 1 || !line.startsWith(first!)) return rows;
  const rest = wrap(hang + line.slice(first!.length).trimStart(), columns);
  return rest && [first!, ...rest];
}

/** width.ts `wrapHanging` for a line narrowWrapLine can wrap; undefined for any other. */
export const narrowWrapHanging = (line: string, columns: number, hang = '  '): string[] | undefined =>
  hangingRows(narrowWrapLine, line, columns, hang);

/**
 * wrap-ansi's row filling (its `exec` with `hard: false, trim: true`) for text whose width is its length and
 * that holds no tab, newline or escape sequence: the same rows, character for character.
 */
function wrapWords(text: string, columns: number): string[] {
  if (text.trim() === '') return [''];
  const rows = [''];
  let rowLength = 0;
  let trimmedRow = -1;
  let first = true;
  for (const word of text.split(' ')) {
    const last = rows.length - 1;
    if (trimmedRow !== last) {
      const trimmed = rows[last]!.trimStart();
      if (trimmed.length !== rows[last]!.length) {
        rows[last] = trimmed;
        rowLength = trimmed.length;
      }
      if (trimmed.length > 0) trimmedRow = last;
    }
    if (first) first = false;
    else if (rowLength > 0) {
      rows[rows.length - 1] += ' ';
      rowLength++;
    }
    if (rowLength + word.length > columns && rowLength > 0 && word.length > 0) {
      rows.push('');
      rowLength = 0;
    }
    rows[rows.length - 1] += word;
    rowLength += word.length;
  }
  return rows.map(trimEndSpaces);
}

/** A row without the spaces it ends with (only spaces, as wrap-ansi trims; scanned, as a regex would backtrack). */
function trimEndSpaces(row: string): string {
  let end = row.length;
  while (end > 0 && row[end - 1] === ' ') end--;
  return row.slice(0, end);
}
