/**
 * checkExpectations (src/session/expectations.ts) on hand-built plans and
 * session states: one block per expectation kind, what passes, what fails,
 * and the exact name / expected / actual a drill report shows.
 */
import { describe, expect, it } from 'vitest';
import type { Plan, PlanStep } from '../../src/playbook/compose.js';
import type { Origin } from '../../src/playbook/origin.js';
import type { Expectation } from '../../src/playbook/types.js';
import { wordsIn, checkExpectations, UNLISTED_SKIP_REASON } from '../../src/session/expectations.js';
import { initialState, type SessionState, type StepState } from '../../src/session/replay.js';
import { msg } from '../../src/text/messages.js';

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

/** One result in English; its sentences (`said`, for other languages) are checked apart below. */
const check = (plan: Plan, state: SessionState, e: Expectation, endMinutes = 480) => {
  const results = checkExpectations(plan, state, [e], at(endMinutes));
  expect(results).toHaveLength(1);
  const { said, ...english } = results[0]!;
  expect(said).toBeDefined();
  return english;
};

describe('expectations in the drill language', () => {
  it('name, outcome and evidence word in Chinese from the same sentences; English stays as it was', () => {
    const state = makeState({ assess: done(20), recall: skipped(40, 'no risk') });
    const [r] = checkExpectations(makePlan(), state, [{ completed: ['assess', 'recall'] }], at(480));
    const zh = (w: Parameters<typeof wordsIn>[1]) => wordsIn('zh', w);
    expect(
      r!.said && [zh(r!.said.name), zh(r!.said.expected), zh(r!.said.actual), ...r!.said.evidence.map(zh)],
    ).toEqual([
      '已完成：assess、recall',
      '完成：assess、recall',
      '未完成：recall',
      'assess：完成，于 T+00:20',
      'recall：跳过，于 T+00:40（no risk）',
    ]);
    expect([r!.name, r!.actual, ...r!.evidence]).toEqual([
      'completed: assess, recall',
      'not done: recall',
      'assess: done at T+00:20',
      'recall: skipped at T+00:40 (no risk)',
    ]);
  });

  it('Chinese lists ids with 、 and quotes with “”; English keeps ", " and "…"', () => {
    const state = makeState({}, { facts: { kind: 'batch' } });
    const [f] = checkExpectations(makePlan(), state, [{ fact: { id: 'kind', equals: 'lot' } }], at(480));
    expect([f!.said!.name, f!.said!.expected, f!.said!.actual].map((w) => wordsIn('zh', w))).toEqual([
      '事实 kind = “lot”',
      '“lot”',
      '“batch”',
    ]);
    expect([f!.name, f!.expected, f!.actual]).toEqual(['fact kind = "lot"', '"lot"', '"batch"']);
    const [n] = checkExpectations(makePlan(), makeState({}), [{ 'not-skipped': ['assess', 'recall'] }], at(480));
    expect(wordsIn('zh', n!.said!.name)).toBe('未跳过：assess、recall');
    expect(n!.name).toBe('not skipped: assess, recall');
  });
});

