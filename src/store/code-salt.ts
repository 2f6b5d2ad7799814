import { readdirSync, readFileSync, statSync } from 'node:fs';
import { nodeCrypto } from './crypto-later.js';
import { sameStamp } from './file-stamp.js';

/** Code modules whose bytes go into a salt: every module in `dir`, or only those named in `only` (no extension). */
export interface SaltModules {
  dir: URL;
  only?: ReadonlySet<string>;
}

/**
 * The salts the build worked out (scripts/code-salts.mjs), each with the files it hashed: path (from this file's
 * directory), size and mtime in ms. dist/code-salts.json; there is none beside src/.
 */
export interface RecordedSalts {
  v: 1;
  version: string;
  salts: Array<{ salt: string; files: Array<[path: string, size: number, mtimeMs: number]> }>;
}

const BUILT = new URL('../code-salts.json', import.meta.url);

/**
 * The crisis version and the bytes of the given code modules (`.js` when built, `.ts` when run from source; never
 * `.d.ts`): a rebuilt module gives new keys even without a version bump.
 */
export function codeSalt(version: string, modules: readonly SaltModules[], recorded: URL = BUILT): string {
  return codeSalter(version, recorded)(modules);
}

/**
 * codeSalt for several sets of code modules, one after the other, each directory listed and each file read once
 * over all of them (the sets may share modules). A salt the build recorded for the very same files (same paths,
 * sizes and times) is taken as it is: worked out here it reads and hashes some 40 modules, ~2.5 ms per set
 * (bench/README.md, round nine), for the value the build already had.
 */
export function codeSalter(version: string, recorded: URL = BUILT): (modules: readonly SaltModules[]) => string {
  const listed = new Map<string, string[] | null>();
  const read = new Map<string, Buffer | null>();
  const names = (dir: URL): string[] | null => {
    let got = listed.get(dir.href);
    if (got === undefined) {
      try {
        got = readdirSync(dir).sort();
      } catch {
        got = null;
      }
      listed.set(dir.href, got);
    }
    return got;
  };
  const bytes = (url: URL): Buffer | null => {
    let got = read.get(url.href);
    if (got === undefined) {
      try {
        got = readFileSync(url);
      } catch {
        got = null; // unreadable: another build will have another salt anyway
      }
      read.set(url.href, got);
    }
    return got;
  };
  return (modules) => {
    const files = saltFiles(modules, names);
    return recordedSalt(version, files, recorded) ?? hashFiles(version, files, bytes);
  };
}

interface SaltFile {
  url: URL;
  name: string;
}

/** The files a salt covers, in the order they are hashed. */
function saltFiles(modules: readonly SaltModules[], names: (dir: URL) => string[] | null): SaltFile[] {
  const files: SaltFile[] = [];
  for (const { dir, only } of modules)
    for (const name of names(dir) ?? []) {
      if (!/\.(js|ts)$/.test(name) || name.endsWith('.d.ts')) continue;
      if (only && !only.has(name.replace(/\.(js|ts)$/, ''))) continue;
      files.push({ url: new URL(name, dir), name });
    }
  return files;
}

/** The salt itself: the version, then each readable file's name and bytes. */
function hashFiles(version: string, files: readonly SaltFile[], bytes: (url: URL) => Buffer | null): string {
  const h = nodeCrypto().createHash('sha256');
  h.update(`crisis ${version}\n`);
  for (const { url, name } of files) {
    const b = bytes(url);
    if (!b) continue;
    h.update(`${name}\n`);
    h.update(b);
  }
  return h.digest('hex');
}

/** The build's salts for these sets, and the size and time of every file they hashed (scripts/code-salts.mjs). */
export function recordSalts(
  version: string,
  sets: ReadonlyArray<readonly SaltModules[]>,
  at: URL = BUILT,
): RecordedSalts {
  const root = new URL('./', at);
  const salts = sets.map((modules) => {
    const files = saltFiles(modules, (dir) => readdirSync(dir).sort());
    return {
      salt: hashFiles(version, files, (url) => readFileSync(url)),
      files: files.map(({ url }): [string, number, number] => {
        const st = statSync(url);
        return [url.href.slice(root.href.length), st.size, st.mtimeMs];
      }),
    };
  });
  return { v: 1, version, salts };
}

const loaded = new Map<string, RecordedSalts | null>();

/** The recorded salts at `at`, read once; null when there are none or they are not ours. */
function readRecorded(at: URL): RecordedSalts | null {
  let got = loaded.get(at.href);
  if (got === undefined) {
    got = null;
    try {
      const value = JSON.parse(readFileSync(at, 'utf8')) as RecordedSalts;
      if (value?.v === 1 && typeof value.version === 'string' && Array.isArray(value.salts)) got = value;
    } catch {
      /* none (run from source), or unreadable: every salt is worked out */
    }
    loaded.set(at.href, got);
  }
  return got;
}

/**
 * The recorded salt of exactly these files, when each still has the size and time the build saw (sameStamp);
 * undefined otherwise.
 */
function recordedSalt(version: string, files: readonly SaltFile[], at: URL): string | undefined {
  const record = readRecorded(at);
  if (!record || record.version !== version) return undefined;
  const root = new URL('./', at).href;
  const paths = files.map(({ url }) => (url.href.startsWith(root) ? url.href.slice(root.length) : undefined));
  const entry = record.salts.find(
    (s) =>
      typeof s?.salt === 'string' &&
      Array.isArray(s.files) &&
      s.files.length === paths.length &&
      s.files.every((f, i) => Array.isArray(f) && f[0] === paths[i]),
  );
  if (!entry) return undefined;
  for (const [i, [, size, mtimeMs]] of entry.files.entries()) {
    const st = statSync(files[i]!.url, { throwIfNoEntry: false });
    if (!st?.isFile() || !sameStamp([size, mtimeMs], st.size, st.mtimeMs)) return undefined;
  }
  return entry.salt;
}
