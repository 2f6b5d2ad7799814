import { spawn, type ChildProcess } from 'node:child_process';
import {
  appendFileSync,
  closeSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { hostname } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventDraft } from '../../src/session/events.js';
import { GENESIS_HASH } from '../../src/session/events.js';
import { hashEvent } from '../../src/session/verify.js';
import {
  acquireLock,
  defaultLogDir,
  FileEventLog,
  listSessions,
  releaseLock,
  sessionPaths,
  writeStatementFile,
} from '../..//src/store/file-log.js';
import { readLog, setAsideBrokenTail, verifyLogFile } from '../..//src/store/log-reader.js';
import { SESSION_ID } from '../helpers/session-plan.js';
import { tempDir } from '../helpers/temp.js';
import { sayIn } from '../../src/text/messages.js';

const HOST = hostname();
const OWNER = { pid: process.pid, host: HOST };
const T = Date.parse('2026-01-01T09:00:00.000Z');
const ts = (s: number) => new Date(T + s * 1000).toISOString();

const started = (s = 0): EventDraft => ({
  type: 'session.started',
  ts: ts(s),
  actor: 'alice',
  data: { crisis: 'sess-crisis', severity: 'medium', with: [], planHash: 'p', operator: 'alice', lang: 'en' },
});
const note = (text: string, s = 1): Extract<EventDraft, { type: 'note.added' }> => ({
  type: 'note.added',
  ts: ts(s),
  actor: 'alice',
  data: { text },
});

const read = (file: string) => readFileSync(file, 'utf8');
const caught = (run: () => unknown): { message: string; exitCode?: number; code?: string; hint?: string } => {
  try {
    run();
  } catch (error) {
    return error as { message: string; exitCode?: number; code?: string };
  }
  throw new Error('expected an error');
};
/** The fd the log writes through (private): tests use it to make writes fail. */
const fdOf = (log: FileEventLog) => log as unknown as { fd: number };

/** A child process that stays alive, and one that has exited: a live pid and a dead pid. */
let live: ChildProcess;
let deadPid: number;

beforeAll(async () => {
  live = spawn('sleep', ['30'], { stdio: 'ignore' });
  const dead = spawn('true', [], { stdio: 'ignore' });
  deadPid = dead.pid!;
  await new Promise((resolve) => dead.on('exit', resolve));
});

afterAll(() => {
  live.kill('SIGKILL');
});

