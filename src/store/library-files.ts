import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CrisisError, ExitCode, say } from '../errors.js';
import type { FoundFile, Library } from '../playbook/library-build.js';
import { sha256Hex } from './crypto-later.js';
import { sameStamp } from './file-stamp.js';
import { MAX_FILE_BYTES, MIN_FILES_FOR_WORKERS } from '../playbook/limits.js';
import { readRegularFile, refusalSaid } from './safe-fs.js';
import { fileProblem } from '../playbook/decode.js';
import type { Said } from '../text/messages.js';
import { displayPath } from './display-path.js';

export { displayPath };
import type { LibraryData, ParsedFile } from '../playbook/load.js';
import type { Playbook } from '../playbook/types.js';
import type { PlaybookCache } from './playbook-cache.js';
import type { ParseJob, ParseOutcome, ParsePool } from './parse-pool.js';
import { byName } from '../text/order.js';

/** The playbooks shipped with the package. */
export const BUILTIN_DIR = fileURLToPath(new URL('../../playbooks/', import.meta.url));
const SKIP_DIRS = new Set(['schema', 'coverage-parts', 'node_modules']);
const isYaml = (name: string) => name.endsWith('.yaml') || name.endsWith('.yml');

export interface SearchPathOptions {
  playbooks?: readonly string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export interface SearchDir {
  dir: string;
  /** how it got on the path: --playbooks, CRISIS_PLAYBOOKS, ./playbooks, built-in */
  origin: string;
}

const builtinReal = () => realpathSync(BUILTIN_DIR);

/** --playbooks, CRISIS_PLAYBOOKS, ./playbooks, built-ins: first match wins. */
export function searchPath({ playbooks = [], env, cwd }: SearchPathOptions): SearchDir[] {
  const dirs: SearchDir[] = [];
  const seen = new Set<string>();
  const add = (dir: string, origin: string, mustExist: boolean) => {
    const abs = path.resolve(cwd, dir);
    if (!existsSync(abs) || !statSync(abs).isDirectory()) {
      if (mustExist)
        throw new CrisisError(say('error.library.noDir', { origin, dir }), {
          hint: say('error.library.noDir.hint'),
          exitCode: ExitCode.usage,
        });
      return;
    }
    const real = realpathSync(abs);
    if (seen.has(real)) return;
    seen.add(real);
    // Running from a checkout, ./playbooks is the built-in library itself.
    dirs.push({ dir: abs, origin: real === builtinReal() ? 'built-in' : origin });
  };
  for (const dir of playbooks) {
    add(dir, '--playbooks', true);
    const abs = path.resolve(cwd, dir);
    if (listYamlFiles(abs).length === 0)
      throw new CrisisError(say('error.library.noFiles', { dir: `--playbooks: ${dir}` }), {
        hint: say('error.library.noFiles.hint'),
        exitCode: ExitCode.usage,
      });
  }
  for (const dir of (env.CRISIS_PLAYBOOKS ?? '').split(path.delimiter).filter(Boolean))
    add(dir, 'CRISIS_PLAYBOOKS', false);
  add(path.join(cwd, 'playbooks'), './playbooks', false);
  add(BUILTIN_DIR, 'built-in', true);
  return dirs;
}

/** Every YAML file under a directory, sorted, skipping generated folders. */
export function listYamlFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    // Only what is walked or kept is sorted: the README.md beside the playbooks needs no place in the order.
    const entries = readdirSync(d, { withFileTypes: true }).filter((e) =>
      e.isDirectory() ? !SKIP_DIRS.has(e.name) : e.isFile() && isYaml(e.name),
    );
    for (const entry of entries.sort((a, b) => byName(a.name, b.name))) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.push(full);
    }
  };
  walk(dir);
  return out;
}

type LoadModule = typeof import('../playbook/load.js');
type DecodeModule = typeof import('../playbook/decode.js');
let loader: LoadModule | undefined;

/**
 * yaml and zod cost ~110 ms to load: import them only when some file is not
 * in the build-time index (or a problem needs a line number).
 */
export async function loadParser(): Promise<LoadModule> {
  // The quick locator with it: a file the quick pass read is placed by js-yaml even once `yaml` is loaded.
  await loadLocator();
  return (loader ??= await import('../playbook/load.js'));
}
export const parserLoaded = (): boolean => loader !== undefined;

