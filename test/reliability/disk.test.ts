/**
 * A failing disk: a read-only log dir, a full disk (a real 64 KB tmpfs), a
 * write that fails under the store, and the log dir removed mid-session.
 * Each time the operator must hear that the action was NOT recorded, the
 * session must stay resumable, and nothing already written may change.
 *
 * The mounts need root; where the machine does not allow them the case is
 * skipped with the reason (chmod does not stop root, so there is no
 * unprivileged stand-in for "read-only").
 */
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CrisisError } from '../../src/errors.js';
import { LiveSession } from '../../src/drive/live-session.js';
import { runSession } from '../../src/drive/runner.js';
import type { Driver, Move } from '../../src/drive/driver.js';
import { compose } from '../../src/playbook/compose.js';
import { startAction } from '../helpers/session-plan.js';
import { buildLibrary } from '../../src/playbook/library.js';
import { parseLibrarySource } from '../../src/playbook/load.js';
import { FileEventLog, sessionPaths } from '../../src/store/file-log.js';
import { FileStore } from '../../src/store/file-store.js';
import { readLog, verifyLogFile } from '../../src/store/log-reader.js';
import { FIXTURE_FILES } from '../helpers/fixtures.js';
import { tempDir, writeFiles } from '../helpers/temp.js';
import { crisis, mountTmpfs, readLines, readOnlyView, sessionIdOf, stackLines } from './helpers.js';

let work: string;
const run = (args: string[], logDir: string) =>
  crisis(['--playbooks', 'pb', ...args], { cwd: work, env: { CRISIS_LOG_DIR: logDir } });

beforeAll(() => {
  work = tempDir('crisis-disk-');
  writeFiles(path.join(work, 'pb'), FIXTURE_FILES);
  writeFiles(work, {
    'first.yaml':
      'responses:\n  - { step: wr-confirm, action: done, inputs: { affected-batches: B-1, safety-risk: false } }\n',
    'more.yaml':
      'responses:\n  - { step: tf-name-leads, action: done, inputs: { spokesperson-name: Sam } }\n  - { action: note, text: written after the disk came back }\n',
    // About 2 KB per event: a 64 KB disk fills after a few dozen.
    'flood.yaml': `responses:\n${Array.from({ length: 80 }, (_, i) => `  - { action: note, text: "note ${i} ${'x'.repeat(2000)}" }`).join('\n')}\n`,
  });
});

const tmpfs = mountTmpfs('64k');
const tmpfsSkip = 'reason' in tmpfs ? tmpfs.reason : undefined;
afterAll(() => {
  if (!('reason' in tmpfs)) tmpfs.unmount();
});

