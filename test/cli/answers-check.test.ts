import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain } from '../helpers/in-process.js';
import { SESSION_FILES } from '../helpers/fixtures.js';
import { tempDir, writeFiles } from '../helpers/temp.js';

/**
 * An answers file is checked against the composed plan before a session
 * exists: every mistake reported with file:line:col, exit 1, nothing in the log dir.
 */
async function start(answers: string) {
  const cwd = tempDir('crisis-answers-');
  writeFiles(cwd, {
    ...Object.fromEntries(Object.entries(SESSION_FILES).map(([f, t]) => [`pb/${f}`, t])),
    'a.yaml': answers,
  });
  const logDir = path.join(cwd, 'logs');
  const r = await runMain(['--playbooks', 'pb', 'start', 'sess-crisis', '--answers', 'a.yaml'], {
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
      'responses[1].inputs.channel: channel: expected one of social, press, got "tv" [answers.input-type]',
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
  ])('%s: exit 1, the position, no session', async (_what, line, pos, message) => {
    const r = await start(`responses:\n${LEADS}${line}`);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain(`a.yaml:${pos}: error: ${message}`);
    expect(r.stderr).toContain('error: --answers a.yaml: 1 problem(s); no session was changed or created');
    expect(r.sessions).toEqual([]);
  });

  it('reports every problem at once, in file order', async () => {
    const r = await start(
      'responses:\n  - { step: nope, action: done }\n  - { step: apology, action: block }\n  - { action: note }\n',
    );
    expect(r.code).toBe(1);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('a.yaml:'));
    expect(lines.map((l) => l.split(': error')[0])).toEqual(['a.yaml:2:13', 'a.yaml:3:30', 'a.yaml:4:15']);
    expect(r.stderr).toContain('3 problem(s)');
    expect(r.sessions).toEqual([]);
  });
});