let locator: typeof import('../playbook/quick-locate.js') | undefined;
/**
 * Positions without `yaml`: a file the quick pass read is placed by js-yaml again (quick-locate.ts, five times
 * faster than `yaml` on a 5 MB file). Loaded when a problem needs a position; a file it cannot place waits for
 * loadParser().
 */
export async function loadLocator(): Promise<void> {
  locator ??= await import('../playbook/quick-locate.js');
}

/**
 * Built-in files, parsed and validated at build time (scripts/build-index.mjs), by content hash. Each file's data
 * is saved in two parts: its head (id, kind, title, summary: what every library reads of every file) in
 * builtin-index.json, and the rest as JSON text in builtin-index.rest, read and parsed only when a command first
 * reads one of those fields. Why: every command puts every built-in in its library, but `list` reads heads, and
 * `start` or `validate FILE` the phases of the few files a plan uses; parsing the whole 440 KB was ~7 ms of
 * each (bench/README.md, round eight).
 */
const INDEX_FILE = fileURLToPath(new URL('../builtin-index.json', import.meta.url));
const REST_FILE = fileURLToPath(new URL('../builtin-index.rest', import.meta.url));
/** builtin-index.json as the build wrote it. */
interface SavedIndex {
  /** the byte length of builtin-index.rest: a rest file of another length is not this index's */
  restBytes: number;
  files: Record<string, SavedEntry>;
}
interface SavedEntry {
  sha256: string;
  steps?: number;
  /** a playbook's links: the ids its phases use, then its review */
  links?: string[];
  /** every field of the file's data, in order */
  keys: string[];
  head: Record<string, unknown>;
  /** where the other fields' JSON text is in builtin-index.rest: [byte offset, byte length] */
  rest: [number, number];
  /** the file's size and mtime (ms) when the build read it */
  stamp?: [number, number];
}
let restText: Buffer | undefined;

/**
 * A file's data whose fields past the head are read and parsed on first read of any of them, all at once; they
 * are plain fields from then on.
 */
function lazyData(saved: SavedEntry): LibraryData {
  const data: Record<string, unknown> = {};
  const later = saved.keys.filter((k) => !Object.hasOwn(saved.head, k));
  const settle = () => {
    restText ??= readFileSync(REST_FILE);
    const [at, length] = saved.rest;
    const rest = JSON.parse(restText.toString('utf8', at, at + length)) as Record<string, unknown>;
    for (const k of later)
      Object.defineProperty(data, k, { value: rest[k], writable: true, enumerable: true, configurable: true });
  };
  for (const k of saved.keys) {
    if (Object.hasOwn(saved.head, k)) data[k] = saved.head[k];
    else
      Object.defineProperty(data, k, {
        get: () => (settle(), data[k]),
        set: (value: unknown) => (settle(), (data[k] = value)),
        enumerable: true,
        configurable: true,
      });
  }
  return data as unknown as LibraryData;
}

export interface IndexEntry {
  sha256: string;
  /** the file's size and mtime (ms) when the build read it */
  stamp?: [number, number];
  data: LibraryData;
  /** a playbook's composed step count (default options) in the library of every indexed built-in */
  steps?: number;
  /** a playbook's links, as in its data: the ids its phases use, then its review */
  links?: readonly string[];
}
let index: Map<string, IndexEntry> | undefined;
/** Index entries by their data: a library entry read from the index is known by its data object. */
const byData = new WeakMap<object, IndexEntry>();
function builtinIndex(): Map<string, IndexEntry> {
  if (index) return index;
  index = new Map();
  try {
    const saved = JSON.parse(readFileSync(INDEX_FILE, 'utf8')) as SavedIndex;
    // Both files come from one build; a rest file of another length (a partial copy, another build) means no
    // index at all: every built-in is parsed from its YAML, as for a file the index does not hold.
    if (statSync(REST_FILE).size !== saved.restBytes) return index;
    for (const [rel, s] of Object.entries(saved.files)) {
      const entry: IndexEntry = { sha256: s.sha256, stamp: s.stamp, data: lazyData(s), steps: s.steps, links: s.links };
      index.set(rel, entry);
      byData.set(entry.data, entry);
    }
  } catch {
    index = new Map();
  }
  return index;
}

