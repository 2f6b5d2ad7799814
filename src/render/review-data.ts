import { planInputs, planSteps, type Plan } from '../playbook/compose.js';
import { durationWords, formatDuration, formatOffset, parseDuration } from '../playbook/duration.js';
import { localize, roleTitle } from '../playbook/text.js';
import type { Lang, Scalar } from '../playbook/types.js';
import type { StoredEvent } from '../session/events.js';
import { isUnlistedSkip, wordsIn, type ExpectationResult } from '../session/expectations.js';

/** A drill result in the review's language, from the sentences it carries (English as it is otherwise). */
const worded = (r: ExpectationResult, lang: string): ExpectationResult =>
  r.said
    ? {
        ...r,
        name: wordsIn(lang, r.said.name),
        expected: wordsIn(lang, r.said.expected),
        actual: wordsIn(lang, r.said.actual),
        evidence: r.said.evidence.map((e) => wordsIn(lang, e)),
      }
    : r;
import { planChangeSince, type PlanChange } from '../session/plan-change.js';
import { doneTime, publicIssued, stepDueAt, targetStatus, visibleSteps } from '../session/progress.js';
import { isFollowUp, isOpen, stepState } from '../session/replay.js';
import type { SessionState, StepState } from '../session/replay.js';
import { messagesFor } from '../text/messages.js';
import { channelWord } from './state-words.js';
import { targetLabel, targetName } from './review-words.js';
import { timelineRows, type TimelineRow } from './timeline.js';
import type { ScreenClock } from '../playbook/dates.js';

type Say = ReturnType<typeof messagesFor>;

export interface Measure {
  name: string;
  target?: string;
  actual: string;
  ok: boolean | undefined;
  /** a line under the measures: why a typed send time was not what the deadline was judged by */
  note?: string;
}

export interface Deviation {
  kind: 'skipped' | 'out-of-order' | 'late' | 'ad-hoc' | 'blocked' | 'left-open' | 'never-reached' | 'not-reached-yet';
  step?: string;
  detail: string;
  proposal?: string;
}

export interface ChartMark {
  /** ms from start */
  at: number;
  label: string;
  kind: 'statement' | 'assessment' | 'step' | 'inject' | 'decision';
}

export interface ReviewData {
  title: string;
  session: string;
  /**
   * The chain head `seq:hash` of the log the report was made from: kept with the report, it lets
   * `crisis verify <session> --head …` show later that no line was cut from the end.
   */
  chainHead: string;
  crisis: string;
  severity: string;
  operator: string;
  drill?: { id: string; results?: ExpectationResult[] };
  startedAt: number;
  endedAt: number;
  /** the zone the report shows times in: the session's (sessionClock), as its step screen showed them */
  zone: string;
  status: string;
  /** set when the playbook changed since the session started: the report says so at its top */
  planChange?: PlanChange;
  measures: Measure[];
  counts: { done: number; skipped: number; blocked: number; open: number; overdue: number; total: number };
  statements: Array<{ at: string; step: string; channel: string; text: string }>;
  decisions: Array<{ at: string; step?: string; decision: string; options: string[]; decidedBy: string }>;
  followUps: Array<{ at: string; step?: string; text: string; actor: string }>;
  handoffs: Array<{ at: string; role: string; from?: string; to: string }>;
  approvals: Array<{ at: string; step: string; approver: string }>;
  roles: Record<string, string>;
  deviations: Deviation[];
  review: Array<{ step: string; title: string; at: string; facts: Record<string, Scalar> }>;
  /** targets: each deadline the session had, with its label in the review's language */
  chart: { span: number; targets: Array<{ name: string; label: string; at: number }>; marks: ChartMark[] };
  timeline: TimelineRow[];
}

/**
 * Everything the post-crisis review report says, derived from the plan and
 * the log. Renderers only lay it out.
 */
