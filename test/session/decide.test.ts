import { describe, expect, it } from 'vitest';
import { planHash } from '../../src/playbook/compose.js';
import { checkInputs, decide } from '../../src/session/decide.js';
import type { CrisisError } from '../../src/errors.js';
import { nextStep, visibleSteps } from '../../src/session/progress.js';
import { initialState } from '../../src/session/replay.js';
import { Harness, MIN, T0, refusal, sessionPlan, startAction } from '../helpers/session-plan.js';

const plan = sessionPlan();
const ids = (steps: Array<{ id: string }>) => steps.map((s) => s.id);

describe('decide: start', () => {
  it('turns start into session.started with the given data, the clock and the actor', () => {
    const h = new Harness(plan);
    expect(h.draft(startAction(plan))).toEqual({
      type: 'session.started',
      ts: '2026-01-01T09:00:00.000Z',
      actor: 'alice',
      data: {
        crisis: 'sess-crisis',
        severity: 'medium',
        with: [],
        planHash: planHash(plan),
        operator: 'alice',
        lang: 'en',
      },
    });
  });

  it('refuses anything before the start, and a second start', () => {
    const h = new Harness(plan);
    expect(refusal(() => h.draft({ type: 'note', text: 'hi' }))).toMatchObject({
      code: 'session.not-started',
      exitCode: 2,
    });
    h.act(startAction(plan));
    expect(refusal(() => h.draft(startAction(plan)))).toMatchObject({ code: 'session.started', exitCode: 2 });
  });

  it('is pure: same inputs, same draft; the state it is given is not changed', () => {
    const h = Harness.started();
    const before = structuredClone(h.state);
    const a = h.draft({ type: 'complete', step: 'confirm', inputs: { 'affected-batches': 'B-1' } });
    const b = h.draft({ type: 'complete', step: 'confirm', inputs: { 'affected-batches': 'B-1' } });
    expect(a).toEqual(b);
    expect(h.state).toEqual(before);
    expect(h.store.events).toHaveLength(1);
  });
});

