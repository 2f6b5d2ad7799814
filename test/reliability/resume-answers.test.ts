/**
 * `crisis resume --answers` with the same answers file a run started with
 * (issue 12, #13): after the run stopped part-way (a crash, a kill, the end
 * of a shorter file), the responses the log already holds are not acted on
 * again. Before, the notes were recorded a second time and the resume
 * stopped at `step "…" is already done` (exit 2) with no pause marker.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Response } from '../../src/playbook/types.js';
import { recordedResponses } from '../../src/session/answers.js';
import type { StoredEvent } from '../../src/session/events.js';
import { verifyLogFile } from '../../src/store/log-reader.js';
import { runCli, stackLines } from '../helpers/run-cli.js';
import { sessionPlan } from '../helpers/session-plan.js';
import { SESSION_FILES } from '../helpers/fixtures.js';
import { tempDir, writeFiles } from '../helpers/temp.js';

const RESPONSES = [
  '  - { step: confirm, action: done, inputs: { affected-batches: B-7, safety-risk: false } }',
  '  - { action: note, text: "called the plant" }',
  '  - { step: name-leads, action: done, inputs: { lead-name: Lee, spokesperson-name: Bob } }',
  '  - { action: note, text: "called the plant" }',
  '  - { step: apology, action: skip, reason: agreed at the last drill }',
  '  - { step: holding-statement, action: approve, by: Lou }',
  '  - { step: holding-statement, action: statement }',
  '  - { step: quick-post, action: statement, text: "Update on B-7." }',
];
const answersFile = (lines: string[]) => `operator: alice\nunlisted: fail\nresponses:\n${lines.join('\n')}\n`;

function workspace() {
  const root = tempDir('crisis-resume-answers-');
  const logDir = path.join(root, 'logs');
  writeFiles(path.join(root, 'pb'), SESSION_FILES);
  const run = (args: string[]) =>
    runCli(['--playbooks', 'pb', ...args], { cwd: root, env: { CRISIS_LOG_DIR: logDir } });
  const events = (id: string) =>
    readFileSync(path.join(logDir, `${id}.jsonl`), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as StoredEvent);
  const write = (name: string, text: string) => writeFileSync(path.join(root, name), text);
  return { root, logDir, run, events, write };
}

const idOf = (stderr: string) => /session (\S+) started/.exec(stderr)![1]!;

describe('resume --answers with the original answers file', () => {
  it('skips the responses the log holds, says which, and records each response exactly once', async () => {
    const ws = workspace();
    ws.write('first.yaml', answersFile(RESPONSES.slice(0, 3)));
    ws.write('all.yaml', answersFile(RESPONSES));
    const start = await ws.run(['start', 'sess-crisis', '--answers', 'first.yaml']);
    expect(start.code, start.stderr).toBe(0);
    const id = idOf(start.stderr);

    const resumed = await ws.run(['resume', id, '--answers', 'all.yaml']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(
      'note: 3 responses already in the log, not repeated: responses[0] (done confirm), responses[1] (note),' +
        ' responses[2] (done name-leads)',
    );
    const events = ws.events(id);
    expect(events.map((e) => [e.type, e.step ?? ''])).toEqual([
      ['session.started', ''],
      ['step.completed', 'confirm'],
      ['note.added', ''],
      ['step.completed', 'name-leads'],
      ['session.paused', ''],
      ['session.resumed', ''],
      ['note.added', ''],
      ['step.skipped', 'apology'],
      ['statement.approved', 'holding-statement'],
      ['statement.issued', 'holding-statement'],
      ['statement.issued', 'quick-post'],
      ['session.ended', ''],
    ]);
    expect((await verifyLogFile(path.join(ws.logDir, `${id}.jsonl`))).break).toBeUndefined();
  });

  it('a response the log refuses still stops the run (exit 2), but the session is paused and unlocked', async () => {
    const ws = workspace();
    ws.write('first.yaml', answersFile(RESPONSES.slice(0, 1)));
    ws.write('bad.yaml', answersFile([RESPONSES[0]!, '  - { step: confirm, action: skip, reason: changed my mind }']));
    const id = idOf((await ws.run(['start', 'sess-crisis', '--answers', 'first.yaml'])).stderr);
    const r = await ws.run(['resume', id, '--answers', 'bad.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('responses[1] (skip confirm): step "confirm" is already done');
    expect(stackLines(r.stderr)).toEqual([]);
    const last = ws.events(id).at(-1)!;
    expect([last.type, last.data]).toEqual(['session.paused', { reason: 'answers refused' }]);
    expect(existsSync(path.join(ws.logDir, `${id}.lock`))).toBe(false);
  });
});

describe('recordedResponses: which responses the log already holds', () => {
  const plan = sessionPlan();
  let seq = 0;
  const ev = (type: string, step: string | undefined, data: Record<string, unknown>) =>
    ({ seq: ++seq, type, ...(step ? { step } : {}), data }) as unknown as StoredEvent;
  const r = (x: Partial<Response> & Pick<Response, 'action'>): Response => x;

  it.each([
    [
      'a note is matched by its text, each event once',
      [r({ action: 'note', text: ' a ' }), r({ action: 'note', text: 'a' })],
      [ev('note.added', undefined, { text: 'a' })],
      [0],
    ],
    [
      'a note on a step is not a free note',
      [r({ action: 'note', text: 'a' })],
      [ev('note.added', 'confirm', { text: 'a' })],
      [],
    ],
    [
      'done on a statement step is its issue',
      [r({ step: 'quick-post', action: 'done' })],
      [ev('statement.issued', 'quick-post', { channels: { social: 'x' } })],
      [0],
    ],
    [
      'a statement on one channel matches an issue that carried it',
      [
        r({ step: 'holding-statement', action: 'statement', channel: 'social' }),
        r({ step: 'holding-statement', action: 'statement', channel: 'website' }),
      ],
      [ev('statement.issued', 'holding-statement', { channels: { social: 'x' } })],
      [0],
    ],
    [
      'a decision by its text',
      [r({ action: 'decision', text: 'recall' }), r({ action: 'decision', text: 'wait' })],
      [ev('decision.recorded', undefined, { decision: 'wait', options: [], decidedBy: 'a' })],
      [1],
    ],
    [
      'skip, block and approve by step',
      [
        r({ step: 'apology', action: 'skip' }),
        r({ step: 'confirm', action: 'block' }),
        r({ step: 'holding-statement', action: 'approve' }),
      ],
      [
        ev('step.blocked', 'confirm', { reason: 'x' }),
        ev('statement.approved', 'holding-statement', { approver: 'Lou' }),
      ],
      [1, 2],
    ],
  ])('%s', (_name, responses, events, indexes) => {
    expect(recordedResponses(plan, responses, events).map((x) => x.index)).toEqual(indexes);
  });
});
