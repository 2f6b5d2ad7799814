import { describeCondition, holds } from '../playbook/condition.js';
import { planInputs, planSteps, type Plan } from '../playbook/compose.js';
import { factInputs } from '../playbook/fact-inputs.js';
import { localize } from '../playbook/text.js';
import type { Lang } from '../playbook/types.js';
import { isMessageKey, msg, type MessageKey } from '../text/messages.js';
import { durationWords } from '../playbook/duration.js';
import { channelWords, conditionWords } from './checklist-data.js';
import { sanitizeLine, sanitizeText } from '../text/sanitize.js';
import { own } from '../text/own.js';

export interface TextStyle {
  bold(s: string): string;
  dim(s: string): string;
  cyan(s: string): string;
}

/** The composed plan as terminal text: what `crisis show` prints. */
export function renderPlanText(plan: Plan, lang: Lang, style: TextStyle): string[] {
  const m = (key: MessageKey) => msg(lang, key);
  const labels = {
    severity: m('show.severity'),
    targets: m('show.targets'),
    owner: m('show.owner'),
    due: m('show.due'),
    onlyIf: m('show.onlyIf'),
    approveBy: m('show.approveBy'),
    channels: m('show.channels'),
    records: m('show.records'),
    strategies: m('show.strategies'),
    steps: m('show.steps'),
    none: m('common.none'),
    pausePoint: m('show.pausePoint'),
  };
  const sep = m('common.colon');
  // In the language's brackets: `Leadership (leadership)`, 管理层（leadership）.
  const aside = (text: string) => msg(lang, 'common.aside', { text });
  // Numbered as `start` numbers them: the steps that apply before any fact is known. A step that
  // waits for a condition is marked [+]; `start` counts it once its condition holds.
  const all = planSteps(plan).length;
  const fromStart = new Set(planSteps(plan).filter((s) => holds(s.when, {}, plan.severity)));
  const total = fromStart.size;
  const t = (text: Parameters<typeof localize>[0]) => sanitizeLine(localize(text, lang));
  const inputs = planInputs(plan);
  const factLabel = (fact: string) => (inputs.has(fact) ? `${fact}` : fact);
  const labelled = factInputs(plan);
  const roleTitle = (id: string) => {
    const role = plan.roles.find((r) => r.id === id);
    return role ? `${t(role.title)}${aside(id)}` : id;
  };
  const out: string[] = [];
  out.push(style.bold(`${t(plan.title)} [${plan.id}]`));
  if (plan.summary) out.push(sanitizeText(localize(plan.summary, lang)));
  // English keeps the ids people type (`--severity`, `due:`); Chinese reads them as words.
  const zh = lang === 'zh';
  // A reporting duty's clock shows on its own step, where its title says whose clock it is.
  const targetName = (id: string) =>
    zh && id.startsWith('duty-')
      ? '法定报告时限'
      : zh && isMessageKey(`target.${id}`)
        ? msg(lang, `target.${id}` as MessageKey)
        : id;
  const duration = (d: string) => (zh ? durationWords(d, lang) : d);
  const targets = Object.entries(plan.targets)
    .filter(([k]) => !k.startsWith('duty-'))
    .map(([k, v]) => `${targetName(k)} ${duration(v)}`)
    .join(m('common.wordSep'));
  out.push(
    `${labels.severity}${sep}${m(`severity.${plan.severity}`)}   ${labels.targets}${sep}${targets || labels.none}` +
      `   ${labels.steps}${sep}${all === total ? total : msg(lang, 'show.stepsUpTo', { n: total, all })}`,
  );
  if (plan.strategies.length > 0) out.push(`${labels.strategies}${sep}${plan.strategies.join(', ')}`);
  // Said once for the whole plan, not in every step's guidance.
  if (planSteps(plan).some((s) => s.due !== undefined)) out.push(style.dim(m('plan.defaultsNote')));
  let n = 0;
  for (const phase of plan.phases) {
    out.push('');
    const mode = phase.mode ? ` · ${m(`mode.${phase.mode}`)}` : '';
    out.push(
      style.bold(`${t(phase.title)}`) +
        style.dim(` [${phase.id}${phase.source !== plan.id ? ` ← ${phase.source}` : ''}${mode}]`),
    );
    for (const step of phase.steps) {
      const number = fromStart.has(step) ? `[${(n += 1)}/${total}]` : '[+]';
      out.push(`  ${style.dim(number)} ${style.bold(t(step.title))}${style.dim(aside(step.id))}`);
      const target = step.due === undefined ? undefined : own(plan.targets, step.due);
      const due = step.due && (target ? `${targetName(step.due)}${aside(duration(target))}` : duration(step.due));
      const meta = [
        step.owner ? `${labels.owner}${sep}${roleTitle(step.owner)}` : undefined,
        due ? `${labels.due}${sep}${due}` : undefined,
      ].filter(Boolean);
      if (meta.length > 0) out.push(`        ${meta.join('   ')}`);
      if (step.when) {
        // Chinese by labels, the profile's facts (org-listed) too, as the step screen; English by the ids, for authors.
        const words = zh ? conditionWords(step.when, lang, labelled) : describeCondition(step.when, factLabel);
        out.push(`        ${style.cyan(`${labels.onlyIf}${sep}${sanitizeLine(words)}`)}`);
      }
      for (const item of step.checklist ?? []) out.push(`        [ ] ${t(item)}`);
      if (step.inputs?.length) {
        // The brackets and commas of the language: `detected-at (time, required)`, detected-at（时间，必填）.
        const records = step.inputs.map((i) =>
          msg(lang, i.required ? 'show.inputRequired' : 'show.input', {
            id: i.id,
            type: m(`input.type.${i.type}`),
          }),
        );
        out.push(`        ${labels.records}${sep}${records.join(m('common.wordSep'))}`);
      }
      if (step.statement) {
        const approve = step['approve-by'] ? `   ${labels.approveBy}${sep}${roleTitle(step['approve-by'])}` : '';
        const channels = channelWords(Object.keys(step.statement), lang, sanitizeLine);
        out.push(`        ${labels.channels}${sep}${channels}${approve}`);
      }
    }
    if (phase.mode === 'do-confirm' && phase['pause-point'])
      out.push(`  ${style.cyan(`■ ${labels.pausePoint}${sep}${t(phase['pause-point'])}`)}`);
  }
  return out;
}
