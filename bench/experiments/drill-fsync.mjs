#!/usr/bin/env node
// Where `crisis drill DIR` spends its time: the same N drills run as they
// are (fsync after every event) and with fsyncSync turned into a no-op by a
// preload hook, interleaved. The difference is what syncing once per drill
// (or once per run) instead of once per event would save.
// Usage: node bench/experiments/drill-fsync.mjs [N=100] [RUNS=3]
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { BENCH_DIR, benchEnv, BIN, fmtMs, interleave, mdTable, median, NODE, tempDir, timeSync } from '../lib.mjs';
import { writeDrills } from '../generate.mjs';

const N = Number(process.argv[2] ?? 100);
const RUNS = Number(process.argv[3] ?? 3);
const dir = tempDir('drill-fsync');
const { source } = writeDrills(dir, N);
const hook = path.join(BENCH_DIR, 'hooks', 'count-fsync.mjs');
const counts = {};
const run = (name, fsync) => () => {
  const countFile = path.join(tempDir('fsync-count'), 'n');
  const r = timeSync(NODE, ['--import', hook, BIN, 'drill', dir], {
    cwd: tempDir('cwd'),
    env: benchEnv({ CRISIS_LOG_DIR: tempDir('logs'), BENCH_FSYNC_LOG: countFile, BENCH_FSYNC: fsync }),
  });
  if (r.code !== 0 && r.code !== 1) throw new Error(r.stderr);
  if (!existsSync(countFile)) throw new Error(`no fsync count (exit ${r.code}): ${r.stderr.slice(-1500)}`);
  counts[name] = Number(readFileSync(countFile, 'utf8'));
  return r;
};
const s = await interleave(
  [
    { name: 'node -e 0', run: () => timeSync(NODE, ['-e', '0']) },
    { name: `crisis drill DIR (${N} drills), fsync per event`, run: run('on', 'on') },
    { name: `crisis drill DIR (${N} drills), fsync a no-op`, run: run('off', 'off') },
  ],
  { runs: RUNS, warmup: 0, onRound: () => process.stderr.write('.') },
);
process.stderr.write('\n');
console.log(`drill: ${source}; fsyncSync calls per run: ${counts.on}`);
console.log(
  mdTable(
    ['run', 'wall median', 'CPU median'],
    Object.entries(s).map(([k, xs]) => [k, fmtMs(median(xs)), s.cpu[k].length ? fmtMs(median(s.cpu[k])) : '']),
  ),
);
