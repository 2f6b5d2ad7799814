import * as path from 'node:path';
import { defaultLogDir } from '../store/session-files.js';
import type { Ctx } from './context.js';

/** The log directory of this run (--log-dir, CRISIS_LOG_DIR or the default), absolute; light for `status`. */
export function logDir(ctx: Ctx): string {
  const dir = ctx.logDir ?? defaultLogDir(ctx.deps.env);
  return path.resolve(ctx.deps.cwd, dir);
}
