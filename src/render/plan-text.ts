import { describeCondition } from '../playbook/condition.js';
import { planInputs, planSteps, type Plan } from '../playbook/compose.js';
import { localize } from '../playbook/text.js';
import type { Lang } from '../playbook/types.js';
import { sanitizeLine, sanitizeText } from '../text/sanitize.js';

export interface TextStyle {
  bold(s: string): string;
  dim(s: string): string;
  cyan(s: string): string;
}

export interface PlanLabels {
  severity: string;
  targets: string;
  owner: string;
  due: string;
  onlyIf: string;
  approveBy: string;
  channels: string;
  records: string;
  strategies: string;
  steps: string;
  none: string;
  pausePoint: string;
}

/** The composed plan as terminal text: what `crisis show` prints. */
export function renderPlanText(plan: Plan, lang: Lang, style: TextStyle, labels: PlanLabels): string[] {
  const t = (text: Parameters<typeof localize>[0]) => sanitizeLine(localize(text, lang));
  const inputs = planInputs(plan);
  const factLabel = (fact: string) => (inputs.has(fact) ? `${fact}` : fact);
  const roleTitle = (id: string) => {
    const role = plan.roles.find((r) => r.id === id);
    return role ? `${t(role.title)} (${id})` : id;
  };
  const out: string[] = [];
  out.push(style.bold(`${t(plan.title)} [${plan.id}]`));
  if (plan.summary) out.push(sanitizeText(localize(plan.summary, lang)));
  const targets = Object.entries(plan.targets)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  out.push(
    `${labels.severity}: ${plan.severity}   ${labels.targets}: ${targets || labels.none}` +
      `   ${labels.steps}: ${planSteps(plan).length}`,
  );
  if (plan.strategies.length > 0) out.push(`${labels.strategies}: ${plan.strategies.join(', ')}`);
  let n = 0;
  const total = planSteps(plan).length;
  for (const phase of plan.phases) {
    out.push('');
    const mode = phase.mode ? ` · ${phase.mode}` : '';
    out.push(
      style.bold(`${t(phase.title)}`) +
        style.dim(` [${phase.id}${phase.source !== plan.id ? ` ← ${phase.source}` : ''}${mode}]`),
    );
    for (const step of phase.steps) {
      n += 1;
      out.push(`  ${style.dim(`[${n}/${total}]`)} ${style.bold(t(step.title))} ${style.dim(`(${step.id})`)}`);
      const meta = [
        step.owner ? `${labels.owner}: ${roleTitle(step.owner)}` : undefined,
        step.due
          ? `${labels.due}: ${step.due}${plan.targets[step.due] ? ` (${plan.targets[step.due]})` : ''}`
          : undefined,
      ].filter(Boolean);
      if (meta.length > 0) out.push(`        ${meta.join('   ')}`);
      if (step.when)
        out.push(`        ${style.cyan(`${labels.onlyIf}: ${sanitizeLine(describeCondition(step.when, factLabel))}`)}`);
      for (const item of step.checklist ?? []) out.push(`        [ ] ${t(item)}`);
      if (step.inputs?.length) {
        const records = step.inputs.map((i) => `${i.id} (${i.type}${i.required ? ', required' : ''})`);
        out.push(`        ${labels.records}: ${records.join(', ')}`);
      }
      if (step.statement) {
        const approve = step['approve-by'] ? `   ${labels.approveBy}: ${roleTitle(step['approve-by'])}` : '';
        out.push(`        ${labels.channels}: ${Object.keys(step.statement).join(', ')}${approve}`);
      }
    }
    if (phase.mode === 'do-confirm' && phase['pause-point'])
      out.push(`  ${style.cyan(`■ ${labels.pausePoint}: ${t(phase['pause-point'])}`)}`);
  }
  return out;
}
