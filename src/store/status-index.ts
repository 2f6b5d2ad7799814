import { lstatSync, readdirSync, type Stats } from 'node:fs';
import * as path from 'node:path';
import { SESSION_ID_PATTERN } from '../session/ids.js';
import { summaryFieldsOk, type SessionSummary } from '../session/summary-check.js';
import { STATUS_INDEX, sessionPaths } from './session-files.js';
import { readSessionSummary } from './summary-file.js';
import { readRegularFile, writeFileAtomic } from './safe-fs.js';

/**
 * One file in the log dir that holds every session's summary, so `status`
 * over 10,000 sessions reads one file and stats one per session instead of
 * opening and reading two per session. It is a cache of the summary files,
 * as hostile as anything in the log dir: an entry is used only while the log
 * is the very file it was made from (inode, size, mtime and ctime: ctime
 * moves on any write and cannot be set back by a user) and its summary passes
 * the same field checks as a summary file. A log that moved on also has a new
 * summary file or none: anything but a match falls back to the summary file
 * (checked against the log's last line) and then to a replay.
 */
export { STATUS_INDEX };
const KIND = 'crisis-status-index';
/**
 * 3: rows without the last hash; 4: with whether the progress was counted against a changed playbook; 5: with the
 * session's zone (SessionSummary.zone, or null). An index of another version is not read (the next listing rewrites
 * it).
 */
const VERSION = 5;
/** About 220 bytes per session: 64 MB is over 250,000 sessions; a bigger file is not read. */
const MAX_INDEX_BYTES = 64 * 1024 * 1024;

/**
 * One session, flat (the field names of 10,000 objects were half the file):
 * id, the log's inode, size, mtimeMs and ctimeMs, then the summary's crisis,
 * severity, operator, drill, startedAt, lastAt, state, done, total, events, planChanged (1 or 0) and the zone (or
 * null).
 * No hash: the stamp is what ties a row to its log (v2 carried the last hash,
 * a quarter of the file, which nothing read).
 */
type Row = [
  string,
  number,
  number,
  number,
  number,
  string,
  string,
  string,
  string | null,
  number,
  number,
  string,
  number,
  number,
  number,
  0 | 1,
  string | null,
];
type Stamp = [number, number, number, number];

const NO_THROW = { throwIfNoEntry: false } as const;

/** A name's lstat, undefined when it is missing or cannot be stat'ed (never through a symlink). */
function lstatOrNot(file: string): Stats | undefined {
  try {
    return lstatSync(file, NO_THROW);
  } catch {
    return undefined;
  }
}

/** The log's [inode, size, mtimeMs, ctimeMs], never through a symlink; undefined when missing or odd. */
function stampFile(file: string): Stamp | undefined {
  const st = lstatOrNot(file);
  return st?.isFile() ? [st.ino, st.size, st.mtimeMs, st.ctimeMs] : undefined;
}

const rowOf = (id: string, log: Stamp, s: SessionSummary): Row => [
  id,
  ...log,
  s.crisis,
  s.severity,
  s.operator,
  s.drill,
  s.startedAt,
  s.lastAt,
  s.state,
  s.progress.done,
  s.progress.total,
  s.events,
  s.planChanged ? 1 : 0,
  s.zone ?? null,
];

/** A row back into a summary, through the same hand checks as a summary file. */
function summaryOf(row: unknown[]): SessionSummary | undefined {
  const id = row[0];
  // Read by index: array destructuring goes through the iterator protocol, a third of a cold 1,000-row listing.
  const value: Record<string, unknown> = {
    v: 3,
    session: id,
    crisis: row[5],
    severity: row[6],
    operator: row[7],
    drill: row[8],
    startedAt: row[9],
    lastAt: row[10],
    state: row[11],
    progress: { done: row[12], total: row[13] },
    events: row[14],
  };
  if (row[15] === 1) value.planChanged = true;
  if (row[16] !== null) value.zone = row[16];
  // A fresh object of exactly these fields: once checked, it is the summary (no second copy per session).
  return typeof id === 'string' && (row[15] === 0 || row[15] === 1) && summaryFieldsOk(value, id)
    ? (value as unknown as SessionSummary)
    : undefined;
}

/** The index as saved, by session id; empty when missing, foreign, corrupt or too big. */
function readIndex(dir: string): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>();
  let text: string;
  try {
    // No symlink, no FIFO, a regular file under the cap; anything else is no index.
    text = readRegularFile(path.join(dir, STATUS_INDEX), MAX_INDEX_BYTES).toString('utf8');
  } catch {
    return out;
  }
  try {
    const value = JSON.parse(text) as { v?: unknown; kind?: unknown; sessions?: unknown };
    if (value?.v !== VERSION || value.kind !== KIND || !Array.isArray(value.sessions)) return out;
    const rows = value.sessions as unknown[];
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      if (Array.isArray(row) && row.length === 17 && typeof row[0] === 'string') out.set(row[0], row);
    }
  } catch {
    /* not ours: every session falls back to its summary file */
  }
  return out;
}