/** The build-time index entry a file's data came from (undefined: parsed, or from the user cache). */
export const indexEntryOf = (data: object): IndexEntry | undefined => byData.get(data);
/** How many files the build-time index holds. */
export const builtinIndexSize = (): number => builtinIndex().size;

const problemFile = (display: string, code: string, said: Said): ParsedFile<LibraryData> => ({
  file: display,
  problems: [fileProblem(display, code, said)],
  locate: () => undefined,
});

/** A file to read: its path, how to show it, and the search-path entry it came from. */
export interface FileRef {
  path: string;
  file: string;
  source: string;
}

/**
 * Read files; every failure becomes a problem, never a throw. A file whose
 * bytes match the build-time index or the user cache is not parsed again;
 * its positions are worked out only if a problem asks for one.
 */
export async function readFiles(refs: readonly FileRef[], cache?: PlaybookCache): Promise<FoundFile[]> {
  return parseFiles(readAll(refs), cache);
}

/** A file's bytes (or why they could not be read) and their SHA-256 ('' when unread). */
export interface ReadFile {
  ref: FileRef;
  bytes?: Uint8Array;
  problem?: ParsedFile<LibraryData>;
  sha: string;
}

/** Read and hash files, parsing none: what a cache key over a whole library needs. */
export function readAll(refs: readonly FileRef[]): ReadFile[] {
  return refs.map((ref) => {
    const unchanged = unchangedBuiltin(ref);
    if (unchanged) return unchanged;
    const r = readBytes(ref);
    return { ref, ...r, sha: r.bytes ? sha256Hex(r.bytes) : '' };
  });
}

/** Workers started by readLibrary for the files it read, which parseFiles gives them (or stops). */
const earlyPools = new WeakMap<readonly ReadFile[], ParsePool>();

/**
 * readAll, with the parse workers started first when there are enough files besides the built-ins for them: a
 * worker loads its modules while this thread reads. Most such runs parse (a cold cache); a warm one stops them.
 */
export async function readLibrary(refs: readonly FileRef[]): Promise<ReadFile[]> {
  let own = 0;
  for (const ref of refs) if (ref.source !== 'built-in') own++;
  if (own < MIN_FILES_FOR_WORKERS) return readAll(refs);
  const { startPool, workerCount } = await import('./parse-pool.js');
  const threads = workerCount(own);
  if (threads === 0) return readAll(refs);
  // The workers parse from the first file on, each reading its own; the built-ins are not theirs (the build-time
  // index has them).
  const pool = startPool(
    threads,
    refs.map((ref) => ({ path: ref.source === 'built-in' ? '' : ref.path, file: ref.file })),
  );
  const read = readAll(refs);
  earlyPools.set(read, pool);
  return read;
}

/**
 * A built-in file with the size and time the build saw (builtin-index.json): its hash is the index's, and its
 * bytes are read only if something asks for them (a problem's position). Why: `list`, `show` and `start` read and
 * hashed all 26 built-ins (680 KB) on every run. A file changed in place has a new time; a copy that did not
 * keep times (or a packed install, whose files carry one fixed time) is read and hashed as before.
 */
function unchangedBuiltin(ref: FileRef): ReadFile | undefined {
  if (ref.source !== 'built-in') return undefined;
  const entry = builtinIndex().get(path.relative(BUILTIN_DIR, ref.path));
  if (!entry?.stamp) return undefined;
  const st = statSync(ref.path, { throwIfNoEntry: false });
  if (!st?.isFile() || !sameStamp(entry.stamp, st.size, st.mtimeMs)) return undefined;
  let bytes: Uint8Array | undefined;
  return {
    ref,
    sha: entry.sha256,
    get bytes() {
      return (bytes ??= readBytes(ref).bytes);
    },
  };
}

