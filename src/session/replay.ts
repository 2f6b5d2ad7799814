import type { Scalar, Severity } from '../playbook/types.js';
import type { StoredEvent } from './events.js';
import { own } from '../text/own.js';

export type StepStatus = 'open' | 'done' | 'skipped' | 'blocked';

export interface StepState {
  status: StepStatus;
  /** seq of the event that last changed the status: orders steps done in the same second */
  seq?: number;
  /** ms since epoch of the last status change */
  at?: number;
  reason?: string;
  by?: string;
  assignedTo?: string;
  checkBackAt?: number;
  /** drafted, approved and issued statement texts, per channel */
  drafts?: Record<string, string>;
  approvedBy?: string;
  approvedAt?: number;
  /** who recorded the approval (a team member may record the approver's word) */
  approvalRecordedBy?: string;
  issued?: Record<string, string>;
  /** per issued channel: who issued it and when (a second issuer is told whom to ask) */
  issuedBy?: Record<string, { by: string; at: number }>;
}

/** Who gave a role its holder, when, and how. */
export interface RoleChange {
  seq: number;
  at: number;
  by: string;
  how: 'handoff' | 'fact';
}

export interface TimedText {
  at: number;
  actor: string;
  step?: string;
  text: string;
}

export interface SessionState {
  id: string;
  crisis: string;
  severity: Severity;
  with: string[];
  planHash: string;
  operator: string;
  lang: string;
  as?: string;
  drill?: { id: string; file?: string };
  startedAt: number;
  lastAt: number;
  status: 'active' | 'paused' | 'ended';
  facts: Record<string, Scalar>;
  steps: Record<string, StepState>;
  /** role id -> person holding it */
  roles: Record<string, string>;
  /**
   * role id -> the event that made its holder the holder (a handoff, or a fact
   * naming a person for the role): a handoff names the seq it replaces, so a
   * second handoff made on the same sight of the role is refused (team mode).
   */
  heldSince: Record<string, RoleChange>;
  focus?: string;
  notes: TimedText[];
  followUps: TimedText[];
  decisions: Array<{ at: number; step?: string; decision: string; options: string[]; decidedBy: string }>;
  handoffs: Array<{ at: number; role: string; from?: string; to: string; actor: string }>;
  injects: Array<{ at: number; message: string; facts: Record<string, Scalar> }>;
  /** every statement issue, in order */
  issued: Array<{ at: number; step: string; channels: Record<string, string> }>;
  review: Record<string, { at: number; facts: Record<string, Scalar> }>;
  /** undone steps: what they were, why they were reopened */
  reopened: Array<{ at: number; step: string; was: 'done' | 'skipped' | 'blocked'; reason: string; actor: string }>;
  /** steps completed in an order other than the plan's, or after a jump */
  focusChanges: Array<{ at: number; step: string; from?: string }>;
  forcedResumes: number;
  events: number;
}

/**
 * What replay needs to know of the plan, derived from it by the caller
 * (progress.ts `replayContext`): which inputs name a role holder.
 */
export interface ReplayContext {
  roleInputs: ReadonlyMap<string, string>;
}
const NO_PLAN: ReplayContext = { roleInputs: new Map() };

export function initialState(): SessionState {
  return {
    id: '',
    crisis: '',
    severity: 'medium',
    with: [],
    planHash: '',
    operator: '',
    lang: 'en',
    startedAt: 0,
    lastAt: 0,
    status: 'active',
    facts: {},
    steps: {},
    roles: {},
    heldSince: {},
    notes: [],
    followUps: [],
    decisions: [],
    handoffs: [],
    injects: [],
    issued: [],
    review: {},
    reopened: [],
    focusChanges: [],
    forcedResumes: 0,
    events: 0,
  };
}

/**
 * A step's state; a step nothing happened to is open. Own properties only:
 * a step called `constructor` must not read Object.prototype.
 */
