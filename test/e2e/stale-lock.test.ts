/**
 * The normal state after a crash and a restart: an active session whose lock names a pid that is now some other
 * process. `status` calls it interrupted and `resume` takes it over, saying why; a lock naming no process is taken
 * over with a warning naming the file. The same rule decides both (judgeLock).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { procBootId, procStartTime } from '../../src/store/lock-holder.js';
import { SESSION_FILES } from '../helpers/fixtures.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir, writeFiles } from '../helpers/temp.js';

const hasProc = existsSync('/proc/self/stat') && existsSync('/proc/sys/kernel/random/boot_id');
const HOST = hostname();

let other: ChildProcess;
let work: string;
let logs: string;
const env = () => ({ CRISIS_LOG_DIR: logs });
const run = (args: string[]) => runCli(['--playbooks', 'pb', ...args], { cwd: work, env: env() });

beforeAll(() => {
  other = spawn('sleep', ['120'], { stdio: 'ignore' });
  work = tempDir('crisis-stale-lock-');
  logs = path.join(work, 'logs');
  writeFiles(path.join(work, 'pb'), SESSION_FILES);
  writeFiles(work, {
    'a.yaml': 'operator: bob\nunlisted: fail\nresponses:\n  - { action: note, text: "first note" }\n',
  });
});
afterAll(() => {
  other.kill('SIGKILL');
});

/** A session as a crash leaves it: active in the log (its pause line cut off), with `lock` as its lock file. */
async function crashedSession(lock: string): Promise<{ id: string; lockFile: string }> {
  const before = new Set(existsSync(logs) ? readdirSync(logs) : []);
  const started = await run(['start', 'sess-crisis', '--answers', 'a.yaml']);
  expect(started.code, started.stderr).toBe(0);
  const file = readdirSync(logs).find((f) => f.endsWith('.jsonl') && !before.has(f))!;
  const log = path.join(logs, file);
  const lines = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  expect(JSON.parse(lines.at(-1)!).type).toBe('session.paused');
  writeFileSync(log, `${lines.slice(0, -1).join('\n')}\n`);
  const id = file.slice(0, -'.jsonl'.length);
  const lockFile = path.join(logs, `${id}.lock`);
  writeFileSync(lockFile, lock);
  return { id, lockFile };
}

const statusRow = async (id: string) => (await run(['status'])).stdout.split('\n').find((l) => l.includes(id)) ?? '';

describe.skipIf(!hasProc)('a lock whose pid is now another process', () => {
  it('is interrupted in status, and resume takes it over, saying the pid is another process now', async () => {
    const start = procStartTime(other.pid!)! - 500;
    const lock = JSON.stringify({
      pid: other.pid,
      host: HOST,
      since: '2026-01-01T00:00:00.000Z',
      start,
      boot: procBootId(),
    });
    const { id, lockFile } = await crashedSession(lock);
    expect(await statusRow(id)).toMatch(/interrupted$/);
    const resumed = await run(['resume', id, '--answers', 'a.yaml']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(
      `note: took over a stale lock left by pid ${other.pid} on ${HOST} (that pid is now another process)`,
    );
    expect(existsSync(lockFile)).toBe(false);
  });

  it('the same lock with its process start time right is held: status active, resume exit 3 naming the lock file', async () => {
    const lock = JSON.stringify({ pid: other.pid, host: HOST, start: procStartTime(other.pid!), boot: procBootId() });
    const { id, lockFile } = await crashedSession(lock);
    expect(await statusRow(id)).toMatch(/active$/);
    const resumed = await run(['resume', id, '--answers', 'a.yaml']);
    expect(resumed.code).toBe(3);
    expect(resumed.stderr).toBe(
      `error: session ${id} is in use by pid ${other.pid} on ${HOST}\n` +
        `hint: one writer per session: finish or stop the run in pid ${other.pid} first (its lock is ${lockFile})\n`,
    );
    expect(readFileSync(lockFile, 'utf8')).toBe(lock);
  });

  it('a lock whose pid is a string is not live forever: taken over with a warning naming the file', async () => {
    const { id, lockFile } = await crashedSession(`{"pid":"1","host":"${HOST}"}`);
    expect(await statusRow(id)).toMatch(/interrupted$/);
    const resumed = await run(['resume', id, '--answers', 'a.yaml']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(`warning: took over the lock file ${lockFile}: it names no process (pid "1")`);
  });
});
