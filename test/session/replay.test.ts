import { describe, expect, it } from 'vitest';
import { planHash } from '../../src/playbook/compose.js';
import type { StoredEvent } from '../../src/session/events.js';
import { parseStoredEvent } from '../../src/session/events.js';
import { replayContext } from '../../src/session/progress.js';
import { applyEvent, initialState, replay, type SessionState } from '../../src/session/replay.js';
import { ChainVerifier } from '../../src/session/verify.js';
import { Harness, MIN, SESSION_ID, T0, sessionPlan } from '../helpers/session-plan.js';

const plan = sessionPlan();
const context = replayContext(plan);
const at = (minutes: number) => T0 + minutes * MIN;

/** A whole session, with the clock moved before each action. */
function fullSession(): Harness {
  const h = Harness.started(plan);
  const step = (minutes: number) => {
    h.now = at(minutes);
    return h;
  };
  step(5).act({ type: 'complete', step: 'confirm', inputs: { 'affected-batches': 'B-7', 'safety-risk': true } });
  step(6).act({ type: 'note', step: 'confirm', text: 'TODO: call the supplier' });
  step(7).act({ type: 'note', text: 'plain note' });
  step(8).act({ type: 'complete', step: 'name-leads', inputs: { 'lead-name': 'Lee', 'spokesperson-name': 'Sam' } });
  step(9).act({ type: 'assign', step: 'recall', to: 'Dana', checkBackInMs: 15 * MIN });
  step(10).act({ type: 'handoff', role: 'spokesperson', to: 'Kim' }, 'bob');
  step(12).act({ type: 'decision', decision: 'Recall B-7', options: ['all', 'some'] });
  step(20).act({ type: 'draft', step: 'holding-statement', channels: { website: 'W1' } });
  step(25).act({ type: 'approve', step: 'holding-statement', approver: 'Lou' });
  step(26).act({ type: 'issue', step: 'holding-statement', channels: { website: 'W2' } });
  step(30).act({ type: 'pause' });
  step(40).act({ type: 'resume' });
  step(41).act({ type: 'inject', message: 'regulator called', facts: { units: 500 } });
  step(45).act({ type: 'skip', step: 'apology', reason: 'legal advice' });
  step(50).act({ type: 'complete', step: 'recall' });
  step(55).act({ type: 'issue', step: 'quick-post', channels: { social: 'S1' } });
  step(60).act({ type: 'end' });
  return h;
}

const EXPECTED: SessionState = {
  id: SESSION_ID,
  crisis: 'sess-crisis',
  severity: 'medium',
  with: [],
  planHash: planHash(plan),
  operator: 'alice',
  lang: 'en',
  as: undefined,
  drill: undefined,
  startedAt: T0,
  lastAt: at(60),
  status: 'ended',
  reopened: [],
  facts: { 'affected-batches': 'B-7', 'safety-risk': true, 'lead-name': 'Lee', 'spokesperson-name': 'Sam', units: 500 },
  steps: {
    confirm: { status: 'done', at: at(5), seq: 2, by: 'alice', reason: undefined },
    'name-leads': { status: 'done', at: at(8), seq: 5, by: 'alice', reason: undefined },
    recall: {
      status: 'done',
      assignedTo: 'Dana',
      checkBackAt: at(24),
      at: at(50),
      seq: 16,
      by: 'alice',
      reason: undefined,
    },
    'holding-statement': {
      status: 'done',
      drafts: { website: 'W1' },
      approvedBy: 'Lou',
      approvedAt: at(25),
      approvalRecordedBy: 'alice',
      at: at(26),
      seq: 11,
      by: 'alice',
      issued: { website: 'W2' },
      issuedBy: { website: { by: 'alice', at: at(26) } },
    },
    apology: { status: 'skipped', at: at(45), seq: 15, by: 'alice', reason: 'legal advice' },
    'quick-post': {
      status: 'done',
      at: at(55),
      seq: 17,
      by: 'alice',
      issued: { social: 'S1' },
      issuedBy: { social: { by: 'alice', at: at(55) } },
    },
  },
  roles: { 'incident-lead': 'Lee', spokesperson: 'Kim' },
  heldSince: {
    'incident-lead': { seq: 5, at: at(8), by: 'alice', how: 'fact' },
    spokesperson: { seq: 7, at: at(10), by: 'bob', how: 'handoff' },
  },
  focus: undefined,
  notes: [
    { at: at(6), actor: 'alice', step: 'confirm', text: 'TODO: call the supplier' },
    { at: at(7), actor: 'alice', step: undefined, text: 'plain note' },
  ],
  followUps: [{ at: at(6), actor: 'alice', step: 'confirm', text: 'call the supplier' }],
  decisions: [{ at: at(12), step: undefined, decision: 'Recall B-7', options: ['all', 'some'], decidedBy: 'alice' }],
  handoffs: [{ at: at(10), actor: 'bob', role: 'spokesperson', from: 'Sam', to: 'Kim' }],
  injects: [{ at: at(41), message: 'regulator called', facts: { units: 500 } }],
  issued: [
    { at: at(26), step: 'holding-statement', channels: { website: 'W2' } },
    { at: at(55), step: 'quick-post', channels: { social: 'S1' } },
  ],
  review: {},
  focusChanges: [],
  forcedResumes: 0,
  events: 18,
};

