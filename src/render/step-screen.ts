import type { Plan, PlanStep } from '../playbook/compose.js';
import { screenTime, type ScreenClock } from '../playbook/dates.js';
import { formatDuration, formatOffset } from '../playbook/duration.js';
import { sessionClock } from '../playbook/profile.js';
import { localize, roleTitle } from '../playbook/text.js';
import type { Lang } from '../playbook/types.js';
import { dutyClock, stepDueAt, timingDuty, type StepCounter } from '../session/progress.js';
import { stepState } from '../session/replay.js';
import { statementInputs } from '../session/statement.js';
import type { SessionState } from '../session/replay.js';
import { messagesFor } from '../text/messages.js';
import { sanitizeLine, sanitizeText } from '../text/sanitize.js';
import { durationWords } from '../playbook/duration.js';
import { appliesBecause } from './applies-because.js';
import { targetName } from './review-words.js';
import { own } from '../text/own.js';
import { narrowWidth } from './narrow.js';

export interface ScreenStyle {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
}

/** Minutes before a due time when the clock turns yellow. */
const SOON_MS = 10 * 60_000;

/**
 * One step as the operator sees it: where, what, who, by when, how. Elapsed and
 * due times are T+ offsets (the plan counts from the start); a check-back is a
 * time of day a person agreed to, so it reads as one, in the session's zone.
 */
export function renderStepScreen(
  plan: Plan,
  state: SessionState,
  step: PlanStep,
  /** `[n/total]`: session/progress.ts stepCounter, the one rule every step screen counts by */
  counter: StepCounter,
  now: number,
  lang: Lang,
  style: ScreenStyle,
  clock: ScreenClock = sessionClock(state.facts, 'UTC'),
  /**
   * `brief`: the same step again right after a note or a decision, its guidance and checklist still on the screen
   * just above: only where it stands (counter, title, owner, due, blocked, assigned) and a line saying the rest is
   * above, not the whole screen a second time.
   */
  options: {
    brief?: boolean;
    /**
     * The terminal's width: the owner and the due time share a line when they fit in it, and each has its own line
     * when they do not, rather than the terminal cutting the due time in two (负责：… 时限 …，还剩 / 28分钟15秒).
     */
    columns?: number;
  } = {},
): string[] {
  const t = (text: Parameters<typeof localize>[0]) => sanitizeLine(localize(text, lang));
  const m = messagesFor(lang);
  const phase = plan.phases.find((p) => p.id === step.phase);
  const out: string[] = [];
  const elapsed = formatOffset(now - state.startedAt, lang);
  out.push(
    style.dim(`[${counter.n}/${counter.total}] ${phase ? t(phase.title) : step.phase}`) + `   ${style.cyan(elapsed)}`,
  );
  // The id in the brackets of the screen's language: `Title (id)`, 标题（id）.
  out.push(style.bold(`${t(step.title)}`) + style.dim(m('common.aside', { text: step.id })));
  const meta: string[] = [];
  if (step.owner) {
    const holder = own(state.roles, step.owner);
    const name = sanitizeLine(roleTitle(plan.roles, step.owner, lang));
    meta.push(
      holder ? m('screen.ownerHeld', { role: name, holder: sanitizeLine(holder) }) : m('screen.owner', { role: name }),
    );
  }
  const deadline = stepDueAt(plan, state, step);
  if (deadline !== undefined) {
    const left = deadline - now;
    const at = formatOffset(deadline - state.startedAt, lang);
    // A reporting duty shows the law's period ("4h"), not its deadline's id (duty-cn-cyber-report-other); its clock
    // may have started at detection, before the session, and then the screen says from when. A duty's written
    // report is timed by the duty that applies (timingDuty).
    const duty = timingDuty(plan, state, step)?.duty;
    const detected = duty ? dutyClock(state).detectedAt : undefined;
    const words = durationWords(duty ? duty.deadline : step.due ? targetName(step.due, lang) : '', lang);
    const due =
      detected === undefined
        ? m('screen.due', { at, target: words })
        : m('screen.dueFromDetection', { at, target: words, detected: formatOffset(detected - state.startedAt, lang) });
    const remaining = m('screen.dueLeft', { due, left: durationWords(formatDuration(Math.max(0, left)), lang) });
    meta.push(
      left < 0
        ? style.red(m('screen.overdue', { due, late: durationWords(formatDuration(-left), lang) }))
        : left < SOON_MS
          ? style.yellow(remaining)
          : remaining,
    );
  }
  const metaLine = meta.join('   ');
  const columns = options.columns;
  // a line narrowWidth cannot measure (emoji in a name) counts as too wide: two short lines are never wrong
  if (columns !== undefined && meta.length > 1 && (narrowWidth(metaLine) ?? Infinity) > columns) out.push(...meta);
  else if (meta.length) out.push(metaLine);
  const st = stepState(state, step.id);
  if (st.status === 'blocked') out.push(style.yellow(m('screen.blocked', { reason: sanitizeLine(st.reason ?? '') })));
  if (st.assignedTo)
    out.push(
      st.checkBackAt
        ? m('screen.assignedCheckBack', {
            name: sanitizeLine(st.assignedTo),
            at: screenTime(st.checkBackAt, lang, clock),
          })
        : m('screen.assigned', { name: sanitizeLine(st.assignedTo) }),
    );
  if (options.brief) {
    if (step.guidance || step.checklist?.length) out.push(style.dim(m('screen.asAbove')));
    return out;
  }
  if (step.when) {
    // The answers that make the step apply, by the questions the screen asked them with (the profile's too), without
    // the help for answering; `show` gives the ids, for authors.
    const line = appliesBecause(step.when, state.facts, state.severity, lang, statementInputs(plan));
    out.push(style.cyan(sanitizeLine(line)));
  }
  if (step.guidance) {
    out.push('');
    for (const line of sanitizeText(localize(step.guidance, lang)).split('\n')) out.push(line);
  }
  if (step.checklist?.length) {
    out.push('');
    for (const item of step.checklist) out.push(`  [ ] ${t(item)}`);
  }
  if (step['approve-by'] && step.statement) {
    const needed = m('screen.approvalNeeded', { role: sanitizeLine(roleTitle(plan.roles, step['approve-by'], lang)) });
    out.push(
      style.dim(st.approvedBy ? `${needed} ${m('screen.approvedBy', { name: sanitizeLine(st.approvedBy) })}` : needed),
    );
  }
  return out;
}
