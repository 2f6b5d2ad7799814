import { planSteps, type Plan } from '../playbook/compose.js';
import { localize } from '../playbook/text.js';
import { formatDuration, offsetSaid, parseDuration } from '../playbook/duration.js';
import { PUBLIC_CHANNELS } from '../playbook/constants.js';
import type { Expectation, Scalar } from '../playbook/types.js';
import { doneTime, targetStatus, visibleSteps, type TargetStatus } from './progress.js';
import { findPattern, matchingDecisions, patternTexts, sessionLang } from './judgement.js';
import { isOpen, stepState } from './replay.js';
import type { SessionState } from './replay.js';
import { own } from '../text/own.js';
import { channelSaid, isMessageKey, msg, msgInLoaded, say, sayIn, type Said } from '../text/messages.js';

/** A piece of a result: a catalogued sentence, or text that reads the same in every language (ids, times). */
type Words = Said | string;

/** The name, expectation, outcome and evidence as catalogued sentences, for the terminal in the drill's language. */
export interface WordedResult {
  name: Words;
  expected: Words;
  actual: Words;
  evidence: Words[];
}

export interface ExpectationResult {
  /** a readable one-line name in English, also the JUnit test case name (CI keeps history by it) */
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
  /** the same, to be worded in the drill's language (absent on results read back from a JSON report) */
  said?: WordedResult;
}

/** A check's result before settling: `evidenceAt` is when its evidence was complete, if it has a time. */
type Checked = WordedResult & { ok: boolean; evidenceAt?: number };

/** Words in `lang`: a sentence from the catalogue, or the text as it is. */
export const wordsIn = (lang: string, words: Words): string => (typeof words === 'string' ? words : sayIn(lang, words));

/** `a; b; c` (or `a，b` …) as one sentence; '' for none. */
const joined = (key: 'expect.list.semi' | 'expect.list.comma' | 'expect.or', items: readonly Words[]): Words =>
  items.length === 0 ? '' : items.reduce((a, b) => say(key, { a, b }));

/**
 * A duration as the drill file writes it (`90m`) in English, where JUnit's case names keep it as it was; in
 * Chinese in words, as the rest of the zh screen says it (1小时30分钟). Any other text (a target's name) as is.
 */
function durationSaid(text: string): Words {
  const ms = parseDuration(text);
  if (ms === undefined) return text;
  const parts = (formatDuration(ms).match(/\d+[smhd]/g) ?? []).map((part) =>
    say('unit.amount', { n: part.slice(0, -1), unit: say(`unit.${part.slice(-1) as 's' | 'm' | 'h' | 'd'}`) }),
  );
  return { ...parts.reduce((a, b) => say('unit.join', { a, b })), en: text };
}

/**
 * A target as the drill file names it (`first-statement`) in English, where JUnit's case names keep it; in Chinese
 * in the words status and review use (render/review-words.ts targetLabel): 首次声明 for a standard target, the title
 * of the step a reporting duty's clock times (its report), else the id.
 */
function targetSaid(plan: Plan, target: string): Words {
  const key = `target.${target}`;
  if (isMessageKey(key)) return { key, en: target };
  const steps = planSteps(plan).filter((x) => x.due === target);
  const step = steps.find((x) => x.duty) ?? steps[0];
  return step ? { key: 'expect.targetTitle', params: { title: localize(step.title, 'zh') }, en: target } : target;
}

/** A deadline as a drill writes it: a duration (durationSaid) or a target's name (targetSaid). */
const deadlineSaid = (plan: Plan, deadline: string): Words =>
  parseDuration(deadline) !== undefined ? durationSaid(deadline) : targetSaid(plan, deadline);

/** Targets in the reader's words, `a, b` (`a、b`). */
const targetsSaid = (plan: Plan, targets: readonly string[]): Words =>
  joined(
    'expect.list.comma',
    targets.map((t) => targetSaid(plan, t)),
  );

/** Channels in the reader's words (官网、社交媒体); English names them by id, as the drill file does. */
const channelsSaid = (channels: readonly string[]): Words => joined('expect.list.comma', channels.map(channelSaid));

