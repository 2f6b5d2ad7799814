import { msg, sayIn } from '../text/messages.js';
import { CrisisError, ExitCode, say, type Said } from '../errors.js';
import type { StoredEvent } from '../session/events.js';
import type { SessionPaths } from '../store/file-log.js';
import { readLog, type LoadedLog } from '../store/log-reader.js';
import type { Ctx } from './context.js';
import { sessionSource } from './sessions.js';
import { sanitizeLine } from '../text/sanitize.js';
import { verifyCommand } from './invoked.js';

/** Read a session's log for a read-only command; a torn tail is reported, not repaired. */
export async function loadSession(
  ctx: Ctx,
  ref: string,
  options: { anyFile?: boolean } = {},
): Promise<{
  id: string;
  paths: SessionPaths;
  label: string | Said;
  log: LoadedLog;
  first: StoredEvent & { type: 'session.started' };
}> {
  const { id, paths, label } = await sessionSource(ctx, ref, options);
  const log = readLog(paths, false);
  const first = log.events[0];
  if (!first || first.type !== 'session.started') {
    throw new CrisisError(
      say('error.log.broken', { file: label, problem: log.break?.said ?? say('error.log.noStart') }),
      {
        hint: say('error.log.broken.hint', { command: verifyCommand(ctx.deps.env, id, ctx.store) }),
        exitCode: ExitCode.problems,
      },
    );
  }
  return { id, paths, label, log, first };
}

/**
 * A damaged log still gives a report of its good prefix, but never silently:
 * every command that reads one says where it breaks and what was left out. True when it is damaged.
 */
export function warnDamaged(ctx: Ctx, id: string, log: LoadedLog): boolean {
  if (log.break) {
    const left =
      log.linesAfterBreak === undefined
        ? msg(ctx.lang, 'notice.restLeftOut')
        : msg(ctx.lang, 'notice.linesLeftOut', { count: log.linesAfterBreak });
    const command = sanitizeLine(verifyCommand(ctx.deps.env, id, ctx.store));
    const used = msg(ctx.lang, 'notice.goodEventsUsed', { count: log.events.length, command });
    ctx.err(msg(ctx.lang, 'notice.logBreaks', { problem: sanitizeLine(sayIn(ctx.lang, log.break.said)), left, used }));
  }
  if (log.tornBytes) {
    ctx.err(msg(ctx.lang, 'notice.tornTail', { bytes: log.tornBytes }));
  }
  // Damaged: the command shows what it can and exits 1, wherever the log breaks (README, exit codes).
  return log.break !== undefined || (log.tornBytes ?? 0) > 0;
}
