#!/usr/bin/env node
// Summarise a V8 .cpuprofile (from `node --cpu-prof`): self time by function
// and by package/module, so the startup cost can be attributed.
// Usage: node bench/profile-summary.mjs FILE.cpuprofile [topN]
//        node bench/profile-summary.mjs FILE.cpuprofile --callers FUNCTION [DEPTH]
import { readFileSync } from 'node:fs';

export function summarise(profile, top = 25) {
  const { nodes, samples, timeDeltas } = profile;
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const self = new Map();
  for (let i = 0; i < samples.length; i++) self.set(samples[i], (self.get(samples[i]) ?? 0) + (timeDeltas[i] ?? 0));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const fn = new Map();
  const pkg = new Map();
  for (const [id, us] of self) {
    const n = byId.get(id);
    const cf = n.callFrame;
    const url = cf.url || `(${cf.functionName || 'native'})`;
    const key = `${cf.functionName || '(anonymous)'} ${shortUrl(url)}:${cf.lineNumber + 1}`;
    fn.set(key, (fn.get(key) ?? 0) + us);
    const p = packageOf(url);
    pkg.set(p, (pkg.get(p) ?? 0) + us);
  }
  const sorted = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top);
  return {
    totalMs: total / 1000,
    functions: sorted(fn).map(([k, us]) => [k, us / 1000]),
    packages: sorted(pkg).map(([k, us]) => [k, us / 1000]),
  };
}

function shortUrl(url) {
  const i = url.indexOf('node_modules/');
  if (i >= 0) return url.slice(i + 'node_modules/'.length);
  const d = url.indexOf('/dist/');
  if (d >= 0) return url.slice(d + 1);
  return url.replace(/^file:\/\//, '');
}

export function packageOf(url) {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1];
  if (url.includes('/dist/'))
    return `crisis:${url
      .slice(url.indexOf('/dist/') + 6)
      .split('/')
      .slice(0, 1)
      .join('/')}`;
  if (url.startsWith('node:')) return 'node:internal';
  return url.startsWith('(') ? url : 'other';
}

/** Self time of functions named `name`, split by the chain of callers (depth levels up). */
export function callers(profile, name, depth = 2) {
  const { nodes, samples, timeDeltas } = profile;
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map();
  for (let i = 0; i < samples.length; i++) self.set(samples[i], (self.get(samples[i]) ?? 0) + (timeDeltas[i] ?? 0));
  const out = new Map();
  for (const [id, us] of self) {
    const n = byId.get(id);
    if (n.callFrame.functionName !== name) continue;
    const chain = [];
    let p = parent.get(id);
    for (let d = 0; d < depth && p !== undefined; d++, p = parent.get(p)) {
      const cf = byId.get(p).callFrame;
      chain.push(`${cf.functionName || '(anonymous)'} ${shortUrl(cf.url)}:${cf.lineNumber + 1}`);
    }
    const key = chain.join(' <- ');
    out.set(key, (out.get(key) ?? 0) + us);
  }
  return [...out].sort((a, b) => b[1] - a[1]).map(([k, us]) => [k, us / 1000]);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2];
  const at = process.argv.indexOf('--callers');
  if (at > 0) {
    const prof = JSON.parse(readFileSync(file, 'utf8'));
    for (const [k, ms] of callers(prof, process.argv[at + 1], Number(process.argv[at + 2] ?? 2)).slice(0, 15))
      console.log(`  ${ms.toFixed(1).padStart(8)} ms  ${k}`);
    process.exit(0);
  }
  if (!file) {
    console.error('usage: node bench/profile-summary.mjs FILE.cpuprofile [topN]');
    process.exit(2);
  }
  const s = summarise(JSON.parse(readFileSync(file, 'utf8')), Number(process.argv[3] ?? 25));
  console.log(`total sampled: ${s.totalMs.toFixed(1)} ms\n\nself time by package/module:`);
  for (const [k, ms] of s.packages) console.log(`  ${ms.toFixed(1).padStart(8)} ms  ${k}`);
  console.log('\nself time by function:');
  for (const [k, ms] of s.functions) console.log(`  ${ms.toFixed(1).padStart(8)} ms  ${k}`);
}
