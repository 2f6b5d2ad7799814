import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain } from '../helpers/in-process.js';
import { SESSION_FILES } from '../helpers/fixtures.js';
import { readLoggedEvents } from '../helpers/log-events.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { tempDir, writeFiles } from '../helpers/temp.js';

/**
 * An answers file is checked against the composed plan before a session
 * exists: every mistake reported with file:line:col, exit 2 (an answers file is
 * input: a malformed one is a usage error, as its wrong types and unknown fields
 * are), nothing in the log dir.
 */
async function start(answers: string, options: string[] = []) {
  const cwd = tempDir('crisis-answers-');
  writeFiles(cwd, {
    ...Object.fromEntries(Object.entries(SESSION_FILES).map(([f, t]) => [`pb/${f}`, t])),
    'a.yaml': answers,
  });
  const logDir = path.join(cwd, 'logs');
  const r = await runMain([...options, '--playbooks', 'pb', 'start', 'sess-crisis', '--answers', 'a.yaml'], {
    cwd,
    env: { CRISIS_LOG_DIR: logDir },
  });
  const sessions = existsSync(logDir) ? readdirSync(logDir) : [];
  return { ...r, sessions };
}

const LEADS = '  - { step: confirm, action: done, inputs: { affected-batches: B-1 } }\n';

describe('answers file mistakes are found before a session exists', () => {
  it.each([
    [
      'a wrong step id',
      '  - { step: confrim, action: done }\n',
      '3:13',
      'responses[1].step: no step "confrim" in plan sess-crisis [answers.unknown-step]',
    ],
    [
      'a missing required input',
      '  - { step: name-leads, action: done, inputs: { spokesperson-name: Sam } }\n',
      '3:47',
      'responses[1]: step "name-leads" needs the input "lead-name" [answers.input-required]',
    ],
    [
      'a skip without a reason',
      '  - { step: apology, action: skip }\n',
      '3:30',
      'responses[1]: skip needs a reason: [answers.no-reason]',
    ],
    [
      'an unknown input',
      '  - { step: recall, action: done, inputs: { colour: red } }\n',
      '3:53',
      'responses[1].inputs.colour: step "recall" records no input "colour" [answers.unknown-input]',
    ],
    [
      'a choice that is not one',
      '  - { step: confirm, action: done, inputs: { affected-batches: B, channel: tv } }\n',
      '3:76',
      'responses[1].inputs.channel: expected one of social, press, got "tv" [answers.input-type]',
    ],
    [
      'a yes-no that is neither',
      '  - { step: confirm, action: done, inputs: { affected-batches: B, safety-risk: maybe } }\n',
      '3:80',
      'responses[1].inputs.safety-risk: expected yes or no, got "maybe" [answers.input-type]',
    ],
    [
      'a number that is not one',
      '  - { step: confirm, action: done, inputs: { affected-batches: B, units: lots } }\n',
      '3:74',
      'responses[1].inputs.units: expected a number, got "lots" [answers.input-type]',
    ],
    [
      'a date that is not one',
      '  - { step: confirm, action: done, inputs: { affected-batches: B, found-on: 2026-02-30 } }\n',
      '3:77',
      'responses[1].inputs.found-on: expected a date as YYYY-MM-DD, got "2026-02-30" [answers.input-type]',
    ],
    [
      'an approval without a name',
      '  - { step: holding-statement, action: approve }\n',
      '3:40',
      'responses[1]: an approval names who approved (by: NAME) [answers.no-approver]',
    ],
    [
      'a statement on a step without one',
      '  - { step: apology, action: statement }\n',
      '3:13',
      'responses[1]: step "apology" is not a statement [answers.not-statement]',
    ],
  ])('%s: exit 2, the position, no session', async (_what, line, pos, message) => {
    const r = await start(`responses:\n${LEADS}${line}`);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(`a.yaml:${pos}: error: ${message}`);
    expect(r.stderr).toContain('error: --answers a.yaml: 1 problem; no session was changed or created');
    expect(r.sessions).toEqual([]);
  });

  it('a wrong-typed input names the input once, in Chinese too, with its position and the hint', async () => {
    const line = '  - { step: confirm, action: done, inputs: { affected-batches: B, units: lots } }\n';
    const r = await start(`responses:\n${LEADS}${line}`, ['--lang', 'zh']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toBe(
      'a.yaml:3:74：错误：responses[1].inputs.units：请填一个数字，收到的是“lots” [answers.input-type]\n' +
        '错误：--answers a.yaml：1 个问题；没有更改或创建任何会话\n' +
        '提示：请修正回答文件；`crisis show <crisis>` 会列出步骤 ID 和输入项\n',
    );
    expect(r.sessions).toEqual([]);
  });

  it('reports every problem at once, in file order', async () => {
    const r = await start(
      'responses:\n  - { step: nope, action: done }\n  - { step: apology, action: block }\n  - { action: note }\n',
    );
    expect(r.code).toBe(2);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('a.yaml:'));
    expect(lines.map((l) => l.split(': error')[0])).toEqual(['a.yaml:2:13', 'a.yaml:3:30', 'a.yaml:4:15']);
    expect(r.stderr).toContain('3 problems');
    expect(r.sessions).toEqual([]);
  });
});

