import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EventDraft } from '../../src/session/events.js';
import { FileEventLog } from '../..//src/store/file-log.js';
import { readLog, verifyLogFile } from '../..//src/store/log-reader.js';
import { SESSION_ID } from '../helpers/session-plan.js';
import { tempDir } from '../helpers/temp.js';

/**
 * Failures the real file system will not produce on demand (a write cut off
 * half-way, an fsync that fails) injected into node:fs as the store sees it.
 * Every other call goes to the real fs.
 */
const faults = vi.hoisted(() => ({
  /** called before each writeSync; may return bytes to write instead, or throw */
  write: undefined as undefined | ((fd: number, buffer: Buffer, offset: number, length: number) => number | undefined),
  fsync: undefined as undefined | (() => void),
  truncate: undefined as undefined | (() => void),
  calls: [] as string[],
}));

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const errno = (code: string) => Object.assign(new Error(`${code}: injected`), { code });
  return {
    ...fs,
    writeSync: (fd: number, data: Buffer | string, ...at: number[]) => {
      faults.calls.push('write');
      // writeSync(fd, string, position) is handled as the same bytes in a Buffer, so a fault can cut it short too
      const [buffer, offset, length, position] =
        typeof data === 'string'
          ? [Buffer.from(data), 0, Buffer.byteLength(data), at[0]]
          : [data, at[0]!, at[1]!, at[2]];
      const limit = faults.write?.(fd, buffer, offset, length);
      if (limit === -1) throw errno('ENOSPC');
      return fs.writeSync(fd, buffer, offset, limit ?? length, position);
    },
    fsyncSync: (fd: number) => {
      faults.calls.push('fsync');
      if (faults.fsync) faults.fsync();
      return fs.fsyncSync(fd);
    },
    // Recorded only, to show which other calls an append makes (one fstat, no open or stat by path).
    fstatSync: (...args: Parameters<typeof fs.fstatSync>) => {
      faults.calls.push('fstat');
      return fs.fstatSync(...args);
    },
    openSync: (...args: Parameters<typeof fs.openSync>) => {
      faults.calls.push('open');
      return fs.openSync(...args);
    },
    statSync: (...args: Parameters<typeof fs.statSync>) => {
      faults.calls.push('stat');
      return fs.statSync(...args);
    },
    ftruncateSync: (fd: number, len?: number) => {
      faults.calls.push('truncate');
      if (faults.truncate) faults.truncate();
      return fs.ftruncateSync(fd, len);
    },
  };
});

const T = Date.parse('2026-01-01T09:00:00.000Z');
const started: EventDraft = {
  type: 'session.started',
  ts: new Date(T).toISOString(),
  actor: 'alice',
  data: { crisis: 'c', severity: 'low', with: [], planHash: 'p', operator: 'alice', lang: 'en' },
};
const note = (text: string): EventDraft => ({
  type: 'note.added',
  ts: new Date(T + 1000).toISOString(),
  actor: 'alice',
  data: { text },
});
const errno = (code: string) => Object.assign(new Error(code), { code });

function freshLog(): FileEventLog {
  const log = FileEventLog.create(tempDir('crisis-rollback-'), SESSION_ID, { pid: process.pid, host: hostname() }, T);
  log.append(started);
  log.append(note('before'));
  return log;
}

afterEach(() => {
  faults.write = undefined;
  faults.fsync = undefined;
  faults.truncate = undefined;
  faults.calls.length = 0;
});

describe('append under injected failures', () => {
  it('each append is one fstat (removed? grown?), one write of the whole line, then one fsync, before it returns', () => {
    const log = freshLog();
    faults.calls.length = 0;
    log.append(note('x'));
    log.append(note('y'));
    expect(faults.calls).toEqual(['fstat', 'write', 'fsync', 'fstat', 'write', 'fsync']);
    log.close();
  });

  it('serialises the event once: JSON.stringify never gets the whole event, the data once for the line', () => {
    const log = freshLog();
    const draft = note('once');
    const seen: unknown[] = [];
    const stringify = JSON.stringify;
    const spy = vi.spyOn(JSON, 'stringify').mockImplementation(function (this: unknown, ...args) {
      seen.push(args[0]);
      return stringify.apply(this, args as Parameters<typeof stringify>);
    });
    let event;
    try {
      event = log.append(draft);
    } finally {
      spy.mockRestore();
    }
    log.close();
    expect(seen.filter((v) => v === draft.data)).toHaveLength(1);
    expect(seen.filter((v) => typeof v === 'object' && v !== null && 'hash' in v)).toEqual([]);
    // each envelope value once, shared by the hashed canonical text and the line
    for (const value of [draft.actor, draft.ts, draft.type, event.prev, event.session])
      expect(seen.filter((v) => v === value)).toHaveLength(1);
    expect(readFileSync(log.paths.log, 'utf8').split('\n').at(-2)).toBe(stringify(event));
  });

  it('a short write is continued until the whole line is out', async () => {
    const log = freshLog();
    faults.calls.length = 0;
    let first = true;
    faults.write = (_fd, _b, _o, length) => {
      if (!first) return undefined;
      first = false;
      return Math.floor(length / 3);
    };
    const event = log.append(note('in pieces'));
    expect(faults.calls).toEqual(['fstat', 'write', 'write', 'fsync']);
    log.close();
    expect(readLog(log.paths, false).events.at(-1)).toEqual(event);
    expect(await verifyLogFile(log.paths.log)).toMatchObject({ events: 3, break: undefined });
  });

  it('a write cut off half-way (disk full) is rolled back: the file holds no half line, and the next append continues the chain', async () => {
    const log = freshLog();
    const before = readFileSync(log.paths.log, 'utf8');
    let calls = 0;
    faults.write = (_fd, _b, _o, length) => (++calls === 1 ? Math.floor(length / 2) : -1);
    let error: { message: string; exitCode: number } | undefined;
    try {
      log.append(note('half'));
    } catch (e) {
      error = e as typeof error;
    }
    expect(error?.exitCode).toBe(3);
    expect(error?.message).toBe(`action NOT recorded: cannot write ${log.paths.log}: ENOSPC`);
    expect(readFileSync(log.paths.log, 'utf8')).toBe(before);
    faults.write = undefined;
    const next = log.append(note('after the disk was freed'));
    expect(next.seq).toBe(3);
    log.close();
    expect(await verifyLogFile(log.paths.log)).toMatchObject({ events: 3, break: undefined });
  });

  it('a failed fsync takes the written line back out: not acknowledged, not kept', () => {
    const log = freshLog();
    const before = readFileSync(log.paths.log, 'utf8');
    let once = true;
    faults.fsync = () => {
      if (once) {
        once = false;
        throw errno('EIO');
      }
    };
    expect(() => log.append(note('unsynced'))).toThrow(/^action NOT recorded: cannot write .*: EIO$/);
    expect(readFileSync(log.paths.log, 'utf8')).toBe(before);
    expect(log.append(note('next')).seq).toBe(3);
    log.close();
  });

  it('when the rollback fails too, the log is marked unusable and refuses every later append', () => {
    const log = freshLog();
    faults.write = () => -1;
    faults.truncate = () => {
      throw errno('EIO');
    };
    expect(() => log.append(note('x'))).toThrow('action NOT recorded');
    faults.write = undefined;
    faults.truncate = undefined;
    expect(() => log.append(note('y'))).toThrow('action NOT recorded: the log is unusable (ENOSPC)');
    log.close();
  });
});
