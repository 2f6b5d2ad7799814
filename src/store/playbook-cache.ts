import { nodeCrypto, sha256Hex } from './crypto-later.js';
import { codeSalt, codeSalter, type SaltModules } from './code-salt.js';
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readdirSync,
  readSync,
  rmSync,
  unlinkSync,
} from 'node:fs';
import * as path from 'node:path';
import { makeDirs, readRegularFile, writeFileAtomic } from './safe-fs.js';
import type { LibraryData } from '../playbook/load.js';
import type { Problem } from '../playbook/types.js';
import { isMessageKey } from '../text/messages.js';

/**
 * Parsed and validated user playbook files, by content hash, in the XDG cache
 * directory (what `eslint --cache` does): an unchanged file is not parsed
 * again. Only an optimisation: an entry that does not match its key (another
 * crisis version, another schema, another file) or its checksum is ignored
 * and rewritten, and any I/O error just means a miss.
 */
export interface PlaybookCache {
  get(contentSha: string): LibraryData | undefined;
  put(contentSha: string, data: LibraryData): void;
  /**
   * The same, with the data already as JSON (a parse worker's answer): its UTF-8 bytes and their SHA-256, which the
   * worker worked out, so this thread neither stringifies, encodes nor hashes it again.
   */
  putBody(contentSha: string, body: Uint8Array, sum: string): void;
  /** Write what was put since the last flush, as one pack file (until then only this process sees it). */
  flush(): void;
}

/** CRISIS_CACHE_DIR, else $XDG_CACHE_HOME/crisis, else ~/.cache/crisis; CRISIS_CACHE_DIR=off disables the cache. */
export function cacheDir(env: NodeJS.ProcessEnv): string | undefined {
  if (env.CRISIS_CACHE_DIR === 'off') return undefined;
  if (env.CRISIS_CACHE_DIR) return path.resolve(env.CRISIS_CACHE_DIR);
  if (env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME)) return path.join(env.XDG_CACHE_HOME, 'crisis');
  if (env.HOME) return path.join(env.HOME, '.cache', 'crisis');
  return undefined;
}

/** Entries bigger than this are not read: a 5 MB playbook's data is far smaller. */
const MAX_ENTRY_BYTES = 32 * 1024 * 1024;
const PACKS_SUBDIR = 'playbooks-v2';
const CHECKS_SUBDIR = 'checks-v1';

const PLAYBOOK_CODE = new URL('../playbook/', import.meta.url);

/** What makes a parse result stale besides the file's bytes: the version, the schema and the loader. */
export const cacheSalt = (version: string): string => codeSalt(version, CACHE_CODE);

const CACHE_CODE: readonly SaltModules[] = [
  {
    dir: PLAYBOOK_CODE,
    only: new Set([
      'schema',
      'load',
      'quick-load',
      'schema-check.gen',
      'schema-check-kit',
      'decode',
      'constants',
      'limits',
    ]),
  },
];

/**
 * Entries of one kind in `root`, one file each, named by the hash of their key. Line 1 of a file: {key, sum};
 * line 2: the data. The sum catches a torn or edited entry, the key a foreign one. At most `keep` entries: the
 * first write of a process that finds more removes the least recently written (a cache that only grew would
 * fill a disk over the years: every edit of a playbook is a new key).
 */
function entryStore(root: string, keep: number) {
  const fileOf = (key: string) => path.join(root, `${sha256Hex(key)}.json`);
  let unwritable = false;
  let pruned = false;
  const writeJson = (key: string, body: string): void => {
    if (unwritable) return;
    try {
      // Once per process: a thousand files written were a thousand mkdir calls.
      if (!pruned) {
        makeDirs(root, 0o700);
        pruned = true;
        pruneEntries(root, keep);
      }
      // A reader sees the old entry, no entry, or the whole new one; the sum is checked on every read.
      const entry = `${JSON.stringify({ key, sum: sha256Hex(body) })}\n${body}`;
      writeFileAtomic(fileOf(key), entry, { durable: false, mode: 0o600 });
    } catch {
      // A read-only or full cache directory: keep working without it.
      unwritable = true;
    }
  };
  return {
    read(key: string): unknown {
      let text: string;
      try {
        text = readRegularFile(fileOf(key), MAX_ENTRY_BYTES).toString('utf8');
      } catch {
        return undefined; // missing, a symlink, not a file, too big: a miss
      }
      const nl = text.indexOf('\n');
      if (nl < 0) return undefined;
      const body = text.slice(nl + 1);
      try {
        const header = JSON.parse(text.slice(0, nl)) as { key?: unknown; sum?: unknown };
        if (header.key !== key || header.sum !== sha256Hex(body)) return undefined;
        return JSON.parse(body) as unknown;
      } catch {
        return undefined;
      }
    },
    write(key: string, data: unknown): void {
      writeJson(key, JSON.stringify(data));
    },
    writeJson,
  };
}

