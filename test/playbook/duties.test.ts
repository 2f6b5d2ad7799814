/**
 * Reporting duties are data (playbooks/duties/): the chosen jurisdictions
 * turn the duties that apply to a crisis into targets and steps with
 * hour-level time inputs, placed so a regulator who must hear first hears
 * first; lint flags a public statement due before such a report.
 */
import { describe, expect, it } from 'vitest';
import { holds } from '../../src/playbook/condition.js';
import { compose, planSteps, type Plan, type PlanStep } from '../../src/playbook/compose.js';
import { parseDuration } from '../../src/playbook/duration.js';
import { checkLibrary, formatProblem } from '../../src/playbook/library.js';
import { articleZh } from '../../src/playbook/duties.js';
import { coerceInput } from '../../src/session/inputs.js';
import type { Input, Severity } from '../../src/playbook/types.js';
import { library } from '../library/builtin.js';
import { CRISIS, FIXTURE_FILES, posOf } from '../helpers/fixtures.js';
import { libraryOf, plain, yaml } from '../helpers/library.js';

function planOf(id: string, jurisdictions?: string[], severity: Severity = 'high'): Plan {
  const result = compose(library(), id, { severity, ...(jurisdictions ? { jurisdictions } : {}) });
  expect(result.problems.map(formatProblem)).toEqual([]);
  return result.plan!;
}
const stepIn = (plan: Plan, id: string): PlanStep => {
  const found = planSteps(plan).find((s) => s.id === id);
  if (!found) throw new Error(`no step ${id} in ${plan.id}`);
  return found;
};
const indexIn = (plan: Plan, id: string) => planSteps(plan).findIndex((s) => s.id === id);
const dueMs = (plan: Plan, step: PlanStep) => parseDuration(step.due!) ?? parseDuration(plan.targets[step.due!]!)!;

describe('cybersecurity under the CN cybersecurity incident reporting measures (CAC 2025, art. 4)', () => {
  const plan = planOf('cybersecurity');
  const grade = { 'cn-incident-grade': 'relatively-major' };

  it('defaults to cn: an ordinary operator at 较大 grade reports to the provincial office within 4h, before the statement', () => {
    expect(plan.jurisdictions).toEqual(['cn']);
    const report = stepIn(plan, 'report-cn-cyber-report-other');
    const statement = stepIn(plan, 'issue-first-statement');
    expect(plan.targets['duty-cn-cyber-report-other']).toBe('4h');
    expect(holds(report.when, { ...grade, 'operator-type': 'other' }, 'high')).toBe(true);
    expect(holds(report.when, { 'cn-incident-grade': 'ordinary', 'operator-type': 'other' }, 'high')).toBe(false);
    expect(dueMs(plan, report)).toBeLessThanOrEqual(dueMs(plan, statement));
    expect(indexIn(plan, 'report-cn-cyber-report-other')).toBeLessThan(indexIn(plan, 'issue-first-statement'));
    expect(report.duty).toMatchObject({ 'before-public': true, statutory: true, verified: true });
    expect(report.duty!.citation).toBe(
      'National Cybersecurity Incident Reporting Management Measures, art. 4 (2025-09-11, in force 2025-11-01)',
    );
  });

  it('a CII operator gets 1h, a central state body 2h', () => {
    const cii = stepIn(plan, 'report-cn-cyber-report-cii');
    const central = stepIn(plan, 'report-cn-cyber-report-central');
    expect(plan.targets[cii.due!]).toBe('1h');
    expect(plan.targets[central.due!]).toBe('2h');
    expect(holds(cii.when, { ...grade, 'operator-type': 'cii' }, 'high')).toBe(true);
    expect(holds(cii.when, { ...grade, 'operator-type': 'other' }, 'high')).toBe(false);
    expect(holds(central.when, { ...grade, 'operator-type': 'central-state-body' }, 'high')).toBe(true);
    expect(indexIn(plan, cii.id)).toBeLessThan(indexIn(plan, 'issue-first-statement'));
  });

  it('every regulator notice records a time (hour level), never a date; each duty step says it is a default', () => {
    const reports = planSteps(planOf('cybersecurity', ['cn', 'eu', 'us'])).filter((s) => s.duty);
    expect(reports.map((s) => s.id)).toEqual(
      expect.arrayContaining(['report-cn-cyber-report-other', 'report-eu-gdpr-breach-authority']),
    );
    for (const s of reports) {
      expect(s.inputs?.[0]).toMatchObject({ id: `${s.duty!.id}-at`, type: 'time', required: true });
      expect(typeof s.guidance === 'object' && s.guidance.en).toContain('Default; confirm with counsel.');
      expect(typeof s.guidance === 'object' && s.guidance.zh).toContain('请与法律顾问确认');
    }
    const regulatorInputs = planSteps(planOf('cybersecurity', []))
      .flatMap((s) => s.inputs ?? [])
      .filter((i) => /regulator|notified/.test(i.id));
    expect(regulatorInputs.filter((i) => i.type === 'date')).toEqual([]);
  });
});