describe('FileEventLog: create, append, fsync, read', () => {
  it('create takes the lock naming pid, host and time; the log appears with its first event, never empty', () => {
    const dir = path.join(tempDir('crisis-store-'), 'nested', 'logs');
    const log = FileEventLog.create(dir, SESSION_ID, OWNER, T);
    expect(log.paths).toEqual({
      log: path.join(dir, `${SESSION_ID}.jsonl`),
      lock: path.join(dir, `${SESSION_ID}.lock`),
      torn: path.join(dir, `${SESSION_ID}.jsonl.torn`),
      dir: path.join(dir, SESSION_ID),
    });
    expect(existsSync(log.paths.log)).toBe(false);
    expect(JSON.parse(read(log.paths.lock))).toMatchObject({
      pid: process.pid,
      host: HOST,
      since: '2026-01-01T09:00:00.000Z',
    });
    const first = log.append(started());
    expect(read(log.paths.log)).toBe(`${JSON.stringify(first)}\n`);
    // the temp file it was linked from is gone: the log dir holds the log and the lock
    expect(readdirSync(dir).sort()).toEqual([`${SESSION_ID}.jsonl`, `${SESSION_ID}.lock`]);
    log.close();
    expect(existsSync(log.paths.lock)).toBe(false);
  });

  it('an event longer than any reader takes (4 MiB) is refused (exit 2), the log unchanged and still verifying', async () => {
    const dir = tempDir('crisis-store-');
    const log = FileEventLog.create(dir, SESSION_ID, OWNER, T);
    log.append(started());
    const before = read(log.paths.log);
    const error = caught(() => log.append(note('x'.repeat(4 * 1024 * 1024 + 100))));
    expect(error).toMatchObject({ exitCode: 2, code: 'event.too-long' });
    expect(error.message).toMatch(/^not recorded: this action would be a log line of \d+ bytes; the limit is 4194304$/);
    expect(read(log.paths.log)).toBe(before);
    // the next action is recorded as usual
    log.append(note('short'));
    log.close();
    expect(await verifyLogFile(log.paths.log)).toMatchObject({ events: 2, break: undefined });
  });

  it('a session closed before its first event leaves no log at all (a signal between lock and start)', () => {
    const dir = tempDir('crisis-store-');
    const log = FileEventLog.create(dir, SESSION_ID, OWNER, T);
    log.close();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a file put at the log path between create and the first event is not replaced: exit 3, file untouched', () => {
    const dir = tempDir('crisis-store-');
    const log = FileEventLog.create(dir, SESSION_ID, OWNER, T);
    writeFileSync(log.paths.log, 'someone else\n');
    const error = caught(() => log.append(started()));
    expect(error).toMatchObject({ exitCode: 3, code: 'store.write' });
    expect(error.message).toContain('EEXIST');
    expect(read(log.paths.log)).toBe('someone else\n');
    log.close();
    expect(readdirSync(dir)).toEqual([`${SESSION_ID}.jsonl`]);
  });

  it('append numbers, chains and hashes each event, one whole line each', () => {
    const dir = tempDir('crisis-store-');
    const log = FileEventLog.create(dir, SESSION_ID, OWNER, T);
    const a = log.append(started());
    const b = log.append({ ...note('hello'), step: 'confirm' });
    expect(a).toEqual({
      v: 1,
      seq: 1,
      ts: ts(0),
      session: SESSION_ID,
      type: 'session.started',
      actor: 'alice',
      data: started().data,
      prev: GENESIS_HASH,
      hash: a.hash,
    });
    expect(a.hash).toBe(hashEvent(a));
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(b).toMatchObject({ seq: 2, step: 'confirm', prev: a.hash, data: { text: 'hello' } });
    expect(read(log.paths.log)).toBe(`${JSON.stringify(a)}\n${JSON.stringify(b)}\n`);
    log.close();
    const loaded = readLog(log.paths, false);
    expect(loaded).toEqual({ events: [a, b], break: undefined });
  });

  it('the event has no step key when the draft has none', () => {
    const log = FileEventLog.create(tempDir('crisis-store-'), SESSION_ID, OWNER, T);
    log.append(started());
    expect(Object.keys(JSON.parse(read(log.paths.log).trim()) as object)).toEqual([
      'v',
      'seq',
      'ts',
      'session',
      'type',
      'actor',
      'data',
      'prev',
      'hash',
    ]);
    log.close();
  });

  it('create refuses a session whose log already exists (and leaves it alone)', () => {
    const dir = tempDir('crisis-store-');
    writeFileSync(path.join(dir, `${SESSION_ID}.jsonl`), 'precious\n');
    const error = caught(() => FileEventLog.create(dir, SESSION_ID, OWNER, T));
    expect(error.exitCode).toBe(3);
    expect(error.message).toContain('cannot create session log');
    expect(error.message).toContain('EEXIST');
    expect(read(path.join(dir, `${SESSION_ID}.jsonl`))).toBe('precious\n');
    expect(existsSync(path.join(dir, `${SESSION_ID}.lock`))).toBe(false);
  });

  it('create fails with exit 3 when the log dir cannot be made', () => {
    const file = path.join(tempDir('crisis-store-'), 'a-file');
    writeFileSync(file, '');
    const error = caught(() => FileEventLog.create(path.join(file, 'logs'), SESSION_ID, OWNER, T));
    expect(error).toMatchObject({ exitCode: 3 });
    expect(error.message).toMatch(/cannot create log directory .*: ENOTDIR/);
  });

  it('open continues the chain where the log ends', async () => {
    const dir = tempDir('crisis-store-');
    const first = FileEventLog.create(dir, SESSION_ID, OWNER, T);
    first.append(started());
    const second = first.append(note('one'));
    first.close();
    const loaded = readLog(sessionPaths(dir, SESSION_ID), true);
    const again = FileEventLog.open(sessionPaths(dir, SESSION_ID), SESSION_ID, OWNER, {
      seq: second.seq,
      hash: second.hash,
    });
    const third = again.append(note('two', 5));
    again.close();
    expect(loaded.events).toHaveLength(2);
    expect(third).toMatchObject({ seq: 3, prev: second.hash });
    expect(await verifyLogFile(sessionPaths(dir, SESSION_ID).log)).toMatchObject({ events: 3, break: undefined });
  });

  it('readLog of a missing session is a usage error (exit 2)', () => {
    const error = caught(() => readLog(sessionPaths(tempDir('crisis-store-'), SESSION_ID), false));
    expect(error).toMatchObject({ exitCode: 2, code: 'session.unknown' });
    expect(error.message).toContain('no session log');
  });

  it('sessionPaths refuses anything that is not a session id before it becomes a path', () => {
    for (const bad of ['../../etc/passwd', 'x', '20260101-090000-Bad', `20260101-090000-${'a'.repeat(200)}`]) {
      expect(caught(() => sessionPaths('/tmp', bad))).toMatchObject({ exitCode: 2, code: 'session.invalid-id' });
    }
  });
});

