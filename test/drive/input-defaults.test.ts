/**
 * What Enter answers on a step's inputs. Every yes-no input used to start on No and every choice on its first
 * choice, so an operator pressing Enter under pressure recorded "no personal data" against the playbook's own
 * "if unsure, answer yes". An input's `default` is now what the prompt starts on; without one, No and the first
 * choice as before. A drill completing a step its script leaves out records the same default.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InteractiveDriver } from '../../src/drive/interactive.js';
import { LiveSession } from '../../src/drive/live-session.js';
import type { Choice, Prompter } from '../../src/drive/prompter.js';
import { runSession } from '../../src/drive/runner.js';
import { compose } from '../../src/playbook/compose.js';
import type { Input } from '../../src/playbook/types.js';
import { defaultValue } from '../../src/session/inputs.js';
import { CRISIS, FIXTURE_FILES } from '../helpers/fixtures.js';
import { distMain, fakeDeps } from '../helpers/in-process.js';
import { MemoryStore, T0, sessionLibrary, startAction } from '../helpers/session-plan.js';

const plain = (s: string) => s;
const style = { bold: plain, dim: plain, red: plain, yellow: plain, cyan: plain };

const SAFETY = '{ id: safety-risk, label: Safety risk?, type: yes-no }';
const INPUTS = [
  '{ id: safety-risk, label: Safety risk?, type: yes-no, default: true }',
  '{ id: samples-kept, label: Samples kept?, type: yes-no }',
  '{ id: recall-scope, label: Scope, type: choice, default: all, choices: [ { value: batch, label: One batch }, ' +
    '{ value: all, label: All batches } ] }',
  '{ id: recall-channel, label: Channel, type: choice, required: true, choices: [ { value: shops, label: Shops }, ' +
    '{ value: post, label: By post } ] }',
].join('\n          - ');

/**
 * widget-recall with those inputs on its first step, worked by pressing Enter on every input prompt: the first step
 * is completed, then the session pauses. Returns each prompt as asked and the facts the step recorded.
 */
async function enterThrough() {
  expect(CRISIS).toContain(SAFETY);
  const files = { ...FIXTURE_FILES, 'crises/widget-recall.yaml': CRISIS.replace(SAFETY, INPUTS) };
  const { plan } = compose(sessionLibrary(files), 'widget-recall', {});
  const store = new MemoryStore('20260101-090000-widget-recall-abcd');
  const session = new LiveSession(plan!, store, { now: () => T0 }, 'alice');
  await session.act(startAction(plan!));
  const asked: unknown[] = [];
  const menu = ['done', 'pause'];
  const prompter: Prompter = {
    select: <T extends string>(message: string, choices: ReadonlyArray<Choice<T>>, defaultValue?: T) => {
      if (message === 'What now?') return Promise.resolve((menu.shift() ?? 'pause') as T);
      asked.push({ select: message, choices: choices.map((c) => c.value), default: defaultValue });
      // Enter: Inquirer's select starts on the default, else on the first choice.
      return Promise.resolve(defaultValue ?? choices[0]!.value);
    },
    input: (message) => {
      asked.push({ input: message });
      return Promise.resolve('B-1');
    },
    confirm: (message, defaultValue) => {
      asked.push({ confirm: message, default: defaultValue });
      return Promise.resolve(defaultValue ?? false);
    },
    editor: (_m, text) => Promise.resolve(text),
  };
  await runSession(session, new InteractiveDriver(prompter, () => undefined, style), { lang: 'en' });
  const completed = store.events.find((e) => e.type === 'step.completed');
  return { asked, facts: (completed?.data as { facts: Record<string, unknown> } | undefined)?.facts };
}

describe('an input default on the step screen', () => {
  it("Enter takes the playbook's default: yes for a yes-no, the default choice; without one, no and the first", async () => {
    const { asked, facts } = await enterThrough();
    expect(asked).toEqual([
      { input: 'Affected batches' },
      { confirm: 'Safety risk? (optional)', default: true },
      { confirm: 'Samples kept? (optional)', default: false },
      // An optional choice still ends with "not known yet"; the prompt starts on the default, not the first choice.
      { select: 'Scope (optional)', choices: ['batch', 'all', ''], default: 'all' },
      { select: 'Channel', choices: ['shops', 'post'], default: undefined },
    ]);
    expect(facts).toEqual({
      'affected-batches': 'B-1',
      'safety-risk': true,
      'samples-kept': false,
      'recall-scope': 'all',
      'recall-channel': 'shops',
    });
  });
});

describe("a drill's placeholder for an input its script does not give (unlisted: done)", () => {
  const choice = (extra: Partial<Input> = {}): Input => ({
    id: 'grade',
    label: 'Grade',
    type: 'choice',
    choices: [
      { value: 'major', label: 'Major' },
      { value: 'ordinary', label: 'Ordinary' },
    ],
    ...extra,
  });

  it("is the playbook's default where it gives one", () => {
    expect(defaultValue({ id: 'pd', label: 'Personal data?', type: 'yes-no', default: true })).toBe(true);
    expect(defaultValue(choice({ default: 'ordinary' }))).toBe('ordinary');
  });

  it('is no and the first choice without one', () => {
    expect(defaultValue({ id: 'pd', label: 'Personal data?', type: 'yes-no' })).toBe(false);
    expect(defaultValue(choice())).toBe('major');
  });
});

describe('a cybersecurity drill that leaves the personal-data question to unlisted: done', () => {
  it('rehearses the safe answer: users are told, as the playbook says to answer yes when unsure', async () => {
    const { main } = await distMain();
    const deps = fakeDeps();
    const drill = path.join(deps.cwd, 'personal-data-left-out.yaml');
    writeFileSync(
      drill,
      [
        'id: personal-data-left-out',
        'kind: drill',
        'title: Personal data left out of the script',
        'playbook: cybersecurity',
        'unlisted: done',
        'facts: { org-company: ShopNow }',
        'responses:',
        '  - { at: 5m, action: note, text: Started }',
        'expect:',
        '  - completed: [notify-affected-users]',
        '',
      ].join('\n'),
    );
    const code = await main(['--log-dir', path.join(deps.cwd, 'logs'), 'drill', drill], deps);
    expect(deps.stdout.text()).toContain('2/2 expectations held');
    expect(deps.stdout.text()).toContain('✓ completed: notify-affected-users');
    expect(code).toBe(0);
  });
});