describe('choosing jurisdictions', () => {
  it('--jurisdiction eu adds the GDPR art. 33 72h duty and drops the CN ones', () => {
    const plan = planOf('cybersecurity', ['eu']);
    expect(plan.jurisdictions).toEqual(['eu']);
    expect(plan.targets['duty-eu-gdpr-breach-authority']).toBe('72h');
    const art33 = stepIn(plan, 'report-eu-gdpr-breach-authority');
    expect(art33.when).toEqual({ fact: 'personal-data-involved', equals: true });
    expect(art33.duty!.citation).toContain('art. 33(1)');
    expect(planSteps(plan).some((s) => s.id.startsWith('report-cn-'))).toBe(false);
    // A 72h duty does not sit in the first hour of the walk.
    expect(indexIn(plan, art33.id)).toBeGreaterThan(indexIn(plan, 'issue-first-statement'));
  });

  it('cn,eu,us together: the SEC duty counts business days and needs a materiality determination', () => {
    const plan = planOf('cybersecurity', ['cn', 'eu', 'us']);
    const sec = stepIn(plan, 'report-us-sec-8k-item-105');
    expect(plan.targets[sec.due!]).toBe('4d');
    expect(holds(sec.when, { 'sec-registrant': true, 'incident-material': true }, 'high')).toBe(true);
    expect(holds(sec.when, { 'sec-registrant': true }, 'high')).toBe(false);
    expect(typeof sec.guidance === 'object' && sec.guidance.en).toContain('business days');
  });

  it('no jurisdiction: no duty steps, and the generic regulator step takes their place', () => {
    const plan = planOf('cybersecurity', []);
    expect(planSteps(plan).filter((s) => s.duty)).toEqual([]);
    expect(stepIn(plan, 'notify-regulator').due).toBe('regulator-notice');
    expect(planSteps(planOf('cybersecurity')).some((s) => s.id === 'notify-regulator')).toBe(false);
  });

  it('product-quality under cn: the harm report and the food recall clocks (24/36/48h, SAMR 2026 revision)', () => {
    const plan = planOf('product-quality');
    expect(plan.targets['duty-cn-food-recall-level-1']).toBe('24h');
    expect(plan.targets['duty-cn-food-recall-level-2']).toBe('36h');
    expect(plan.targets['duty-cn-food-recall-level-3']).toBe('48h');
    const level2 = stepIn(plan, 'report-cn-food-recall-level-2');
    const level3 = stepIn(plan, 'report-cn-food-recall-level-3');
    expect(level2.duty).toMatchObject({ deadline: '36h', verified: false });
    expect(level3.duty).toMatchObject({ deadline: '48h', verified: false });
    expect(level2.duty!.citation).toBe(
      'Food Recall Administration Measures (CFDA Order No. 12, 2015; revised by SAMR in 2026), ' +
        'art. 13 (unconfirmed) (2015-03-11, in force 2015-09-01)',
    );
    const { en, zh } = level3.guidance as { en: string; zh: string };
    expect(en).toContain('Deadline: within 48h of detection');
    expect(en).toContain('were revised by SAMR in 2026 to 24/36/48 hours (reported by Xinhua, 2026-02-11)');
    expect(en).toContain('The earlier clock is kept as the safe default. Default; confirm with counsel.');
    expect(zh).toContain('时限：自发现起48小时内');
    expect(zh).toContain('第13条（待核实）');
    expect(zh).toContain('修订为24、36、48小时（据新华社2026年2月11日报道）');
    expect(zh).toContain('默认设置，请与法律顾问确认。');
    const harm = stepIn(plan, 'report-cn-product-harm-report');
    expect(harm.duty).toMatchObject({ verified: false });
    expect(typeof harm.guidance === 'object' && harm.guidance.en).toContain('not yet checked article by article');
    const level1 = stepIn(plan, 'report-cn-food-recall-level-1');
    expect(holds(level1.when, { 'food-recall-level': 'level-1' }, 'high')).toBe(true);
    expect(holds(level1.when, { 'food-recall-level': 'not-food' }, 'high')).toBe(false);
  });

  it('an unknown jurisdiction is a problem naming the flag and the known codes', () => {
    const result = compose(library(), 'cybersecurity', { jurisdictions: ['xx'] });
    expect(result.plan).toBeUndefined();
    expect(plain(result.problems)).toEqual([
      {
        file: '--jurisdiction',
        severity: 'error',
        code: 'compose.unknown-jurisdiction',
        message: '--jurisdiction: no reporting duty is catalogued for "xx" (known: cn, eu, us)',
      },
    ]);
  });
});