export interface IndexedListing {
  /** The summary of each session that has a usable one, by id. */
  summaries: Map<string, SessionSummary>;
  /** Session ids whose lock file is in the dir. */
  locked: Set<string>;
  /** Record a summary `status` rebuilt by replaying (it reads it back from its file, checked). */
  add(id: string): void;
  /** Write the index back if anything changed; best effort, never fsync'd (it is a cache). */
  save(): void;
}

/**
 * The summaries of `ids` in `dir`: from the index where it still matches,
 * else from each summary file (which checks it against the log's last line).
 * `listing` is the dir's names when the caller has already read them (one readdir for the whole listing).
 *
 * With a fresh index, a listing of N sessions reads one file (the index) and lstats N logs: nothing is opened
 * per session. The loop is the whole cost of `status` over many sessions, so it does each session's work once
 * (one id check, one stamp compared field by field, one summary object) and keeps no second copy of a row.
 */
export function listSummaries(dir: string, ids: readonly string[], listing?: readonly string[]): IndexedListing {
  const saved = readIndex(dir);
  const summaries = new Map<string, SessionSummary>();
  const locked = new Set<string>();
  // The rows the next index holds, in listing order; a row from the old index is kept as it was read.
  const rows: Row[] = [];
  let changed = false;
  let checked = 0;
  let names: readonly string[];
  try {
    names = listing ?? readdirSync(dir);
  } catch {
    names = [];
  }
  // Which sessions have a summary file and which a lock file, in one pass over the dir's names: looked up by id
  // below, with no file name built per session to look up.
  const summarized = new Set<string>();
  const lockFiles = new Set<string>();
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    if (name.endsWith('.summary.json')) summarized.add(name.slice(0, -'.summary.json'.length));
    else if (name.endsWith('.lock')) lockFiles.add(name.slice(0, -'.lock'.length));
  }

  const fromFiles = (id: string): Row | undefined => {
    const paths = sessionPaths(dir, id);
    // Stamped before reading: a write in between makes the stamp stale, never the summary.
    const log = stampFile(paths.log);
    if (!log) return undefined;
    const s = readSessionSummary(paths, id);
    if (!s || s.size !== log[1]) return undefined;
    summaries.set(id, s);
    return rowOf(id, log, s);
  };

  // Joined by hand (ids are checked below): path.join per file was a tenth of a 10,000-session listing.
  const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep;
  // Indexed loops here and in the listing: a for-of over an array makes an iterator result per element until V8
  // optimises the loop, a tenth of what a cold 1,000-session listing allocated.
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    // Only ids become paths (the caller's listing is of names in a hostile dir).
    if (!SESSION_ID_PATTERN.test(id)) continue;
    checked++;
    if (lockFiles.has(id)) locked.add(id);
    const old = saved.get(id);
    // A deleted summary file means "rebuild": the one readdir says so without a call per session.
    if (old !== undefined && summarized.has(id)) {
      const st = lstatOrNot(`${prefix}${id}.jsonl`);
      // The very file the row was made from: same inode, size, mtime and ctime, and still a regular file.
      if (
        st !== undefined &&
        old[1] === st.ino &&
        old[2] === st.size &&
        old[3] === st.mtimeMs &&
        old[4] === st.ctimeMs &&
        st.isFile()
      ) {
        const s = summaryOf(old);
        if (s) {
          rows.push(old as Row);
          summaries.set(id, s);
          continue;
        }
      }
    }
    const row = fromFiles(id);
    if (row || old) changed = true;
    if (row) rows.push(row);
  }
  // Sessions gone since the index was written (or rows of ids that are not sessions): write it again without them.
  if (checked !== saved.size) changed = true;

  return {
    summaries,
    locked,
    add(id) {
      const row = fromFiles(id);
      if (!row) return;
      rows.push(row);
      changed = true;
    },
    save() {
      if (!changed) return;
      const body = rows.map((r) => JSON.stringify(r)).join(',\n');
      const text = `{"v":${VERSION},"kind":"${KIND}","sessions":[\n${body}\n]}\n`;
      try {
        // A cache of what the logs say: never half-written, but not worth an fsync.
        writeFileAtomic(path.join(dir, STATUS_INDEX), text, { durable: false, mode: 0o600 });
      } catch {
        /* a read-only log dir: status works without the index */
      }
    },
  };
}
