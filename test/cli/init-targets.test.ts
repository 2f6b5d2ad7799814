/**
 * Places `crisis init` (and every command that makes folders) cannot write to. Before: `init /proc/x` never returned
 * (Node 20's recursive mkdir tries /proc/x again for ever: mkdir says ENOENT, its parent is there), and so did
 * `drill --junit /proc/x/r.xml`, a log dir or a cache dir under /proc; `init notes.txt` was exit 3 with a bare
 * ENOTDIR on a schema file's path; `init ""` wrote into the working directory. Each is now one line naming the path:
 * exit 2 for a name that cannot be a project folder, exit 3 for a folder the system will not make.
 */
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeDirs } from '../../src/store/safe-fs.js';
import { runMain } from '../helpers/in-process.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp.js';

/** /proc/x: a folder Linux will not make in a parent that exists (mkdir says ENOENT). */
const PROC = process.platform === 'linux' && existsSync('/proc/self');
const ROOT = process.getuid?.() === 0;
// A child process, killed past the timeout: a regression to the endless mkdir fails the test instead of hanging it.
const crisis = (args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) =>
  runCli(args, { ...options, timeoutMs: 20_000 });

describe('crisis init: a name that cannot be a project folder is exit 2, nothing written', () => {
  it.each(['', ' '])('init %j: the name is empty (it wrote into the working directory)', async (dir) => {
    const cwd = tempDir('crisis-init-empty-');
    const r = await runMain(['init', dir], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'error: the project folder name is empty\nhint: name the folder, or leave it out for the current one\n',
    );
    expect(readdirSync(cwd)).toEqual([]);
  });

  it.each([['notes.txt'], ['notes.txt/sub'], ['notes.txt/sub/deeper']])(
    'init %s: the file on the way is named, and left as it was',
    async (dir) => {
      const cwd = tempDir('crisis-init-file-');
      writeFileSync(path.join(cwd, 'notes.txt'), 'keep me\n');
      const r = await runMain(['init', dir], { cwd });
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        `error: ${path.join(cwd, 'notes.txt')} is not a folder: init writes its JSON Schemas and editor settings into a project folder\n` +
          'hint: name a folder (missing folders are made)\n',
      );
      expect(readdirSync(cwd)).toEqual(['notes.txt']);
      expect(readFileSync(path.join(cwd, 'notes.txt'), 'utf8')).toBe('keep me\n');
    },
  );

  it('init /dev/null: not a folder (exit 2)', async () => {
    const r = await runMain(['init', '/dev/null']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(
      'error: /dev/null is not a folder: init writes its JSON Schemas and editor settings into a project folder',
    );
  });

  it('in Chinese', async () => {
    const cwd = tempDir('crisis-init-file-zh-');
    writeFileSync(path.join(cwd, 'notes.txt'), '');
    const r = await runMain(['--lang', 'zh', 'init', 'notes.txt'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `错误：${path.join(cwd, 'notes.txt')} 不是文件夹：\`crisis init\` 把 JSON 模式文件和编辑器设置写进项目文件夹\n` +
        '提示：请给出一个文件夹（缺少的文件夹会自动创建）\n',
    );
  });

  it('a missing folder, nested, is made (the check does not refuse what does not exist yet)', async () => {
    const cwd = tempDir('crisis-init-new-');
    const r = await runMain(['init', 'a/b/c'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(path.join(cwd, 'a', 'b', 'c', 'playbooks', 'schema'))).toHaveLength(5);
    expect(existsSync(path.join(cwd, 'a', 'b', 'c', '.vscode', 'settings.json'))).toBe(true);
  });
});

// Before: `error: cannot create the folder …/proj: EEXIST`, exit 3, which said neither what was there nor what to do.
describe('a symbolic link to nothing: said as such, the link left as it was', () => {
  it.each([['proj'], ['proj/sub']])('init %s (proj -> gone): exit 2 naming the link and its target', async (dir) => {
    const cwd = tempDir('crisis-init-dangling-');
    symlinkSync('gone', path.join(cwd, 'proj'));
    const r = await runMain(['init', dir], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `error: ${path.join(cwd, 'proj')} is a symbolic link to ${path.join(cwd, 'gone')}, which does not exist\n` +
        `hint: create ${path.join(cwd, 'gone')} first, or remove the link\n`,
    );
    expect(readdirSync(cwd)).toEqual(['proj']);
    expect(readlinkSync(path.join(cwd, 'proj'))).toBe('gone');
  });

  it('in Chinese', async () => {
    const cwd = tempDir('crisis-init-dangling-zh-');
    symlinkSync('/nonexistent/x', path.join(cwd, 'proj'));
    const r = await runMain(['--lang', 'zh', 'init', 'proj'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `错误：${path.join(cwd, 'proj')} 是指向 /nonexistent/x 的符号链接，而 /nonexistent/x 不存在\n` +
        '提示：请先创建 /nonexistent/x，或删除这个链接\n',
    );
  });

  it('inside the project folder (playbooks -> gone): exit 3, the folder that could not be made', async () => {
    const cwd = tempDir('crisis-init-dangling-inside-');
    symlinkSync('../gone', path.join(cwd, 'playbooks'));
    const r = await runMain(['init'], { cwd });
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(
      `error: ${path.join(cwd, 'playbooks')} is a symbolic link to ${path.join(path.dirname(cwd), 'gone')}, which does not exist\n` +
        `hint: create ${path.join(path.dirname(cwd), 'gone')} first, or remove the link\n`,
    );
  });

  it('drill --junit through one: exit 3 before any drill runs', async () => {
    const cwd = tempDir('crisis-drill-dangling-');
    symlinkSync('gone', path.join(cwd, 'reports'));
    const r = await runMain(['drill', 'product-quality-batch-defect', '--junit', 'reports/j.xml'], {
      cwd,
      env: { CRISIS_LOG_DIR: path.join(cwd, 'logs') },
    });
    expect(r.code).toBe(3);
    expect(r.stderr.split('\n')[0]).toBe(
      `error: ${path.join(cwd, 'reports')} is a symbolic link to ${path.join(cwd, 'gone')}, which does not exist`,
    );
    expect(readdirSync(cwd)).toEqual(['reports']);
  });
});

describe.skipIf(!PROC)('a folder the system will not make (/proc/x): exit 3 naming it, at once', () => {
  it.each([['/proc/x'], ['/proc/x/y/z']])('crisis init %s', async (dir) => {
    const r = await crisis(['init', dir]);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe('error: cannot create the folder /proc/x: ENOENT\nhint: choose a place you can write to\n');
  });

  it('crisis drill --junit /proc/x/r.xml', async () => {
    const r = await crisis(['drill', 'customer-service-staff-note', '--junit', '/proc/x/r.xml']);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe('error: cannot create the folder /proc/x: ENOENT\nhint: choose a place you can write to\n');
  });

  it('CRISIS_LOG_DIR=/proc/x/logs crisis start …', async () => {
    const cwd = tempDir('crisis-proc-logdir-');
    writeFileSync(path.join(cwd, 'a.yaml'), 'responses: []\n');
    const r = await crisis(['start', 'product-quality', '--answers', 'a.yaml'], {
      cwd,
      env: { CRISIS_LOG_DIR: '/proc/x/logs' },
    });
    expect(r.code).toBe(3);
    expect(r.stderr.split('\n')[0]).toBe('error: cannot create log directory /proc/x/logs: ENOENT');
  });

  it('CRISIS_CACHE_DIR=/proc/x/cache: validate works without its cache', async () => {
    const cwd = tempDir('crisis-proc-cache-');
    const r = await crisis(['validate'], { cwd, env: { CRISIS_CACHE_DIR: '/proc/x/cache' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/files checked: 0 errors/);
  });
});

describe.skipIf(ROOT)('a read-only folder (as root nothing is read-only: skipped there)', () => {
  it('init into a folder without write permission: exit 3 naming the folder it could not make', async () => {
    const cwd = tempDir('crisis-init-ro-');
    mkdirSync(path.join(cwd, 'ro'));
    chmodSync(path.join(cwd, 'ro'), 0o500);
    try {
      const r = await runMain(['init', 'ro'], { cwd });
      expect(r.code).toBe(3);
      expect(r.stderr).toBe(
        `error: cannot create the folder ${path.join(cwd, 'ro', 'playbooks')}: EACCES\n` +
          'hint: choose a place you can write to\n',
      );
    } finally {
      chmodSync(path.join(cwd, 'ro'), 0o700);
    }
  });
});

describe('makeDirs (mkdir -p without Node 20’s recursive mkdir)', () => {
  it('makes every missing folder and answers the first one made; nothing when all are there', () => {
    const root = tempDir('crisis-makedirs-');
    expect(makeDirs(path.join(root, 'a', 'b', 'c'))).toBe(path.join(root, 'a'));
    expect(existsSync(path.join(root, 'a', 'b', 'c'))).toBe(true);
    expect(makeDirs(path.join(root, 'a', 'b'))).toBeUndefined();
    expect(makeDirs(path.join(root, 'a', 'b', 'd'))).toBe(path.join(root, 'a', 'b', 'd'));
  });

  it('a file on the way: ENOTDIR with the file as its path', () => {
    const root = tempDir('crisis-makedirs-file-');
    writeFileSync(path.join(root, 'f'), '');
    expect(() => makeDirs(path.join(root, 'f', 'x', 'y'))).toThrow(
      expect.objectContaining({ code: 'ENOTDIR', path: path.join(root, 'f') }),
    );
    expect(() => makeDirs(path.join(root, 'f'))).toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
  });

  it.skipIf(!PROC)('/proc/x: ENOENT at once, with /proc/x as its path', () => {
    expect(() => makeDirs('/proc/x/y')).toThrow(expect.objectContaining({ code: 'ENOENT', path: '/proc/x' }));
  });
});
