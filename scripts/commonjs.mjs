// Build step (after tsc, vendor.mjs, inline-catalogue.mjs and build-index.mjs): every module in dist/ becomes a
// CommonJS module, one file for one file, and dist/package.json says so. esbuild rewrites each file on its own
// (no bundling): `import` to `require`, `export` to `module.exports` (annotated so that an ES module importing a
// dist file still gets its named exports), `import()` of a relative file to a promise of its `require`, and
// `import.meta.url` to the file's own URL. src/ stays ESM, and so do the tests and scripts.
//
// Why: on Node 20 only a CommonJS module can be compiled from a V8 code cache (bin/code-cache.js; Node 22's
// module.enableCompileCache() does this for ES modules too, Node 20 has no such API), and the CommonJS loader
// is cheaper per module than the ES module loader. Measured on this machine (clean environment, Node 20.20,
// median of 15, side by side, bench/compare.mjs): `list` 3.09x `node -e 0` -> 2.22x, `status` 2.76x -> 1.84x,
// `validate FILE` 4.77x -> 3.90x with the code cache of scripts/code-cache.mjs.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
const META_URL = '__crisisModuleUrl';

/** dist/**\/*.js */
function modules(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return modules(full);
    return e.name.endsWith('.js') ? [full] : [];
  });
}

const files = modules(DIST);
await Promise.all(
  files.map(async (file) => {
    const text = readFileSync(file, 'utf8');
    const { code } = await transform(text, {
      sourcefile: path.relative(DIST, file),
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      // a relative import() would otherwise stay an ES module import, which a code cache cannot serve
      supported: { 'dynamic-import': false },
      define: { 'import.meta.url': META_URL },
      banner: text.includes('import.meta.url')
        ? `const ${META_URL} = require('node:url').pathToFileURL(__filename).href;`
        : '',
      logLevel: 'error',
    });
    writeFileSync(file, code);
  }),
);
// tsc and the bundlers wrote ES modules; from here on every .js file under dist/ is CommonJS
writeFileSync(path.join(DIST, 'package.json'), `${JSON.stringify({ type: 'commonjs' })}\n`);
console.error(`commonjs: ${files.length} modules`);
