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
import { runMain } from '../helpers/in-process.js';
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
    symlinkSync(victim, path.join(dir, 'website.md.tmp'));
    symlinkSync(victim, path.join(dir, 'website.md'));
    writeFileSync(path.join(work, 'issue-tmp.yaml'), ISSUE);
    const r = await main(['resume', id, '--answers', 'issue-tmp.yaml'], logDir);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    // The symlink at the file's own name was replaced by a plain file (rename never follows).
    expect(lstatSync(path.join(dir, 'website.md')).isFile()).toBe(true);
    expect(readFileSync(path.join(dir, 'website.md'), 'utf8')).toContain('are being recalled');
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
    const file = path.join(logDir, id, 'statements', 'website.md');
    const issued = readFileSync(file, 'utf8');
    // What a crash right after the event leaves: the previous text (or none).
    writeFileSync(file, 'an older statement\n');
    const r = await main(['resume', id, '--answers', 'note.yaml'], logDir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('note: rewrote statement file(s) that disagreed with the log: website');
    expect(readFileSync(file, 'utf8')).toBe(issued);
    rmSync(file);
    const again = await main(['review', id, '--no-interactive'], logDir);
    expect(again.code, again.stderr).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(issued);
  });

  it('markup in a statement file is neutralised as the HTML exports escape it', async () => {
    const { logDir, id } = await session('markup-statement');
    const text = readFileSync(path.join(logDir, id, 'statements', 'website.md'), 'utf8');
    expect(text).toBe('Batches B-1 &lt;img src=x onerror=alert(1)&gt; are being recalled.\n');
    expect(text).not.toMatch(/<img/);
  });
});

describe('a damaged log is never read silently', () => {
  it('one flipped byte before `review` and `checklist --session`: both warn and say what was left out', async () => {
    const { logDir, id, log } = await session(
      'flipped',
      'responses:\n' + '  - { action: note, text: "TODO: a" }\n'.repeat(3),
    );
    const lines = readFileSync(log, 'utf8').split('\n');
    lines[2] = lines[2]!.replace('TODO: a', 'TODO: b');
    writeFileSync(log, lines.join('\n'));
    const review = await main(['review', id, '--no-interactive'], logDir);
    expect(review.code).toBe(0);
    expect(review.stderr).toContain(
      'warning: the log breaks at line 3: content does not match its hash (the line was edited);',
    );
    const checklist = await main(['checklist', '--session', id], logDir);
    expect(checklist.code).toBe(0);
    expect(checklist.stderr).toContain('warning: the log breaks at line 3:');
    const status = await main(['status', id], logDir);
    expect(status.stdout).toContain('LOG DAMAGED');
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
