import { CrisisError, ExitCode, say, type Said } from '../errors.js';
import { planSteps, type Plan, type PlanStep } from '../playbook/compose.js';
import { roleSaid } from '../playbook/text.js';
import type { Scalar } from '../playbook/types.js';
import type { EventData, EventDraft } from './events.js';
import { coerceInput, type TypingTime } from './inputs.js';
import { typingTime, visibleSteps } from './progress.js';
import { isOpen, stepState } from './replay.js';
import type { RoleChange, SessionState } from './replay.js';
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
  /**
   * `replaces`: the seq of the role's holding the operator saw (`heldSince`,
   * 0 for none). When the role changed hands since, the handoff is refused,
   * so two handing one role over at once record one handoff. Without it, the
   * current holder is replaced, whoever that is now.
   */
  | { type: 'handoff'; role: string; to: string; replaces?: number }
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

const refuse = (message: Said, hint?: Said, code?: string) =>
  new CrisisError(message, { hint, exitCode: ExitCode.usage, code });

/** What every handler needs: the context, the event base, and the step checks. */
interface Decider extends DecideContext {
  base: { ts: string; actor: string };
  knownStep(id: string): PlanStep;
  openStep(id: string): PlanStep;
}

type Handlers = { [K in Action['type']]: (d: Decider, action: Extract<Action, { type: K }>) => EventDraft };

const text = (value: string, what: Said) => {
  const trimmed = value.trim();
  if (trimmed === '') throw refuse(say('error.action.empty', { what }), undefined, 'action.empty');
  return trimmed;
};

/**
 * ` by Bo Li (Spokesperson)` when someone else closed the step: in a team, the
 * one who lost the race needs to know whom to ask. The roles are those the
 * facts so far give that person, by their titles in the run's language; nothing
 * when it was the actor themself.
 */
function byOther(plan: Plan, state: SessionState, by: string | undefined, actor: string): Said | '' {
  if (by === undefined || by === actor) return '';
  const roles = Object.entries(state.roles)
    .filter(([, holder]) => holder === by)
    .map(([role]): Said | string => roleSaid(plan.roles, role));
  const who = sanitizeLine(by);
  return roles.length > 0
    ? say('error.step.byRoles', { who, roles: roles.reduce((a, b) => say('error.list.comma', { a, b })) })
    : say('error.step.by', { who });
}

/** A recorded time in a refusal: UTC, for decide knows no time zone. */
const utc = (at: number): string => `${new Date(at).toISOString().slice(0, 19).replace('T', ' ')} UTC`;

/**
 * Who issued these channels and when, grouped by issue: ` on website, social
 * by Bo Li (spokesperson) at 2026-01-01 09:05:00 UTC; on email at …`. The
 * time is UTC (decide has no time zone); the name is left out for the actor.
 */
function issuedOn(plan: Plan, state: SessionState, step: string, channels: string[], actor: string): Said {
  const issuers = stepState(state, step).issuedBy ?? {};
  const groups = new Map<string, { channels: string[]; by?: string; at?: number }>();
  for (const channel of channels) {
    const who = Object.hasOwn(issuers, channel) ? issuers[channel] : undefined;
    const key = who ? `${who.at}\u0000${who.by}` : '';
    const group = groups.get(key) ?? { channels: [], by: who?.by, at: who?.at };
    group.channels.push(channel);
    groups.set(key, group);
  }
  const when = (at: number | undefined) => (at === undefined ? '' : say('error.statement.issuedAt', { time: utc(at) }));
  return [...groups.values()]
    .map((g) =>
      say('error.statement.issuedOn', {
        channels: g.channels.join(', '),
        by: byOther(plan, state, g.by, actor),
        at: when(g.at),
      }),
    )
    .reduce((a, b) => say('error.list.semicolon', { a, b }));
}

/**
 * A role that changed hands after the operator looked: which (by its title, as the role menu shows it), who holds
 * it now, who made it so (a handoff, or a fact naming the holder) and when, in UTC.
 */
