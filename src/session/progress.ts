import { holds } from '../playbook/condition.js';
import { planSteps, type Plan, type PlanStep } from '../playbook/compose.js';
import { parseDuration } from '../playbook/duration.js';
import { DETECTED_AT, DRILL_TIME, PUBLIC_CHANNELS } from '../playbook/constants.js';
import { joinValue, replaceHoles } from '../playbook/template.js';
import { timeValueInstant } from '../playbook/dates.js';
import { dutySentFact } from '../playbook/duties.js';
import { isTimeZone } from '../playbook/profile.js';
import type { ScreenClock } from '../playbook/dates.js';
import type { TypingTime } from './inputs.js';
import type { Scalar } from '../playbook/types.js';
import { msg } from '../text/messages.js';
import { loggedStepsNotInPlan } from './plan-change.js';
import { isOpen, stepState, type ReplayContext, type SessionState } from './replay.js';
import { own } from '../text/own.js';

/** What replay needs to know of the plan: which person inputs say who holds a role. */
export function replayContext(plan: Plan): ReplayContext {
  const roleInputs = new Map<string, string>();
  for (const step of planSteps(plan))
    for (const input of step.inputs ?? []) if (input['assigns-role']) roleInputs.set(input.id, input['assigns-role']);
  return { roleInputs };
}

/** The plan as it stands: steps whose `when` holds on the facts so far (and, with --as, that role's steps). */
export function visibleSteps(plan: Plan, state: SessionState, role?: string): PlanStep[] {
  return planSteps(plan).filter(
    (s) => holds(s.when, state.facts, state.severity) && (role === undefined || s.owner === role),
  );
}

/** The `[n/total]` over a step screen. */
export interface StepCounter {
  n: number;
  total: number;
}

/**
 * The counter every step screen shows, `[n/total]`: n is one more than the steps already finished (done or
 * skipped), total the steps that apply now plus any finished one that no longer applies (with --as, that role's).
 *
 * Why not the step's place in the plan: the plan changes under the operator. A recorded fact brings reporting
 * duties in, often before the step in hand; a blocked step comes back late; "Go to" jumps around. A place in the
 * plan then goes backwards ([3/54], then [2/61]) and tells a responder under pressure they lost work. Finished work
 * only grows, so n moves back only when an undo reopens a step. A finished step whose condition a later fact rules
 * out stays counted (in n and total): the work was done and the log keeps it. A blocked step is not finished: it is
 * still to do. `status` counts progress over the steps that apply now; the two differ only by such steps.
 */
export function stepCounter(plan: Plan, state: SessionState, role?: string): StepCounter {
  let finished = 0;
  let total = 0;
  for (const s of planSteps(plan)) {
    if (role !== undefined && s.owner !== role) continue;
    const done = !isOpen(state, s.id);
    if (!done && !holds(s.when, state.facts, state.severity)) continue;
    total += 1;
    if (done) finished += 1;
  }
  return { n: Math.min(finished + 1, total), total };
}

/**
 * When a blocked step comes back to the operator: after `afterSteps` other
 * steps were closed since it was blocked, or once its due time is `nearMs`
 * away (or past), whichever is first. A blocker is often cleared in minutes;
 * left to the end of the plan it comes back after the crisis is closed.
 */
export interface BlockedReturn {
  afterSteps: number;
  nearMs: number;
}

export const DEFAULT_BLOCKED_RETURN: BlockedReturn = { afterSteps: 3, nearMs: 10 * 60_000 };

/** Why a blocked step is back now, or undefined while it can wait. */
export type BackBecause = { by: 'steps'; steps: number } | { by: 'due'; dueAt: number };

export function blockedBack(
  plan: Plan,
  state: SessionState,
  step: PlanStep,
  now: number,
  rule: BlockedReturn,
): BackBecause | undefined {
  const st = stepState(state, step.id);
  if (st.status !== 'blocked' || st.seq === undefined) return undefined;
  const due = stepDueAt(plan, state, step);
  // Near its due time since it was blocked; one blocked already that close comes back by the step count only.
  const near = due === undefined ? undefined : due - rule.nearMs;
  if (near !== undefined && now >= near && (st.at === undefined || st.at < near)) return { by: 'due', dueAt: due! };
  let closed = 0;
  for (const [id, other] of Object.entries(state.steps))
    if (id !== step.id && other.status !== 'open' && other.seq !== undefined && other.seq > st.seq) closed += 1;
  return rule.afterSteps > 0 && closed >= rule.afterSteps ? { by: 'steps', steps: closed } : undefined;
}

