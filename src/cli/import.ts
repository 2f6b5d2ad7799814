import { msg } from '../text/messages.js';
import * as path from 'node:path';
import { CrisisError, ExitCode, say } from '../errors.js';
import { MAX_LOG_BYTES } from '../store/log-reader.js';
import { readRegularFile, refusalSaid } from '../store/safe-fs.js';
import { ChainVerifier } from '../session/verify.js';
import { assertSessionId } from '../session/ids.js';
import type { Ctx } from './context.js';
import { storeCommands } from './invoked.js';

/**
 * Load a session log file (one started offline, say) into the team store.
 * The whole chain is checked first; a broken one, or a session the database
 * already has, is refused and nothing is written.
 */
export async function run(ctx: Ctx, file: string): Promise<number> {
  if (!ctx.store)
    throw new CrisisError(say('error.import.noStore'), {
      hint: say('error.import.noStore.hint'),
      exitCode: ExitCode.usage,
      code: 'import.no-store',
    });
  const abs = path.resolve(ctx.deps.cwd, file);
  let bytes: Buffer;
  try {
    // A regular file, bounded like any log read whole: a FIFO would block, /dev/zero would never end.
    bytes = readRegularFile(abs, MAX_LOG_BYTES, { followSymlinks: true });
  } catch (error) {
    const reason = refusalSaid(error) ?? String((error as NodeJS.ErrnoException).code ?? error);
    throw new CrisisError(say('error.file.unreadable', { file, reason }), { exitCode: ExitCode.usage });
  }
  // The bytes checked are the bytes imported: the file is read once.
  const verifier = new ChainVerifier();
  const lines: string[] = [];
  let start = 0;
  while (start < bytes.length && !verifier.break) {
    const nl = bytes.indexOf(0x0a, start);
    const line = bytes.subarray(start, nl === -1 ? bytes.length : nl);
    if (verifier.push(line, nl === -1)) lines.push(line.toString('utf8'));
    start = nl === -1 ? bytes.length : nl + 1;
  }
  if (verifier.break || lines.length === 0)
    throw new CrisisError(
      say('error.import.broken', { file, problem: verifier.break?.said ?? say('error.log.empty') }),
      {
        hint: say('error.import.broken.hint', { file }),
        exitCode: ExitCode.problems,
        code: 'import.broken-chain',
      },
    );
  // A log whose chain holds is still only as good as its first line: it must start a session, under an id
  // (which becomes a row key, is printed, and is typed to join it).
  const first = JSON.parse(lines[0]!) as { session: string; type: string };
  if (first.type !== 'session.started')
    throw new CrisisError(say('error.import.broken', { file, problem: say('error.log.noStart') }), {
      hint: say('error.import.broken.hint', { file }),
      exitCode: ExitCode.problems,
      code: 'import.broken-chain',
    });
  const session = assertSessionId(first.session);
  const { importLines, describeUrl } = await import('../store/postgres.js');
  const count = await importLines(ctx.store, session, lines, storeCommands(ctx.deps.env, ctx.store));
  ctx.err(msg(ctx.lang, 'import.done', { session, count, store: describeUrl(ctx.store) }));
  ctx.out(session);
  return 0;
}
