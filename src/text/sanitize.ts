/**
 * Playbooks and operator input are untrusted. Before any of it reaches a
 * terminal, strip what a terminal would act on: escape and control
 * sequences (CSI, OSC, ...), C0/C1 controls, and invisible characters that can
 * make text read differently from what it is. Newlines and tabs survive.
 */
const ESCAPES =
  /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[PX^_][^\u001b]*(?:\u001b\\)?|[@-Z\\-_])/g;
/**
 * C0 and C1 controls (not tab or newline; CR is dropped), every Unicode
 * Bidi_Control character (U+061C ALM, U+200E/U+200F LRM/RLM, U+202A–U+202E
 * embeddings and overrides, U+2066–U+2069 isolates), U+2028/U+2029 (line and
 * paragraph separators: a break some viewers show and others do not) and
 * U+FEFF (a byte order mark or zero-width no-break space inside text; files
 * lose a leading one when read). Each becomes U+FFFD, visibly. Joiners
 * (U+200C/U+200D) stay: emoji sequences and Persian or Indic words need them.
 */
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g;

export function sanitizeText(text: string): string {
  return text.replace(ESCAPES, '').replace(CONTROLS, (c) => (c === '\r' ? '' : '\uFFFD'));
}

/** Printable ASCII: nothing a terminal acts on, no newline or tab; sanitizeLine returns it as it is. */
const PLAIN = /^[\x20-\x7e]*$/;

/** Single-line variant for table cells and prompts: newlines become spaces. */
export function sanitizeLine(text: string): string {
  // One test instead of three replaces: ids, names and most titles are plain ASCII.
  if (PLAIN.test(text)) return text;
  return sanitizeText(text).replace(/[\n\t]+/g, ' ');
}

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function escapeHtml(text: string): string {
  return sanitizeText(text).replace(/[&<>"']/g, (c) => HTML[c]!);
}

/**
 * Statement files (`statements/<channel>.md`) are prose for people to paste
 * and publish: controls are stripped and HTML is neutralised the way the HTML
 * exports escape it, so `<script>` or `<img onerror>` from a playbook or a
 * fact shows as text in any Markdown viewer instead of running.
 */
export function neutraliseMarkup(text: string): string {
  return sanitizeText(text).replace(/[&<>]/g, (c) => HTML[c]!);
}
