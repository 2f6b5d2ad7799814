/**
 * Whose is a lock: a pid alone does not say. After a crash and a restart the pid a lock names is some other,
 * unrelated process; the lock also records that process's start time and the boot (Linux /proc), and a lock whose
 * pid is alive but started at another time, or that was written before a restart, is stale. `acquireLock` and
 * `status` judge by the one rule (judgeLock).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireLock } from '../../src/store/file-log.js';
import { judgeLock, procBootId, procStartTime, statStartTime, systemProbe } from '../../src/store/lock-holder.js';
import { lockHolder } from '../../src/store/session-index.js';
import { SESSION_ID } from '../helpers/session-plan.js';
import { tempDir } from '../helpers/temp.js';

const HOST = hostname();
const OWNER = { pid: process.pid, host: HOST };
const T = Date.parse('2026-01-01T09:00:00.000Z');
const hasProc = existsSync('/proc/self/stat') && existsSync('/proc/sys/kernel/random/boot_id');

/** A real process that is not crisis: what a reused pid names. */
let other: ChildProcess;
beforeAll(() => {
  other = spawn('sleep', ['60'], { stdio: 'ignore' });
});
afterAll(() => {
  other.kill('SIGKILL');
});

const caught = (run: () => unknown): { message: string; exitCode?: number; code?: string; hint?: string } => {
  try {
    run();
  } catch (error) {
    return error as { message: string; exitCode?: number; hint?: string };
  }
  throw new Error('expected an error');
};
const lockFile = () => path.join(tempDir('crisis-lockholder-'), `${SESSION_ID}.lock`);

describe('the start time in /proc/PID/stat', () => {
  it('is field 22, counted after the last ")": a command name may hold spaces and parentheses', () => {
    const rest = 'S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 987654 20 21';
    expect(statStartTime(`42 (sleep) ${rest}`)).toBe(987654);
    expect(statStartTime(`42 (a) b) (c ) d) ${rest}`)).toBe(987654);
    expect(statStartTime('42 (x) S 1 2')).toBeUndefined();
    expect(statStartTime('garbage')).toBeUndefined();
  });

  it.skipIf(!hasProc)('of a real process, and the boot id, are read from /proc', () => {
    expect(procStartTime(other.pid!)).toEqual(expect.any(Number));
    expect(procStartTime(process.pid)).toBeLessThanOrEqual(procStartTime(other.pid!)!);
    expect(procBootId()).toMatch(/^[0-9a-f-]{36}$/);
    expect(procStartTime(99_999_999)).toBeUndefined();
  });
});

