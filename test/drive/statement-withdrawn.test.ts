import { describe, expect, it } from 'vitest';
import { InteractiveDriver } from '../../src/drive/interactive.js';
import { LiveSession } from '../../src/drive/live-session.js';
import { PromptInterrupted, type Prompter } from '../../src/drive/prompter.js';
import { runSession } from '../../src/drive/runner.js';
import { MemoryStore, SESSION_ID, sessionPlan, startAction, T0 } from '../helpers/session-plan.js';

const plain = { bold: String, dim: String, red: String, yellow: String, cyan: String };

/**
 * Team mode: the statement editor is withdrawn because someone else recorded
 * something (the prompter gives back what the editor saved, as
 * PromptInterrupted.typed). The run loop draws the menu again; the statement
 * screen then shows the hand-written text, and it is what goes out.
 */
describe('a statement being edited when the prompt is withdrawn', () => {
  it('keeps the edited text: the redrawn statement screen shows it and it is issued', async () => {
    const plan = sessionPlan();
    const store = new MemoryStore(SESSION_ID);
    const session = new LiveSession(plan, store, { now: () => T0 }, 'alice');
    await session.act(startAction(plan));
    await session.act({ type: 'focus', step: 'quick-post' });

    const screen: string[] = [];
    const asked: string[] = [];
    let withdrawals = 0;
    const answers: Array<(message: string, choices: string[]) => string> = [
      () => 'issue',
      () => 'edit:social',
      () => 'issue',
      (_m, choices) => (expect(choices[0]).toBe('accept'), 'accept'),
      () => 'pause',
    ];
    const prompter: Prompter = {
      select: <T extends string>(message: string, choices: ReadonlyArray<{ value: T }>) => {
        asked.push(`select ${message}`);
        return Promise.resolve(
          answers.shift()!(
            message,
            choices.map((c) => c.value),
          ) as T,
        );
      },
      input: (message) => Promise.reject(new Error(`unexpected input "${message}"`)),
      confirm: (message) => Promise.reject(new Error(`unexpected confirm "${message}"`)),
      editor: (message, text) => {
        asked.push(`editor ${message}`);
        expect(text).toContain('Update on');
        // Someone else acted while the editor was open: what it saved comes back with the withdrawal.
        return Promise.reject(new PromptInterrupted('interrupted', 'Hand-written update: the recall is under way.'));
      },
    };
    const driver = new InteractiveDriver(prompter, (line = '') => void screen.push(line), plain);
    const result = await runSession(session, driver, {
      lang: 'en',
      hooks: { withdrawn: () => withdrawals++ === 0 },
    });

    expect(result.outcome).toBe('paused');
    expect(withdrawals).toBe(2);
    expect(asked).toEqual([
      'select What now?',
      'select Statement',
      'editor Edit social',
      'select What now?',
      'select Statement',
      'select What now?',
    ]);
    // The second statement screen shows the kept text, not the template filled again.
    const headings = screen.flatMap((line, i) => (line === '── social ──' ? [screen[i + 1]] : []));
    expect(headings).toEqual([
      'Update on [affected-batches]: [missing-fact]',
      'Hand-written update: the recall is under way.',
    ]);
    const issued = store.events.filter((e) => e.type.startsWith('statement.'));
    expect(issued.map((e) => [e.type, e.data])).toEqual([
      ['statement.drafted', { channels: { social: 'Hand-written update: the recall is under way.' } }],
      ['statement.issued', { channels: { social: 'Hand-written update: the recall is under way.' } }],
    ]);
  });
});
