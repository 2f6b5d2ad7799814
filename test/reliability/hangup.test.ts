/**
 * A terminal that goes away at a prompt (the window closed, the SSH link
 * dropped): the tmux pane is killed, which closes the pseudo-terminal under
 * the running `crisis start`. The shell around it ignores SIGHUP so it lives
 * on to write the exit code to a file; the second case also sends the SIGHUP a
 * login shell forwards to its jobs. Either way the session must pause (a
 * `session.paused` event), release its lock, exit 130, print no stack trace,
 * keep every line written before, and resume.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyLogFile } from '../../src/store/log-reader.js';
import { FIXTURE_FILES } from '../helpers/fixtures.js';
import { tempDir, writeFiles } from '../helpers/temp.js';
import {
  BIN,
  crisis,
  hasTmux,
  lockPid,
  readEvents,
  stackLines,
  terminalEnv,
  Tmux,
  waitExit,
  waitFile,
} from './helpers.js';

let work: string;
let tmux: Tmux | undefined;

beforeAll(() => {
  work = tempDir('crisis-hangup-');
  writeFiles(path.join(work, 'pb'), FIXTURE_FILES);
  writeFiles(work, { 'short.yaml': 'responses:\n  - { action: note, text: "after the hang-up" }\n' });
});
afterAll(() => tmux?.close());

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** A shell that outlives its terminal: crisis with stderr to a file, then its exit code to another. */
function survivingShell(logDir: string, name: string): { line: string; exitFile: string; stderrFile: string } {
  const exitFile = path.join(work, `exit-${name}`);
  const stderrFile = path.join(work, `stderr-${name}`);
  const args = ['--playbooks', 'pb', 'start', 'widget-recall', '--operator', 'alice'];
  const line =
    `trap '' HUP; env CRISIS_LOG_DIR=${q(logDir)} ${q(process.execPath)} ${q(BIN)} ${args.map(q).join(' ')}` +
    ` 2>${q(stderrFile)}; echo "EXIT=$?" > ${q(exitFile)}`;
  return { line, exitFile, stderrFile };
}

describe.skipIf(!hasTmux)('the terminal closed at a prompt', () => {
  it.each([
    { name: 'pane-killed', at: 'the step menu', sighup: false },
    { name: 'pane-killed-sighup', at: 'an input with text typed', sighup: true },
  ])('$name at $at: session.paused, the lock released, exit 130', { timeout: 90_000 }, async ({ name, sighup }) => {
    const logDir = path.join(work, name);
    tmux ??= new Tmux(terminalEnv(logDir));
    const shell = survivingShell(logDir, name);
    const term = tmux.open(shell.line, work);
    const screen = await term.waitFor('the first step', (s) => s.includes('What now?'));
    const id = /session (\S+) started/.exec(readFileSync(shell.stderrFile, 'utf8') + screen)![1]!;
    const lock = path.join(logDir, `${id}.lock`);
    const pid = await lockPid(lock);
    const file = path.join(logDir, `${id}.jsonl`);
    if (sighup) {
      term.keys('Enter');
      await term.waitFor('the first input', (s) => /\? Affected batches/.test(s));
      term.type('B-7 and B-9');
    }
    const before = readFileSync(file);

    tmux.run('kill-session', '-t', term.name);
    if (sighup) process.kill(pid, 'SIGHUP');
    const exit = (await waitFile(shell.exitFile)).trim();
    await waitExit(pid);

    const stderr = readFileSync(shell.stderrFile, 'utf8');
    expect(stackLines(stderr)).toEqual([]);
    expect(stderr).not.toMatch(/EIO|Assertion failed|internal error/);
    const events = readEvents(file);
    expect({ exit, last: events.at(-1)?.type, lock: existsSync(lock) }).toEqual({
      exit: 'EXIT=130',
      last: 'session.paused',
      lock: false,
    });
    // With a SIGHUP too, whichever the process notices first names the pause.
    expect(sighup ? ['SIGHUP', 'terminal closed'] : ['terminal closed']).toContain(events.at(-1)?.data.reason);
    const after = readFileSync(file);
    expect(after.subarray(0, before.length).equals(before)).toBe(true);
    expect(after.at(-1)).toBe(0x0a);
    expect((await verifyLogFile(file)).break).toBeUndefined();

    const resumed = await crisis(['--playbooks', 'pb', 'resume', id, '--answers', 'short.yaml'], {
      cwd: work,
      env: { CRISIS_LOG_DIR: logDir },
    });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(readEvents(file).map((e) => e.type)).toContain('session.resumed');
  });
});
