// How the launcher loads the built CLI, and a V8 code cache for it: what Node 22's module.enableCompileCache()
// does, on every Node this project supports (Node 20 has no such API). Each module of dist/ (CommonJS since
// scripts/commonjs.mjs) is compiled with the bytecode V8 made for it when scripts/code-cache.mjs ran the common
// commands at build time, functions those runs called included, so a command neither parses nor compiles its
// modules again. It is an optimisation only: a cache from another V8, for a file of another size or time, or one
// V8 rejects, is not used, and the module compiles as usual.
//
// One file, written by the build next to the code it describes, dist/code-cache.bin: a 4-byte length
// (big-endian), that many bytes of JSON, { v8, files: { "<path under dist/>": [offset, length, source length,
// mtime] } } (mtime in ms, as stat gives it), then the cached data of every
// module, one after the other (offsets count from the end of the JSON).
'use strict';
const { openSync, readFileSync, readSync, renameSync, statSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const vm = require('node:vm');

const DIST = path.join(__dirname, '..', 'dist') + path.sep;
const MAIN = require.main;
const CACHE_FILE = path.join(DIST, 'code-cache.bin');

/** Bytes [at, at + length) of an open file; fewer at its end. */
function readAt(fd, at, length) {
  const buffer = Buffer.allocUnsafe(length);
  return buffer.subarray(0, readSync(fd, buffer, 0, length, at));
}

/**
 * The cache's index, and `data(offset, length)` for a module's entry, read when the module loads: a command
 * reads the entries of the modules it loads (a few hundred KB), not the whole 2 MB file. An empty cache when
 * there is none for this V8.
 */
function readCache() {
  try {
    const fd = openSync(CACHE_FILE, 'r');
    let head = readAt(fd, 0, 16 * 1024);
    const end = 4 + head.readUInt32BE(0);
    if (head.length < end) head = readAt(fd, 0, end);
    const index = JSON.parse(head.toString('utf8', 4, end));
    if (index.v8 === process.versions.v8 && index.files && typeof index.files === 'object') {
      return { files: index.files, data: (offset, length) => readAt(fd, end + offset, length) };
    }
  } catch {
    /* no cache, or an unreadable one: compile as usual */
  }
  return { files: {}, data: () => Buffer.alloc(0) };
}

let installed;

const modified = (file) => statSync(file).mtimeMs;
// A copy that keeps times (cp -p, fs.cpSync's preserveTimestamps) keeps them to about a millisecond, rounded
// either way (1933.979 comes back as 1934); an edit is seconds after the build, not within 2 ms of it. The same
// rule as src/store/file-stamp.ts, which this file cannot load: it runs before any of dist.
const sameTime = (a, b) => Math.abs(a - b) < 2;

/** What Node's own _compile gives a module: its require, resolving from that module. */
function requireFrom(mod) {
  const require = (id) => mod.require(id);
  require.resolve = (request, options) => Module._resolveFilename(request, mod, false, options);
  require.main = MAIN;
  require.cache = Module._cache;
  return require;
}

/**
 * Compile dist/'s modules through the cache from now on. With `record`, also keep every module's script, so that
 * `save()` can write what V8 compiled in this process (the build's warm-up runs; never a user's run). `counts`
 * says how the modules loaded so far were compiled (test/build/code-cache.test.ts).
 */
function install({ record = false } = {}) {
  if (installed) return installed;
  const cache = readCache();
  const scripts = new Map();
  /** dist modules compiled from the cache, offered it but rejected by V8, compiled without it */
  const counts = { cached: 0, rejected: 0, compiled: 0 };
  // dist/ is CommonJS throughout (dist/package.json): its modules are read without Node's lookup of the package
  // scope's "type" for every file (path.resolve and a package.json cache probe per directory up to dist/, ~1/20
  // of `status` over 1,000 sessions in a CPU profile), ...
  const loadJs = Module._extensions['.js'];
  Module._extensions['.js'] = function loadDistModule(module, filename) {
    if (!filename.startsWith(DIST)) return loadJs.call(this, module, filename);
    module._compile(readFileSync(filename, 'utf8'), filename);
  };
  // ... and a relative require between them, which names its file exactly (`./x.js`, as tsc and esbuild wrote
  // it), is resolved by path alone: no probing of extensions, stat or realpath (dist/ is a real path already,
  // from this file's own, which Node resolved).
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function resolveDistModule(request, parent, isMain, options) {
    if (request.startsWith('.') && request.endsWith('.js') && parent?.filename?.startsWith(DIST)) {
      return path.resolve(path.dirname(parent.filename), request);
    }
    return resolve.call(this, request, parent, isMain, options);
  };
  const compile = Module.prototype._compile;
  Module.prototype._compile = function compileCached(content, filename) {
    if (!filename.startsWith(DIST)) return compile.call(this, content, filename);
    const rel = filename.slice(DIST.length).split(path.sep).join('/');
    const entry = cache.files[rel];
    let cachedData;
    // The source's length is all V8 itself checks; the file's time tells a file rebuilt or edited since.
    if (Array.isArray(entry) && entry[2] === content.length && sameTime(entry[3], modified(filename))) {
      cachedData = cache.data(entry[0], entry[1]);
    }
    const script = new vm.Script(Module.wrap(content), {
      filename,
      cachedData,
      // scripts/commonjs.mjs leaves no import() in dist; should one come back, it loads as in any module
      importModuleDynamically: vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER,
    });
    if (!cachedData) counts.compiled++;
    else if (script.cachedDataRejected) counts.rejected++;
    else counts.cached++;
    if (record) scripts.set(rel, { script, length: content.length, mtimeMs: modified(filename) });
    const wrapper = script.runInThisContext({ displayErrors: true });
    return wrapper.call(this.exports, this.exports, requireFrom(this), this, filename, path.dirname(filename));
  };

  /** Write the cache: this process's modules, and the entries of modules it did not load. */
  function save() {
    const parts = [];
    const files = {};
    let offset = 0;
    const put = (rel, data, length, mtimeMs) => {
      files[rel] = [offset, data.length, length, mtimeMs];
      parts.push(data);
      offset += data.length;
    };
    for (const [rel, [start, size, length, mtimeMs]] of Object.entries(cache.files)) {
      if (!scripts.has(rel)) put(rel, cache.data(start, size), length, mtimeMs);
    }
    for (const [rel, { script, length, mtimeMs }] of scripts) put(rel, script.createCachedData(), length, mtimeMs);
    const index = Buffer.from(JSON.stringify({ v8: process.versions.v8, files }));
    const length = Buffer.alloc(4);
    length.writeUInt32BE(index.length);
    // by rename: a run at the same time reads the old cache or the new one
    writeFileSync(`${CACHE_FILE}.tmp`, Buffer.concat([length, index, ...parts]));
    renameSync(`${CACHE_FILE}.tmp`, CACHE_FILE);
    return Object.keys(files).length;
  }

  installed = { save, counts };
  return installed;
}

module.exports = { install };