/** Files already read, parsed (or taken from the build-time index or the cache). */
export async function parseFiles(read: readonly ReadFile[], cache?: PlaybookCache): Promise<FoundFile[]> {
  const builtins = builtinIndex();
  const shas = read.map((r) => r.sha);
  // A sha means the file was read (or is a built-in the build saw, whose bytes are read only when asked for).
  const hits = read.map((r, i) =>
    r.sha ? (builtinHit(shas[i]!, r.ref, builtins) ?? cache?.get(shas[i]!)) : undefined,
  );
  const misses = read.flatMap((r, i) => (r.sha && !hits[i] ? [i] : []));
  const early = earlyPools.get(read);
  if (early && misses.length < MIN_FILES_FOR_WORKERS) early.close();
  // Files this thread's quick pass could not vouch for: `yaml` (and its 100 ms of loading) reads them below.
  const slow = new Map<number, ReturnType<DecodeModule['decodeSource']>>();
  const outcomes = new Map<number, ParseOutcome>();
  /** files put in the cache as they were parsed */
  const stored = new Set<number>();
  if (misses.length > 0) {
    const [{ decodeSource }, { quickParseLibrary }] = await Promise.all([
      import('../playbook/decode.js'),
      import('../playbook/quick-load.js'),
    ]);
    const SLOW: ParseOutcome = { problems: [] };
    const parseHere = (job: ParseJob, i: number): ParseOutcome => {
      const decoded = decodeSource(job.bytes, job.file);
      if (decoded.problem) return { problems: [decoded.problem] };
      const data = quickParseLibrary(decoded.text!);
      if (data) {
        // Cached now, while the workers still parse: after the last file this thread would do it alone.
        if (cache) {
          cache.put(shas[i]!, data);
          stored.add(i);
        }
        return { data, problems: [] };
      }
      slow.set(i, decoded);
      return SLOW;
    };
    const missing = new Set(misses);
    const jobs = read.map((r, i) => (missing.has(i) ? { bytes: r.bytes!, file: r.ref.file } : undefined));
    // Many files: this thread and the workers readLibrary started take them in turn (the workers began while
    // this thread read them, and read `yaml` themselves). Fewer, or no workers: this thread alone.
    const out =
      early && misses.length >= MIN_FILES_FOR_WORKERS
        ? await early.parse(jobs, shas, parseHere)
        : jobs.map((job, i) => job && parseHere(job, i));
    out.forEach((o, i) => {
      if (o && o !== SLOW) outcomes.set(i, o);
    });
    if (slow.size > 0) await loadParser();
  }
  const found = read.map((r, i): FoundFile => {
    const { ref } = r;
    if (r.problem) return { file: ref.file, source: ref.source, parsed: r.problem };
    // No position until a locator is loaded: the quick one if it can place this file, else `yaml`'s.
    let located: ParsedFile<LibraryData>['locate'] | undefined;
    let quickTried = false;
    let decoded: string | undefined;
    const sourceText = () => (decoded ??= new TextDecoder().decode(r.bytes).replace(/^\uFEFF/, ''));
    const locate = (p: Parameters<ParsedFile<Playbook>['locate']>[0]) => {
      if (!located && locator && !quickTried) {
        quickTried = true;
        located = locator.quickLocate(sourceText());
      }
      if (!located && loader) located = loader.lazyLocate(sourceText());
      return located?.(p);
    };
    const hit = hits[i];
    if (hit) return { file: ref.file, source: ref.source, parsed: { file: ref.file, data: hit, problems: [], locate } };
    const done = outcomes.get(i);
    if (done) {
      const { json, body, sum, problems } = done;
      const data = json === undefined ? done.data : (JSON.parse(json) as LibraryData);
      // Only clean files are cached: a file with problems is parsed again, for its positions.
      if (cache && data && problems.length === 0 && !stored.has(i)) {
        if (body && sum) cache.putBody(shas[i]!, body, sum);
        else cache.put(shas[i]!, data);
      }
      return { file: ref.file, source: ref.source, parsed: { file: ref.file, data, problems, locate } };
    }
    const text = slow.get(i)!;
    const parsed = loader!.parseLibrarySource(text.text!, ref.file);
    if (cache && parsed.data && parsed.problems.length === 0) cache.put(shas[i]!, parsed.data);
    return { file: ref.file, source: ref.source, parsed };
  });
  // Every new entry in one pack file (one file per entry was a fifth of a cold validate of 1,000 files).
  cache?.flush();
  return found;
}

