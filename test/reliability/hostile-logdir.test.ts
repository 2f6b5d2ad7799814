/**
 * Issue 12: a hostile log directory. Whoever can write the log dir is trusted
 * with nothing: symlinks planted there are never followed, side files are
 * plain files of their own, statement files are derived from the log, and a
 * damaged log is never read silently.
 */
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_FILES } from '../helpers/fixtures.js';
import { distMain, fakeDeps, runMain } from '../helpers/in-process.js';
import type { Prompter } from '../../src/drive/prompter.js';
import { tempDir, writeFiles } from '../helpers/temp.js';
import { crisis, sessionIdOf, stackLines } from './helpers.js';

let work: string;
const ISSUE = `responses:
  - { step: wr-confirm, action: done, inputs: { affected-batches: "B-1 <img src=x onerror=alert(1)>", safety-risk: false } }
  - { step: wr-statement, action: approve, by: Lee }
  - { step: wr-statement, action: statement }
`;

const main = (args: string[], logDir: string) =>
  runMain(['--playbooks', 'pb', ...args], { cwd: work, env: { CRISIS_LOG_DIR: logDir } });

/** A fresh session in its own log dir, paused after `answers`. */
async function session(name: string, answers = ISSUE): Promise<{ logDir: string; id: string; log: string }> {
  const logDir = path.join(work, 'logs', name);
  const file = path.join(work, `${name}.yaml`);
  writeFileSync(file, answers);
  const r = await crisis(['--playbooks', 'pb', 'start', 'widget-recall', '--answers', file], {
    cwd: work,
    env: { CRISIS_LOG_DIR: logDir },
  });
  expect(r.code, r.stderr).toBe(0);
  const id = sessionIdOf(r);
  return { logDir, id, log: path.join(logDir, `${id}.jsonl`) };
}

beforeAll(() => {
  work = tempDir('crisis-hostile-dir-');
  writeFiles(path.join(work, 'pb'), FIXTURE_FILES);
  writeFiles(work, { 'note.yaml': 'responses:\n  - { action: note, text: "after" }\n' });
});

