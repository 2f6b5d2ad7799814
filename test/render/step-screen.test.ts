/**
 * The step screen's check-back line: a time of day someone agreed to, in the
 * session's zone and the operator's language, not a T+ offset.
 */
import { describe, expect, it } from 'vitest';
import { renderStepScreen } from '../../src/render/step-screen.js';
import { initialState } from '../../src/session/replay.js';
import { localize } from '../../src/playbook/text.js';
import { T0, sessionPlan } from '../helpers/session-plan.js';
import { compose, planSteps, type Plan } from '../../src/playbook/compose.js';
import type { Scalar } from '../../src/playbook/types.js';
import { library } from '../library/builtin.js';

const plain = { bold: (s: string) => s, dim: (s: string) => s, red: (s: string) => s, yellow: (s: string) => s };
const style = { ...plain, cyan: (s: string) => s };
const plan = sessionPlan('medium');
const step = plan.phases[0]!.steps[0]!;
const assigned = (facts = {}) => ({
  ...initialState(),
  startedAt: T0,
  facts,
  steps: { [step.id]: { status: 'open' as const, assignedTo: 'Dana', checkBackAt: T0 + 70 * 60_000 } },
});
const screen = (state: ReturnType<typeof assigned>, lang: 'en' | 'zh', clock?: { zone: string; label: boolean }) =>
  renderStepScreen(plan, state, step, { n: 1, total: 6 }, T0, lang, style, clock).join('\n');

describe('check-back time on the step screen', () => {
  it('en: the day and the time in the session zone', () => {
    expect(screen(assigned(), 'en', { zone: 'Asia/Shanghai', label: false })).toContain(
      'assigned to Dana, check back at 1 Jan 2026 18:10',
    );
  });

  it('zh: 2026年1月1日 18:10', () => {
    expect(screen(assigned(), 'zh', { zone: 'Asia/Shanghai', label: false })).toContain(
      '已指派给 Dana，2026年1月1日 18:10 回访',
    );
  });

  it("with no clock given, the organisation's zone from the profile, with its offset said", () => {
    expect(screen(assigned({ 'org-time-zone': 'Asia/Shanghai' }), 'en')).toContain(
      'check back at 1 Jan 2026 18:10 (GMT+8)',
    );
    expect(screen(assigned(), 'en')).toContain('check back at 1 Jan 2026 10:10');
  });

  it('no T+ offset is left on the check-back line', () => {
    const line = screen(assigned(), 'en', { zone: 'UTC', label: false })
      .split('\n')
      .find((l) => l.includes('check back'));
    expect(line).not.toMatch(/T\+/);
  });
});

describe("the step's id after its title", () => {
  it('in the brackets of the screen language: （id） in Chinese, with no space before them; (id) in English', () => {
    const state = { ...initialState(), startedAt: T0 };
    const line = (lang: 'en' | 'zh') => renderStepScreen(plan, state, step, { n: 1, total: 6 }, T0, lang, style)[1];
    expect(line('zh')).toBe(`${localize(step.title, 'zh')}（${step.id}）`);
    expect(line('en')).toBe(`${localize(step.title, 'en')} (${step.id})`);
  });
});

describe('the "applies because" line: the answers that make the step apply, by their short questions', () => {
  const pq = compose(library(), 'product-quality', { severity: 'high', jurisdictions: ['cn'] }).plan!;
  const cyber = compose(library(), 'cybersecurity', { severity: 'high', jurisdictions: ['cn'] }).plan!;
  const applies = (p: Plan, id: string, facts: Record<string, Scalar>, lang: 'en' | 'zh') => {
    const s = planSteps(p).find((x) => x.id === id)!;
    const state = { ...initialState(), startedAt: T0, severity: 'high' as const, facts };
    return renderStepScreen(p, state, s, { n: 1, total: 9 }, T0, lang, style).find((l) =>
      /^(applies because|适用原因)/.test(l),
    );
  };

  it('the harm report: the answer first, then the question, in English and Chinese', () => {
    const facts = { 'harm-reported': true };
    expect(applies(pq, 'report-cn-product-harm-report', facts, 'en')).toBe(
      'applies because you answered yes to “Has the product caused, or could it cause, death, serious injury or ' +
        'major property loss, or been recalled outside China?”',
    );
    expect(applies(pq, 'report-cn-product-harm-report', facts, 'zh')).toBe(
      '适用原因：“是否已造成或可能造成死亡、严重人身伤害、重大财产损失，或已在境外召回？”回答为“是”',
    );
  });

  it('a question without its help for answering: no "(If unsure, answer yes.)", no nested quotes in Chinese', () => {
    const facts = { 'defect-confirmed': true, 'safety-risk': true };
    expect(applies(pq, 'report-cn-product-recall-plan', facts, 'en')).toBe(
      'applies because you answered yes to “Has a design or production defect been confirmed by tests or experts?” ' +
        'and yes to “Could the product harm people or property?”',
    );
    expect(applies(pq, 'report-cn-product-recall-plan', facts, 'zh')).toBe(
      '适用原因：“是否已经检测或专家确认存在设计或生产缺陷？”回答为“是”，“产品是否可能危及人身或财产安全？”回答为“是”',
    );
  });

  it('of an any, only the branch that holds, with the answer given rather than every value that would do', () => {
    const facts = { 'cn-incident-grade': 'major', 'operator-type': 'other' };
    expect(applies(cyber, 'regulator-report-cn-cyber-incident', facts, 'en')).toBe(
      'applies because you answered “Major” to “Incident grade under the CAC grading guide” and ' +
        '“Any other network operator” to “Which kind of network operator we are”',
    );
    expect(applies(cyber, 'regulator-report-cn-cyber-incident', facts, 'zh')).toBe(
      '适用原因：“按《网络安全事件分级指南》研判的事件级别”回答为“重大”，“本单位属于哪类网络运营者”回答为“其他网络运营者”',
    );
  });

  it('before the answer is recorded, the condition itself, with the same short question', () => {
    expect(applies(pq, 'notify-regulator', {}, 'en')).toBe(
      'applies because: “Could the product harm people or property?” is yes',
    );
    expect(applies(pq, 'notify-regulator', {}, 'zh')).toBe('适用原因：“产品是否可能危及人身或财产安全？”为“是”');
  });
});

