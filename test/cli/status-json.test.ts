import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stepJson } from '../../src/cli/status.js';
import { SESSION_FILES } from '../helpers/fixtures.js';
import { runMain } from '../helpers/in-process.js';
import { tempDir, writeFiles } from '../helpers/temp.js';

/**
 * `status <session> --json` prints every time as an ISO 8601 string in UTC: `started` and `lastEvent` were, but a
 * step's `at`, its approval and issue times and a target's `deadline` and `metAt` were epoch milliseconds.
 * A drill gives the times: its clock is virtual, from `start`.
 */
const DRILL = `id: timed-drill
kind: drill
title: Timed drill
playbook: sess-crisis
start: '2026-01-01T09:00:00Z'
operator: alice
unlisted: skip
responses:
  - { at: 10m, step: confirm, action: done, inputs: { affected-batches: B-7, safety-risk: false } }
  - { at: 12m, step: name-leads, action: done, inputs: { lead-name: Lee, spokesperson-name: Bob } }
  - { at: 20m, step: holding-statement, action: approve, by: Lou }
  - { at: 40m, step: holding-statement, action: statement, channel: website }
expect:
  - completed: [confirm]
`;

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('status <session> --json', () => {
  it('gives every time as an ISO 8601 UTC string', async () => {
    const cwd = tempDir('crisis-status-json-');
    const env = { CRISIS_LOG_DIR: path.join(cwd, 'logs') };
    writeFiles(path.join(cwd, 'playbooks'), { ...SESSION_FILES, 'drills/timed-drill.yaml': DRILL });
    const drill = await runMain(['drill', 'timed-drill'], { cwd, env });
    expect(drill.code, drill.stderr + drill.stdout).toBe(0);
    const id = readdirSync(env.CRISIS_LOG_DIR)
      .find((f) => f.endsWith('.jsonl'))!
      .slice(0, -'.jsonl'.length);
    const r = await runMain(['status', id, '--json'], { cwd, env });
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as {
      started: string;
      lastEvent: string;
      steps: Record<string, Record<string, unknown>>;
      targets: Array<Record<string, unknown>>;
    };
    expect(s.started).toBe('2026-01-01T09:00:00.000Z');
    expect(s.steps['confirm']).toMatchObject({ status: 'done', at: '2026-01-01T09:10:00.000Z' });
    expect(s.steps['holding-statement']).toMatchObject({
      status: 'done',
      at: '2026-01-01T09:40:00.000Z',
      approvedBy: 'Lou',
      approvedAt: '2026-01-01T09:20:00.000Z',
      issuedBy: { website: { by: 'alice', at: '2026-01-01T09:40:00.000Z' } },
    });
    expect(s.targets.slice(0, 2)).toEqual([
      {
        target: 'assessment',
        deadline: '2026-01-01T09:30:00.000Z',
        metAt: '2026-01-01T09:10:00.000Z',
        overdue: false,
      },
      {
        target: 'first-statement',
        deadline: '2026-01-01T10:00:00.000Z',
        metAt: '2026-01-01T09:40:00.000Z',
        overdue: false,
      },
    ]);
    // No number anywhere is a time: every field named like one is an ISO string.
    const times: unknown[] = [];
    JSON.parse(r.stdout, (key, value: unknown) => {
      if (/^(at|started|lastEvent|deadline|metAt|approvedAt|checkBackAt)$/.test(key)) times.push(value);
      return value;
    });
    expect(times.length).toBeGreaterThan(10);
    for (const t of times) expect(t).toMatch(ISO);
  });

  it('a check-back time too (only an interactive assign sets one)', () => {
    expect(
      stepJson({
        status: 'open',
        seq: 4,
        at: Date.UTC(2026, 0, 1, 9, 5),
        assignedTo: 'Kim',
        checkBackAt: Date.UTC(2026, 0, 1, 9, 15),
      }),
    ).toEqual({
      status: 'open',
      seq: 4,
      at: '2026-01-01T09:05:00.000Z',
      assignedTo: 'Kim',
      checkBackAt: '2026-01-01T09:15:00.000Z',
    });
  });
});
