import { readFileSync } from 'node:fs';
import { pidAlive } from './session-files.js';

// Who holds a session's lock, judged one way for `acquireLock` (take it over or refuse) and for `status`
// (active or interrupted). No event code: status loads this without the log writer.

/**
 * What says whether a lock's process is still the one that wrote it. A pid alone does not: after a crash and a
 * restart the same number is some other process. On Linux a process is also named by its start time (clock ticks
 * after boot, field 22 of /proc/PID/stat) and the machine's boot id; elsewhere (macOS) both are unknown and only
 * the pid is checked.
 */
export interface ProcessProbe {
  alive(pid: number): boolean;
  /** the process's start time, in clock ticks after boot; undefined where it cannot be read */
  started(pid: number): number | undefined;
  /** this boot of the machine; undefined where it cannot be read */
  bootId(): string | undefined;
}

/** Field 22 (starttime) of a /proc/PID/stat line. The command name (field 2) may hold spaces and parentheses. */
export function statStartTime(stat: string): number | undefined {
  const close = stat.lastIndexOf(')');
  if (close < 0) return undefined;
  // After the last ")" come fields 3 (state), 4, …: starttime is the 20th of them.
  const fields = stat
    .slice(close + 1)
    .trim()
    .split(/\s+/);
  const start = fields[22 - 3];
  return start !== undefined && /^\d+$/.test(start) ? Number(start) : undefined;
}

export function procStartTime(pid: number, proc = '/proc'): number | undefined {
  try {
    return statStartTime(readFileSync(`${proc}/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

let boot: string | undefined | null = null;
export function procBootId(proc = '/proc'): string | undefined {
  if (boot !== null && proc === '/proc') return boot;
  let id: string | undefined;
  try {
    id = readFileSync(`${proc}/sys/kernel/random/boot_id`, 'utf8').trim() || undefined;
  } catch {
    id = undefined;
  }
  if (proc === '/proc') boot = id;
  return id;
}

export const systemProbe: ProcessProbe = {
  alive: pidAlive,
  started: (pid) => procStartTime(pid),
  bootId: () => procBootId(),
};

/** The lock file's body: pid and host, and where the system says them, the process's start time and the boot. */
export function lockBody(pid: number, host: string, now: number, probe: ProcessProbe): string {
  const start = probe.started(pid);
  const bootId = probe.bootId();
  return JSON.stringify({
    pid,
    host,
    since: new Date(now).toISOString(),
    ...(start !== undefined ? { start } : {}),
    ...(bootId !== undefined ? { boot: bootId } : {}),
  });
}

/** Why a lock is nobody's any more. */
export type StaleWhy = 'dead' | 'reused' | 'rebooted' | 'unreadable' | 'malformed';

export type LockVerdict =
  | {
      held: true;
      /** a process on this host (checked), or `false`: another host, or a lock being written */
      here: boolean;
      /** the start time or boot matched: this is the lock's own process, not a pid reused since */
      checked: boolean;
      pid?: number;
      /** a pid that is not a number, as the lock gives it (a lock from another host is held whatever it says) */
      pidText?: string;
      host?: string;
      since?: string;
    }
  | { held: false; why: StaleWhy; pid?: number; host?: string; pidText?: string };

/** A lock nobody can read is only abandoned once it is this old: locks are linked into place whole. */
export const UNREADABLE_LOCK_MS = 5_000;

/**
 * Is the lock whose text is `raw` (written `ageMs` ago) held? Stale: its pid is dead on this host, or alive but
 * started at another time than the lock says (the number was reused), or the lock was written before this
 * machine's last restart, or it names no process at all (a pid that is not a positive integer: never written by
 * crisis) and no other host. A lock from another host is held: its pid, a number or not, means nothing here. Old
 * locks without start time or boot id are judged by their pid alone.
 */
export function judgeLock(raw: string, ageMs: number, host: string, probe: ProcessProbe): LockVerdict {
  let holder: unknown;
  try {
    holder = JSON.parse(raw);
  } catch {
    return ageMs > UNREADABLE_LOCK_MS
      ? { held: false, why: 'unreadable' }
      : { held: true, here: false, checked: false };
  }
  if (typeof holder !== 'object' || holder === null || Array.isArray(holder))
    return { held: false, why: 'malformed', pidText: JSON.stringify(holder) };
  const h = holder as { pid?: unknown; host?: unknown; since?: unknown; start?: unknown; boot?: unknown };
  const lockHost = typeof h.host === 'string' ? h.host : undefined;
  const since = typeof h.since === 'string' ? h.since : undefined;
  if (typeof h.pid !== 'number' || !Number.isSafeInteger(h.pid) || h.pid <= 0) {
    const pidText = JSON.stringify(h.pid) ?? 'none';
    // The host first: what another machine wrote is not ours to judge, well-formed or not.
    if (lockHost !== undefined && lockHost !== host)
      return { held: true, here: false, checked: false, pidText, host: lockHost, since };
    return { held: false, why: 'malformed', host: lockHost, pidText };
  }
  const pid = h.pid;
  const facts = { pid, host: lockHost };
  if (lockHost !== host) return { held: true, here: false, checked: false, ...facts, since };
  const bootNow = typeof h.boot === 'string' ? probe.bootId() : undefined;
  if (bootNow !== undefined && bootNow !== h.boot) return { held: false, why: 'rebooted', ...facts };
  if (!probe.alive(pid)) return { held: false, why: 'dead', ...facts };
  const startNow = typeof h.start === 'number' ? probe.started(pid) : undefined;
  if (startNow !== undefined && startNow !== h.start) return { held: false, why: 'reused', ...facts };
  return { held: true, here: true, checked: startNow !== undefined, ...facts, since };
}
