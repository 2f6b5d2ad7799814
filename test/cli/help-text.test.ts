import { describe, expect, it } from 'vitest';
import { runMain } from '../helpers/in-process.js';
import { tempDir } from '../helpers/temp.js';

/** `crisis --help` says where logs go as the README's Environment table and src/store/session-files.ts do. */
describe('crisis --help', () => {
  it('--log-dir names $XDG_STATE_HOME between $CRISIS_LOG_DIR and ~/.local/state', async () => {
    const cwd = tempDir('crisis-help-');
    const r = await runMain(['--help'], { cwd, env: { CRISIS_LOG_DIR: cwd } });
    expect(r.code).toBe(0);
    expect(r.stdout.replace(/\s+/g, ' ')).toContain(
      '--log-dir <dir> where session logs live (default: $CRISIS_LOG_DIR, else $XDG_STATE_HOME/crisis/sessions or ~/.local/state/crisis/sessions)',
    );
  });

  it('at a 60-column terminal an option’s text is wrapped under its column (commander left it whole under 40)', async () => {
    const cwd = tempDir('crisis-help-');
    const r = await runMain(['start', '--help'], { cwd, env: { CRISIS_LOG_DIR: cwd }, isTTY: true, columns: 60 });
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').slice(8, 11)).toEqual([
      '  --severity <severity>   severity of this crisis (choices:',
      '                          "low", "medium", "high",',
      '                          "critical")',
    ]);
  });

  it('piped: wrapped at 80 columns, as before', async () => {
    const cwd = tempDir('crisis-help-');
    const r = await runMain(['start', '--help'], { cwd, env: { CRISIS_LOG_DIR: cwd }, isTTY: false, columns: 60 });
    expect(r.stdout.split('\n').slice(8, 10)).toEqual([
      '  --severity <severity>   severity of this crisis (choices: "low", "medium",',
      '                          "high", "critical")',
    ]);
  });
});

/**
 * `--help` in the run's language: before, `crisis --lang zh --help` printed commander's English help whole. Now the
 * descriptions, commander's headings and the words around choices and defaults come from the catalogue
 * (src/text/catalogue/help.ts, zh/help.ts); option names, arguments, choices and examples stay as typed.
 */
describe('crisis --help in Chinese', () => {
  const STATUS_HELP =
    '用法：crisis status [options] [session]\n' +
    '\n' +
    '列出会话，或显示其中一个\n' +
    '\n' +
    '参数：\n' +
    '  session        会话 ID、其唯一的开头部分，或 `latest`\n' +
    '\n' +
    '选项：\n' +
    '  --drills       也列出演练会话\n' +
    '  --json         输出 JSON\n' +
    '  --crisis <id>  该危机最新的会话\n' +
    '  -h, --help     显示命令的帮助\n' +
    '\n' +
    '示例：\n' +
    '  $ crisis status\n' +
    '  $ crisis status latest\n' +
    '  $ crisis status --drills --json\n' +
    '\n';

  it.each([
    ['--lang zh', ['--lang', 'zh', 'status', '--help'], {}],
    ['--lang=zh after the command', ['status', '--help', '--lang=zh'], {}],
    ['CRISIS_LANG=zh', ['status', '--help'], { CRISIS_LANG: 'zh' }],
    ['LANG=zh_CN.UTF-8', ['status', '--help'], { LANG: 'zh_CN.UTF-8' }],
    ['crisis help status', ['--lang', 'zh', 'help', 'status'], {}],
  ] as Array<[string, string[], Record<string, string>]>)('status --help (%s)', async (_name, argv, env) => {
    const cwd = tempDir('crisis-help-zh-');
    const r = await runMain(argv, { cwd, env: { CRISIS_LOG_DIR: cwd, ...env } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(STATUS_HELP);
  });

  it('the program: headings, every command and option described in Chinese, exit 0', async () => {
    const cwd = tempDir('crisis-help-zh-');
    const r = await runMain(['--lang', 'zh', '--help'], { cwd, env: { CRISIS_LOG_DIR: cwd } });
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines.slice(0, 5)).toEqual([
      '用法：crisis [options] [command]',
      '',
      '危机预案执行工具：引导应对、防篡改的操作日志、演练和检查清单',
      '',
      '选项：',
    ]);
    expect(lines).toContain('命令：');
    expect(lines).toContain('  list [options]                 列出找到的所有预案和演练');
    expect(lines).toContain('  -h, --help                     显示命令的帮助');
    expect(lines).toContain('  help [command]                 显示命令的帮助');
    // every item's first line has Chinese after its term: no description was left in English
    const items = lines.filter((l) => /^ {2}\S/.test(l));
    expect(items.length).toBe(26);
    expect(items.filter((l) => !/[\u4e00-\u9fff]/.test(l))).toEqual([]);
    expect(r.stdout).not.toMatch(/Usage:|Options:|Commands:|display help|print the version/);
  });

  it('bare `crisis` in Chinese: the help on stderr, exit 2', async () => {
    const r = await runMain(['--lang', 'zh']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('用法：crisis [options] [command]');
  });

  it("an option's choices and default in Chinese words, unquoted", async () => {
    const r = await runMain(['--lang', 'zh', 'review', '--help']);
    expect(r.stdout).toContain('  --format <format>    `md` 或 `html`（可选：md、html；默认：md）\n');
  });

  it('at a 60-column terminal a Chinese description wraps between characters, under its column', async () => {
    const r = await runMain(['--lang', 'zh', 'start', '--help'], { isTTY: true, columns: 60 });
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    const at = lines.findIndex((l) => l.startsWith('  --severity'));
    expect(lines.slice(at, at + 2)).toEqual([
      '  --severity <severity>   本次危机的严重级别（可选：low、',
      '                          medium、high、critical）',
    ]);
    // commander counted a Chinese character as one column: its lines ran to twice the width
    const width = (l: string) => l.length + (l.match(/[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/g)?.length ?? 0);
    const options = lines.slice(lines.indexOf('选项：'), lines.indexOf('示例：'));
    expect(options.filter((l) => width(l) > 60 && !l.includes('crisis.config.yaml'))).toEqual([]);
  });

  it('English is as commander writes it', async () => {
    const r = await runMain(['review', '--help']);
    expect(r.stdout).toContain('  --format <format>    md or html (choices: "md", "html", default: "md")\n');
    expect(r.stdout).toMatch(/^Usage: crisis review \[options\] \[session\]\n/);
    expect(r.stdout).not.toMatch(/[\u4e00-\u9fff]/);
  });
});