/** Down to three quarters of `keep` when over it, oldest first (by mtime); best effort. */
export function pruneEntries(root: string, keep: number): void {
  let names: string[];
  try {
    names = readdirSync(root).filter((n) => /^[0-9a-f]{64}\.json$/.test(n));
  } catch {
    return;
  }
  if (names.length <= keep) return;
  const aged = names.map((n) => {
    try {
      return { n, t: lstatSync(path.join(root, n)).mtimeMs };
    } catch {
      return { n, t: 0 };
    }
  });
  aged.sort((a, b) => a.t - b.t || (a.n < b.n ? -1 : 1));
  for (const { n } of aged.slice(0, names.length - Math.floor((keep * 3) / 4))) {
    try {
      unlinkSync(path.join(root, n));
    } catch {
      /* gone already, or not ours to remove */
    }
  }
}

/** Parsed files kept: a team's library is hundreds; thousands of stale versions are not worth keeping. */
export const KEEP_PLAYBOOKS = 4096;
/** Whole-check results kept: one per state of a library that was validated. */
export const KEEP_CHECKS = 64;

/**
 * Parsed files, many to a file: one pack per process that parsed something new, written once at the end
 * (a thousand files written one by one were a fifth of a cold validate's CPU, most of it creating files).
 * A pack is line 1, its index `{"v":1,"entries":[[keyHash, offset, length, sum], …]}`, then the bodies (JSON
 * text, offsets counted from the end of line 1). Packs are written whole under a new name (temp file and
 * rename) and never changed after, so an index always describes its own file; a body is read by its range and
 * used only when its SHA-256 is the sum its index gives and the index entry is under the hash of the full key
 * (salt and content hash): a torn, edited or foreign pack is a miss. Bounded: past MAX_PACKS packs or `keep`
 * entries, the writer merges the packs into one (the newest entries, down to three quarters of `keep`).
 */
export const MAX_PACKS = 16;
/** A pack's index is at most this long (4096 entries take about 600 KB). */
const MAX_INDEX_BYTES = 8 * 1024 * 1024;
/** A pack bigger than this is not merged (only dropped when its turn comes). */
const MAX_PACK_BYTES = 512 * 1024 * 1024;
const PACK_NAME = /^[0-9a-z]+-[0-9a-f]{8}\.pack$/;
const HEX64 = /^[0-9a-f]{64}$/;
const { O_RDONLY, O_NONBLOCK, O_NOFOLLOW } = constants;

interface PackEntry {
  keyHash: string;
  at: number;
  len: number;
  sum: string;
}
interface Pack {
  file: string;
  mtimeMs: number;
  /** where the bodies start: the byte after line 1 */
  base: number;
  entries: PackEntry[];
}

/** An open regular file, never through a symlink, never blocking on a FIFO; undefined when it is not one. */
function openRegular(file: string): { fd: number; size: number; mtimeMs: number } | undefined {
  let fd: number;
  try {
    fd = openSync(file, O_RDONLY | O_NONBLOCK | O_NOFOLLOW);
  } catch {
    return undefined;
  }
  try {
    const st = fstatSync(fd);
    if (st.isFile()) return { fd, size: st.size, mtimeMs: st.mtimeMs };
  } catch {
    /* fall through */
  }
  closeSync(fd);
  return undefined;
}

const position = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;

