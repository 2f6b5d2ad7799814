import { msg, sayIn } from '../text/messages.js';
import { CrisisError, ExitCode, say } from '../errors.js';
import { LiveSession } from '../drive/live-session.js';
import { planChangeSince } from '../session/plan-change.js';
import { acquireLock, tookOverNotice, FileEventLog, releaseLock } from '../store/file-log.js';
import { FileStore } from '../store/file-store.js';
import { readLog, setAsideBrokenTail } from '../store/log-reader.js';
import type { Ctx } from './context.js';
import { openLibrary, requirePlan } from './library.js';
import { ensureSomeoneAnswers, runLive } from './run-live.js';
import { checkedAnswers, resolveSession } from './sessions.js';
import { reconcileStatementFiles, reportStatementRepairs } from './statement-files.js';
import { warnPlanChanged } from './plan-change.js';
import { recordedResponses } from '../session/answers.js';
import { holdOutput } from './output-closed.js';
import { holdSignals, takeHeldSignal } from './held-signals.js';
import { verifyCommand } from './invoked.js';

export async function run(
  ctx: Ctx,
  ref: string,
  options: { answers?: string; force?: boolean; operator?: string; as?: string },
): Promise<number> {
  // A closed output must not end the process between the lock and the run: the run stops by itself.
  holdOutput();
  if (ctx.store) return (await import('./join.js')).run(ctx, ref, options);
  const { id, paths } = resolveSession(ctx, ref);
  ensureSomeoneAnswers(ctx, options.answers);
  const owner = { pid: ctx.deps.pid, host: ctx.deps.hostname };
  // From the lock on, a signal pauses the session (runLive takes it over) instead of killing the process.
  holdSignals();
  // Lock before reading: the repair of a torn tail and every append are one writer's.
  const lock = acquireLock(paths.lock, id, owner, ctx.deps.now());
  if (lock.tookOver) {
    const notice = tookOverNotice(paths.lock, lock.tookOver);
    ctx.err(msg(ctx.lang, notice.key, notice.params));
  }
  let log: FileStore | undefined;
  try {
    const loaded = readLog(paths, true);
    if (loaded.tornBytes) ctx.err(msg(ctx.lang, 'resume.tornMoved', { bytes: loaded.tornBytes, file: paths.torn }));
    const first = loaded.events[0];
    if (!first || first.type !== 'session.started')
      throw new CrisisError(
        say('error.log.broken', { file: paths.log, problem: loaded.break?.said ?? say('error.log.noStart') }),
        {
          hint: say('error.log.broken.hint', { command: verifyCommand(ctx.deps.env, id, ctx.store) }),
          exitCode: ExitCode.problems,
        },
      );
    if (loaded.break && !options.force) {
      throw new CrisisError(say('error.log.brokenAt', { id, problem: loaded.break.said }), {
        hint: say('error.resume.broken.hint', { id }),
        exitCode: ExitCode.problems,
        code: 'resume.broken-chain',
      });
    }
    if (loaded.break) {
      const aside = setAsideBrokenTail(paths, loaded.events.length, ctx.deps.now());
      ctx.err(
        msg(ctx.lang, 'resume.forcedAside', {
          problem: sayIn(ctx.lang, loaded.break.said),
          lines: aside.lines,
          file: aside.file,
        }),
      );
    }
    const library = await openLibrary(ctx);
    const plan = await requirePlan(ctx, library, first.data.crisis, {
      severity: first.data.severity,
      with: first.data.with,
      jurisdictions: first.data.jurisdictions,
    });
    // A broken answers file is found before the session records anything more.
    const answers = options.answers ? await checkedAnswers(ctx, options.answers, plan) : undefined;
    // The same answers file again (after a crash or a refusal) goes on where the log stops.
    const recorded = answers ? recordedResponses(plan, answers.responses, loaded.events) : [];
    if (recorded.length > 0) {
      const listed = recorded.slice(0, 5).map((r) => r.what);
      if (recorded.length > listed.length)
        listed.push(msg(ctx.lang, 'resume.andMore', { count: recorded.length - listed.length }));
      ctx.err(msg(ctx.lang, 'resume.notRepeated', { count: recorded.length, list: listed.join(', ') }));
    }
    const operator = options.operator ?? first.data.operator;
    const last = loaded.events[loaded.events.length - 1]!;
    log = new FileStore(FileEventLog.open(paths, id, owner, { seq: last.seq, hash: last.hash }));
    const session = new LiveSession(plan, log, { now: () => ctx.deps.now() }, operator, loaded.events);
    if (session.state.status === 'ended')
      throw new CrisisError(say('error.session.ended', { id }), {
        hint: say('error.session.ended.hint', { id }),
        exitCode: ExitCode.usage,
        code: 'resume.ended',
      });
    const planChange = planChangeSince(plan, session.state);
    warnPlanChanged(ctx, plan, planChange);
    reportStatementRepairs(ctx, reconcileStatementFiles(paths, plan, session.state.issued));
    await session.act({
      type: 'resume',
      forced: loaded.break ? true : undefined,
      planChanged: planChange ? true : undefined,
    });
    ctx.err(
      msg(ctx.lang, 'session.resumed', { id, events: session.state.events }) +
        (loaded.break ? msg(ctx.lang, 'resume.forcedMark') : ''),
    );
    return await runLive(ctx, session, log, {
      answers: options.answers,
      as: options.as ?? first.data.as,
      skipResponses: new Set(recorded.map((r) => r.index)),
    });
  } catch (error) {
    takeHeldSignal();
    if (log) await log.close();
    else releaseLock(paths.lock, owner.pid);
    throw error;
  }
}
