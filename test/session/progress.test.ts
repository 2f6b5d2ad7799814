import { describe, expect, it } from 'vitest';
import type { Action } from '../../src/session/decide.js';
import {
  blockedBack,
  DEFAULT_BLOCKED_RETURN,
  dueAt,
  fillTemplate,
  nextStep,
  stepCounter,
  targetStatus,
  visibleSteps,
} from '../../src/session/progress.js';
import { Harness, MIN, T0, sessionPlan } from '../helpers/session-plan.js';

const plan = sessionPlan();
const HOUR = 60 * MIN;

const confirmNoRisk: Action = {
  type: 'complete',
  step: 'confirm',
  inputs: { 'affected-batches': 'B-1', 'safety-risk': false },
};
const confirmRisk: Action = {
  type: 'complete',
  step: 'confirm',
  inputs: { 'affected-batches': 'B-1', 'safety-risk': true },
};
const leads: Action = {
  type: 'complete',
  step: 'name-leads',
  inputs: { 'lead-name': 'Lee', 'spokesperson-name': 'Sam' },
};
const skip = (step: string): Action => ({ type: 'skip', step, reason: 'not now' });
const issueQuick: Action = { type: 'issue', step: 'quick-post', channels: { social: 'x' } };
const approveHolding: Action = { type: 'approve', step: 'holding-statement', approver: 'Lou' };
const issueHolding: Action = { type: 'issue', step: 'holding-statement', channels: { website: 'x' } };

describe('nextStep', () => {
  it.each<[string, string | undefined, Action[]]>([
    ['just started', 'confirm', []],
    ['confirm done, no risk', 'name-leads', [confirmNoRisk]],
    ['confirm done, risk: recall waits its turn in plan order', 'name-leads', [confirmRisk]],
    ['risk, leads named', 'recall', [confirmRisk, leads]],
    ['no risk, leads named: recall does not apply', 'apology', [confirmNoRisk, leads]],
    [
      'inject switches recall on later',
      'recall',
      [confirmNoRisk, leads, skip('apology'), { type: 'inject', message: 'injury', facts: { 'safety-risk': true } }],
    ],
    ['confirm blocked: move on', 'name-leads', [{ type: 'block', step: 'confirm', reason: 'lab' }]],
    ['focus jumps ahead', 'apology', [{ type: 'focus', step: 'apology' }]],
    [
      'focus, then that step done: back to plan order',
      'confirm',
      [
        { type: 'focus', step: 'apology' },
        { type: 'complete', step: 'apology' },
      ],
    ],
    ['later statement issued first', 'holding-statement', [confirmNoRisk, leads, skip('apology'), issueQuick]],
    [
      'approved but not issued is still open',
      'holding-statement',
      [confirmNoRisk, leads, skip('apology'), approveHolding],
    ],
    [
      'everything else closed: the blocked step comes back',
      'confirm',
      [
        { type: 'block', step: 'confirm', reason: 'lab' },
        leads,
        skip('apology'),
        approveHolding,
        issueHolding,
        issueQuick,
      ],
    ],
    ['everything closed', undefined, [confirmNoRisk, leads, skip('apology'), approveHolding, issueHolding, issueQuick]],
    [
      'recall applies and is still open',
      'recall',
      [confirmRisk, leads, skip('apology'), approveHolding, issueHolding, issueQuick],
    ],
  ])('%s -> %s', (_name, expected, actions) => {
    const h = Harness.started(plan);
    for (const action of actions) h.act(action);
    expect(nextStep(plan, h.state)?.id).toBe(expected);
  });

  it("with a role, only that role's steps", () => {
    const h = Harness.started(plan);
    expect(visibleSteps(plan, h.state, 'spokesperson').map((s) => s.id)).toEqual(['holding-statement', 'quick-post']);
    expect(nextStep(plan, h.state, 'incident-lead')?.id).toBe('name-leads');
    expect(nextStep(plan, h.state, 'nobody')).toBeUndefined();
  });
});

