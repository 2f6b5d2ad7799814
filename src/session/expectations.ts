import type { Plan } from '../playbook/compose.js';
import { formatOffset, parseDuration } from '../playbook/duration.js';
import type { Expectation, Scalar } from '../playbook/types.js';
import { targetStatus, visibleSteps } from './progress.js';
import { isOpen, stepState } from './replay.js';
import type { SessionState } from './replay.js';
import { own } from '../text/own.js';

export interface ExpectationResult {
  /** a readable one-line name, also the JUnit test case name */
  name: string;
  ok: boolean;
  expected: string;
  actual: string;
  /** the times and steps involved */
  evidence: string[];
  /**
   * When the evidence was complete, on the session clock (ms): the last step
   * or statement a held expectation checks; the end of the drill for checks
   * of the whole run and for expectations that did not hold. JUnit's per-case
   * `time` is this minus the drill's start.
   */
  settledAt: number;
}

/** A check's result before settling: `evidenceAt` is when its evidence was complete, if it has a time. */
type Checked = Omit<ExpectationResult, 'settledAt'> & { evidenceAt?: number };

/** The reason the scripted driver gives steps it skips for `unlisted: skip`. */
export const UNLISTED_SKIP_REASON = 'not scripted (unlisted: skip)';

const show = (v: Scalar | undefined) => (v === undefined ? '(not recorded)' : JSON.stringify(v));

/** The latest time any of these steps changed status (the start if none did). */
const latest = (state: SessionState, ids: readonly string[]) =>
  Math.max(state.startedAt, ...ids.map((id) => stepState(state, id).at ?? state.startedAt));

/** What every check reads: the plan, the final state, and how to show times and steps. */
interface Check {
  plan: Plan;
  state: SessionState;
  endedAt: number;
  /** a time as an offset from the start, or "never" */
  T(ms: number | undefined): string;
  /** a step's status and when it got it, for the evidence */
  describe(id: string): string;
}

type Of<K extends string> = Extract<Expectation, Record<K, unknown>>;

/**
 * Check a drill's expectations on the final state. Pure: the state, the plan
 * and the time the drill ended are all it needs.
 */
export function checkExpectations(
  plan: Plan,
  state: SessionState,
  expectations: readonly Expectation[],
  endedAt: number,
): ExpectationResult[] {
  const T = (ms: number | undefined) => (ms === undefined ? 'never' : formatOffset(ms - state.startedAt));
  const describe = (id: string) => {
    const st = stepState(state, id);
    return `${id}: ${st.status}${st.at !== undefined ? ` at ${T(st.at)}` : ''}${st.reason ? ` (${st.reason})` : ''}`;
  };
  const c: Check = { plan, state, endedAt, T, describe };
  return expectations.map((e): ExpectationResult => {
    const { evidenceAt, ...result } = checkOne(c, e);
    return { ...result, settledAt: result.ok && evidenceAt !== undefined ? evidenceAt : endedAt };
  });
}

function checkOne(c: Check, e: Expectation): Checked {
  if ('completed' in e) return completed(c, e);
  if ('skipped-with-reason' in e) return skippedWithReason(c, e);
  if ('not-skipped' in e) return notSkipped(c, e);
  if ('before' in e) return before(c, e);
  if ('order' in e) return order(c, e);
  if ('fact' in e) return fact(c, e);
  if ('statements-on' in e) return statementsOn(c, e);
  if ('all-required-done' in e) return allRequiredDone(c);
  return noOverdueTargets(c);
}

function completed({ state, describe }: Check, e: Of<'completed'>): Checked {
  const missing = e.completed.filter((id) => stepState(state, id).status !== 'done');
  return {
    evidenceAt: latest(state, e.completed),
    name: `completed: ${e.completed.join(', ')}`,
    ok: missing.length === 0,
    expected: `done: ${e.completed.join(', ')}`,
    actual: missing.length ? `not done: ${missing.join(', ')}` : 'all done',
    evidence: e.completed.map(describe),
  };
}

function skippedWithReason({ state, describe }: Check, e: Of<'skipped-with-reason'>): Checked {
  const bad = e['skipped-with-reason'].filter((id) => {
    const st = stepState(state, id);
    return st.status !== 'skipped' || !st.reason?.trim() || st.reason === UNLISTED_SKIP_REASON;
  });
  return {
    evidenceAt: latest(state, e['skipped-with-reason']),
    name: `skipped with a reason: ${e['skipped-with-reason'].join(', ')}`,
    ok: bad.length === 0,
    expected: 'skipped by the team, with a reason',
    actual: bad.length ? `not so: ${bad.join(', ')}` : 'all skipped with reasons',
    evidence: e['skipped-with-reason'].map(describe),
  };
}

function notSkipped({ state, describe }: Check, e: Of<'not-skipped'>): Checked {
  const skipped = e['not-skipped'].filter((id) => stepState(state, id).status === 'skipped');
  return {
    name: `not skipped: ${e['not-skipped'].join(', ')}`,
    ok: skipped.length === 0,
    expected: 'none skipped',
    actual: skipped.length ? `skipped: ${skipped.join(', ')}` : 'none skipped',
    evidence: e['not-skipped'].map(describe),
  };
}