function readBytes(ref: FileRef): { bytes?: Uint8Array; problem?: ParsedFile<LibraryData> } {
  try {
    // Refuse a huge file before reading it (yaml would take seconds per MB), and anything that is not a
    // regular file: a FIFO would block, /dev/zero would never end.
    return { bytes: readRegularFile(ref.path, MAX_FILE_BYTES, { followSymlinks: true }) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EFBIG') {
      const size = /is (\d+) bytes/.exec((error as Error).message)?.[1];
      const limit = MAX_FILE_BYTES / 1048576;
      const said = size
        ? say('problem.file.tooBig', { size: (Number(size) / 1048576).toFixed(1), limit })
        : say('problem.file.tooBigUnknown', { limit });
      return { problem: problemFile(ref.file, 'file.too-big', said) };
    }
    const reason = refusalSaid(error) ?? (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    return { problem: problemFile(ref.file, 'file.read', say('problem.file.read', { reason })) };
  }
}

/** Index entries by the SHA-256 of their file's bytes. */
let bySha: Map<string, IndexEntry> | undefined;

function builtinHit(sha: string, ref: FileRef, cached: Map<string, IndexEntry>): LibraryData | undefined {
  if (cached.size === 0) return undefined;
  if (ref.source === 'built-in') {
    const entry = cached.get(path.relative(BUILTIN_DIR, ref.path));
    if (entry && entry.sha256 === sha) return entry.data;
  }
  // The data is the bytes' alone: a built-in given by its path (`validate playbooks/crises/x.yaml`) or copied
  // under another name has the data of the indexed file with the same bytes, and is not parsed again.
  if (!bySha) {
    bySha = new Map();
    for (const entry of cached.values()) bySha.set(entry.sha256, entry);
  }
  return bySha.get(sha)?.data;
}

/** Every file on the search path, in search order. */
export function searchFiles(dirs: readonly SearchDir[], cwd: string): FileRef[] {
  return dirs.flatMap(({ dir, origin }) => {
    const source = origin === 'built-in' ? 'built-in' : displayPath(dir, cwd);
    return listYamlFiles(dir).map((f) => ({ path: f, file: displayPath(f, cwd), source }));
  });
}

/**
 * The library on the search path. Files named on the command line (`given`)
 * go first, so they win over files with the same id and their `use:`
 * references resolve against the rest.
 */
export async function loadLibrary(
  dirs: readonly SearchDir[],
  cwd: string,
  given: readonly FileRef[] = [],
  cache?: PlaybookCache,
  read?: readonly ReadFile[],
): Promise<{ library: Library; given: FoundFile[]; rest: FoundFile[] }> {
  read ??= await readLibrary(libraryRefs(dirs, cwd, given));
  // Loaded here, as reading and hashing files never need it (it needs neither compose nor lint: library.ts does).
  const [found, { buildLibrary }] = await Promise.all([
    parseFiles(read, cache),
    import('../playbook/library-build.js'),
  ]);
  const library = buildLibrary(found);
  return { library, given: found.slice(0, given.length), rest: found.slice(given.length) };
}

/** The files of a library: the given ones first, then the search path's others, in search order. */
export function libraryRefs(dirs: readonly SearchDir[], cwd: string, given: readonly FileRef[] = []): FileRef[] {
  const names = new Set(given.map((g) => g.file));
  return [...given, ...searchFiles(dirs, cwd).filter((r) => !names.has(r.file))];
}

/** Files and directories named on the command line; a directory without YAML is a usage error. */
export function givenFiles(paths: readonly string[], cwd: string): FileRef[] {
  const refs: FileRef[] = [];
  for (const p of paths) {
    const abs = path.resolve(cwd, p);
    if (existsSync(abs) && statSync(abs).isDirectory()) {
      const files = listYamlFiles(abs);
      if (files.length === 0)
        throw new CrisisError(say('error.library.noFiles', { dir: p }), {
          hint: say('error.library.noFilesGiven.hint'),
          exitCode: ExitCode.usage,
        });
      for (const f of files) refs.push({ path: f, file: displayPath(f, cwd), source: displayPath(abs, cwd) });
    } else refs.push({ path: abs, file: displayPath(abs, cwd), source: '(given)' });
  }
  return refs;
}