/** An English result and the sentences it was worded from. */
export function wordedResult(checked: WordedResult & { ok: boolean }, settledAt: number): ExpectationResult {
  const { name, expected, actual, evidence, ok } = checked;
  return {
    name: wordsIn('en', name),
    ok,
    expected: wordsIn('en', expected),
    actual: wordsIn('en', actual),
    evidence: evidence.map((e) => wordsIn('en', e)),
    settledAt,
    said: { name, expected, actual, evidence },
  };
}

/** The reason the scripted driver gives steps it skips for `unlisted: skip`, in English. */
export const UNLISTED_SKIP_REASON = msg('en', 'unlisted.skip');

/**
 * Whether a skip's reason is the one `unlisted: skip` records, in any language the session may have been run in
 * (the caller loads the session's language first: review.ts).
 */
export const isUnlistedSkip = (reason: string): boolean => msgInLoaded('unlisted.skip').includes(reason);

/** A text in quotes: "…" in English (as JSON writes it, which JUnit's case names keep), “…” in Chinese. */
const quote = (text: string): Words => ({ ...say('expect.quoted', { text }), en: JSON.stringify(text) });

/** Step ids as a list: `a, b` (`a、b` in Chinese). */
const idsSaid = (ids: readonly string[]): Words => joined('expect.list.comma', ids);

const show = (v: Scalar | undefined): Words =>
  v === undefined ? say('expect.notRecorded') : typeof v === 'string' ? quote(v) : JSON.stringify(v);

/** The latest time any of these steps changed status (the start if none did). */
const latest = (state: SessionState, ids: readonly string[]) =>
  Math.max(state.startedAt, ...ids.map((id) => stepState(state, id).at ?? state.startedAt));

