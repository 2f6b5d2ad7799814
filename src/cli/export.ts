import type { Ctx } from './context.js';
import { sessionSource } from './sessions.js';
import { msg, sayIn } from '../text/messages.js';
import { sanitizeLine } from '../text/sanitize.js';
import { verifyCommand } from './invoked.js';

/**
 * A session's log to stdout, byte for byte what the store holds: `crisis verify` checks it. Evidence is exported
 * as it is, a damaged log too: read the way every reader reads a log (no symlink planted in the log dir, no
 * FIFO, streamed in bounded memory), checked on the way, and a break is said on stderr with exit 1, as `log` does.
 */
export async function run(ctx: Ctx, ref: string): Promise<number> {
  const { id, paths } = await sessionSource(ctx, ref);
  const { verifyLogFile, expectedSession } = await import('../store/log-reader.js');
  const result = await verifyLogFile(paths.log, undefined, {
    followSymlinks: paths.external === true,
    session: expectedSession(paths),
    passThrough: (bytes) => ctx.deps.stdout.write(bytes),
  });
  if (!result.break) return 0;
  // The check that reads the same log: with --store when it came from the store, not the log dir's file.
  const command = sanitizeLine(verifyCommand(ctx.deps.env, id, ctx.store));
  ctx.err(msg(ctx.lang, 'notice.exportedAsIs', { problem: sanitizeLine(sayIn(ctx.lang, result.break.said)), command }));
  return 1;
}
