// `node --import bench/hooks/record-imports.mjs ...` with BENCH_IMPORT_LOG=FILE:
// registers a module resolve hook (node:module register) that appends every
// resolved module URL to FILE, one per line, static and dynamic imports alike.
import { register } from 'node:module';

const log = process.env.BENCH_IMPORT_LOG;
if (log) register('./record-imports-hook.mjs', import.meta.url, { data: { log } });
