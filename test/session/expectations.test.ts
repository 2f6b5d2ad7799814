/**
 * checkExpectations (src/session/expectations.ts) on hand-built plans and
 * session states: one block per expectation kind, what passes, what fails,
 * and the exact name / expected / actual a drill report shows.
 */
import { describe, expect, it } from 'vitest';
import type { Plan, PlanStep } from '../../src/playbook/compose.js';
import type { Origin } from '../../src/playbook/origin.js';
import type { Expectation } from '../../src/playbook/types.js';
import { checkExpectations, UNLISTED_SKIP_REASON } from '../../src/session/expectations.js';
import { initialState, type SessionState, type StepState } from '../../src/session/replay.js';

const T0 = Date.parse('2026-01-01T09:00:00.000Z');
const MIN = 60_000;
const at = (minutes: number) => T0 + minutes * MIN;

/** Hand-built plans come from no file. */
const origin: Origin = { playbook: 'demo', file: 'demo.yaml', path: [] };

const step = (id: string, extra: Partial<PlanStep> = {}): PlanStep => ({
  origin,
  id,
  title: id,
  owner: 'incident-lead',
  phase: 'main',
  source: 'demo',
  ...extra,
});

/** A small crisis plan: the three standard targets plus a custom one, a conditional step, two statements. */
function makePlan(
  targets: Record<string, string> = {
    assessment: '30m',
    'first-statement': '1h',
    'update-every': '4h',
    'regulator-notice': '24h',
  },
): Plan {
  return {
    id: 'demo',
    kind: 'crisis',
    title: 'Demo crisis',
    severity: 'high',
    roles: [],
    targets,
    review: 'post-crisis',
    strategies: [],
    phases: [
      {
        id: 'main',
        title: 'Main',
        source: 'demo',
        origin,
        steps: [
          step('name-leads', { tags: ['role-assignment'] }),
          step('assess', {
            tags: ['assessment'],
            inputs: [{ id: 'safety-risk', label: 'Safety risk', type: 'yes-no', required: true, origin }],
          }),
          step('legal-check', { tags: ['legal-review'] }),
          step('first-statement', {
            statement: { website: 'Web {{x}}', social: 'Post', email: 'Mail' },
            'approve-by': 'legal',
          }),
          step('recall', { when: { fact: 'safety-risk', equals: true } }),
          step('apology', { tags: ['apology-decision'] }),
          step('update', { statement: { website: 'Update', social: 'Update' }, 'approve-by': 'legal' }),
          step('close'),
        ],
      },
    ],
  };
}

let seq = 0;
/** A session state: steps by id, facts, issued statements; ended at `endMinutes`. */
function makeState(
  steps: Record<string, Partial<StepState> & { status: StepState['status'] }>,
  extra: Partial<SessionState> = {},
  endMinutes = 480,
): SessionState {
  const state = initialState();
  state.id = 'demo-session';
  state.crisis = 'demo';
  state.severity = 'high';
  state.startedAt = T0;
  state.lastAt = at(endMinutes);
  state.status = 'ended';
  for (const [id, st] of Object.entries(steps))
    state.steps[id] = { seq: st.status === 'done' || st.status === 'skipped' ? ++seq : undefined, ...st };
  return Object.assign(state, extra);
}

const done = (minutes: number, more: Partial<StepState> = {}) => ({
  status: 'done' as const,
  at: at(minutes),
  ...more,
});
const skipped = (minutes: number, reason: string) => ({ status: 'skipped' as const, at: at(minutes), reason });

const check = (plan: Plan, state: SessionState, e: Expectation, endMinutes = 480) => {
  const results = checkExpectations(plan, state, [e], at(endMinutes));
  expect(results).toHaveLength(1);
  return results[0]!;
};

