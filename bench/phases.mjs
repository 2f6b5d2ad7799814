#!/usr/bin/env node
// Where one command's CPU goes, by phase: every sample of a `node --cpu-prof`
// profile is charged to the first phase found walking its stack from the
// leaf up (module loading, zod schema construction, zod validation, yaml
// parsing, compose, lint, reading files, the cache, GC, other).
// Usage: node bench/phases.mjs FILE.cpuprofile [...more profiles, summed]
import { readFileSync } from 'node:fs';

export const PHASES = [
  'module loading (resolve, compile, evaluate)',
  'zod schema construction',
  'zod validation',
  'yaml parsing',
  'compose',
  'lint',
  'playbook cache',
  'status summaries',
  'worker threads',
  'reading files and the search path',
  'GC',
  'V8 native / (program)',
  'other crisis code',
  'other',
];

const inDist = (url, file) => url.includes(`/dist/${file}`);

/** The phase of one stack (leaf first). */
function phaseOf(stack) {
  const leaf = stack[0];
  if (leaf.functionName === '(garbage collector)') return 'GC';
  let zod = false;
  for (const f of stack) {
    const u = f.url;
    const moduleBody = f.functionName === '' && f.lineNumber === 0 && f.columnNumber === 0;
    if (inDist(u, 'playbook/compose.js')) return 'compose';
    if (inDist(u, 'playbook/lint.js')) return 'lint';
    if (inDist(u, 'store/playbook-cache.js')) return 'playbook cache';
    if (inDist(u, 'store/session-summary.js')) return 'status summaries';
    if (inDist(u, 'store/parse-pool.js') || u.startsWith('node:internal/worker')) return 'worker threads';
    if (moduleBody || u.startsWith('node:internal/modules') || u.startsWith('node:internal/vm'))
      return zod ? 'zod schema construction' : 'module loading (resolve, compile, evaluate)';
    if (u.includes('node_modules/yaml/') || u.includes('node_modules/js-yaml/')) return 'yaml parsing';
    if (u.includes('node_modules/zod/')) zod = true;
    else if (zod && u.includes('/dist/')) return 'zod validation';
  }
  if (zod) return 'zod validation';
  if (leaf.url.startsWith('node:internal/fs') || leaf.url === 'node:fs') return 'reading files and the search path';
  if (stack.some((f) => inDist(f.url, 'store/library-files.js'))) return 'reading files and the search path';
  if (leaf.functionName === '(program)') return 'V8 native / (program)';
  if (stack.some((f) => f.url.includes('/dist/'))) return 'other crisis code';
  return 'other';
}

/** Milliseconds per phase in one profile (idle time excluded). */
export function phases(profile) {
  const { nodes, samples, timeDeltas } = profile;
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const cache = new Map();
  const out = Object.fromEntries(PHASES.map((p) => [p, 0]));
  for (let i = 0; i < samples.length; i++) {
    const id = samples[i];
    if (byId.get(id).callFrame.functionName === '(idle)') continue;
    let phase = cache.get(id);
    if (phase === undefined) {
      const stack = [];
      for (let p = id; p !== undefined; p = parent.get(p)) stack.push(byId.get(p).callFrame);
      phase = phaseOf(stack);
      cache.set(id, phase);
    }
    out[phase] += (timeDeltas[i] ?? 0) / 1000;
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    console.error('usage: node bench/phases.mjs FILE.cpuprofile [...]');
    process.exit(2);
  }
  const sum = Object.fromEntries(PHASES.map((p) => [p, 0]));
  for (const f of files)
    for (const [k, ms] of Object.entries(phases(JSON.parse(readFileSync(f, 'utf8'))))) sum[k] += ms;
  const total = Object.values(sum).reduce((a, b) => a + b, 0);
  for (const [k, ms] of Object.entries(sum))
    if (ms > 0) console.log(`${(ms / files.length).toFixed(1).padStart(8)} ms  ${k}`);
  console.log(`${(total / files.length).toFixed(1).padStart(8)} ms  total (mean of ${files.length} profile(s))`);
}
