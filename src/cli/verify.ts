import { messagesFor, placeIn, sayIn, type Said } from '../text/messages.js';
import { chainBreak } from '../session/verify.js';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { CrisisError, ExitCode, say } from '../errors.js';
import { expectedSession, verifyLogFile } from '../store/log-reader.js';
import type { Ctx } from './context.js';
import { resolveSession, sessionSource } from './sessions.js';
import { sanitizeLine } from '../text/sanitize.js';
import { formatHead, parseHead } from './head.js';
import { formatDuration } from '../playbook/duration.js';

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
    throw new CrisisError(say('error.log.none', { file: paths.log }), {
      hint: say('error.log.none.hint'),
      exitCode: ExitCode.usage,
    });
  // Seq 0 is where every chain starts (parseHead admits it only with the genesis hash): any log reaches it.
  const seen = new Map<number, string>(expected?.seq === 0 ? [[0, expected.hash]] : []);
  const result = await verifyLogFile(
    paths.log,
    (event) => {
      if (expected && event.seq === expected.seq) seen.set(event.seq, event.hash);
    },
    { followSymlinks: paths.external === true, session: expectedSession(paths) },
  );
  if (result.lines === 0 && !result.break) result.break = chainBreak(1, say('error.log.empty'));
  let headProblem: Said | undefined;
  if (expected) {
    const hash = seen.get(expected.seq);
    if (hash === undefined) headProblem = say('verify.cutShort', { seq: result.head.seq, expected: expected.seq });
    else if (hash !== expected.hash)
      headProblem = say('verify.rewritten', {
        seq: expected.seq,
        hash: hash.slice(0, 12),
        expected: expected.hash.slice(0, 12),
      });
  }
  const file = sanitizeLine(placeIn(ctx.lang, label ?? paths.log));
  const head = formatHead(result.head);
  if (options.json)
    ctx.out(
      JSON.stringify({
        file: placeIn('en', label ?? paths.log),
        ok: !result.break && !headProblem,
        events: result.events,
        head,
        // A program reads this: the break and the head problem in English, whatever the language.
        break: result.break ? { line: result.break.line, message: result.break.message } : null,
        ...(expected ? { headProblem: headProblem ? sayIn('en', headProblem) : null } : {}),
        ...(result.clockBack ? { clockBack: result.clockBack } : {}),
      }),
    );
  else {
    const m = messagesFor(ctx.lang);
    if (result.break) {
      const problem = sanitizeLine(sayIn(ctx.lang, result.break.said));
      ctx.out(m('verify.broken', { file, problem, count: result.events }));
    } else ctx.out(m('verify.intact', { file, count: result.events }));
    ctx.out(m('verify.head', { head }) + (result.break ? m('verify.lastGood') : ''));
    const back = result.clockBack;
    if (back) ctx.out(m('verify.clockBack', { line: back.line, ago: formatDuration(back.ms) }));
    if (headProblem)
      ctx.out(m('verify.headProblem', { head: options.head ?? '', problem: sayIn(ctx.lang, headProblem) }));
    else if (expected) ctx.out(m('verify.headReached', { head: formatHead(expected) }));
  }
  return result.break || headProblem ? ExitCode.problems : ExitCode.ok;
}