describe('replay', () => {
  it('folds a whole session into exactly the expected state', () => {
    const h = fullSession();
    expect(h.store.events.map((e) => [e.seq, e.type, e.step ?? ''])).toEqual([
      [1, 'session.started', ''],
      [2, 'step.completed', 'confirm'],
      [3, 'note.added', 'confirm'],
      [4, 'note.added', ''],
      [5, 'step.completed', 'name-leads'],
      [6, 'step.assigned', 'recall'],
      [7, 'role.handoff', ''],
      [8, 'decision.recorded', ''],
      [9, 'statement.drafted', 'holding-statement'],
      [10, 'statement.approved', 'holding-statement'],
      [11, 'statement.issued', 'holding-statement'],
      [12, 'session.paused', ''],
      [13, 'session.resumed', ''],
      [14, 'inject.received', ''],
      [15, 'step.skipped', 'apology'],
      [16, 'step.completed', 'recall'],
      [17, 'statement.issued', 'quick-post'],
      [18, 'session.ended', ''],
    ]);
    expect(replay(h.store.events, context)).toEqual(EXPECTED);
  });

  it('gives the same state as the live session built event by event', () => {
    const h = fullSession();
    expect(replay(h.store.events, context)).toEqual(h.state);
  });

  it('gives the same state from the log as read back from JSON lines', () => {
    const h = fullSession();
    const fromLines = h.store.lines().map((line) => {
      const { event, error } = parseStoredEvent(JSON.parse(line));
      expect(error).toBeUndefined();
      return event!;
    });
    expect(replay(fromLines, context)).toEqual(EXPECTED);
  });

  it('the in-memory store chains and hashes like the file store: the verifier accepts every line', () => {
    const h = fullSession();
    const verifier = new ChainVerifier();
    for (const line of h.store.lines()) expect(verifier.push(line)).toBeDefined();
    expect(verifier.break).toBeUndefined();
    expect(verifier.head).toEqual({ seq: 18, hash: h.store.events[17]!.hash });
  });

  it('never throws on any prefix, and counts the events of the prefix', () => {
    const events = fullSession().store.events;
    for (let n = 0; n <= events.length; n++) {
      const state = replay(events.slice(0, n), context);
      expect(state.events).toBe(n);
    }
    expect(replay(events.slice(0, 12), context).status).toBe('paused');
    expect(replay(events.slice(0, 13), context).status).toBe('active');
  });

  it('is pure: replaying twice gives equal states and leaves the events untouched', () => {
    const events = fullSession().store.events;
    const copy = structuredClone(events);
    const a = replay(events, context);
    const b = replay(events, context);
    expect(a).toEqual(b);
    expect(a).not.toBe(b);
    a.notes.push({ at: 0, actor: 'x', text: 'y' });
    expect(b.notes).toHaveLength(2);
    expect(events).toEqual(copy);
  });

  it('a log line must name its step exactly where the event is about one', () => {
    const line = (fields: Record<string, unknown>) => ({
      v: 1,
      seq: 2,
      ts: '2026-01-01T09:05:00.000Z',
      session: SESSION_ID,
      actor: 'alice',
      prev: 'x',
      hash: 'y',
      ...fields,
    });
    expect(parseStoredEvent(line({ type: 'step.skipped', data: { reason: 'n/a' } }))).toEqual({
      error: 'step: required on step.skipped',
    });
    expect(parseStoredEvent(line({ type: 'statement.issued', data: { channels: { web: 'Hi' } } }))).toEqual({
      error: 'step: required on statement.issued',
    });
    expect(
      parseStoredEvent(line({ type: 'role.handoff', step: 'confirm', data: { role: 'lead', to: 'Sam' } })),
    ).toEqual({ error: 'step: not allowed on role.handoff' });
    expect(parseStoredEvent(line({ type: 'note.added', data: { text: 'plain' } })).event?.step).toBeUndefined();
    expect(
      parseStoredEvent(line({ type: 'note.added', step: 'confirm', data: { text: 'at a step' } })).event?.step,
    ).toBe('confirm');
  });

  it('without the plan context, person inputs do not assign roles; handoffs still do', () => {
    const state = replay(fullSession().store.events);
    expect(state.roles).toEqual({ spokesperson: 'Kim' });
    expect(state.facts['lead-name']).toBe('Lee');
  });

  it('an empty person input does not clear a role', () => {
    const h = Harness.started(plan);
    h.act({ type: 'complete', step: 'name-leads', inputs: { 'lead-name': 'Lee' } });
    expect(h.state.roles).toEqual({ 'incident-lead': 'Lee' });
  });

  it.each([
    ['TODO: ring the lab', 'ring the lab'],
    ['todo:ring the lab', 'ring the lab'],
    ['  Todo:   ring the lab  ', 'ring the lab'],
  ])('note %j becomes the follow-up %j', (text, followUp) => {
    const h = Harness.started(plan);
    h.act({ type: 'note', text });
    expect(h.state.followUps).toEqual([{ at: T0, actor: 'alice', step: undefined, text: followUp }]);
    expect(h.state.notes).toEqual([{ at: T0, actor: 'alice', step: undefined, text: text.trim() }]);
  });

  it.each(['TODO ring the lab', 'not a TODO: here', 'TODOS: no'])('note %j is not a follow-up', (text) => {
    const h = Harness.started(plan);
    h.act({ type: 'note', text });
    expect(h.state.followUps).toEqual([]);
    expect(h.state.notes).toHaveLength(1);
  });

  it('lastAt is the latest timestamp even when an event is older (clock skew on resume)', () => {
    const h = Harness.started(plan);
    h.now = at(30);
    h.act({ type: 'note', text: 'late' });
    h.now = at(10);
    h.act({ type: 'note', text: 'earlier clock' });
    expect(h.state.lastAt).toBe(at(30));
  });

  it('starts from a fresh initial state every time', () => {
    expect(replay([])).toEqual(initialState());
    expect(initialState()).not.toBe(initialState());
  });

  it('applyEvent folds facts a drill knows at the start', () => {
    const start: StoredEvent = {
      v: 1,
      seq: 1,
      ts: '2026-01-01T09:00:00.000Z',
      session: SESSION_ID,
      type: 'session.started',
      actor: 'drill',
      data: {
        crisis: 'sess-crisis',
        severity: 'high',
        with: ['media'],
        planHash: 'h',
        operator: 'drill',
        lang: 'zh',
        drill: { id: 'd1' },
        facts: { 'safety-risk': true },
      },
      prev: '0'.repeat(64),
      hash: 'x',
    };
    const state = applyEvent(initialState(), start);
    expect(state).toMatchObject({
      id: SESSION_ID,
      severity: 'high',
      with: ['media'],
      lang: 'zh',
      drill: { id: 'd1' },
      facts: { 'safety-risk': true },
      startedAt: T0,
      status: 'active',
      events: 1,
    });
  });
});
