/**
 * The step screen's check-back line: a time of day someone agreed to, in the
 * session's zone and the operator's language, not a T+ offset.
 */
import { describe, expect, it } from 'vitest';
import { renderStepScreen } from '../../src/render/step-screen.js';
import { initialState } from '../../src/session/replay.js';
import { localize } from '../../src/playbook/text.js';
import { T0, sessionPlan } from '../helpers/session-plan.js';

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
