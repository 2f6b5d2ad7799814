import { describe, expect, it } from 'vitest';
import { LiveSession } from '../../src/drive/live-session.js';
import type { StoredEvent } from '../../src/session/events.js';
import { ChainVerifier } from '../../src/session/verify.js';
import { SharedLog, T0, refusalAsync, sessionPlan, startAction } from '../helpers/session-plan.js';

/** Two people on one session through an optimistic store: decide runs again on what the other recorded. */
const plan = sessionPlan();
const clock = { now: () => T0 };

async function twoSessions() {
  const shared = new SharedLog();
  const a = shared.handle();
  const b = shared.handle();
  const alice = new LiveSession(plan, a, clock, 'alice');
  await alice.act(startAction(plan));
  const bob = new LiveSession(plan, b, clock, 'bob');
  const seenByBob: StoredEvent[] = [];
  bob.onOthers = (e) => seenByBob.push(e);
  return { shared, a, b, alice, bob, seenByBob };
}

describe('LiveSession on an optimistic store', () => {
  it('folds in what others appended, once each, before deciding', async () => {
    const { alice, bob, seenByBob } = await twoSessions();
    await alice.act({ type: 'note', text: 'from alice' });
    const event = await bob.act({ type: 'note', text: 'from bob' });
    expect(event.seq).toBe(3);
    expect(seenByBob.map((e) => [e.seq, e.type])).toEqual([
      [1, 'session.started'],
      [2, 'note.added'],
    ]);
    expect(await bob.refresh()).toEqual([]);
    expect(bob.state.events).toBe(3);
    expect(bob.seq).toBe(3);
  });

  it('two people completing one step: exactly one is recorded, the other is refused on the new state', async () => {
    const { shared, b, alice, bob } = await twoSessions();
    await bob.refresh();
    // Bob decides on the state where `apology` is open; Alice completes it before his append lands.
    b.interleave = () => void alice.act({ type: 'complete', step: 'apology' });
    const refused = await refusalAsync(() => bob.act({ type: 'complete', step: 'apology' }));
    expect(refused).toMatchObject({ code: 'step.closed', message: 'step "apology" is already done by alice' });
    expect(b.attempts).toBe(2);
    expect(shared.log.events.filter((e) => e.type === 'step.completed').map((e) => e.actor)).toEqual(['alice']);
    expect(bob.state.steps.apology).toMatchObject({ status: 'done', by: 'alice' });
  });

  it('a retried append chains on the newer events: the shared log verifies', async () => {
    const { shared, b, alice, bob } = await twoSessions();
    b.interleave = () => void alice.act({ type: 'note', text: 'first' });
    expect((await bob.act({ type: 'note', text: 'second' })).seq).toBe(3);
    const verifier = new ChainVerifier();
    for (const line of shared.log.lines()) expect(verifier.push(line)).toBeDefined();
    expect(verifier.break).toBeUndefined();
  });
});