/**
 * The step to work on: the one the operator went to, else (with a return
 * rule and the time) a blocked step that is due back, else the first open
 * step in plan order; other blocked steps come back once nothing else is open.
 */
export function nextStep(
  plan: Plan,
  state: SessionState,
  role?: string,
  back?: { now: number; rule: BlockedReturn },
): PlanStep | undefined {
  const steps = visibleSteps(plan, state, role);
  if (state.focus) {
    const focused = steps.find((s) => s.id === state.focus);
    // A step gone to and then assigned waits for its check-back time like any other: "Assign" moves on.
    if (focused && isOpen(state, focused.id) && !(back && waiting(state, focused.id, back.now))) return focused;
  }
  return (
    (back && steps.find((s) => blockedBack(plan, state, s, back.now, back.rule))) ??
    // An open step handed to someone to check back on later waits until then, so "Assign" moves on.
    steps.find((s) => stepState(state, s.id).status === 'open' && !(back && waiting(state, s.id, back.now))) ??
    steps.find((s) => stepState(state, s.id).status === 'open') ??
    steps.find((s) => stepState(state, s.id).status === 'blocked')
  );
}

const waiting = (state: SessionState, id: string, now: number): boolean => {
  const at = stepState(state, id).checkBackAt;
  return at !== undefined && at > now;
};

/** Deadline of a `due` (duration or target name) in ms since epoch. */
export function dueAt(plan: Plan, state: SessionState, due: string | undefined): number | undefined {
  if (due === undefined) return undefined;
  const direct = parseDuration(due);
  if (direct !== undefined) return state.startedAt + direct;
  const target = own(plan.targets, due);
  const ms = target === undefined ? undefined : parseDuration(target);
  return ms === undefined ? undefined : state.startedAt + ms;
}

/**
 * When the reporting duties' clocks started. The law counts from detection (or awareness), which is often hours
 * before the session: when the session recorded a detection time (DETECTED_AT) that can be placed in time and
 * lies before the start, the duties count from it; otherwise from the start. Never from later than the start: a
 * clock started late would put a duty's deadline after the law's. `ignored` says why a recorded time did not
 * count (no zone to place a local time in, or one that is ambiguous in it).
 */
export interface DutyClock {
  at: number;
  /** the detection time the clock runs from, when it is not the start */
  detectedAt?: number;
  ignored?: { value: string; why: 'no-zone' | 'ambiguous' };
}

export function dutyClock(state: SessionState): DutyClock {
  const start = { at: state.startedAt };
  const typed = typedInstant(state, DETECTED_AT);
  if (typed === undefined) return start;
  if ('ignored' in typed) return { ...start, ignored: typed.ignored };
  return typed.at < state.startedAt ? { at: typed.at, detectedAt: typed.at } : start;
}

/**
 * A time someone typed into the session as the fact `fact` (when the incident was detected, when a report was
 * sent), placed in time: a local time in the session's zone (sessionZone). Undefined when none was typed, or a
 * drill left its stand-in for a time its script did not give (DRILL_TIME: nothing happened then); `ignored` when
 * the value cannot be placed.
 */
function typedInstant(
  state: SessionState,
  fact: string,
): { at: number; value: string } | { ignored: { value: string; why: 'no-zone' | 'ambiguous' } } | undefined {
  const value = own(state.facts, fact);
  if (typeof value !== 'string' || (state.drill && value === DRILL_TIME)) return undefined;
  const placed = timeValueInstant(value, sessionZone(state));
  if (placed === undefined) return undefined;
  return 'local' in placed ? { ignored: { value, why: placed.local } } : { at: placed.at, value };
}

/**
 * The reporting duty that times a step: its own, or for a duty's written report (`sends`) the first duty step it is
 * sent for whose trigger holds, earliest deadline first; while none holds yet, the earliest of them. A report shared by
 * the cyber tiers (1h, 2h, 4h) is thus due with the tier that applies.
 */
export function timingDuty(
  plan: Plan,
  state: SessionState,
  step: Pick<PlanStep, 'due' | 'duty' | 'sends'>,
): Pick<PlanStep, 'due' | 'duty'> | undefined {
  if (step.duty) return step;
  if (!step.sends) return undefined;
  const served = step.sends.flatMap((id) => planSteps(plan).filter((s) => s.id === id && s.duty));
  return served.find((s) => holds(s.when, state.facts, state.severity)) ?? served[0];
}

