import type { Plan } from '../playbook/compose.js';
import { formatOffset, parseDuration } from '../playbook/duration.js';
import { PUBLIC_CHANNELS } from '../playbook/constants.js';
import type { Expectation, Scalar } from '../playbook/types.js';
import { targetStatus, visibleSteps, type TargetStatus } from './progress.js';
import { findPattern, matchingDecisions, patternTexts, sessionLang } from './judgement.js';
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
  if ('statement-contains' in e) return statementContains(c, e['statement-contains'], true);
  if ('statement-not-contains' in e) return statementContains(c, e['statement-not-contains'], false);
  if ('decision' in e) return decision(c, e);
  if ('regulator-before-public' in e) return regulatorBeforePublic(c, e);
  if ('targets-met' in e) return targetsMet(c, e);
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

/**
 * Whether a target counts as met on time. A target never met fails even when
 * its deadline lies after the end of the drill: a drill that stops before a
 * deadline has not shown it met (the vacuous pass of round 2).
 */
const targetMissed = (t: TargetStatus) =>
  t.target === 'update-every'
    ? t.overdue || (t.missed ?? 0) > 0
    : t.metAt === undefined || t.metAt > t.deadline || t.overdue;

function lateness(t: TargetStatus, endedAt: number, T: Check['T']): string {
  if (t.metAt !== undefined) return `met late at ${T(t.metAt)}`;
  if (t.missed) return `missed ${t.missed} time(s)`;
  return t.deadline > endedAt ? `never met, the drill ended at ${T(endedAt)}` : 'never met';
}

function noOverdueTargets({ plan, state, endedAt, T }: Check): Checked {
  const targets = targetStatus(plan, state, endedAt);
  const late = targets.filter(targetMissed);
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
      ? late.map((t) => `${t.target} ${lateness(t, endedAt, T)} (due ${T(t.deadline)})`).join('; ')
      : 'all on time',
    evidence: targets.map(evidence),
  };
}

/** A deadline (duration or target name) as session time; undefined when there is none or it is unknown. */
function deadlineAt(plan: Plan, state: SessionState, deadline: string | undefined): number | undefined {
  if (deadline === undefined) return undefined;
  const ms = parseDuration(deadline) ?? parseDuration(own(plan.targets, deadline) ?? '');
  return ms === undefined ? undefined : state.startedAt + ms;
}

const quoted = (texts: readonly string[]) => texts.map((t) => JSON.stringify(t)).join(' or ');

/** Up to 60 characters of the text around the match, on one line. */
function excerpt(text: string, match: string): string {
  const flat = text.replace(/\s+/g, ' ');
  const at = Math.max(0, flat.toLocaleLowerCase().indexOf(match.toLocaleLowerCase()));
  const from = Math.max(0, at - 20);
  return `${from > 0 ? '…' : ''}${flat.slice(from, from + 60)}${from + 60 < flat.length ? '…' : ''}`;
}

function statementContains(
  { plan, state, endedAt, T }: Check,
  m: Of<'statement-contains'>['statement-contains'],
  want: boolean,
): Checked {
  const patterns = patternTexts(m.text, sessionLang(state));
  const until = m.by === undefined ? endedAt : deadlineAt(plan, state, m.by);
  const scope = [m.step && `of ${m.step}`, m.channel && `on ${m.channel}`, m.by && `by ${m.by}`].filter(Boolean);
  const where = scope.length ? ` ${scope.join(' ')}` : '';
  const read = state.issued.flatMap((s) =>
    (m.step === undefined || s.step === m.step) && until !== undefined && s.at <= until
      ? Object.entries(s.channels)
          .filter(([channel]) => m.channel === undefined || channel === m.channel)
          .map(([channel, text]) => ({ at: s.at, step: s.step, channel, text, found: findPattern(text, patterns) }))
      : [],
  );
  const hits = read.filter((r) => r.found !== undefined);
  const ok = want ? hits.length > 0 : read.length > 0 && hits.length === 0;
  const show = (r: (typeof read)[number]) =>
    `${r.step} on ${r.channel} at ${T(r.at)}: ${r.found !== undefined ? excerpt(r.text, r.found) : 'no match'}`;
  return {
    evidenceAt: Math.max(state.startedAt, ...(want ? hits.slice(0, 1) : read).map((r) => r.at)),
    name: `${want ? 'a statement' : 'no statement'}${where} contains ${quoted(patterns)}`,
    ok,
    expected: want ? `${quoted(patterns)} in a statement` : `statements issued, none with ${quoted(patterns)}`,
    // Not containing a text must not pass on silence: no statement in scope fails.
    actual:
      read.length === 0
        ? `no statement issued${where}`
        : hits.length
          ? `found in ${hits.length} of ${read.length}: ${hits.map((h) => `${h.step} on ${h.channel}`).join(', ')}`
          : `not found in ${read.length} statement(s)`,
    evidence: (want ? read : [...hits, ...read.filter((r) => r.found === undefined)]).slice(0, 8).map(show),
  };
}

