import { msg } from '../text/messages.js';
import { CrisisError, ExitCode, say } from '../errors.js';
import { LiveSession } from '../drive/live-session.js';
import { planChangeSince } from '../session/plan-change.js';
import { warnPlanChanged } from './plan-change.js';
import { assertSessionId } from '../session/ids.js';
import { ChainVerifier } from '../session/verify.js';
import type { Ctx } from './context.js';
import { openLibrary, requirePlan } from './library.js';
import { ensureSomeoneAnswers, runLive } from './run-live.js';
import { holdOutput } from './output-closed.js';
import { holdSignals, takeHeldSignal } from './held-signals.js';
import { readAnswers } from './sessions.js';
import { sanitizeLine } from '../text/sanitize.js';
import { commandHint, storeCommands } from './invoked.js';

export interface JoinOptions {
  answers?: string;
  operator?: string;
  as?: string;
}

/**
 * Join a team session in PostgreSQL: read and check its events, then work it
 * beside everyone else joined. `resume --store` lands here too; only a
 * paused session records that it was resumed, so joining is not an event.
 */
export async function run(ctx: Ctx, ref: string, options: JoinOptions): Promise<number> {
  // A closed output must not end the process between the lock and the run: the run stops by itself.
  holdOutput();
  if (!ctx.store)
    throw new CrisisError(say('error.join.noStore'), {
      hint: say('error.join.noStore.hint'),
      exitCode: ExitCode.usage,
      code: 'join.no-store',
    });
  const id = assertSessionId(ref);
  ensureSomeoneAnswers(ctx, options.answers);
  const library = await openLibrary(ctx);
  const { PgStore } = await import('../store/postgres.js');
  const store = await PgStore.open(ctx.store, id, storeCommands(ctx.deps.env, ctx.store));
  try {
    const lines = await store.lines();
    // The rows are read by this id: an event of another session among them is damage, from line 1 on.
    const verifier = new ChainVerifier({ session: id });
    const events = [];
    for (const line of lines) {
      const event = verifier.push(line);
      if (event) events.push(event);
    }
    if (lines.length === 0)
      throw new CrisisError(say('error.session.notInDb', { id, where: store.where }), {
        hint: commandHint(ctx, 'error.session.notInDb.hint', 'status'),
        exitCode: ExitCode.usage,
        code: 'session.unknown',
      });
    if (verifier.break)
      throw new CrisisError(say('error.log.brokenAt', { id, problem: verifier.break.said }), {
        hint: commandHint(ctx, 'error.join.broken.hint', `verify ${id}`),
        exitCode: ExitCode.problems,
        code: 'resume.broken-chain',
      });
    const first = events[0];
    if (!first || first.type !== 'session.started')
      throw new CrisisError(say('error.log.broken', { file: store.location, problem: say('error.log.noStart') }), {
        exitCode: ExitCode.problems,
      });
    const plan = await requirePlan(ctx, library, first.data.crisis, {
      severity: first.data.severity,
      with: first.data.with,
    });
    if (options.as !== undefined && !plan.roles.some((r) => r.id === options.as))
      throw new CrisisError(say('error.role.as', { role: options.as }), {
        hint: say('error.role.list', { roles: plan.roles.map((r) => r.id).join(', ') }),
        exitCode: ExitCode.usage,
      });
    // Like start: --operator, else the answers file's operator, else the login name (said below, for it is
    // on everything this person records and may not be the name the team knows them by).
    const scripted = options.answers ? (await readAnswers(options.answers, ctx.deps.cwd)).operator : undefined;
    const operator = options.operator ?? scripted ?? ctx.deps.username();
    const session = new LiveSession(plan, store, { now: () => ctx.deps.now() }, operator, events);
    const last = events.at(-1)!;
    store.adopt({ seq: last.seq, hash: last.hash });
    await session.refresh();
    if (session.state.status === 'ended')
      throw new CrisisError(say('error.session.ended', { id }), {
        hint: commandHint(ctx, 'error.join.ended.hint', `log ${id}`),
        exitCode: ExitCode.usage,
        code: 'resume.ended',
      });
    warnPlanChanged(ctx, plan, planChangeSince(plan, session.state));
    // From the first write on, a signal leaves the session through runLive (which takes it over), not mid-way.
    holdSignals();
    if (session.state.status === 'paused') await session.act({ type: 'resume' });
    ctx.err(
      msg(ctx.lang, 'join.joined', {
        id,
        operator: sanitizeLine(operator),
        as: options.as ? ` (${options.as})` : '',
        events: session.state.events,
      }),
    );
    if (options.operator === undefined && scripted === undefined)
      ctx.err(msg(ctx.lang, 'join.asLogin', { operator: sanitizeLine(operator) }));
    return await runLive(ctx, session, store, { answers: options.answers, as: options.as ?? first.data.as });
  } catch (error) {
    takeHeldSignal();
    await store.close();
    throw error;
  }
}
