import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { checkSummary, type LogHead, type SessionSummary, type StoredSummary } from '../session/summary-check.js';
import type { SessionPaths } from './session-files.js';
import { writeFileAtomic } from './safe-fs.js';

// Reading and writing `<id>.summary.json`, without the replay (session-summary.ts has the store that makes them):
// a listing from saved summaries loads this alone.

/** `<log-dir>/<id>.summary.json`, beside `<id>.jsonl`. */
export const summaryFile = (paths: SessionPaths): string => paths.log.replace(/\.jsonl$/, '.summary.json');

const MAX_SUMMARY_BYTES = 16 * 1024;
/** How far back from the end of a log its last line is looked for; a longer last line means "replay instead". */
const TAIL_BYTES = 256 * 1024;

/** Open a regular file for reading, never through a symlink; undefined when it is not there or not a file. */
function openRegular(file: string): { fd: number; size: number; stamp: [number, number, number] } | undefined {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const st = fstatSync(fd);
    if (st.isFile()) return { fd, size: st.size, stamp: [st.ino, st.mtimeMs, st.ctimeMs] };
  } catch {
    /* fall through */
  }
  closeSync(fd);
  return undefined;
}

/** One scratch buffer for the small reads of a listing: allocating per file was a tenth of `status` over 1,000. */
let scratch = Buffer.allocUnsafeSlow(0);

/** Bytes [position, position+length) of fd; the result is only valid until the next call. */
function readAt(fd: number, length: number, position: number): Buffer {
  if (scratch.length < length) scratch = Buffer.allocUnsafeSlow(Math.max(length, 8192));
  const buf = scratch;
  let got = 0;
  while (got < length) {
    const n = readSync(fd, buf, got, length - got, position + got);
    if (n === 0) break;
    got += n;
  }
  return buf.subarray(0, got);
}

/** seq, hash and size of a log as it is now, from its last whole line; undefined for a torn or odd tail. */
export function readLogHead(logFile: string): LogHead | undefined {
  const f = openRegular(logFile);
  if (!f) return undefined;
  try {
    if (f.size === 0) return undefined;
    // Most last lines are a few hundred bytes: read 4 KB, and more only when the line is longer.
    for (let want = 4096; ; want *= 8) {
      const take = Math.min(f.size, want, TAIL_BYTES);
      const tail = readAt(f.fd, take, f.size - take);
      if (tail.length !== take || tail[tail.length - 1] !== 0x0a) return undefined;
      const start = tail.lastIndexOf(0x0a, tail.length - 2) + 1;
      if (start === 0 && take < f.size) {
        if (take === TAIL_BYTES) return undefined;
        continue;
      }
      const last = JSON.parse(tail.toString('utf8', start, tail.length - 1)) as { seq?: unknown; hash?: unknown };
      if (typeof last.seq !== 'number' || typeof last.hash !== 'string') return undefined;
      return { seq: last.seq, hash: last.hash, size: f.size, stamp: f.stamp };
    }
  } catch {
    return undefined;
  } finally {
    closeSync(f.fd);
  }
}

/**
 * The saved summary of a session, if it still describes its log: same
 * session, same last seq and hash, same size, and the very file it was made
 * from, unchanged since (inode, mtime and ctime). A missing, foreign, corrupt
 * or stale summary is undefined, and the caller replays the log.
 */
export function readSessionSummary(paths: SessionPaths, session: string): StoredSummary | undefined {
  // Same refusals as safe-fs readRegularFile (no symlink, no FIFO, regular file, size cap), into the scratch buffer.
  const f = openRegular(summaryFile(paths));
  if (!f) return undefined;
  let saved: StoredSummary | undefined;
  try {
    if (f.size > MAX_SUMMARY_BYTES) return undefined;
    saved = checkSummary(JSON.parse(readAt(f.fd, f.size, 0).toString('utf8')), session);
  } catch {
    return undefined;
  } finally {
    closeSync(f.fd);
  }
  if (!saved) return undefined;
  const head = readLogHead(paths.log);
  return head &&
    head.seq === saved.seq &&
    head.hash === saved.hash &&
    head.size === saved.size &&
    head.stamp[0] === saved.stamp[0] &&
    head.stamp[1] === saved.stamp[1] &&
    head.stamp[2] === saved.stamp[2]
    ? saved
    : undefined;
}

/**
 * Save a summary beside the log, made from the state of its last event,
 * atomically (a reader sees the old summary or the new one, never half).
 * `durable` (pause and end) goes through writeFileAtomic, fsync included;
 * the write-back of a summary `status` rebuilt skips the fsync: it is a
 * cache checked on every read, and a first listing of 10,000 old sessions
 * must not wait for 10,000 fsyncs. Best effort: a summary that cannot be
 * written only makes the next `status` replay the log.
 */
export function writeSessionSummary(paths: SessionPaths, summary: SessionSummary, durable = true): boolean {
  const head = readLogHead(paths.log);
  // The log must end exactly at the state summarised: otherwise the summary would describe another log.
  if (!head || head.seq !== summary.events) return false;
  const file = summaryFile(paths);
  const text = `${JSON.stringify({ ...summary, ...head })}\n`;
  try {
    writeFileAtomic(file, text, { durable });
    return true;
  } catch {
    return false;
  }
}
