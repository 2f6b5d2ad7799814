import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runMain } from '../helpers/in-process.js';
import { tempDir } from '../helpers/temp.js';

/**
 * `crisis log` says a choice answer by its label in the run's language, as the step screen offered it
 * (部分批次存在生产或材料缺陷, "Production or material defect in some batches"), not by its value
 * (production-defect); the log file and --json keep the value.
 */
async function drilled(): Promise<{ cwd: string; id: string }> {
  const cwd = tempDir('crisis-log-choices-');
  const r = await runMain(['drill', 'product-quality-batch-defect'], { cwd, env: { CRISIS_LOG_DIR: cwd } });
  expect(r.code, r.stderr).toBe(0);
  const logs = readdirSync(cwd).filter((f) => f.endsWith('.jsonl'));
  expect(logs).toHaveLength(1);
  return { cwd, id: logs[0]!.slice(0, -'.jsonl'.length) };
}

const line = (text: string, seq: number) => text.split('\n').find((l) => l.includes(` #${seq} `)) ?? '';

describe('crisis log names a choice answer by its label', () => {
  it('in Chinese and in English, text and Markdown; a value with no label in the playbook as it is', async () => {
    const { cwd, id } = await drilled();
    const run = (argv: string[]) => runMain(argv, { cwd, env: { CRISIS_LOG_DIR: cwd } });
    const zh = await run(['--lang', 'zh', 'log', id]);
    expect(zh.code, zh.stderr).toBe(0);
    expect(line(zh.stdout, 7)).toContain('完成：problem-type=部分批次存在生产或材料缺陷；affected-product=');
    expect(line(zh.stdout, 6)).toContain('food-recall-level=非食品');
    // an inject's facts too
    expect(line(zh.stdout, 2)).toContain('（signal-source=监管抽检或通报）');
    expect(zh.stdout).not.toContain('=production-defect');

    const en = await run(['log', id]);
    expect(line(en.stdout, 7)).toContain('done: problem-type=Production or material defect in some batches; ');
    expect(line(en.stdout, 2)).toContain('(signal-source=Official spot check or regulator notice)');

    const md = await run(['--lang', 'zh', 'log', id, '--format', 'md']);
    expect(md.stdout.split('\n').find((l) => l.startsWith('| 7 |'))).toContain(
      'problem-type=部分批次存在生产或材料缺陷',
    );

    // the machine's own record keeps the value
    const json = await run(['log', id, '--format', 'json']);
    expect(json.stdout).toContain('"problem-type": "production-defect"');
  });

  it('by its value when the playbooks cannot be read: the log is printed whole', async () => {
    const { cwd, id } = await drilled();
    const r = await runMain(['--playbooks', `${cwd}/missing`, '--lang', 'zh', 'log', id], {
      cwd,
      env: { CRISIS_LOG_DIR: cwd },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(line(r.stdout, 7)).toContain('problem-type=production-defect；');
  });
});