/** A pack's index (line 1), checked entry by entry; undefined when it is not one. */
function readPackIndex(file: string): Pack | undefined {
  const f = openRegular(file);
  if (!f) return undefined;
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(64 * 1024, MAX_INDEX_BYTES + 1 - total));
      const n = readSync(f.fd, chunk, 0, chunk.length, total);
      if (n === 0) return undefined;
      const nl = chunk.subarray(0, n).indexOf(10);
      if (nl >= 0) {
        chunks.push(chunk.subarray(0, nl));
        total += nl;
        break;
      }
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > MAX_INDEX_BYTES) return undefined;
    }
    const head = JSON.parse(Buffer.concat(chunks, total).toString('utf8')) as { v?: unknown; entries?: unknown };
    if (head === null || typeof head !== 'object' || head.v !== 1 || !Array.isArray(head.entries)) return undefined;
    const entries: PackEntry[] = [];
    for (const e of head.entries as unknown[]) {
      if (!Array.isArray(e) || e.length !== 4) return undefined;
      const [keyHash, at, len, sum] = e as unknown[];
      if (typeof keyHash !== 'string' || !HEX64.test(keyHash) || typeof sum !== 'string' || !HEX64.test(sum))
        return undefined;
      if (!position(at) || !position(len) || len > MAX_ENTRY_BYTES) return undefined;
      entries.push({ keyHash, at, len, sum });
    }
    return { file, mtimeMs: f.mtimeMs, base: total + 1, entries };
  } catch {
    return undefined;
  } finally {
    closeSync(f.fd);
  }
}

/** The bytes of one entry, when they are there whole and match their sum. */
function readPackBody(pack: Pack, entry: PackEntry): Buffer | undefined {
  const f = openRegular(pack.file);
  if (!f) return undefined;
  try {
    if (pack.base + entry.at + entry.len > f.size) return undefined;
    const body = Buffer.allocUnsafe(entry.len);
    let got = 0;
    while (got < entry.len) {
      const n = readSync(f.fd, body, got, entry.len - got, pack.base + entry.at + got);
      if (n === 0) return undefined;
      got += n;
    }
    return sha256Hex(body) === entry.sum ? body : undefined;
  } catch {
    return undefined;
  } finally {
    closeSync(f.fd);
  }
}

/**
 * Line 1 (the index) and the bodies, each followed by a newline (for a person who looks), as the parts of the file
 * in order: they are written as they are (a cold validate of 1,000 files copied 13 MB to join them).
 */
export function packParts(bodies: ReadonlyArray<{ keyHash: string; body: Buffer; sum: string }>): Buffer[] {
  let at = 0;
  const entries = bodies.map(({ keyHash, body, sum }) => {
    const e = [keyHash, at, body.length, sum];
    at += body.length + 1;
    return e;
  });
  const nl = Buffer.from('\n');
  return [Buffer.from(`${JSON.stringify({ v: 1, entries })}\n`), ...bodies.flatMap((b) => [b.body, nl])];
}

/** Where round five kept one file per parsed playbook: removed when the first pack dir is made (nothing reads it). */
const OLD_SUBDIR = 'playbooks-v1';