describe('a torn last line', () => {
  function tornLog() {
    const dir = tempDir('crisis-torn-');
    const log = FileEventLog.create(dir, SESSION_ID, OWNER, T);
    log.append(started());
    log.append(note('kept'));
    const half = JSON.stringify(log.append(note('cut off', 2)));
    log.close();
    // the third line loses its second half and its newline, as if the write was cut
    const good = read(log.paths.log)
      .split('\n')
      .slice(0, 2)
      .map((l) => `${l}\n`)
      .join('');
    const tail = half.slice(0, Math.floor(half.length / 2));
    writeFileSync(log.paths.log, good + tail);
    return { paths: log.paths, good, tail };
  }

  it('is reported, not repaired, by a read-only read', () => {
    const { paths, good, tail } = tornLog();
    const loaded = readLog(paths, false);
    expect(loaded.events.map((e) => e.seq)).toEqual([1, 2]);
    expect(loaded.break).toBeUndefined();
    expect(loaded.tornBytes).toBe(Buffer.byteLength(tail));
    expect(read(paths.log)).toBe(good + tail);
    expect(existsSync(paths.torn)).toBe(false);
  });

  it('with repair, is moved to .torn (never dropped) and the log is cut back to whole lines', async () => {
    const { paths, good, tail } = tornLog();
    const loaded = readLog(paths, true);
    expect(loaded.events).toHaveLength(2);
    expect(loaded.tornBytes).toBe(Buffer.byteLength(tail));
    expect(read(paths.log)).toBe(good);
    expect(read(paths.torn)).toBe(`${tail}\n`);
    expect(await verifyLogFile(paths.log)).toMatchObject({ events: 2, break: undefined });
    // a second tear is appended to the same .torn file
    appendFileSync(paths.log, '{"v":1,"se');
    readLog(paths, true);
    expect(read(paths.torn)).toBe(`${tail}\n{"v":1,"se\n`);
    expect(read(paths.log)).toBe(good);
  });

  // issue 12 #12: offsets once came from decoded text, so an invalid byte earlier in the file moved the cut
  // (8 bytes late, leaving a new torn fragment) and the set-aside files held U+FFFD instead of the bytes.
  it('invalid UTF-8 before a torn tail: the cut is at the last newline byte, the tail moved aside byte for byte', () => {
    const { paths, good } = tornLog();
    const bad = Buffer.from(good);
    const at = bad.indexOf('kept');
    bad[at] = 0xff; // "kept" -> "\xffept": same length, no longer UTF-8
    bad[at + 1] = 0xc3; // and a lone lead byte
    const tail = Buffer.from([...Buffer.from('{"v":1,"seq":3,"data":{"text":"'), 0xe2, 0x82, 0xfe, 0x80]);
    writeFileSync(paths.log, Buffer.concat([bad, tail]));
    const loaded = readLog(paths, true);
    expect(loaded.tornBytes).toBe(tail.length);
    expect(readFileSync(paths.log).equals(bad)).toBe(true);
    expect(readFileSync(paths.torn).equals(Buffer.concat([tail, Buffer.from('\n')]))).toBe(true);
    // the broken second line and all after it go aside as they are
    const aside = setAsideBrokenTail(paths, 1, T);
    const second = bad.subarray(bad.indexOf(0x0a) + 1);
    expect(aside.lines).toBe(1);
    expect(readFileSync(aside.file).equals(second)).toBe(true);
    expect(readFileSync(paths.log).equals(bad.subarray(0, bad.indexOf(0x0a) + 1))).toBe(true);
  });

  it('verify names it as torn', async () => {
    const { paths } = tornLog();
    const result = await verifyLogFile(paths.log);
    expect(result.break).toMatchObject({
      line: 3,
      message: 'line 3: torn: the last line is incomplete (a write was cut off)',
    });
    expect(sayIn('zh', result.break!.said)).toBe('第 3 行：末行不完整（写入被中断）');
    expect(result.events).toBe(2);
  });

  it('a tear of multi-byte text is counted in bytes', () => {
    const { paths, good } = tornLog();
    writeFileSync(paths.log, `${good}{"text":"危机`);
    expect(readLog(paths, false).tornBytes).toBe(Buffer.byteLength('{"text":"危机'));
  });
});

