import { describe, expect, it } from 'vitest';
import { InteractiveDriver } from '../../src/drive/interactive.js';
import { LiveSession } from '../../src/drive/live-session.js';
import type { Prompter } from '../../src/drive/prompter.js';
import { runSession } from '../../src/drive/runner.js';
import { MemoryStore, SESSION_ID, sessionPlan, startAction, T0 } from '../helpers/session-plan.js';

const plain = { bold: String, dim: String, red: String, yellow: String, cyan: String };

/**
 * Team mode: the role list shows who holds each role; someone else hands the
 * chosen role over while this operator types the new holder's name. The
 * handoff carries the holding the list showed, so it is refused, names who
 * handed the role over and when, and the next role list shows the new holder.
 */
describe('a role handed over by someone else while the operator is typing the name', () => {
  it('is refused with who and when; nothing of this operator is recorded; the list then shows the new holder', async () => {
    const plan = sessionPlan();
    const store = new MemoryStore(SESSION_ID);
    const alice = new LiveSession(plan, store, { now: () => T0 }, 'alice');
    await alice.act(startAction(plan));
    await alice.act({
      type: 'complete',
      step: 'name-leads',
      inputs: { 'lead-name': 'Lee', 'spokesperson-name': 'Sam' },
    });
    const bob = new LiveSession(plan, store, { now: () => T0 + 61_000 }, 'Bo Li');
    await bob.refresh();

    const screen: string[] = [];
    const roleLists: string[][] = [];
    const answers = ['handoff', 'spokesperson', 'handoff', ':back', 'pause'];
    const prompter: Prompter = {
      select: <T extends string>(message: string, choices: ReadonlyArray<{ value: T; name?: string }>) => {
        if (message === 'Which role?') roleLists.push(choices.map((c) => c.name ?? c.value));
        return Promise.resolve(answers.shift() as T);
      },
      input: async (message) => {
        expect(message).toBe('Hand over to (name):');
        // Bo Li hands the spokesperson role to Kim meanwhile; this screen hears of it (a notice, no withdrawal).
        await bob.act({ type: 'handoff', role: 'spokesperson', to: 'Kim', replaces: 2 });
        await alice.refresh();
        return 'Max';
      },
      confirm: (message) => Promise.reject(new Error(`unexpected confirm "${message}"`)),
      editor: (message) => Promise.reject(new Error(`unexpected editor "${message}"`)),
    };
    const driver = new InteractiveDriver(prompter, (line = '') => void screen.push(line), plain);
    const result = await runSession(alice, driver, { lang: 'en' });

    expect(result.outcome).toBe('paused');
    expect(result.refusals.map((r) => r.code)).toEqual(['role.changed']);
    expect(screen).toContain(
      '  ✗ not recorded: role "Spokesperson" was already handed over to Kim by Bo Li at 2026-01-01 09:01:01 UTC',
    );
    const handoffs = store.events.filter((e) => e.type === 'role.handoff');
    expect(handoffs.map((e) => [e.actor, e.data])).toEqual([
      ['Bo Li', { role: 'spokesperson', from: 'Sam', to: 'Kim', replaces: 2 }],
    ]);
    expect(roleLists.map((list) => list.find((name) => name.startsWith('Spokesperson')))).toEqual([
      'Spokesperson — Sam',
      'Spokesperson — Kim',
    ]);
  });
});