describe('lint: a regulator who must hear first', () => {
  const DUTIES = yaml`
    id: test-duties
    kind: duties
    title: Test duties
    duties:
      - id: tt-report
        jurisdiction: tt
        title: Report to the widget authority
        applies-to: [widget-recall]
        trigger: { fact: safety-risk, equals: true }
        recipient: the widget authority
        deadline: 4h
        statutory: true
        before-public: true
        source: { title: Widget Act, article: art. 9, issued: 2025-01-01 }
        verified: true
        note: Default; confirm with counsel.
  `;
  const withJurisdiction = CRISIS.replace('review: post-crisis', 'review: post-crisis\njurisdictions: [tt]');

  it('regulatory.after-public: the first statement (1h) falls due before a 4h report that must precede it', () => {
    const problems = checkLibrary(
      libraryOf({ ...FIXTURE_FILES, 'crises/widget-recall.yaml': withJurisdiction, 'duties/test-duties.yaml': DUTIES }),
    );
    expect(plain(problems.filter((p) => p.code === 'regulatory.after-public'))).toEqual([
      {
        file: 'crises/widget-recall.yaml',
        ...posOf(withJurisdiction, 'assessment: 30m'),
        severity: 'warning',
        code: 'regulatory.after-public',
        message:
          'public statement "wr-statement" (due first-statement) falls due before "report-tt-report" (due 4h), a report Widget Act, art. 9 (2025-01-01) requires before going public; move the statement later or tighten the report',
      },
    ]);
  });

  it('is quiet once the report is due first', () => {
    const sooner = DUTIES.replace('deadline: 4h', 'deadline: 30m');
    const problems = checkLibrary(
      libraryOf({ ...FIXTURE_FILES, 'crises/widget-recall.yaml': withJurisdiction, 'duties/test-duties.yaml': sooner }),
    );
    expect(problems.map(formatProblem)).toEqual([]);
  });

  it('a trigger naming no fact of the plan is an error', () => {
    const bad = DUTIES.replace('fact: safety-risk', 'fact: no-such-fact');
    const problems = checkLibrary(
      libraryOf({ ...FIXTURE_FILES, 'crises/widget-recall.yaml': withJurisdiction, 'duties/test-duties.yaml': bad }),
    );
    expect(problems.filter((p) => p.code === 'when.unknown-fact').map((p) => p.message)).toEqual([
      'when: fact "no-such-fact" is not an input of plan widget-recall',
    ]);
  });
});

describe('the time input type', () => {
  const input: Input = { id: 'reported-at', label: 'Reported at', type: 'time' };
  it.each([
    ['2026-01-01 09:30', '2026-01-01 09:30'],
    ['2026-01-01T09:30', '2026-01-01 09:30'],
    ['2026-01-01 09:30:15', '2026-01-01 09:30'],
    ['2026-01-01T09:30+08:00', '2026-01-01T01:30Z'],
    ['2026-01-01 23:59Z', '2026-01-01T23:59Z'],
    // the offsets at the ends of civil time: Kiribati (+14:00), Baker Island (-12:00), Chatham (+12:45)
    ['2026-01-01 09:00 +14:00', '2025-12-31T19:00Z'],
    ['2026-01-01 09:00 -1200', '2026-01-01T21:00Z'],
    ['2026-01-01 09:00+12:45', '2025-12-31T20:15Z'],
  ])('%s becomes %s', (raw, value) => {
    expect(coerceInput(input, raw)).toEqual({ value });
  });
  it.each([
    '2026-01-01',
    '09:30',
    '2026-02-30 09:30',
    '2026-01-01 24:00',
    '2026-01-01 09:60',
    'soon',
    // offsets no place uses: refused, not turned into an invalid date (which threw RangeError at the prompt)
    '2026-01-01 09:00 +99:99',
    '2026-01-01 09:00 +14:60',
    '2026-03-02 02:00 +25:00',
    '2026-01-01 09:00 -2400',
    '2026-01-01 09:00 +14:01',
    '2026-01-01 09:00 -12:30',
  ])('%s is refused with the expected format', (raw) => {
    expect(coerceInput(input, raw)).toEqual({
      error:
        `reported-at: expected a time as HH:MM (today) or YYYY-MM-DD HH:MM, optionally with a zone (Z, +08:00), ` +
        `got "${raw}"`,
      // the same sentence, for a refusal worded in the session's language when it is printed
      said: {
        key: 'input.invalid',
        params: { id: 'reported-at', problem: { key: 'input.expectTime', params: { raw } } },
      },
      // and without the input's name, for a message that names it already (an answers file's responses[i].inputs.ID)
      problem: { key: 'input.expectTime', params: { raw } },
    });
  });
});

