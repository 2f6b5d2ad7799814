/**
 * What the step screen puts on the line when a question is asked again. Esc keeps what was typed (a draft,
 * editable next time); an answer whose action was recorded does not stay behind. Before, every answer stayed
 * as the question's draft: "Add a note" came back with the last note on the line, and one Enter logged it twice.
 */
import { describe, expect, it } from 'vitest';
import { InteractiveDriver } from '../../src/drive/interactive.js';
import { LiveSession } from '../../src/drive/live-session.js';
import { PromptBack, type Choice, type Prompter } from '../../src/drive/prompter.js';
import { runSession } from '../../src/drive/runner.js';
import { compose } from '../../src/playbook/compose.js';
import { FIXTURE_FILES } from '../helpers/fixtures.js';
import { MemoryStore, T0, sessionLibrary, startAction } from '../helpers/session-plan.js';

type Answer = string | { back: string };
const plain = (s: string) => s;
const style = { bold: plain, dim: plain, red: plain, yellow: plain, cyan: plain };

/** A session of widget-recall worked by `answers` (menu values and typed lines); each input's draft is kept. */
async function run(answers: Answer[]) {
  const { plan } = compose(sessionLibrary(FIXTURE_FILES), 'widget-recall', {});
  const store = new MemoryStore('20260101-090000-widget-recall-abcd');
  const session = new LiveSession(plan!, store, { now: () => T0 }, 'alice');
  await session.act(startAction(plan!));
  const inputs: Array<{ message: string; draft: string | undefined }> = [];
  const next = () => answers.shift() ?? 'pause';
  const prompter: Prompter = {
    select: <T extends string>(_m: string, _c: ReadonlyArray<Choice<T>>) => Promise.resolve(next() as T),
    input: (message, options) => {
      inputs.push({ message, draft: options?.draft });
      const answer = next();
      return typeof answer === 'string' ? Promise.resolve(answer) : Promise.reject(new PromptBack(answer.back));
    },
    confirm: () => Promise.resolve(true),
    editor: (_m, text) => Promise.resolve(text),
  };
  const driver = new InteractiveDriver(prompter, () => undefined, style);
  await runSession(session, driver, { lang: 'en' });
  const notes = store.events.filter((e) => e.type === 'note.added').map((e) => (e.data as { text: string }).text);
  return { inputs, notes };
}

describe('drafts on the step screen', () => {
  it('a second note starts on an empty line: the first, once recorded, is not offered again', async () => {
    const { inputs, notes } = await run(['note', 'first note', 'note', 'second note']);
    expect(inputs).toEqual([
      { message: 'Note:', draft: undefined },
      { message: 'Note:', draft: undefined },
    ]);
    expect(notes).toEqual(['first note', 'second note']);
  });

  it('Esc keeps what was typed: the same question asked again has it on the line, until it is recorded', async () => {
    const { inputs, notes } = await run(['note', { back: 'half a no' }, 'note', 'half a note', 'note', 'next']);
    expect(inputs.map((i) => i.draft)).toEqual([undefined, 'half a no', undefined]);
    expect(notes).toEqual(['half a note', 'next']);
  });
});