describe('decide: complete and inputs', () => {
  it('records the inputs as facts, coerced to their types', () => {
    const h = Harness.started().after(5);
    const event = h.act({
      type: 'complete',
      step: 'confirm',
      inputs: {
        'affected-batches': '  B-1, B-2 ',
        'safety-risk': 'yes',
        units: '1200',
        'found-on': '2026-01-01',
        channel: 'press',
      },
    });
    expect(event).toMatchObject({
      seq: 2,
      type: 'step.completed',
      ts: '2026-01-01T09:05:00.000Z',
      actor: 'alice',
      step: 'confirm',
      data: {
        facts: {
          'affected-batches': 'B-1, B-2',
          'safety-risk': true,
          units: 1200,
          'found-on': '2026-01-01',
          channel: 'press',
        },
      },
    });
    expect(h.state.facts).toEqual({
      'affected-batches': 'B-1, B-2',
      'safety-risk': true,
      units: 1200,
      'found-on': '2026-01-01',
      channel: 'press',
    });
    expect(h.state.steps['confirm']).toEqual({
      status: 'done',
      at: T0 + 5 * MIN,
      seq: 2,
      by: 'alice',
      reason: undefined,
    });
  });

  it('leaves optional inputs that were not given out of the facts', () => {
    const h = Harness.started();
    const event = h.act({ type: 'complete', step: 'confirm', inputs: { 'affected-batches': 'B-1', units: '' } });
    expect(event.data).toEqual({ facts: { 'affected-batches': 'B-1' } });
  });

  it('records a number typed with thousands separators as the plain number', () => {
    const h = Harness.started();
    const event = h.act({ type: 'complete', step: 'confirm', inputs: { 'affected-batches': 'B-1', units: '2,000' } });
    expect(event.data).toEqual({ facts: { 'affected-batches': 'B-1', units: 2000 } });
  });

  it.each([
    ['absent', {}],
    ['empty', { 'affected-batches': '' }],
    ['only spaces', { 'affected-batches': '   ' }],
  ])('refuses a missing required input (%s) with input.required', (_what, inputs) => {
    const h = Harness.started();
    const r = refusal(() => h.draft({ type: 'complete', step: 'confirm', inputs }));
    expect(r).toEqual({
      message: 'step "confirm": required input "affected-batches" is missing',
      code: 'input.required',
      exitCode: 2,
      hint: undefined,
    });
    expect(h.state.steps['confirm']).toBeUndefined();
  });

  it.each([
    ['safety-risk', 'maybe', 'safety-risk: expected yes or no, got "maybe"'],
    ['units', 'lots', 'units: expected a number, got "lots"'],
    [
      'units',
      '2,00',
      'units: expected a number with a comma before every three digits (2,000 or 12,500,000) or no commas (2000), ' +
        'got "2,00"',
    ],
    ['found-on', '2026-02-30', 'found-on: expected a date as YYYY-MM-DD, got "2026-02-30"'],
    ['found-on', '01/02/2026', 'found-on: expected a date as YYYY-MM-DD, got "01/02/2026"'],
    ['channel', 'radio', 'channel: expected one of social, press, got "radio"'],
  ])('refuses %s = %j with input.type', (id, value, message) => {
    const h = Harness.started();
    const r = refusal(() =>
      h.draft({ type: 'complete', step: 'confirm', inputs: { 'affected-batches': 'B-1', [id]: value } }),
    );
    expect(r).toMatchObject({ message, code: 'input.type', exitCode: 2 });
  });

  it('refuses an input the step does not record', () => {
    const h = Harness.started();
    const r = refusal(() =>
      h.draft({ type: 'complete', step: 'confirm', inputs: { 'affected-batches': 'B-1', colour: 'red' } }),
    );
    expect(r).toMatchObject({ code: 'input.unknown', message: 'step "confirm" records no input "colour"' });
    expect(r.hint).toBe('inputs: affected-batches, safety-risk, units, found-on, channel');
  });

  it('accepts real types from a script: booleans, numbers, false for a required yes-no', () => {
    const step = plan.phases[0]!.steps[0]!;
    expect(checkInputs(step, { 'affected-batches': 'B', 'safety-risk': false, units: 0 })).toEqual({
      'affected-batches': 'B',
      'safety-risk': false,
      units: 0,
    });
  });

  it('refuses unknown steps, closed steps and statement steps', () => {
    const h = Harness.started();
    expect(refusal(() => h.draft({ type: 'complete', step: 'nope' }))).toMatchObject({
      code: 'step.unknown',
      message: 'no step "nope" in plan sess-crisis',
    });
    h.act({ type: 'complete', step: 'apology' });
    expect(refusal(() => h.draft({ type: 'complete', step: 'apology' }))).toMatchObject({
      code: 'step.closed',
      message: 'step "apology" is already done',
    });
    expect(refusal(() => h.draft({ type: 'skip', step: 'apology', reason: 'x' }))).toMatchObject({
      code: 'step.closed',
    });
    expect(refusal(() => h.draft({ type: 'complete', step: 'quick-post' }))).toMatchObject({ code: 'step.statement' });
  });

  it('a step someone else closed: the refusal names who, with the roles the facts give them', () => {
    const h = Harness.started();
    h.act(
      { type: 'complete', step: 'name-leads', inputs: { 'lead-name': 'Bo Li', 'spokesperson-name': 'Bo Li' } },
      'Bo Li',
    );
    h.act({ type: 'skip', step: 'apology', reason: 'legal first' }, 'Cy\u001b]52;c;eA==\u0007 Ng');
    expect(refusal(() => h.draft({ type: 'skip', step: 'name-leads', reason: 'x' }))).toMatchObject({
      code: 'step.closed',
      message: 'step "name-leads" is already done by Bo Li (Incident lead, Spokesperson)',
    });
    // No role held: the name alone, its clipboard-setting escape removed.
    expect(refusal(() => h.draft({ type: 'complete', step: 'apology' })).message).toBe(
      'step "apology" is already skipped by Cy Ng',
    );
    // The actor who closed it themself is not told their own name.
    expect(refusal(() => h.draft({ type: 'complete', step: 'name-leads' }, 'Bo Li')).message).toBe(
      'step "name-leads" is already done',
    );
  });
});

