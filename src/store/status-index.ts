import { lstatSync, readdirSync, renameSync, unlinkSync, writeFileSync, type Stats } from 'node:fs';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { SESSION_ID_PATTERN } from '../session/ids.js';
import { checkSummary, type StoredSummary } from '../session/summary.js';
import { sessionPaths } from './file-log.js';
import { readRegularFile } from './safe-fs.js';
import { readSessionSummary, summaryFile } from './session-summary.js';

/**
 * One file in the log dir that holds every session's summary, so `status`
 * over 10,000 sessions reads one file and stats two per session instead of
 * opening and reading two per session. It is a cache of the summary files,
 * as hostile as anything in the log dir: an entry is used only while both the
 * log and its summary file are the very files it was made from (inode, size,
 * mtime and ctime: ctime moves on any write and cannot be set back by a
 * user), and its summary passes the same field checks as a summary file.
 * Anything else falls back to the summary file (checked against the log's
 * last line) and then to a replay.
 */
export const STATUS_INDEX = '.status-index.json';
const KIND = 'crisis-status-index';
/** About 450 bytes per session: 64 MB is over 100,000 sessions; a bigger file is not read. */
const MAX_INDEX_BYTES = 64 * 1024 * 1024;

/** Which file an entry was made from: [inode, size, mtimeMs, ctimeMs]. */
type Stamp = [number, number, number, number];
interface Entry {
  id: string;
  log: Stamp;
  sum: Stamp;
  s: StoredSummary;
}

const stampOf = (st: Stats): Stamp => [st.ino, st.size, st.mtimeMs, st.ctimeMs];
const sameStamp = (a: unknown, b: Stamp): boolean =>
  Array.isArray(a) && a.length === 4 && a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3];

/** A regular file's stamp, never through a symlink; undefined when missing or odd. */
function stampFile(file: string): Stamp | undefined {
  try {
    const st = lstatSync(file, { throwIfNoEntry: false });
    return st?.isFile() ? stampOf(st) : undefined;
  } catch {
    return undefined;
  }
}

/** The index as saved, by session id; empty when missing, foreign, corrupt or too big. */
function readIndex(dir: string): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  try {
    const value = JSON.parse(readRegularFile(path.join(dir, STATUS_INDEX), MAX_INDEX_BYTES).toString('utf8')) as {
      v?: unknown;
      kind?: unknown;
      entries?: unknown;
    };
    if (value?.v !== 1 || value.kind !== KIND || !Array.isArray(value.entries)) return out;
    for (const e of value.entries as unknown[])
      if (e !== null && typeof e === 'object' && typeof (e as { id?: unknown }).id === 'string')
        out.set((e as { id: string }).id, e as Record<string, unknown>);
  } catch {
    /* no index, or not ours: every session falls back to its summary file */
  }
  return out;
}

export interface IndexedListing {
  /** The summary of each session that has a usable one, by id. */
  summaries: Map<string, StoredSummary>;
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
 */
export function listSummaries(dir: string, ids: readonly string[]): IndexedListing {
  const saved = readIndex(dir);
  const summaries = new Map<string, StoredSummary>();
  const entries: Entry[] = [];
  let changed = saved.size !== ids.length;
  let names: Set<string>;
  try {
    names = new Set(readdirSync(dir));
  } catch {
    names = new Set();
  }
  const locked = new Set(ids.filter((id) => names.has(`${id}.lock`)));

  // Joined by hand (ids are checked below): path.join per file was a tenth of a 10,000-session listing.
  const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep;
  const fromFiles = (id: string): Entry | undefined => {
    const paths = sessionPaths(dir, id);
    // Stamped before reading: a write in between makes the stamp stale, never the summary.
    const log = stampFile(paths.log);
    const sum = stampFile(summaryFile(paths));
    if (!log || !sum) return undefined;
    const s = readSessionSummary(paths, id);
    return s && s.size === log[1] ? { id, log, sum, s } : undefined;
  };

  for (const id of ids) {
    // Only ids become paths (the caller's listing is of names in a hostile dir).
    if (!SESSION_ID_PATTERN.test(id)) continue;
    const old = saved.get(id);
    let entry: Entry | undefined;
    if (old && names.has(`${id}.summary.json`)) {
      const log = stampFile(`${prefix}${id}.jsonl`);
      const sum = stampFile(`${prefix}${id}.summary.json`);
      const s = log && sum && sameStamp(old.log, log) && sameStamp(old.sum, sum) ? checkSummary(old.s, id) : undefined;
      if (s && s.size === log![1]) entry = { id, log: log!, sum: sum!, s };
    }
    if (!entry) {
      entry = fromFiles(id);
      if (entry || old) changed = true;
    }
    if (entry) {
      entries.push(entry);
      summaries.set(id, entry.s);
    }
  }

  return {
    summaries,
    locked,
    add(id) {
      const entry = fromFiles(id);
      if (!entry) return;
      entries.push(entry);
      changed = true;
    },
    save() {
      if (!changed) return;
      const file = path.join(dir, STATUS_INDEX);
      const tmp = path.join(dir, `${STATUS_INDEX}.${randomBytes(6).toString('hex')}.tmp`);
      try {
        writeFileSync(tmp, `${JSON.stringify({ v: 1, kind: KIND, entries })}\n`, { flag: 'wx', mode: 0o600 });
        renameSync(tmp, file);
      } catch {
        try {
          unlinkSync(tmp);
        } catch {
          /* never created */
        }
      }
    },
  };
}