describe('checkExpectations', () => {
  const plan = makePlan();

  it('returns one result per expectation, in order', () => {
    const state = makeState({ assess: done(20) });
    const results = checkExpectations(
      plan,
      state,
      [{ completed: ['assess'] }, { 'not-skipped': ['assess'] }, { fact: { id: 'x', equals: 1 } }],
      at(60),
    );
    expect(results.map((r) => r.name)).toEqual(['completed: assess', 'not skipped: assess', 'fact x = 1']);
    expect(results.map((r) => r.ok)).toEqual([true, true, false]);
  });

  describe('completed', () => {
    it('holds when every step is done', () => {
      const r = check(plan, makeState({ assess: done(20), recall: done(90) }), { completed: ['assess', 'recall'] });
      expect(r).toEqual({
        name: 'completed: assess, recall',
        ok: true,
        expected: 'done: assess, recall',
        actual: 'all done',
        evidence: ['assess: done at T+00:20', 'recall: done at T+01:30'],
        // settled when the last step it checks was done: JUnit's per-case time
        settledAt: at(90),
      });
    });
    it('fails naming the steps not done; skipped is not done', () => {
      const r = check(plan, makeState({ assess: done(20), recall: skipped(40, 'no risk') }), {
        completed: ['assess', 'recall', 'close'],
      });
      expect(r.ok).toBe(false);
      // an expectation that did not hold is settled only when the drill ended
      expect(r.settledAt).toBe(at(480));
      expect(r.actual).toBe('not done: recall, close');
      expect(r.evidence).toEqual(['assess: done at T+00:20', 'recall: skipped at T+00:40 (no risk)', 'close: open']);
    });
  });

  describe('skipped-with-reason', () => {
    it('holds for a step the team skipped with a reason', () => {
      const r = check(plan, makeState({ recall: skipped(40, 'lab found no safety risk') }), {
        'skipped-with-reason': ['recall'],
      });
      expect(r).toMatchObject({
        name: 'skipped with a reason: recall',
        ok: true,
        expected: 'skipped by the team, with a reason',
        actual: 'all skipped with reasons',
      });
    });
    it('fails for a step done, open, skipped with a blank reason, or skipped by unlisted: skip', () => {
      const state = makeState({
        assess: done(10),
        recall: skipped(40, '   '),
        apology: skipped(50, UNLISTED_SKIP_REASON),
      });
      const r = check(plan, state, { 'skipped-with-reason': ['assess', 'recall', 'apology', 'close'] });
      expect(r.ok).toBe(false);
      expect(r.actual).toBe('not so: assess, recall, apology, close');
    });
  });

  describe('not-skipped', () => {
    it('holds for steps done or still open', () => {
      const r = check(plan, makeState({ assess: done(10) }), { 'not-skipped': ['assess', 'close'] });
      expect(r).toMatchObject({
        name: 'not skipped: assess, close',
        ok: true,
        expected: 'none skipped',
        actual: 'none skipped',
      });
    });
    it('fails naming the skipped ones', () => {
      const r = check(plan, makeState({ assess: done(10), 'legal-check': skipped(30, 'no time') }), {
        'not-skipped': ['assess', 'legal-check'],
      });
      expect(r.ok).toBe(false);
      expect(r.actual).toBe('skipped: legal-check');
    });
  });

  describe('before', () => {
    it('a duration: done at or before it holds', () => {
      const r = check(plan, makeState({ assess: done(45) }), { before: { step: 'assess', deadline: '45m' } });
      expect(r).toEqual({
        name: 'assess done before 45m',
        ok: true,
        expected: 'done by T+00:45',
        actual: 'done at T+00:45',
        evidence: ['assess: done at T+00:45'],
        settledAt: at(45),
      });
    });
    it('a target name: the deadline is the target, shown in the name', () => {
      const r = check(plan, makeState({ 'first-statement': done(50) }), {
        before: { step: 'first-statement', deadline: 'first-statement' },
      });
      expect(r).toMatchObject({
        name: 'first-statement done before first-statement (1h)',
        ok: true,
        expected: 'done by T+01:00',
      });
      const regulator = check(plan, makeState({ recall: done(23 * 60) }), {
        before: { step: 'recall', deadline: 'regulator-notice' },
      });
      expect(regulator).toMatchObject({
        name: 'recall done before regulator-notice (24h)',
        ok: true,
        expected: 'done by T+1d00:00',
        actual: 'done at T+23:00',
      });
    });
    it('fails when late, when skipped and when never done', () => {
      expect(
        check(plan, makeState({ 'first-statement': done(120) }), {
          before: { step: 'first-statement', deadline: 'first-statement' },
        }),
      ).toMatchObject({ ok: false, actual: 'done at T+02:00' });
      expect(
        check(plan, makeState({ 'first-statement': skipped(30, 'x') }), {
          before: { step: 'first-statement', deadline: '1h' },
        }),
      ).toMatchObject({ ok: false, actual: 'skipped' });
      expect(check(plan, makeState({}), { before: { step: 'first-statement', deadline: '1h' } })).toMatchObject({
        ok: false,
        actual: 'open',
      });
    });
    it('fails, saying so, for a target the plan does not define', () => {
      const r = check(plan, makeState({ assess: done(1) }), { before: { step: 'assess', deadline: 'no-such-target' } });
      expect(r).toMatchObject({
        name: 'assess done before no-such-target (undefined target)',
        ok: false,
        expected: 'done by (unknown deadline)',
      });
    });
  });

  describe('order', () => {
    it('holds when the steps were done in that order', () => {
      const r = check(plan, makeState({ 'name-leads': done(5), assess: done(20), 'first-statement': done(50) }), {
        order: ['name-leads', 'assess', 'first-statement'],
      });
      expect(r).toMatchObject({
        name: 'order: name-leads → assess → first-statement',
        ok: true,
        expected: 'name-leads before assess before first-statement',
      });
      expect(r.actual).toBe('name-leads: done at T+00:05; assess: done at T+00:20; first-statement: done at T+00:50');
    });
    it('orders steps done in the same minute by their place in the log', () => {
      const state = makeState({ 'name-leads': done(5) });
      state.steps.assess = { status: 'done', at: at(5), seq: (state.steps['name-leads']!.seq ?? 0) + 1 };
      expect(check(plan, state, { order: ['name-leads', 'assess'] }).ok).toBe(true);
      expect(check(plan, state, { order: ['assess', 'name-leads'] }).ok).toBe(false);
    });
    it('fails when out of order, or when a step was not done', () => {
      expect(
        check(plan, makeState({ 'first-statement': done(50), 'name-leads': done(55) }), {
          order: ['name-leads', 'first-statement'],
        }).ok,
      ).toBe(false);
      expect(
        check(plan, makeState({ 'name-leads': done(5), 'first-statement': skipped(50, 'x') }), {
          order: ['name-leads', 'first-statement'],
        }).ok,
      ).toBe(false);
    });
  });

  describe('fact', () => {
    it('holds when the fact has exactly that value', () => {
      const r = check(plan, makeState({}, { facts: { 'safety-risk': true, count: 3, kind: 'batch' } }), {
        fact: { id: 'safety-risk', equals: true },
      });
      // a fact has no time of its own: settled when the drill ended
      expect(r).toEqual({
        name: 'fact safety-risk = true',
        ok: true,
        expected: 'true',
        actual: 'true',
        evidence: [],
        settledAt: at(480),
      });
      expect(
        check(plan, makeState({}, { facts: { kind: 'batch' } }), { fact: { id: 'kind', equals: 'batch' } }),
      ).toMatchObject({ name: 'fact kind = "batch"', ok: true });
    });
    it('fails on another value, another type, or a fact never recorded', () => {
      expect(
        check(plan, makeState({}, { facts: { 'safety-risk': false } }), { fact: { id: 'safety-risk', equals: true } }),
      ).toMatchObject({ ok: false, expected: 'true', actual: 'false' });
      expect(check(plan, makeState({}, { facts: { count: '3' } }), { fact: { id: 'count', equals: 3 } })).toMatchObject(
        { ok: false, expected: '3', actual: '"3"' },
      );
      expect(check(plan, makeState({}), { fact: { id: 'missing', equals: 'x' } })).toMatchObject({
        ok: false,
        actual: '(not recorded)',
      });
    });
  });

  describe('statements-on', () => {
    const issued: SessionState['issued'] = [
      { at: at(50), step: 'first-statement', channels: { website: 'a', social: 'b' } },
      { at: at(200), step: 'update', channels: { website: 'c', email: 'd' } },
    ];
    it('holds when every channel carried at least one statement, with when each was first used', () => {
      const r = check(plan, makeState({}, { issued }), { 'statements-on': ['website', 'social', 'email'] });
      expect(r).toEqual({
        name: 'statements on website, social, email',
        ok: true,
        expected: 'issued on website, social, email',
        actual: 'issued on all',
        evidence: [
          'website: first issued at T+00:50',
          'social: first issued at T+00:50',
          'email: first issued at T+03:20',
        ],
        settledAt: at(200),
      });
    });
    it('fails naming the channels never used', () => {
      expect(
        check(plan, makeState({}, { issued }), { 'statements-on': ['website', 'hotline', 'press-release'] }),
      ).toMatchObject({ ok: false, actual: 'never issued on hotline, press-release' });
    });
  });

  describe('all-required-done', () => {
    const all = ['name-leads', 'assess', 'legal-check', 'first-statement', 'apology', 'update', 'close'];
    it('holds when every step that applies is done or skipped; a step whose `when` does not hold is not counted', () => {
      const steps = Object.fromEntries(
        all.map((id, i) => [id, id === 'legal-check' ? skipped(i, 'done by phone') : done(i)]),
      );
      const r = check(plan, makeState(steps, { facts: { 'safety-risk': false } }), { 'all-required-done': true });
      expect(r).toEqual({
        name: 'every step that applies is done or skipped with a reason',
        ok: true,
        expected: 'no open or blocked step',
        actual: 'none open',
        evidence: [],
        settledAt: at(480),
      });
    });
    it('fails on open and blocked steps, including one a fact brought into the plan', () => {
      const steps: Record<string, ReturnType<typeof done> | { status: 'blocked'; reason: string }> = Object.fromEntries(
        all.filter((id) => id !== 'close').map((id, i) => [id, done(i)]),
      );
      steps.apology = { status: 'blocked', reason: 'waiting for the CEO' };
      const r = check(plan, makeState(steps, { facts: { 'safety-risk': true } }), { 'all-required-done': true });
      expect(r.ok).toBe(false);
      expect(r.actual).toBe('3 open: recall, apology, close');
      expect(r.evidence).toEqual(['recall: open', 'apology: blocked (waiting for the CEO)', 'close: open']);
    });
  });

  describe('no-overdue-targets', () => {
    const onTime = () =>
      makeState(
        { assess: done(25), 'first-statement': done(55), update: done(55 + 239) },
        {
          issued: [
            { at: at(55), step: 'first-statement', channels: { website: 'a' } },
            { at: at(55 + 239), step: 'update', channels: { website: 'b' } },
          ],
        },
      );
    it('holds when assessment, first statement and every update gap are on time', () => {
      const r = check(plan, onTime(), { 'no-overdue-targets': true });
      expect(r).toMatchObject({
        name: 'no overdue targets',
        ok: true,
        expected: 'assessment 30m, first-statement 1h, update-every 4h, regulator-notice 24h',
        actual: 'all on time',
      });
      expect(r.evidence).toEqual([
        'assessment: due T+00:30, met T+00:25',
        'first-statement: due T+01:00, met T+00:55',
        'update-every: 2 statement(s), last at T+04:54, no gap longer than 4h',
      ]);
    });
    it('fails when the assessment step is done late', () => {
      const state = onTime();
      state.steps.assess = { status: 'done', at: at(31), seq: 1 };
      expect(check(plan, state, { 'no-overdue-targets': true })).toMatchObject({
        ok: false,
        actual: 'assessment met late at T+00:31 (due T+00:30)',
      });
    });
    it('fails when no statement was ever issued (and the assessment never done)', () => {
      const r = check(plan, makeState({}), { 'no-overdue-targets': true }, 120);
      expect(r).toMatchObject({
        ok: false,
        actual: 'assessment never met (due T+00:30); first-statement never met (due T+01:00)',
      });
    });
    it('fails when a gap between statements is longer than update-every', () => {
      const state = onTime();
      state.issued[1] = { at: at(55 + 241), step: 'update', channels: { website: 'b' } };
      expect(check(plan, state, { 'no-overdue-targets': true })).toMatchObject({
        ok: false,
        actual: 'update-every missed 1 time(s) (due T+08:56)',
      });
    });
    it('a plan without targets has nothing to be late for', () => {
      expect(check(makePlan({}), makeState({}), { 'no-overdue-targets': true })).toMatchObject({
        ok: true,
        expected: '',
        actual: 'all on time',
        evidence: [],
      });
    });
  });
});