describe.skipIf(!hasProc)('a lock whose pid is alive (real processes)', () => {
  it('records the start time and boot of its process', () => {
    const file = lockFile();
    acquireLock(file, SESSION_ID, OWNER, T);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      pid: process.pid,
      host: HOST,
      since: '2026-01-01T09:00:00.000Z',
      start: procStartTime(process.pid),
      boot: procBootId(),
    });
  });

  it('naming a live pid that started at another time (the pid reused) is taken over, and says so', () => {
    const file = lockFile();
    const start = procStartTime(other.pid!)! - 100;
    writeFileSync(
      file,
      JSON.stringify({ pid: other.pid, host: HOST, since: '2025-12-31T00:00:00.000Z', start, boot: procBootId() }),
    );
    expect(lockHolder({ lock: file }, HOST)).toBe('gone');
    expect(acquireLock(file, SESSION_ID, OWNER, T)).toEqual({
      tookOver: { pid: other.pid, host: HOST, why: 'reused' },
    });
    expect(JSON.parse(readFileSync(file, 'utf8')).pid).toBe(process.pid);
  });

  it('written before a restart (another boot id) is taken over even when its pid is alive with the same start', () => {
    const file = lockFile();
    const start = procStartTime(other.pid!);
    writeFileSync(
      file,
      JSON.stringify({ pid: other.pid, host: HOST, start, boot: '00000000-0000-0000-0000-000000000000' }),
    );
    expect(lockHolder({ lock: file }, HOST)).toBe('gone');
    expect(acquireLock(file, SESSION_ID, OWNER, T).tookOver).toEqual({ pid: other.pid, host: HOST, why: 'rebooted' });
  });

  it('whose process is the one that wrote it is refused with exit 3, the hint naming the lock file', () => {
    const file = lockFile();
    acquireLock(file, SESSION_ID, { pid: other.pid!, host: HOST }, T);
    expect(lockHolder({ lock: file }, HOST)).toBe('live');
    const error = caught(() => acquireLock(file, SESSION_ID, OWNER, T));
    expect(error).toMatchObject({ exitCode: 3, code: 'store.locked' });
    expect(error.hint).toBe(
      `one writer per session: finish or stop the run in pid ${other.pid} first (its lock is ${file})`,
    );
  });

  it('an old lock (pid and host only) is judged by its pid: live is refused, the hint says how to clear a reused pid', () => {
    const file = lockFile();
    writeFileSync(file, JSON.stringify({ pid: other.pid, host: HOST, since: '2026-01-01T08:00:00.000Z' }));
    expect(lockHolder({ lock: file }, HOST)).toBe('live');
    const error = caught(() => acquireLock(file, SESSION_ID, OWNER, T));
    expect(error.exitCode).toBe(3);
    expect(error.hint).toBe(
      `one writer per session: finish that run first; if pid ${other.pid} is not crisis (a number reused after a restart), delete ${file}`,
    );
  });
});

describe('a lock that names no process', () => {
  it.each([['"1"'], ['0'], ['-4'], ['1.5'], ['null']])('pid %s: stale, taken over with the pid it gave', (pid) => {
    const file = lockFile();
    writeFileSync(file, `{"pid":${pid},"host":"${HOST}"}`);
    expect(lockHolder({ lock: file }, HOST)).toBe('gone');
    expect(acquireLock(file, SESSION_ID, OWNER, T).tookOver).toEqual({
      pid: -1,
      host: HOST,
      why: 'malformed',
      pidText: pid,
    });
  });

  it('naming no host, and when it is not an object at all', () => {
    expect(judgeLock('{"pid":"7"}', 0, HOST, systemProbe)).toMatchObject({ held: false, why: 'malformed' });
    expect(judgeLock('[1]', 0, HOST, systemProbe)).toMatchObject({ held: false, why: 'malformed' });
  });

  it('from another host: held, as a well-formed lock from there is; never taken over', () => {
    expect(judgeLock('{"pid":"7","host":"elsewhere"}', 0, HOST, systemProbe)).toEqual({
      held: true,
      here: false,
      checked: false,
      pidText: '"7"',
      host: 'elsewhere',
      since: undefined,
    });
    const file = lockFile();
    const body = '{"pid":null,"host":"elsewhere","since":"2026-01-01T08:00:00.000Z"}';
    writeFileSync(file, body);
    expect(lockHolder({ lock: file }, HOST)).toBe('elsewhere');
    const error = caught(() => acquireLock(file, SESSION_ID, OWNER, T));
    expect(error).toMatchObject({
      exitCode: 3,
      code: 'store.locked',
      message: `session ${SESSION_ID} is in use by pid null on elsewhere since 2026-01-01T08:00:00.000Z`,
      hint: `one writer per session: finish there first; if pid null on elsewhere is gone, delete ${file}`,
    });
    expect(readFileSync(file, 'utf8')).toBe(body);
  });

  it('a lock that does not parse is held while fresh (being written), stale after 5 s, for status as for resume', () => {
    expect(judgeLock('{"pid":', 1_000, HOST, systemProbe)).toMatchObject({ held: true, here: false });
    expect(judgeLock('{"pid":', 6_000, HOST, systemProbe)).toEqual({ held: false, why: 'unreadable' });
  });
});