function changedHands(plan: Plan, state: SessionState, id: string, since: RoleChange, actor: string): Said {
  const to = sanitizeLine(own(state.roles, id) ?? '');
  const by = byOther(plan, state, since.by, actor);
  const at = say('error.statement.issuedAt', { time: utc(since.at) });
  const role = roleSaid(plan.roles, id);
  return since.how === 'handoff'
    ? say('error.role.handedOver', { role, to, by, at })
    : say('error.role.namedMeanwhile', { role, to, by, at });
}

function decider({ plan, state, now, actor }: DecideContext): Decider {
  const knownStep = (id: string): PlanStep => {
    const step = planSteps(plan).find((s) => s.id === id);
    if (!step)
      throw refuse(say('error.step.unknown', { id, plan: plan.id }), say('error.step.unknown.hint'), 'step.unknown');
    return step;
  };
  const openStep = (id: string): PlanStep => {
    const step = knownStep(id);
    if (!visibleSteps(plan, state).some((s) => s.id === id))
      throw refuse(say('error.step.notApplicable', { id }), undefined, 'step.not-applicable');
    if (!isOpen(state, id)) {
      const closed = stepState(state, id);
      throw refuse(
        say('error.step.closed', {
          id,
          status: say(`error.status.${closed.status}`),
          by: byOther(plan, state, closed.by, actor),
        }),
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
    throw refuse(say('error.session.notStarted'), undefined, 'session.not-started');
  // After the end: notes, decisions and review answers only (ChainVerifier's AFTER_END holds logs to the same).
  if (state.status === 'ended' && action.type !== 'note' && action.type !== 'review' && action.type !== 'decision') {
    throw refuse(say('error.session.hasEnded'), say('error.session.hasEnded.hint'), 'session.ended');
  }
  // Each handler is typed for its own action; the table lookup loses that link, so it is restored here.
  const handle = handlers[action.type] as (d: Decider, a: Action) => EventDraft;
  return handle(decider(context), action);
}

const sessionHandlers: Pick<Handlers, 'start' | 'pause' | 'resume' | 'end'> = {
  start: ({ state, base }, action) => {
    if (state.events > 0) throw refuse(say('error.session.alreadyStarted'), undefined, 'session.started');
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
    if (st.status === 'open') throw refuse(say('error.step.notClosed', { id: step.id }), undefined, 'step.not-closed');
    if (st.issued)
      throw refuse(
        say('error.statement.issued', { id: step.id }),
        say('error.statement.issued.hint'),
        'statement.issued',
      );
    const reason = text(action.reason, say('error.what.undoReason'));
    return { ...base, type: 'step.reopened', step: step.id, data: { reason, was: st.status } };
  },
  complete: ({ base, openStep, state, now }, action) => {
    const step = openStep(action.step);
    if (step.statement) throw refuse(say('error.step.statement', { id: step.id }), undefined, 'step.statement');
    return {
      ...base,
      type: 'step.completed',
      step: step.id,
      data: { facts: checkInputs(step, action.inputs ?? {}, typingTime(state, now)) },
    };
  },
  review: ({ base }, action) => ({
    ...base,
    type: 'review.recorded',
    step: action.step,
    data: { facts: action.inputs },
  }),
  skip: ({ base, openStep }, action) => {
    openStep(action.step);
    const reason = text(action.reason, say('error.what.skipReason'));
    return { ...base, type: 'step.skipped', step: action.step, data: { reason } };
  },
  block: ({ base, openStep }, action) => {
    openStep(action.step);
    const reason = text(action.reason, say('error.what.blockReason'));
    return { ...base, type: 'step.blocked', step: action.step, data: { reason } };
  },
  focus: ({ base, state, openStep }, action) => {
    openStep(action.step);
    return { ...base, type: 'step.focused', step: action.step, data: { from: state.focus } };
  },
  assign: ({ base, now, openStep }, action) => {
    openStep(action.step);
    if (!(action.checkBackInMs > 0))
      throw refuse(say('error.assign.time'), say('error.assign.time.hint'), 'assign.time');
    return {
      ...base,
      type: 'step.assigned',
      step: action.step,
      data: {
        to: text(action.to, say('error.what.assignee')),
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
    data: { text: text(action.text, say('error.what.note')) },
  }),
  decision: ({ base, actor }, action) => ({
    ...base,
    type: 'decision.recorded',
    step: action.step,
    data: {
      decision: text(action.decision, say('error.what.decision')),
      options: action.options.map((o) => o.trim()).filter(Boolean),
      decidedBy: (action.decidedBy ?? actor).trim() || actor,
    },
  }),
  handoff: ({ base, plan, state, actor }, action) => {
    if (!plan.roles.some((r) => r.id === action.role))
      throw refuse(
        say('error.role.unknown', { role: action.role }),
        say('error.role.list', { roles: plan.roles.map((r) => r.id).join(', ') }),
        'role.unknown',
      );
    const since = own(state.heldSince, action.role);
    const replaces = since?.seq ?? 0;
    if (action.replaces !== undefined && action.replaces !== replaces && since)
      throw refuse(
        changedHands(plan, state, action.role, since, actor),
        say('error.role.changed.hint'),
        'role.changed',
      );
    const from = own(state.roles, action.role);
    return {
      ...base,
      type: 'role.handoff',
      data: {
        role: action.role,
        ...(from === undefined ? {} : { from }),
        to: text(action.to, say('error.what.takingOver')),
        replaces,
      },
    };
  },
  inject: ({ base }, action) => ({
    ...base,
    type: 'inject.received',
    data: { message: action.message, facts: action.facts ?? {} },
  }),
};

const statementHandlers: Pick<Handlers, 'draft' | 'approve' | 'issue'> = {
  draft: ({ base, plan, openStep, state, now }, action) => {
    const step = statementStep(openStep(action.step));
    const facts =
      action.facts && Object.keys(action.facts).length > 0
        ? checkFacts(plan, action.facts, typingTime(state, now))
        : undefined;
    return {
      ...base,
      type: 'statement.drafted',
      step: step.id,
      data: { channels: checkChannels(step, action.channels), ...(facts ? { facts } : {}) },
    };
  },
  approve: ({ base, state, openStep }, action) => {
    const actor = base.actor;
    const step = statementStep(openStep(action.step));
    if (!step['approve-by'])
      throw refuse(say('error.statement.noApproval', { id: step.id }), undefined, 'statement.no-approval');
    // Two approving at once (team mode): the later one is told who approved and when, like a closed step.
    const approved = stepState(state, step.id);
    if (approved.approvedBy !== undefined)
      throw refuse(
        say('error.statement.approvedAlready', {
          id: step.id,
          approver: sanitizeLine(approved.approvedBy),
          recorded:
            approved.approvalRecordedBy === undefined ||
            approved.approvalRecordedBy === approved.approvedBy ||
            approved.approvalRecordedBy === actor
              ? ''
              : say('error.statement.approvalRecordedBy', { who: sanitizeLine(approved.approvalRecordedBy) }),
          at:
            approved.approvedAt === undefined
              ? ''
              : say('error.statement.issuedAt', { time: utc(approved.approvedAt) }),
        }),
        undefined,
        'statement.approved',
      );
    return {
      ...base,
      type: 'statement.approved',
      step: step.id,
      data: { approver: liveApprover(state, text(action.approver, say('error.what.approver'))) },
    };
  },
  issue: ({ base, plan, state, knownStep, openStep }, action) => {
    // A statement already out on some channels may go out on the others.
    const issued = stepState(state, action.step).issued;
    const step = statementStep(issued ? knownStep(action.step) : openStep(action.step));
    const again = Object.keys(action.channels).filter((c) => issued && Object.hasOwn(issued, c));
    if (again.length > 0)
      throw refuse(
        say('error.statement.reissue', { id: step.id, on: issuedOn(plan, state, step.id, again, base.actor) }),
        say('error.statement.reissue.hint'),
        'statement.reissue',
      );
    const approver = step['approve-by'];
    if (approver && !stepState(state, step.id).approvedBy) {
      throw refuse(
        say('error.statement.unapproved', { id: step.id, approver }),
        say('error.statement.unapproved.hint'),
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
  // Each hole as the text shows it, [id]; the drill's stand-in text as what it is, in the reader's language.
  const holes = missing
    .filter((m) => m !== DRILL_PLACEHOLDER)
    .map((m) => `[${m}]`)
    .join(', ');
  const placeholder = missing.includes(DRILL_PLACEHOLDER)
    ? say('fact.drillPlaceholder', { text: DRILL_PLACEHOLDER })
    : undefined;
  const named =
    placeholder === undefined
      ? holes
      : holes === ''
        ? placeholder
        : say('fact.holesAndPlaceholder', { holes, placeholder });
  if (!reason)
    throw refuse(
      say('error.statement.incomplete', { id: step.id, missing: named }),
      say('error.statement.incomplete.hint'),
      'statement.incomplete',
    );
  return { channels, override: { reason, missing } };
}

/** Facts typed in on the statement screen: each an input of the plan or a profile fact, of its type. */
function checkFacts(plan: Plan, given: Record<string, Scalar>, at: TypingTime): Record<string, Scalar> {
  const inputs = statementInputs(plan);
  const facts: Record<string, Scalar> = {};
  for (const [id, raw] of Object.entries(given)) {
    const input = inputs.get(id);
    if (!input) throw refuse(say('error.input.noFact', { id }), undefined, 'input.unknown');
    const { value, said } = coerceInput(input, raw, 'en', at);
    if (said) throw refuse(said, undefined, 'input.type');
    if (value !== undefined) facts[id] = value;
  }
  return facts;
}

/** The unlisted policy's stand-in approver is a drill's; a live statement needs a person's name. */
function liveApprover(state: SessionState, approver: string): string {
  if (state.drill === undefined && approver === DRILL_APPROVER)
    throw refuse(say('error.statement.autoApprove'), say('error.statement.autoApprove.hint'), 'statement.auto-approve');
  return approver;
}

const handlers: Handlers = { ...sessionHandlers, ...stepHandlers, ...recordHandlers, ...statementHandlers };

function statementStep(step: PlanStep): PlanStep & { statement: NonNullable<PlanStep['statement']> } {
  if (!step.statement) throw refuse(say('error.step.notStatement', { id: step.id }), undefined, 'step.not-statement');
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
        say('error.statement.noChannel', { id: step.id, channel }),
        say('error.statement.channels', { channels: Object.keys(step.statement).join(', ') }),
        'statement.channel',
      );
    if (body.trim() === '')
      throw refuse(say('error.statement.emptyText', { id: step.id, channel }), undefined, 'statement.empty');
    out[channel] = body;
  }
  if (Object.keys(out).length === 0)
    throw refuse(say('error.statement.noChannelToIssue', { id: step.id }), undefined, 'statement.empty');
  return out;
}

/** Every required input present, every value of its type; unknown inputs refused. */
export function checkInputs(step: PlanStep, given: Record<string, Scalar>, at?: TypingTime): Record<string, Scalar> {
  const facts: Record<string, Scalar> = {};
  const inputs = step.inputs ?? [];
  for (const id of Object.keys(given)) {
    if (!inputs.some((i) => i.id === id))
      throw refuse(
        say('error.input.unknown', { step: step.id, id }),
        inputs.length
          ? say('error.input.list', { inputs: inputs.map((i) => i.id).join(', ') })
          : say('error.input.none'),
        'input.unknown',
      );
  }
  for (const input of inputs) {
    const { value, said } = coerceInput(input, given[input.id], 'en', at);
    if (said) throw refuse(said, undefined, 'input.type');
    if (value === undefined) {
      if (input.required)
        throw refuse(say('error.input.required', { step: step.id, id: input.id }), undefined, 'input.required');
      continue;
    }
    facts[input.id] = value;
  }
  return facts;
}