describe('decide: a condition switching on mid-session', () => {
  it('recall is hidden until safety-risk is recorded as true, then it is the next step', () => {
    const h = Harness.started();
    expect(ids(visibleSteps(plan, h.state))).toEqual([
      'confirm',
      'name-leads',
      'apology',
      'holding-statement',
      'quick-post',
    ]);
    expect(refusal(() => h.draft({ type: 'complete', step: 'recall' }))).toMatchObject({
      code: 'step.not-applicable',
      exitCode: 2,
    });

    h.act({ type: 'complete', step: 'confirm', inputs: { 'affected-batches': 'B-1', 'safety-risk': 'no' } });
    expect(ids(visibleSteps(plan, h.state))).not.toContain('recall');
    h.act({ type: 'complete', step: 'name-leads', inputs: { 'lead-name': 'Lee' } });
    expect(nextStep(plan, h.state)?.id).toBe('apology');

    // the news changes: an inject says there is a safety risk after all
    h.after(10).act({ type: 'inject', message: 'a child was hurt', facts: { 'safety-risk': true } });
    expect(ids(visibleSteps(plan, h.state))).toEqual([
      'confirm',
      'name-leads',
      'recall',
      'apology',
      'holding-statement',
      'quick-post',
    ]);
    expect(nextStep(plan, h.state)?.id).toBe('recall');
    expect(h.act({ type: 'complete', step: 'recall' })).toMatchObject({
      type: 'step.completed',
      step: 'recall',
      seq: 5,
    });
  });

  it('a yes recorded on the first step switches recall on at once', () => {
    const h = Harness.started();
    h.act({ type: 'complete', step: 'confirm', inputs: { 'affected-batches': 'B-1', 'safety-risk': true } });
    expect(ids(visibleSteps(plan, h.state))).toContain('recall');
  });

  it('severity decides at compose time: board is in the plan at high, not at medium', () => {
    expect(refusal(() => Harness.started().draft({ type: 'complete', step: 'board' }))).toMatchObject({
      code: 'step.unknown',
    });
    const high = sessionPlan('high');
    const h = Harness.started(high);
    expect(h.draft({ type: 'complete', step: 'board' })).toMatchObject({ type: 'step.completed', step: 'board' });
  });
});

describe('decide: skip, block, focus, assign', () => {
  it('skip and block need a reason (action.empty); the reason is trimmed', () => {
    const h = Harness.started();
    expect(refusal(() => h.draft({ type: 'skip', step: 'apology', reason: '' }))).toEqual({
      message: 'a reason for skipping is required',
      code: 'action.empty',
      exitCode: 2,
      hint: undefined,
    });
    expect(refusal(() => h.draft({ type: 'skip', step: 'apology', reason: ' \t ' }))).toMatchObject({
      code: 'action.empty',
    });
    expect(refusal(() => h.draft({ type: 'block', step: 'apology', reason: '' }))).toMatchObject({
      code: 'action.empty',
      message: 'a reason for blocking is required',
    });
    expect(h.act({ type: 'skip', step: 'apology', reason: '  not our fault  ' }).data).toEqual({
      reason: 'not our fault',
    });
    expect(h.state.steps['apology']).toEqual({
      status: 'skipped',
      at: T0,
      seq: 2,
      by: 'alice',
      reason: 'not our fault',
    });
  });

  it('a blocked step stays open for later and comes back once nothing else is open', () => {
    const h = Harness.started();
    h.act({ type: 'block', step: 'confirm', reason: 'waiting for the lab' });
    expect(h.state.steps['confirm']?.status).toBe('blocked');
    expect(nextStep(plan, h.state)?.id).toBe('name-leads');
    h.act({ type: 'complete', step: 'name-leads', inputs: { 'lead-name': 'Lee' } });
    h.act({ type: 'skip', step: 'apology', reason: 'later' });
    h.act({ type: 'skip', step: 'holding-statement', reason: 'later' });
    h.act({ type: 'skip', step: 'quick-post', reason: 'later' });
    expect(nextStep(plan, h.state)?.id).toBe('confirm');
    // a blocked step can still be completed
    h.act({ type: 'complete', step: 'confirm', inputs: { 'affected-batches': 'B-1' } });
    expect(nextStep(plan, h.state)).toBeUndefined();
  });

  it('focus jumps to another step and records where from; focusing a blocked step reopens it', () => {
    const h = Harness.started();
    h.act({ type: 'block', step: 'apology', reason: 'legal first' });
    const event = h.act({ type: 'focus', step: 'apology' });
    expect(event.data).toEqual({ from: undefined });
    expect(h.state.focus).toBe('apology');
    expect(h.state.steps['apology']?.status).toBe('open');
    expect(nextStep(plan, h.state)?.id).toBe('apology');
    expect(h.act({ type: 'focus', step: 'confirm' }).data).toEqual({ from: 'apology' });
    h.act({ type: 'complete', step: 'confirm', inputs: { 'affected-batches': 'B-1' } });
    expect(h.state.focus).toBeUndefined();
    expect(h.state.focusChanges.map((f) => [f.step, f.from])).toEqual([
      ['apology', undefined],
      ['confirm', 'apology'],
    ]);
  });

  it('assign records who and when to check back, from the clock', () => {
    const h = Harness.started().after(3);
    const event = h.act({ type: 'assign', step: 'apology', to: '  Dana ', checkBackInMs: 10 * MIN });
    expect(event.data).toEqual({ to: 'Dana', checkBackAt: '2026-01-01T09:13:00.000Z' });
    expect(h.state.steps['apology']).toEqual({ status: 'open', assignedTo: 'Dana', checkBackAt: T0 + 13 * MIN });
    expect(refusal(() => h.draft({ type: 'assign', step: 'apology', to: 'Dana', checkBackInMs: 0 }))).toMatchObject({
      code: 'assign.time',
    });
    expect(
      refusal(() => h.draft({ type: 'assign', step: 'apology', to: 'Dana', checkBackInMs: Number.NaN })),
    ).toMatchObject({ code: 'assign.time' });
    expect(refusal(() => h.draft({ type: 'assign', step: 'apology', to: ' ', checkBackInMs: MIN }))).toMatchObject({
      code: 'action.empty',
    });
  });
});