export function buildReview(
  plan: Plan,
  state: SessionState,
  events: readonly StoredEvent[],
  options: { lang: Lang; reviewPlan?: Plan; drillResults?: ExpectationResult[]; clock?: ScreenClock },
): ReviewData {
  const clock = options.clock ?? { zone: 'UTC', label: false };
  const T = (ms: number) => formatOffset(ms - state.startedAt, options.lang);
  const m = messagesFor(options.lang);
  const t = (text: Parameters<typeof localize>[0]) => localize(text, options.lang);
  // A duration as the reader says it: 1h30m, 1小时30分钟.
  const words = (duration: string | undefined) => duration && durationWords(duration, options.lang);
  const steps = visibleSteps(plan, state);
  const now = state.lastAt;
  // Reviewed while paused or under way (a sit-rep): what nobody has reached yet may still come.
  const ongoing = state.status !== 'ended';
  const targets = targetStatus(plan, state, now);
  // Every duty's clock moved alike: a detection time that could not be placed is said once, under the first duty.
  const detectionNoted = targets.find((t) => t.detectionIgnored);
  const noteOf = (notes: Array<string | undefined>) => {
    const said = notes.filter((n): n is string => n !== undefined);
    return said.length ? { note: said.join(m('review.sentenceSep')) } : {};
  };
  const measures: Measure[] = targets.map((x) => {
    if (x.target === 'update-every') {
      return {
        name: m('review.measure.cadence'),
        target: m('review.measure.every', { interval: words(plan.targets['update-every']) ?? '' }),
        actual: x.missed
          ? m('review.measure.missed', { count: x.missed })
          : // The public statements the cadence was kept with, each once however many channels it went out on.
            m('review.measure.kept', { count: new Set(publicIssued(state).map((i) => i.step)).size }),
        ok: !x.missed,
      };
    }
    // A duty's deadline (a regulator's report) is named by its report step, as status and the checklist name it.
    const name =
      x.target === 'assessment'
        ? m('review.measure.assessment')
        : x.target === 'first-statement'
          ? m('review.measure.firstStatement')
          : targetLabel(plan, x.target, options.lang);
    // Met by a step the changed playbook no longer has, maybe: neither a time nor ✗ would be the log's word.
    if (x.metUnknown)
      return { name, target: words(plan.targets[x.target]), actual: m('review.measure.unknown'), ok: undefined };
    // A session still under way has not missed a deadline that lies after its last event: not yet, not never.
    if (x.metAt === undefined && ongoing)
      return {
        name,
        target: words(plan.targets[x.target]),
        actual: m('review.measure.notYet'),
        ok: x.overdue ? false : undefined,
      };
    const ok = x.metAt !== undefined && x.metAt <= x.deadline;
    // A duty counted from detection says so, and its time taken is counted from there too.
    const from = x.detectedAt ?? state.startedAt;
    const target = words(plan.targets[x.target]);
    return {
      name,
      target:
        x.detectedAt === undefined || target === undefined ? target : m('review.measure.fromDetection', { target }),
      actual:
        x.metAt === undefined
          ? m('review.measure.never')
          : x.recordedAt !== undefined
            ? // Met at the time the report was sent, recorded later: both, so the reader sees which counted.
              m('review.measure.sent', { sent: T(x.metAt), recorded: T(x.recordedAt) })
            : durationWords(formatDuration(x.metAt - from), options.lang),
      ok,
      // Said where it could change the verdict: a send time that counts is never after the recording, so a deadline
      // the recording met was met either way.
      // A detection time that could not be placed moved the clock to the start, which may have moved the verdict.
      ...noteOf([
        x.sentIgnored && !ok
          ? m(`review.sent.${x.sentIgnored.why}`, { measure: name, value: x.sentIgnored.value })
          : undefined,
        x === detectionNoted && x.detectionIgnored
          ? m(`review.detection.${x.detectionIgnored.why}`, { value: x.detectionIgnored.value })
          : undefined,
      ]),
    };
  });
  const status = (id: string) => stepState(state, id);
  // Done in time as the targets judge it: a duty's report by the time it was sent.
  const late = steps.filter((s) => {
    const due = stepDueAt(plan, state, s);
    const done = doneTime(s, state);
    return due !== undefined && ((done !== undefined && done.at > due) || (isOpen(state, s.id) && now > due));
  });
  const counts = {
    done: steps.filter((s) => status(s.id).status === 'done').length,
    skipped: steps.filter((s) => status(s.id).status === 'skipped').length,
    blocked: steps.filter((s) => status(s.id).status === 'blocked').length,
    open: steps.filter((s) => status(s.id).status === 'open').length,
    overdue: late.length,
    total: steps.length,
  };

  const deviations: Deviation[] = [];
  // Steps nobody touched are one line, not one each: a review read after a short session listed fifty.
  const untouched: string[] = [];
  for (const s of steps) {
    const st = status(s.id);
    // A step the drill's script left out (`unlisted: skip`) was not found unnecessary by anyone: no change proposed.
    const unscripted = st.status === 'skipped' && state.drill !== undefined && isUnlistedSkip(st.reason ?? '');
    if (st.status === 'skipped')
      deviations.push({
        kind: 'skipped',
        step: s.id,
        detail: m('review.dev.skipped', { at: T(st.at!), reason: st.reason ?? '' }),
        ...(unscripted
          ? {}
          : { proposal: m(s.when ? 'review.dev.tighten' : 'review.dev.makeConditional', { step: s.id }) }),
      });
    if (st.status === 'blocked')
      deviations.push({
        kind: 'blocked',
        step: s.id,
        detail: m('review.dev.blocked', { reason: st.reason ?? '' }),
        proposal: m('review.dev.unblock', { step: s.id }),
      });
    if (st.status === 'open') {
      // A step worked on (notes, an owner, a draft, a decision) but not closed is not one nobody reached.
      const work = workOn(state, s.id, st, m);
      if (work.length > 0)
        deviations.push({
          kind: 'left-open',
          step: s.id,
          detail: m('review.dev.leftOpen', { work: work.join(m('common.listSep')) }),
        });
      else untouched.push(s.id);
    }
  }
  if (untouched.length > 0)
    deviations.push({
      kind: ongoing ? 'not-reached-yet' : 'never-reached',
      detail: m('review.dev.untouched', { count: untouched.length, steps: untouched.join(m('common.wordSep')) }),
    });
  for (const s of late) {
    const done = doneTime(s, state);
    const outcome =
      done === undefined
        ? m('review.dev.notDone')
        : done.at !== done.recordedAt
          ? m('review.measure.sent', { sent: T(done.at), recorded: T(done.recordedAt) })
          : m('review.dev.doneAt', { at: T(done.at) });
    deviations.push({
      kind: 'late',
      step: s.id,
      detail: m('review.dev.late', { due: T(stepDueAt(plan, state, s)!), outcome }),
      proposal: m('review.dev.startEarlier', {
        step: s.id,
        due:
          parseDuration(s.due ?? '') !== undefined
            ? durationWords(s.due!, options.lang)
            : targetName(s.due ?? '', options.lang),
      }),
    });
  }
  // Out of order: done before a step that comes earlier in the plan and was done later. A step that was blocked
  // (with its reason) and done once it came back was not put off by choice: not out of order (late, if it was).
  const wasBlocked = new Set(events.filter((e) => e.type === 'step.blocked').map((e) => e.step));
  const done = steps.filter((s) => status(s.id).status === 'done');
  const order = new Map(planSteps(plan).map((s, i) => [s.id, i]));
  const bySeq = [...done].sort((a, b) => status(a.id).seq! - status(b.id).seq!);
  let highest = -1;
  for (const s of bySeq) {
    const index = order.get(s.id)!;
    if (index < highest && !wasBlocked.has(s.id))
      deviations.push({
        kind: 'out-of-order',
        step: s.id,
        detail: m('review.dev.outOfOrder', { at: T(status(s.id).at!) }),
        proposal: m('review.dev.moveLater', { step: s.id }),
      });
    highest = Math.max(highest, index);
  }
  // A follow-up has its own section: listed here too, each TODO read twice.
  for (const n of state.notes.filter((x) => !x.step && !isFollowUp(x.text)))
    deviations.push({
      kind: 'ad-hoc',
      detail: m('review.dev.note', { at: T(n.at), text: n.text }),
      proposal: m('review.dev.addStep'),
    });
  for (const d of state.decisions.filter((x) => !x.step))
    deviations.push({
      kind: 'ad-hoc',
      detail: m('review.dev.decision', { at: T(d.at), decision: d.decision }),
      proposal: m('review.dev.addDecision'),
    });

  const statements = state.issued.flatMap((s) =>
    // The channel as the reader says it (官网, 社交媒体); English says the id.
    Object.entries(s.channels).map(([channel, text]) => ({
      at: T(s.at),
      step: s.step,
      channel: channelWord(channel, m),
      text,
    })),
  );
  const approvals = events
    .filter((e): e is Extract<StoredEvent, { type: 'statement.approved' }> => e.type === 'statement.approved')
    .map((e) => ({ at: T(Date.parse(e.ts)), step: e.step, approver: e.data.approver }));
  const reviewSteps = options.reviewPlan ? planSteps(options.reviewPlan) : [];
  const review = Object.entries(state.review).map(([step, r]) => ({
    step,
    title: t(reviewSteps.find((s) => s.id === step)?.title ?? step),
    at: T(r.at),
    facts: r.facts,
  }));

  const marks: ChartMark[] = [];
  for (const s of state.issued)
    marks.push({
      at: s.at - state.startedAt,
      label: m('review.chart.statement', {
        channels: Object.keys(s.channels)
          .map((channel) => channelWord(channel, m))
          .join(', '),
      }),
      kind: 'statement',
    });
  for (const s of steps) {
    const st = status(s.id);
    if (st.status === 'done' && !s.statement)
      marks.push({
        at: st.at! - state.startedAt,
        label: s.id,
        kind: s.tags?.includes('assessment') ? 'assessment' : 'step',
      });
  }
  for (const i of state.injects) marks.push({ at: i.at - state.startedAt, label: i.message, kind: 'inject' });
  for (const d of state.decisions) marks.push({ at: d.at - state.startedAt, label: d.decision, kind: 'decision' });
  // The deadlines this session had: a reporting duty whose trigger never held is not one (status says the same).
  const targetMarks = targetStatus(plan, state, state.lastAt)
    .filter((x) => x.target !== 'update-every')
    .map((x) => ({
      name: x.target,
      label: targetLabel(plan, x.target, options.lang),
      at: x.deadline - state.startedAt,
    }));
  const span = Math.max(1, state.lastAt - state.startedAt, ...targetMarks.map((x) => x.at), ...marks.map((m) => m.at));

  return {
    title: t(plan.title),
    session: state.id,
    chainHead: chainHead(events),
    crisis: plan.id,
    severity: state.severity,
    operator: state.operator,
    drill: state.drill
      ? { id: state.drill.id, results: options.drillResults?.map((r) => worded(r, options.lang)) }
      : undefined,
    startedAt: state.startedAt,
    endedAt: state.lastAt,
    zone: clock.zone,
    status: state.status,
    planChange: planChangeSince(plan, state),
    measures,
    counts,
    statements,
    decisions: state.decisions.map((d) => ({ ...d, at: T(d.at) })),
    followUps: state.followUps.map((f) => ({ at: T(f.at), step: f.step, text: f.text, actor: f.actor })),
    // A role by its title in the review's language (新闻发言人), as status names it; the id where the plan has none.
    handoffs: state.handoffs.map((h) => ({
      at: T(h.at),
      role: roleTitle(plan.roles, h.role, options.lang),
      from: h.from,
      to: h.to,
    })),
    approvals,
    roles: state.roles,
    deviations,
    review,
    chart: { span, targets: targetMarks, marks: marks.sort((a, b) => a.at - b.at) },
    // The report says the zone once, in its header (spanText): its rows need not.
    timeline: timelineRows(events, options.lang, plan.roles, { zone: clock.zone, label: false }, planInputs(plan)),
  };
}

/** `seq:hash` of the last event (as `crisis verify` and `status <session>` print it). */
function chainHead(events: readonly StoredEvent[]): string {
  const last = events.at(-1);
  return last ? `${last.seq}:${last.hash}` : '0:';
}

/** What was done on a step that stayed open, in words: its notes, its owner, its statement drafts, its decisions. */
function workOn(state: SessionState, step: string, st: StepState, m: Say): string[] {
  const notes = state.notes.filter((n) => n.step === step).length;
  const decisions = state.decisions.filter((d) => d.step === step).length;
  const drafted = Object.keys(st.drafts ?? {}).length;
  return [
    ...(notes > 0 ? [m('review.work.notes', { count: notes })] : []),
    ...(st.assignedTo ? [m('review.work.assigned', { who: st.assignedTo })] : []),
    ...(drafted > 0 ? [m('review.work.drafted', { count: drafted })] : []),
    ...(decisions > 0 ? [m('review.work.decisions', { count: decisions })] : []),
  ];
}
