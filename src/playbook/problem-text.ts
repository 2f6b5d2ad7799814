import { sanitizeLine } from '../text/sanitize.js';
import type { Problem } from './types.js';

// Apart from library.ts (which brings compose and lint): printing a cached check result needs only this.

/** One line per problem; file names and messages may carry hostile text from the file itself. */
export function formatProblem(p: Problem): string {
  const where = p.line !== undefined ? `${p.file}:${p.line}:${p.col ?? 1}` : `${p.file}`;
  return sanitizeLine(`${where}: ${p.severity === 'warning' ? 'warning' : 'error'}: ${p.message} [${p.code}]`);
}
