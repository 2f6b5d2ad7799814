/**
 * Paths on the command line that are empty or not what they must be. Before: `--log-dir ""` put sessions in the
 * working directory, a file as the log dir was an internal error (exit 70), and `drill --junit ""` wrote no report
 * and exited 0, which a CI job would read as a pass with its report missing.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain } from '../helpers/in-process.js';
import { tempDir } from '../helpers/temp.js';

describe('the log directory', () => {
  it('--log-dir "": refused (exit 2), nothing written in the working directory', async () => {
    const cwd = tempDir('crisis-empty-logdir-');
    writeFileSync(path.join(cwd, 'a.yaml'), 'responses: []\n');
    const r = await runMain(['--log-dir', '', 'start', 'product-quality', '--answers', 'a.yaml'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'error: --log-dir is empty: give the directory for session logs\n' +
        'hint: pass a writable --log-dir or set CRISIS_LOG_DIR\n',
    );
    expect(readdirSync(cwd)).toEqual(['a.yaml']);
  });

  it.each([
    ['status'],
    ['log', 'latest'],
    ['verify', 'latest'],
    ['review', 'latest'],
    ['start', 'product-quality', '--answers', 'a.yaml'],
  ])('a file as the log dir: %s is exit 3 naming it, not an internal error', async (...args) => {
    const cwd = tempDir('crisis-file-logdir-');
    writeFileSync(path.join(cwd, 'logs'), '');
    writeFileSync(path.join(cwd, 'a.yaml'), 'responses: []\n');
    const r = await runMain(['--log-dir', 'logs', ...args], { cwd });
    expect(r.code).toBe(3);
    expect(r.stderr.split('\n')[0]).toBe(`error: cannot read the log directory ${path.join(cwd, 'logs')}: ENOTDIR`);
  });
});

describe('file options', () => {
  it.each([
    [['drill', 'product-quality-batch-defect', '--junit', ''], '--junit <file>'],
    [['drill', 'product-quality-batch-defect', '--report', ' '], '--report <file>'],
    [['checklist', 'product-quality', '-o', ''], '-o, --output <file>'],
    [['review', 'latest', '-o', ''], '-o, --output <file>'],
  ])('%j: an empty file name is refused (exit 2), naming the option', async (args, option) => {
    const cwd = tempDir('crisis-empty-file-');
    const r = await runMain(args, { cwd, env: { CRISIS_LOG_DIR: path.join(cwd, 'logs') } });
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toMatch(
      new RegExp(
        `^error: option '${option.replace(/[-<>,]/g, '\\$&')}' argument '\\s*' is invalid\\. give a file name`,
      ),
    );
    expect(readdirSync(cwd)).toEqual([]);
  });
});

describe('empty values and their messages', () => {
  it('an empty answers file says so, not "expected a playbook"', async () => {
    const cwd = tempDir('crisis-empty-answers-');
    writeFileSync(path.join(cwd, 'a.yaml'), '');
    const r = await runMain(['start', 'product-quality', '--answers', 'a.yaml'], {
      cwd,
      env: { CRISIS_LOG_DIR: path.join(cwd, 'logs') },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'error: a.yaml is empty: an answers file holds a responses: list\n' +
        'hint: see the README, "Answers files and drills"\n',
    );
  });

  it('--operator "" is refused: every event would be recorded by nobody', async () => {
    const cwd = tempDir('crisis-empty-operator-');
    writeFileSync(path.join(cwd, 'a.yaml'), 'responses: []\n');
    const r = await runMain(['start', 'product-quality', '--operator', ' ', '--answers', 'a.yaml'], {
      cwd,
      env: { CRISIS_LOG_DIR: path.join(cwd, 'logs') },
    });
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe("error: option '--operator <name>' argument ' ' is invalid. give a name");
    expect(readdirSync(cwd)).toEqual(['a.yaml']);
  });

  // Before, a Chinese run dropped the reason (commander's line was worded without it) and the reason was English.
  it.each([
    [['start', 'product-quality', '--operator', ''], '错误：选项“--operator <name>”的取值“”无效：请给出名字\n'],
    [
      ['drill', 'product-quality-batch-defect', '--junit', ''],
      '错误：选项“--junit <file>”的取值“”无效：请给出文件名，或用 `-` 输出到标准输出\n',
    ],
  ])('%j under --lang zh: the reason is Chinese too (exit 2)', async (args, line) => {
    const cwd = tempDir('crisis-empty-zh-');
    const r = await runMain([...args, '--lang', 'zh'], { cwd, env: { CRISIS_LOG_DIR: path.join(cwd, 'logs') } });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`${line}提示：运行 \`crisis --help\` 查看命令和选项\n`);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('under --json the reason stays English, whatever the language', async () => {
    const cwd = tempDir('crisis-empty-json-');
    const r = await runMain(['review', 'latest', '-o', '', '--json', '--lang', 'zh'], {
      cwd,
      env: { CRISIS_LOG_DIR: path.join(cwd, 'logs') },
    });
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stderr)).toMatchObject({
      error: "option '-o, --output <file>' argument '' is invalid. give a file name, or - for standard output",
      code: 2,
    });
  });

  it('--speed 0 says what it must be (0 itself is refused)', async () => {
    const r = await runMain(['drill', 'product-quality-batch-defect', '--interactive', '--speed', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('error: --speed: "0" is not a number above 0 and at most 3600');
  });

  // Number() reads "0x10" as 16, " 5" as 5 and "Infinity" as a number: none is a speed a person types.
  it.each(['-1', 'abc', '1e9', 'NaN', 'Infinity', '0x10', ' 5', ''])(
    '--speed %j is one flag error (exit 2), before the drill is looked for',
    async (value) => {
      const cwd = tempDir('crisis-speed-');
      const r = await runMain(['drill', 'no-such-drill', '--interactive', '--speed', value], {
        cwd,
        env: { CRISIS_LOG_DIR: path.join(cwd, 'logs') },
      });
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        `error: --speed: "${value}" is not a number above 0 and at most 3600\n` +
          'hint: e.g. --speed 60: a minute of the drill passes in a second\n',
      );
      expect(readdirSync(cwd)).toEqual([]);
    },
  );

  it.each(['5', '0.5', '.5', '3600', '1e2'])(
    '--speed %s is a speed: with --interactive it passes the flag check',
    async (value) => {
      // No terminal here: the next thing said is that --interactive needs one, so the speed was taken.
      const r = await runMain(['drill', 'product-quality-batch-defect', '--interactive', '--speed', value]);
      expect(r.code).toBe(2);
      expect(r.stderr.split('\n')[0]).toBe('error: --interactive needs a terminal');
    },
  );

  it('--speed without --interactive is refused (exit 2) naming both flags, and no drill runs', async () => {
    // Before: accepted and ignored, the drill ran at virtual speed and exited 0.
    const cwd = tempDir('crisis-speed-alone-');
    const r = await runMain(['drill', 'product-quality-batch-defect', '--speed', '5'], {
      cwd,
      env: { CRISIS_LOG_DIR: path.join(cwd, 'logs') },
    });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'error: --speed is for a tabletop drill (--interactive): without it a drill runs on its virtual clock at once\n' +
        'hint: add --interactive to work the drill at a terminal with injects on a sped-up clock, or leave --speed out\n',
    );
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('--speed without --interactive, in Chinese', async () => {
    const r = await runMain(['--lang', 'zh', 'drill', 'product-quality-batch-defect', '--speed', '5']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(
      '错误：--speed 用于桌面推演（--interactive）：不加 --interactive 的演练按虚拟时钟即刻跑完',
    );
  });
});

describe('a file given where a session is named', () => {
  it('a file that is not a session log is named as typed (not its base name), exit 2', async () => {
    const r = await runMain(['status', '/etc/passwd']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(
      'error: /etc/passwd is not a session log here (a log is named <session id>.jsonl)',
    );
  });

  it('review reads a copy of a log under any name (as its help says), and does not walk it', async () => {
    const cwd = tempDir('crisis-review-copy-');
    const logs = path.join(cwd, 'logs');
    writeFileSync(path.join(cwd, 'a.yaml'), 'responses: []\n');
    expect(
      (await runMain(['start', 'product-quality', '--answers', 'a.yaml'], { cwd, env: { CRISIS_LOG_DIR: logs } })).code,
    ).toBe(0);
    const log = readdirSync(logs).find((f) => f.endsWith('.jsonl'))!;
    writeFileSync(path.join(cwd, 'ticket-4711.jsonl'), readFileSync(path.join(logs, log)));
    const r = await runMain(['review', 'ticket-4711.jsonl'], { cwd, env: { CRISIS_LOG_DIR: logs }, isTTY: true });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`- Session: \`${log.slice(0, -'.jsonl'.length)}\``);
    expect(readFileSync(path.join(cwd, 'ticket-4711.jsonl'))).toEqual(readFileSync(path.join(logs, log)));
  });
});

describe('a store URL naming a file that is not there', () => {
  it('sslrootcert missing: exit 3 naming the file, not an internal error', async () => {
    const url = 'postgres://u@127.0.0.1:9/crisis?sslmode=verify-full&sslrootcert=/nonexistent/root.crt';
    const r = await runMain(['status', '--store', url]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("ENOENT: no such file or directory, open '/nonexistent/root.crt'");
    expect(r.stderr).not.toMatch(/internal error/);
  });
});

describe('status of a session whose playbook is not found', () => {
  it('says so on stderr instead of a silent 0/0; with --playbooks, no warning and the steps counted', async () => {
    const { FIXTURE_FILES } = await import('../helpers/fixtures.js');
    const { writeFiles } = await import('../helpers/temp.js');
    const cwd = tempDir('crisis-status-noplaybook-');
    writeFiles(path.join(cwd, 'pb'), FIXTURE_FILES);
    writeFileSync(path.join(cwd, 'a.yaml'), 'responses: []\n');
    const env = { CRISIS_LOG_DIR: path.join(cwd, 'logs') };
    const start = await runMain(['--playbooks', 'pb', 'start', 'widget-recall', '--answers', 'a.yaml'], { cwd, env });
    expect(start.code, start.stderr).toBe(0);
    const elsewhere = tempDir('crisis-elsewhere-');
    const lost = await runMain(['status', 'latest'], { cwd: elsewhere, env });
    expect(lost.code, lost.stderr).toBe(0);
    expect(lost.stderr).toContain(
      'warning: playbook "widget-recall" is not found here, so its steps are not counted (pass --playbooks DIR where it is)',
    );
    const found = await runMain(['--playbooks', 'pb', 'status', 'latest'], { cwd, env });
    expect(found.stderr).not.toContain('is not found here');
    expect(found.stdout).toMatch(/progress: 0\/[1-9]\d* steps done or skipped/);
  });
});
