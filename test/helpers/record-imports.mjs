// Used as `node --import ./record-imports.mjs ...` with CRISIS_TEST_IMPORT_LOG set to a file: every module the run
// loads, imported or required, is appended to that file, one URL per line (bench/hooks/record-imports.mjs, under
// the name the tests use). A test then reads the file to prove which packages a command loaded.
process.env.BENCH_IMPORT_LOG ??= process.env.CRISIS_TEST_IMPORT_LOG;
await import('../../bench/hooks/record-imports.mjs');
