/**
 * A statement the playbook puts after a legal check (a step tagged
 * legal-review before it) is not issued quietly while that check is open:
 * the screen names the check in one line and asks; going ahead is a
 * decision in the log with the reason, going to the check keeps the draft.
 */
import { describe, expect, it } from 'vitest';
import { InteractiveDriver } from '../../src/drive/interactive.js';
import { LiveSession } from '../../src/drive/live-session.js';
import type { Choice, Prompter } from '../../src/drive/prompter.js';
import { runSession } from '../../src/drive/runner.js';
import { compose, type Plan } from '../../src/playbook/compose.js';
import type { Lang } from '../../src/playbook/types.js';
import type { Action } from '../../src/session/decide.js';
import { initialState } from '../../src/session/replay.js';
import { openLegalChecks } from '../../src/session/statement.js';
import { FIXTURE_FILES } from '../helpers/fixtures.js';
import { MemoryStore, T0, sessionLibrary, startAction } from '../helpers/session-plan.js';

function widgetPlan(): Plan {
  const { plan } = compose(sessionLibrary(FIXTURE_FILES), 'widget-recall', {});
  if (!plan) throw new Error('widget-recall does not compose');
  return plan;
}

const plain = { bold: (s: string) => s, dim: (s: string) => s, red: (s: string) => s, yellow: (s: string) => s };
const style = { ...plain, cyan: (s: string) => s };

/** Answers in the order they are asked; every question kept, as `kind message`. */
function scripted(answers: Array<string | boolean>): { prompter: Prompter; asked: string[] } {
  const asked: string[] = [];
  const next = (kind: string, message: string) => {
    asked.push(`${kind} ${message}`);
    if (answers.length === 0) return 'pause';
    return answers.shift()!;
  };
  const prompter: Prompter = {
    select: <T extends string>(message: string, _choices: ReadonlyArray<Choice<T>>) =>
      Promise.resolve(next('select', message) as T),
    input: (message) => Promise.resolve(String(next('input', message))),
    confirm: (message) => Promise.resolve(next('confirm', message) === true),
    editor: (_m, text) => Promise.resolve(text),
  };
  return { prompter, asked };
}

/** widget-recall with the spokesperson named, the operator at the first statement; `before` acts first. */
async function atFirstStatement(answers: Array<string | boolean>, lang: Lang = 'en', before: Action[] = []) {
  const plan = widgetPlan();
  const store = new MemoryStore('20260101-090000-widget-recall-abcd');
  const session = new LiveSession(plan, store, { now: () => T0 }, 'alice');
  await session.act(startAction(plan));
  await session.act({ type: 'complete', step: 'tf-name-leads', inputs: { 'spokesperson-name': 'Li Na' } });
  for (const action of before) await session.act(action);
  await session.act({ type: 'focus', step: 'cm-first-statement' });
  const { prompter, asked } = scripted(answers);
  const printed: string[] = [];
  const driver = new InteractiveDriver(prompter, (line = '') => printed.push(line), style);
  const result = await runSession(session, driver, { lang });
  return { result, asked, printed, events: store.events.slice(3 + before.length) };
}

describe('openLegalChecks: which legal checks hold a statement up', () => {
  const plan = widgetPlan();
  const state = { ...initialState(), startedAt: T0 };
  it('an open legal-review step before the statement; none after it', () => {
    expect(openLegalChecks(plan, state, 'cm-first-statement').map((s) => s.id)).toEqual(['cm-legal-check']);
    // wr-statement comes before cm-legal-check in the plan: that check reviews something else.
    expect(openLegalChecks(plan, state, 'wr-statement')).toEqual([]);
  });

  it.each([
    ['open', ['cm-legal-check']],
    ['blocked', ['cm-legal-check']],
    ['skipped', ['cm-legal-check']],
    ['done', []],
  ] as const)('a check that is %s', (status, expected) => {
    const s = { ...state, steps: { 'cm-legal-check': { status } } };
    expect(openLegalChecks(plan, s, 'cm-first-statement').map((x) => x.id)).toEqual(expected);
  });
});