export const stepState = (state: SessionState, id: string): StepState =>
  Object.hasOwn(state.steps, id) ? state.steps[id]! : { status: 'open' };

/** Open or blocked: still to be done. */
export const isOpen = (state: SessionState, id: string): boolean => {
  const status = stepState(state, id).status;
  return status === 'open' || status === 'blocked';
};

/** A note that starts `TODO:` is a follow-up: the review lists it under Follow-ups, not as ad hoc work. */
export const isFollowUp = (text: string): boolean => /^TODO:/i.test(text.trim());

const setStep = (s: SessionState, id: string, patch: Partial<StepState>) => {
  s.steps[id] = { ...stepState(s, id), ...patch };
};

/** A step that is done, skipped or blocked is no longer the one in focus. */
const leave = (s: SessionState, step: string | undefined) => {
  if (s.focus === step) s.focus = undefined;
};

/**
 * Recorded facts; a fact that names a person for a role makes them its holder.
 * Naming the holder again is no change of hands, so `heldSince` stays.
 */
const recordFacts = (
  s: SessionState,
  facts: Record<string, Scalar>,
  { roleInputs }: ReplayContext,
  event: { seq: number; actor: string },
  at: number,
) => {
  Object.assign(s.facts, facts);
  for (const [fact, value] of Object.entries(facts)) {
    const role = roleInputs.get(fact);
    if (!role || typeof value !== 'string' || value === '' || own(s.roles, role) === value) continue;
    s.roles[role] = value;
    s.heldSince[role] = { seq: event.seq, at, by: event.actor, how: 'fact' };
  }
};

type Folds = {
  [K in StoredEvent['type']]: (
    s: SessionState,
    event: Extract<StoredEvent, { type: K }>,
    at: number,
    context: ReplayContext,
  ) => void;
};

const sessionFolds: Pick<Folds, 'session.started' | 'session.paused' | 'session.resumed' | 'session.ended'> = {
  'session.started': (s, event, at) => {
    const d = event.data;
    Object.assign(s, {
      id: event.session,
      crisis: d.crisis,
      severity: d.severity,
      with: d.with,
      planHash: d.planHash,
      operator: d.operator,
      lang: d.lang,
      as: d.as,
      drill: d.drill,
      startedAt: at,
      status: 'active',
    });
    Object.assign(s.facts, d.facts ?? {});
  },
  'session.paused': (s) => {
    s.status = 'paused';
  },
  'session.resumed': (s, event) => {
    s.status = 'active';
    if (event.data.forced) s.forcedResumes += 1;
  },
  'session.ended': (s) => {
    s.status = 'ended';
  },
};

const stepFolds: Pick<
  Folds,
  'step.completed' | 'step.skipped' | 'step.blocked' | 'step.focused' | 'step.assigned' | 'step.reopened'
> = {
  'step.reopened': (s, event, at) => {
    const step = event.step;
    setStep(s, step, { status: 'open', seq: undefined, at: undefined, by: undefined, reason: undefined });
    s.reopened.push({ at, step, was: event.data.was, reason: event.data.reason, actor: event.actor });
    s.focus = step;
  },
  'step.completed': (s, event, at, context) => {
    const step = event.step;
    setStep(s, step, { status: 'done', at, seq: event.seq, by: event.actor, reason: undefined });
    recordFacts(s, event.data.facts, context, event, at);
    leave(s, step);
  },
  'step.skipped': (s, event, at) => {
    setStep(s, event.step, { status: 'skipped', at, seq: event.seq, by: event.actor, reason: event.data.reason });
    leave(s, event.step);
  },
  'step.blocked': (s, event, at) => {
    setStep(s, event.step, { status: 'blocked', at, seq: event.seq, by: event.actor, reason: event.data.reason });
    leave(s, event.step);
  },
  'step.focused': (s, event, at) => {
    s.focus = event.step;
    s.focusChanges.push({ at, step: event.step, from: event.data.from });
    if (event.step && stepState(s, event.step).status === 'blocked') setStep(s, event.step, { status: 'open' });
  },
  'step.assigned': (s, event) => {
    setStep(s, event.step, { assignedTo: event.data.to, checkBackAt: Date.parse(event.data.checkBackAt) });
  },
};

