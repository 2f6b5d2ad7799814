/**
 * Playbooks and operator input are untrusted. Before any of it reaches a
 * terminal, strip what a terminal would act on: escape and control
 * sequences (CSI, OSC, ...), C0/C1 controls, and bidi overrides that can make
 * text read differently from what it is. Newlines and tabs survive.
 */
const ESCAPES =
  /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[PX^_][^\u001b]*(?:\u001b\\)?|[@-Z\\-_])/g;
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

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
