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
export function replaceHoles(template: string, fill: (id: string) => string): string {
  return template.replace(HOLE, (hole, id: string) => (ID_PATTERN.test(id) ? fill(id) : hole));
}
