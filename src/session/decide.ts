import { CrisisError, ExitCode } from '../errors.js';
import { planSteps, type Plan, type PlanStep } from '../playbook/compose.js';
import type { Scalar } from '../playbook/types.js';
import type { EventData, EventDraft } from './events.js';
import { coerceInput } from './inputs.js';
import { visibleSteps } from './progress.js';
import { isOpen, stepState } from './replay.js';
import type { SessionState } from './replay.js';
import { DRILL_APPROVER, DRILL_PLACEHOLDER, incompleteParts, statementInputs } from './statement.js';
import { own } from '../text/own.js';
import { sanitizeLine } from '../text/sanitize.js';

/** What a person or a script can do. decide() turns one into one event. */
export type Action =
  | { type: 'start'; data: EventData<'session.started'> }
  | { type: 'complete'; step: string; inputs?: Record<string, Scalar> }
  | { type: 'skip'; step: string; reason: string }
  | { type: 'block'; step: string; reason: string }
  | { type: 'focus'; step: string }
  | { type: 'reopen'; step: string; reason: string }
  | { type: 'assign'; step: string; to: string; checkBackInMs: number }
  | { type: 'note'; step?: string; text: string }
  | { type: 'decision'; step?: string; decision: string; options: string[]; decidedBy?: string }
  | { type: 'handoff'; role: string; to: string }
  | { type: 'draft'; step: string; channels: Record<string, string>; facts?: Record<string, Scalar> }
  | { type: 'approve'; step: string; approver: string }
  | { type: 'issue'; step: string; channels: Record<string, string>; override?: string }
  | { type: 'inject'; message: string; facts?: Record<string, Scalar> }
  | { type: 'review'; step: string; inputs: Record<string, Scalar> }
  | { type: 'pause'; reason?: string }
  | { type: 'resume'; forced?: boolean; planChanged?: boolean }
  | { type: 'end' };

export interface DecideContext {
  plan: Plan;
  state: SessionState;
  now: number;
  actor: string;
}

const refuse = (message: string, hint?: string, code?: string) =>
  new CrisisError(message, { hint, exitCode: ExitCode.usage, code });

/** What every handler needs: the context, the event base, and the step checks. */
interface Decider extends DecideContext {
  base: { ts: string; actor: string };
  knownStep(id: string): PlanStep;
  openStep(id: string): PlanStep;
}

type Handlers = { [K in Action['type']]: (d: Decider, action: Extract<Action, { type: K }>) => EventDraft };

const text = (value: string, what: string) => {
  const trimmed = value.trim();
  if (trimmed === '') throw refuse(`${what} is required`, undefined, 'action.empty');
  return trimmed;
};

/**
 * ` by Bo Li (spokesperson)` when someone else closed the step: in a team, the
 * one who lost the race needs to know whom to ask. The roles are those the
 * facts so far give that person; nothing when it was the actor themself.
 */
function byOther(state: SessionState, by: string | undefined, actor: string): string {
  if (by === undefined || by === actor) return '';
  const roles = Object.entries(state.roles)
    .filter(([, holder]) => holder === by)
    .map(([role]) => role);
  return ` by ${sanitizeLine(by)}${roles.length > 0 ? ` (${roles.join(', ')})` : ''}`;
}

/**
 * Who issued these channels and when, grouped by issue: ` on website, social
 * by Bo Li (spokesperson) at 2026-01-01 09:05:00 UTC; on email at …`. The
 * time is UTC (decide has no time zone); the name is left out for the actor.
 */