describe('decide: notes, decisions, handoffs', () => {
  it('notes need text; decisions trim options and default the decider to the actor', () => {
    const h = Harness.started();
    expect(refusal(() => h.draft({ type: 'note', text: '  ' }))).toMatchObject({
      code: 'action.empty',
      message: 'the note is required',
    });
    expect(
      h.act({ type: 'decision', decision: ' Recall all ', options: [' recall all', '', 'recall some '] }, 'bob').data,
    ).toEqual({ decision: 'Recall all', options: ['recall all', 'recall some'], decidedBy: 'bob' });
    expect(h.act({ type: 'decision', decision: 'x', options: [], decidedBy: '  ' }, 'bob').data).toMatchObject({
      decidedBy: 'bob',
    });
    expect(h.act({ type: 'decision', decision: 'y', options: [], decidedBy: 'CEO' }).data).toMatchObject({
      decidedBy: 'CEO',
    });
  });

  it('handoff needs a known role and a person; it records who held the role before', () => {
    const h = Harness.started();
    expect(refusal(() => h.draft({ type: 'handoff', role: 'janitor', to: 'X' }))).toMatchObject({
      code: 'role.unknown',
      hint: 'roles: incident-lead, spokesperson, legal, quality-lead',
    });
    expect(refusal(() => h.draft({ type: 'handoff', role: 'legal', to: '' }))).toMatchObject({ code: 'action.empty' });
    h.act({ type: 'complete', step: 'name-leads', inputs: { 'lead-name': 'Lee', 'spokesperson-name': 'Sam' } });
    expect(h.state.roles).toEqual({ 'incident-lead': 'Lee', spokesperson: 'Sam' });
    const event = h.act({ type: 'handoff', role: 'spokesperson', to: 'Kim' });
    expect(event).toMatchObject({ type: 'role.handoff', data: { role: 'spokesperson', from: 'Sam', to: 'Kim' } });
    expect(h.state.roles).toEqual({ 'incident-lead': 'Lee', spokesperson: 'Kim' });
    h.act({ type: 'handoff', role: 'legal', to: 'Lou' });
    expect(h.state.roles['legal']).toBe('Lou');
    expect(h.state.handoffs.map((x) => [x.role, x.from, x.to])).toEqual([
      ['spokesperson', 'Sam', 'Kim'],
      ['legal', undefined, 'Lou'],
    ]);
    // Each handoff names the holding it replaced: the event that gave the role its holder (0: nobody).
    expect(h.store.events.filter((e) => e.type === 'role.handoff').map((e) => e.data)).toEqual([
      { role: 'spokesperson', from: 'Sam', to: 'Kim', replaces: 2 },
      { role: 'legal', to: 'Lou', replaces: 0 },
    ]);
  });

  it('two handing one role over on the same sight of it: the second is refused, naming who and when', () => {
    const h = Harness.started();
    h.after(1).act({
      type: 'complete',
      step: 'name-leads',
      inputs: { 'lead-name': 'Lee', 'spokesperson-name': 'Sam' },
    });
    // Both saw Sam as spokesperson, held since seq 2; Bo Li (the incident lead) hands it over first.
    const seen = h.state.heldSince['spokesperson']!.seq;
    expect(seen).toBe(2);
    h.act({ type: 'complete', step: 'confirm', inputs: { 'affected-batches': 'B-1', 'safety-risk': true } });
    h.act({ type: 'handoff', role: 'incident-lead', to: 'Bo Li', replaces: 2 }, 'Lee');
    h.after(2).act({ type: 'handoff', role: 'spokesperson', to: 'Kim', replaces: seen }, 'Bo Li');
    const error = (() => {
      try {
        h.draft({ type: 'handoff', role: 'spokesperson', to: 'Ann', replaces: seen }, 'carol');
      } catch (e) {
        return e as CrisisError;
      }
      throw new Error('not refused');
    })();
    expect(error).toMatchObject({
      code: 'role.changed',
      exitCode: 2,
      message: 'role "Spokesperson" was already handed over to Kim by Bo Li (Incident lead) at 2026-01-01 09:03:00 UTC',
      hint: 'nothing was recorded; look at who holds it now and hand it over again if it should still change',
    });
    expect(error.inLang('zh').message).toBe(
      '角色“Spokesperson”已交接给 Kim（由 Bo Li，Incident lead），时间 2026-01-01 09:03:00 UTC',
    );
    // On the new state (the screen shows Kim since seq 5), the same handoff goes through and replaces that.
    expect(h.act({ type: 'handoff', role: 'spokesperson', to: 'Ann', replaces: 5 }, 'carol').data).toEqual({
      role: 'spokesperson',
      from: 'Kim',
      to: 'Ann',
      replaces: 5,
    });
    // A handoff that names no sight replaces whoever holds the role now, as before.
    expect(h.act({ type: 'handoff', role: 'spokesperson', to: 'Sam' }).data).toMatchObject({
      from: 'Ann',
      replaces: 6,
    });
  });

  it('a refused handoff names the roles by their titles in the run language, never their ids', () => {
    const zhTitles: Record<string, { en: string; zh: string }> = {
      'incident-lead': { en: 'Incident lead', zh: '总指挥' },
      spokesperson: { en: 'Spokesperson', zh: '发言人' },
    };
    const h = Harness.started({ ...plan, roles: plan.roles.map((r) => ({ ...r, title: zhTitles[r.id] ?? r.title })) });
    h.act({ type: 'complete', step: 'name-leads', inputs: { 'lead-name': 'Lee', 'spokesperson-name': 'Sam' } });
    h.act({ type: 'handoff', role: 'spokesperson', to: 'Kim', replaces: 2 }, 'Lee');
    const error = (() => {
      try {
        h.draft({ type: 'handoff', role: 'spokesperson', to: 'Ann', replaces: 2 }, 'carol');
      } catch (e) {
        return e as CrisisError;
      }
      throw new Error('not refused');
    })();
    expect(error.message).toBe(
      'role "Spokesperson" was already handed over to Kim by Lee (Incident lead) at 2026-01-01 09:00:00 UTC',
    );
    expect(error.inLang('zh').message).toBe('角色“发言人”已交接给 Kim（由 Lee，总指挥），时间 2026-01-01 09:00:00 UTC');
    expect(error.inLang('zh').message).not.toMatch(/spokesperson|incident-lead/);
  });

  it('a role first given by a fact: a handoff made on "nobody" is refused, naming who recorded the holder', () => {
    const h = Harness.started();
    h.act({ type: 'handoff', role: 'legal', to: 'Lou', replaces: 0 }, 'bob');
    expect(refusal(() => h.draft({ type: 'handoff', role: 'legal', to: 'Max', replaces: 0 }))).toMatchObject({
      code: 'role.changed',
      message: 'role "Legal" was already handed over to Lou by bob at 2026-01-01 09:00:00 UTC',
    });
    h.after(1).act(
      { type: 'complete', step: 'name-leads', inputs: { 'lead-name': 'Lee', 'spokesperson-name': 'Sam' } },
      'bob',
    );
    expect(refusal(() => h.draft({ type: 'handoff', role: 'spokesperson', to: 'Kim', replaces: 0 }))).toMatchObject({
      code: 'role.changed',
      message: 'role "Spokesperson" is now held by Sam, recorded by bob at 2026-01-01 09:01:00 UTC',
    });
    // The one who did it is not named to themself.
    expect(
      refusal(() => h.draft({ type: 'handoff', role: 'spokesperson', to: 'Kim', replaces: 0 }, 'bob')),
    ).toMatchObject({
      message: 'role "Spokesperson" is now held by Sam, recorded at 2026-01-01 09:01:00 UTC',
    });
    // Naming the same holder again is no change of hands: a handoff made on the earlier sight still stands.
    expect(h.state.heldSince['spokesperson']).toEqual({ seq: 3, at: T0 + MIN, by: 'bob', how: 'fact' });
    h.act({ type: 'reopen', step: 'name-leads', reason: 'typo in the lead' });
    h.act({ type: 'complete', step: 'name-leads', inputs: { 'lead-name': 'Leo', 'spokesperson-name': 'Sam' } });
    expect(h.state.heldSince['spokesperson']).toMatchObject({ seq: 3 });
    expect(h.state.heldSince['incident-lead']).toMatchObject({ seq: 5, how: 'fact' });
    expect(h.act({ type: 'handoff', role: 'spokesperson', to: 'Kim', replaces: 3 }).data).toMatchObject({
      from: 'Sam',
    });
  });
});