describe('the lock: one writer per session', () => {
  const lockFile = () => path.join(tempDir('crisis-lock-'), `${SESSION_ID}.lock`);

  it('a free lock is taken', () => {
    const file = lockFile();
    expect(acquireLock(file, SESSION_ID, OWNER, T)).toEqual({});
    expect(JSON.parse(read(file))).toMatchObject({ pid: process.pid, host: HOST });
  });

  it('a lock held by a live pid on this host is refused with exit 3, naming pid and host', () => {
    const file = lockFile();
    acquireLock(file, SESSION_ID, { pid: live.pid!, host: HOST }, T);
    const error = caught(() => acquireLock(file, SESSION_ID, OWNER, T + 1000));
    expect(error).toMatchObject({ exitCode: 3, code: 'store.locked' });
    expect(error.message).toBe(
      `session ${SESSION_ID} is in use by pid ${live.pid} on ${HOST} since 2026-01-01T09:00:00.000Z`,
    );
    expect(error.hint).toBe(
      `one writer per session: finish or stop the run in pid ${live.pid} first (its lock is ${file})`,
    );
    expect(JSON.parse(read(file)).pid).toBe(live.pid);
  });

  it('a stale lock (a dead pid on this host) is taken over and says whose it was', () => {
    const file = lockFile();
    writeFileSync(file, JSON.stringify({ pid: deadPid, host: HOST, since: '2026-01-01T08:00:00.000Z' }));
    expect(acquireLock(file, SESSION_ID, OWNER, T)).toEqual({ tookOver: { pid: deadPid, host: HOST, why: 'dead' } });
    expect(JSON.parse(read(file))).toMatchObject({ pid: process.pid, host: HOST, since: '2026-01-01T09:00:00.000Z' });
  });

  it('a lock from another host is never taken over: its pid means nothing here', () => {
    const file = lockFile();
    writeFileSync(file, JSON.stringify({ pid: deadPid, host: 'elsewhere' }));
    const error = caught(() => acquireLock(file, SESSION_ID, OWNER, T));
    expect(error).toMatchObject({ exitCode: 3 });
    expect(error.message).toContain(`pid ${deadPid} on elsewhere`);
    expect(error.hint).toBe(
      `one writer per session: finish there first; if pid ${deadPid} on elsewhere is gone, delete ${file}`,
    );
  });

  it('an unreadable lock older than 5 s (a writer killed while creating it) is taken over', () => {
    const file = lockFile();
    writeFileSync(file, '');
    utimesSync(file, new Date(T - 10_000), new Date(T - 10_000));
    expect(acquireLock(file, SESSION_ID, OWNER, T)).toEqual({ tookOver: { pid: -1, host: '?', why: 'unreadable' } });
  });

  it('a fresh unreadable lock is held, not taken over (locks are linked into place whole)', () => {
    const file = lockFile();
    writeFileSync(file, '');
    utimesSync(file, new Date(T - 1_000), new Date(T - 1_000));
    expect(caught(() => acquireLock(file, SESSION_ID, OWNER, T))).toMatchObject({ exitCode: 3 });
  });

  it('liveness can be injected', () => {
    const file = lockFile();
    writeFileSync(file, JSON.stringify({ pid: 99999999, host: 'h' }));
    expect(acquireLock(file, SESSION_ID, { pid: 1, host: 'h', alive: () => false }, T).tookOver).toEqual({
      pid: 99999999,
      host: 'h',
      why: 'dead',
    });
    expect(caught(() => acquireLock(file, SESSION_ID, { pid: 2, host: 'h', alive: () => true }, T))).toMatchObject({
      exitCode: 3,
    });
  });

  it('release removes only our own lock', () => {
    const file = lockFile();
    acquireLock(file, SESSION_ID, { pid: live.pid!, host: HOST }, T);
    releaseLock(file, process.pid);
    expect(existsSync(file)).toBe(true);
    releaseLock(file, live.pid!);
    expect(existsSync(file)).toBe(false);
    releaseLock(file, live.pid!); // already gone: no error
  });

  it('a second FileEventLog on a live session is refused, and the first keeps writing', () => {
    const dir = tempDir('crisis-lock-');
    const first = FileEventLog.create(dir, SESSION_ID, { pid: live.pid!, host: HOST }, T);
    first.append(started());
    const error = caught(() => FileEventLog.create(dir, SESSION_ID, OWNER, T));
    expect(error).toMatchObject({ exitCode: 3, code: 'store.locked' });
    expect(first.append(note('still mine')).seq).toBe(2);
    first.close();
  });
});