describe('a full disk (a 64 KB tmpfs)', () => {
  it.skipIf(tmpfsSkip !== undefined)(
    `fills mid-session: NOT recorded, exit 3, the log intact; after space is freed, resume carries on ${tmpfsSkip ? `(skipped: ${tmpfsSkip})` : ''}`,
    { timeout: 90_000 },
    async () => {
      if ('reason' in tmpfs) return;
      const logDir = path.join(tmpfs.dir, 'logs');
      const r = await run(['start', 'widget-recall', '--answers', 'flood.yaml'], logDir);
      expect(r.code, r.stderr).toBe(3);
      expect(r.stderr).toMatch(/^error: action NOT recorded: cannot write .*: ENOSPC$/m);
      expect(r.stderr).toMatch(/^hint: nothing already recorded is lost.*crisis resume/m);
      expect(stackLines(r.stderr)).toEqual([]);
      const id = sessionIdOf(r);
      const log = path.join(logDir, `${id}.jsonl`);
      const before = readFileSync(log);
      expect(before.at(-1)).toBe(0x0a); // whole lines only
      const verified = await verifyLogFile(log);
      expect(verified.break).toBeUndefined();
      expect(verified.events).toBeGreaterThan(5);
      expect(existsSync(path.join(logDir, `${id}.lock`))).toBe(false); // resumable without a takeover

      // Still full: resuming with more big notes fails the same way; every earlier byte stays.
      const again = await run(['resume', id, '--answers', 'flood.yaml'], logDir);
      expect(again.code).toBe(3);
      expect(again.stderr).toMatch(/NOT recorded/);
      const stillThere = readFileSync(log);
      expect(stillThere.subarray(0, before.length).equals(before)).toBe(true);
      expect((await verifyLogFile(log)).break).toBeUndefined();

      // Full to the last byte: even the lock cannot be written, and the hint says the disk is full, not unwritable.
      const filler = path.join(tmpfs.dir, 'filler');
      try {
        writeFileSync(filler, Buffer.alloc(1 << 20));
      } catch {
        /* ENOSPC: what fitted stays */
      }
      const locked = await run(['resume', id, '--answers', 'more.yaml'], logDir);
      expect(locked.code).toBe(3);
      expect(locked.stderr).toMatch(/^error: cannot lock session .*ENOSPC/m);
      expect(locked.stderr).not.toMatch(/check that the log directory is writable/);
      expect(locked.stderr).toMatch(/^hint: nothing already recorded is lost/m);
      rmSync(filler);
      expect(readFileSync(log).equals(stillThere)).toBe(true);

      tmpfs.remount('size=4m');
      const resumed = await run(['resume', id, '--answers', 'more.yaml'], logDir);
      expect(resumed.code, resumed.stderr).toBe(0);
      const after = readFileSync(log);
      expect(after.subarray(0, stillThere.length).equals(stillThere)).toBe(true);
      expect((await verifyLogFile(log)).break).toBeUndefined();
      expect(readLines(log).at(-2)).toContain('written after the disk came back');
    },
  );
});