function before({ plan, state, T, describe }: Check, e: Of<'before'>): Checked {
  const { step, deadline } = e.before;
  const ms = parseDuration(deadline) ?? parseDuration(own(plan.targets, deadline) ?? '');
  const limit = ms === undefined ? undefined : state.startedAt + ms;
  const st = stepState(state, step);
  const ok = limit !== undefined && st.status === 'done' && st.at! <= limit;
  const target = own(plan.targets, deadline) ?? 'undefined target';
  const label = parseDuration(deadline) !== undefined ? deadline : `${deadline} (${target})`;
  return {
    evidenceAt: latest(state, [step]),
    name: `${step} done before ${label}`,
    ok,
    expected: `done by ${limit === undefined ? '(unknown deadline)' : T(limit)}`,
    actual: st.status === 'done' ? `done at ${T(st.at)}` : `${st.status}`,
    evidence: [describe(step)],
  };
}

function order({ state, describe }: Check, e: Of<'order'>): Checked {
  const seqs = e.order.map((id) => (stepState(state, id).status === 'done' ? stepState(state, id).seq : undefined));
  const ok = seqs.every((s, i) => s !== undefined && (i === 0 || s > seqs[i - 1]!));
  return {
    evidenceAt: latest(state, e.order),
    name: `order: ${e.order.join(' → ')}`,
    ok,
    expected: e.order.join(' before '),
    actual: e.order.map((id) => describe(id)).join('; '),
    evidence: e.order.map(describe),
  };
}

function fact({ state }: Check, e: Of<'fact'>): Checked {
  const value = own(state.facts, e.fact.id);
  return {
    name: `fact ${e.fact.id} = ${show(e.fact.equals)}`,
    ok: value === e.fact.equals,
    expected: show(e.fact.equals),
    actual: show(value),
    evidence: [],
  };
}

function statementsOn({ state, T }: Check, e: Of<'statements-on'>): Checked {
  const issued = new Map<string, number>();
  for (const s of state.issued)
    for (const channel of Object.keys(s.channels)) if (!issued.has(channel)) issued.set(channel, s.at);
  const missing = e['statements-on'].filter((c) => !issued.has(c));
  return {
    evidenceAt: Math.max(state.startedAt, ...issued.values()),
    name: `statements on ${e['statements-on'].join(', ')}`,
    ok: missing.length === 0,
    expected: `issued on ${e['statements-on'].join(', ')}`,
    actual: missing.length ? `never issued on ${missing.join(', ')}` : 'issued on all',
    evidence: [...issued].map(([c, at]) => `${c}: first issued at ${T(at)}`),
  };
}

function allRequiredDone({ plan, state, describe }: Check): Checked {
  const open = visibleSteps(plan, state).filter((s) => isOpen(state, s.id));
  const named = `${open
    .slice(0, 8)
    .map((s) => s.id)
    .join(', ')}${open.length > 8 ? ', …' : ''}`;
  return {
    name: 'every step that applies is done or skipped with a reason',
    ok: open.length === 0,
    expected: 'no open or blocked step',
    actual: open.length ? `${open.length} open: ${named}` : 'none open',
    evidence: open.slice(0, 8).map((s) => describe(s.id)),
  };
}

function noOverdueTargets({ plan, state, endedAt, T }: Check): Checked {
  const targets = targetStatus(plan, state, endedAt);
  const late = targets.filter(
    (t) => t.overdue || (t.metAt !== undefined && t.metAt > t.deadline) || (t.missed ?? 0) > 0,
  );
  const lateness = (t: (typeof targets)[number]) =>
    t.metAt !== undefined ? `met late at ${T(t.metAt)}` : t.missed ? `missed ${t.missed} time(s)` : 'never met';
  const cadence = plan.targets['update-every'];
  const evidence = (t: (typeof targets)[number]) =>
    t.target === 'update-every'
      ? `update-every: ${state.issued.length} statement(s), ` +
        `last at ${T(state.issued[state.issued.length - 1]?.at)}, ` +
        (t.missed ? `${t.missed} gap(s) longer than ${cadence}` : `no gap longer than ${cadence}`)
      : `${t.target}: due ${T(t.deadline)}, ${t.metAt !== undefined ? `met ${T(t.metAt)}` : 'not met'}`;
  return {
    name: 'no overdue targets',
    ok: late.length === 0,
    // A duty whose trigger never held is not a target of this session.
    expected: Object.entries(plan.targets)
      .filter(([k]) => !k.startsWith('duty-') || targets.some((t) => t.target === k))
      .map(([k, v]) => `${k} ${v}`)
      .join(', '),
    actual: late.length
      ? late.map((t) => `${t.target} ${lateness(t)} (due ${T(t.deadline)})`).join('; ')
      : 'all on time',
    evidence: targets.map(evidence),
  };
}
