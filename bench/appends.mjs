#!/usr/bin/env node
// FileEventLog.append (hash, JSON, one write, fsync per event) against a bare
// loop that writes a line of the same bytes and fsyncs, in the same process
// and directory, each file opened the same way ('wx', positional writes).
// The writers take turns in blocks, in a rotating order (bare, log, bare, …),
// after a warm-up of each, so all see the same disk and machine state. Per
// block: wall and CPU (process.cpuUsage, user+sys). Ratios are medians over
// rounds of (bare block time / log block time) within the same round.
// The drafts are made before the timed blocks: only append is timed.
// Several builds can be compared in one run: LABEL=ROOT after the numbers
// (default: the build at BENCH_ROOT, labelled "log").
// Prints one JSON object; `ratio` and `cpuOnly` are those of the first build.
// Usage: node bench/appends.mjs DIR [N=10000] [BLOCK=100] [LABEL=ROOT ...]
import { closeSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { loadavg } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './lib.mjs';

const dir = process.argv[2];
const N = Number(process.argv[3] ?? 10_000);
const BLOCK = Math.min(N, Number(process.argv[4] ?? 100));
const buildArgs = process.argv.slice(5);
if (!dir || !(N > 0) || !(BLOCK > 0) || buildArgs.some((a) => !a.includes('='))) {
  console.error('usage: node bench/appends.mjs DIR [N] [BLOCK] [LABEL=ROOT ...]');
  process.exit(2);
}
mkdirSync(dir, { recursive: true });
const builds = await Promise.all(
  (buildArgs.length ? buildArgs : [`log=${ROOT}`]).map(async (arg) => {
    const [label, root] = [arg.slice(0, arg.indexOf('=')), path.resolve(arg.slice(arg.indexOf('=') + 1))];
    const { FileEventLog } = await import(pathToFileURL(path.join(root, 'dist', 'store', 'file-log.js')).href);
    return { label, root, FileEventLog };
  }),
);
const load = [loadavg()[0]];

const owner = { pid: process.pid, host: 'bench' };
const t0 = Date.parse('2026-01-01T00:00:00.000Z');
const draft = (i) => ({ type: 'note.added', ts: new Date(t0 + i).toISOString(), actor: 'bench', data: { text: 'x' } });
const WARM = Math.min(50, BLOCK);
// Every draft any log appends, made before anything is timed (the bare loop makes nothing either).
const M = Math.max(N, 5000); // appends without fsync, for their CPU
const drafts = Array.from({ length: M + WARM + 1 }, (_, i) => draft(i + 1));
const now = () => Number(process.hrtime.bigint()) / 1e6;
const cpuNow = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

let sessionNo = 0;
const newLog = (b, logDir, durability) =>
  b.FileEventLog.create(logDir, `20260101-000000-bench-${String(++sessionNo).padStart(4, '0')}`, owner, t0, durability);

// The line FileEventLog writes for these drafts: the bare loop writes the same number of bytes.
const probe = newLog(builds[0], path.join(dir, 'probe'));
const sample = probe.append(drafts[0]);
probe.close();
const lineBytes = Buffer.byteLength(`${JSON.stringify(sample)}\n`);
const bareLine = Buffer.from(`${JSON.stringify({ ...sample, data: { text: 'x' } }).padEnd(lineBytes - 1, ' ')}\n`);

/** A writer: append(k) appends the k-th draft; close() ends it. */
function bareWriter(file, sync) {
  const fd = openSync(file, 'wx'); // FileEventLog.create opens its log the same way
  let size = 0;
  return {
    append() {
      // the same positional write loop FileEventLog uses
      let written = 0;
      while (written < bareLine.length)
        written += writeSync(fd, bareLine, written, bareLine.length - written, size + written);
      if (sync) fsyncSync(fd);
      size += bareLine.length;
    },
    close: () => closeSync(fd),
  };
}
function logWriter(b, logDir, durability) {
  const log = newLog(b, logDir, durability);
  return { append: (k) => log.append(drafts[k]), close: () => log.close() };
}

/** Blocks of BLOCK appends per writer, rotating the order each round; per block wall and CPU µs per append. */
function race(writers, total) {
  const names = Object.keys(writers);
  const out = Object.fromEntries(names.map((n) => [n, { wallUs: [], cpuUs: [] }]));
  const next = Object.fromEntries(names.map((n) => [n, 1]));
  for (const n of names) for (let k = 0; k < WARM; k++) writers[n].append(next[n]++);
  for (let done = 0, round = 0; done < total; round++) {
    const n = Math.min(BLOCK, total - done);
    for (let j = 0; j < names.length; j++) {
      const name = names[(j + round) % names.length];
      const w = writers[name];
      const c = cpuNow();
      const s = now();
      for (let k = 0; k < n; k++) w.append(next[name]++);
      const ms = now() - s;
      out[name].wallUs.push((ms * 1000) / n);
      out[name].cpuUs.push(((cpuNow() - c) * 1000) / n);
    }
    done += n;
  }
  for (const w of Object.values(writers)) w.close();
  return out;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const pairRatio = (bare, log) => median(bare.map((b, i) => b / log[i]));

// fsync'd: what a user's session does.
const synced = race(
  Object.fromEntries([
    ['bare', bareWriter(path.join(dir, 'bare.jsonl'), true)],
    ...builds.map((b) => [b.label, logWriter(b, path.join(dir, `log-${b.label}`), 'each-append')]),
  ]),
  N,
);
load.push(loadavg()[0]);
// The CPU of an append without the disk: the same writers without fsync (FileEventLog's 'on-close').
const unsynced = race(
  Object.fromEntries([
    ['bare', bareWriter(path.join(dir, 'cpu-bare.jsonl'), false)],
    ...builds.map((b) => [b.label, logWriter(b, path.join(dir, `cpu-${b.label}`), 'on-close')]),
  ]),
  M,
);
load.push(loadavg()[0]);

const summary = (r) => ({
  wallUs: median(r.wallUs),
  cpuUs: median(r.cpuUs),
  perSec: 1e6 / median(r.wallUs),
  blocksWallUs: r.wallUs.map((x) => Number(x.toFixed(1))),
});
const result = Object.fromEntries(
  builds.map((b) => [
    b.label,
    {
      root: b.root,
      ...summary(synced[b.label]),
      ratio: pairRatio(synced.bare.wallUs, synced[b.label].wallUs),
      cpuRatio: pairRatio(synced.bare.cpuUs, synced[b.label].cpuUs),
      noFsync: { wallUs: median(unsynced[b.label].wallUs), cpuUs: median(unsynced[b.label].cpuUs) },
    },
  ]),
);
const first = result[builds[0].label];
console.log(
  JSON.stringify({
    n: N,
    block: BLOCK,
    rounds: synced.bare.wallUs.length,
    lineBytes,
    load,
    bare: {
      ...summary(synced.bare),
      noFsync: { wallUs: median(unsynced.bare.wallUs), cpuUs: median(unsynced.bare.cpuUs) },
    },
    builds: result,
    // the first build's figures, as run.js and whole-table.mjs read them
    log: first,
    ratio: first.ratio,
    cpuOnly: { bareUs: median(unsynced.bare.cpuUs), logUs: first.noFsync.cpuUs },
  }),
);
