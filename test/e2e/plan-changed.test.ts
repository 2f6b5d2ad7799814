import { readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SESSION_CRISIS, SESSION_FILES } from '../helpers/fixtures.js';
import { runMain } from '../helpers/in-process.js';
import { tempDir, writeFiles } from '../helpers/temp.js';

/**
 * A playbook changed after its session started (here the assessment step `confirm` renamed `confirm-defect`).
 * Only resume compared the plan's hash; review then reported the assessment, met at T+0s by `confirm`, as
 * "never ✗", and `status <id>` counted one step fewer than the listing, all without a word.
 */
let cwd: string;
let env: { CRISIS_LOG_DIR: string };
let id: string;

const WARNING = 'warning: the playbook sess-crisis changed since this session started (plan hash differs)';
const GONE = '  - confirm (in the log, no longer in the playbook)';

beforeAll(async () => {
  cwd = tempDir('crisis-plan-changed-');
  env = { CRISIS_LOG_DIR: path.join(cwd, 'logs') };
  writeFiles(path.join(cwd, 'playbooks'), SESSION_FILES);
  writeFiles(cwd, {
    'answers.yaml':
      'operator: alice\nresponses:\n' +
      '  - { step: confirm, action: done, inputs: { affected-batches: B-7, safety-risk: false } }\n',
    'note.yaml': 'responses:\n  - { action: note, text: after the change }\n',
  });
  const start = await runMain(['start', 'sess-crisis', '--answers', 'answers.yaml'], { cwd, env });
  expect(start.code, start.stderr).toBe(0);
  id = readdirSync(env.CRISIS_LOG_DIR)
    .find((f) => f.endsWith('.jsonl'))!
    .slice(0, -'.jsonl'.length);
  // Before the change the review has the assessment met, and says nothing of a change.
  const before = await runMain(['review', id, '--no-interactive'], { cwd, env });
  expect(before.stdout).toContain('| time to assessment | 30m | 0s | ✓ |');
  expect(before.stdout).not.toContain('changed since');
  writeFileSync(
    path.join(cwd, 'playbooks', 'crises', 'sess-crisis.yaml'),
    SESSION_CRISIS.replace('- id: confirm\n', '- id: confirm-defect\n'),
  );
});

describe('a session whose playbook changed since it started', () => {
  it('review (Markdown) carries the warning in the report, names the lost step, and shows the assessment unknown', async () => {
    const r = await runMain(['review', id, '--no-interactive'], { cwd, env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(
      '> ⚠ Warning: the playbook sess-crisis changed since this session started (plan hash differs).' +
        ' Steps in the log that it no longer has: confirm. Measures, counts and deviations follow the playbook as it' +
        ' is now; a target that a step no longer in it may have met is shown as unknown.',
    );
    expect(r.stdout).toContain('| time to assessment | 30m | unknown (playbook changed) | |');
    expect(r.stdout).not.toContain('| time to assessment | 30m | never | ✗ |');
    expect(r.stderr).toBe(`${WARNING}\n${GONE}\n`);
  });

  it('review (HTML) carries it too', async () => {
    const r = await runMain(['review', id, '--no-interactive', '--format', 'html'], { cwd, env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(
      '<p class="warning">⚠ Warning: the playbook sess-crisis changed since this session started (plan hash' +
        ' differs). Steps in the log that it no longer has: confirm.',
    );
    expect(r.stdout).toContain(
      '<tr><td>time to assessment</td><td>30m</td><td>unknown (playbook changed)</td><td></td></tr>',
    );
  });

  it('review in Chinese', async () => {
    const r = await runMain(['review', id, '--no-interactive', '--lang', 'zh'], { cwd, env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(
      '> ⚠ 警告：预案 sess-crisis 在本会话开始后已更改（计划哈希不同）。日志中有、但预案中已没有的步骤：confirm。',
    );
    expect(r.stdout).toContain('| 完成评估用时 | 30分钟 | 无法判断（预案已更改） | |');
    expect(r.stderr).toContain('  - confirm（日志中有，预案中已没有）');
  });

  it('status <id> warns, names the lost step, explains the listing, and leaves the assessment unknown', async () => {
    const list = await runMain(['status'], { cwd, env });
    // Its summary was written before the change: counted against the playbook the session started with, unmarked.
    expect(list.stdout).toMatch(new RegExp(`${id}\\s+sess-crisis\\s+.*\\s1/5\\s+paused`));
    expect(list.stdout).not.toContain('playbook changed');
    const r = await runMain(['status', id], { cwd, env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('progress: 0/5 steps done or skipped');
    expect(r.stdout).toContain(
      '  target Assessment: due T+00:30, met: unknown (a step that may have met it is no longer in the playbook)',
    );
    expect(r.stderr).toBe(
      `${WARNING}\n${GONE}\n` +
        'note: progress and targets below are counted against the playbook as it is now;' +
        ' `crisis status` lists 1/5, counted when the session was last written\n',
    );
    const json = await runMain(['status', id, '--json'], { cwd, env });
    const s = JSON.parse(json.stdout) as { planChanged: unknown; targets: Array<Record<string, unknown>> };
    expect(s.planChanged).toEqual({ loggedStepsNotInPlan: ['confirm'] });
    expect(s.targets[0]).toEqual({
      target: 'assessment',
      deadline: expect.any(String) as unknown,
      overdue: false,
      metUnknown: true,
    });
  });

  it('resume warns the same way (the one shared check)', async () => {
    const r = await runMain(['resume', id, '--answers', 'note.yaml'], { cwd, env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`${WARNING}\n${GONE}\n`);
  });

  it('the listing marks its progress, counted against the changed playbook since the resume, saved or replayed', async () => {
    const note =
      'playbook changed: that progress is counted against the playbook as it is now, not as the session started;' +
      ' `crisis status <session>` says what changed';
    const row = new RegExp(`${id}\\s+sess-crisis\\s+.*\\s0/5 \\(playbook changed\\)\\s+paused\\n`);
    // The resume paused the session and saved its summary, counted against the plan as it is now.
    const saved = await runMain(['status'], { cwd, env });
    expect(saved.stdout).toMatch(row);
    expect(saved.stdout.trimEnd().split('\n').at(-1)).toBe(note);
    // From the index the second listing writes and reads, and from a replay without summary or index: the same.
    expect((await runMain(['status'], { cwd, env })).stdout).toBe(saved.stdout);
    for (const f of readdirSync(env.CRISIS_LOG_DIR))
      if (f.endsWith('.summary.json') || f === '.status-index.json') unlinkSync(path.join(env.CRISIS_LOG_DIR, f));
    expect((await runMain(['status'], { cwd, env })).stdout).toBe(saved.stdout);
    const zh = await runMain(['status', '--lang', 'zh'], { cwd, env });
    expect(zh.stdout).toMatch(new RegExp(`${id}\\s+sess-crisis\\s+.*\\s0/5（预案已更改）\\s+已暂停\\n`));
    expect(zh.stdout).toContain(
      '预案已更改：该进度按当前的预案统计，而不是会话开始时的预案；`crisis status <session>` 会说明变更内容',
    );
    const json = JSON.parse((await runMain(['status', '--json'], { cwd, env })).stdout) as Array<
      Record<string, unknown>
    >;
    expect(json.map((r) => [r.id, r.progress, r.planChanged])).toEqual([[id, { done: 0, total: 5 }, true]]);
  });
});
