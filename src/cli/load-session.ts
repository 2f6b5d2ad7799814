import { CrisisError, ExitCode } from '../errors.js';
import type { StoredEvent } from '../session/events.js';
import type { SessionPaths } from '../store/file-log.js';
import { readLog, type LoadedLog } from '../store/log-reader.js';
import type { Ctx } from './context.js';
import { resolveSession } from './sessions.js';

/** Read a session's log for a read-only command; a torn tail is reported, not repaired. */
export function loadSession(
  ctx: Ctx,
  ref: string,
): { id: string; paths: SessionPaths; log: LoadedLog; first: StoredEvent & { type: 'session.started' } } {
  const { id, paths } = resolveSession(ctx, ref);
  const log = readLog(paths, false);
  const first = log.events[0];
  if (!first || first.type !== 'session.started') {
    throw new CrisisError(`${paths.log}: ${log.break?.message ?? 'does not start with session.started'}`, {
      hint: `run \`crisis verify ${id}\``,
      exitCode: ExitCode.problems,
    });
  }
  return { id, paths, log, first };
}
