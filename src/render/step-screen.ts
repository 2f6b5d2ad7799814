import { describeCondition } from '../playbook/condition.js';
import type { Plan, PlanStep } from '../playbook/compose.js';
import { formatDuration, formatOffset } from '../playbook/duration.js';
import { localize } from '../playbook/text.js';
import type { Lang } from '../playbook/types.js';
import { dueAt, stepState } from '../session/progress.js';
import type { SessionState } from '../session/replay.js';
import { sanitizeLine, sanitizeText } from '../text/sanitize.js';

export interface ScreenStyle {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
}

/** Minutes before a due time when the clock turns yellow. */
const SOON_MS = 10 * 60_000;

/** One step as the operator sees it: where, what, who, by when, how. */
export function renderStepScreen(
  plan: Plan,
  state: SessionState,
  step: PlanStep,
  position: { n: number; total: number },
  now: number,
  lang: Lang,
  style: ScreenStyle,
): string[] {
  const t = (text: Parameters<typeof localize>[0]) => sanitizeLine(localize(text, lang));
  const phase = plan.phases.find((p) => p.id === step.phase);
  const out: string[] = [];
  const elapsed = formatOffset(now - state.startedAt);
  out.push(
    style.dim(`[${position.n}/${position.total}] ${phase ? t(phase.title) : step.phase}`) + `   ${style.cyan(elapsed)}`,
  );
  out.push(style.bold(`${t(step.title)}`) + style.dim(` (${step.id})`));
  const meta: string[] = [];
  if (step.owner) {
    const role = plan.roles.find((r) => r.id === step.owner);
    const holder = state.roles[step.owner];
    meta.push(`owner: ${role ? t(role.title) : step.owner}${holder ? ` — ${sanitizeLine(holder)}` : ''}`);
  }
  const deadline = dueAt(plan, state, step.due);
  if (deadline !== undefined) {
    const left = deadline - now;
    const label = `due ${formatOffset(deadline - state.startedAt)} (${step.due})`;
    meta.push(
      left < 0
        ? style.red(`${label}, OVERDUE by ${formatDuration(-left)}`)
        : left < SOON_MS
          ? style.yellow(`${label}, ${formatDuration(left)} left`)
          : `${label}, ${formatDuration(left)} left`,
    );
  }
  if (meta.length) out.push(meta.join('   '));
  const st = stepState(state, step.id);
  if (st.status === 'blocked') out.push(style.yellow(`blocked: ${sanitizeLine(st.reason ?? '')}`));
  if (st.assignedTo)
    out.push(
      `assigned to ${sanitizeLine(st.assignedTo)}` +
        `${st.checkBackAt ? `, check back at ${formatOffset(st.checkBackAt - state.startedAt)}` : ''}`,
    );
  if (step.when) out.push(style.cyan(`applies because: ${sanitizeLine(describeCondition(step.when))}`));
  if (step.guidance) {
    out.push('');
    for (const line of sanitizeText(localize(step.guidance, lang)).split('\n')) out.push(line);
  }
  if (step.checklist?.length) {
    out.push('');
    for (const item of step.checklist) out.push(`  [ ] ${t(item)}`);
  }
  if (step['approve-by'] && step.statement)
    out.push(
      style.dim(
        `approval needed from: ${step['approve-by']}` +
          `${st.approvedBy ? ` (approved by ${sanitizeLine(st.approvedBy)})` : ''}`,
      ),
    );
  return out;
}
