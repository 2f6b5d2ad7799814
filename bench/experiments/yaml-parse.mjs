#!/usr/bin/env node
// Where validate's time goes on a big library, and what the alternatives
// cost, in one process over the same files:
//   A  yaml parseDocument + LineCounter + toJS, every Document kept alive
//      (what load.ts does today: ParsedFile.locate closes over the Document)
//   B  the same, Documents dropped after toJS (locate re-parses on demand)
//   C  yaml.parse (no Document kept, no LineCounter)
//   D  js-yaml load (if JSYAML=path/to/js-yaml is given; not a dependency)
//   Z  zod: the project's Playbook schema over the plain values
//   J  JSON.parse of the same values serialised (what a parse cache costs)
// Usage: node bench/experiments/yaml-parse.mjs DIR [JSYAML=/path/node_modules/js-yaml]
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../lib.mjs';

const dir = process.argv[2];
const require = createRequire(path.join(ROOT, 'package.json'));
const YAML = require('yaml');
const { Playbook } = await import(pathToFileURL(path.join(ROOT, 'dist', 'playbook', 'schema.js')).href);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => readFileSync(path.join(dir, f), 'utf8'));
const mb = files.reduce((a, t) => a + Buffer.byteLength(t), 0) / 1048576;

// CPU time (user+sys), so other load on the machine skews it less; run with --expose-gc for the heap column.
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
function time(name, fn) {
  globalThis.gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const t = cpuMs();
  const wall = performance.now();
  const out = fn();
  const ms = cpuMs() - t;
  const wms = performance.now() - wall;
  globalThis.gc?.();
  const heap = (process.memoryUsage().heapUsed - heap0) / 1048576;
  console.log(
    `${name.padEnd(58)} ${ms.toFixed(0).padStart(6)} ms CPU (${wms.toFixed(0)} wall)  ${(ms / files.length).toFixed(2).padStart(6)} ms/file  ${(mb / (ms / 1000)).toFixed(1).padStart(5)} MB/s  heap +${heap.toFixed(0)} MB kept`,
  );
  return out;
}

console.log(`${files.length} files, ${mb.toFixed(1)} MB`);
let keep = time('A yaml parseDocument+LineCounter+toJS, Documents kept', () =>
  files.map((t) => {
    const lc = new YAML.LineCounter();
    const doc = YAML.parseDocument(t, { lineCounter: lc, uniqueKeys: true, prettyErrors: false, strict: true });
    return { doc, lc, raw: doc.toJS({ maxAliasCount: 100 }) };
  }),
);
const values = keep.map((k) => k.raw);
// eslint-disable-next-line no-useless-assignment -- drop the reference so the Documents can be collected before run B
keep = undefined;
time('B yaml parseDocument+LineCounter+toJS, Documents dropped', () =>
  files.map((t) => {
    const lc = new YAML.LineCounter();
    return YAML.parseDocument(t, { lineCounter: lc, uniqueKeys: true, prettyErrors: false, strict: true }).toJS({
      maxAliasCount: 100,
    });
  }),
);
time('C yaml.parse', () => files.map((t) => YAML.parse(t, { uniqueKeys: true, strict: true, maxAliasCount: 100 })));
if (process.env.JSYAML) {
  const jsyaml = createRequire(import.meta.url)(process.env.JSYAML);
  const out = time('D js-yaml load (positions only on demand)', () => files.map((t) => jsyaml.load(t)));
  const same = out.every((v, i) => JSON.stringify(v) === JSON.stringify(values[i]));
  console.log(`  js-yaml values identical to yaml's: ${same}`);
}
time('Z zod Playbook.safeParse', () => values.map((v) => Playbook.safeParse(v)));
const json = values.map((v) => JSON.stringify(v));
time('J JSON.parse of the same values (a parse cache)', () => json.map((t) => JSON.parse(t)));
