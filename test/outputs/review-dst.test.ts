import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_FILES } from '../helpers/fixtures.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir, writeFiles } from '../helpers/temp.js';

/**
 * The review header's local times across a daylight-saving change. St John's (UTC-03:30) moves to UTC-02:30 at
 * 02:00 local on 8 March 2026: a drill started at 01:00 local whose last event is three hours later ends at 05:00
 * local. Printed under the start's offset alone, "01:00 … 05:00 (3h)" read as four hours.
 */
const DRILL = `id: dst-drill
kind: drill
title: Drill across a clock change
playbook: widget-recall
start: '2026-03-08T04:30:00Z'
unlisted: skip
responses:
  - { step: wr-confirm, action: done, inputs: { affected-batches: B-1, safety-risk: true } }
  - { at: 3h, action: note, text: three hours in }
expect:
  - completed: [wr-confirm]
`;

let cwd: string;
let logs: string;
let session: string;

beforeAll(async () => {
  cwd = tempDir('crisis-dst-');
  logs = path.join(cwd, 'logs');
  writeFiles(path.join(cwd, 'playbooks'), { ...FIXTURE_FILES, 'drills/dst-drill.yaml': DRILL });
  const drill = await runCli(['drill', 'dst-drill'], { cwd, env: { CRISIS_LOG_DIR: logs } });
  expect(drill.code, drill.stderr + drill.stdout).toBe(0);
  session = readdirSync(logs)
    .find((f) => f.endsWith('.jsonl'))!
    .slice(0, -'.jsonl'.length);
});

const review = (tz: string, ...args: string[]) =>
  runCli(['review', session, '--no-interactive', ...args], { cwd, env: { CRISIS_LOG_DIR: logs, TZ: tz } });

describe('review header across a daylight-saving change', () => {
  it('Markdown: the last event carries its own offset when it differs from the start', async () => {
    const r = await review('America/St_Johns');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(
      '- Started 2026-03-08 01:00:00 (UTC-03:30), last event 2026-03-08 05:00:00 (UTC-02:30) (3h), ended',
    );
  });

  it('HTML: the same', async () => {
    const r = await review('America/St_Johns', '--format', 'html');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(
      '<br>Started 2026-03-08 01:00:00 (UTC-03:30), last event 2026-03-08 05:00:00 (UTC-02:30) (3h), ended<br>',
    );
  });

  it('Chinese: the same, in its own brackets', async () => {
    const r = await review('America/St_Johns', '--lang', 'zh');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(
      '开始于 2026-03-08 01:00:00（UTC-03:30），最后一条事件 2026-03-08 05:00:00（UTC-02:30）（历时 3小时），',
    );
  });

  it('one offset throughout: said once, at the start', async () => {
    const r = await review('UTC');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('- Started 2026-03-08 04:30:00 (UTC), last event 2026-03-08 07:30:00 (3h), ended');
  });
});
