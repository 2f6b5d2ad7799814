import { msg } from '../text/messages.js';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CrisisError, ExitCode, say } from '../errors.js';
import { verifyLogFile } from '../store/log-reader.js';
import type { Ctx } from './context.js';

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
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (error) {
    throw new CrisisError(
      say('error.file.unreadable', { file, reason: (error as NodeJS.ErrnoException).code ?? String(error) }),
      {
        exitCode: ExitCode.usage,
      },
    );
  }
  const checked = await verifyLogFile(abs);
  if (checked.break || checked.events === 0)
    throw new CrisisError(
      say('error.import.broken', { file, problem: checked.break?.said ?? say('error.log.empty') }),
      {
        hint: say('error.import.broken.hint', { file }),
        exitCode: ExitCode.problems,
        code: 'import.broken-chain',
      },
    );
  const lines = text.split('\n').slice(0, -1);
  const session = (JSON.parse(lines[0]!) as { session: string }).session;
  const { importLines, describeUrl } = await import('../store/postgres.js');
  const count = await importLines(ctx.store, session, lines);
  ctx.err(msg(ctx.lang, 'import.done', { session, count, store: describeUrl(ctx.store) }));
  ctx.out(session);
  return 0;
}
