import { CrisisError, ExitCode } from '../errors.js';
import { planInputs, planSteps, type Plan, type PlanStep } from '../playbook/compose.js';
import type { Scalar } from '../playbook/types.js';
import type { EventData, EventDraft } from './events.js';
import { coerceInput } from './inputs.js';
import { isOpen, stepState, visibleSteps } from './progress.js';
import type { SessionState } from './replay.js';
import { DRILL_APPROVER, DRILL_PLACEHOLDER, incompleteParts } from './statement.js';

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

/**
 * Validate an action against the plan and the state; return the event to
 * append or throw a CrisisError saying why not. Pure: no I/O, no clock.
 */
export function decide({ plan, state, now, actor }: DecideContext, action: Action): EventDraft {
  const ts = new Date(now).toISOString();
  const base = { ts, actor };
  if (action.type !== 'start' && state.events === 0)
    throw refuse('the session has not started', undefined, 'session.not-started');
  if (state.status === 'ended' && action.type !== 'note' && action.type !== 'review' && action.type !== 'decision') {
    throw refuse('the session has ended', 'start a new session, or add notes and review entries', 'session.ended');
  }
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
    if (!isOpen(state, id))
      throw refuse(`step "${id}" is already ${stepState(state, id).status}`, undefined, 'step.closed');
    return step;
  };
  const text = (value: string, what: string) => {
    const trimmed = value.trim();
    if (trimmed === '') throw refuse(`${what} is required`, undefined, 'action.empty');
    return trimmed;
  };
  switch (action.type) {
    case 'start':
      if (state.events > 0) throw refuse('the session has already started', undefined, 'session.started');
      return { ...base, type: 'session.started', data: action.data };
    case 'complete': {
      const step = openStep(action.step);
      if (step.statement)
        throw refuse(
          `step "${step.id}" is a statement: issue it rather than marking it done`,
          undefined,
          'step.statement',
        );
      return {
        ...base,
        type: 'step.completed',
        step: step.id,
        data: { facts: checkInputs(step, action.inputs ?? {}) },
      };
    }
    case 'review':
      return { ...base, type: 'review.recorded', step: action.step, data: { facts: action.inputs } };
    case 'skip':
      openStep(action.step);
      return {
        ...base,
        type: 'step.skipped',
        step: action.step,
        data: { reason: text(action.reason, 'a reason for skipping') },
      };
    case 'block':
      openStep(action.step);
      return {
        ...base,
        type: 'step.blocked',
        step: action.step,
        data: { reason: text(action.reason, 'a reason for blocking') },
      };
    case 'focus':
      openStep(action.step);
      return { ...base, type: 'step.focused', step: action.step, data: { from: state.focus } };
    case 'assign': {
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
    }
    case 'note':
      return { ...base, type: 'note.added', step: action.step, data: { text: text(action.text, 'the note') } };
    case 'decision':
      return {
        ...base,
        type: 'decision.recorded',
        step: action.step,
        data: {
          decision: text(action.decision, 'the decision'),
          options: action.options.map((o) => o.trim()).filter(Boolean),
          decidedBy: (action.decidedBy ?? actor).trim() || actor,
        },
      };
    case 'reopen': {
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
      return {
        ...base,
        type: 'step.reopened',
        step: step.id,
        data: { reason: text(action.reason, 'the reason for the undo'), was: st.status },
      };
    }
    case 'handoff': {
      if (!plan.roles.some((r) => r.id === action.role))
        throw refuse(
          `unknown role "${action.role}"`,
          `roles: ${plan.roles.map((r) => r.id).join(', ')}`,
          'role.unknown',
        );
      return {
        ...base,
        type: 'role.handoff',
        data: { role: action.role, from: state.roles[action.role], to: text(action.to, 'the person taking over') },
      };
    }
    case 'draft': {
      const step = statementStep(openStep(action.step));
      return {
        ...base,
        type: 'statement.drafted',
        step: step.id,
        data: {
          channels: checkChannels(step, action.channels),
          ...(action.facts && Object.keys(action.facts).length > 0
            ? { facts: checkFacts(plan, action.facts, refuse) }
            : {}),
        },
      };
    }
    case 'approve': {
      const step = statementStep(openStep(action.step));
      if (!step['approve-by'])
        throw refuse(`statement "${step.id}" needs no approval`, undefined, 'statement.no-approval');
      return {
        ...base,
        type: 'statement.approved',
        step: step.id,
        data: { approver: liveApprover(state, text(action.approver, 'the approver')) },
      };
    }
    case 'issue': {
      // A statement already out on some channels may go out on the others.
      const issued = stepState(state, action.step).issued;
      const step = statementStep(issued ? knownStep(action.step) : openStep(action.step));
      const again = Object.keys(action.channels).filter((c) => issued && Object.hasOwn(issued, c));
      if (again.length > 0)
        throw refuse(
          `statement "${step.id}" was already issued on ${again.join(', ')}`,
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
      // Nothing incomplete goes out: an unfilled hole (or, outside a drill, drill
      // placeholder text) needs the fact, an edit, or an override with a reason.
      const missing = incompleteParts(step, channels, { drill: state.drill !== undefined });
      const override = action.override?.trim();
      if (missing.length > 0 && !override)
        throw refuse(
          `statement "${step.id}" is incomplete: ${missing.map((m) => (m === DRILL_PLACEHOLDER ? m : `[${m}]`)).join(', ')}`,
          'record the missing facts or edit the text; to issue it anyway, override with a reason',
          'statement.incomplete',
        );
      return {
        ...base,
        type: 'statement.issued',
        step: step.id,
        data: { channels, ...(missing.length > 0 && override ? { override: { reason: override, missing } } : {}) },
      };
    }
    case 'inject':
      return { ...base, type: 'inject.received', data: { message: action.message, facts: action.facts ?? {} } };
    case 'pause':
      return { ...base, type: 'session.paused', data: action.reason ? { reason: action.reason } : {} };
    case 'resume':
      return {
        ...base,
        type: 'session.resumed',
        data: { ...(action.forced ? { forced: true } : {}), ...(action.planChanged ? { planChanged: true } : {}) },
      };
    case 'end':
      return { ...base, type: 'session.ended', data: {} };
  }
}

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

/** Facts typed in on the statement screen: each must be an input of the plan, of its type. */
function checkFacts(plan: Plan, given: Record<string, Scalar>, refuseWith: typeof refuse): Record<string, Scalar> {
  const inputs = planInputs(plan);
  const facts: Record<string, Scalar> = {};
  for (const [id, raw] of Object.entries(given)) {
    const input = inputs.get(id);
    if (!input) throw refuseWith(`no input records the fact "${id}"`, undefined, 'input.unknown');
    const { value, error } = coerceInput(input, raw);
    if (error) throw refuseWith(error, undefined, 'input.type');
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