describe('a duty in Chinese', () => {
  it.each([
    ['art. 4', '第4条'],
    ['art. 33(1), (3), (4)', '第33条第1、3、4款'],
    ['art. 8 (unconfirmed)', '第8条（待核实）'],
    ['Item 1.05', '第1.05项'],
    ['recall-plan article (unconfirmed)', '具体条款（待核实）'],
    ['第十二条', '第十二条'],
  ])('cites %s as %s', (article, zh) => {
    expect(articleZh(article)).toBe(zh);
  });

  it('reads without a Latin word: article, dates and deadline in Chinese, sentences without spaces', () => {
    const plan = planOf('product-quality', ['cn']);
    const harm = stepIn(plan, 'report-cn-product-harm-report');
    const zh = typeof harm.guidance === 'object' ? harm.guidance.zh! : '';
    expect(zh).toContain('自发现起2天内');
    expect(zh).toContain('第8条（待核实）（2019年11月21日，2020年1月1日施行）。出处尚未逐条核实');
    expect(zh.match(/[A-Za-z]{2,}/g)).toBeNull();
    expect(harm.inputs?.[0]?.label).toEqual({ en: 'Time the report was sent', zh: '报送时间' });
  });
});

describe('the consumer-product harm report (SAMR Order 19)', () => {
  // The parallel Guangdong provision reads 已经造成或者可能造成 (has caused or may cause): both languages ask that.
  it('asks in English as in Chinese whether the product has caused or may cause the harm, or was recalled outside China', () => {
    const plan = planOf('product-quality', ['cn']);
    const input = stepIn(plan, 'check-safety-risk').inputs?.find((i) => i.id === 'harm-reported');
    expect(input?.label).toEqual({
      en: 'Has the product caused, or could it cause, death, serious injury or major property loss, or been recalled outside China?',
      zh: '是否已造成或可能造成死亡、严重人身伤害、重大财产损失，或已在境外召回？',
    });
    const harm = stepIn(plan, 'report-cn-product-harm-report');
    expect(harm.when).toEqual({ fact: 'harm-reported', equals: true });
    expect(harm.duty).toMatchObject({ deadline: '2d', verified: false });
    expect(typeof harm.guidance === 'object' && harm.guidance.en).toContain(
      'Interim Provisions on the Administration of Consumer Product Recalls (SAMR Order No. 19), art. 8 (unconfirmed)',
    );
  });

  it('is titled by both triggers of the rule, the possible harm and a recall outside China, with its unconfirmed article', () => {
    const harm = stepIn(planOf('product-quality', ['cn']), 'report-cn-product-harm-report');
    expect(harm.title).toEqual({
      en:
        'Report to the market regulator: the product has caused or may cause death, serious injury or major property ' +
        'loss, or was recalled outside China (Order 19 art. 8, unconfirmed)',
      zh: '向市场监督管理部门报告：产品已经造成或者可能造成死亡、严重人身伤害、重大财产损失，或已在境外实施召回（第19号令第8条，待核实）',
    });
    // The report says what may happen as well as what did, and covers a recall abroad.
    expect(harm.checklist?.[1]).toEqual({
      en: 'What happened or may happen, to whom, when and where; for a recall outside China, where, when and why',
      zh: '已经发生或可能发生的情况：涉及人员、时间、地点；在境外实施召回的，召回地、时间和原因',
    });
  });
});

describe('an input that does not fit, in Chinese', () => {
  it('says so in Chinese at a zh prompt, and in English by default', () => {
    const at: Input = { id: 'reported-at', label: 'Reported at', type: 'time' };
    expect(coerceInput(at, 'soon', 'zh').error).toBe(
      'reported-at：请按“时:分”（今天，如 18:00）或“年-月-日 时:分”（如 2026-11-30 18:00，可加时区，如 +08:00）填写时间，' +
        '收到的是“soon”',
    );
    expect(coerceInput({ ...at, type: 'number' }, 'many', 'zh').error).toBe(
      'reported-at：请填一个数字，收到的是“many”',
    );
    expect(coerceInput({ ...at, type: 'number' }, 'many').error).toBe('reported-at: expected a number, got "many"');
  });
});
