import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp.js';

/**
 * Errors and hints are printed in the run's language (--lang, CRISIS_LANG, the locale), also when the
 * error comes before any command runs (commander's own, a bad --lang); exit codes do not change.
 */
const run = (args: string[], env: Record<string, string> = {}) => {
  const cwd = tempDir('crisis-errors-lang-');
  // A YAML error at a known place: line 3 is indented under nothing.
  writeFileSync(path.join(cwd, 'answers.yaml'), 'responses:\n  - step: a\n   bad: 1\n');
  const logs = path.join(cwd, 'logs');
  return runCli(args, { cwd, env: { CRISIS_LOG_DIR: logs, ...env }, timeoutMs: 60_000 }).then((r) => ({ ...r, logs }));
};

describe('errors in the run language', () => {
  it('an unknown playbook: one Chinese line and a Chinese hint, exit 2; English unchanged', async () => {
    const zh = await run(['show', 'no-such-playbook', '--lang', 'zh']);
    expect({ code: zh.code, stderr: zh.stderr }).toEqual({
      code: 2,
      stderr: '错误：未知预案“no-such-playbook”\n提示：运行 `crisis list` 查看已找到的预案\n',
    });
    const en = await run(['show', 'no-such-playbook']);
    expect({ code: en.code, stderr: en.stderr }).toEqual({
      code: 2,
      stderr: 'error: unknown playbook "no-such-playbook"\nhint: run `crisis list` to see the playbooks found\n',
    });
  }, 120_000);

  it('a bad flag value (a choice commander checks): Chinese from CRISIS_LANG, exit 2; English unchanged', async () => {
    const zh = await run(['checklist', 'product-quality', '--format', 'docx'], { CRISIS_LANG: 'zh' });
    expect({ code: zh.code, stderr: zh.stderr }).toEqual({
      code: 2,
      stderr:
        '错误：选项“--format <format>”的取值“docx”无效，可选：md, html, json\n' +
        '提示：运行 `crisis --help` 查看命令和选项\n',
    });
    const en = await run(['checklist', 'product-quality', '--format', 'docx']);
    expect({ code: en.code, stderr: en.stderr }).toEqual({
      code: 2,
      stderr:
        "error: option '--format <format>' argument 'docx' is invalid. Allowed choices are md, html, json.\n" +
        'hint: run `crisis --help` for the commands and options\n',
    });
  }, 120_000);

  it('join and import without a team store: the hint shows how to give one, in English and Chinese', async () => {
    const en = await run(['join', '20260101-000000-x-0001']);
    expect({ code: en.code, stderr: en.stderr }).toEqual({
      code: 2,
      stderr:
        'error: join needs a team store\n' +
        "hint: give the team's database: --store postgres://USER@HOST/DB, or that URL in CRISIS_STORE " +
        '(a file session is resumed with `crisis resume`)\n',
    });
    const zh = await run(['import', 'x.jsonl', '--lang', 'zh']);
    expect({ code: zh.code, stderr: zh.stderr }).toEqual({
      code: 2,
      stderr:
        '错误：导入需要团队存储\n' +
        '提示：请给出团队的数据库：`--store postgres://用户名@主机/数据库名`，或在环境变量 `CRISIS_STORE` 中设置这个地址\n',
    });
  }, 120_000);

  it('a bad --lang value is reported in the language of the environment', async () => {
    const zh = await run(['list', '--lang', 'fr'], { CRISIS_LANG: 'zh' });
    expect({ code: zh.code, stderr: zh.stderr }).toEqual({
      code: 2,
      stderr: '错误：--lang：未知语言“fr”\n提示：请使用 `en` 或 `zh`\n',
    });
    const en = await run(['list', '--lang', 'fr'], { LANG: 'C.UTF-8' });
    expect(en.stderr).toBe('error: --lang: unknown language "fr"\nhint: use en or zh\n');
    // an empty --lang was typed: refused, not read as "not given"
    const empty = await run(['list', '--lang', ''], { LANG: 'C.UTF-8' });
    expect({ code: empty.code, stderr: empty.stderr }).toEqual({
      code: 2,
      stderr: 'error: --lang: unknown language ""\nhint: use en or zh\n',
    });
  }, 120_000);

  it('a YAML error at file:line:col: the place as written, the rest in Chinese, exit 2, nothing started', async () => {
    const zh = await run(['start', 'product-quality', '--answers', 'answers.yaml', '--lang', 'zh']);
    expect({ code: zh.code, stderr: zh.stderr }).toEqual({
      code: 2,
      stderr:
        '错误：answers.yaml:3:1：YAML 语法错误：缺少必需的字符（引号、括号或冒号） [yaml.syntax]\n' +
        '提示：见 `README` 中的 `Answers files and drills` 一节\n',
    });
    expect(existsSync(zh.logs) ? readdirSync(zh.logs) : []).toEqual([]);
    const en = await run(['start', 'product-quality', '--answers', 'answers.yaml']);
    expect(en.code).toBe(2);
    const [first, hint, rest] = en.stderr.split('\n');
    // "error:" once: the problem's own "error:" is not repeated after the place
    expect(first).toMatch(/^error: answers\.yaml:3:1: [A-Z].* \[yaml\.syntax\]$/);
    expect(first).not.toMatch(/[\u4e00-\u9fff]/);
    expect(hint).toBe('hint: see the README, "Answers files and drills"');
    expect(rest).toBe('');
  }, 120_000);
});
