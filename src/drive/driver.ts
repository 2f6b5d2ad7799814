import type { CrisisError } from '../errors.js';
import type { PlanStep } from '../playbook/compose.js';
import type { ScreenClock } from '../playbook/dates.js';
import type { Lang } from '../playbook/types.js';
import type { Action } from '../session/decide.js';
import type { StoredEvent } from '../session/events.js';
import type { LiveSession } from './live-session.js';
import { visibleSteps } from '../session/progress.js';
import { isOpen } from '../session/replay.js';
import type { BlockedReturn, StepCounter } from '../session/progress.js';

/** What a driver sees before it chooses: the session and the step the plan points at. */
export interface View {
  session: LiveSession;
  step?: PlanStep;
  /** `[n/total]` over the step: steps finished so far plus one, of the steps that apply (progress.ts stepCounter) */
  counter: StepCounter;
  lang: Lang;
  /** role filter from --as */
  as?: string;
  /** the zone times are shown in (the organisation's, else the machine's) */
  clock: ScreenClock;
}

export type Move = Action | { type: 'stop'; reason: 'paused' | 'finished' | 'exhausted' };

/**
 * A person (prompts) or a script (answers file, drill) turned into actions.
 * Both run through the same runner, so a drill exercises what an operator runs.
 */
export interface Driver {
  /** when a blocked step comes back before the end (a person at a terminal); scripts keep plan order */
  blockedReturn?: BlockedReturn;
  next(view: View): Promise<Move>;
  /** an action was recorded */
  recorded?(event: StoredEvent, view: View): void | Promise<void>;
  /** an action was refused; the driver decides whether to go on */
  refused?(action: Action, message: string, hint?: string, error?: CrisisError): void;
  /** something the operator must hear between prompts (overdue targets, check-backs) */
  announce?(message: string): void;
}

/**
 * With --as, the role's steps can be done while the rest of the team's are not:
 * the session goes on without this operator.
 */
export function othersOpen(view: View): boolean {
  if (view.as === undefined) return false;
  const { plan, state } = view.session;
  return visibleSteps(plan, state).some((s) => isOpen(state, s.id));
}