function decision({ plan, state, endedAt, T }: Check, e: Of<'decision'>): Checked {
  const { contains, by, step } = e.decision;
  const patterns = patternTexts(contains, sessionLang(state));
  const until = by === undefined ? endedAt : deadlineAt(plan, state, by);
  const all = matchingDecisions(state, patterns, Number.POSITIVE_INFINITY, step);
  const inTime = until === undefined ? [] : all.filter((d) => d.at <= until);
  const scope = `${step ? ` on ${step}` : ''}${by ? ` by ${by}` : ''}`;
  return {
    evidenceAt: inTime[0]?.at,
    name: `decision ${quoted(patterns)} recorded${scope}`,
    ok: inTime.length > 0,
    expected: `a decision with ${quoted(patterns)}${until === undefined ? ' (unknown deadline)' : ` by ${T(until)}`}`,
    actual: inTime.length
      ? `recorded at ${T(inTime[0]!.at)}`
      : all.length
        ? `recorded late, at ${T(all[0]!.at)}`
        : `none among ${state.decisions.length} decision(s)`,
    evidence: state.decisions.slice(0, 8).map((d) => `${T(d.at)} ${d.decidedBy}: ${d.decision}`),
  };
}

/**
 * The regulator hears first: every regulator report in scope is done, and
 * done before the first public statement was issued (by log order, so the
 * same minute counts only when the report was recorded first).
 */
function regulatorBeforePublic({ plan, state, describe }: Check, e: Of<'regulator-before-public'>): Checked {
  const named = e['regulator-before-public'];
  const visible = visibleSteps(plan, state);
  const ids =
    named !== true
      ? named
      : (() => {
          const duties = visible.filter((s) => s.duty?.['before-public']).map((s) => s.id);
          return duties.length ? duties : visible.filter((s) => s.tags?.includes('regulator-report')).map((s) => s.id);
        })();
  // The report itself (a statement to the regulator) or a staff note is not the public hearing of it.
  const first = state.issued.find((i) => Object.keys(i.channels).some((c) => PUBLIC_CHANNELS.includes(c)));
  const publicSeq = first ? stepState(state, first.step).seq : undefined;
  const late = ids.filter((id) => {
    const st = stepState(state, id);
    return st.status !== 'done' || (publicSeq !== undefined && (st.seq ?? Infinity) > publicSeq);
  });
  return {
    evidenceAt: latest(state, ids),
    name: `regulator told before the public${named === true ? '' : `: ${named.join(', ')}`}`,
    ok: ids.length > 0 && late.length === 0,
    expected: `${ids.length ? ids.join(', ') : 'a regulator report'} done before the first public statement`,
    actual:
      ids.length === 0
        ? 'no regulator report applies in this plan'
        : late.length
          ? `not before the public: ${late.join(', ')}`
          : first
            ? 'all before the public'
            : 'all done; no public statement',
    evidence: [
      ...ids.map(describe),
      first ? `first public statement: ${describe(first.step)}` : 'no public statement issued',
    ],
  };
}

function targetsMet({ plan, state, endedAt, T }: Check, e: Of<'targets-met'>): Checked {
  const all = targetStatus(plan, state, endedAt);
  const named = e['targets-met'];
  const absent = named === true ? [] : named.filter((n) => !all.some((t) => t.target === n));
  const targets = named === true ? all : all.filter((t) => named.includes(t.target));
  const missed = targets.filter(targetMissed);
  const problems = [
    ...missed.map((t) => `${t.target} ${lateness(t, endedAt, T)} (due ${T(t.deadline)})`),
    ...absent.map((n) =>
      n === 'update-every' ? 'update-every: no statement was issued' : `${n}: not a target of this session`,
    ),
  ];
  return {
    evidenceAt: Math.max(state.startedAt, ...targets.map((t) => t.metAt ?? state.startedAt)),
    name: named === true ? 'every target met' : `targets met: ${named.join(', ')}`,
    ok: targets.length > 0 && problems.length === 0,
    expected: `met on time: ${(named === true ? all.map((t) => t.target) : named).join(', ') || '(no target)'}`,
    actual: problems.length ? problems.join('; ') : targets.length ? 'all met on time' : 'no target in this plan',
    evidence: targets.map(
      (t) =>
        `${t.target}: due ${T(t.deadline)}, ` +
        (t.target === 'update-every'
          ? `${t.missed ?? 0} gap(s) longer than ${plan.targets['update-every']}`
          : t.metAt !== undefined
            ? `met ${T(t.metAt)}`
            : 'not met'),
    ),
  };
}
