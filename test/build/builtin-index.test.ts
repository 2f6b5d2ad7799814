// The build-time index of the built-in playbooks (scripts/build-index.mjs, read by dist/store/library-files.js):
// each file's data is the data its YAML parses to, field for field and in order; the fields past the head are
// read only when a command reads one of them; and a rest file that is not the index's own means no index at all.
// These run the built code in dist/ (its index paths are relative to dist/), loaded as the launcher loads it.
import { createHash } from 'node:crypto';
import { cpSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runNode } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIST = path.join(ROOT, 'dist');
const require = createRequire(import.meta.url);

type Files = typeof import('../../src/store/library-files.js');
type Load = typeof import('../../src/playbook/load.js');
type LibraryBuild = typeof import('../../src/playbook/library-build.js');
type Compose = typeof import('../../src/playbook/compose.js');
const FILES = path.join(DIST, 'store', 'library-files.js');
let files = require(FILES) as Files;
const { parseLibrarySource } = require(path.join(DIST, 'playbook', 'load.js')) as Load;
const { buildLibrary } = require(path.join(DIST, 'playbook', 'library-build.js')) as LibraryBuild;
const { compose } = require(path.join(DIST, 'playbook', 'compose.js')) as Compose;

async function builtins() {
  const refs = files.listYamlFiles(files.BUILTIN_DIR).map((f) => ({ path: f, file: f, source: 'built-in' }));
  return { refs, found: await files.readFiles(refs) };
}

/** Whether a field of a data object is still waiting to be read from the rest file. */
const waiting = (data: object, key: string) => Object.getOwnPropertyDescriptor(data, key)?.get !== undefined;

