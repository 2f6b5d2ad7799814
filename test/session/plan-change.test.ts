import { describe, expect, it } from 'vitest';
import { planChangeSince } from '../../src/session/plan-change.js';
import { targetStatus } from '../../src/session/progress.js';
import { SESSION_CRISIS, SESSION_FILES } from '../helpers/fixtures.js';
import { Harness, MIN, T0, sessionPlan } from '../helpers/session-plan.js';

/**
 * A playbook edited after a session started: the log keeps steps the plan composed now may not have. The review
 * and status of such a session reported the assessment missed ("never ✗") when its assessment step was renamed.
 */
const plan = sessionPlan();
const withCrisis = (text: string) => sessionPlan(undefined, { ...SESSION_FILES, 'crises/sess-crisis.yaml': text });
const renamed = withCrisis(SESSION_CRISIS.replace('- id: confirm\n', '- id: confirm-defect\n'));
const reworded = withCrisis(SESSION_CRISIS.replace('title: Confirm the defect', 'title: Confirm the fault'));

const confirm = {
  type: 'complete' as const,
  step: 'confirm',
  inputs: { 'affected-batches': 'B-1', 'safety-risk': false },
};

describe('planChangeSince', () => {
  it('the plan the session started with: no change', () => {
    expect(planChangeSince(plan, Harness.started(plan).state)).toBeUndefined();
  });

  it('a step renamed: the logged step the plan no longer has is named', () => {
    const h = Harness.started(plan);
    h.after(5).act(confirm);
    expect(planChangeSince(renamed, h.state)).toEqual({ loggedStepsNotInPlan: ['confirm'] });
  });

  it('only wording changed: a change with no step gone', () => {
    const h = Harness.started(plan);
    h.after(5).act(confirm);
    expect(planChangeSince(reworded, h.state)).toEqual({ loggedStepsNotInPlan: [] });
  });
});

describe('targetStatus once the plan lost a step', () => {
  it('the assessment step done, then renamed in the playbook: met unknown, not missed nor overdue', () => {
    const h = Harness.started(plan);
    h.after(20).act(confirm);
    expect(targetStatus(renamed, h.state, T0 + 2 * 60 * MIN)[0]).toEqual({
      target: 'assessment',
      deadline: T0 + 30 * MIN,
      metAt: undefined,
      overdue: false,
      metUnknown: true,
    });
    // The plan it started with still says when it was met.
    expect(targetStatus(plan, h.state, T0 + 2 * 60 * MIN)[0]).toEqual({
      target: 'assessment',
      deadline: T0 + 30 * MIN,
      metAt: T0 + 20 * MIN,
      overdue: false,
    });
  });

  it('a lost step only skipped met nothing: the target stays missed', () => {
    const h = Harness.started(plan);
    h.after(20).act({ type: 'skip', step: 'confirm', reason: 'not ours' });
    expect(targetStatus(renamed, h.state, T0 + 2 * 60 * MIN)[0]).toEqual({
      target: 'assessment',
      deadline: T0 + 30 * MIN,
      metAt: undefined,
      overdue: true,
    });
  });
});
