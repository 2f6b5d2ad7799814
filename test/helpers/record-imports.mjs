// Used as `node --import ./record-imports.mjs ...` with CRISIS_TEST_IMPORT_LOG
// set to a file: registers a module resolve hook that appends every
// resolved module URL to that file, one per line. A test then reads the file
// to prove which packages a command loaded, statically or dynamically.
import { register } from 'node:module';

const log = process.env.CRISIS_TEST_IMPORT_LOG;
if (log) register('./record-imports-hooks.mjs', import.meta.url, { data: { log } });
