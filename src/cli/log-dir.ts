import * as path from 'node:path';
import { CrisisError, ExitCode, say } from '../errors.js';
import { defaultLogDir } from '../store/session-files.js';
import type { Ctx } from './context.js';

/** The log directory of this run (--log-dir, CRISIS_LOG_DIR or the default), absolute; light for `status`. */
export function logDir(ctx: Ctx): string {
  // An empty --log-dir would resolve to the working directory: sessions would land where nobody looks.
  if (ctx.logDir !== undefined && ctx.logDir.trim() === '')
    throw new CrisisError(say('error.logDir.empty'), {
      hint: say('error.store.logDir.hint'),
      exitCode: ExitCode.usage,
    });
  const dir = ctx.logDir ?? defaultLogDir(ctx.deps.env);
  return path.resolve(ctx.deps.cwd, dir);
}