/** A step's deadline in ms since epoch: a reporting duty's (and its report's) from dutyClock, others from the start. */
export function stepDueAt(
  plan: Plan,
  state: SessionState,
  step: Pick<PlanStep, 'due' | 'duty' | 'sends'>,
): number | undefined {
  const timed = timingDuty(plan, state, step) ?? step;
  const due = dueAt(plan, state, timed.due);
  return due === undefined || !timed.duty ? due : due - state.startedAt + dutyClock(state).at;
}

/**
 * When a done step counts as done against its deadline. A reporting duty is met when the report was sent, which
 * people often record afterwards: its step asks for the time sent (`<duty>-at`), and that time counts when it can
 * be placed in time and lies between the session's start and the moment the step was recorded. Anything else is
 * not trusted: the recorded time counts, and `ignored` says why the typed one did not.
 */
export interface DoneTime {
  at: number;
  /** when the step was recorded as done (the event's time) */
  recordedAt: number;
  ignored?: { value: string; why: 'no-zone' | 'ambiguous' | 'outside' };
}

/**
 * The session's time zone for placing a local time: the organisation profile's `time-zone`, recorded as the fact
 * org-time-zone (at start, or typed on a statement screen), when this runtime knows it. The machine's zone is not
 * the session's: the log is read later and elsewhere.
 */
export function sessionZone(state: SessionState): string | undefined {
  const zone = own(state.facts, 'org-time-zone');
  return typeof zone === 'string' && isTimeZone(zone) ? zone : undefined;
}

/**
 * What a `time` input typed into this session at `now` needs (inputs.ts TypingTime): the zone the session shows
 * times in (`clock`, the adapter's sessionClock; without one, the session's own zone, else UTC, as a scripted
 * drill shows them) and the zone its local times are read back in. The zones are worked out when first asked.
 * `person`: typed by someone at this machine's terminal, whose clock `clock` is (TypingTime `person`).
 */
export function typingTime(
  state: SessionState,
  now: number,
  clock?: Pick<ScreenClock, 'zone'>,
  person = false,
): TypingTime {
  return {
    person,
    now,
    get zone() {
      return clock?.zone ?? sessionZone(state) ?? 'UTC';
    },
    get sessionZone() {
      return sessionZone(state);
    },
    drill: state.drill !== undefined,
  };
}

/** When a step was done as its deadline judges it (see DoneTime); undefined when it is not done. */
export function doneTime(step: PlanStep, state: SessionState): DoneTime | undefined {
  const st = stepState(state, step.id);
  if (st.status !== 'done') return undefined;
  const recordedAt = st.at!;
  const sent = step.duty ? typedInstant(state, dutySentFact(step.duty.id)) : undefined;
  if (sent === undefined) return { at: recordedAt, recordedAt };
  if ('ignored' in sent) return { at: recordedAt, recordedAt, ignored: sent.ignored };
  if (sent.at > recordedAt || sent.at < dutyClock(state).at)
    return { at: recordedAt, recordedAt, ignored: { value: sent.value, why: 'outside' } };
  return { at: sent.at, recordedAt };
}

export interface TargetStatus {
  target: string;
  deadline: number;
  metAt?: number;
  /** a duty met at its typed send time: when its step was recorded as done, later */
  recordedAt?: number;
  /** a duty whose typed send time was not used: the value typed, and why (DoneTime) */
  sentIgnored?: DoneTime['ignored'];
  /** a duty counted from detection (dutyClock): when it was detected, before the session started */
  detectedAt?: number;
  /** a duty counted from the start because the detection time typed could not be placed (dutyClock) */
  detectionIgnored?: DutyClock['ignored'];
  overdue: boolean;
  /** for update-every: the number of gaps longer than the cadence */
  missed?: number;
  /**
   * Whether the target was met, or when, cannot be told: a step met it once done, and the log has a step done
   * before `metAt` (or at all, when unmet) that the plan, changed since the session started, no longer has. It may
   * have been the one (a renamed assessment step); calling the target missed would say what the log does not.
   * Never overdue.
   */
  metUnknown?: true;
}

/**
 * The statements the company made in public, in the order issued: only those on a public channel (website, social,
 * press release) count; a note to staff or partners, a hotline script or a regulator's report is not the company
 * speaking in public. A statement issued channel by channel is one entry per issue.
 */
