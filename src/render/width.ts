import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';
import { alignColumns, plainWidth } from './table.js';
import { CJK, wrapCjk } from './cjk-wrap.js';
import { hangingRows } from './narrow.js';

/**
 * Display width in terminal columns (string-width: East Asian wide
 * characters take two, combining marks and colour codes none). `.length`
 * would misalign every table with Chinese text in it.
 */
export function displayWidth(text: string): number {
  // Plain characters (ASCII, Latin, dashes and quotes, CJK): no graphemes to segment.
  return plainWidth(text) ?? stringWidth(text);
}

/**
 * The indent a wrapped line keeps: spaces, then a `- `, `• ` or `[ ] ` item, or a ✓/✗ result or a step's `[3/55] ` or
 * `[+] ` (show), coloured or not.
 */
const INDENT = /^(\s*(?:[-•*] |\[[ x✓]\] |(?:\x1b\[[0-9;]*m)*(?:[✓✗]|\[(?:\d+\/\d+|\+)\])(?:\x1b\[[0-9;]*m)* )?)/;
/**
 * One line of text wrapped to `columns`, never inside a word: an id or a
 * URL longer than the line stays whole (the terminal folds it, the text
 * stays copyable). Leading spaces are kept on every line, and a `- `, `• `,
 * `[ ] ` item, a `✓ ` / `✗ ` result (a drill's) or a numbered `[3/55] ` or added `[+] ` step (show's) hangs under
 * its text. Chinese breaks between characters but never
 * before 。，、 and the other closing marks, nor after an opening one, nor inside a
 * run of ASCII (a date, a time, a number, an id), nor between a number and the
 * unit after it (59分钟, 2026年), nor inside 分钟 or 小时, nor inside a T+ offset (T+1天02:05).
 */
export function wrapLine(line: string, columns: number): string[] {
  const indent = INDENT.exec(line)![1]!;
  const hang = ' '.repeat(displayWidth(indent));
  const body = line.slice(indent.length);
  const room = Math.max(10, columns - hang.length);
  if (displayWidth(line) <= columns || body === '') return [line];
  const lines = CJK.test(body)
    ? wrapCjk(body, room, displayWidth)
    : wrapAnsi(body, room, { hard: false, trim: true }).split('\n');
  return lines.map((l, i) => (i === 0 ? indent : hang) + l);
}

/**
 * wrapLine, the second and later rows hanging under `hang` (a problem line of `validate`: its `file:line:col` stands
 * out at the left).
 */
export function wrapHanging(line: string, columns: number, hang = '  '): string[] {
  return hangingRows(wrapLine, line, columns, hang)!;
}

export function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

/** Cut to at most `width` columns, marking the cut with an ellipsis. */
export function truncate(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  let out = '';
  for (const char of text) {
    if (displayWidth(out + char) > width - 1) break;
    out += char;
  }
  return `${out}…`;
}

/** Columns aligned by display width; the last column is not padded. */
export function table(rows: readonly string[][], gap = '  '): string[] {
  return alignColumns(rows, displayWidth, gap);
}