describe('a blocked step comes back (3 steps, or 10 minutes before it is due)', () => {
  const rule = DEFAULT_BLOCKED_RETURN;
  const block: Action = { type: 'block', step: 'confirm', reason: 'waiting for the lab' };
  const back = (h: Harness) => nextStep(plan, h.state, undefined, { now: h.now, rule })?.id;
  const because = (h: Harness) => blockedBack(plan, h.state, plan.phases[0]!.steps[0]!, h.now, rule);

  it('after three other steps are closed, before the rest of the plan', () => {
    const h = Harness.started(plan);
    h.act(block);
    h.act(leads);
    expect(back(h)).toBe('apology');
    h.act(skip('apology'));
    expect(back(h)).toBe('holding-statement');
    h.act(issueQuick);
    expect(because(h)).toEqual({ by: 'steps', steps: 3 });
    expect(back(h)).toBe('confirm');
    // without the rule (scripts, drills), plan order: the blocked step waits for the end
    expect(nextStep(plan, h.state)?.id).toBe('holding-statement');
  });

  it('when its due time is 10 minutes away, whatever the step count', () => {
    const h = Harness.started(plan);
    h.act(block); // at T+0; confirm is due at T+30m (assessment)
    h.after(19);
    expect(back(h)).toBe('name-leads');
    h.after(1);
    expect(because(h)).toEqual({ by: 'due', dueAt: T0 + 30 * MIN });
    expect(back(h)).toBe('confirm');
  });

  it('blocked already inside the last 10 minutes: back by the step count only, not at once', () => {
    const h = Harness.started(plan);
    h.after(25);
    h.act(block);
    expect(because(h)).toBeUndefined();
    expect(back(h)).toBe('name-leads');
  });

  it('an open step assigned with a check-back time waits until then: the next step comes up', () => {
    const h = Harness.started(plan);
    h.act({ type: 'assign', step: 'confirm', to: 'Mei', checkBackInMs: 15 * MIN });
    expect(back(h)).toBe('name-leads');
    // scripts keep plan order
    expect(nextStep(plan, h.state)?.id).toBe('confirm');
    h.after(15);
    expect(back(h)).toBe('confirm');
  });

  it('a step reached with "Go to" and then assigned waits too: the plan moves on, and it is back at check-back', () => {
    const h = Harness.started(plan);
    h.act({ type: 'focus', step: 'apology' });
    expect(back(h)).toBe('apology');
    h.act({ type: 'assign', step: 'apology', to: 'Mei', checkBackInMs: 15 * MIN });
    expect(back(h)).toBe('confirm');
    // scripts keep the focus
    expect(nextStep(plan, h.state)?.id).toBe('apology');
    h.after(15);
    expect(back(h)).toBe('apology');
  });

  it('afterSteps 0 turns the step count off; a reopened (focused) step is open, not blocked', () => {
    const h = Harness.started(plan);
    h.act(block);
    h.act(leads);
    h.act(skip('apology'));
    h.act(issueQuick);
    expect(nextStep(plan, h.state, undefined, { now: h.now, rule: { ...rule, afterSteps: 0 } })?.id).toBe(
      'holding-statement',
    );
    h.act({ type: 'focus', step: 'confirm' });
    expect(because(h)).toBeUndefined();
    expect(back(h)).toBe('confirm');
  });
});

describe('targetStatus (fixed clock)', () => {
  it('right after the start: nothing met, nothing overdue, no cadence before the first statement', () => {
    const h = Harness.started(plan);
    expect(targetStatus(plan, h.state, T0 + 10 * MIN)).toEqual([
      { target: 'assessment', deadline: T0 + 30 * MIN, metAt: undefined, overdue: false },
      { target: 'first-statement', deadline: T0 + HOUR, metAt: undefined, overdue: false },
    ]);
  });

  it('past the deadlines with nothing done: both overdue', () => {
    const h = Harness.started(plan);
    expect(targetStatus(plan, h.state, T0 + HOUR + 1).map((t) => [t.target, t.overdue])).toEqual([
      ['assessment', true],
      ['first-statement', true],
    ]);
    // exactly at the deadline is not overdue
    expect(targetStatus(plan, h.state, T0 + HOUR).find((t) => t.target === 'first-statement')?.overdue).toBe(false);
  });

  it('first statement met in time, then the update cadence runs from it', () => {
    const h = Harness.started(plan);
    h.after(20).act(confirmNoRisk);
    h.after(30).act(issueQuick); // T+50m
    const issuedAt = T0 + 50 * MIN;
    expect(targetStatus(plan, h.state, issuedAt + MIN)).toEqual([
      { target: 'assessment', deadline: T0 + 30 * MIN, metAt: T0 + 20 * MIN, overdue: false },
      { target: 'first-statement', deadline: T0 + HOUR, metAt: issuedAt, overdue: false },
      { target: 'update-every', deadline: issuedAt + 4 * HOUR, metAt: undefined, overdue: false, missed: 0 },
    ]);
    expect(targetStatus(plan, h.state, issuedAt + 4 * HOUR + 1)[2]).toEqual({
      target: 'update-every',
      deadline: issuedAt + 4 * HOUR,
      metAt: undefined,
      overdue: true,
      missed: 1,
    });
  });

  it('met late is still marked overdue, with the time it was met', () => {
    const h = Harness.started(plan);
    h.after(40).act(confirmNoRisk);
    h.after(30).act(issueQuick); // T+70m
    const [assessment, first] = targetStatus(plan, h.state, T0 + 2 * HOUR);
    expect(assessment).toEqual({ target: 'assessment', deadline: T0 + 30 * MIN, metAt: T0 + 40 * MIN, overdue: true });
    expect(first).toEqual({ target: 'first-statement', deadline: T0 + HOUR, metAt: T0 + 70 * MIN, overdue: true });
  });

  it('counts gaps longer than the cadence; an ended session is never overdue', () => {
    const h = Harness.started(plan);
    h.after(30).act(issueQuick); // T+30m
    h.after(300).act(approveHolding);
    h.act(issueHolding); // T+5h30m: a gap of 5h > 4h
    expect(targetStatus(plan, h.state, T0 + 6 * HOUR)[2]).toMatchObject({
      missed: 1,
      overdue: false,
      deadline: T0 + 330 * MIN + 4 * HOUR,
    });
    h.after(10).act({ type: 'end' });
    expect(targetStatus(plan, h.state, T0 + 48 * HOUR)[2]).toMatchObject({ missed: 1, overdue: false });
  });

  it('dueAt takes a duration or a target name', () => {
    const h = Harness.started(plan);
    expect(dueAt(plan, h.state, '15m')).toBe(T0 + 15 * MIN);
    expect(dueAt(plan, h.state, 'first-statement')).toBe(T0 + HOUR);
    expect(dueAt(plan, h.state, 'no-such-target')).toBeUndefined();
    expect(dueAt(plan, h.state, undefined)).toBeUndefined();
  });
});