describe('the owner and due line at the width of the terminal', () => {
  const pq = compose(library(), 'product-quality', { severity: 'high', jurisdictions: ['cn'] }).plan!;
  const rate = planSteps(pq).find((x) => x.id === 'rate-severity')!;
  const state = {
    ...initialState(),
    startedAt: T0,
    severity: 'high' as const,
    roles: { 'incident-lead': '王伟' },
  };
  const meta = (lang: 'en' | 'zh', columns?: number) =>
    renderStepScreen(pq, state, rate, { n: 5, total: 60 }, T0 + 60_000, lang, style, undefined, { columns }).slice(
      2,
      4,
    );

  it('at 60 columns in Chinese the owner and the due time each have a line, the time left not cut in two', () => {
    expect(meta('zh', 60)).toEqual(['负责：危机总指挥 — 王伟', '时限 T+00:30（完成评估），还剩 29分钟']);
  });

  it('where they fit, and with no width known (not a terminal), one line as before', () => {
    expect(meta('zh', 120)[0]).toBe('负责：危机总指挥 — 王伟   时限 T+00:30（完成评估），还剩 29分钟');
    expect(meta('zh')[0]).toBe('负责：危机总指挥 — 王伟   时限 T+00:30（完成评估），还剩 29分钟');
    expect(meta('en', 80)[0]).toBe('owner: Incident lead — 王伟   due T+00:30 (Assessment), 29m left');
    expect(meta('en', 60)).toEqual(['owner: Incident lead — 王伟', 'due T+00:30 (Assessment), 29m left']);
  });
});

describe("a duty's written report has the due line of the duty it is sent for", () => {
  const cyber = (jurisdictions: string[]) =>
    compose(library(), 'cybersecurity', { severity: 'high', jurisdictions }).plan!;
  const dueLine = (p: Plan, id: string, facts: Record<string, Scalar>, lang: 'en' | 'zh') => {
    const s = planSteps(p).find((x) => x.id === id)!;
    const state = { ...initialState(), startedAt: T0, severity: 'high' as const, facts };
    return renderStepScreen(p, state, s, { n: 1, total: 9 }, T0, lang, style).find((l) => /(^|\s)(due|时限) /.test(l));
  };
  const grade = { 'cn-incident-grade': 'relatively-major' };

  it('the PIPL notice: due with its duty, 4h', () => {
    const facts = { 'personal-data-involved': true };
    expect(dueLine(cyber(['cn']), 'regulator-report-cn-pipl-notice', facts, 'en')).toContain(
      'due T+04:00 (4h), 4h left',
    );
    expect(dueLine(cyber(['cn']), 'regulator-report-cn-pipl-notice', facts, 'zh')).toContain('时限 T+04:00（4小时）');
  });

  it('the CAC report shared by three tiers: due with the tier that applies, the earliest while none does', () => {
    const p = cyber(['cn']);
    const id = 'regulator-report-cn-cyber-incident';
    expect(dueLine(p, id, { ...grade, 'operator-type': 'cii' }, 'en')).toContain('due T+01:00 (1h), 1h left');
    expect(dueLine(p, id, { ...grade, 'operator-type': 'central-state-body' }, 'en')).toContain('due T+02:00 (2h)');
    expect(dueLine(p, id, { ...grade, 'operator-type': 'other' }, 'en')).toContain('due T+04:00 (4h), 4h left');
    expect(dueLine(p, id, {}, 'en')).toContain('due T+01:00 (1h)');
  });

  it('counts from detection, as its duty step does', () => {
    const p = cyber(['cn']);
    const facts = { ...grade, 'operator-type': 'other', 'detected-at': new Date(T0 - 90 * 60_000).toISOString() };
    expect(dueLine(p, 'regulator-report-cn-cyber-incident', facts, 'en')).toContain(
      'due T+02:30 (4h from detection at T-01:30), 2h30m left',
    );
    expect(dueLine(p, 'report-cn-cyber-report-other', facts, 'en')).toContain(
      'due T+02:30 (4h from detection at T-01:30), 2h30m left',
    );
  });
});