describe('issuing before the legal check', () => {
  it('warns in one line naming the check; going ahead needs a reason, logged as a decision before the issue', async () => {
    const run = await atFirstStatement([
      'issue',
      'accept',
      'anyway',
      'the regulator asked us to publish now',
      true,
      'Wang',
    ]);
    expect(run.printed).toContain(
      '⚠ Legal check not done yet: "Check the facts with legal" (cm-legal-check, not done). It comes before this statement.',
    );
    expect(run.asked).toContain('select Issue before the legal check?');
    expect(run.asked).toContain('input Why go ahead before the legal check?');
    expect(run.events.map((e) => [e.type, e.step])).toEqual([
      ['decision.recorded', 'cm-first-statement'],
      ['statement.drafted', 'cm-first-statement'],
      ['statement.approved', 'cm-first-statement'],
      ['statement.issued', 'cm-first-statement'],
    ]);
    expect(run.events[0]!.data).toEqual({
      decision:
        'Go ahead with cm-first-statement before the legal check cm-legal-check was done: ' +
        'the regulator asked us to publish now',
      options: [],
      decidedBy: 'alice',
    });
  });

  it('"go to the legal check" records the move and issues nothing; the check is the next screen', async () => {
    const run = await atFirstStatement(['issue', 'accept', 'goto']);
    expect(run.events.map((e) => [e.type, e.step])).toEqual([['step.focused', 'cm-legal-check']]);
    expect(run.printed.filter((l) => l.startsWith('[')).at(-1)).toMatch(/^\[\d+\/\d+\] First statement/);
    expect(run.printed).toContain('Check the facts with legal (cm-legal-check)');
  });

  it('back returns to the step menu with nothing recorded', async () => {
    const run = await atFirstStatement(['issue', 'accept', 'back', 'pause']);
    expect(run.events).toEqual([]);
    expect(run.asked.filter((a) => a.startsWith('select What now'))).toHaveLength(2);
  });

  it('a skipped check is named as skipped and cannot be gone to', async () => {
    const skip: Action = { type: 'skip', step: 'cm-legal-check', reason: 'legal unreachable' };
    const run = await atFirstStatement(
      ['issue', 'accept', 'anyway', 'legal unreachable all night', true, 'Wang'],
      'en',
      [skip],
    );
    expect(run.printed).toContain(
      '⚠ Legal check not done yet: "Check the facts with legal" (cm-legal-check, skipped). It comes before this statement.',
    );
    expect(run.events.map((e) => e.type)).toContain('statement.issued');
  });

  it('with the check done, no warning and no extra question', async () => {
    const done: Action = { type: 'complete', step: 'cm-legal-check', inputs: {} };
    const run = await atFirstStatement(['issue', 'accept', true, 'Wang'], 'en', [done]);
    expect(run.printed.some((l) => l.includes('Legal check'))).toBe(false);
    expect(run.asked.some((a) => a.includes('legal check'))).toBe(false);
    expect(run.events.map((e) => e.type)).toEqual(['statement.drafted', 'statement.approved', 'statement.issued']);
  });

  it('zh: the warning and the decision read in Chinese', async () => {
    const run = await atFirstStatement(['issue', 'accept', 'anyway', '监管部门要求立即发布', true, '王'], 'zh');
    expect(run.printed).toContain(
      '⚠ 法务审核尚未完成：“Check the facts with legal”（cm-legal-check，未完成），应在本声明之前完成。',
    );
    expect(run.asked).toContain('select 在法务审核之前发布吗？');
    expect(run.events[0]!.data).toMatchObject({
      decision: '在法务审核 cm-legal-check 完成前继续发布 cm-first-statement：监管部门要求立即发布',
    });
  });
});
