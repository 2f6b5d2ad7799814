import { ID_PATTERN } from './constants.js';

/**
 * A `{{fact-id}}` hole in a statement template, the one pattern lint,
 * statements and filling share. Deliberately broader than a fact id: lint
 * must see `{{Bad_Id}}` and report it, not leave it in a statement as text.
 */
const HOLE = /\{\{\s*([^}\s]*)\s*\}\}/g;

/** The fact ids a template asks for, in order, once each. */
export function templateHoles(template: string): string[] {
  return [...new Set([...template.matchAll(HOLE)].map((m) => m[1]!))];
}

/**
 * Replace every hole that names a fact id, in one pass; text a replacement
 * inserts is never scanned again, and anything else (`{{Upper}}`, `{{}}`)
 * stays as written, since lint has already reported it.
 */
export function replaceHoles(
  template: string,
  fill: (id: string, around: { before: string; after: string }) => string,
): string {
  return template.replace(HOLE, (hole, id: string, at: number) =>
    ID_PATTERN.test(id) ? fill(id, { before: template.slice(0, at), after: template.slice(at + hole.length) }) : hole,
  );
}

/** The joining word a time is often typed with, which a template may already say. */
const LEADING_WORD = /^(by|before|until|till|at|on|from|no later than|not later than)\s+/i;
const TRAILING_WORD = /\b(by|before|until|till|at|on|from|no later than|not later than)\s+$/i;
/** zh: "于…前" around the hole; a value typed "今天18:00前" or "于18:00" says it again. */
const ZH_AFTER = /^(之前|以前|前)/;
const ZH_VALUE_END = /(之前|以前|前)$/;

/**
 * A value placed in a template without saying twice what the template says
 * around it: "by {{next-update}}" with "by 18:00" typed reads "by 18:00", not
 * "by by 18:00"; "于{{x}}前" with "18:00前" reads "于18:00前"; "{{org-company}}." with "Acme Co., Ltd." reads
 * "Acme Co., Ltd.", not "Ltd..". Only the same joining word or full stop is dropped, and only from the value.
 */
export function joinValue(value: string, around: { before: string; after: string }): string {
  let out = value;
  const said = TRAILING_WORD.exec(around.before)?.[1];
  const typed = LEADING_WORD.exec(out);
  if (said && typed && typed[1]!.toLowerCase() === said.toLowerCase()) out = out.slice(typed[0].length);
  if (around.before.endsWith('于') && out.startsWith('于')) out = out.slice(1);
  const zhAfter = ZH_AFTER.exec(around.after);
  if (zhAfter && ZH_VALUE_END.test(out)) out = out.replace(ZH_VALUE_END, '');
  // A value that ends a sentence itself ("Acme Co., Ltd.") before the template's full stop: one stop, not "Ltd..".
  if (around.after.startsWith('.') && out.endsWith('.')) out = out.slice(0, -1);
  return out;
}
