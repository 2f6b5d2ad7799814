import { localizeFactValue } from './dates.js';
import { parseDuration } from './duration.js';
import type { LibraryEntry, PlanPhase, PlanStep, PlaybookLookup } from './compose.js';
import type { Duty, Problem, Text } from './types.js';
import { own } from '../text/own.js';

/**
 * Reporting duties (playbooks/duties/) turned into plan steps: which duties a
 * crisis carries for the chosen jurisdictions, the step and target each
 * becomes, and where it goes in the walk.
 */

/** The target a duty's deadline becomes. */
export const dutyTarget = (duty: Duty): string => `duty-${duty.id}`;

/** The duties of these jurisdictions that can arise in this crisis; an unknown jurisdiction is a problem. */
export function selectDuties(
  lookup: PlaybookLookup,
  root: LibraryEntry,
  requested: readonly string[] | undefined,
): { jurisdictions: string[]; duties: Duty[]; problems: Problem[] } {
  const jurisdictions = [...new Set(requested ?? root.data.jurisdictions ?? [])];
  const catalogue = lookup.duties?.() ?? [];
  const known = [...new Set(catalogue.map((d) => d.jurisdiction))];
  const problems: Problem[] = (requested ?? [])
    .filter((j) => !known.includes(j))
    .map((j) => ({
      file: '--jurisdiction',
      severity: 'error',
      code: 'compose.unknown-jurisdiction',
      message: `--jurisdiction: no reporting duty is catalogued for "${j}" (known: ${known.join(', ') || 'none'})`,
    }));
  const duties =
    root.kind === 'crisis'
      ? catalogue.filter((d) => jurisdictions.includes(d.jurisdiction) && d['applies-to'].includes(root.id))
      : [];
  return { jurisdictions, duties, problems };
}

const DEFAULT_NOTE: Text = { en: 'A default to confirm with counsel.', zh: '此为默认设置，请与法律顾问确认。' };
const pick = (t: Text, lang: 'en' | 'zh') => (typeof t === 'string' ? t : lang === 'zh' ? (t.zh ?? t.en) : t.en);

/**
 * The article as a Chinese reader cites it: "art. 33(1), (3)" is 第33条第1、3款, "Item 1.05" 第1.05项,
 * "(unconfirmed)" 待核实. An article written in words (the catalogue's "recall-plan article") has no
 * Chinese form, so it reads as 具体条款; the English citation keeps the words.
 */
export function articleZh(article: string): string {
  const unconfirmed = /\s*\(unconfirmed\)\s*$/i.test(article);
  const bare = article.replace(/\s*\(unconfirmed\)\s*$/i, '').trim();
  const art = /^arts?\.\s*(\d+)((?:\s*,?\s*\(\d+\))*)$/i.exec(bare);
  const item = /^item\s+([\d.]+)$/i.exec(bare);
  const paragraphs = art?.[2] ? [...art[2].matchAll(/\((\d+)\)/g)].map((m) => m[1]).join('、') : '';
  const zh = art
    ? `第${art[1]}条${paragraphs ? `第${paragraphs}款` : ''}`
    : item
      ? `第${item[1]}项`
      : /^[\x20-\x7e]*[A-Za-z]{2}/.test(bare)
        ? '具体条款'
        : bare;
  return unconfirmed ? `${zh}（待核实）` : zh;
}

/** 2020-01-01 as a Chinese citation writes it: 2020年1月1日. */
const dateZh = (date: string) => localizeFactValue(date, 'zh');

/** "Law, art. N (issued, in force …)" in one language. */
export function dutyCitation(duty: Duty, lang: 'en' | 'zh'): string {
  const src = duty.source;
  if (lang === 'zh') {
    const inForce = src['in-force'] ? `，${dateZh(src['in-force'])}施行` : '';
    return `${pick(src.title, lang)}${articleZh(src.article)}（${dateZh(src.issued)}${inForce}）`;
  }
  const inForce = src['in-force'] ? `, in force ${src['in-force']}` : '';
  return `${pick(src.title, lang)}, ${src.article} (${src.issued}${inForce})`;
}

const ZH_UNITS: Record<string, string> = { s: '秒', m: '分钟', h: '小时', d: '天' };
/** "72h" as a Chinese sentence says it: 72小时. */
const deadlineZh = (deadline: string) =>
  deadline.replace(/(\d+)([smhd])/g, (_, n: string, u: string) => `${n}${ZH_UNITS[u]}`);