describe('a failed append', () => {
  it('throws exit 3 "NOT recorded", leaves the file unchanged, and refuses further appends', () => {
    const log = FileEventLog.create(tempDir('crisis-fail-'), SESSION_ID, OWNER, T);
    log.append(started());
    log.append(note('recorded'));
    const before = read(log.paths.log);
    // the descriptor goes bad behind the log's back (a yanked disk); a number no file uses
    closeSync(fdOf(log).fd);
    fdOf(log).fd = 1_000_000;
    const error = caught(() => log.append(note('lost')));
    expect(error).toMatchObject({ exitCode: 3, code: 'store.write' });
    expect(error.message).toBe(`action NOT recorded: cannot write ${log.paths.log}: EBADF`);
    expect(error.hint).toContain(`crisis resume ${SESSION_ID}`);
    expect(read(log.paths.log)).toBe(before);
    // the rollback could not run either: the log is marked unusable
    const next = caught(() => log.append(note('also lost')));
    expect(next).toMatchObject({ exitCode: 3, code: 'store.broken' });
    expect(next.message).toBe('action NOT recorded: the log is unusable (EBADF)');
    log.close();
    expect(read(log.paths.log)).toBe(before);
    expect(readLog(log.paths, false).events).toHaveLength(2);
  });

  it('a full disk (ENOSPC) is reported as NOT recorded with exit 3', () => {
    if (!existsSync('/dev/full')) return;
    const dir = tempDir('crisis-full-');
    mkdirSync(dir, { recursive: true });
    const paths = sessionPaths(dir, SESSION_ID);
    symlinkSync('/dev/full', paths.log);
    // A log in the log dir is never opened through a symlink; one the operator names explicitly may be.
    expect(caught(() => FileEventLog.open(paths, SESSION_ID, OWNER, { seq: 0, hash: GENESIS_HASH })).message).toMatch(
      /ELOOP/,
    );
    const log = FileEventLog.open({ ...paths, external: true }, SESSION_ID, OWNER, { seq: 0, hash: GENESIS_HASH });
    const error = caught(() => log.append(started()));
    expect(error).toMatchObject({ exitCode: 3 });
    expect(error.message).toBe(`action NOT recorded: cannot write ${paths.log}: ENOSPC`);
    log.close();
  });

  it('open on an unwritable path fails with exit 3', () => {
    const dir = tempDir('crisis-fail-');
    const paths = sessionPaths(dir, SESSION_ID);
    mkdirSync(paths.log); // a directory where the log should be
    const error = caught(() => FileEventLog.open(paths, SESSION_ID, OWNER, { seq: 0, hash: GENESIS_HASH }));
    expect(error).toMatchObject({ exitCode: 3 });
    expect(error.message).toMatch(/cannot open .* for writing: EISDIR/);
  });
});