describe('channels and durations in the drill language', () => {
  const plan = makePlan();
  const worded = (e: Expectation, state: SessionState) => {
    const [r] = checkExpectations(plan, state, [e], at(480));
    const w = r!.said!;
    const zh = [w.name, w.expected, w.actual, ...w.evidence].map((x) => wordsIn('zh', x));
    return { zh, en: [r!.name, r!.expected, r!.actual, ...r!.evidence] };
  };
  const issued: SessionState['issued'] = [
    { at: at(50), step: 'first-statement', channels: { website: 'About 4 million users.', social: 'Sorry.' } },
  ];

  it('statements-on: 官网、社交媒体 in Chinese; English keeps the ids, as JUnit names do', () => {
    const r = worded({ 'statements-on': ['website', 'social', 'press-release'] }, makeState({}, { issued }));
    expect(r.zh).toEqual([
      '在 官网、社交媒体、新闻稿 发布声明',
      '已在 官网、社交媒体、新闻稿 发布',
      '从未在 新闻稿 发布',
      '官网：首次发布于 T+00:50',
      '社交媒体：首次发布于 T+00:50',
    ]);
    expect(r.en).toEqual([
      'statements on website, social, press-release',
      'issued on website, social, press-release',
      'never issued on press-release',
      'website: first issued at T+00:50',
      'social: first issued at T+00:50',
    ]);
  });

  it('before: a duration in words (1小时30分钟) and a target by its name with its duration; English as the drill writes it', () => {
    const state = makeState({ assess: done(20) });
    expect(worded({ before: { step: 'assess', deadline: '90m' } }, state).zh[0]).toBe('assess 在 1小时30分钟 前完成');
    expect(worded({ before: { step: 'assess', deadline: '90m' } }, state).en[0]).toBe('assess done before 90m');
    expect(worded({ before: { step: 'assess', deadline: 'assessment' } }, state).zh[0]).toBe(
      'assess 在 完成评估（30分钟） 前完成',
    );
    expect(worded({ before: { step: 'assess', deadline: 'assessment' } }, state).en[0]).toBe(
      'assess done before assessment (30m)',
    );
  });

  it('statement-contains: the channel and the deadline of its scope, and the channel of each statement read', () => {
    const r = worded(
      { 'statement-contains': { text: 'about', channel: 'website', by: '2h' } },
      makeState({}, { issued }),
    );
    expect(r.zh[0]).toBe('有声明（渠道 官网，期限 2小时）包含 “about”');
    expect(r.zh[2]).toBe('1 份中有 1 份包含：first-statement（官网）');
    expect(r.zh[3]).toBe('first-statement（官网，T+00:50）：About 4 million users.');
    expect(r.en[0]).toBe('a statement on website by 2h contains "about"');
  });

  it('decision: its deadline in words', () => {
    const state = makeState({}, { decisions: [] });
    expect(worded({ decision: { contains: 'recall', by: '1d' } }, state).zh[0]).toBe(
      '已记录含 “recall” 的决定（期限 1天）',
    );
    expect(worded({ decision: { contains: 'recall', by: '1d' } }, state).en[0]).toBe(
      'decision "recall" recorded by 1d',
    );
  });

  it('no-overdue-targets: each target by its name with its duration, and the update cadence, in words', () => {
    const state = makeState(
      { assess: done(25), 'first-statement': done(55) },
      { issued: [{ at: at(55), step: 'first-statement', channels: { website: 'a' } }] },
    );
    const r = worded({ 'no-overdue-targets': true }, state);
    // A target neither standard nor timing a step (regulator-notice) has no name but its id.
    expect(r.zh[1]).toBe('完成评估 30分钟、首次声明 1小时、定时通报 4小时、regulator-notice 1天');
    expect(r.zh.at(-1)).toBe('定时通报：1 份声明，最近一次于 T+00:55，没有超过 4小时 的间隔');
    expect(r.en[1]).toBe('assessment 30m, first-statement 1h, update-every 4h, regulator-notice 24h');
    expect(r.en.at(-1)).toBe('update-every: 1 statement, last at T+00:55, no gap longer than 4h');
  });
});

