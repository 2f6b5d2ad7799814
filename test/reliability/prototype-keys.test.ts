/**
 * Ids that are Object.prototype keys (issue 12, #6). Playbook and operator
 * text becomes keys of lookups (steps, targets, roles, facts, channels): a
 * plain object answers `constructor` or `toString` with a function nobody
 * stored, which once crashed `checklist` (`text.trim is not a function`)
 * and the step screen. Every own key of Object.prototype is tried in every
 * place an id goes: step id, target name, role id, input id, statement
 * channel. Either the library is refused cleanly (a `file:line:col`
 * message, exit 1), or every command works on it; never exit 70 or a stack.
 */
import { existsSync, readdirSync } from 'node:fs';
import { compose } from '../../src/playbook/compose.js';
import { ID_PATTERN } from '../../src/playbook/constants.js';
import { buildLibrary } from '../../src/playbook/library.js';
import { parseLibrarySource } from '../../src/playbook/load.js';
import { renderStepScreen } from '../../src/render/step-screen.js';
import { initialState } from '../../src/session/replay.js';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURE_FILES } from '../helpers/fixtures.js';
import { runMain } from '../helpers/in-process.js';
import { tempDir, writeFiles } from '../helpers/temp.js';

const KEYS = Object.getOwnPropertyNames(Object.prototype).sort();

/** Where an id goes: the fixture id every occurrence of which is replaced by the key. */
const PLACES = {
  'step id': 'wr-apology',
  'target name': 'first-statement',
  'role id': 'quality-lead',
  'input id': 'affected-batches',
  'statement channel': 'website',
} as const;
type Place = keyof typeof PLACES;

const CASES = (Object.keys(PLACES) as Place[]).flatMap((place) => KEYS.map((key) => ({ place, key })));

/** The library with the key in its place. A target is the crisis's own (comms would name it standalone). */
function library(place: Place, key: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(FIXTURE_FILES).map(([file, text]) => {
      if (place === 'target name' && file === 'strategies/comms.yaml')
        return [file, swap(text, 'due: first-statement', 'due: 1h')];
      return [file, swap(text, PLACES[place], key)];
    }),
  );
}

const swap = (text: string, from: string, to: string) => text.split(from).join(to);

function answers(place: Place, key: string): string {
  const id = (fixture: string) => (PLACES[place] === fixture ? key : fixture);
  return [
    'operator: alice',
    'unlisted: done',
    'responses:',
    `  - { step: wr-confirm, action: done, inputs: { "${id('affected-batches')}": B-1, safety-risk: true } }`,
    `  - { step: ${JSON.stringify(id('wr-apology'))}, action: note, text: "noted on the step" }`,
    `  - { step: tf-name-leads, action: done, inputs: { spokesperson-name: Sam } }`,
    `  - { step: ${JSON.stringify(id('wr-apology'))}, action: done }`,
    `  - { step: wr-statement, action: approve, by: Lou }`,
    `  - { step: wr-statement, action: statement }`,
    '',
  ].join('\n');
}

/** A command's outcome must be an answer, never a crash. */
function expectNoCrash(what: string, r: { code: number; stdout: string; stderr: string }): void {
  expect(r.code, `${what}\n${r.stderr}`).not.toBe(70);
  expect(r.stderr, what).not.toMatch(/internal error|is not a function|^\s+at /m);
}

describe('Object.prototype keys as ids', () => {
  it.each(CASES)('$key as $place: refused cleanly or works everywhere', { timeout: 60_000 }, async ({ place, key }) => {
    const root = tempDir('crisis-proto-');
    const files = library(place, key);
    writeFiles(path.join(root, 'pb'), files);
    writeFiles(root, { 'a.yaml': answers(place, key) });
    const env = { CRISIS_LOG_DIR: path.join(root, 'logs') };
    const run = (argv: string[]) => runMain(['--playbooks', 'pb', ...argv], { cwd: root, env });

    const validate = await run(['validate', 'pb']);
    expectNoCrash('validate', validate);
    if (!ID_PATTERN.test(key)) {
      // not an id: refused where it is written, and nothing starts on it
      expect(validate.code).toBe(1);
      expect(validate.stdout + validate.stderr).toMatch(/\.yaml:\d+:\d+: error: /);
      const start = await run(['start', 'widget-recall', '--answers', 'a.yaml']);
      expectNoCrash('start', start);
      expect(start.code).not.toBe(0);
      expect(existsSync(path.join(root, 'logs'))).toBe(false);
      return;
    }
    expect(validate.code, validate.stdout).toBe(0);
    for (const argv of [
      ['show', 'widget-recall'],
      ['checklist', 'widget-recall', '--format', 'md'],
    ]) {
      const r = await run(argv);
      expectNoCrash(argv.join(' '), r);
      expect(r.code, `${argv.join(' ')}: ${r.stderr}`).toBe(0);
    }
    const start = await run(['start', 'widget-recall', '--answers', 'a.yaml']);
    expectNoCrash('start', start);
    expect(start.code, start.stderr).toBe(0);
    const id = /session (\S+) started/.exec(start.stderr)![1]!;
    expect(readdirSync(path.join(root, 'logs'))).toContain(`${id}.jsonl`);
    const reads = [
      ['status'],
      ['status', id],
      ['log', id],
      ['log', id, '--format', 'md'],
      ['verify', id],
      ['review', id, '--no-interactive'],
      ['checklist', '--session', id, '--format', 'html'],
      ['drill', 'widget-drill'],
    ];
    for (const argv of reads) {
      const r = await run(argv);
      expectNoCrash(argv.join(' '), r);
      expect([0, 1], `${argv.join(' ')}: ${r.stderr}`).toContain(r.code);
    }
    // the key shows as itself where it is printed, never as a function
    const log = await run(['log', id]);
    expect(log.stdout).not.toMatch(/function|\[native code\]/);
    if (place === 'step id') expect(log.stdout).toContain(`completed step ${key}`);
  });
});

describe('the step screen of a step owned by a role named constructor', () => {
  it('shows the role unfilled instead of crashing', () => {
    const files = library('role id', 'constructor');
    const built = buildLibrary(
      Object.entries(files).map(([file, text]) => ({ file, source: 't', parsed: parseLibrarySource(text, file) })),
    );
    const plan = compose(built, 'widget-recall').plan!;
    const step = plan.phases[0]!.steps[0]!;
    expect(step.owner).toBe('constructor');
    const plain = (s: string) => s;
    const style = { bold: plain, dim: plain, red: plain, yellow: plain, cyan: plain };
    const lines = renderStepScreen(plan, { ...initialState(), startedAt: 0 }, step, { n: 1, total: 7 }, 0, 'en', style);
    expect(lines.join('\n')).toContain('owner: Quality lead   due');
    expect(lines.join('\n')).not.toMatch(/function|native code/);
  });
});
