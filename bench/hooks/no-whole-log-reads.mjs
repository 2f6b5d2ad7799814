// `node --import bench/hooks/no-whole-log-reads.mjs ...` with BENCH_READS_LOG=FILE:
// wraps the fs calls that read a file whole (readFileSync, readFile,
// fs.promises.readFile) and records, to FILE, every call on a *.jsonl path.
// A streaming reader (createReadStream, read on an fd) is not recorded.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const log = process.env.BENCH_READS_LOG;
if (log) {
  const record = (fn, p) => {
    const name = typeof p === 'string' ? p : p instanceof URL ? p.pathname : Buffer.isBuffer(p) ? p.toString() : '';
    if (name.endsWith('.jsonl')) fs.appendFileSync(log, `${fn} ${name}\n`);
  };
  const { readFileSync, readFile } = fs;
  const promisesReadFile = fs.promises.readFile;
  fs.readFileSync = function (p, ...rest) {
    record('readFileSync', p);
    return readFileSync.call(this, p, ...rest);
  };
  fs.readFile = function (p, ...rest) {
    record('readFile', p);
    return readFile.call(this, p, ...rest);
  };
  fs.promises.readFile = function (p, ...rest) {
    record('promises.readFile', p);
    return promisesReadFile.call(this, p, ...rest);
  };
  syncBuiltinESMExports();
}