describe('targets in the drill language', () => {
  // A reporting duty's clock, named in Chinese by the title of the report step it times (as status and review do).
  const plan = makePlan();
  plan.phases[0]!.steps.push(
    step('report-regulator', {
      title: { en: 'Report to the regulator', zh: '向监管机构报告' },
      due: 'regulator-notice',
      duty: { id: 'demo-notice' } as unknown as NonNullable<PlanStep['duty']>,
    }),
  );
  const worded = (e: Expectation, state: SessionState) => {
    const [r] = checkExpectations(plan, state, [e], at(480));
    const w = r!.said!;
    return {
      zh: [w.name, w.expected, w.actual, ...w.evidence].map((x) => wordsIn('zh', x)),
      en: [r!.name, r!.expected, r!.actual, ...r!.evidence],
    };
  };

  it('targets-met: 完成评估、首次声明 and a duty by its report; English keeps the ids, as JUnit names do', () => {
    const state = makeState(
      { assess: done(25), 'first-statement': done(70) },
      { issued: [{ at: at(70), step: 'first-statement', channels: { website: 'a' } }] },
    );
    const r = worded({ 'targets-met': ['assessment', 'first-statement', 'regulator-notice'] }, state);
    expect(r.zh).toEqual([
      '目标达成：完成评估、首次声明、向监管机构报告',
      '按时达成：完成评估、首次声明、向监管机构报告',
      '首次声明 于 T+01:10 才达成（期限 T+01:00）；向监管机构报告 始终未达成，演练于 T+08:00 结束（期限 T+1天00:00）',
      '完成评估：期限 T+00:30，于 T+00:25 达成',
      '首次声明：期限 T+01:00，于 T+01:10 达成',
      '向监管机构报告：期限 T+1天00:00，未达成',
    ]);
    expect(r.en).toEqual([
      'targets met: assessment, first-statement, regulator-notice',
      'met on time: assessment, first-statement, regulator-notice',
      'first-statement met late at T+01:10 (due T+01:00); regulator-notice never met, the drill ended at T+08:00 (due T+1d00:00)',
      'assessment: due T+00:30, met T+00:25',
      'first-statement: due T+01:00, met T+01:10',
      'regulator-notice: due T+1d00:00, not met',
    ]);
  });

  it('targets-met with no statement issued: the update cadence by its name, in Chinese; English keeps the id', () => {
    const r = worded({ 'targets-met': ['update-every'] }, makeState({ assess: done(20) }, {}, 30));
    expect(r.zh[2]).toBe('定时通报：没有发布声明');
    expect(r.en[2]).toBe('update-every: no statement was issued');
  });

  it('before, statement-contains and decision: a deadline given as a target is named too', () => {
    const state = makeState({ 'report-regulator': done(60) }, { decisions: [] });
    expect(worded({ before: { step: 'report-regulator', deadline: 'regulator-notice' } }, state).zh[0]).toBe(
      'report-regulator 在 向监管机构报告（1天） 前完成',
    );
    expect(worded({ decision: { contains: 'recall', by: 'first-statement' } }, state).zh[0]).toBe(
      '已记录含 “recall” 的决定（期限 首次声明）',
    );
    expect(worded({ decision: { contains: 'recall', by: 'first-statement' } }, state).en[0]).toBe(
      'decision "recall" recorded by first-statement',
    );
    expect(worded({ 'statement-contains': { text: 'x', by: 'assessment' } }, state).zh[0]).toBe(
      '有声明（期限 完成评估）包含 “x”',
    );
  });
});

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
    it('does not take the reason unlisted: skip records in a Chinese drill either', () => {
      const state = makeState({ recall: skipped(40, 'no risk'), apology: skipped(50, msg('zh', 'unlisted.skip')) });
      expect(msg('zh', 'unlisted.skip')).toBe('未写入脚本（`unlisted: skip`）');
      const r = check(plan, state, { 'skipped-with-reason': ['recall', 'apology'] });
      expect(r.ok).toBe(false);
      expect(r.actual).toBe('not so: apology');
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
        'update-every: 2 statements, last at T+04:54, no gap longer than 4h',
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
        actual: 'update-every missed 1 time (due T+08:56)',
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

  describe('no-overdue-targets does not pass on silence', () => {
    it('fails when the drill ends before a deadline that was never met (the statement nobody issued)', () => {
      const state = makeState({ assess: done(20) }, {}, 30);
      const r = check(plan, state, { 'no-overdue-targets': true }, 30);
      expect(r).toMatchObject({
        ok: false,
        actual: 'first-statement never met, the drill ended at T+00:30 (due T+01:00)',
      });
    });
  });

  describe('statement-contains and statement-not-contains', () => {
    const issued = () =>
      makeState(
        { 'first-statement': done(50), update: done(300) },
        {
          issued: [
            {
              at: at(50),
              step: 'first-statement',
              channels: { website: 'About 4 million users are affected.', social: 'We are sorry.' },
            },
            { at: at(300), step: 'update', channels: { website: 'Exactly 4213877 users are affected.' } },
          ],
        },
      );
    it('holds when a statement in scope contains the text, case-insensitive, and names where', () => {
      const r = check(plan, issued(), {
        'statement-contains': { text: 'ABOUT 4 million', step: 'first-statement', channel: 'website' },
      });
      expect(r).toMatchObject({
        name: 'a statement of first-statement on website contains "ABOUT 4 million"',
        ok: true,
        actual: 'found in 1 of 1: first-statement on website',
        evidence: ['first-statement on website at T+00:50: About 4 million users are affected.'],
        settledAt: at(50),
      });
    });
    it('fails when the text is only in a statement out of scope (another step, channel, or after `by`)', () => {
      const state = issued();
      const text = '4213877';
      expect(check(plan, state, { 'statement-contains': { text, step: 'first-statement' } })).toMatchObject({
        ok: false,
        actual: 'not found in 2 statements',
      });
      expect(check(plan, state, { 'statement-contains': { text, by: 'first-statement' } }).ok).toBe(false);
      expect(check(plan, state, { 'statement-contains': { text, channel: 'social' } }).ok).toBe(false);
      expect(check(plan, state, { 'statement-contains': { text } }).ok).toBe(true);
    });
    it('a list matches on any item; a per-language text is read in the session language', () => {
      const state = issued();
      const text = [{ en: 'sorry', zh: '抱歉' }, 'regret'];
      expect(check(plan, state, { 'statement-contains': { text } })).toMatchObject({
        ok: true,
        name: 'a statement contains "sorry" or "regret"',
      });
      state.lang = 'zh';
      expect(check(plan, state, { 'statement-contains': { text } })).toMatchObject({
        ok: false,
        name: 'a statement contains "抱歉" or "regret"',
      });
    });
    it('not-contains fails on the exact count in the first statement and holds where it is absent', () => {
      const state = issued();
      expect(check(plan, state, { 'statement-not-contains': { text: '4213877' } })).toMatchObject({
        name: 'no statement contains "4213877"',
        ok: false,
        actual: 'found in 1 of 3: update on website',
        evidence: [
          'update on website at T+05:00: Exactly 4213877 users are affected.',
          'first-statement on website at T+00:50: no match',
          'first-statement on social at T+00:50: no match',
        ],
      });
      expect(
        check(plan, state, { 'statement-not-contains': { text: '4213877', step: 'first-statement' } }),
      ).toMatchObject({ ok: true, expected: 'statements issued, none with "4213877"' });
    });
    it('not-contains fails when no statement was issued in scope at all', () => {
      const r = check(plan, makeState({}), { 'statement-not-contains': { text: 'sorry', step: 'first-statement' } });
      expect(r).toMatchObject({ ok: false, actual: 'no statement issued of first-statement' });
    });
  });

  describe('decision', () => {
    const decided = () =>
      makeState(
        {},
        {
          decisions: [
            { at: at(40), decision: 'Stop sales of batch 11B', options: [], decidedBy: 'CEO' },
            { at: at(200), step: 'apology', decision: 'Recall every unit', options: [], decidedBy: 'CEO' },
          ],
        },
      );
    it('holds when a decision with the text was recorded by the deadline', () => {
      const r = check(plan, decided(), { decision: { contains: ['recall', '召回'], by: '4h' } });
      expect(r).toMatchObject({
        name: 'decision "recall" or "召回" recorded by 4h',
        ok: true,
        actual: 'recorded at T+03:20',
        settledAt: at(200),
      });
    });
    it('fails when it came late, on another step, or never', () => {
      const state = decided();
      expect(check(plan, state, { decision: { contains: 'recall', by: 'first-statement' } })).toMatchObject({
        ok: false,
        expected: 'a decision with "recall" by T+01:00',
        actual: 'recorded late, at T+03:20',
        evidence: ['T+00:40 CEO: Stop sales of batch 11B', 'T+03:20 CEO: Recall every unit'],
      });
      expect(check(plan, state, { decision: { contains: 'stop sales', step: 'apology' } }).ok).toBe(false);
      expect(check(plan, state, { decision: { contains: 'refund' } })).toMatchObject({
        ok: false,
        actual: 'none among 2 decisions',
      });
    });
  });

  describe('regulator-before-public', () => {
    const duty = (id: string, before: boolean) => ({
      id,
      jurisdiction: 'cn',
      deadline: '4h',
      'before-public': before,
      statutory: true,
      verified: true,
      citation: 'a law, art. 4',
    });
    const regPlan = makePlan();
    regPlan.phases[0]!.steps.splice(
      3,
      0,
      step('report-cac', { duty: duty('cac', true), tags: ['regulator-report'] }),
      step('report-pipl', { duty: duty('pipl', false), tags: ['regulator-report'] }),
    );
    const withStatement = (reportAt: number | undefined) =>
      makeState(
        {
          ...(reportAt !== undefined && reportAt < 60 ? { 'report-cac': done(reportAt) } : {}),
          'first-statement': done(60),
          ...(reportAt !== undefined && reportAt >= 60 ? { 'report-cac': done(reportAt) } : {}),
        },
        { issued: [{ at: at(60), step: 'first-statement', channels: { website: 'x' } }] },
      );
    it('holds when every duty that must precede the public is done before the first statement', () => {
      expect(check(regPlan, withStatement(50), { 'regulator-before-public': true })).toMatchObject({
        name: 'regulator told before the public',
        ok: true,
        expected: 'report-cac done before the first public statement',
        actual: 'all before the public',
      });
    });
    it('fails when the regulator hears after the public, or never', () => {
      expect(check(regPlan, withStatement(90), { 'regulator-before-public': true })).toMatchObject({
        ok: false,
        actual: 'not before the public: report-cac',
        evidence: ['report-cac: done at T+01:30', 'first public statement: first-statement: done at T+01:00'],
      });
      expect(check(regPlan, withStatement(undefined), { 'regulator-before-public': true })).toMatchObject({
        ok: false,
        actual: 'not before the public: report-cac',
      });
    });
    it('the written report (a regulator-channel statement) issued first is not the public hearing of it', () => {
      // Bug: the first issued statement of any channel counted as "the public", so the report text itself did.
      const state = makeState(
        { 'regulator-text': done(20), 'report-cac': done(50), 'first-statement': done(60) },
        {
          issued: [
            { at: at(20), step: 'regulator-text', channels: { regulator: 'incident report' } },
            { at: at(60), step: 'first-statement', channels: { website: 'x' } },
          ],
        },
      );
      expect(check(regPlan, state, { 'regulator-before-public': true })).toMatchObject({
        ok: true,
        actual: 'all before the public',
      });
    });
    it('a direct notice (staff e-mail) issued before the report is not the public hearing it', () => {
      const state = makeState(
        { 'first-statement': done(20), 'report-cac': done(50), apology: done(60) },
        {
          issued: [
            { at: at(20), step: 'first-statement', channels: { email: 'staff note' } },
            { at: at(60), step: 'apology', channels: { website: 'x' } },
          ],
        },
      );
      expect(check(regPlan, state, { 'regulator-before-public': true })).toMatchObject({
        ok: true,
        evidence: ['report-cac: done at T+00:50', 'first public statement: apology: done at T+01:00'],
      });
    });
    it('named steps are checked instead; a plan with no regulator report fails rather than passing on silence', () => {
      expect(check(regPlan, withStatement(50), { 'regulator-before-public': ['report-pipl'] })).toMatchObject({
        name: 'regulator told before the public: report-pipl',
        ok: false,
      });
      expect(check(plan, withStatement(50), { 'regulator-before-public': true })).toMatchObject({
        ok: false,
        actual: 'no regulator report applies in this plan',
      });
    });
  });

  describe('targets-met', () => {
    it('holds when every target was met on time', () => {
      const state = makeState(
        { assess: done(25), 'first-statement': done(55) },
        { issued: [{ at: at(55), step: 'first-statement', channels: { website: 'a' } }] },
      );
      expect(check(plan, state, { 'targets-met': true })).toMatchObject({
        name: 'every target met',
        ok: true,
        expected: 'met on time: assessment, first-statement, update-every',
        actual: 'all met on time',
      });
    });
    it('a target never met fails whenever the drill ends; a named target the session lacks fails', () => {
      const state = makeState({ assess: done(20) }, {}, 30);
      expect(check(plan, state, { 'targets-met': true }, 30)).toMatchObject({
        ok: false,
        actual: 'first-statement never met, the drill ended at T+00:30 (due T+01:00)',
      });
      expect(check(plan, state, { 'targets-met': ['assessment', 'update-every', 'duty-x'] }, 30)).toMatchObject({
        name: 'targets met: assessment, update-every, duty-x',
        ok: false,
        actual: 'update-every: no statement was issued; duty-x: not a target of this session',
      });
      expect(check(plan, state, { 'targets-met': ['assessment'] }, 30).ok).toBe(true);
    });
  });
});