describe('an answers file is input: every problem in it exits 2', () => {
  it('a reference problem exits as a wrong type or an unknown field does', async () => {
    const unknownStep = await start('operator: a\nresponses:\n  - { step: nope, action: done }\n');
    const unknownField = await start('operator: a\nresponses:\n  - { step: confirm, action: done, bogus: 1 }\n');
    const wrongType = await start('operator: a\nresponses:\n  - { step: confirm, action: done, inputs: [1] }\n');
    expect([unknownStep.code, unknownField.code, wrongType.code]).toEqual([2, 2, 2]);
    expect(unknownStep.stderr).toBe(
      'a.yaml:3:13: error: responses[0].step: no step "nope" in plan sess-crisis [answers.unknown-step]\n' +
        'error: --answers a.yaml: 1 problem; no session was changed or created\n' +
        'hint: fix the answers file; `crisis show <crisis>` lists step ids and inputs\n',
    );
    expect(unknownField.stderr.split('\n')[0]).toBe(
      'error: a.yaml:3:36: responses[0].bogus: unknown field "bogus" [schema]',
    );
  });
});

/**
 * The README's own answers file, taken from README.md as printed (the first
 * yaml block of "Answers files and drills") and run with the command the README
 * names for it, so the example cannot drift from what the tool accepts.
 */
describe("the README's answers file", () => {
  const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## Answers files and drills\n'));
  const example = /```yaml\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  const command = /`crisis (start \S+ --answers answers\.yaml)`/.exec(section.slice(0, section.indexOf('```yaml')));

  it('runs as printed: exit 0, every response recorded', async () => {
    expect(example).toContain('responses:');
    expect(command?.[1]).toBe('start product-quality --answers answers.yaml');
    const cwd = tempDir('crisis-readme-answers-');
    writeFiles(cwd, { 'answers.yaml': example });
    const logDir = path.join(cwd, 'logs');
    const r = await runMain(command![1]!.split(' '), { cwd, env: { CRISIS_LOG_DIR: logDir } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('session ended.');
    const [log] = readdirSync(logDir).filter((f) => f.endsWith('.jsonl'));
    const events = readLoggedEvents(path.join(logDir, log!));
    expect(events[0]!.actor).toBe('alice');
    const of = (type: string, step?: string) => events.filter((e) => e.type === type && e.step === step);
    expect(of('step.completed', 'tf-name-leads')[0]!.data.facts).toEqual({
      'incident-lead-name': 'Alice',
      'spokesperson-name': 'Bob',
    });
    expect(of('step.completed', 'check-safety-risk')[0]!.data.facts).toEqual({
      'safety-risk': true,
      'harm-reported': false,
      'food-recall-level': 'not-food',
    });
    expect(of('note.added')[0]!.data).toMatchObject({ text: 'TODO: call the supplier' });
    expect(of('statement.approved', 'issue-first-statement')[0]!.data).toMatchObject({ approver: 'Lee' });
    expect(of('statement.issued', 'issue-first-statement')[0]!.data.channels).toEqual({
      website: 'We have stopped selling batch B-1 while we check a fault.',
    });
    expect(events.at(-1)!.type).toBe('session.ended');
  });
});
