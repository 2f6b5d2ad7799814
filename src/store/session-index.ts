import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { readRegularFile } from './safe-fs.js';
import type { SessionPaths } from './session-files.js';
import { readSessionSummary } from './summary-file.js';
import { judgeLock, systemProbe, type ProcessProbe } from './lock-holder.js';

/** What a session's first line says about it: enough to pick "the latest" or "the one for this crisis". */
export interface SessionHeader {
  crisis: string;
  drill: boolean;
  startedAt: number;
  /** the organisation's zone recorded at the start (org-time-zone), which the session shows its times in */
  zone?: string;
}

/** A first line (session.started) is a few hundred bytes; one longer than this is not a session we pick. */
const HEAD_BYTES = 64 * 1024;

/**
 * The first line of a log, read without trusting the file: no symlink, no
 * FIFO, at most 64 KB. Undefined for anything that does not start like a
 * session (the commands that open it then say exactly what is wrong).
 */
export function readSessionHeader(logFile: string): SessionHeader | undefined {
  let fd: number;
  try {
    fd = openSync(logFile, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    if (!fstatSync(fd).isFile()) return undefined;
    const buf = Buffer.alloc(HEAD_BYTES);
    const n = readSync(fd, buf, 0, HEAD_BYTES, 0);
    const end = buf.subarray(0, n).indexOf(0x0a);
    return end < 0 ? undefined : sessionHeaderOf(buf.toString('utf8', 0, end));
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** A session's header from its first line (a file log's, a team store's row); undefined unless it starts one. */
export function sessionHeaderOf(firstLine: string): SessionHeader | undefined {
  let first: { type?: unknown; ts?: unknown; data?: { crisis?: unknown; drill?: unknown; facts?: unknown } };
  try {
    first = JSON.parse(firstLine) as typeof first;
  } catch {
    return undefined;
  }
  if (first?.type !== 'session.started' || typeof first.data?.crisis !== 'string') return undefined;
  return {
    crisis: first.data.crisis,
    drill: first.data.drill !== undefined && first.data.drill !== null,
    startedAt: typeof first.ts === 'string' ? Date.parse(first.ts) : NaN,
    ...zoneOf(first.data.facts),
  };
}

function zoneOf(facts: unknown): { zone?: string } {
  if (facts === null || typeof facts !== 'object' || !Object.hasOwn(facts, 'org-time-zone')) return {};
  const zone = (facts as Record<string, unknown>)['org-time-zone'];
  return typeof zone === 'string' ? { zone } : {};
}

/**
 * Who holds a session's lock: `none` (no lock file), `live` (a running
 * process on this host), `gone` (stale: its process is dead or was replaced, the machine restarted, the lock
 * names no process; `resume` takes it over), `elsewhere` (another host, whose processes cannot be checked from
 * here, or a lock being written). Judged by the rule `acquireLock` uses (judgeLock).
 */
export type LockHolder = 'none' | 'live' | 'gone' | 'elsewhere';

export function lockHolder(
  paths: Pick<SessionPaths, 'lock'>,
  host: string,
  probe: ProcessProbe = systemProbe,
  now: number = Date.now(),
): LockHolder {
  let raw: string;
  let age: number;
  try {
    raw = readRegularFile(paths.lock, 64 * 1024).toString('utf8');
    age = now - statSync(paths.lock).mtimeMs;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'none' : 'elsewhere';
  }
  const verdict = judgeLock(raw, age, host, probe);
  return !verdict.held ? 'gone' : verdict.here ? 'live' : 'elsewhere';
}

/**
 * What `status` calls a session. The log knows active, paused and ended; an
 * active log whose writer is gone (killed, the terminal closed) is
 * `interrupted`: nobody is working it, and `resume` takes it over.
 */
export type ShownState = 'active' | 'paused' | 'interrupted' | 'ended';

export function shownState(logState: 'active' | 'paused' | 'ended', holder: LockHolder): ShownState {
  if (logState !== 'active') return logState;
  return holder === 'live' || holder === 'elsewhere' ? 'active' : 'interrupted';
}

/**
 * A file-store session's state as `status` shows it, from its saved summary and its lock: no summary means the log
 * is still being written, or its writer was killed before it could save one (active, then judged by the lock).
 */
export function savedShownState(paths: SessionPaths, id: string, host: string, now: number): ShownState {
  return shownState(readSessionSummary(paths, id)?.state ?? 'active', lockHolder(paths, host, undefined, now));
}
