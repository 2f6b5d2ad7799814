import { closeSync, constants, fstatSync, fsyncSync, ftruncateSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import * as path from 'node:path';
import { CrisisError, ExitCode, say } from '../errors.js';
import type { StoredEvent } from '../session/events.js';
import { ChainVerifier, MAX_LINE_BYTES, type ChainBreak } from '../session/verify.js';
import { fsError, type SessionPaths } from './file-log.js';
import { readRegularFile, refusalSaid } from './safe-fs.js';

/** A whole log is read into memory only by commands that replay it all; past this, use the streaming reader. */
export const MAX_LOG_BYTES = 512 * 1024 * 1024;

/** Reading and checking logs: every line through the chain verifier (and the event schemas). */
export interface LoadedLog {
  events: StoredEvent[];
  break?: ChainBreak;
  /** bytes of an incomplete last line moved to the .torn file */
  tornBytes?: number;
  /** lines from the break on, which readers leave out */
  linesAfterBreak?: number;
}

/** The log's bytes: a regular file, not through a symlink planted in the log dir, bounded. */
function readLogBytes(paths: SessionPaths): Buffer {
  try {
    return readRegularFile(paths.log, MAX_LOG_BYTES, { followSymlinks: paths.external === true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new CrisisError(say('error.log.none', { file: paths.log }), {
        hint: say('error.log.none.hint'),
        exitCode: ExitCode.usage,
        code: 'session.unknown',
      });
    const refused = refusalSaid(error);
    if (refused)
      throw new CrisisError(say('error.store.refusedRead', { file: paths.log, reason: refused }), {
        hint: say('error.store.refusedRead.hint'),
        exitCode: ExitCode.environment,
        code: 'store.refused',
      });
    throw fsError(say('error.store.cannotRead', { file: paths.log }), error);
  }
}

/** Split on newlines, byte-wise: offsets stay exact whatever the bytes decode to. */
function splitLines(bytes: Buffer, end: number): Buffer[] {
  const lines: Buffer[] = [];
  let start = 0;
  while (start < end) {
    const nl = bytes.indexOf(0x0a, start);
    lines.push(bytes.subarray(start, nl));
    start = nl + 1;
  }
  return lines;
}

/**
 * Append bytes set aside from a log to a side file (`.torn`), unchanged. The
 * side file is opened without following symlinks and must be a plain file
 * with one link: a planted `<id>.jsonl.torn -> ~/.bashrc` is refused.
 */
function appendAside(file: string, bytes: Uint8Array): void {
  const { O_WRONLY, O_APPEND, O_CREAT, O_NOFOLLOW, O_NONBLOCK } = constants;
  let fd: number;
  try {
    fd = openSync(file, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_NONBLOCK, 0o666);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP')
      throw new CrisisError(say('error.store.refusedWrite', { file, reason: say('error.refused.ESYMLINK') }), {
        hint: say('error.store.planted.hint'),
        exitCode: ExitCode.environment,
        code: 'store.refused',
      });
    throw fsError(say('error.store.cannotWrite', { file }), error);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || st.nlink !== 1)
      throw new CrisisError(say('error.store.refusedWrite', { file, reason: say('error.refused.notOwn') }), {
        hint: say('error.store.planted.hint'),
        exitCode: ExitCode.environment,
        code: 'store.refused',
      });
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function truncateLog(paths: SessionPaths, length: number): void {
  const fd = openSync(paths.log, constants.O_RDWR | constants.O_NOFOLLOW);
  try {
    ftruncateSync(fd, length);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * A log read by its session id (`<log-dir>/<id>.jsonl`, or a team session's rows) must hold that session's
 * events from line 1: a copy of another session's log under this name is damaged, and `resume` must not append
 * to it. A file the operator named (`verify copy.jsonl`) is read as the session its lines say.
 */
export function expectedSession(paths: SessionPaths): { session: string } | undefined {
  return paths.external ? undefined : { session: path.basename(paths.log, '.jsonl') };
}

/**
 * Read a whole log. A torn last line (no newline: a write was cut off) is
 * reported and, with `repair`, moved to `<id>.jsonl.torn` byte for byte,
 * never dropped. All offsets are byte offsets.
 */
export function readLog(paths: SessionPaths, repair: boolean): LoadedLog {
  const bytes = readLogBytes(paths);
  const result: LoadedLog = { events: [] };
  const end = bytes.lastIndexOf(0x0a) + 1;
  if (end < bytes.length) {
    const tail = bytes.subarray(end);
    result.tornBytes = tail.length;
    if (repair) {
      appendAside(paths.torn, Buffer.concat([tail, Buffer.from('\n')]));
      truncateLog(paths, end);
    }
  }
  const verifier = new ChainVerifier(expectedSession(paths));
  // Every line counts, blank ones too, so line numbers match `crisis verify`.
  const lines = splitLines(bytes, end);
  for (let i = 0; i < lines.length; i++) {
    const event = verifier.push(lines[i]!);
    if (event) {
      result.events.push(event);
      continue;
    }
    if (i + 1 < lines.length) verifier.lookahead(lines[i + 1]!);
    result.linesAfterBreak = lines.length - i;
    break;
  }
  result.break = verifier.break;
  return result;
}

/**
 * `resume --force`: keep the good prefix as the log and move every line from
 * the first break on to `<id>.jsonl.broken-<time>`, byte for byte, so new
 * events chain onto what every reader can read, and nothing is thrown away.
 */
export function setAsideBrokenTail(
  paths: SessionPaths,
  goodEvents: number,
  now: number,
): { file: string; lines: number } {
  const bytes = readLogBytes(paths);
  let offset = 0;
  for (let i = 0; i < goodEvents; i++) offset = bytes.indexOf(0x0a, offset) + 1;
  const tail = bytes.subarray(offset);
  const file = `${paths.log}.broken-${new Date(now).toISOString().replace(/[:.]/g, '')}`;
  // wx is O_CREAT|O_EXCL: never through a planted symlink, never over an existing file.
  writeFileSync(file, tail, { flag: 'wx' });
  truncateLog(paths, offset);
  let lines = 0;
  for (let i = 0; i < tail.length; i++) if (tail[i] === 0x0a) lines++;
  if (tail.length > 0 && tail[tail.length - 1] !== 0x0a) lines++;
  return { file, lines };
}

export interface VerifiedFile {
  events: number;
  lines: number;
  break?: ChainBreak;
  session?: string;
  torn?: boolean;
  /** seq:hash of the last good event */
  head: { seq: number; hash: string };
  /** the first good event timed before one above it (a clock step): noted, not a break */
  clockBack?: { line: number; ms: number };
}

/**
 * Verify a log streaming, in constant memory (for `crisis verify` and `status` on any size); good events go to
 * onEvent. Lines are split on bytes and bounded; a FIFO, a device or a symlink in the log dir is refused.
 */
export async function verifyLogFile(
  file: string,
  onEvent?: (event: StoredEvent) => void,
  /**
   * passThrough: every byte read, as read, in order (`crisis export`); the whole file is then read, the lines
   * after a break included, while the verifier stops at the break as always.
   */
  options: {
    followSymlinks?: boolean;
    passThrough?: (bytes: Buffer) => void;
    /** the session the log is read as (expectedSession): its events must be that session's from line 1 */
    session?: { session: string };
  } = {},
): Promise<VerifiedFile> {
  const { O_RDONLY, O_NOFOLLOW, O_NONBLOCK } = constants;
  let handle;
  try {
    handle = await open(file, O_RDONLY | O_NONBLOCK | (options.followSymlinks ? 0 : O_NOFOLLOW));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP')
      throw new CrisisError(say('error.store.refusedRead', { file, reason: say('error.refused.ESYMLINK') }), {
        hint: say('error.store.plainFile.hint'),
        exitCode: ExitCode.environment,
        code: 'store.refused',
      });
    throw fsError(say('error.store.cannotRead', { file }), error);
  }
  const verifier = new ChainVerifier(options.session);
  let session: string | undefined;
  let torn = false;
  try {
    if (!(await handle.stat()).isFile())
      throw new CrisisError(say('error.store.refusedRead', { file, reason: say('error.refused.ENOTREG') }), {
        hint: say('error.store.notFifo.hint'),
        exitCode: ExitCode.environment,
        code: 'store.refused',
      });
    const feed = (line: Buffer, isTorn = false): boolean => {
      if (verifier.break) {
        verifier.lookahead(line);
        return false;
      }
      const e = verifier.push(line, isTorn);
      session ??= e?.session;
      if (e) onEvent?.(e);
      return true;
    };
    const chunk = Buffer.allocUnsafe(256 * 1024);
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let tooLong = false;
    let n: number;
    const { passThrough } = options;
    reading: while ((n = (await handle.read(chunk, 0, chunk.length, null)).bytesRead) > 0) {
      // A copy: the chunk is read into again.
      passThrough?.(Buffer.from(chunk.subarray(0, n)));
      let start = 0;
      while (start < n) {
        const nl = chunk.indexOf(0x0a, start);
        const stop = nl === -1 || nl >= n ? n : nl;
        if (!tooLong) {
          pending.push(Buffer.from(chunk.subarray(start, stop)));
          pendingBytes += stop - start;
          if (pendingBytes > MAX_LINE_BYTES) {
            // Bounded memory whatever the file holds: the verifier reports the line as too long.
            tooLong = true;
            pending = [Buffer.alloc(MAX_LINE_BYTES + 1)];
          }
        }
        if (stop === n) break;
        if (!feed(Buffer.concat(pending)) && !passThrough) break reading;
        pending = [];
        pendingBytes = 0;
        tooLong = false;
        start = nl + 1;
      }
    }
    if (pending.length > 0 && (pendingBytes > 0 || tooLong) && !verifier.break) {
      torn = true;
      feed(Buffer.concat(pending), true);
    } else if (pending.length > 0 && pendingBytes > 0) torn = true;
  } catch (error) {
    if (error instanceof CrisisError) throw error;
    throw fsError(say('error.store.cannotRead', { file }), error);
  } finally {
    await handle.close();
  }
  return {
    events: verifier.seen.events,
    lines: verifier.seen.lines,
    break: verifier.break,
    session,
    torn,
    head: verifier.head,
    clockBack: verifier.clockBack,
  };
}
