import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';
import { alignColumns, isOneColumn } from './table.js';

/**
 * Display width in terminal columns (string-width: East Asian wide
 * characters take two, combining marks and colour codes none). `.length`
 * would misalign every table with Chinese text in it.
 */
export function displayWidth(text: string): number {
  // One column per character (ASCII, Latin, dashes and quotes), most cells of a listing: no graphemes to segment.
  return isOneColumn(text) ? text.length : stringWidth(text);
}

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]/u;
/** Chinese line-breaking rules (GB/T 15834 practice): these never start a line... */
const NO_BREAK_BEFORE = new Set([...'。，、；：！？）」』】》〉”’…—·％,.;:!?)]}%']);
/** ...and these never end one. */
const NO_BREAK_AFTER = new Set([...'（「『【《〈“‘([{']);
const TOKENS = new RegExp(`\\x1b\\[[0-9;]*m|\\s+|${CJK.source}|[^\\s\\x1b${CJK.source.slice(1, -1)}]+`, 'gu');

/**
 * One line of text wrapped to `columns`, never inside a word: an id or a
 * URL longer than the line stays whole (the terminal folds it, the text
 * stays copyable). Leading spaces are kept on every line, and a `- `, `• `
 * or `[ ] ` item hangs under its text. Chinese breaks between characters but never
 * before 。，、 and the other closing marks, nor after an opening one.
 */
export function wrapLine(line: string, columns: number): string[] {
  const indent = /^(\s*(?:[-•*] |\[[ x✓]\] )?)/.exec(line)![1]!;
  const hang = ' '.repeat(displayWidth(indent));
  const body = line.slice(indent.length);
  const room = Math.max(10, columns - hang.length);
  if (displayWidth(line) <= columns || body === '') return [line];
  const lines = CJK.test(body) ? wrapCjk(body, room) : wrapAnsi(body, room, { hard: false, trim: true }).split('\n');
  return lines.map((l, i) => (i === 0 ? indent : hang) + l);
}

/** Greedy fill over break units: words, single CJK characters with their punctuation glued on. */
function wrapCjk(text: string, columns: number): string[] {
  const units: Array<{ text: string; space: boolean }> = [];
  let pending = '';
  for (const token of text.match(TOKENS) ?? []) {
    if (token.startsWith('\x1b')) {
      pending += token;
      continue;
    }
    const prev = units.at(-1);
    const space = /^\s+$/.test(token);
    const glue =
      prev &&
      !prev.space &&
      !space &&
      (NO_BREAK_BEFORE.has([...token][0]!) ||
        NO_BREAK_AFTER.has([...prev.text.replace(/\x1b\[[0-9;]*m/g, '')].at(-1)!));
    if (glue) prev.text += pending + token;
    else units.push({ text: pending + token, space });
    pending = '';
  }
  if (pending) units.push({ text: pending, space: false });
  const out: string[] = [];
  let line = '';
  let width = 0;
  let gap = '';
  for (const unit of units) {
    if (unit.space) {
      if (line) gap = unit.text;
      continue;
    }
    const w = displayWidth(unit.text);
    if (line && width + displayWidth(gap) + w > columns) {
      out.push(line);
      line = unit.text;
      width = w;
    } else {
      line += gap + unit.text;
      width += displayWidth(gap) + w;
    }
    gap = '';
  }
  if (line) out.push(line);
  return out;
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