function packStore(root: string, keep: number) {
  let packs: Pack[] | undefined;
  let unwritable = false;
  /** keyHash → body, put since the last flush */
  const pending = new Map<string, { body: Buffer; sum?: string }>();
  /** Every pack's index, newest first (a key in two packs: the newer answers first). */
  const load = (): Pack[] => {
    if (packs) return packs;
    let names: string[];
    try {
      names = readdirSync(root).filter((n) => PACK_NAME.test(n));
    } catch {
      names = [];
    }
    packs = names.flatMap((n) => readPackIndex(path.join(root, n)) ?? []);
    packs.sort((a, b) => b.mtimeMs - a.mtimeMs || (a.file < b.file ? 1 : -1));
    return packs;
  };
  let byKey: Map<string, Array<{ pack: Pack; entry: PackEntry }>> | undefined;
  const locations = () => {
    if (byKey) return byKey;
    byKey = new Map();
    for (const pack of load())
      for (const entry of pack.entries) {
        const list = byKey.get(entry.keyHash);
        if (list) list.push({ pack, entry });
        else byKey.set(entry.keyHash, [{ pack, entry }]);
      }
    return byKey;
  };
  /** Many packs or entries: one pack of the newest entries (this process's first) replaces them all. */
  const merge = (fresh: Array<{ keyHash: string; body: Buffer; sum: string }>) => {
    const old = load();
    const limit = Math.max(fresh.length, Math.floor((keep * 3) / 4));
    const seen = new Set(fresh.map((f) => f.keyHash));
    const out = [...fresh];
    for (const pack of old) {
      if (out.length >= limit) break;
      const f = openRegular(pack.file);
      if (!f) continue;
      let bytes: Buffer | undefined;
      try {
        if (f.size <= MAX_PACK_BYTES) {
          bytes = Buffer.allocUnsafe(f.size);
          let got = 0;
          while (got < f.size) {
            const n = readSync(f.fd, bytes, got, f.size - got, got);
            if (n === 0) break;
            got += n;
          }
          bytes = bytes.subarray(0, got);
        }
      } catch {
        bytes = undefined;
      } finally {
        closeSync(f.fd);
      }
      if (!bytes) continue;
      for (const e of pack.entries) {
        if (out.length >= limit) break;
        if (seen.has(e.keyHash) || pack.base + e.at + e.len > bytes.length) continue;
        seen.add(e.keyHash);
        // Copied as it is: a body that does not match its sum is still caught when it is read.
        out.push({ keyHash: e.keyHash, body: bytes.subarray(pack.base + e.at, pack.base + e.at + e.len), sum: e.sum });
      }
    }
    return out;
  };
  return {
    read(key: string): unknown {
      const keyHash = sha256Hex(key);
      const mine = pending.get(keyHash)?.body;
      const candidates = mine
        ? [mine]
        : (locations().get(keyHash) ?? []).map(({ pack, entry }) => [pack, entry] as const);
      for (const c of candidates) {
        const body = Buffer.isBuffer(c) ? c : readPackBody(c[0], c[1]);
        if (!body) continue;
        try {
          return JSON.parse(body.toString('utf8')) as unknown;
        } catch {
          /* a body that is not JSON: try the next copy */
        }
      }
      return undefined;
    },
    /** An entry's body as JSON text, or as its UTF-8 bytes with their SHA-256 (`sum`). */
    write(key: string, body: string | Uint8Array, sum?: string): void {
      if (unwritable) return;
      const bytes =
        typeof body === 'string' ? Buffer.from(body) : Buffer.from(body.buffer, body.byteOffset, body.length);
      pending.set(sha256Hex(key), { body: bytes, sum });
    },
    flush(): void {
      if (pending.size === 0 || unwritable) return;
      const fresh = [...pending].map(([keyHash, { body, sum }]) => ({ keyHash, body, sum: sum ?? sha256Hex(body) }));
      pending.clear();
      try {
        // mkdir answers with the path only when it made the dir: the first pack in this cache dir.
        const made = makeDirs(root, 0o700) !== undefined;
        if (made)
          try {
            // lstat-based: a symlink in its place is removed itself, never followed. Looked for first: rmSync
            // loads Node's rimraf even when there is nothing to remove, which is every first run (~0.5 ms).
            const old = path.join(path.dirname(root), OLD_SUBDIR);
            if (lstatSync(old, { throwIfNoEntry: false })) rmSync(old, { recursive: true, force: true });
          } catch {
            /* best effort: a leftover is only disk space */
          }
        const old = load();
        const total = old.reduce((n, p) => n + p.entries.length, 0) + fresh.length;
        const merging = old.length + 1 > MAX_PACKS || total > keep;
        const entries = merging ? merge(fresh) : fresh;
        const name = `${Date.now().toString(36)}-${nodeCrypto().randomBytes(4).toString('hex')}.pack`;
        // A reader sees the whole pack or none of it; an old pack is removed only once its entries are in the new.
        writeFileAtomic(path.join(root, name), packParts(entries), { durable: false, mode: 0o600 });
        if (merging)
          for (const p of old)
            try {
              unlinkSync(p.file);
            } catch {
              /* gone already (another process merged too), or not ours */
            }
        packs = undefined;
        byKey = undefined;
      } catch {
        // A read-only or full cache directory: keep working without it.
        unwritable = true;
      }
    },
  };
}

/** `salt` may be a function, worked out on the first lookup: runs that read only built-ins never pay for it. */
export function openPlaybookCache(
  dir: string,
  salt: string | (() => string),
  keep: number = KEEP_PLAYBOOKS,
): PlaybookCache {
  const store = packStore(path.join(dir, PACKS_SUBDIR), keep);
  let saltText: string | undefined;
  const keyOf = (contentSha: string) => `${(saltText ??= typeof salt === 'string' ? salt : salt())}:${contentSha}`;
  return {
    get(contentSha) {
      const data = store.read(keyOf(contentSha)) as LibraryData | undefined | null;
      if (data === null || typeof data !== 'object' || typeof data.id !== 'string' || typeof data.kind !== 'string')
        return undefined;
      return data;
    },
    put(contentSha, data) {
      store.write(keyOf(contentSha), JSON.stringify(data));
    },
    putBody(contentSha, body, sum) {
      store.write(keyOf(contentSha), body, sum);
    },
    flush() {
      store.flush();
    },
  };
}

/** What `validate` found over a whole library, stored under a key naming every input (checkKey). */
export interface CheckResult {
  problems: Problem[];
}

