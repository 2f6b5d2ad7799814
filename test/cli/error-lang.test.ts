import { describe, expect, it } from 'vitest';
import { commanderLines } from '../../src/cli/commander-text.js';
import { errorLang, reportError } from '../../src/cli/report-error.js';
import { CrisisError, ExitCode, say } from '../../src/errors.js';
import { formatProblemIn } from '../../src/playbook/library.js';
import { assertSessionId } from '../../src/session/ids.js';
import { fakeDeps } from '../helpers/in-process.js';

/** The one printer words a CrisisError in the run's language; its `.message` stays English. */
describe('errors in the run language (in-process, from src)', () => {
  it.each([
    [['show', 'x', '--lang', 'zh'], {}, 'zh'],
    [['show', 'x', '--lang=zh'], {}, 'zh'],
    [['show', 'x'], { CRISIS_LANG: 'zh' }, 'zh'],
    [['show', 'x'], { LANG: 'zh_CN.UTF-8' }, 'zh'],
    [['show', 'x', '--lang', 'fr'], { CRISIS_LANG: 'zh' }, 'zh'],
    [['show', 'x', '--lang', 'en'], { CRISIS_LANG: 'zh' }, 'en'],
    [['show', '--', '--lang', 'zh'], {}, 'en'],
    [['show', 'x'], {}, 'en'],
  ] as const)('%j with %j reads %s', (argv, env, lang) => {
    expect(errorLang(argv, { LANG: 'C.UTF-8', ...env })).toBe(lang);
  });

  it('at a 60-column terminal a Chinese hint wraps between words, no row starting with a space', () => {
    const error = new CrisisError(say('error.session.which', { command: 'resume' }), {
      hint: say('error.session.which.hint'),
      exitCode: ExitCode.usage,
    });
    const deps = fakeDeps({ isTTY: true, columns: 60 });
    expect(reportError(error, deps, false, false, 'zh')).toBe(2);
    expect(deps.stderr.text()).toBe(
      '错误：resume：要操作哪个会话？\n' +
        '提示：请给出会话 ID（或能唯一确定它的开头部分）、`latest` 或\n' +
        '--crisis ID\n',
    );
  });

  it('at a 60-column terminal a hint with a command to run is written whole: a row break would break its paste', () => {
    const id = '20261126-064003-product-quality-3f9a';
    const error = new CrisisError(say('error.session.ended', { id }), {
      hint: say('error.session.ended.hint', { id }),
      exitCode: ExitCode.usage,
    });
    const deps = fakeDeps({ isTTY: true, columns: 60 });
    reportError(error, deps, false, false, 'en');
    const lines = deps.stderr.text().trimEnd().split('\n');
    const hint = lines.find((l) => l.startsWith('hint: '));
    expect(hint).toContain(`crisis review ${id}`);
    expect(hint!.length).toBeGreaterThan(60);
    expect(lines.at(-1)).toBe(hint);
  });

  it('prints message and hint in Chinese, keeps exit code and the English .message', () => {
    const error = new CrisisError(say('error.session.ended', { id: '20261126-064003-x-3f9a' }), {
      hint: say('error.session.ended.hint', { id: '20261126-064003-x-3f9a' }),
      exitCode: ExitCode.usage,
      code: 'resume.ended',
    });
    const deps = fakeDeps();
    expect(reportError(error, deps, false, false, 'zh')).toBe(2);
    expect(deps.stderr.text()).toBe(
      '错误：会话 20261126-064003-x-3f9a 已结束\n' +
        '提示：可用 `crisis log 20261126-064003-x-3f9a` 或 `crisis review 20261126-064003-x-3f9a` 查看\n',
    );
    expect(error.message).toBe('session 20261126-064003-x-3f9a has ended');
    expect(error.hint).toBe(
      'see it with `crisis log 20261126-064003-x-3f9a` or `crisis review 20261126-064003-x-3f9a`',
    );
  });

  it('--json stays English for programs, with the dotted id', () => {
    const deps = fakeDeps();
    reportError(assertSessionIdError(), deps, false, true, 'zh');
    expect(JSON.parse(deps.stderr.text())).toMatchObject({
      error: '"../x" is not a session id',
      code: 2,
      id: 'session.invalid-id',
    });
  });

  it('a sentence inside a sentence, and a library message kept in English but worded in Chinese', () => {
    const problem = {
      file: 'a.yaml',
      line: 3,
      col: 1,
      severity: 'error' as const,
      code: 'yaml.syntax',
      message: 'Implicit map keys need to be followed by map values',
      said: {
        ...say('problem.yaml.syntax', { reason: say('problem.yaml.BAD_INDENT') }),
        en: 'Implicit map keys need to be followed by map values',
      },
    };
    expect(formatProblemIn('zh')(problem)).toBe('a.yaml:3:1：错误：YAML 语法错误：缩进不正确 [yaml.syntax]');
    expect(formatProblemIn('en')(problem)).toBe(
      'a.yaml:3:1: error: Implicit map keys need to be followed by map values [yaml.syntax]',
    );
    const locked = new CrisisError(say('error.log.broken', { file: 'x.jsonl', problem: say('error.log.noStart') }));
    expect(locked.inLang('zh').message).toBe('x.jsonl：不是以 `session.started` 开头');
    expect(locked.message).toBe('x.jsonl: does not start with session.started');
  });

  it("commander's own lines in Chinese; an unknown line stays as commander wrote it", () => {
    expect(commanderLines('zh', "error: unknown command 'shwo'\n(Did you mean show?)")).toEqual([
      '错误：未知命令“shwo”',
      '（是否要输入 show？）',
    ]);
    expect(commanderLines('zh', "error: missing required argument 'id'")).toEqual(['错误：缺少必需的参数“id”']);
    // Chinese quotes around what was typed, as every Chinese message quotes (never ASCII '…').
    expect(
      [
        "error: unknown option '--bogus'",
        "error: option '--format <format>' argument missing",
        "error: required option '--operator <name>' not specified",
        "error: option '--format <format>' argument 'docx' is invalid.",
        "error: too many arguments for 'list'. Expected 0 arguments but got 3.",
      ].flatMap((line) => commanderLines('zh', line)),
    ).toEqual([
      '错误：未知选项“--bogus”',
      '错误：选项“--format <format>”缺少取值',
      '错误：未指定必需的选项“--operator <name>”',
      '错误：选项“--format <format>”的取值“docx”无效',
      '错误：“list”的参数过多：应为 0 个，实际为 3 个',
    ]);
    expect(commanderLines('zh', 'error: something new')).toEqual(['error: something new']);
  });
});

function assertSessionIdError(): CrisisError {
  try {
    assertSessionId('../x');
  } catch (error) {
    return error as CrisisError;
  }
  throw new Error('assertSessionId accepted ../x');
}