describe('the built-in index', () => {
  it('gives every built-in the data its YAML parses to, the same fields in the same order', async () => {
    const { refs, found } = await builtins();
    expect(found.length).toBeGreaterThan(20);
    expect(files.builtinIndexSize()).toBe(found.length);
    found.forEach((f, i) => {
      expect(files.indexEntryOf(f.parsed.data!), f.file).toBeDefined();
      const yaml = parseLibrarySource(readFileSync(refs[i]!.path, 'utf8'), f.file);
      expect(JSON.stringify(f.parsed.data), f.file).toBe(JSON.stringify(yaml.data));
    });
  });

  it('reads a file past its head only when a field there is read: composing one crisis settles its strategies', async () => {
    // a fresh index: the test above read every field of the one this module holds
    delete require.cache[FILES];
    files = require(FILES) as Files;
    const { found } = await builtins();
    const library = buildLibrary(found);
    const data = (id: string) => library.get(id)!.data;
    // building a library reads ids and kinds (and the duty catalogues' duties), no phases
    expect(waiting(data('product-quality'), 'phases')).toBe(true);
    expect(data('product-quality').title).toMatchObject({ en: 'Product quality crisis' });
    expect(waiting(data('product-quality'), 'phases')).toBe(true);
    expect(compose(library, 'product-quality').plan).toBeDefined();
    expect(waiting(data('product-quality'), 'phases')).toBe(false);
    expect(waiting(data('task-force'), 'phases')).toBe(false);
    // a crisis nobody composed is still waiting, whole
    expect(waiting(data('brand-image'), 'phases')).toBe(true);
    expect(waiting(data('brand-image'), 'severity')).toBe(true);
    expect(data('brand-image').phases.length).toBeGreaterThan(2);
    expect(waiting(data('brand-image'), 'severity')).toBe(false);
  });

  it("holds each playbook's links, and validate FILE walks them without reading any built-in's phases", async () => {
    delete require.cache[FILES];
    files = require(FILES) as Files;
    const { found } = await builtins();
    const library = buildLibrary(found);
    // the links are the data's own: the ids its phases use, then its review
    for (const entry of [...library.playbooks]) {
      const fromData = [
        ...entry.data.phases.flatMap((phase) => ('use' in phase ? [phase.use] : [])),
        ...(entry.data.review !== undefined ? [entry.data.review] : []),
      ];
      expect(files.indexEntryOf(entry.data)?.links, entry.id).toEqual(fromData);
    }
    // a fresh index: finding the plans that reach one file reads no phases
    delete require.cache[FILES];
    files = require(FILES) as Files;
    const fresh = buildLibrary((await builtins()).found);
    type LibraryModule = typeof import('../../src/playbook/library.js');
    const { collectProblems } = require(path.join(DIST, 'playbook', 'library.js')) as LibraryModule;
    // a checked file no built-in reaches (a user's own crisis, say): every plan is walked, none composed
    const elsewhere = new Set(['my-own-crisis.yaml']);
    collectProblems(fresh, elsewhere, (entry) => files.indexEntryOf(entry.data)?.links);
    expect(fresh.playbooks.filter((p) => !waiting(p.data, 'phases')).map((p) => p.id)).toEqual([]);
    // the control: without the links, the walk reads every playbook's phases
    collectProblems(fresh, elsewhere);
    expect(fresh.playbooks.filter((p) => waiting(p.data, 'phases')).map((p) => p.id)).toEqual([]);
  });

  it('list reads the drills no further than their heads: their step counts come from the index', async () => {
    delete require.cache[FILES];
    files = require(FILES) as Files;
    const list = require(path.join(DIST, 'cli', 'list.js')) as typeof import('../../src/cli/list.js');
    const { makeCtx } = require(path.join(DIST, 'cli', 'context.js')) as typeof import('../../src/cli/context.js');
    let out = '';
    const stream = { write: (s: string) => ((out += s), true) };
    const deps = {
      stdout: stream,
      stderr: stream,
      stdin: process.stdin,
      env: { NO_COLOR: '1' },
      cwd: tempDir('crisis-index-list-'),
      now: () => 0,
      username: () => 'test',
      hostname: 'test',
      pid: 1,
    };
    expect(await list.run(makeCtx(deps, {}), { json: true })).toBe(0);
    const rows = JSON.parse(out) as Array<{ id: string; kind: string; steps: number }>;
    const { found } = await builtins();
    const drills = found.filter((f) => f.parsed.data?.kind === 'drill');
    expect(drills.length).toBeGreaterThan(5);
    for (const d of drills) {
      expect(waiting(d.parsed.data!, 'responses'), d.file).toBe(true);
      const row = rows.find((r) => r.id === d.parsed.data!.id)!;
      expect(row.steps).toBe((d.parsed.data as { responses: unknown[] }).responses.length);
    }
  });

  it("reads no built-in file the build saw unchanged (same size and time): its hash is the index's", () => {
    const refs = files.listYamlFiles(files.BUILTIN_DIR).map((f) => ({ path: f, file: f, source: 'built-in' }));
    const shas = refs.map((r) => createHash('sha256').update(readFileSync(r.path)).digest('hex'));
    const opened: string[] = [];
    // dist is CommonJS: its modules call node:fs through the module object `require` gives, so this sees their opens
    const fs = require('node:fs') as { openSync: (...a: unknown[]) => number };
    const open = fs.openSync;
    const spy = (file: unknown, ...rest: unknown[]) => {
      opened.push(String(file));
      return open(file, ...rest);
    };
    fs.openSync = spy;
    try {
      const read = files.readAll(refs);
      expect(opened.filter((f) => f.endsWith('.yaml'))).toEqual([]);
      expect(read.map((r) => r.sha)).toEqual(shas);
      // the bytes are still there when a problem's position needs them
      expect(Buffer.from(read[0]!.bytes!).toString('utf8')).toBe(readFileSync(refs[0]!.path, 'utf8'));
      expect(opened.filter((f) => f.endsWith('.yaml'))).toEqual([refs[0]!.path]);
    } finally {
      fs.openSync = open;
    }
  });

  it('a built-in edited in place (same size, new time) is read, hashed and parsed: the edit shows', async () => {
    const copy = tempDir('crisis-index-edit-');
    for (const p of ['bin', 'dist', 'package.json', 'playbooks'])
      cpSync(path.join(ROOT, p), path.join(copy, p), { recursive: true, preserveTimestamps: true });
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'));
    const file = path.join(copy, 'playbooks', 'crises', 'brand-image.yaml');
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('Brand image crisis');
    writeFileSync(file, text.replace('Brand image crisis', 'Brand IMAGE crisis'));
    const cwd = tempDir('crisis-index-cwd-');
    const r = await runNode([path.join(copy, 'bin', 'crisis.js'), 'list'], { cwd, env: { NO_COLOR: '1' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Brand IMAGE crisis');
    expect(r.stdout).not.toContain('Brand image crisis');
  });

  it("a rest file that is not the index's own (another length) means no index: every built-in is parsed from YAML", async () => {
    const copy = tempDir('crisis-index-');
    for (const p of ['bin', 'dist', 'package.json'])
      cpSync(path.join(ROOT, p), path.join(copy, p), { recursive: true });
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'));
    symlinkSync(path.join(ROOT, 'playbooks'), path.join(copy, 'playbooks'));
    const cwd = tempDir('crisis-index-cwd-');
    const list = (root: string) =>
      runNode([path.join(root, 'bin', 'crisis.js'), 'list'], { cwd, env: { NO_COLOR: '1' } });
    const indexSize = (root: string) =>
      runNode(
        [
          '-e',
          `console.log(require(${JSON.stringify(path.join(root, 'dist/store/library-files.js'))}).builtinIndexSize())`,
        ],
        {
          cwd,
        },
      );
    truncateSync(path.join(copy, 'dist', 'builtin-index.rest'), 1000);
    expect((await indexSize(copy)).stdout.trim()).toBe('0');
    expect(Number((await indexSize(ROOT)).stdout.trim())).toBeGreaterThan(20);
    const [before, after] = [await list(ROOT), await list(copy)];
    expect(after.code).toBe(0);
    expect(after.stdout).toBe(before.stdout);
    expect(after.stdout).toContain('product-quality');
  });
});
