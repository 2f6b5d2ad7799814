#!/usr/bin/env node
// What `crisis list` / `validate` / `start` could cost with a parsed-library
// cache, measured as fresh processes interleaved with `node -e 0`:
//   commander only         import commander (what parsing argv needs)
//   + cache                + JSON.parse of the validated built-in library (written here) and a list-like table
//   + cache + zod schema   the same, when the constants still drag dist/playbook/schema.js (zod) in
//   + cache + compose      + dist/playbook/compose.js and every plan composed (what list prints: step counts)
//   yaml parse of library  import yaml + parseDocument of every built-in file (what the cache saves)
//   crisis list            the real command today
// Usage: node bench/experiments/startup-floor.mjs [RUNS=15]
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { benchEnv, BIN, fmtMs, interleave, mdTable, median, NODE, ROOT, tempDir, timeSync } from '../lib.mjs';

const RUNS = Number(process.argv[2] ?? 15);
const dir = tempDir('floor');
const { loadLibrary, searchPath, listYamlFiles } = await import(
  pathToFileURL(path.join(ROOT, 'dist', 'store', 'library-files.js')).href
);
const dirs = searchPath({ playbooks: [], env: {}, cwd: dir });
const lib = loadLibrary(dirs, dir);
const cache = path.join(dir, 'library.json');
writeFileSync(
  cache,
  JSON.stringify({
    playbooks: lib.playbooks.map(({ id, kind, file, source, data }) => ({ id, kind, file, source, data })),
    drills: lib.drills.map(({ id, file, source, data }) => ({ id, file, source, data })),
  }),
);
const files = dirs.flatMap((d) => listYamlFiles(d.dir));
const u = (p) => JSON.stringify(pathToFileURL(path.join(ROOT, p)).href);

const table = `const rows = c.playbooks.map((p) => [p.id, p.kind, typeof p.data.title === 'string' ? p.data.title : p.data.title.en]); process.stdout.write(rows.map((r) => r.join('  ')).join('\\n') + '\\n');`;
const scripts = {
  'commander only': `await import('commander');`,
  '+ cache (JSON.parse, table)': `await import('commander'); const { readFileSync } = await import('node:fs'); const c = JSON.parse(readFileSync(${JSON.stringify(cache)}, 'utf8')); ${table}`,
  '+ cache + zod schema module': `await import('commander'); await import(${u('dist/playbook/schema.js')}); const { readFileSync } = await import('node:fs'); const c = JSON.parse(readFileSync(${JSON.stringify(cache)}, 'utf8')); ${table}`,
  '+ cache + compose every plan': `await import('commander'); const { compose, planSteps } = await import(${u('dist/playbook/compose.js')}); const { readFileSync } = await import('node:fs'); const c = JSON.parse(readFileSync(${JSON.stringify(cache)}, 'utf8')); const m = new Map(c.playbooks.map((p) => [p.id, { ...p, locate: () => undefined, overrides: [] }])); const lk = { get: (id) => m.get(id) }; for (const p of c.playbooks) { const r = compose(lk, p.id); if (r.plan) planSteps(r.plan); } ${table}`,
  'yaml: parse the built-in library': `const Y = (await import('yaml')).default; const { readFileSync } = await import('node:fs'); for (const f of ${JSON.stringify(files)}) { const lc = new Y.LineCounter(); Y.parseDocument(readFileSync(f, 'utf8'), { lineCounter: lc, uniqueKeys: true, strict: true }).toJS(); }`,
};
const env = benchEnv({ CRISIS_LOG_DIR: tempDir('floor-logs') });
const cases = [
  { name: 'node -e 0', run: () => timeSync(NODE, ['-e', '0'], { cwd: dir, env }).ms },
  ...Object.entries(scripts).map(([name, code]) => ({
    name,
    run: () => {
      const r = timeSync(NODE, ['--input-type=module', '-e', code], { cwd: ROOT, env });
      if (r.code !== 0) throw new Error(`${name}: ${r.stderr}`);
      return r.ms;
    },
  })),
  { name: 'crisis list (today)', run: () => timeSync(NODE, [BIN, 'list'], { cwd: dir, env }).ms },
  { name: 'crisis validate (today)', run: () => timeSync(NODE, [BIN, 'validate'], { cwd: dir, env }).ms },
];
const s = await interleave(cases, { runs: RUNS, warmup: 2, onRound: () => process.stderr.write('.') });
process.stderr.write('\n');
const base = median(s['node -e 0']);
console.log(
  `built-in library: ${files.length} files; cache ${(JSON.stringify(lib.playbooks.map((p) => p.data)).length / 1024).toFixed(0)} KB of JSON`,
);
console.log(
  mdTable(
    ['process', 'median', 'ratio to node -e 0'],
    Object.entries(s).map(([k, xs]) => [k, fmtMs(median(xs)), `${(median(xs) / base).toFixed(2)}×`]),
  ),
);
