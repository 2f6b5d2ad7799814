import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { CrisisError, ExitCode } from '../errors.js';
import { verifyLogFile } from '../store/log-reader.js';
import type { Ctx } from './context.js';
import { resolveSession, sessionSource } from './sessions.js';
import { sanitizeLine } from '../text/sanitize.js';
import { formatHead, parseHead } from './head.js';

/**
 * Check the hash chain and sequence of a log: exit 0 intact, 1 naming the
 * first broken line. The chain cannot see lines cut from its end, so the head
 * is printed (to keep in the ticket) and `--head` checks the log still reaches it.
 */
export async function run(ctx: Ctx, ref: string, options: { json?: boolean; head?: string }): Promise<number> {
  const expected = options.head === undefined ? undefined : parseHead(options.head);
  // With --store the rows are checked through their exported copy; a .jsonl file given is checked as it is.
  const local = !ctx.store || ref.endsWith('.jsonl') || ref.includes(path.sep);
  const { paths, label } = local
    ? { ...resolveSession(ctx, ref, { anyFile: true }), label: undefined }
    : await sessionSource(ctx, ref);
  if (!existsSync(paths.log))
    throw new CrisisError(`no session log ${paths.log}`, {
      hint: 'run `crisis status` to list sessions (and check --log-dir)',
      exitCode: ExitCode.usage,
    });
  const seen = new Map<number, string>();
  const result = await verifyLogFile(
    paths.log,
    (event) => {
      if (expected && event.seq === expected.seq) seen.set(event.seq, event.hash);
    },
    { followSymlinks: paths.external === true },
  );
  if (result.lines === 0 && !result.break) result.break = { line: 1, message: 'line 1: the log is empty' };
  let headProblem: string | undefined;
  if (expected) {
    const hash = seen.get(expected.seq);
    if (hash === undefined)
      headProblem =
        `the log ends at seq ${result.head.seq}, before the expected head seq ${expected.seq}` +
        ' (lines were cut from its end)';
    else if (hash !== expected.hash)
      headProblem =
        `seq ${expected.seq} has hash ${hash.slice(0, 12)}…, not the expected ${expected.hash.slice(0, 12)}…` +
        ' (the log was rewritten)';
  }
  const file = sanitizeLine(label ?? paths.log);
  const head = formatHead(result.head);
  if (options.json)
    ctx.out(
      JSON.stringify({
        file: label ?? paths.log,
        ok: !result.break && !headProblem,
        events: result.events,
        head,
        break: result.break ?? null,
        ...(expected ? { headProblem: headProblem ?? null } : {}),
      }),
    );
  else {
    if (result.break) ctx.out(`✗ ${file}: ${result.break.message} (${result.events} good event(s) before it)`);
    else ctx.out(`✓ ${file}: ${result.events} events, hash chain intact`);
    ctx.out(`  chain head ${head}${result.break ? ' (last good event)' : ''}`);
    if (headProblem) ctx.out(`✗ expected head ${options.head}: ${headProblem}`);
    else if (expected) ctx.out(`✓ reaches the expected head ${formatHead(expected)}`);
  }
  return result.break || headProblem ? ExitCode.problems : ExitCode.ok;
}
