import { existsSync } from 'node:fs';
import { CrisisError, ExitCode } from '../errors.js';
import { verifyLogFile } from '../store/log-reader.js';
import type { Ctx } from './context.js';
import { resolveSession } from './sessions.js';

/** Check the hash chain and sequence of a log: exit 0 intact, 1 naming the first broken line. */
export async function run(ctx: Ctx, ref: string, options: { json?: boolean }): Promise<number> {
  const { paths } = resolveSession(ctx, ref);
  if (!existsSync(paths.log))
    throw new CrisisError(`no session log ${paths.log}`, {
      hint: 'run `crisis status` to list sessions (and check --log-dir)',
      exitCode: ExitCode.usage,
    });
  const result = await verifyLogFile(paths.log);
  if (result.lines === 0 && !result.break) result.break = { line: 1, message: 'line 1: the log is empty' };
  if (options.json)
    ctx.out(JSON.stringify({ file: paths.log, ok: !result.break, events: result.events, break: result.break ?? null }));
  else if (result.break) {
    const before = `${result.events} good event(s) before it`;
    ctx.out(`✗ ${paths.log}: ${result.break.message} (${before})`);
  } else ctx.out(`✓ ${paths.log}: ${result.events} events, hash chain intact`);
  return result.break ? ExitCode.problems : ExitCode.ok;
}
