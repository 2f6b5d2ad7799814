#!/usr/bin/env node
// FileEventLog.append (hash, JSON, writeSync, fsyncSync per event) against a
// bare writeSync+fsyncSync loop writing lines of the same size, in the same
// process and directory. The two run in alternating blocks (ABAB...) so both
// see the same disk and machine state. Prints one JSON object.
// Usage: node bench/appends.mjs DIR [N=10000] [BLOCK=250]
import { closeSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './lib.mjs';

const dir = process.argv[2];
const N = Number(process.argv[3] ?? 10_000);
const BLOCK = Math.min(N, Number(process.argv[4] ?? 250));
if (!dir) {
  console.error('usage: node bench/appends.mjs DIR [N] [BLOCK]');
  process.exit(2);
}
mkdirSync(dir, { recursive: true });
const { FileEventLog } = await import(pathToFileURL(path.join(ROOT, 'dist', 'store', 'file-log.js')).href);

const owner = { pid: process.pid, host: 'bench' };
const t0 = Date.parse('2026-01-01T00:00:00.000Z');
const draft = (i) => ({ type: 'note.added', ts: new Date(t0 + i).toISOString(), actor: 'bench', data: { text: 'x' } });
const now = () => Number(process.hrtime.bigint()) / 1e6;

// Measure the line size FileEventLog writes, so the bare loop writes the same bytes.
let sessionNo = 0;
const newLog = (logDir) =>
  FileEventLog.create(logDir, `20260101-000000-bench-${String(++sessionNo).padStart(4, '0')}`, owner, t0);
const probeDir = path.join(dir, 'probe');
const probe = newLog(probeDir);
const sample = probe.append(draft(1));
probe.close();
const lineBytes = Buffer.byteLength(`${JSON.stringify(sample)}\n`);
const bareLine = Buffer.from(`${JSON.stringify({ ...sample, data: { text: 'x' } }).padEnd(lineBytes - 1, ' ')}\n`);

const log = newLog(path.join(dir, 'log'));
const bareFd = openSync(path.join(dir, 'bare.jsonl'), 'wx');
let bareSize = 0;
const blocks = { bare: [], log: [] };
let done = 0;
let i = 0;
while (done < N) {
  const n = Math.min(BLOCK, N - done);
  const order = (done / BLOCK) % 2 === 0 ? ['log', 'bare'] : ['bare', 'log'];
  for (const which of order) {
    const start = now();
    if (which === 'log') for (let k = 0; k < n; k++) log.append(draft(++i));
    else
      for (let k = 0; k < n; k++) {
        // the same positional write pattern FileEventLog uses
        let written = 0;
        while (written < bareLine.length)
          written += writeSync(bareFd, bareLine, written, bareLine.length - written, bareSize + written);
        fsyncSync(bareFd);
        bareSize += bareLine.length;
      }
    blocks[which].push({ n, ms: now() - start });
  }
  done += n;
}
log.close();
closeSync(bareFd);

// CPU cost per append without the disk: a positional write without fsync, 5,000 times.
const cpuOnly = (() => {
  const M = 5000;
  const fd = openSync(path.join(dir, 'cpu-bare.jsonl'), 'wx');
  let size = 0;
  const s = now();
  for (let k = 0; k < M; k++) size += writeSync(fd, bareLine, 0, bareLine.length, size);
  closeSync(fd);
  return { bareUs: ((now() - s) * 1000) / M };
})();

const total = (bs) => bs.reduce((a, b) => a + b.ms, 0);
const med = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const summary = (bs) => ({
  totalMs: total(bs),
  perSec: (N / total(bs)) * 1000,
  medianBlockMs: med(bs.map((b) => b.ms)),
  blocks: bs.map((b) => Number(b.ms.toFixed(2))),
});
const bare = summary(blocks.bare);
const lg = summary(blocks.log);
// Hash + JSON cost of one append, measured in-process without any I/O.
const { hashEvent } = await import(pathToFileURL(path.join(ROOT, 'dist', 'session', 'verify.js')).href);
const s2 = now();
const M = 20_000;
let head = sample.hash;
for (let k = 0; k < M; k++) {
  const d = draft(k);
  const unhashed = {
    v: 1,
    seq: k + 2,
    ts: d.ts,
    session: sample.session,
    type: d.type,
    actor: d.actor,
    data: d.data,
    prev: head,
  };
  const e = { ...unhashed, hash: hashEvent(unhashed) };
  head = e.hash;
  Buffer.from(`${JSON.stringify(e)}\n`);
}
const logUs = ((now() - s2) * 1000) / M;
console.log(
  JSON.stringify({
    n: N,
    block: BLOCK,
    lineBytes,
    bare,
    log: lg,
    ratio: lg.perSec / bare.perSec,
    cpuOnly: { bareUs: cpuOnly.bareUs, logUs: logUs + cpuOnly.bareUs, hashAndJsonUs: logUs },
  }),
);