describe('fillTemplate', () => {
  it('fills holes from facts, with spaces allowed inside the braces', () => {
    expect(
      fillTemplate('Batches {{affected-batches}}; {{ units }} units; risk: {{safety-risk}}', {
        'affected-batches': 'B-1',
        units: 12,
        'safety-risk': true,
      }),
    ).toBe('Batches B-1; 12 units; risk: yes');
    expect(fillTemplate('{{safety-risk}}', { 'safety-risk': false })).toBe('no');
    expect(fillTemplate('{{units}}', { units: 0 })).toBe('0');
  });

  it('shows a fact not yet recorded as [fact-id]', () => {
    expect(fillTemplate('Contact: {{spokesperson-name}}.', {})).toBe('Contact: [spokesperson-name].');
  });

  it('never expands {{x}} that comes from inside a fact value', () => {
    const facts = {
      'affected-batches': '{{spokesperson-name}} and {{secret}}',
      'spokesperson-name': 'Sam',
      secret: 'hunter2',
    };
    expect(fillTemplate('Batches {{affected-batches}}; contact {{spokesperson-name}}', facts)).toBe(
      'Batches {{spokesperson-name}} and {{secret}}; contact Sam',
    );
  });

  it('leaves anything that is not a hole alone', () => {
    expect(fillTemplate('{{Upper}} {{with space}} {single} {{}} $& $1', { Upper: 'x' })).toBe(
      '{{Upper}} {{with space}} {single} {{}} $& $1',
    );
    expect(fillTemplate('{{a}}', { a: '$& $1 $$' })).toBe('$& $1 $$');
  });

  // Regression: facts[id] read Object.prototype, so {{constructor}} filled in a function's source.
  it('does not read inherited properties as facts', () => {
    expect(fillTemplate('{{constructor}}', {})).toBe('[constructor]');
  });
});

describe('stepCounter: [n/total] counts finished work, not a place in the plan', () => {
  // The plan at medium: confirm, name-leads, (recall when safety-risk), apology, holding-statement, quick-post.
  const counter = (h: Harness, role?: string) => {
    const c = stepCounter(plan, h.state, role);
    return `[${c.n}/${c.total}] ${nextStep(plan, h.state, role)?.id ?? '-'}`;
  };

  it('goes on when a step is gone to, a fact brings a step in before it, a step is blocked or skipped', () => {
    const h = Harness.started();
    const seen = [counter(h)];
    for (const action of [
      { type: 'focus', step: 'holding-statement' },
      { type: 'skip', step: 'holding-statement', reason: 'not now' },
      { type: 'focus', step: 'apology' },
      { type: 'complete', step: 'apology' },
      // recall joins the plan: total grows, n counts on from the work done
      confirmRisk,
      { type: 'block', step: 'name-leads', reason: 'no answer' },
      skip('recall'),
    ] as Action[]) {
      h.act(action);
      seen.push(counter(h));
    }
    expect(seen).toEqual([
      '[1/5] confirm',
      '[1/5] holding-statement',
      '[2/5] confirm',
      '[2/5] apology',
      '[3/5] confirm',
      '[4/6] name-leads',
      '[4/6] recall',
      '[5/6] quick-post',
    ]);
  });

  it('keeps a finished step a later fact rules out; goes back only when an undo reopens a step', () => {
    const h = Harness.started();
    h.act(confirmRisk);
    h.act(leads);
    h.act({ type: 'complete', step: 'recall' });
    expect(counter(h)).toBe('[4/6] apology');
    // recall no longer applies, but it was done: still counted, in n and in total
    h.act({ type: 'inject', message: 'no risk after all', facts: { 'safety-risk': false } });
    expect(visibleSteps(plan, h.state).map((s) => s.id)).not.toContain('recall');
    expect(counter(h)).toBe('[4/6] apology');
    h.act({ type: 'reopen', step: 'name-leads', reason: 'wrong person' });
    expect(counter(h)).toBe('[3/6] name-leads');
  });

  it("with --as, counts that role's steps", () => {
    const h = Harness.started();
    expect(counter(h, 'spokesperson')).toBe('[1/2] holding-statement');
    h.act(skip('quick-post'));
    expect(counter(h, 'spokesperson')).toBe('[2/2] holding-statement');
  });
});
