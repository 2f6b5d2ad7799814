import { CrisisError, ExitCode } from '../errors.js';
import type { StoredEvent } from '../session/events.js';
import type { SessionPaths } from '../store/file-log.js';
import { readLog, type LoadedLog } from '../store/log-reader.js';
import type { Ctx } from './context.js';
import { sessionSource } from './sessions.js';

/** Read a session's log for a read-only command; a torn tail is reported, not repaired. */
export async function loadSession(
  ctx: Ctx,
  ref: string,
): Promise<{
  id: string;
  paths: SessionPaths;
  label: string;
  log: LoadedLog;
  first: StoredEvent & { type: 'session.started' };
}> {
  const { id, paths, label } = await sessionSource(ctx, ref);
  const log = readLog(paths, false);
  const first = log.events[0];
  if (!first || first.type !== 'session.started') {
    throw new CrisisError(`${label}: ${log.break?.message ?? 'does not start with session.started'}`, {
      hint: `run \`crisis verify ${id}\``,
      exitCode: ExitCode.problems,
    });
  }
  return { id, paths, label, log, first };
}
