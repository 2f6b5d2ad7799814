import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain } from '../helpers/in-process.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { tempDir } from '../helpers/temp.js';
import { displayWidth } from '../../src/render/width.js';

/**
 * `crisis drill` at a terminal wraps its result lines to the terminal's width between words (a 60-column terminal
 * folded them inside words), a ✓/✗ line hanging under its text; piped, the lines are as they always were.
 */
function failingDrill(): { cwd: string; file: string } {
  const cwd = tempDir('crisis-drill-wrap-');
  const file = path.join(cwd, 'fail.yaml');
  copyFileSync(path.join(REPO_ROOT, 'playbooks', 'drills', 'product-quality-batch-defect.yaml'), file);
  const yaml = readFileSync(file, 'utf8')
    .replace(/^id: product-quality-batch-defect$/m, 'id: pq-wrap')
    .replace(
      /^expect:$/m,
      'expect:\n  - statement-contains: { step: issue-first-statement, text: "a phrase nobody ever wrote in any statement" }',
    );
  writeFileSync(file, yaml);
  return { cwd, file };
}

const drill = async (args: string[], tty: { isTTY: boolean; columns?: number }) => {
  const { cwd, file } = failingDrill();
  const env = { CRISIS_LOG_DIR: path.join(cwd, 'logs'), NO_COLOR: '1' };
  return runMain(['drill', file, ...args], { cwd, env, ...tty });
};

/** Every line fits the width, but the log line (its path stays whole). */
const overlong = (text: string, columns: number) =>
  text.split('\n').filter((l) => displayWidth(l) > columns && !l.includes('/logs/'));

describe('crisis drill at a terminal', () => {
  it('60 columns, English: result lines wrapped between words, a ✗ line hanging under its text', async () => {
    const r = await drill([], { isTTY: true, columns: 60 });
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines.slice(0, 5)).toEqual([
      'drill pq-wrap (product-quality, high): 11/12 expectations',
      'held',
      '  ✗ a statement of issue-first-statement contains "a phrase',
      '    nobody ever wrote in any statement"',
      '      expected: "a phrase nobody ever wrote in any',
    ]);
    expect(lines).toEqual(
      expect.arrayContaining(['  ✓ targets met: assessment, first-statement,', '    duty-cn-product-recall-plan']),
    );
    expect(overlong(r.stdout, 60)).toEqual([]);
  }, 60_000);

  it('60 columns, Chinese: wrapped by display width (a character takes two columns), never inside 分钟 or a T+', async () => {
    const r = await drill(['--lang', 'zh'], { isTTY: true, columns: 60 });
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')).toEqual(
      expect.arrayContaining([
        '  ✓ 目标达成：完成评估、首次声明、向市场监督管理部门报告消费',
        '    品召回计划',
        '  ✓ 没有声明（步骤 issue-first-statement）包含 “no safety',
        '    risk” 或 “meet national standards” 或 “不存在安全隐患”',
      ]),
    );
    expect(overlong(r.stdout, 60)).toEqual([]);
  }, 60_000);

  it('piped: not wrapped, whatever the width; a terminal wider than every line leaves them as they are', async () => {
    const piped = await drill([], { isTTY: false, columns: 60 });
    const line = '  ✗ a statement of issue-first-statement contains "a phrase nobody ever wrote in any statement"';
    expect(piped.stdout.split('\n').slice(0, 2)).toEqual([
      'drill pq-wrap (product-quality, high): 11/12 expectations held',
      line,
    ]);
    const wide = await drill([], { isTTY: true, columns: 200 });
    const body = (text: string) => text.split('\n').filter((l) => !l.includes('/logs/'));
    expect(body(wide.stdout)).toEqual(body(piped.stdout));
  }, 60_000);

  it('a JUnit report on stdout: the results go to stderr, wrapped when stderr is a terminal', async () => {
    const r = await drill(['--junit', '-'], { isTTY: true, columns: 60 });
    expect(r.stdout.startsWith('<?xml')).toBe(true);
    expect(r.stderr.split('\n').slice(0, 2)).toEqual([
      'drill pq-wrap (product-quality, high): 11/12 expectations',
      'held',
    ]);
  }, 60_000);
});
