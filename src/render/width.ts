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
/**
 * Chinese line-breaking rules (kinsoku, as GB/T 15834 practice and JIS X 4051 have them): these never start a
 * line... ASCII quotes are in both sets: a closing one never starts a line, an opening one never ends one (which
 * they are is not known, so a quote stays with what touches it).
 */
const NO_BREAK_BEFORE = new Set([...'。，、；：！？．）〕］｝〉》」』】〗〙〟｠”’»…—～〜・·％,.;:!?)]}%"\'']);
/** ...and these never end one. */
const NO_BREAK_AFTER = new Set([...'（〔［｛〈《「『【〖〘〝｟“‘«([{"\'']);
/** Words of two characters a line never splits: units of time (1小时30分钟). */
const TWO_CHARACTER_WORDS = new Set(['分钟', '小时', '个月', '星期']);
/** A unit of time that stays with the number before it even across a space (`还剩 15 分钟`). */
const TIME_UNIT = /^(?:秒|分钟|小时|天|周|个月|星期|年)/;
const HAN = /^\p{Script=Han}/u;
const DIGIT_END = /\d$/;
const DIGIT_START = /^\d/;
/** The day of a T+ offset in Chinese (`T+1天`), which the time of day after it does not leave. */
const OFFSET_DAY_END = /T[+-]\d+天$/;
const SGR = /\x1b\[[0-9;]*m/g;
/** The indent a wrapped line keeps: spaces, then a `- `, `• ` or `[ ] ` item or a ✓/✗ result (coloured or not). */
const INDENT = /^(\s*(?:[-•*] |\[[ x✓]\] |(?:\x1b\[[0-9;]*m)*[✓✗](?:\x1b\[[0-9;]*m)* )?)/;
const TOKENS = new RegExp(`\\x1b\\[[0-9;]*m|\\s+|${CJK.source}|[^\\s\\x1b${CJK.source.slice(1, -1)}]+`, 'gu');

/**
 * One line of text wrapped to `columns`, never inside a word: an id or a
 * URL longer than the line stays whole (the terminal folds it, the text
 * stays copyable). Leading spaces are kept on every line, and a `- `, `• `,
 * `[ ] ` item or a `✓ ` / `✗ ` result (a drill's) hangs under its text. Chinese breaks between characters but never
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
  const lines = CJK.test(body) ? wrapCjk(body, room) : wrapAnsi(body, room, { hard: false, trim: true }).split('\n');
  return lines.map((l, i) => (i === 0 ? indent : hang) + l);
}

/**
 * wrapLine, the second and later rows hanging under `hang` (a problem line of `validate`: its `file:line:col` stands
 * out at the left). A first row that is not the line's start (never expected) leaves wrapLine's rows.
 */
export function wrapHanging(line: string, columns: number, hang = '  '): string[] {
  const rows = wrapLine(line, columns);
  const first = rows[0]!;
  if (rows.length === 1 || !line.startsWith(first)) return rows;
  return [first, ...wrapLine(hang + line.slice(first.length).trimStart(), columns)];
}

/** A break unit: a word, an ASCII run, or one CJK character with what must stay with it glued on. */
interface Unit {
  text: string;
  space: boolean;
}

/**
 * Whether no line may end between `before` and `after` (both without colour codes): a rule-based subset of
 * UAX #14 for Chinese, so that no Intl.Segmenter is built at start-up.
 */
function mustJoin(before: string, after: string): boolean {
  const last = [...before].at(-1)!;
  const first = [...after][0]!;
  return (
    NO_BREAK_BEFORE.has(first) ||
    NO_BREAK_AFTER.has(last) ||
    // one ASCII run (a date, a time, an id) that colour codes cut into two tokens
    (!CJK.test(last) && !CJK.test(first)) ||
    // a number and its unit or measure word: 59分钟, 2026年, 第3批
    (DIGIT_END.test(before) && HAN.test(after)) ||
    // a T+ offset past a day: T+1天02:05 stays whole
    (OFFSET_DAY_END.test(before) && DIGIT_START.test(after)) ||
    TWO_CHARACTER_WORDS.has(last + first)
  );
}

/** Greedy fill over break units. */
function wrapCjk(text: string, columns: number): string[] {
  const tokens = text.match(TOKENS) ?? [];
  const units: Unit[] = [];
  const plain = (unit: Unit) => unit.text.replace(SGR, '');
  let pending = '';
  tokens.forEach((token, i) => {
    if (token.startsWith('\x1b')) {
      pending += token;
      return;
    }
    const prev = units.at(-1);
    const space = /^\s+$/.test(token);
    const beforeSpace = units.at(-2);
    if (prev && !prev.space && !space && mustJoin(plain(prev), token)) prev.text += pending + token;
    else if (
      // `还剩 15 分钟`: the space before a unit of time does not break either (a single space, as the catalogue writes)
      prev?.text === ' ' &&
      beforeSpace &&
      DIGIT_END.test(plain(beforeSpace)) &&
      TIME_UNIT.test(tokens.slice(i, i + 2).join(''))
    ) {
      units.pop();
      beforeSpace.text += prev.text + pending + token;
    } else units.push({ text: pending + token, space });
    pending = '';
  });
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
