import { mkdirSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp.js';

/**
 * T+ offsets past a day read in the run's language: `T+1天22:00` in Chinese, as durations say 1天, and
 * `T+1d22:00` in English as before, in status, log and review of one drill session that ran five virtual days.
 */
const dir = tempDir('crisis-offset-lang-');
const logs = path.join(dir, 'logs');
const env = { CRISIS_LOG_DIR: logs, NO_COLOR: '1' };
const crisis = (...args: string[]) => runCli(args, { cwd: dir, env, timeoutMs: 120_000 });
let id = '';

beforeAll(async () => {
  mkdirSync(logs, { recursive: true });
  const drill = path.join(REPO_ROOT, 'playbooks', 'drills', 'product-quality-recall-notice.yaml');
  const r = await crisis('drill', drill, '--lang', 'zh');
  expect(r.code, r.stderr).toBe(0);
  // A failing expectation would show its evidence; the result lines of a drill that held show none.
  expect(r.stdout).not.toMatch(/\d+d\d\d:\d\d/);
  id = readdirSync(logs)
    .find((f) => f.endsWith('.jsonl'))!
    .replace(/\.jsonl$/, '');
}, 120_000);

describe('T+ offsets past a day, --lang zh', () => {
  it('status: the last event and each target’s met time say 天; English keeps d; an ended session has no update due', async () => {
    const zh = await crisis('status', id, '--lang', 'zh');
    expect(zh.code).toBe(0);
    expect(zh.stdout.split('\n')).toEqual(
      expect.arrayContaining([
        '2026-01-01 09:00:00 由 drill facilitator 开始；最后一条事件 T+5天00:00；共 76 条事件',
        // Ended: no update is due any more, how often one was missed is said; a fixed target keeps its deadline.
        '  目标 定时通报，错过 1 次',
        '  目标 向市场监督管理部门报告消费品召回计划：期限 T+3天00:00，T+2天00:00 达成',
      ]),
    );
    expect(zh.stdout).not.toMatch(/T\+\d+d/);
    expect(zh.stdout).not.toContain('定时通报：期限');
    const en = await crisis('status', id);
    expect(en.stdout.split('\n')).toEqual(
      expect.arrayContaining([
        'started 2026-01-01 09:00:00 by drill facilitator; last event T+5d00:00; 76 events',
        '  target Updates, missed 1 time',
      ]),
    );
    expect(en.stdout).not.toMatch(/target Updates: due /);
  }, 120_000);

  it('log and review: each row and heading past a day says 天; English keeps d', async () => {
    const log = await crisis('log', id, '--lang', 'zh');
    expect(log.stdout.trimEnd().split('\n').at(-1)).toBe(
      '2026-01-06 09:00:00  T+5天00:00  #76 结束会话 [drill facilitator] 已结束',
    );
    expect(log.stdout).not.toMatch(/T\+\d+d/);
    expect((await crisis('log', id)).stdout.trimEnd().split('\n').at(-1)).toBe(
      '2026-01-06 09:00:00  T+5d00:00  #76 ended session [drill facilitator] ended',
    );
    const review = await crisis('review', id, '--lang', 'zh', '--no-interactive');
    expect(review.code).toBe(0);
    expect(review.stdout).toContain('- **逾期** `find-root-cause`：应在 T+1天00:00 前完成，实际 T+1天22:00 完成');
    expect(review.stdout).toContain('| 56 | 2026-01-03 07:00:00 | T+1天22:00 | 完成步骤 | find-root-cause |');
    expect(review.stdout).not.toMatch(/T\+\d+d/);
    const en = await crisis('review', id, '--no-interactive');
    expect(en.stdout).toContain('| 56 | 2026-01-03 07:00:00 | T+1d22:00 | completed step | find-root-cause |');
  }, 120_000);

  it('review: durations and statement channels read in words in Chinese; English keeps 5d and the channel ids', async () => {
    const zh = (await crisis('review', id, '--lang', 'zh', '--no-interactive')).stdout.split('\n');
    expect(zh).toEqual(
      expect.arrayContaining([
        '- 开始于 2026-01-01 09:00:00（UTC），最后一条事件 2026-01-06 09:00:00（历时 5天），已结束',
        '| 完成评估用时 | 30分钟 | 28分钟 | ✓ |',
        '| 更新频率 | 每12小时一次 | 错过 1 次 | ✗ |',
        '| 向市场监督管理部门报告消费品召回计划 | 3天 | 2天 | ✓ |',
        '  - 建议修改：更早开始 sm-show-care，或给它一个切实可行的时限（现为 4小时）',
        '### T+00:52 · 官网（issue-first-statement）',
        '### T+00:52 · 客服热线（issue-first-statement）',
      ]),
    );
    const en = (await crisis('review', id, '--no-interactive')).stdout.split('\n');
    expect(en).toEqual(
      expect.arrayContaining([
        '- Started 2026-01-01 09:00:00 (UTC), last event 2026-01-06 09:00:00 (5d), ended',
        '| update cadence | every 12h | missed 1 time | ✗ |',
        '### T+00:52 · website (issue-first-statement)',
      ]),
    );
  }, 120_000);
});