export interface CheckCache {
  get(key: string): CheckResult | undefined;
  put(key: string, result: CheckResult): void;
}

/**
 * The result of checking a library depends on its files' names and bytes,
 * which of them are checked, and the code that composes and lints: all in the
 * key, so an unchanged library is not parsed, composed or linted again.
 */
export function checkKey(
  salt: string,
  mode: string,
  files: ReadonlyArray<{ file: string; source: string; sha: string }>,
) {
  const h = nodeCrypto().createHash('sha256');
  h.update(`${salt}\n${mode}\n`);
  for (const f of files) h.update(`${JSON.stringify([f.file, f.source, f.sha])}\n`);
  return h.digest('hex');
}

/** What makes a whole check stale besides the files: the version and all the playbook code and its text helpers. */
export const checkSalt = (version: string): string => codeSalt(version, CHECK_CODE);

const CHECK_CODE: readonly SaltModules[] = [
  { dir: PLAYBOOK_CODE },
  { dir: new URL('../text/', import.meta.url), only: new Set(['own', 'sanitize']) },
  { dir: new URL('./', import.meta.url), only: new Set(['library-files', 'playbook-cache']) },
];

/** Every set of code modules a salt is made of: the build records their salts (scripts/code-salts.mjs). */
export const SALT_SETS: ReadonlyArray<readonly SaltModules[]> = [CACHE_CODE, CHECK_CODE];

/**
 * checkSalt and cacheSalt, each worked out when first asked for, every code module read once over both
 * (cacheSalt's modules are some of checkSalt's): `validate` needs the second only when its check result is not
 * cached, and then reads nothing more.
 */
export function validateSalts(version: string): { check(): string; cache(): string } {
  const salt = codeSalter(version);
  let check: string | undefined;
  let cache: string | undefined;
  return { check: () => (check ??= salt(CHECK_CODE)), cache: () => (cache ??= salt(CACHE_CODE)) };
}

const positionOrNone = (n: unknown) => n === undefined || (typeof n === 'number' && Number.isSafeInteger(n) && n > 0);

const FIELDS = new Set(['file', 'line', 'col', 'severity', 'code', 'message', 'said']);
const SAID_FIELDS = new Set(['key', 'params', 'en']);

/** A catalogued sentence: a known key, params of text, numbers or sentences (not deeper than a few), no more. */
function saidOk(v: unknown, depth = 0): boolean {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || depth > 4) return false;
  if (Object.keys(v).some((k) => !SAID_FIELDS.has(k))) return false;
  const { key, params, en } = v as Record<string, unknown>;
  if (typeof key !== 'string' || !isMessageKey(key) || (en !== undefined && typeof en !== 'string')) return false;
  if (params === undefined) return true;
  if (params === null || typeof params !== 'object' || Array.isArray(params)) return false;
  return Object.values(params).every(
    (p) => typeof p === 'string' || (typeof p === 'number' && Number.isFinite(p)) || saidOk(p, depth + 1),
  );
}

/**
 * A cached problem, checked field by field (an entry is as hostile as the cache dir): the parsed object itself
 * when it has the fields of a problem and no other (so `--json` prints it as a fresh check would), else undefined.
 */
function problemOf(p: unknown): Problem | undefined {
  if (p === null || typeof p !== 'object' || Array.isArray(p)) return undefined;
  if (Object.keys(p).some((k) => !FIELDS.has(k))) return undefined;
  const { file, line, col, severity, code, message } = p as Record<string, unknown>;
  if (typeof file !== 'string' || typeof code !== 'string' || typeof message !== 'string') return undefined;
  if ((severity !== 'error' && severity !== 'warning') || !positionOrNone(line) || !positionOrNone(col))
    return undefined;
  const { said } = p as Record<string, unknown>;
  if (said !== undefined && !saidOk(said)) return undefined;
  return p as Problem;
}

export function openCheckCache(dir: string, keep: number = KEEP_CHECKS): CheckCache {
  const store = entryStore(path.join(dir, CHECKS_SUBDIR), keep);
  return {
    get(key) {
      const data = store.read(key) as { problems?: unknown } | undefined | null;
      if (data === null || typeof data !== 'object' || !Array.isArray(data.problems)) return undefined;
      const problems = (data.problems as unknown[]).map(problemOf);
      return problems.every((p) => p !== undefined) ? { problems: problems as Problem[] } : undefined;
    },
    put(key, result) {
      store.write(key, result);
    },
  };
}