/** A tmpfs filled to the last byte (a fill file of a test before is removed first), whatever its page size. */
function fillUp(dir: string): void {
  const file = path.join(dir, 'fill');
  rmSync(file, { force: true });
  const fd = openSync(file, 'w');
  try {
    for (;;) writeSync(fd, Buffer.alloc(1024));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
}

const small = mountTmpfs('16k');
const smallSkip = 'reason' in small ? small.reason : undefined;
afterAll(() => {
  if (!('reason' in small)) small.unmount();
});

describe('a disk already full when a session starts (a 16 KB tmpfs)', () => {
  it.skipIf(smallSkip !== undefined)(
    `start cannot take the lock: exit 3, no session, and the hint says to run start again, not resume ${smallSkip ? `(skipped: ${smallSkip})` : ''}`,
    { timeout: 60_000 },
    async () => {
      if ('reason' in small) return;
      const logDir = path.join(small.dir, 'full-at-start');
      mkdirSync(logDir);
      fillUp(small.dir);
      const r = await run(['start', 'widget-recall', '--answers', 'first.yaml'], logDir);
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(/^error: cannot lock session \d{8}-\d{6}-widget-recall-[0-9a-f]{4}: ENOSPC\n/);
      expect(r.stderr).toContain(
        'hint: nothing was recorded and no session was created; free space or fix the disk, then run the same command again\n',
      );
      expect(r.stderr).not.toContain('resume');
      expect(readdirSync(logDir)).toEqual([]);
    },
  );

  it.skipIf(smallSkip !== undefined)(
    `the lock taken, the first line cannot be written: no log, and the same hint ${smallSkip ? `(skipped: ${smallSkip})` : ''}`,
    () => {
      if ('reason' in small) return;
      const logDir = path.join(small.dir, 'full-at-first-line');
      const id = '20260101-090000-widget-recall-0001';
      rmSync(path.join(small.dir, 'fill'), { force: true }); // room for the lock
      const log = FileEventLog.create(logDir, id, { pid: process.pid, host: 'h' }, Date.now());
      fillUp(small.dir);
      let error: unknown;
      try {
        log.append({
          type: 'session.started',
          ts: '2026-01-01T09:00:00.000Z',
          actor: 'alice',
          data: { crisis: 'widget-recall', severity: 'medium', with: [], planHash: 'p', operator: 'alice', lang: 'en' },
        });
      } catch (caught) {
        error = caught;
      }
      log.close();
      expect(error).toBeInstanceOf(CrisisError);
      expect((error as CrisisError).message).toBe(
        `action NOT recorded: cannot write ${path.join(logDir, `${id}.jsonl`)}: ENOSPC`,
      );
      expect((error as CrisisError).hint).toBe(
        'nothing was recorded and no session was created; free space or fix the disk, then run the same command again',
      );
      expect(readdirSync(logDir)).toEqual([]);
    },
  );
});

describe('a read-only log dir (a read-only bind mount)', () => {
  it(
    'start, drill and resume exit 3 saying the directory cannot be written; reading still works; nothing changes',
    { timeout: 90_000 },
    async (ctx) => {
      const logDir = path.join(work, 'ro-logs');
      const first = await run(['start', 'widget-recall', '--answers', 'first.yaml'], logDir);
      expect(first.code, first.stderr).toBe(0);
      const id = sessionIdOf(first);
      const view = readOnlyView(logDir);
      if ('reason' in view) {
        ctx.skip(`read-only mount not available: ${view.reason}`);
        return;
      }
      try {
        const log = path.join(view.dir, `${id}.jsonl`);
        const before = readFileSync(log, 'utf8');
        const start = await run(['start', 'widget-recall', '--answers', 'first.yaml'], view.dir);
        expect(start.code).toBe(3);
        expect(start.stderr).toMatch(/EROFS/);
        expect(start.stderr).toMatch(/^hint: .*writable/m);
        const drill = await crisis(['--playbooks', 'pb', '--log-dir', view.dir, 'drill', 'widget-drill'], {
          cwd: work,
        });
        expect(drill.code).toBe(3);
        const resume = await run(['resume', id, '--answers', 'more.yaml'], view.dir);
        expect(resume.code).toBe(3);
        expect(resume.stderr).toMatch(/EROFS/);
        for (const r of [start, drill, resume]) expect(stackLines(r.stderr)).toEqual([]);
        // Read-only commands still work on a read-only disk.
        expect((await run(['verify', id], view.dir)).code).toBe(0);
        expect((await run(['status', id], view.dir)).code).toBe(0);
        expect((await run(['log', id], view.dir)).code).toBe(0);
        expect(readFileSync(log, 'utf8')).toBe(before);
      } finally {
        view.unmount();
      }
      // Writable again: the session carries on.
      const resumed = await run(['resume', id, '--answers', 'more.yaml'], logDir);
      expect(resumed.code, resumed.stderr).toBe(0);
    },
  );
});

// ------------------------------------------------------------ in the store, under the runner

const library = buildLibrary(
  Object.entries(FIXTURE_FILES).map(([file, text]) => ({ file, source: 'fx', parsed: parseLibrarySource(text, file) })),
);
const plan = compose(library, 'widget-recall').plan!;
const T0 = Date.parse('2026-01-01T09:00:00.000Z');

/** A driver that plays `moves`, calling `before(i)` before the i-th. */
function scripted(moves: Move[], before: (i: number) => void = () => undefined): Driver {
  let i = 0;
  return {
    next: async () => {
      before(i);
      return moves[i++] ?? { type: 'stop', reason: 'exhausted' };
    },
  };
}
const notes = (n: number): Move[] => Array.from({ length: n }, (_, i) => ({ type: 'note', text: `note ${i}` }));

async function liveSession(dir: string): Promise<{ log: FileEventLog; session: LiveSession; id: string }> {
  const id = '20260101-090000-widget-recall-d15c';
  const log = FileEventLog.create(dir, id, { pid: process.pid, host: 'disk-test' }, T0);
  const session = new LiveSession(plan, new FileStore(log), { now: () => T0 }, 'alice');
  await session.act(startAction(plan));
  return { log, session, id };
}

describe('a write that fails under the store', () => {
  it('the runner stops with exit 3 "NOT recorded"; what was written stays byte for byte; the log reopens and continues', async () => {
    const dir = tempDir('crisis-inject-');
    const { log, session, id } = await liveSession(dir);
    const before = () => readFileSync(log.paths.log);
    let snapshot: Buffer | undefined;
    const driver = scripted(notes(6), (i) => {
      if (i === 3) {
        snapshot = before();
        closeSync((log as unknown as { fd: number }).fd); // the descriptor goes bad under the store
      }
    });
    const error = await runSession(session, driver, { lang: 'en' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CrisisError);
    expect((error as CrisisError).exitCode).toBe(3);
    expect((error as CrisisError).message).toMatch(/^action NOT recorded: /);
    expect((error as CrisisError).hint).toMatch(/nothing already recorded is lost/);
    expect(readFileSync(log.paths.log).equals(snapshot!)).toBe(true);
    log.close();
    // Resumable: the lines read back, the chain continues from the last one.
    const paths = sessionPaths(dir, id);
    const loaded = readLog(paths, true);
    expect(loaded.break).toBeUndefined();
    expect(loaded.events.map((e) => e.type)).toEqual(['session.started', 'note.added', 'note.added', 'note.added']);
    const last = loaded.events.at(-1)!;
    const reopened = FileEventLog.open(
      paths,
      id,
      { pid: process.pid, host: 'disk-test' },
      { seq: last.seq, hash: last.hash },
    );
    const again = new LiveSession(plan, new FileStore(reopened), { now: () => T0 }, 'alice', loaded.events);
    await again.act({ type: 'resume' });
    reopened.close();
    expect((await verifyLogFile(paths.log)).break).toBeUndefined();
  });

  // Regression: an append into a log whose directory was removed used to
  // "succeed" into the unlinked file and vanish when the process exited.
  it('with the log dir removed mid-session, the next action is NOT recorded (exit 3), not acknowledged', async () => {
    const dir = tempDir('crisis-removed-');
    const { log, session } = await liveSession(path.join(dir, 'logs'));
    const driver = scripted(notes(4), (i) => {
      if (i === 2) rmSync(path.join(dir, 'logs'), { recursive: true, force: true });
    });
    const outcome = await runSession(session, driver, { lang: 'en' }).then(
      (o) => o,
      (e: unknown) => e,
    );
    log.close();
    expect(outcome).toBeInstanceOf(CrisisError);
    expect((outcome as CrisisError).message).toMatch(/NOT recorded/);
  });
});

describe('the statement file cannot be written', () => {
  // Regression: a statement file that cannot be written (ENOTDIR, EACCES, disk
  // full) used to stop the session with exit 70 although the statement was recorded.
  it(
    'a failing statement file is reported as such (no "internal error", no exit 70), and the issued statement stays recorded',
    { timeout: 60_000 },
    async () => {
      const logDir = path.join(work, 'stmt-logs');
      writeFiles(work, {
        'approve.yaml':
          'responses:\n  - { step: tf-name-leads, action: done, inputs: { spokesperson-name: Sam } }\n  - { step: wr-apology, action: done }\n  - { step: wr-statement, action: approve, by: Lee }\n',
        'issue.yaml': 'responses:\n  - { step: wr-statement, action: statement }\n',
      });
      // Stop before the statement: the first answers file ends at the approval.
      const first = await run(['start', 'widget-recall', '--answers', 'first.yaml'], logDir);
      const id = sessionIdOf(first);
      const approved = await run(['resume', id, '--answers', 'approve.yaml'], logDir);
      expect(approved.code, approved.stderr).toBe(0);
      expect(existsSync(path.join(logDir, id))).toBe(false);
      writeFileSync(path.join(logDir, id), 'a file where the session folder goes\n');
      const r = await run(['resume', id, '--answers', 'issue.yaml'], logDir);
      expect(readLines(path.join(logDir, `${id}.jsonl`)).some((l) => l.includes('"statement.issued"'))).toBe(true);
      expect(r.stderr).not.toMatch(/internal error/);
      expect(r.code).not.toBe(70);
    },
  );
});
