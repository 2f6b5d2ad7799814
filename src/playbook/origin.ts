import type { PathSegment, Position } from './load.js';
import type { Problem } from './types.js';
import { sayIn, type Said } from '../text/messages.js';

/** A parsed file that can say where a path inside it is written. */
export interface Located {
  file: string;
  locate(path: readonly PathSegment[]): Position | undefined;
}

/**
 * Where a plan element is written: the playbook it comes from and the path
 * inside that playbook's file. `compose` stamps one on every phase, step and
 * input, so a check finds an element's line without searching the plan.
 */
export interface Origin {
  /** id of the playbook the element comes from */
  playbook: string;
  file: string;
  path: readonly PathSegment[];
}

/** A place to report at: a located file and a path inside it. */
export interface Where {
  doc: Located;
  path: readonly PathSegment[];
}

/** Problems reported before their file could say where (no locator loaded yet), and where they are. */
const unplaced = new WeakMap<Problem, Where>();

/** The one way a problem gets its file, line and column. */
export function problemAt(where: Where, severity: Problem['severity'], code: string, said: Said): Problem {
  const pos = where.doc.locate(where.path);
  const p = problem({ file: where.doc.file, line: pos?.line, col: pos?.col, severity, code }, said);
  if (!pos) unplaced.set(p, where);
  return p;
}

/**
 * Ask again where the problems without a position are (after loading a locator), in place: the check that
 * found them is not run again. How many were still unplaced.
 */
export function placeAgain(problems: readonly Problem[]): number {
  let left = 0;
  for (const p of problems) {
    const where = p.line === undefined ? unplaced.get(p) : undefined;
    if (!where) continue;
    const pos = where.doc.locate(where.path);
    if (!pos) {
      left += 1;
      continue;
    }
    p.line = pos.line;
    p.col = pos.col;
    unplaced.delete(p);
  }
  return left;
}

/**
 * A problem says a catalogued sentence, worded in the reader's language when printed; `message` is its English,
 * kept stable for `--json`, logs and tests.
 */
export function problem(fields: Omit<Problem, 'message' | 'said'>, said: Said): Problem {
  // Field by field, not a spread: every problem then has one shape, and a 5 MB playbook reports one per step
  // (a spread here cost its validate 1.31 -> 1.53 s of CPU, compare.mjs 5).
  const { file, line, col, severity, code } = fields;
  return { file, line, col, severity, code, message: sayIn('en', said), said };
}