/** What every check reads: the plan, the final state, and how to show times and steps. */
interface Check {
  plan: Plan;
  state: SessionState;
  endedAt: number;
  /** a time as an offset from the start, or "never" */
  T(ms: number | undefined): Words;
  /** a step's status and when it got it, for the evidence */
  describe(id: string): Said;
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
  const T = (ms: number | undefined): Words =>
    ms === undefined ? say('expect.never') : offsetSaid(ms - state.startedAt);
  const describe = (id: string): Said => {
    const st = stepState(state, id);
    return say('expect.describe', {
      id,
      status: say(`error.status.${st.status}`),
      at: st.at !== undefined ? say('expect.at', { time: T(st.at) }) : '',
      reason: st.reason ? say('expect.reason', { reason: st.reason }) : '',
    });
  };
  const c: Check = { plan, state, endedAt, T, describe };
  return expectations.map((e): ExpectationResult => {
    const { evidenceAt, ...result } = checkOne(c, e);
    return wordedResult(result, result.ok && evidenceAt !== undefined ? evidenceAt : endedAt);
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
    name: say('expect.completed.name', { ids: idsSaid(e.completed) }),
    ok: missing.length === 0,
    expected: say('expect.completed.expected', { ids: idsSaid(e.completed) }),
    actual: missing.length ? say('expect.completed.missing', { ids: idsSaid(missing) }) : say('expect.completed.all'),
    evidence: e.completed.map(describe),
  };
}

function skippedWithReason({ state, describe }: Check, e: Of<'skipped-with-reason'>): Checked {
  const bad = e['skipped-with-reason'].filter((id) => {
    const st = stepState(state, id);
    return st.status !== 'skipped' || !st.reason?.trim() || isUnlistedSkip(st.reason);
  });
  return {
    evidenceAt: latest(state, e['skipped-with-reason']),
    name: say('expect.skipped.name', { ids: idsSaid(e['skipped-with-reason']) }),
    ok: bad.length === 0,
    expected: say('expect.skipped.expected'),
    actual: bad.length ? say('expect.skipped.bad', { ids: idsSaid(bad) }) : say('expect.skipped.all'),
    evidence: e['skipped-with-reason'].map(describe),
  };
}

function notSkipped({ state, describe }: Check, e: Of<'not-skipped'>): Checked {
  const skipped = e['not-skipped'].filter((id) => stepState(state, id).status === 'skipped');
  return {
    name: say('expect.notSkipped.name', { ids: idsSaid(e['not-skipped']) }),
    ok: skipped.length === 0,
    expected: say('expect.notSkipped.none'),
    actual: skipped.length ? say('expect.notSkipped.some', { ids: idsSaid(skipped) }) : say('expect.notSkipped.none'),
    evidence: e['not-skipped'].map(describe),
  };
}

function before({ plan, state, T, describe }: Check, e: Of<'before'>): Checked {
  const { step, deadline } = e.before;
  const ms = parseDuration(deadline) ?? parseDuration(own(plan.targets, deadline) ?? '');
  const limit = ms === undefined ? undefined : state.startedAt + ms;
  const st = stepState(state, step);
  // Judged as the targets judge it: a duty's report by the time it was sent.
  const planStep = planSteps(plan).find((s) => s.id === step);
  const done = planStep
    ? doneTime(planStep, state)
    : st.status === 'done'
      ? { at: st.at!, recordedAt: st.at! }
      : undefined;
  const ok = limit !== undefined && done !== undefined && done.at <= limit;
  const target = own(plan.targets, deadline) ?? say('expect.undefinedTarget');
  const label =
    parseDuration(deadline) !== undefined
      ? durationSaid(deadline)
      : say('expect.label', {
          deadline: targetSaid(plan, deadline),
          target: typeof target === 'string' ? durationSaid(target) : target,
        });
  return {
    evidenceAt: latest(state, [step]),
    name: say('expect.before.name', { step, label }),
    ok,
    expected: say('expect.before.expected', { time: limit === undefined ? say('expect.unknownDeadline') : T(limit) }),
    actual:
      done === undefined
        ? say(`error.status.${st.status}`)
        : done.at !== done.recordedAt
          ? say('expect.before.sentAt', { time: T(done.at), recorded: T(done.recordedAt) })
          : say('expect.before.doneAt', { time: T(done.at) }),
    evidence: [describe(step)],
  };
}

function order({ state, describe }: Check, e: Of<'order'>): Checked {
  const seqs = e.order.map((id) => (stepState(state, id).status === 'done' ? stepState(state, id).seq : undefined));
  const ok = seqs.every((s, i) => s !== undefined && (i === 0 || s > seqs[i - 1]!));
  return {
    evidenceAt: latest(state, e.order),
    name: say('expect.order.name', { chain: e.order.join(' → ') }),
    ok,
    expected:
      e.order.length === 0 ? '' : e.order.map((id): Words => id).reduce((a, b) => say('expect.before', { a, b })),
    actual: joined('expect.list.semi', e.order.map(describe)),
    evidence: e.order.map(describe),
  };
}

function fact({ state }: Check, e: Of<'fact'>): Checked {
  const value = own(state.facts, e.fact.id);
  return {
    name: say('expect.fact.name', { id: e.fact.id, value: show(e.fact.equals) }),
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
    name: say('expect.statementsOn.name', { channels: channelsSaid(e['statements-on']) }),
    ok: missing.length === 0,
    expected: say('expect.statementsOn.expected', { channels: channelsSaid(e['statements-on']) }),
    actual: missing.length
      ? say('expect.statementsOn.missing', { channels: channelsSaid(missing) })
      : say('expect.statementsOn.all'),
    evidence: [...issued].map(([channel, at]) =>
      say('expect.statementsOn.first', { channel: channelSaid(channel), time: T(at) }),
    ),
  };
}

function allRequiredDone({ plan, state, describe }: Check): Checked {
  const open = visibleSteps(plan, state).filter((s) => isOpen(state, s.id));
  const named = idsSaid([...open.slice(0, 8).map((s) => s.id), ...(open.length > 8 ? ['…'] : [])]);
  return {
    name: say('expect.allDone.name'),
    ok: open.length === 0,
    expected: say('expect.allDone.expected'),
    actual: open.length ? say('expect.allDone.open', { count: open.length, ids: named }) : say('expect.allDone.none'),
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

function lateness(t: TargetStatus, endedAt: number, T: Check['T']): Said {
  if (t.metAt !== undefined) return say('expect.late.metAt', { time: T(t.metAt) });
  if (t.missed) return say('expect.late.missed', { count: t.missed });
  return t.deadline > endedAt ? say('expect.late.neverEnded', { time: T(endedAt) }) : say('expect.late.never');
}

/** A target missed: what happened and when it was due. */
const lateTarget = (plan: Plan, t: TargetStatus, endedAt: number, T: Check['T']): Said =>
  say('expect.late', { target: targetSaid(plan, t.target), lateness: lateness(t, endedAt, T), due: T(t.deadline) });

/** A target's deadline and whether (when) it was met. */
const targetDue = (plan: Plan, t: TargetStatus, T: Check['T'], state: Words): Said =>
  say('expect.targetDue', { target: targetSaid(plan, t.target), due: T(t.deadline), state });

const metOrNot = (t: TargetStatus, T: Check['T']): Said =>
  t.metAt !== undefined ? say('expect.metAt', { time: T(t.metAt) }) : say('expect.notMet');

function noOverdueTargets({ plan, state, endedAt, T }: Check): Checked {
  const targets = targetStatus(plan, state, endedAt);
  const late = targets.filter(targetMissed);
  const cadence = plan.targets['update-every'];
  const evidence = (t: (typeof targets)[number]): Said =>
    t.target === 'update-every'
      ? say('expect.cadence', {
          target: targetSaid(plan, t.target),
          count: state.issued.length,
          last: T(state.issued[state.issued.length - 1]?.at),
          gaps: t.missed
            ? say('expect.gaps', { count: t.missed, cadence: durationSaid(String(cadence)) })
            : say('expect.noGap', { cadence: durationSaid(String(cadence)) }),
        })
      : targetDue(plan, t, T, metOrNot(t, T));
  return {
    name: say('expect.noOverdue.name'),
    ok: late.length === 0,
    // A duty whose trigger never held is not a target of this session.
    expected: joined(
      'expect.list.comma',
      Object.entries(plan.targets)
        .filter(([k]) => !k.startsWith('duty-') || targets.some((t) => t.target === k))
        .map(([k, v]) => say('expect.targetValue', { target: targetSaid(plan, k), duration: durationSaid(v) })),
    ),
    actual: late.length
      ? joined(
          'expect.list.semi',
          late.map((t) => lateTarget(plan, t, endedAt, T)),
        )
      : say('expect.noOverdue.allOnTime'),
    evidence: targets.map(evidence),
  };
}

/** A deadline (duration or target name) as session time; undefined when there is none or it is unknown. */
function deadlineAt(plan: Plan, state: SessionState, deadline: string | undefined): number | undefined {
  if (deadline === undefined) return undefined;
  const ms = parseDuration(deadline) ?? parseDuration(own(plan.targets, deadline) ?? '');
  return ms === undefined ? undefined : state.startedAt + ms;
}

const quoted = (texts: readonly string[]): Words =>
  joined(
    'expect.or',
    texts.map((t) => quote(t)),
  );

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
  const scope = [
    m.step && say('expect.scope.step', { step: m.step }),
    m.channel && say('expect.scope.channel', { channel: channelSaid(m.channel) }),
    m.by && say('expect.scope.by', { by: deadlineSaid(plan, m.by) }),
  ].filter((s): s is Said => Boolean(s));
  const where: Words = scope.length
    ? say('expect.scope', { parts: scope.reduce((a: Words, b) => say('expect.list.space', { a, b })) })
    : '';
  const read = state.issued.flatMap((s) =>
    (m.step === undefined || s.step === m.step) && until !== undefined && s.at <= until
      ? Object.entries(s.channels)
          .filter(([channel]) => m.channel === undefined || channel === m.channel)
          .map(([channel, text]) => ({ at: s.at, step: s.step, channel, text, found: findPattern(text, patterns) }))
      : [],
  );
  const hits = read.filter((r) => r.found !== undefined);
  const ok = want ? hits.length > 0 : read.length > 0 && hits.length === 0;
  const show = (r: (typeof read)[number]): Said =>
    say('expect.contains.read', {
      step: r.step,
      channel: channelSaid(r.channel),
      time: T(r.at),
      excerpt: r.found !== undefined ? excerpt(r.text, r.found) : say('expect.contains.noMatch'),
    });
  const patternsSaid = quoted(patterns);
  return {
    evidenceAt: Math.max(state.startedAt, ...(want ? hits.slice(0, 1) : read).map((r) => r.at)),
    name: say(want ? 'expect.contains.name' : 'expect.notContains.name', { where, patterns: patternsSaid }),
    ok,
    expected: say(want ? 'expect.contains.expected' : 'expect.notContains.expected', { patterns: patternsSaid }),
    // Not containing a text must not pass on silence: no statement in scope fails.
    actual:
      read.length === 0
        ? say('expect.contains.noneIssued', { where })
        : hits.length
          ? say('expect.contains.found', {
              hits: hits.length,
              read: read.length,
              list: joined(
                'expect.list.comma',
                hits.map((h) => say('expect.stepOn', { step: h.step, channel: channelSaid(h.channel) })),
              ),
            })
          : say('expect.contains.notFound', { count: read.length }),
    evidence: (want ? read : [...hits, ...read.filter((r) => r.found === undefined)]).slice(0, 8).map(show),
  };
}

function decision({ plan, state, endedAt, T }: Check, e: Of<'decision'>): Checked {
  const { contains, by, step } = e.decision;
  const patterns = patternTexts(contains, sessionLang(state));
  const until = by === undefined ? endedAt : deadlineAt(plan, state, by);
  const all = matchingDecisions(state, patterns, Number.POSITIVE_INFINITY, step);
  const inTime = until === undefined ? [] : all.filter((d) => d.at <= until);
  const scope = say('expect.decision.scope', {
    step: step ? say('expect.decision.onStep', { step }) : '',
    by: by ? say('expect.decision.by', { by: deadlineSaid(plan, by) }) : '',
  });
  return {
    evidenceAt: inTime[0]?.at,
    name: say('expect.decision.name', { patterns: quoted(patterns), scope }),
    ok: inTime.length > 0,
    expected: say('expect.decision.expected', {
      patterns: quoted(patterns),
      by:
        until === undefined
          ? say('expect.decision.unknownDeadline')
          : say('expect.decision.byTime', { time: T(until) }),
    }),
    actual: inTime.length
      ? say('expect.decision.at', { time: T(inTime[0]!.at) })
      : all.length
        ? say('expect.decision.late', { time: T(all[0]!.at) })
        : say('expect.decision.none', { count: state.decisions.length }),
    evidence: state.decisions
      .slice(0, 8)
      .map((d) => say('expect.decision.line', { time: T(d.at), by: d.decidedBy, decision: d.decision })),
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
    name: named === true ? say('expect.regulator.name') : say('expect.regulator.nameOf', { ids: idsSaid(named) }),
    ok: ids.length > 0 && late.length === 0,
    expected: say('expect.regulator.expected', { ids: ids.length ? idsSaid(ids) : say('expect.regulator.aReport') }),
    actual:
      ids.length === 0
        ? say('expect.regulator.none')
        : late.length
          ? say('expect.regulator.late', { ids: idsSaid(late) })
          : first
            ? say('expect.regulator.allBefore')
            : say('expect.regulator.noPublic'),
    evidence: [
      ...ids.map(describe),
      first ? say('expect.regulator.first', { step: describe(first.step) }) : say('expect.regulator.noneIssued'),
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
    ...missed.map((t) => lateTarget(plan, t, endedAt, T)),
    ...absent.map((n) =>
      n === 'update-every'
        ? say('expect.targets.noStatement', { target: targetSaid(plan, n) })
        : say('expect.targets.notATarget', { target: targetSaid(plan, n) }),
    ),
  ];
  const ids = targetsSaid(plan, named === true ? all.map((t) => t.target) : named);
  return {
    evidenceAt: Math.max(state.startedAt, ...targets.map((t) => t.metAt ?? state.startedAt)),
    name: named === true ? say('expect.targets.every') : say('expect.targets.name', { ids: targetsSaid(plan, named) }),
    ok: targets.length > 0 && problems.length === 0,
    expected: say('expect.targets.expected', { ids: ids || say('expect.targets.noTarget') }),
    actual: problems.length
      ? joined('expect.list.semi', problems)
      : targets.length
        ? say('expect.targets.allMet')
        : say('expect.targets.none'),
    evidence: targets.map((t) =>
      targetDue(
        plan,
        t,
        T,
        t.target === 'update-every'
          ? say('expect.gaps', { count: t.missed ?? 0, cadence: durationSaid(String(plan.targets['update-every'])) })
          : metOrNot(t, T),
      ),
    ),
  };
}