describe('decide: statements', () => {
  const website = 'Batches B-1 are affected. Contact: Sam.';

  it('an approval-gated statement is refused until approved, then issued, and the step is done', () => {
    const h = Harness.started();
    h.act({ type: 'complete', step: 'confirm', inputs: { 'affected-batches': 'B-1' } });
    h.act({ type: 'complete', step: 'name-leads', inputs: { 'lead-name': 'Lee', 'spokesperson-name': 'Sam' } });
    h.act({ type: 'draft', step: 'holding-statement', channels: { website } });
    expect(h.state.steps['holding-statement']).toEqual({ status: 'open', drafts: { website } });
    const r = refusal(() => h.draft({ type: 'issue', step: 'holding-statement', channels: { website } }));
    expect(r).toEqual({
      message: 'statement "holding-statement" must be approved by legal before it is issued',
      code: 'statement.unapproved',
      exitCode: 2,
      hint: 'record the approval first',
    });
    expect(refusal(() => h.draft({ type: 'approve', step: 'holding-statement', approver: ' ' }))).toMatchObject({
      code: 'action.empty',
    });

    h.after(20).act({ type: 'approve', step: 'holding-statement', approver: 'Lou' });
    // A second approval (two people at once in a team) is refused, naming who approved and when.
    expect(
      refusal(() => h.draft({ type: 'approve', step: 'holding-statement', approver: 'Kim' }, 'bob')),
    ).toMatchObject({
      code: 'statement.approved',
      message:
        'statement "holding-statement" was already approved by Lou (recorded by alice) at 2026-01-01 09:20:00 UTC',
    });
    // The one who recorded it is not named to themself; an approval recorded by the approver names them once.
    expect(refusal(() => h.draft({ type: 'approve', step: 'holding-statement', approver: 'Kim' }))).toMatchObject({
      message: 'statement "holding-statement" was already approved by Lou at 2026-01-01 09:20:00 UTC',
    });
    expect(h.state.steps['holding-statement']).toMatchObject({
      status: 'open',
      approvedBy: 'Lou',
      approvedAt: T0 + 20 * MIN,
    });
    const issued = h.after(1).act({ type: 'issue', step: 'holding-statement', channels: { website } });
    expect(issued).toMatchObject({
      type: 'statement.issued',
      step: 'holding-statement',
      data: { channels: { website } },
    });
    expect(h.state.steps['holding-statement']).toEqual({
      status: 'done',
      at: T0 + 21 * MIN,
      seq: 6,
      by: 'alice',
      drafts: { website },
      approvedBy: 'Lou',
      approvedAt: T0 + 20 * MIN,
      approvalRecordedBy: 'alice',
      issued: { website },
      issuedBy: { website: { by: 'alice', at: T0 + 21 * MIN } },
    });
    expect(h.state.issued).toEqual([{ at: T0 + 21 * MIN, step: 'holding-statement', channels: { website } }]);
    // a channel already out is not issued twice; one not yet out may follow
    expect(refusal(() => h.draft({ type: 'issue', step: 'holding-statement', channels: { website } }))).toMatchObject({
      code: 'statement.reissue',
      message: 'statement "holding-statement" was already issued on website at 2026-01-01 09:21:00 UTC',
    });
    h.after(1).act({ type: 'issue', step: 'holding-statement', channels: { social: 'We are recalling B-1.' } }, 'Sam');
    expect(h.state.steps['holding-statement']?.issued).toEqual({ website, social: 'We are recalling B-1.' });
    // Someone else issuing a channel already out is told who issued it (with their roles) and when.
    const again = { website, social: 'x', email: 'y' };
    expect(refusal(() => h.draft({ type: 'issue', step: 'holding-statement', channels: again }, 'Lee'))).toMatchObject({
      code: 'statement.reissue',
      message:
        'statement "holding-statement" was already issued on website by alice at 2026-01-01 09:21:00 UTC;' +
        ' on social by Sam (Spokesperson) at 2026-01-01 09:22:00 UTC',
    });
    expect(h.state.issued.map((i) => Object.keys(i.channels))).toEqual([['website'], ['social']]);
    // other actions on the step stay closed
    expect(refusal(() => h.draft({ type: 'approve', step: 'holding-statement', approver: 'Lou' }))).toMatchObject({
      code: 'step.closed',
    });
  });

  it('checks the channels: unknown, empty, none', () => {
    const h = Harness.started();
    expect(refusal(() => h.draft({ type: 'issue', step: 'quick-post', channels: { fax: 'x' } }))).toMatchObject({
      code: 'statement.channel',
      hint: 'channels: social',
    });
    expect(refusal(() => h.draft({ type: 'issue', step: 'quick-post', channels: { social: '  ' } }))).toMatchObject({
      code: 'statement.empty',
    });
    expect(refusal(() => h.draft({ type: 'issue', step: 'quick-post', channels: {} }))).toMatchObject({
      code: 'statement.empty',
    });
    expect(refusal(() => h.draft({ type: 'issue', step: 'quick-post', channels: { constructor: 'x' } }))).toMatchObject(
      { code: 'statement.channel' },
    );
    expect(refusal(() => h.draft({ type: 'approve', step: 'quick-post', approver: 'Lou' }))).toMatchObject({
      code: 'statement.no-approval',
    });
    expect(refusal(() => h.draft({ type: 'draft', step: 'apology', channels: { social: 'x' } }))).toMatchObject({
      code: 'step.not-statement',
    });
    // a statement without approve-by is issued at once
    expect(h.act({ type: 'issue', step: 'quick-post', channels: { social: 'hello' } }).type).toBe('statement.issued');
  });
});

