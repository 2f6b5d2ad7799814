/**
 * A drill run in Chinese, reviewed in English: the review recognises the skip reason the drill's `unlisted: skip`
 * recorded in Chinese (未写入脚本…) as no reason, as the drill itself judged it, though an English run loads no
 * Chinese of its own. Child processes: an in-process run shares the catalogue a Chinese test loaded before.
 */
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURE_FILES } from '../helpers/fixtures.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir, writeFiles } from '../helpers/temp.js';

const DRILL = `id: skip-drill
kind: drill
title: { en: Skip drill, zh: 跳过演练 }
playbook: widget-recall
unlisted: skip
responses:
  - { step: wr-confirm, action: done, inputs: { affected-batches: B-1, safety-risk: false } }
  - { step: wr-apology, action: skip, reason: 没有人受到伤害 }
expect:
  - skipped-with-reason: [wr-apology, tf-name-leads]
`;

describe('a zh drill reviewed in English', () => {
  it('the unlisted skip is no reason in the English review, as in the zh drill; the team’s reason is one', async () => {
    const cwd = writeFiles(tempDir('crisis-review-drill-lang-'), {
      ...Object.fromEntries(Object.entries(FIXTURE_FILES).map(([f, text]) => [path.join('pb', f), text])),
      'skip-drill.yaml': DRILL,
    });
    const env = { CRISIS_LOG_DIR: path.join(cwd, 'logs'), NO_COLOR: '1' };
    const drill = await runCli(['--playbooks', 'pb', 'drill', 'skip-drill.yaml', '--lang', 'zh'], { cwd, env });
    expect(drill.stdout).toContain('  ✗ 说明理由后跳过：wr-apology、tf-name-leads');
    expect(drill.code, drill.stderr).toBe(1);
    const id = readdirSync(env.CRISIS_LOG_DIR)
      .find((f) => f.endsWith('.jsonl'))!
      .slice(0, -'.jsonl'.length);

    const review = await runCli(['--playbooks', 'pb', 'review', id, '--no-interactive'], { cwd, env });
    expect(review.code, review.stderr).toBe(0);
    expect(review.stdout).toContain(
      '- ✗ skipped with a reason: wr-apology, tf-name-leads — expected skipped by the team, with a reason; actual not so: tf-name-leads',
    );
    // The step the drill's script left out was found unnecessary by nobody: no "make it conditional" for it; the
    // step the team skipped, with its reason, keeps the proposal.
    const deviations = review.stdout.slice(review.stdout.indexOf('## Deviations'), review.stdout.indexOf('## Review'));
    expect(deviations.trim().split('\n').slice(2, 6)).toEqual([
      '- **skipped** `tf-name-leads`: skipped at T+00:00: 未写入脚本（\\`unlisted: skip\\`）',
      '- **skipped** `wr-apology`: skipped at T+00:00: 没有人受到伤害',
      '  - proposed change: make wr-apology conditional (when:) on the facts that made it unnecessary, or drop it',
      '- **skipped** `wr-statement`: skipped at T+00:00: 未写入脚本（\\`unlisted: skip\\`）',
    ]);
    expect(deviations.match(/proposed change/g)).toHaveLength(1);
  }, 60_000);
});