describe('statement files, session lists, the default log dir', () => {
  it('writes <session>/statements/<channel>.md with a final newline, replacing an earlier one', () => {
    const paths = sessionPaths(tempDir('crisis-st-'), SESSION_ID);
    const file = writeStatementFile(paths, 'website', 'first');
    expect(file).toBe(path.join(paths.dir, 'statements', 'website.md'));
    expect(read(file)).toBe('first\n');
    writeStatementFile(paths, 'website', 'second\n');
    expect(read(file)).toBe('second\n');
    expect(existsSync(`${file}.tmp`)).toBe(false);
    // A channel several steps issue on: the channel and the step.
    expect(writeStatementFile(paths, 'email.notify-staff', 'x')).toBe(
      path.join(paths.dir, 'statements', 'email.notify-staff.md'),
    );
  });

  it('refuses a channel id that could escape the folder', () => {
    const paths = sessionPaths(tempDir('crisis-st-'), SESSION_ID);
    for (const bad of ['../x', 'a/b', 'Web', '', '..', '.x', 'a..b', 'a.b.c'])
      expect(caught(() => writeStatementFile(paths, bad, 'x'))).toMatchObject({ exitCode: 2 });
  });

  it('lists session logs newest first, ignoring other files', () => {
    const dir = tempDir('crisis-list-');
    for (const f of [
      '20260101-090000-a-1111.jsonl',
      '20260102-090000-b-2222.jsonl',
      '20260101-100000-c-3333.jsonl',
      '20260101-090000-a-1111.jsonl.torn',
      '20260101-090000-a-1111.lock',
      'notes.jsonl',
      'x.txt',
    ])
      writeFileSync(path.join(dir, f), '');
    expect(listSessions(dir)).toEqual(['20260102-090000-b-2222', '20260101-100000-c-3333', '20260101-090000-a-1111']);
    expect(listSessions(path.join(dir, 'missing'))).toEqual([]);
  });

  it('CRISIS_LOG_DIR, then XDG_STATE_HOME, then ~/.local/state', () => {
    const account = () => '/home/acct';
    expect(defaultLogDir({ CRISIS_LOG_DIR: '/x', XDG_STATE_HOME: '/s', HOME: '/home/u' }, account)).toBe('/x');
    expect(defaultLogDir({ XDG_STATE_HOME: '/s', HOME: '/home/u' }, account)).toBe('/s/crisis/sessions');
    expect(defaultLogDir({ XDG_STATE_HOME: '', HOME: '/home/u' }, account)).toBe(
      '/home/u/.local/state/crisis/sessions',
    );
    // Issue 12 #14: HOME unset or empty used to give /.local/… or a .local/ relative to the working directory.
    expect(defaultLogDir({}, account)).toBe('/home/acct/.local/state/crisis/sessions');
    expect(defaultLogDir({ HOME: '' }, account)).toBe('/home/acct/.local/state/crisis/sessions');
    expect(defaultLogDir({ HOME: 'rel', XDG_STATE_HOME: 'also-rel' }, account)).toBe(
      '/home/acct/.local/state/crisis/sessions',
    );
    const none = caught(() => defaultLogDir({ HOME: '' }, () => undefined));
    expect(none).toMatchObject({ exitCode: 3, code: 'store.no-log-dir' });
    expect(none.message).toBe('no log directory: HOME is unset or not absolute, and so is XDG_STATE_HOME');
  });
});

