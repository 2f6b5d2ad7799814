import { CrisisError, ExitCode } from '../errors.js';
import { formatOffset } from '../playbook/duration.js';
import type { Lang } from '../playbook/types.js';
import { localize } from '../playbook/text.js';
import { blockedBack, nextStep, targetStatus, visibleSteps, type BlockedReturn } from '../session/progress.js';
import { sanitizeLine } from '../text/sanitize.js';
import { msg } from '../text/messages.js';
import type { Driver, View } from './driver.js';
import type { LiveSession } from './live-session.js';

export type RunOutcome = 'finished' | 'paused' | 'exhausted';

/**
 * The loop every session runs: show the driver the next step, take its
 * move, record it. Refused actions go back to the driver; a failed write
 * (exit 3) stops the run with everything already recorded intact.
 */
export async function runSession(
  session: LiveSession,
  driver: Driver,
  options: { lang: Lang; as?: string; maxRefusals?: number; signal?: AbortSignal } = { lang: 'en' },
): Promise<RunOutcome> {
  const announced = new Set<string>();
  let refusals = 0;
  for (;;) {
    // Let signals in between actions: a scripted run otherwise never yields.
    if (options.signal) {
      await new Promise((resolve) => setImmediate(resolve));
      if (options.signal.aborted) return 'paused';
    }
    announceOverdue(session, driver, announced);
    const view = makeView(session, options.lang, options.as, driver.blockedReturn);
    announceBack(view, driver, announced);
    const move = await driver.next(view);
    if (move.type === 'stop') return move.reason;
    try {
      const event = await session.act(move);
      refusals = 0;
      await driver.recorded?.(event, makeView(session, options.lang, options.as, driver.blockedReturn));
      if (event.type === 'session.ended') return 'finished';
    } catch (error) {
      if (!(error instanceof CrisisError) || error.exitCode === ExitCode.environment) throw error;
      driver.refused?.(move, error.message, error.hint);
      if (++refusals > (options.maxRefusals ?? 1000)) throw error;
    }
  }
}

export function makeView(session: LiveSession, lang: Lang, as?: string, blockedReturn?: BlockedReturn): View {
  const steps = visibleSteps(session.plan, session.state, as);
  const back = blockedReturn ? { now: session.clock.now(), rule: blockedReturn } : undefined;
  const step = nextStep(session.plan, session.state, as, back);
  return { session, step, position: step ? steps.indexOf(step) + 1 : steps.length, total: steps.length, lang, as };
}

/** A blocked step brought back before the end is said so, once per block, with why now. */
function announceBack(view: View, driver: Driver, announced: Set<string>): void {
  const { step, session } = view;
  if (!step || !driver.blockedReturn || !driver.announce) return;
  const { state, plan } = session;
  const st = state.steps[step.id];
  const back = blockedBack(plan, state, step, session.clock.now(), driver.blockedReturn);
  const key = `back:${step.id}@${st?.seq}`;
  if (!back || announced.has(key)) return;
  announced.add(key);
  const title = sanitizeLine(localize(step.title, view.lang));
  driver.announce(
    back.by === 'due'
      ? msg(view.lang, 'screen.blockedBackDue', {
          title,
          at: formatOffset(back.dueAt - state.startedAt),
          reason: sanitizeLine(st?.reason ?? ''),
        })
      : msg(view.lang, 'screen.blockedBackSteps', {
          title,
          steps: back.steps,
          reason: sanitizeLine(st?.reason ?? ''),
        }),
  );
}

function announceOverdue(session: LiveSession, driver: Driver, announced: Set<string>): void {
  if (!driver.announce) return;
  const now = session.clock.now();
  for (const t of targetStatus(session.plan, session.state, now)) {
    const key = `${t.target}@${t.deadline}`;
    if (t.overdue && t.metAt === undefined && !announced.has(key)) {
      announced.add(key);
      driver.announce(
        `overdue: ${t.target} was due at ${formatOffset(t.deadline - session.state.startedAt)}` +
          ` (now ${formatOffset(now - session.state.startedAt)})`,
      );
    }
  }
}
