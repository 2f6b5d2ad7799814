import { localizeFactValue } from './dates.js';
import { parseDuration } from './duration.js';
import type { LibraryEntry, PlanPhase, PlanStep, PlaybookLookup } from './compose.js';
import type { Condition, Duty, Problem, Scalar, Text } from './types.js';
import { own } from '../text/own.js';
import { say } from '../text/messages.js';
import { problem } from './origin.js';
import { isPublicStatement } from './constants.js';

/**
 * Reporting duties (playbooks/duties/) turned into plan steps: which duties a
 * crisis carries for the chosen jurisdictions, the step and target each
 * becomes, and where it goes in the walk.
 */

/** The fact its step records the time a duty's report was sent in: the deadline is judged by it (progress.ts). */
export const dutySentFact = (dutyId: string): string => `${dutyId}-at`;

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
    .map((j) =>
      problem(
        { file: '--jurisdiction', severity: 'error', code: 'compose.unknown-jurisdiction' },
        say('problem.compose.jurisdiction', { id: j, known: known.join(', ') || say('common.none') }),
      ),
    );
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
      // A written report carries the contents in its sections: the checklist points at it instead of repeating them.
      ...(duty.report
        ? [
            {
              en: `Report text issued in step ${reportStepId(duty.report.id)} (the log keeps what was sent)`,
              zh: `报告正文已在步骤 ${reportStepId(duty.report.id)} 中发出（日志保存所报送的文本）`,
            },
          ]
        : (duty.content ?? [])),
      { en: 'Time sent and reference number recorded', zh: '已记录报送时间和受理编号' },
    ],
    inputs: [
      {
        id: dutySentFact(duty.id),
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
 * The condition that holds when any of these triggers does (none when one duty always applies); triggers that
 * each test one value of the same fact read as one "is one of" test.
 */
function anyOf(triggers: ReadonlyArray<Condition | undefined>): Condition | undefined {
  if (triggers.some((t) => t === undefined)) return undefined;
  const all = triggers as Condition[];
  if (all.length === 1) return all[0];
  const fact = all.every((t) => 'equals' in t && t.fact === (all[0] as { fact: string }).fact);
  if (fact) return { fact: (all[0] as { fact: string }).fact, in: all.map((t) => (t as { equals: Scalar }).equals) };
  return { any: all };
}

/** The statement step a duty's written report becomes. */
export const reportStepId = (reportId: string): string => `regulator-report-${reportId}`;

/** "Cyberspace Administration Measures, art. 4 (2025-09-11, in force 2025-11-01)" for a report's structure. */
const structureCitation = (duty: Duty, lang: 'en' | 'zh') =>
  dutyCitation({ ...duty, source: duty.report!.structure }, lang);

/**
 * The written report of the duties that share it (one report serves the three
 * cyber-incident tiers): a statement on the `regulator` channel, due with the
 * earliest of them (in a session, with the first whose trigger holds),
 * applying when any of them does. Issuing it logs the text
 * the regulator received; the duty step then records when it was sent.
 */
export function reportStep(duties: readonly Duty[], owner: string | undefined, approver: string | undefined): PlanStep {
  const first = duties[0]!;
  // Due with the earliest deadline of the duties it serves (a report sent by it is never late for any of them).
  const byDeadline = [...duties].sort((a, b) => (parseDuration(a.deadline) ?? 0) - (parseDuration(b.deadline) ?? 0));
  const report = first.report!;
  const origin = { playbook: 'duties', file: 'duties', path: [] };
  const when = anyOf(duties.map((d) => d.trigger));
  const guidance = (lang: 'en' | 'zh') =>
    lang === 'zh'
      ? `报告各部分按${structureCitation(first, 'zh')}所列内容的顺序编排` +
        `${report.verified ? '' : '（出处尚未逐条核实）'}。尚不清楚的事项如实写“正在调查”，之后及时补报。` +
        '须在对应报告义务的时限内发出；发出后，在该报告义务步骤中记录报送时间和受理编号。' +
        `${pick(first.note ?? DEFAULT_NOTE, 'zh')}`
      : `The sections follow the report contents of ${structureCitation(first, 'en')}` +
        `${report.verified ? '' : ' (not yet checked article by article)'}. Where a fact is not known yet, say ` +
        '"under investigation" and send a supplementary report later. It is due by the deadline of the duty step it ' +
        `serves; once it is sent, record the time and the reference there. ${pick(first.note ?? DEFAULT_NOTE, 'en')}`;
  return {
    origin,
    id: reportStepId(report.id),
    title: report.title,
    guidance: { en: guidance('en'), zh: guidance('zh') },
    ...(owner ? { owner } : {}),
    // The tiers sharing it differ (1h, 2h, 4h): in a session the duty step that applies times it (stepDueAt).
    due: dutyTarget(byDeadline[0]!),
    sends: byDeadline.map((d) => `report-${d.id}`),
    principles: ['transparency', 'responsibility'],
    ...(report.inputs ? { inputs: report.inputs.map((input) => ({ ...input, origin })) } : {}),
    statement: { regulator: report.template },
    ...(approver ? { 'approve-by': approver } : {}),
    ...(when ? { when } : {}),
    phase: 'regulatory-reports',
    source: 'duties',
  };
}

/**
 * Put each duty where its deadline falls in the walk: before the first phase
 * that holds a step due later, and a duty that must precede the public
 * statement before the phase of the first statement, so a regulator who must
 * hear first is told first.
 */
export function placeDutySteps(
  phases: PlanPhase[],
  steps: PlanStep[],
  targets: Record<string, string>,
  reports: ReadonlyMap<string, PlanStep> = new Map(),
): void {
  if (steps.length === 0) return;
  const ms = (due: string | undefined) =>
    due === undefined ? undefined : (parseDuration(due) ?? parseDuration(own(targets, due) ?? ''));
  const statementPhase = phases.findIndex((p) => p.steps.some(isPublicStatement));
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
  // The duty step each report leads: the first in walk order among those that send it.
  const leads = new Map<string, string>();
  for (const index of [...slots.keys()].sort((a, b) => a - b))
    for (const step of slots.get(index)!) {
      const report = reports.get(step.id);
      if (report && !leads.has(report.id)) leads.set(report.id, step.id);
    }
  // Insert from the end so earlier indices stay valid.
  for (const index of [...slots.keys()].sort((a, b) => b - a)) {
    const id = `regulatory-reports${n > 1 ? `-${n}` : ''}`;
    n -= 1;
    // A written report goes just before the first duty step that sends it.
    const group = slots
      .get(index)!
      .flatMap((s) => {
        const report = reports.get(s.id);
        return report && leads.get(report.id) === s.id ? [report, s] : [s];
      })
      .map((s) => ({ ...s, phase: id }));
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