describe('decide: pause, resume, end', () => {
  it('pause and resume carry only what was given; after end only notes, decisions and review entries', () => {
    const h = Harness.started();
    expect(h.act({ type: 'pause' }).data).toEqual({});
    expect(h.state.status).toBe('paused');
    expect(h.act({ type: 'pause', reason: 'SIGTERM' }).data).toEqual({ reason: 'SIGTERM' });
    expect(h.act({ type: 'resume' }).data).toEqual({});
    expect(h.state.status).toBe('active');
    expect(h.act({ type: 'resume', forced: true, planChanged: true }).data).toEqual({
      forced: true,
      planChanged: true,
    });
    expect(h.state.forcedResumes).toBe(1);
    h.act({ type: 'end' });
    expect(h.state.status).toBe('ended');
    for (const action of [
      { type: 'complete', step: 'apology' },
      { type: 'resume' },
      { type: 'pause' },
      { type: 'end' },
      { type: 'handoff', role: 'legal', to: 'x' },
    ] as const) {
      expect(
        refusal(() => h.draft(action)),
        action.type,
      ).toMatchObject({ code: 'session.ended', exitCode: 2 });
    }
    expect(h.act({ type: 'note', text: 'lessons' }).type).toBe('note.added');
    expect(h.act({ type: 'decision', decision: 'x', options: [] }).type).toBe('decision.recorded');
    expect(h.act({ type: 'review', step: 'apology', inputs: { score: 3 } }).type).toBe('review.recorded');
  });

  it('decide on a fresh initial state refuses everything except start', () => {
    expect(() => decide({ plan, state: initialState(), now: T0, actor: 'a' }, { type: 'end' })).toThrow(
      'the session has not started',
    );
  });
});