describe('symlinks planted in the log directory are never followed', () => {
  it('<id>.jsonl.torn -> a victim file: resume refuses to write through it and the victim is untouched', async () => {
    const { logDir, id, log } = await session('torn-link');
    const victim = path.join(work, 'bashrc');
    writeFileSync(victim, 'alias ll="ls -l"\n');
    symlinkSync(victim, path.join(logDir, `${id}.jsonl.torn`));
    writeFileSync(log, `${readFileSync(log, 'utf8')}touch pwned #`);
    const r = await main(['resume', id, '--answers', 'note.yaml'], logDir);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`refusing to write ${path.join(logDir, `${id}.jsonl.torn`)}: it is a symbolic link`);
    expect(readFileSync(victim, 'utf8')).toBe('alias ll="ls -l"\n');
    // Nothing was cut either: the torn tail is still in the log for a human to look at.
    expect(readFileSync(log, 'utf8').endsWith('touch pwned #')).toBe(true);
    expect(existsSync(path.join(logDir, `${id}.lock`))).toBe(false);
  });

  it('<id>.jsonl.torn as a hard link to a victim file is refused as well', async () => {
    const { logDir, id, log } = await session('torn-hardlink');
    const victim = path.join(logDir, 'victim');
    writeFileSync(victim, 'keep\n');
    const { linkSync } = await import('node:fs');
    linkSync(victim, path.join(logDir, `${id}.jsonl.torn`));
    writeFileSync(log, `${readFileSync(log, 'utf8')}{"v":1,"se`);
    const r = await main(['resume', id, '--answers', 'note.yaml'], logDir);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('not a plain file of its own');
    expect(readFileSync(victim, 'utf8')).toBe('keep\n');
  });

  it('<id>/statements as a symlink: the statement is not written outside, and the log still records it', async () => {
    const { logDir, id } = await session('statements-link', 'responses:\n  - { action: note, text: "x" }\n');
    const outside = path.join(work, 'outside-statements');
    mkdirSync(outside, { recursive: true });
    mkdirSync(path.join(logDir, id), { recursive: true });
    symlinkSync(outside, path.join(logDir, id, 'statements'));
    writeFileSync(path.join(work, 'issue-only.yaml'), ISSUE);
    const r = await main(['resume', id, '--answers', 'issue-only.yaml'], logDir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(
      /warning: the website statement is recorded in the log, but its file was not written \(ESYMLINK\)/,
    );
    expect(readdirSync(outside)).toEqual([]);
    expect(lstatSync(path.join(logDir, id, 'statements')).isSymbolicLink()).toBe(true);
  });

  it('the old fixed temp name statements/<channel>.md.tmp as a symlink: the victim is not overwritten', async () => {
    const { logDir, id } = await session('tmp-link', 'responses:\n  - { action: note, text: "x" }\n');
    const dir = path.join(logDir, id, 'statements');
    mkdirSync(dir, { recursive: true });
    const victim = path.join(work, 'victim-tmp');
    writeFileSync(victim, 'precious\n');
    symlinkSync(victim, path.join(dir, 'website.wr-statement.md.tmp'));
    symlinkSync(victim, path.join(dir, 'website.wr-statement.md'));
    writeFileSync(path.join(work, 'issue-tmp.yaml'), ISSUE);
    const r = await main(['resume', id, '--answers', 'issue-tmp.yaml'], logDir);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    // The symlink at the file's own name was replaced by a plain file (rename never follows).
    expect(lstatSync(path.join(dir, 'website.wr-statement.md')).isFile()).toBe(true);
    expect(readFileSync(path.join(dir, 'website.wr-statement.md'), 'utf8')).toContain('are being recalled');
    expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('a log that is itself a symlink in the log dir is refused, not read or appended through', async () => {
    const { logDir, id, log } = await session('log-link', 'responses:\n  - { action: note, text: "x" }\n');
    const elsewhere = path.join(work, 'elsewhere.jsonl');
    writeFileSync(elsewhere, readFileSync(log));
    rmSync(log);
    symlinkSync(elsewhere, log);
    const before = readFileSync(elsewhere, 'utf8');
    const r = await main(['resume', id, '--answers', 'note.yaml'], logDir);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/refusing to read .*: .*symbolic link/);
    expect(readFileSync(elsewhere, 'utf8')).toBe(before);
  });
});

describe('statement files are derived from the log (the log is the truth)', () => {
  it('a crash between statement.issued and the file write: resume rewrites the stale file from the log', async () => {
    const { logDir, id } = await session('stale-statement');
    const file = path.join(logDir, id, 'statements', 'website.wr-statement.md');
    const issued = readFileSync(file, 'utf8');
    // What a crash right after the event leaves: the previous text (or none).
    writeFileSync(file, 'an older statement\n');
    const r = await main(['resume', id, '--answers', 'note.yaml'], logDir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      'note: rewrote statement file(s) that disagreed with the log: website (statements/website.wr-statement.md)',
    );
    expect(readFileSync(file, 'utf8')).toBe(issued);
    rmSync(file);
    const again = await main(['review', id, '--no-interactive'], logDir);
    expect(again.code, again.stderr).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(issued);
  });

  it.each([
    [
      'en',
      'note: wrote missing statement file(s) from the log: website (statements/website.wr-statement.md)',
      'note: rewrote statement file(s) that disagreed with the log: website (statements/website.wr-statement.md)',
    ],
    [
      'zh',
      '提示：已按日志补写缺失的声明文件：官网（statements/website.wr-statement.md）',
      '提示：已按日志重写与之不一致的声明文件：官网（statements/website.wr-statement.md）',
    ],
  ])(
    'review (%s): a missing file is said to be written, one that differed to be rewritten',
    async (lang, wrote, rewrote) => {
      const { logDir, id } = await session(`missing-or-stale-${lang}`);
      const file = path.join(logDir, id, 'statements', 'website.wr-statement.md');
      const issued = readFileSync(file, 'utf8');
      // Missing (what a drill leaves: it writes no statement files): nothing disagreed, so nothing was "rewritten".
      rmSync(file);
      const missing = await main(['review', id, '--no-interactive', '--lang', lang], logDir);
      expect(missing.code, missing.stderr).toBe(0);
      expect(missing.stderr.trim()).toBe(wrote);
      expect(readFileSync(file, 'utf8')).toBe(issued);
      writeFileSync(file, 'an older statement\n');
      const stale = await main(['review', id, '--no-interactive', '--lang', lang], logDir);
      expect(stale.code, stale.stderr).toBe(0);
      expect(stale.stderr.trim()).toBe(rewrote);
      expect(readFileSync(file, 'utf8')).toBe(issued);
      // In agreement: nothing said.
      expect((await main(['review', id, '--no-interactive', '--lang', lang], logDir)).stderr).toBe('');
    },
  );

  it('markup in a statement file is neutralised as the HTML exports escape it', async () => {
    const { logDir, id } = await session('markup-statement');
    const text = readFileSync(path.join(logDir, id, 'statements', 'website.wr-statement.md'), 'utf8');
    expect(text).toBe('Batches B-1 &lt;img src=x onerror=alert(1)&gt; are being recalled.\n');
    expect(text).not.toMatch(/<img/);
  });
});

describe('a damaged log is never read silently', () => {
  it('one flipped byte before `review` and `checklist --session`: both warn, say what was left out, exit 1', async () => {
    const { logDir, id, log } = await session(
      'flipped',
      'responses:\n' + '  - { action: note, text: "TODO: a" }\n'.repeat(3),
    );
    const lines = readFileSync(log, 'utf8').split('\n');
    lines[2] = lines[2]!.replace('TODO: a', 'TODO: b');
    writeFileSync(log, lines.join('\n'));
    const review = await main(['review', id, '--no-interactive'], logDir);
    expect(review.code).toBe(1);
    expect(review.stderr).toContain(
      'warning: the log breaks at line 3: content does not match its hash (the line was edited);',
    );
    const checklist = await main(['checklist', '--session', id], logDir);
    expect(checklist.code).toBe(1);
    expect(checklist.stderr).toContain('warning: the log breaks at line 3:');
    const status = await main(['status', id], logDir);
    expect(status.stdout).toContain('LOG DAMAGED');
    expect(status.code).toBe(1);
    expect(stackLines(review.stderr + checklist.stderr + status.stderr)).toEqual([]);
  });
});

describe('verify takes any file path', () => {
  it('a renamed copy of a log (evidence.jsonl) verifies, and `log` prints it', async () => {
    const { log } = await session('renamed', 'responses:\n  - { action: note, text: "x" }\n');
    const evidence = path.join(work, 'evidence.jsonl');
    writeFileSync(evidence, readFileSync(log));
    const r = await main(['verify', evidence], path.join(work, 'no-logs'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^✓ .*evidence\.jsonl: \d+ events, hash chain intact\n {2}chain head \d+:[0-9a-f]{64}\n$/);
    const l = await main(['log', 'evidence.jsonl'], path.join(work, 'no-logs'));
    expect(l.code, l.stderr).toBe(0);
    expect(l.stdout).toContain('note');
  });
});

describe('review walks append under the lock, onto the head read under the lock (issue 12 #2)', () => {
  /** A prompter that says yes to the walk only when `go` is called, then records every item. */
  function gatedPrompter(): { prompter: Prompter; waiting: Promise<void>; go(): void } {
    let go!: () => void;
    let arrived!: () => void;
    const gate = new Promise<void>((resolve) => (go = resolve));
    const waiting = new Promise<void>((resolve) => (arrived = resolve));
    const prompter: Prompter = {
      confirm: async () => {
        arrived();
        await gate;
        return true;
      },
      select: async <T extends string>() => 'record' as T,
      input: async () => '',
      editor: async (_m: string, text: string) => text,
    };
    return { prompter, waiting, go };
  }

  it('two walks waiting at their first prompt while a resume appends: one chain, one answer, no fork', async () => {
    const { logDir, id, log } = await session('walk-race', 'responses:\n  - { action: note, text: "x" }\n');
    const { main: crisisMain } = await distMain();
    const walk = (pid: number) => {
      const gated = gatedPrompter();
      const deps = { ...fakeDeps({ cwd: work, env: { CRISIS_LOG_DIR: logDir } }), prompter: gated.prompter, pid };
      const done = crisisMain(['--playbooks', 'pb', 'review', id], deps);
      return { ...gated, done, deps };
    };
    const a = walk(process.pid);
    const b = walk(process.ppid);
    await Promise.all([a.waiting, b.waiting]);
    // Both walks have read the log; a resume now appends behind their backs.
    const resumed = await crisis(['--playbooks', 'pb', 'resume', id, '--answers', path.join(work, 'note.yaml')], {
      cwd: work,
      env: { CRISIS_LOG_DIR: logDir },
    });
    expect(resumed.code, resumed.stderr).toBe(0);
    a.go();
    expect(await a.done, a.deps.stderr.text()).toBe(0);
    b.go();
    expect(await b.done, b.deps.stderr.text()).toBe(0);
    expect(b.deps.stdout.text()).toContain('already recorded by someone else meanwhile; skipped');
    const verify = await main(['verify', id], logDir);
    expect(verify.stdout, verify.stdout).toMatch(/^✓ .* hash chain intact/);
    const types = readFileSync(log, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { type: string }).type);
    expect(types.filter((t) => t === 'review.recorded')).toHaveLength(1);
    expect(types.slice(-3)).toEqual(['note.added', 'session.paused', 'review.recorded']);
    expect(existsSync(path.join(logDir, `${id}.lock`))).toBe(false);
  });
});

describe('special files and hostile names in the log dir (issue 12 #7, #9)', () => {
  it('a FIFO and a symlink to /dev/zero named like logs: status lists them as unreadable at once, no hang', async () => {
    const { logDir, id } = await session('special', 'responses:\n  - { action: note, text: "x" }\n');
    const { execFileSync } = await import('node:child_process');
    execFileSync('mkfifo', [path.join(logDir, '20260101-090000-fifo-aaaa.jsonl')]);
    symlinkSync('/dev/zero', path.join(logDir, '20260101-090000-zero-bbbb.jsonl'));
    const r = await crisis(['--playbooks', 'pb', 'status'], { cwd: work, env: { CRISIS_LOG_DIR: logDir } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/20260101-090000-fifo-aaaa +\? +\? +\? +unreadable/);
    expect(r.stdout).toMatch(/20260101-090000-zero-bbbb +\? +\? +\? +unreadable/);
    expect(r.stdout).toContain(id);
    expect(stackLines(r.stdout + r.stderr)).toEqual([]);
    const one = await crisis(['--playbooks', 'pb', 'status', '20260101-090000-zero-bbbb'], {
      cwd: work,
      env: { CRISIS_LOG_DIR: logDir },
    });
    expect(one.code).toBe(3);
    expect(one.stderr).toContain('it is a symbolic link');
  });

  it('a FIFO or /dev/zero as --answers is refused at once', async () => {
    const { execFileSync } = await import('node:child_process');
    const fifo = path.join(work, 'answers.fifo');
    execFileSync('mkfifo', [fifo]);
    for (const answers of [fifo, '/dev/zero']) {
      const r = await crisis(['--playbooks', 'pb', 'start', 'widget-recall', '--answers', answers], {
        cwd: work,
        env: { CRISIS_LOG_DIR: path.join(work, 'logs', 'special-answers') },
      });
      expect(r.code, answers).toBe(2);
      expect(r.stderr).toContain(`error: --answers ${answers}: ${answers} is not a regular file`);
    }
  });

  it('a control sequence in a log file name never reaches the terminal raw', async () => {
    const { logDir } = await session('escape-name', 'responses:\n  - { action: note, text: "x" }\n');
    writeFileSync(path.join(logDir, '20260101-090000-\u001b[2J\u001b]52;c;cHduZWQ=\u0007x.jsonl'), '');
    const r = await main(['status'], logDir);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/[\u001b\u0007]/);
    expect(r.stdout).toMatch(/20260101-090000-.*x +\? +\? +\? +unreadable/);
  });

  it('status <session> prints the chain head, and on a damaged log says what was left out', async () => {
    const { logDir, id, log } = await session('status-head', 'responses:\n  - { action: note, text: "x" }\n');
    const lines = readFileSync(log, 'utf8').split('\n');
    const last = JSON.parse(lines[lines.length - 2]!) as { seq: number; hash: string };
    const r = await main(['status', id], logDir);
    expect(r.stdout).toContain(`chain head ${last.seq}:${last.hash}\n`);
    lines[1] = lines[1]!.replace('"x"', '"y"');
    writeFileSync(log, lines.join('\n'));
    const damaged = await main(['status', id], logDir);
    expect(damaged.stdout).toContain('chain head 1:');
    expect(damaged.stderr).toContain('warning: the log breaks at line 2: content does not match its hash');
  });
});

describe('the default log dir (issue 12 #14)', () => {
  it('HOME empty: the log dir comes from XDG_STATE_HOME when absolute, never from the working directory', async () => {
    const state = path.join(work, 'xdg-state');
    const r = await crisis(['--playbooks', 'pb', 'start', 'widget-recall', '--answers', path.join(work, 'note.yaml')], {
      cwd: work,
      env: { CRISIS_LOG_DIR: undefined, HOME: '', XDG_STATE_HOME: state },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(path.join(state, 'crisis', 'sessions')).filter((f) => f.endsWith('.jsonl'))).toHaveLength(1);
    expect(existsSync(path.join(work, '.local'))).toBe(false);
  });
});