describe('readLog and verify agree', () => {
  // Regression: readLog skipped blank lines that verifyLogFile reports, so
  // status said intact on a log verify rejects.
  it('a blank line inserted in the middle breaks the log for both', async () => {
    const dir = tempDir('crisis-blank-');
    const log = FileEventLog.create(dir, SESSION_ID, OWNER, T);
    log.append(started());
    log.append(note('a'));
    log.append(note('b'));
    log.close();
    const lines = read(log.paths.log).split('\n');
    writeFileSync(log.paths.log, [lines[0], lines[1], '', lines[2], ''].join('\n'));
    expect((await verifyLogFile(log.paths.log)).break?.line).toBe(3);
    expect(readLog(log.paths, false).break?.line).toBe(3);
  });

  it('the file size after appends is the sum of the lines (no padding, no gaps)', () => {
    const log = FileEventLog.create(tempDir('crisis-size-'), SESSION_ID, OWNER, T);
    const lines = [log.append(started()), log.append(note('x'))].map((e) => `${JSON.stringify(e)}\n`);
    expect(statSync(log.paths.log).size).toBe(Buffer.byteLength(lines.join('')));
    log.close();
  });
});

describe('a fresh session id that is already taken (issue 12 #15)', () => {
  const A = '20260101-090000-sess-crisis-aaaa';
  const B = '20260101-090000-sess-crisis-bbbb';
  const ids = (...list: string[]) => {
    const queue = [...list];
    return () => queue.shift()!;
  };

  it('an id whose log exists is drawn again, not reported as in use', () => {
    const dir = tempDir('crisis-collide-');
    writeFileSync(path.join(dir, `${A}.jsonl`), 'someone else\n');
    const log = FileEventLog.createFresh(dir, ids(A, B), OWNER, Date.now());
    expect(log.session).toBe(B);
    log.close();
    expect(readFileSync(path.join(dir, `${A}.jsonl`), 'utf8')).toBe('someone else\n');
    expect(existsSync(path.join(dir, `${A}.lock`))).toBe(false);
  });

  it('an id whose lock a live process holds is drawn again', () => {
    const dir = tempDir('crisis-collide-');
    writeFileSync(path.join(dir, `${A}.lock`), JSON.stringify({ pid: 1, host: HOST }));
    const log = FileEventLog.createFresh(dir, ids(A, A, B), { ...OWNER, alive: () => true }, Date.now());
    expect(log.session).toBe(B);
    log.close();
  });

  it('gives up after a few draws with the last reason', () => {
    const dir = tempDir('crisis-collide-');
    writeFileSync(path.join(dir, `${A}.jsonl`), '');
    const error = caught(() => FileEventLog.createFresh(dir, () => A, OWNER, Date.now(), 'each-append', 3));
    expect(error).toMatchObject({ exitCode: 3, code: 'store.exists' });
    expect(error.message).toMatch(/cannot create session log .*: EEXIST/);
  });
});
