import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { readRegularFile, writeFileAtomic } from './safe-fs.js';
import type { LibraryData } from '../playbook/load.js';

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
const SUBDIR = 'playbooks-v1';

/**
 * What makes a parse result stale besides the file's bytes: the crisis
 * version and the code that parses and validates (the schema and the loader,
 * hashed from the modules beside this one, so a rebuilt schema changes the
 * key even without a version bump).
 */
export function cacheSalt(version: string): string {
  const h = createHash('sha256');
  h.update(`crisis ${version}\n`);
  for (const name of [
    'schema',
    'load',
    'quick-load',
    'schema-check.gen',
    'schema-check-kit',
    'decode',
    'constants',
    'limits',
  ]) {
    for (const ext of ['.js', '.ts']) {
      try {
        h.update(readFileSync(new URL(`../playbook/${name}${ext}`, import.meta.url)));
        break;
      } catch {
        /* the other extension: built (dist/) or run from source (tests) */
      }
    }
  }
  return h.digest('hex');
}

const sha256 = (text: string | Uint8Array) => createHash('sha256').update(text).digest('hex');

/** `salt` may be a function, worked out on the first lookup: runs that read only built-ins never pay for it. */
export function openPlaybookCache(dir: string, salt: string | (() => string)): PlaybookCache {
  const root = path.join(dir, SUBDIR);
  let saltText: string | undefined;
  const keyOf = (contentSha: string) => `${(saltText ??= typeof salt === 'string' ? salt : salt())}:${contentSha}`;
  const fileOf = (key: string) => path.join(root, `${sha256(key)}.json`);
  let unwritable = false;
  return {
    get(contentSha) {
      const key = keyOf(contentSha);
      let text: string;
      try {
        text = readRegularFile(fileOf(key), MAX_ENTRY_BYTES).toString('utf8');
      } catch {
        return undefined; // missing, a symlink, not a file, too big: a miss
      }
      if (text === undefined) return undefined;
      // Line 1: {key, sum}; line 2: the data. The sum catches a torn or edited entry, the key a foreign one.
      const nl = text.indexOf('\n');
      if (nl < 0) return undefined;
      const body = text.slice(nl + 1);
      try {
        const header = JSON.parse(text.slice(0, nl)) as { key?: unknown; sum?: unknown };
        if (header.key !== key || header.sum !== sha256(body)) return undefined;
        const data = JSON.parse(body) as LibraryData;
        if (data === null || typeof data !== 'object' || typeof data.id !== 'string' || typeof data.kind !== 'string')
          return undefined;
        return data;
      } catch {
        return undefined;
      }
    },
    put(contentSha, data) {
      if (unwritable) return;
      const key = keyOf(contentSha);
      const body = JSON.stringify(data);
      try {
        mkdirSync(root, { recursive: true, mode: 0o700 });
        // A reader sees the old entry, no entry, or the whole new one; the sum is checked on every read.
        const entry = `${JSON.stringify({ key, sum: sha256(body) })}\n${body}`;
        writeFileAtomic(fileOf(key), entry, { durable: false, mode: 0o600 });
      } catch {
        // A read-only or full cache directory: keep working without it.
        unwritable = true;
      }
    },
  };
}
