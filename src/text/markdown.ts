import { sanitizeLine, sanitizeText } from './sanitize.js';

/**
 * http(s) URLs and e-mail addresses, which GFM would turn into links anyway
 * (markdownlint MD034 "bare URL"). They are written as `<autolinks>`, where
 * nothing is interpreted, so they must not hold `<`, `>`, `|`, a backtick or
 * a backslash; a trailing full stop or bracket stays outside the link.
 */
const LINK =
  /https?:\/\/[^\s<>|`\\]*[^\s<>|`\\.,;:!?'")\]}*_~]|[\w.+-]+@[a-z\d](?:[a-z\d-]*[a-z\d])?(?:\.[a-z\d-]+)+/gi;

/**
 * Inline syntax that could restyle or link untrusted text: HTML, code, emphasis, links,
 * tables, headings, strikethrough, entities, math; plus `www.` (GFM's scheme-less autolink).
 */
const INLINE = /[\\`*_[\]<>|#~&$]|(?<=www)\./gi;

/** Markers that open a block when they start a line: lists, quotes, rules, setext underlines, numbered lists. */
const LINE_START = /^(?:[-+=>]|(\d+)([.)]))/;

function escapePlain(text: string): string {
  return text.replace(INLINE, (c) => `\\${c}`);
}

/**
 * The one way untrusted text (playbooks, operator input, facts) enters
 * Markdown output: a single line (controls and newlines neutralised) that
 * renders as exactly the characters given, with URLs and e-mail addresses
 * as autolinks. Safe at the start of a line, in a table cell, a list item or
 * a heading: escaping a block marker that ends up mid-line changes nothing.
 */
export function escapeMarkdown(text: string): string {
  const line = sanitizeLine(text);
  let out = '';
  let at = 0;
  for (const m of line.matchAll(LINK)) {
    out += escapePlain(line.slice(at, m.index));
    out += `<${m[0]}>`;
    at = m.index + m[0].length;
  }
  out += escapePlain(line.slice(at));
  return out.replace(LINE_START, (marker, digits?: string, dot?: string) =>
    digits === undefined ? `\\${marker}` : `${digits}\\${dot}`,
  );
}

/**
 * Multi-line untrusted text as a block quote that keeps its lines: each line
 * escaped, lines of a paragraph joined by hard breaks (a trailing backslash),
 * blank lines as a bare `>` (no trailing space, MD009).
 */
export function markdownQuote(text: string): string[] {
  const lines = sanitizeText(text)
    .replace(/\n+$/, '')
    .split('\n')
    .map((l) => l.trim());
  return lines.map((l, i) => {
    if (l === '') return '>';
    const next = lines[i + 1];
    return `> ${escapeMarkdown(l)}${next !== undefined && next !== '' ? '\\' : ''}`;
  });
}

/** A table row in markdownlint's "compact" style (MD060): one space each side of a cell, `| |` when empty. */
export function markdownRow(cells: readonly (string | number)[]): string {
  return `|${cells.map((c) => (String(c) === '' ? ' ' : ` ${c} `)).join('|')}|`;
}

/** A header row and its delimiter row. */
export function markdownHeader(cells: readonly string[]): string[] {
  return [markdownRow(cells), markdownRow(cells.map(() => '---'))];
}