function issuedOn(state: SessionState, step: string, channels: string[], actor: string): string {
  const issuers = stepState(state, step).issuedBy ?? {};
  const groups = new Map<string, { channels: string[]; by?: string; at?: number }>();
  for (const channel of channels) {
    const who = Object.hasOwn(issuers, channel) ? issuers[channel] : undefined;
    const key = who ? `${who.at}\u0000${who.by}` : '';
    const group = groups.get(key) ?? { channels: [], by: who?.by, at: who?.at };
    group.channels.push(channel);
    groups.set(key, group);
  }
  const when = (at: number | undefined) =>
    at === undefined ? '' : ` at ${new Date(at).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
  return [...groups.values()]
    .map((g) => ` on ${g.channels.join(', ')}${byOther(state, g.by, actor)}${when(g.at)}`)
    .join(';');
}

function decider({ plan, state, now, actor }: DecideContext): Decider {
  const knownStep = (id: string): PlanStep => {
    const step = planSteps(plan).find((s) => s.id === id);
    if (!step) throw refuse(`no step "${id}" in plan ${plan.id}`, 'see `crisis show` for the step ids', 'step.unknown');
    return step;
  };
  const openStep = (id: string): PlanStep => {
    const step = knownStep(id);
    if (!visibleSteps(plan, state).some((s) => s.id === id))
      throw refuse(
        `step "${id}" does not apply: its condition does not hold on the facts so far`,
        undefined,
        'step.not-applicable',
      );
    if (!isOpen(state, id)) {
      const closed = stepState(state, id);
      throw refuse(
        `step "${id}" is already ${closed.status}${byOther(state, closed.by, actor)}`,
        undefined,
        'step.closed',
      );
    }
    return step;
  };
  return { plan, state, now, actor, base: { ts: new Date(now).toISOString(), actor }, knownStep, openStep };
}

/**
 * Validate an action against the plan and the state; return the event to
 * append or throw a CrisisError saying why not. Pure: no I/O, no clock.
 */
export function decide(context: DecideContext, action: Action): EventDraft {
  const { state } = context;
  if (action.type !== 'start' && state.events === 0)
    throw refuse('the session has not started', undefined, 'session.not-started');
  if (state.status === 'ended' && action.type !== 'note' && action.type !== 'review' && action.type !== 'decision') {
    throw refuse('the session has ended', 'start a new session, or add notes and review entries', 'session.ended');
  }
  // Each handler is typed for its own action; the table lookup loses that link, so it is restored here.
  const handle = handlers[action.type] as (d: Decider, a: Action) => EventDraft;
  return handle(decider(context), action);
}

const sessionHandlers: Pick<Handlers, 'start' | 'pause' | 'resume' | 'end'> = {
  start: ({ state, base }, action) => {
    if (state.events > 0) throw refuse('the session has already started', undefined, 'session.started');
    return { ...base, type: 'session.started', data: action.data };
  },
  pause: ({ base }, action) => ({
    ...base,
    type: 'session.paused',
    data: action.reason ? { reason: action.reason } : {},
  }),
  resume: ({ base }, action) => ({
    ...base,
    type: 'session.resumed',
    data: { ...(action.forced ? { forced: true } : {}), ...(action.planChanged ? { planChanged: true } : {}) },
  }),
  end: ({ base }) => ({ ...base, type: 'session.ended', data: {} }),
};

const stepHandlers: Pick<Handlers, 'complete' | 'review' | 'skip' | 'block' | 'focus' | 'assign' | 'reopen'> = {
  // Undo: a compensating event; the event that closed the step stays in the log.
  reopen: ({ base, state, knownStep }, action) => {
    const step = knownStep(action.step);
    const st = stepState(state, step.id);
    if (st.status === 'open')
      throw refuse(`step "${step.id}" is open: there is nothing to undo`, undefined, 'step.not-closed');
    if (st.issued)
      throw refuse(
        `statement "${step.id}" is already out: an issued statement cannot be taken back`,
        'issue a correction through the update step',
        'statement.issued',
      );
    const reason = text(action.reason, 'the reason for the undo');
    return { ...base, type: 'step.reopened', step: step.id, data: { reason, was: st.status } };
  },
  complete: ({ base, openStep }, action) => {
    const step = openStep(action.step);
    if (step.statement)
      throw refuse(
        `step "${step.id}" is a statement: issue it rather than marking it done`,
        undefined,
        'step.statement',
      );
    return { ...base, type: 'step.completed', step: step.id, data: { facts: checkInputs(step, action.inputs ?? {}) } };
  },
  review: ({ base }, action) => ({
    ...base,
    type: 'review.recorded',
    step: action.step,
    data: { facts: action.inputs },
  }),
  skip: ({ base, openStep }, action) => {
    openStep(action.step);
    const reason = text(action.reason, 'a reason for skipping');
    return { ...base, type: 'step.skipped', step: action.step, data: { reason } };
  },
  block: ({ base, openStep }, action) => {
    openStep(action.step);
    const reason = text(action.reason, 'a reason for blocking');
    return { ...base, type: 'step.blocked', step: action.step, data: { reason } };
  },
  focus: ({ base, state, openStep }, action) => {
    openStep(action.step);
    return { ...base, type: 'step.focused', step: action.step, data: { from: state.focus } };
  },
  assign: ({ base, now, openStep }, action) => {
    openStep(action.step);
    if (!(action.checkBackInMs > 0))
      throw refuse('the check-back time must be in the future', 'e.g. in 10m', 'assign.time');
    return {
      ...base,
      type: 'step.assigned',
      step: action.step,
      data: {
        to: text(action.to, 'the person to assign'),
        checkBackAt: new Date(now + action.checkBackInMs).toISOString(),
      },
    };
  },
};

const recordHandlers: Pick<Handlers, 'note' | 'decision' | 'handoff' | 'inject'> = {
  note: ({ base }, action) => ({
    ...base,
    type: 'note.added',
    step: action.step,
    data: { text: text(action.text, 'the note') },
  }),
  decision: ({ base, actor }, action) => ({
    ...base,
    type: 'decision.recorded',
    step: action.step,
    data: {
      decision: text(action.decision, 'the decision'),
      options: action.options.map((o) => o.trim()).filter(Boolean),
      decidedBy: (action.decidedBy ?? actor).trim() || actor,
    },
  }),
  handoff: ({ base, plan, state }, action) => {
    if (!plan.roles.some((r) => r.id === action.role))
      throw refuse(`unknown role "${action.role}"`, `roles: ${plan.roles.map((r) => r.id).join(', ')}`, 'role.unknown');
    return {
      ...base,
      type: 'role.handoff',
      data: { role: action.role, from: own(state.roles, action.role), to: text(action.to, 'the person taking over') },
    };
  },
  inject: ({ base }, action) => ({
    ...base,
    type: 'inject.received',
    data: { message: action.message, facts: action.facts ?? {} },
  }),
};

const statementHandlers: Pick<Handlers, 'draft' | 'approve' | 'issue'> = {
  draft: ({ base, plan, openStep }, action) => {
    const step = statementStep(openStep(action.step));
    const facts = action.facts && Object.keys(action.facts).length > 0 ? checkFacts(plan, action.facts) : undefined;
    return {
      ...base,
      type: 'statement.drafted',
      step: step.id,
      data: { channels: checkChannels(step, action.channels), ...(facts ? { facts } : {}) },
    };
  },
  approve: ({ base, state, openStep }, action) => {
    const step = statementStep(openStep(action.step));
    if (!step['approve-by'])
      throw refuse(`statement "${step.id}" needs no approval`, undefined, 'statement.no-approval');
    return {
      ...base,
      type: 'statement.approved',
      step: step.id,
      data: { approver: liveApprover(state, text(action.approver, 'the approver')) },
    };
  },
  issue: ({ base, state, knownStep, openStep }, action) => {
    // A statement already out on some channels may go out on the others.
    const issued = stepState(state, action.step).issued;
    const step = statementStep(issued ? knownStep(action.step) : openStep(action.step));
    const again = Object.keys(action.channels).filter((c) => issued && Object.hasOwn(issued, c));
    if (again.length > 0)
      throw refuse(
        `statement "${step.id}" was already issued${issuedOn(state, step.id, again, base.actor)}`,
        'issue the update through the update step',
        'statement.reissue',
      );
    const approver = step['approve-by'];
    if (approver && !stepState(state, step.id).approvedBy) {
      throw refuse(
        `statement "${step.id}" must be approved by ${approver} before it is issued`,
        'record the approval first',
        'statement.unapproved',
      );
    }
    const channels = checkChannels(step, action.channels);
    return {
      ...base,
      type: 'statement.issued',
      step: step.id,
      data: completeOrOverridden(state, step, channels, action),
    };
  },
};

/**
 * Nothing incomplete goes out: an unfilled hole (or, outside a drill, drill
 * placeholder text) needs the fact, an edit, or an override with a reason,
 * which the issued event records with what was missing.
 */
function completeOrOverridden(
  state: SessionState,
  step: PlanStep,
  channels: Record<string, string>,
  action: { override?: string },
): EventData<'statement.issued'> {
  const missing = incompleteParts(step, channels, { drill: state.drill !== undefined });
  if (missing.length === 0) return { channels };
  const reason = action.override?.trim();
  const named = missing.map((m) => (m === DRILL_PLACEHOLDER ? m : `[${m}]`)).join(', ');
  if (!reason)
    throw refuse(
      `statement "${step.id}" is incomplete: ${named}`,
      'record the missing facts or edit the text; to issue it anyway, override with a reason',
      'statement.incomplete',
    );
  return { channels, override: { reason, missing } };
}

/** Facts typed in on the statement screen: each an input of the plan or a profile fact, of its type. */
function checkFacts(plan: Plan, given: Record<string, Scalar>): Record<string, Scalar> {
  const inputs = statementInputs(plan);
  const facts: Record<string, Scalar> = {};
  for (const [id, raw] of Object.entries(given)) {
    const input = inputs.get(id);
    if (!input) throw refuse(`no input records the fact "${id}"`, undefined, 'input.unknown');
    const { value, error } = coerceInput(input, raw);
    if (error) throw refuse(error, undefined, 'input.type');
    if (value !== undefined) facts[id] = value;
  }
  return facts;
}

/** The unlisted policy's stand-in approver is a drill's; a live statement needs a person's name. */
function liveApprover(state: SessionState, approver: string): string {
  if (state.drill === undefined && approver === DRILL_APPROVER)
    throw refuse(
      'a live session cannot approve a statement automatically',
      'name the approver in the answers file (action: approve, by: NAME)',
      'statement.auto-approve',
    );
  return approver;
}

const handlers: Handlers = { ...sessionHandlers, ...stepHandlers, ...recordHandlers, ...statementHandlers };

function statementStep(step: PlanStep): PlanStep & { statement: NonNullable<PlanStep['statement']> } {
  if (!step.statement) throw refuse(`step "${step.id}" is not a statement step`, undefined, 'step.not-statement');
  return step as PlanStep & { statement: NonNullable<PlanStep['statement']> };
}

function checkChannels(
  step: PlanStep & { statement: NonNullable<PlanStep['statement']> },
  channels: Record<string, string>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [channel, body] of Object.entries(channels)) {
    if (!Object.hasOwn(step.statement, channel))
      throw refuse(
        `statement "${step.id}" has no channel "${channel}"`,
        `channels: ${Object.keys(step.statement).join(', ')}`,
        'statement.channel',
      );
    if (body.trim() === '')
      throw refuse(`statement "${step.id}" ${channel}: the text is empty`, undefined, 'statement.empty');
    out[channel] = body;
  }
  if (Object.keys(out).length === 0)
    throw refuse(`statement "${step.id}": no channel to issue`, undefined, 'statement.empty');
  return out;
}

/** Every required input present, every value of its type; unknown inputs refused. */
export function checkInputs(step: PlanStep, given: Record<string, Scalar>): Record<string, Scalar> {
  const facts: Record<string, Scalar> = {};
  const inputs = step.inputs ?? [];
  for (const id of Object.keys(given)) {
    if (!inputs.some((i) => i.id === id))
      throw refuse(
        `step "${step.id}" records no input "${id}"`,
        inputs.length ? `inputs: ${inputs.map((i) => i.id).join(', ')}` : 'this step records nothing',
        'input.unknown',
      );
  }
  for (const input of inputs) {
    const { value, error } = coerceInput(input, given[input.id]);
    if (error) throw refuse(error, undefined, 'input.type');
    if (value === undefined) {
      if (input.required)
        throw refuse(`step "${step.id}": required input "${input.id}" is missing`, undefined, 'input.required');
      continue;
    }
    facts[input.id] = value;
  }
  return facts;
}
