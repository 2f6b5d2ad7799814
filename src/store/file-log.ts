import {
  closeSync,
  constants,
  existsSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  linkSync,
  lstatSync,
  openSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import * as path from 'node:path';
import { CrisisError, ExitCode, envError, say, type Said } from '../errors.js';
import type { MessageKey } from '../text/messages.js';
import type { EventDraft, StoredEvent } from '../session/events.js';
import { chainLine } from '../session/chain.js';
import { GENESIS_HASH } from '../session/log-format.js';
import { createWithContent, ensureRealDir, makeDirs, readRegularFile, writeFileAtomic } from './safe-fs.js';
import { sessionPaths, statementFileName, type SessionPaths } from './session-files.js';
import { judgeLock, lockBody, systemProbe, type LockVerdict, type ProcessProbe, type StaleWhy } from './lock-holder.js';

// Paths and the listing of a log dir live apart (session-files.ts): `status` lists from them without this module.
export {
  defaultLogDir,
  externalPaths,
  listSessions,
  logDirNames,
  pidAlive,
  sessionIdsIn,
  sessionPaths,
  type SessionPaths,
} from './session-files.js';

/**
 * each-append: fsync before every "recorded" (live sessions: a crash loses at
 * most the action being typed). on-close: one fsync at the end, for drills,
 * whose log a rerun recreates exactly; at virtual speed the per-event fsync
 * was 80% of a drill run (bench/README.md).
 */
export type Durability = 'each-append' | 'on-close';

export interface LockOwner {
  pid: number;
  host: string;
  /** is this pid alive on this host? injected so tests can simulate */
  alive?(pid: number): boolean;
  /** a process's start time and the boot id (lock-holder.ts); injected so tests can simulate */
  started?(pid: number): number | undefined;
  bootId?(): string | undefined;
}

/** The lock owner's view of processes: the system's, with what a test injected. */
function probeOf(owner: LockOwner): ProcessProbe {
  const alive = owner.alive ?? systemProbe.alive;
  return {
    // Our own pid is alive: a lock naming it is ours unless its start time says it was another process's.
    alive: (pid) => pid === owner.pid || alive(pid),
    started: owner.started ?? systemProbe.started,
    bootId: owner.bootId ?? systemProbe.bootId,
  };
}

export function fsError(what: Said, error: unknown, hint?: Said): CrisisError {
  const errno = (error as NodeJS.ErrnoException).code;
  // A file that already exists is a different fact from a failed write: createFresh draws a new id for it.
  return envError(
    say('error.store.fs', { what, reason: errno ?? (error as Error).message }),
    hint,
    errno === 'EEXIST' ? 'store.exists' : 'store.io',
  );
}

/**
 * One writer per session: a lock file naming pid, host and (where the system says) the process's start time and
 * the boot (lock-holder.ts). It is written in full to a temporary file and then hard-linked into place, so nobody
 * ever reads a half-written lock. A stale lock (its process dead or replaced by another with the same pid, written
 * before a restart, or naming no process) is taken over (with a message); a live one is refused with exit 3.
 */
export function acquireLock(
  lockFile: string,
  session: string,
  owner: LockOwner,
  now: number,
  /** a session being created: a failure leaves no session to resume, so the hint says to run the command again */
  options: { newSession?: boolean } = {},
): { tookOver?: { pid: number; host: string; why: StaleWhy; pidText?: string } } {
  const probe = probeOf(owner);
  const body = lockBody(owner.pid, owner.host, now, probe);
  const create = (): boolean => {
    const tmp = `${lockFile}.${owner.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      writeFileSync(tmp, body, { flag: 'wx' });
      linkSync(tmp, lockFile);
      return true;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return false;
      // A full disk is not a permissions problem: say which it is.
      const full = code === 'ENOSPC' || code === 'EDQUOT';
      const hint = !full
        ? say('error.store.writableDir.hint')
        : options.newSession
          ? say('error.store.diskFullNew.hint')
          : say('error.store.diskFull.hint', { session });
      throw fsError(say('error.store.cannotLock', { session }), error, hint);
    } finally {
      try {
        unlinkSync(tmp);
      } catch {
        /* never created */
      }
    }
  };
  for (let attempt = 0; attempt < 5; attempt++) {
    if (create()) return {};
    let raw: string;
    try {
      raw = readRegularFile(lockFile, 64 * 1024).toString('utf8');
    } catch {
      raw = '';
    }
    if (raw === '' && !existsSync(lockFile)) continue; // released meanwhile
    const verdict = judgeLock(raw, lockAge(lockFile, now), owner.host, probe);
    if (verdict.held) throw lockedError(session, lockFile, owner.host, verdict);
    // Take over exclusively: move the stale lock aside (one process wins the
    // rename), check it is the one judged stale, then create ours.
    const aside = `${lockFile}.stale-${owner.pid}`;
    try {
      renameSync(lockFile, aside);
    } catch {
      continue;
    }
    let moved: string;
    try {
      moved = readRegularFile(aside, 64 * 1024).toString('utf8');
    } catch {
      moved = '';
    }
    if (moved !== raw) {
      // Someone else's fresh lock: put it back and report it as held.
      try {
        linkSync(aside, lockFile);
      } catch {
        /* they will see their lock gone and retry */
      }
      unlinkSync(aside);
      continue;
    }
    unlinkSync(aside);
    if (create()) {
      const { why, pidText } = verdict;
      return { tookOver: { pid: verdict.pid ?? -1, host: verdict.host ?? '?', why, ...(pidText ? { pidText } : {}) } };
    }
  }
  throw new CrisisError(say('error.store.takenOver', { session }), {
    exitCode: ExitCode.environment,
    code: 'store.locked',
  });
}

/** A held lock, refused: whose it is, and a hint that fits (this host or another) and names the lock file. */
function lockedError(
  session: string,
  lock: string,
  host: string,
  held: Extract<LockVerdict, { held: true }>,
): CrisisError {
  // A pid that is not a number (another host's malformed lock) is shown as the lock gives it.
  const pid = held.pid ?? held.pidText;
  const by = { session, pid: pid ?? '?', host: held.host ?? '?' };
  const hint =
    pid === undefined
      ? say('error.store.lockUnreadable.hint', { lock })
      : held.here && held.checked
        ? say('error.store.locked.hint', { pid, lock })
        : held.here
          ? say('error.store.lockedUnchecked.hint', { pid, lock })
          : say('error.store.lockedElsewhere.hint', { pid, host: held.host ?? host, lock });
  return new CrisisError(
    held.since ? say('error.store.lockedSince', { ...by, since: held.since }) : say('error.store.locked', by),
    { hint, exitCode: ExitCode.environment, code: 'store.locked' },
  );
}

/** What a command notes after taking over a stale lock: why it was stale; the lock file when it named no process. */
export function tookOverNotice(
  lock: string,
  tookOver: NonNullable<ReturnType<typeof acquireLock>['tookOver']>,
): { key: MessageKey; params: Record<string, string | number> } {
  const params = { pid: tookOver.pid, host: tookOver.host, lock, pidText: tookOver.pidText ?? '' };
  const key: MessageKey = tookOver.why === 'dead' ? 'notice.tookOverLock' : `notice.tookOverLock.${tookOver.why}`;
  return { key, params };
}

function lockAge(lockFile: string, now: number): number {
  try {
    return now - statSync(lockFile).mtimeMs;
  } catch {
    return 0;
  }
}

export function releaseLock(lockFile: string, pid: number): void {
  try {
    const holder = JSON.parse(readRegularFile(lockFile, 64 * 1024).toString('utf8')) as { pid?: number };
    if (holder.pid === pid) unlinkSync(lockFile);
  } catch {
    /* already gone */
  }
}

/**
 * An open session log. Every append is one write of one whole line, then
 * fsync, before the caller may say "recorded". A failed write is rolled
 * back to the last good length so the log never holds half a line.
 */
export class FileEventLog {
  /** undefined until the first event: the log file appears with it (createWithContent), never empty */
  private fd: number | undefined;
  private size: number;
  private head: { seq: number; hash: string };
  private broken?: string;

  private constructor(
    readonly paths: SessionPaths,
    readonly session: string,
    fd: number | undefined,
    head: { seq: number; hash: string },
    private readonly owner: LockOwner,
    private readonly durability: Durability = 'each-append',
  ) {
    this.fd = fd;
    this.size = fd === undefined ? 0 : fstatSync(fd).size;
    this.head = head;
  }

  /**
   * A new session: locked, its log not made yet. The log appears with its first event, whole (a signal or a
   * crash before that leaves no log at all, not an empty one that no command can read).
   */
  static create(
    logDir: string,
    session: string,
    owner: LockOwner,
    now: number,
    durability: Durability = 'each-append',
  ): FileEventLog {
    const paths = sessionPaths(logDir, session);
    try {
      makeDirs(logDir);
    } catch (error) {
      throw fsError(say('error.store.cannotMakeDir', { dir: logDir }), error, say('error.store.logDir.hint'));
    }
    acquireLock(paths.lock, session, owner, now, { newSession: true });
    if (lstatSync(paths.log, { throwIfNoEntry: false })) {
      releaseLock(paths.lock, owner.pid);
      const exists = Object.assign(new Error(`EEXIST: ${paths.log}`), { code: 'EEXIST' });
      throw fsError(say('error.store.cannotCreate', { file: paths.log }), exists, say('error.store.logDir.hint'));
    }
    return new FileEventLog(paths, session, undefined, { seq: 0, hash: GENESIS_HASH }, owner, durability);
  }

  /**
   * A new session under a fresh id. Ids carry the second and 16 random bits,
   * so two starts in the same second can draw the same one: an id whose log
   * exists or whose lock is held is drawn again (a few times), never reported as "in use".
   */
  static createFresh(
    logDir: string,
    nextId: () => string,
    owner: LockOwner,
    now: number,
    durability: Durability = 'each-append',
    attempts = 8,
  ): FileEventLog {
    for (let attempt = 1; ; attempt++) {
      try {
        return FileEventLog.create(logDir, nextId(), owner, now, durability);
      } catch (error) {
        const taken = error instanceof CrisisError && (error.code === 'store.locked' || error.code === 'store.exists');
        if (!taken || attempt >= attempts) throw error;
      }
    }
  }

  /** An existing session, locked for writing, after its events were read and checked. */
  static open(
    paths: SessionPaths,
    session: string,
    owner: LockOwner,
    head: { seq: number; hash: string },
  ): FileEventLog {
    let fd: number;
    try {
      // O_NOFOLLOW: a log replaced by a symlink would append somewhere else entirely.
      const follow = paths.external ? 0 : constants.O_NOFOLLOW;
      fd = openSync(paths.log, constants.O_WRONLY | constants.O_APPEND | follow);
    } catch (error) {
      throw fsError(say('error.store.cannotOpen', { file: paths.log }), error, say('error.store.writableDir.hint'));
    }
    return new FileEventLog(paths, session, fd, head, owner);
  }

  append(draft: EventDraft): StoredEvent {
    if (this.broken)
      throw envError(
        say('error.store.unusable', { reason: this.broken }),
        say('error.store.unusable.hint', { session: this.session }),
        'store.broken',
      );
    if (this.fd === undefined) return this.appendFirst(draft);
    // Appending to a file whose directory was removed would "succeed" into nowhere.
    let st: { nlink: number; size: number };
    try {
      st = fstatSync(this.fd);
    } catch (error) {
      // The descriptor itself is gone: nothing more can be appended safely.
      this.broken = (error as NodeJS.ErrnoException).code ?? String(error);
      throw envError(
        say('error.store.notWritten', { file: this.paths.log, reason: this.broken }),
        say('error.store.notWritten.hint', { session: this.session }),
        'store.write',
      );
    }
    if (st.nlink === 0)
      throw envError(
        say('error.store.removed', { file: this.paths.log }),
        say('error.store.removed.hint'),
        'store.removed',
      );
    // The head is only right if nobody else wrote: a log that grew under us would fork the chain.
    if (st.size !== this.size)
      throw envError(
        say('error.store.changed', { file: this.paths.log, bytes: st.size - this.size }),
        say('error.store.changed.hint', { session: this.session }),
        'store.changed',
      );
    // The line keeps the documented order (v, seq, ts, …); the hash is over the canonical form;
    // both are made from the same JSON pieces, once.
    const { event, line, bytes } = chainLine(this.session, draft, this.head);
    try {
      // The line is written as a string (no Buffer per append); a short write goes on from the bytes written.
      let written = writeSync(this.fd, line, this.size);
      if (written < bytes) {
        const rest = Buffer.from(line);
        while (written < bytes) written += writeSync(this.fd, rest, written, bytes - written, this.size + written);
      }
      if (this.durability === 'each-append') fsyncSync(this.fd);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      try {
        ftruncateSync(this.fd, this.size);
        fsyncSync(this.fd);
      } catch {
        this.broken = code;
      }
      throw this.notWritten(String(code));
    }
    this.size += bytes;
    this.head = { seq: event.seq, hash: event.hash };
    return event;
  }

  /** The first event makes the log: the file appears with this line in it, or not at all. */
  private appendFirst(draft: EventDraft): StoredEvent {
    const { event, line, bytes } = chainLine(this.session, draft, this.head);
    try {
      this.fd = createWithContent(this.paths.log, line, { durable: this.durability === 'each-append' });
    } catch (error) {
      throw this.notWritten((error as NodeJS.ErrnoException).code ?? String(error));
    }
    this.size = bytes;
    this.head = { seq: event.seq, hash: event.hash };
    return event;
  }

  /**
   * A write that failed: nothing of this action is in the log; what was recorded before stays. Before the first
   * event there is no log (it appears with that event): nothing to resume, the command is run again.
   */
  private notWritten(reason: string): CrisisError {
    return envError(
      say('error.store.notWritten', { file: this.paths.log, reason }),
      this.fd === undefined
        ? say('error.store.diskFullNew.hint')
        : say('error.store.diskFull.hint', { session: this.session }),
      'store.write',
    );
  }

  close(): void {
    if (this.fd !== undefined) {
      try {
        if (this.durability === 'on-close') fsyncSync(this.fd);
      } catch {
        /* reported by the next reader as a torn or short log */
      }
      try {
        closeSync(this.fd);
      } catch {
        /* already closed */
      }
    }
    releaseLock(this.paths.lock, this.owner.pid);
  }
}

/**
 * Write an issued statement next to the log: `<log-dir>/<session>/statements/<name>.md`, the name a channel
 * (`website`) or a channel and step (`email.notify-staff`: cli/statement-files.ts, statementNames).
 * Both folders must be real directories (a planted symlink would send the file
 * elsewhere) and the file is replaced atomically, so it is the old text or the new.
 */
export function writeStatementFile(paths: SessionPaths, name: string, text: string): string {
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)?$/.test(name))
    throw new CrisisError(say('error.store.channel', { channel: name }), { exitCode: ExitCode.usage });
  const file = path.join(paths.dir, statementFileName(name));
  ensureRealDir(paths.dir);
  ensureRealDir(path.dirname(file));
  writeFileAtomic(file, text.endsWith('\n') ? text : `${text}\n`);
  return file;
}

/** Whether anything is at the statement file's name (a symlink or a folder counts: it is not missing). */
export function statementFileExists(paths: SessionPaths, name: string): boolean {
  return lstatSync(path.join(paths.dir, statementFileName(name)), { throwIfNoEntry: false }) !== undefined;
}

/**
 * Remove a statement file a session no longer uses under that name: only a plain file in the session's real
 * `statements` folder (never what a symlink points at). Whether it holds the tool's text is the caller's to judge.
 */
export function removeStatementFile(paths: SessionPaths, name: string): void {
  const file = path.join(paths.dir, statementFileName(name));
  for (const dir of [paths.dir, path.dirname(file)])
    if (!lstatSync(dir, { throwIfNoEntry: false })?.isDirectory()) return;
  if (lstatSync(file, { throwIfNoEntry: false })?.isFile()) unlinkSync(file);
}

/** The statement file's current text, or undefined when there is none (or it is not a plain file). */
export function readStatementFile(paths: SessionPaths, name: string): string | undefined {
  try {
    return readRegularFile(path.join(paths.dir, statementFileName(name)), 16 * 1024 * 1024).toString('utf8');
  } catch {
    return undefined;
  }
}
