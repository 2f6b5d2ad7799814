import { CrisisError, ExitCode } from '../errors.js';
import { formatOffset } from '../playbook/duration.js';
import { sessionClockLater } from '../playbook/profile.js';
import { isMessageKey, messagesFor, type MessageKey } from '../text/messages.js';
import type { Lang } from '../playbook/types.js';
import { localize } from '../playbook/text.js';
import { blockedBack, nextStep, stepCounter, targetStatus, type BlockedReturn } from '../session/progress.js';
import { sanitizeLine } from '../text/sanitize.js';
import { msg } from '../text/messages.js';
import type { Action } from '../session/decide.js';
import type { StoredEvent } from '../session/events.js';
import type { Driver, Move, View } from './driver.js';
import type { LiveSession } from './live-session.js';

export type RunOutcome = 'finished' | 'paused' | 'exhausted';

/** An action the session refused, as the run loop saw it. */
export interface Refusal {
  action: Action;
  message: string;
  hint?: string;
  code?: string;
}

export interface RunResult {
  outcome: RunOutcome;
  /** every refused action, in order; an answers file with any of them did not run as written */
  refusals: Refusal[];
}

/**
 * What the caller adds to the loop, named, instead of wrapping or rebinding
 * the driver's methods: each hook runs at one documented point.
 */
export interface RunHooks {
  /** before each view is drawn: team mode reads what others recorded */
  beforeAsk?(): Promise<void>;
  /** a move that comes before the driver's (a drill's inject on the real clock) */
  interject?(view: View): Move | undefined;
  /** the driver stopped because its prompt was withdrawn: ask again on a fresh view */
  withdrawn?(): boolean;
  /** an action the store could not record (exit 3) or found the log broken for: the run stops after this */
  notRecorded?(action: Action, error: CrisisError): void;
  /** after the driver heard of a recorded event: statement files, notices */
  onRecorded?(event: StoredEvent, view: View): void | Promise<void>;
}

export interface RunOptions {
  lang: Lang;
  as?: string;
  /** consecutive refusals before the loop gives up (a script that cannot progress) */
  maxRefusals?: number;
  signal?: AbortSignal;
  hooks?: RunHooks;
  /** the machine's time zone (the CLI reads it when a screen first shows a time; never the core); UTC if not given */
  timeZone?: string | (() => string);
}

/**
 * The loop every session runs: show the driver the next step, take its
 * move, record it. Refused actions go back to the driver and into the
 * result; a failed write (exit 3) or a broken log (exit 1) stops the run
 * with everything already recorded intact.
 */
export async function runSession(
  session: LiveSession,
  driver: Driver,
  options: RunOptions = { lang: 'en' },
): Promise<RunResult> {
  const hooks = options.hooks ?? {};
  const announced = new Set<string>();
  const refusals: Refusal[] = [];
  let streak = 0;
  const view = () => makeView(session, options.lang, options.as, driver.blockedReturn, options.timeZone);
  for (;;) {
    // Let signals in between actions: a scripted run otherwise never yields.
    if (options.signal) {
      await new Promise((resolve) => setImmediate(resolve));
      if (options.signal.aborted) return { outcome: 'paused', refusals };
    }
    await hooks.beforeAsk?.();
    announceOverdue(session, driver, announced, options.lang);
    const current = view();
    announceBack(current, driver, announced);
    const move = hooks.interject?.(current) ?? (await driver.next(current));
    if (move.type === 'stop') {
      if (!options.signal?.aborted && hooks.withdrawn?.()) continue;
      return { outcome: move.reason, refusals };
    }
    try {
      const event = await session.act(move);
      streak = 0;
      const after = view();
      await driver.recorded?.(event, after);
      await hooks.onRecorded?.(event, after);
      if (event.type === 'session.ended') return { outcome: 'finished', refusals };
    } catch (error) {
      // A refusal (exit 2) goes back to the driver; a store that cannot record (exit 3) or finds its log
      // broken (exit 1: a team store's row that does not verify) ends the run: asking again cannot help.
      if (!(error instanceof CrisisError)) throw error;
      if (error.exitCode !== ExitCode.usage) {
        hooks.notRecorded?.(move, error);
        throw error;
      }
      refusals.push({ action: move, message: error.message, hint: error.hint, code: error.code });
      // The driver shows the refusal to whoever acts: in the session's language.
      const worded = error.inLang(options.lang);
      driver.refused?.(move, worded.message, worded.hint, error);
      if (++streak > (options.maxRefusals ?? 1000)) throw error;
    }
  }
}

export function makeView(
  session: LiveSession,
  lang: Lang,
  as?: string,
  blockedReturn?: BlockedReturn,
  timeZone: string | (() => string) = 'UTC',
): View {
  const back = blockedReturn ? { now: session.clock.now(), rule: blockedReturn } : undefined;
  const step = nextStep(session.plan, session.state, as, back);
  const clock = sessionClockLater(session.state.facts, timeZone);
  return { session, step, counter: stepCounter(session.plan, session.state, as), lang, as, clock };
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
  const reason = sanitizeLine(st?.reason ?? '');
  driver.announce(
    back.by === 'due'
      ? msg(view.lang, 'screen.blockedBackDue', {
          title,
          at: formatOffset(back.dueAt - state.startedAt, view.lang),
          reason,
        })
      : msg(view.lang, 'screen.blockedBackSteps', { title, steps: back.steps, reason }),
  );
}

function announceOverdue(session: LiveSession, driver: Driver, announced: Set<string>, lang: Lang): void {
  if (!driver.announce) return;
  const now = session.clock.now();
  const m = messagesFor(lang);
  for (const t of targetStatus(session.plan, session.state, now)) {
    const key = `${t.target}@${t.deadline}`;
    if (t.overdue && t.metAt === undefined && !announced.has(key)) {
      announced.add(key);
      const name = isMessageKey(`target.${t.target}`) ? m(`target.${t.target}` as MessageKey) : t.target;
      const due = formatOffset(t.deadline - session.state.startedAt, lang);
      driver.announce(
        m('screen.overdueNotice', { target: name, due, now: formatOffset(now - session.state.startedAt, lang) }),
      );
    }
  }
}