export function publicIssued(state: SessionState): SessionState['issued'] {
  return state.issued.filter((i) => Object.keys(i.channels).some((c) => PUBLIC_CHANNELS.includes(c)));
}

/**
 * The response's clock: assessment (the assessment-tagged step done),
 * first public statement, and the update cadence between statements.
 */
export function targetStatus(plan: Plan, state: SessionState, now: number): TargetStatus[] {
  const out: TargetStatus[] = [];
  const at = (ms: string | undefined) => (ms === undefined ? undefined : parseDuration(ms));
  const steps = planSteps(plan);
  const goneDone = loggedStepsNotInPlan(plan, state)
    .map((id) => stepState(state, id))
    .filter((s) => s.status === 'done')
    .map((s) => s.at!);
  const firstGoneDone = goneDone.length > 0 ? Math.min(...goneDone) : undefined;
  /** A target a step meets, as far as the log tells once steps are gone from the plan. */
  const stepTarget = (target: string, deadline: number, metAt: number | undefined): TargetStatus =>
    firstGoneDone !== undefined && firstGoneDone < (metAt ?? Infinity)
      ? { target, deadline, metAt, overdue: false, metUnknown: true }
      : { target, deadline, metAt, overdue: (metAt ?? now) > deadline };
  const clock = dutyClock(state);
  const dutyTarget = (target: string, deadline: number, done: DoneTime | undefined): TargetStatus => {
    const status = stepTarget(target, deadline, done?.at);
    if (done && done.at !== done.recordedAt) status.recordedAt = done.recordedAt;
    if (done?.ignored) status.sentIgnored = done.ignored;
    if (clock.detectedAt !== undefined) status.detectedAt = clock.detectedAt;
    if (clock.ignored) status.detectionIgnored = clock.ignored;
    return status;
  };
  const assessment = at(plan.targets['assessment']);
  if (assessment !== undefined) {
    const done = steps
      .filter((s) => s.tags?.includes('assessment'))
      .map((s) => stepState(state, s.id))
      .filter((s) => s.status === 'done')
      .map((s) => s.at!);
    const metAt = done.length > 0 ? Math.min(...done) : undefined;
    out.push(stepTarget('assessment', state.startedAt + assessment, metAt));
  }
  const first = at(plan.targets['first-statement']);
  const publicIssues = publicIssued(state);
  const firstIssued = publicIssues[0]?.at;
  if (first !== undefined) {
    const deadline = state.startedAt + first;
    out.push({ target: 'first-statement', deadline, metAt: firstIssued, overdue: (firstIssued ?? now) > deadline });
  }
  const cadence = at(plan.targets['update-every']);
  if (cadence !== undefined && firstIssued !== undefined) {
    const times = publicIssues.map((i) => i.at);
    let missed = 0;
    for (let i = 1; i < times.length; i++) if (times[i]! - times[i - 1]! > cadence) missed += 1;
    const last = times[times.length - 1]!;
    const end = state.status === 'ended' ? state.lastAt : now;
    const deadline = last + cadence;
    const overdue = state.status !== 'ended' && end > deadline;
    out.push({ target: 'update-every', deadline, metAt: undefined, overdue, missed: missed + (overdue ? 1 : 0) });
  }
  // A reporting duty is a target once its trigger holds: met when its report was sent (doneTime).
  for (const step of steps) {
    if (!step.duty || !holds(step.when, state.facts, state.severity)) continue;
    const ms = at(own(plan.targets, step.due ?? ''));
    if (ms === undefined) continue;
    out.push(dutyTarget(step.due!, clock.at + ms, doneTime(step, state)));
  }
  return out;
}

/**
 * Fill `{{fact-id}}` holes in one pass. A fact's own text is inserted as is,
 * so a `{{` inside a fact never expands; a fact not yet recorded shows as
 * `[fact-id]` for the operator to fill in. A joining word the template
 * already says is not repeated from the value ("by by 18:00").
 */
export function fillTemplate(template: string, facts: Readonly<Record<string, Scalar>>, lang = 'en'): string {
  return replaceHoles(template, (id, around) => {
    // Own properties only: `{{constructor}}` must not reach Object.prototype.
    const value = Object.hasOwn(facts, id) ? facts[id] : undefined;
    if (value === undefined) return `[${id}]`;
    return typeof value === 'boolean'
      ? msg(lang, value ? 'common.yes' : 'common.no')
      : joinValue(String(value), around);
  });
}
