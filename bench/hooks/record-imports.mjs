// `node --import bench/hooks/record-imports.mjs ...` with BENCH_IMPORT_LOG=FILE: appends every module a run loads
// to FILE, one URL per line (a built-in as `node:name`), static and dynamic, imported or required: dist/ is
// CommonJS since round eight (scripts/commonjs.mjs), loaded by `require`, which the ES module resolve hook
// (node:module register, on the loader thread) does not see, so the CommonJS loader is wrapped as well.
import { appendFileSync } from 'node:fs';
import Module, { isBuiltin, register } from 'node:module';
import { pathToFileURL } from 'node:url';

const log = process.env.BENCH_IMPORT_LOG;
if (log) {
  register('./record-imports-hook.mjs', import.meta.url, { data: { log } });
  const load = Module._load;
  Module._load = function recordLoad(request, parent, isMain) {
    const url = isBuiltin(request)
      ? `node:${request.replace(/^node:/, '')}`
      : pathToFileURL(Module._resolveFilename(request, parent, isMain)).href;
    // synchronous, so nothing is lost when the process exits early
    appendFileSync(log, `${url}\n`);
    return load.apply(this, arguments);
  };
}