const statementFolds: Pick<Folds, 'statement.drafted' | 'statement.approved' | 'statement.issued'> = {
  'statement.drafted': (s, event, at, context) => {
    const drafts = { ...(stepState(s, event.step).drafts ?? {}), ...event.data.channels };
    setStep(s, event.step, { drafts });
    // facts the operator typed in on the statement screen
    recordFacts(s, event.data.facts ?? {}, context, event, at);
  },
  'statement.approved': (s, event, at) => {
    setStep(s, event.step, { approvedBy: event.data.approver, approvedAt: at, approvalRecordedBy: event.actor });
  },
  'statement.issued': (s, event, at) => {
    const step = event.step;
    const before = stepState(s, step);
    const issued = { ...(before.issued ?? {}), ...event.data.channels };
    const issuedBy = { ...(before.issuedBy ?? {}) };
    for (const channel of Object.keys(event.data.channels)) issuedBy[channel] = { by: event.actor, at };
    // The first issue completes the step; later issues add channels and keep its time.
    setStep(
      s,
      step,
      before.status === 'done'
        ? { issued, issuedBy }
        : { status: 'done', at, seq: event.seq, by: event.actor, issued, issuedBy },
    );
    s.issued.push({ at, step, channels: event.data.channels });
    leave(s, step);
  },
};

const recordFolds: Pick<
  Folds,
  'note.added' | 'decision.recorded' | 'role.handoff' | 'inject.received' | 'review.recorded'
> = {
  'note.added': (s, event, at) => {
    const note = { at, actor: event.actor, step: event.step, text: event.data.text };
    s.notes.push(note);
    if (isFollowUp(event.data.text))
      s.followUps.push({ ...note, text: event.data.text.trim().replace(/^TODO:\s*/i, '') });
  },
  'decision.recorded': (s, event, at) => {
    s.decisions.push({ at, step: event.step, ...event.data });
  },
  'role.handoff': (s, event, at) => {
    s.roles[event.data.role] = event.data.to;
    s.heldSince[event.data.role] = { seq: event.seq, at, by: event.actor, how: 'handoff' };
    const { role, from, to } = event.data;
    s.handoffs.push({ at, actor: event.actor, role, ...(from === undefined ? {} : { from }), to });
  },
  'inject.received': (s, event, at) => {
    s.injects.push({ at, ...event.data });
    Object.assign(s.facts, event.data.facts);
  },
  'review.recorded': (s, event, at) => {
    s.review[event.step] = { at, facts: event.data.facts };
  },
};

const folds: Folds = { ...sessionFolds, ...stepFolds, ...statementFolds, ...recordFolds };

/**
 * Fold one event into the state. Total: any event a valid log can hold is
 * accepted, so replaying any prefix of a log never throws. It updates the
 * state it is given (a million-event replay must not copy arrays per event);
 * `replay` starts from a fresh state, so replay itself stays pure.
 */
export function applyEvent(state: SessionState, event: StoredEvent, context: ReplayContext = NO_PLAN): SessionState {
  const at = Date.parse(event.ts);
  state.lastAt = Math.max(state.lastAt, at);
  state.events += 1;
  // Each fold is typed for its own event; the table lookup loses that link, so it is restored here.
  const fold = folds[event.type] as (s: SessionState, e: StoredEvent, at: number, c: ReplayContext) => void;
  fold(state, event, at, context);
  return state;
}

export function replay(events: Iterable<StoredEvent>, context?: ReplayContext): SessionState {
  let state = initialState();
  for (const event of events) state = applyEvent(state, event, context);
  return state;
}
