// `node --import bench/hooks/count-fsync.mjs ...` with BENCH_FSYNC_LOG=FILE:
// counts fsyncSync calls and writes the count to FILE at exit. With
// BENCH_FSYNC=off it also turns fsyncSync into a no-op, to measure what a
// command would cost if it synced once instead of after every event (an
// experiment only: never a way to run the tool).
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const log = process.env.BENCH_FSYNC_LOG;
const off = process.env.BENCH_FSYNC === 'off';
let calls = 0;
const { fsyncSync } = fs;
fs.fsyncSync = function (fd) {
  calls++;
  if (!off) fsyncSync.call(this, fd);
};
syncBuiltinESMExports();
if (log) process.on('exit', () => fs.writeFileSync(log, String(calls)));