/** The guidance of a duty step: recipient, clock, order, source, and the default-to-confirm note. */
function dutyGuidance(duty: Duty, lang: 'en' | 'zh'): string {
  const zh = lang === 'zh';
  const days = duty['business-days']
    ? zh
      ? '（法规按工作日计算，此处按自然日计，只会更早）'
      : ' (the law counts business days; the plan counts calendar days, which is never later)'
    : '';
  const clock = duty.clock
    ? zh
      ? `；法定时限起算点：${pick(duty.clock, 'zh')}`
      : `; the legal clock starts at: ${pick(duty.clock, 'en')}`
    : '';
  const parts = zh
    ? [
        `报告对象：${pick(duty.recipient, 'zh')}。时限：自发现起${deadlineZh(duty.deadline)}内${days}${clock}。`,
        duty['before-public'] ? '须在首次对外声明之前完成。' : '',
        `依据：${dutyCitation(duty, 'zh')}。`,
        duty.statutory ? '' : '法规要求“立即”或“及时”报告，此处时限为默认值。',
        duty.verified ? '' : '出处尚未逐条核实，请法务确认。',
      ]
    : [
        `Report to: ${pick(duty.recipient, 'en')}. Deadline: within ${duty.deadline} of detection${days}${clock}.`,
        duty['before-public'] ? 'This report goes before the first public statement.' : '',
        `Source: ${dutyCitation(duty, 'en')}.`,
        duty.statutory ? '' : 'The rule says "immediately" or similar; the figure is a default.',
        duty.verified ? '' : 'The citation is not yet checked article by article; legal confirms it.',
      ];
  // Chinese sentences end in 。 and need no space between them.
  return [...parts, pick(duty.note ?? DEFAULT_NOTE, lang)].filter((p) => p !== '').join(zh ? '' : ' ');
}

/** A reporting duty as a step: the hour-level time of the report and its reference are recorded. */
export function dutyStep(duty: Duty, owner: string | undefined): PlanStep {
  // A generated step is written in no playbook file: lint reports it without a line.
  const origin = { playbook: 'duties', file: 'duties', path: [] };
  return {
    origin,
    id: `report-${duty.id}`,
    title: duty.title,
    guidance: { en: dutyGuidance(duty, 'en'), zh: dutyGuidance(duty, 'zh') },
    ...(owner ? { owner } : {}),
    due: dutyTarget(duty),
    principles: ['transparency', 'responsibility'],
    tags: ['regulator-report'],
    checklist: [
      ...(duty.content ?? []),
      { en: 'Time sent and reference number recorded', zh: '已记录报送时间和受理编号' },
    ],
    inputs: [
      {
        id: `${duty.id}-at`,
        // The prompt adds the format hint of a time input itself.
        label: { en: 'Time the report was sent', zh: '报送时间' },
        type: 'time',
        required: true,
        origin,
      },
      {
        id: `${duty.id}-ref`,
        label: { en: 'Reference number, if any', zh: '受理编号（如有）' },
        type: 'text',
        origin,
      },
    ],
    ...(duty.trigger ? { when: duty.trigger } : {}),
    phase: 'regulatory-reports',
    source: 'duties',
    duty: {
      id: duty.id,
      jurisdiction: duty.jurisdiction,
      deadline: duty.deadline,
      'before-public': duty['before-public'],
      statutory: duty.statutory,
      verified: duty.verified,
      citation: dutyCitation(duty, 'en'),
    },
  };
}

/**
 * Put each duty where its deadline falls in the walk: before the first phase
 * that holds a step due later, and a duty that must precede the public
 * statement before the phase of the first statement, so a regulator who must
 * hear first is told first.
 */
export function placeDutySteps(phases: PlanPhase[], steps: PlanStep[], targets: Record<string, string>): void {
  if (steps.length === 0) return;
  const ms = (due: string | undefined) =>
    due === undefined ? undefined : (parseDuration(due) ?? parseDuration(own(targets, due) ?? ''));
  const statementPhase = phases.findIndex((p) => p.steps.some((s) => s.statement !== undefined));
  const slots = new Map<number, PlanStep[]>();
  for (const step of [...steps].sort((a, b) => ms(a.due)! - ms(b.due)!)) {
    const deadline = ms(step.due)!;
    let index = phases.findIndex((p, i) => i > 0 && p.steps.some((s) => (ms(s.due) ?? -1) > deadline));
    if (index < 0) index = phases.length;
    if (step.duty?.['before-public'] && statementPhase >= 0) index = Math.min(index, statementPhase);
    slots.set(index, [...(slots.get(index) ?? []), step]);
  }
  const title: Text = { en: 'Report to the regulators', zh: '向监管部门报告' };
  let n = slots.size;
  // Insert from the end so earlier indices stay valid.
  for (const index of [...slots.keys()].sort((a, b) => b - a)) {
    const id = `regulatory-reports${n > 1 ? `-${n}` : ''}`;
    n -= 1;
    const group = slots.get(index)!.map((s) => ({ ...s, phase: id }));
    phases.splice(index, 0, {
      id,
      title,
      mode: 'read-do',
      source: 'duties',
      steps: group,
      origin: { playbook: 'duties', file: 'duties', path: [] },
    });
  }
}
