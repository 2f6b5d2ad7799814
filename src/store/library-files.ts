import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CrisisError, ExitCode } from '../errors.js';
import { buildLibrary, type FoundFile, type Library } from '../playbook/library.js';
import { MAX_FILE_BYTES, decodeSource, parseLibrarySource, type ParsedFile } from '../playbook/load.js';
import type { Drill, Playbook } from '../playbook/types.js';

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
      if (mustExist) throw new CrisisError(`${origin}: ${dir}: no such directory`, { hint: 'pass a directory that holds playbook YAML files', exitCode: ExitCode.usage });
      return;
    }
    const real = realpathSync(abs);
    if (seen.has(real)) return;
    seen.add(real);
    // Running from a checkout, ./playbooks is the built-in library itself.
    dirs.push({ dir: abs, origin: real === builtinReal() ? 'built-in' : origin });
  };
  for (const dir of playbooks) add(dir, '--playbooks', true);
  for (const dir of (env.CRISIS_PLAYBOOKS ?? '').split(path.delimiter).filter(Boolean)) add(dir, 'CRISIS_PLAYBOOKS', false);
  add(path.join(cwd, 'playbooks'), './playbooks', false);
  add(BUILTIN_DIR, 'built-in', true);
  return dirs;
}

/** Every YAML file under a directory, sorted, skipping generated folders. */
export function listYamlFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) walk(full);
      } else if (entry.isFile() && isYaml(entry.name)) out.push(full);
    }
  };
  walk(dir);
  return out;
}

/** Read and parse one file; every failure becomes a problem, never a throw. */
export function readPlaybookFile(file: string, display = file): ParsedFile<Playbook | Drill> {
  let bytes: Uint8Array;
  try {
    // Refuse a huge file before reading it: yaml would take seconds per MB.
    const size = statSync(file).size;
    if (size > MAX_FILE_BYTES) {
      const message = `file is ${(size / 1048576).toFixed(1)} MB; the limit is ${MAX_FILE_BYTES / 1048576} MB`;
      return { file: display, problems: [{ file: display, severity: 'error', code: 'file.too-big', message }], locate: () => undefined };
    }
    bytes = readFileSync(file);
  } catch (error) {
    return { file: display, problems: [{ file: display, severity: 'error', code: 'file.read', message: `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` }], locate: () => undefined };
  }
  const decoded = decodeSource(bytes, display);
  if (decoded.problem) return { file: display, problems: [decoded.problem], locate: () => undefined };
  return parseLibrarySource(decoded.text!, display);
}

/** Paths are shown relative to the working directory when they are inside it. */
export function displayPath(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

export function loadLibrary(dirs: readonly SearchDir[], cwd: string): Library {
  const files: FoundFile[] = [];
  for (const { dir, origin } of dirs) {
    const source = origin === 'built-in' ? 'built-in' : displayPath(dir, cwd);
    for (const file of listYamlFiles(dir)) files.push({ file: displayPath(file, cwd), source, parsed: readPlaybookFile(file, displayPath(file, cwd)) });
  }
  return buildLibrary(files);
}
