import { sanitizeLine } from '../text/sanitize.js';
import { say, sayIn, type Said } from '../text/messages.js';
import type { Problem } from './types.js';

// Apart from library.ts (which brings compose and lint): printing a cached check result needs only this.

/** A problem as a catalogued sentence: `file:line:col: error: message [code]`, worded when printed. */
/** `file:line:col`, or the file alone when the problem has no position. */
const placeOf = (p: Problem): string => (p.line !== undefined ? `${p.file}:${p.line}:${p.col ?? 1}` : p.file);

export function problemSaid(p: Problem, lang?: string): Said {
  const where = placeOf(p);
  const key = p.severity === 'warning' ? 'problem.warning' : 'problem.error';
  // `message` is the English of `said` (origin.ts problem()): every language but zh prints it as it is.
  const message = lang !== undefined && lang !== 'zh' ? p.message : (p.said ?? p.message);
  return say(key, { where, message, code: p.code });
}

/**
 * A problem that stops a command, as its error message: `file:line:col: message [code]` (the printer says
 * "error:" once; problemSaid's own "error:" would make it `error: file:1:1: error: …`).
 */
export function problemAsError(p: Problem): Said {
  return say('problem.asError', { where: placeOf(p), message: p.said ?? p.message, code: p.code });
}

/** One line per problem; file names and messages may carry hostile text from the file itself. */
export function formatProblem(p: Problem): string {
  return sanitizeLine(sayIn('en', problemSaid(p)));
}

/** `problems.map(formatProblemIn(ctx.lang))`: the same line in the reader's language. */
export const formatProblemIn =
  (lang: string) =>
  (p: Problem): string =>
    sanitizeLine(sayIn(lang, problemSaid(p, lang)));
