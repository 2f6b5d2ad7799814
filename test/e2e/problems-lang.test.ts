import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp.js';

/**
 * What `validate` finds is printed in the run's language: lint warnings, statement checks and schema
 * problems keep their file:line:col and [code]; `--json` keeps the English message beside the code.
 */
const ZH_POST = '我们于今日发现部分批次产品存在质量问题，已立即暂停销售并启动召回程序。'.repeat(5);
const LONG = `id: long-post
kind: strategy
title: Long post
phases:
  - id: tell
    title: Tell
    steps:
      - id: post-update
        title: Post the update
        owner: incident-lead
        approve-by: legal
        checklist: [a, b, c, d, e, f, g, h, i, j]
        statement:
          social:
            en: We found a problem with some batches and stopped sales.
            zh: ${ZH_POST}
`;
// `checklist: yes` is the text "yes" where a list belongs: a zod type error at line 11, column 20.
const TYPO = `id: typo-one
kind: strategy
title: Typo one
phases:
  - id: p1
    title: P1
    steps:
      - id: s1
        title: S1
        owner: incident-lead
        checklist: yes
`;

// A website statement naming {{mystery-count}}, which no step records: statement.unknown-fact at line 14, column 13.
const FACT = `id: fact-one
kind: strategy
title: Fact one
phases:
  - id: tell
    title: Tell
    steps:
      - id: post-update
        title: Post the update
        owner: incident-lead
        approve-by: legal
        statement:
          website:
            en: We found {{mystery-count}} units affected.
            zh: 我们发现 {{mystery-count}} 件受影响。
`;

async function validate(args: string[]) {
  const cwd = tempDir('crisis-problems-lang-');
  writeFileSync(path.join(cwd, 'long.yaml'), LONG);
  writeFileSync(path.join(cwd, 'typo.yaml'), TYPO);
  const env = { CRISIS_LOG_DIR: path.join(cwd, 'logs'), CRISIS_CACHE_DIR: path.join(cwd, 'cache') };
  return runCli(['validate', 'long.yaml', 'typo.yaml', ...args], { cwd, env, timeoutMs: 60_000 });
}

describe('validate in the run language', () => {
  it('--lang zh: a lint warning, a too-long 微博 post and a schema type error in Chinese, exit 1', async () => {
    const zh = await validate(['--lang', 'zh']);
    expect({ code: zh.code, stdout: zh.stdout.split('\n') }).toEqual({
      code: 1,
      stdout: [
        'long.yaml:12:20：警告：步骤“post-update”有 10 项检查清单；请控制在 9 项以内（检查清单惯例）' +
          ' [procedure.checklist-length]',
        `long.yaml:15:13：警告：社交媒体（中文）：填入事实前已有 ${ZH_POST.length} 个字符，超过微博的 140 字上限` +
          '（信息流中只显示前140字） [statement.length]',
        'typo.yaml:11:20：错误：phases[0].steps[0].checklist：类型不对：应为列表，实际为文本 [schema]',
        '已检查 2 个文件：1 个错误，2 个警告',
        '',
      ],
    });
  }, 120_000);

  it('English unchanged; --json keeps the English message and the code in any language', async () => {
    const en = await validate([]);
    expect({ code: en.code, stdout: en.stdout.split('\n') }).toEqual({
      code: 1,
      stdout: [
        'long.yaml:12:20: warning: step "post-update" has 10 checklist items; keep it to 9 or fewer' +
          ' (checklist practice) [procedure.checklist-length]',
        `long.yaml:15:13: warning: social (Chinese): ${ZH_POST.length} characters before the facts are filled in,` +
          " over Weibo (微博)'s 140 (only the first 140 characters show in the feed) [statement.length]",
        'typo.yaml:11:20: error: phases[0].steps[0].checklist: Invalid input: expected array, received string [schema]',
        '2 files checked: 1 error, 2 warnings',
        '',
      ],
    });
    const json = await validate(['--lang', 'zh', '--json']);
    expect(json.code).toBe(1);
    const { problems } = JSON.parse(json.stdout) as { problems: Array<Record<string, unknown>> };
    expect(problems[2]).toEqual({
      file: 'typo.yaml',
      line: 11,
      col: 20,
      severity: 'error',
      code: 'schema',
      message: 'phases[0].steps[0].checklist: Invalid input: expected array, received string',
    });
    expect(problems.map((p) => p.code)).toEqual(['procedure.checklist-length', 'statement.length', 'schema']);
  }, 120_000);

  it('--lang zh: a statement hole naming no input reads as Chinese, the channel by its word (官网), not its key', async () => {
    const cwd = tempDir('crisis-problems-lang-');
    writeFileSync(path.join(cwd, 'fact.yaml'), FACT);
    const env = { CRISIS_LOG_DIR: path.join(cwd, 'logs'), CRISIS_CACHE_DIR: path.join(cwd, 'cache') };
    const zh = await runCli(['validate', 'fact.yaml', '--lang', 'zh'], { cwd, env, timeoutMs: 60_000 });
    expect({ code: zh.code, stdout: zh.stdout.split('\n') }).toEqual({
      code: 1,
      stdout: [
        'fact.yaml:14:13：错误：声明（官网）中的 {{mystery-count}} 不是预案 fact-one 的输入项 [statement.unknown-fact]',
        '已检查 1 个文件：1 个错误，0 个警告',
        '',
      ],
    });
    const en = await runCli(['validate', 'fact.yaml'], { cwd, env, timeoutMs: 60_000 });
    expect({ code: en.code, stdout: en.stdout.split('\n') }).toEqual({
      code: 1,
      stdout: [
        'fact.yaml:14:13: error: statement website: {{mystery-count}} names no input of plan fact-one' +
          ' [statement.unknown-fact]',
        '1 file checked: 1 error, 0 warnings',
        '',
      ],
    });
  }, 120_000);
});
