// Build step (after tsc, before build-index.mjs): each runtime dependency the built CLI imports becomes one ESM file
// in dist/vendor/, and dist's imports of it are rewritten to that file.
//
// Why: Node loads a package module by module, through its resolver and, for a CommonJS package, the CJS loader and
// its export lexer. Measured on this machine (Node 20, one import in a fresh process, clean environment): yaml
// 189 ms as published (CommonJS, ~30 modules) vs 17 ms bundled; zod 166 vs 89 ms; @inquirer/prompts 112 vs 38 ms;
// commander 30 vs 12 ms. Our own modules stay as tsc wrote them, one file per source module, so the tests that
// assert which modules a command loads keep their meaning.
//
// The bundles are made from node_modules as installed from the lockfile, with the conditions Node itself would pick
// (platform node, `import` first), and export only the names dist imports (all of the names Node gives
// `import * as ns from 'pkg'` when dist takes the package whole), so esbuild leaves out the rest of an ESM package.
// Packages that share code share a chunk, so no module's state exists twice (BUILT_ALONE excepted).
// NOT_BUNDLED: pg is CommonJS with an optional native binding, loaded only in team mode; it stays in node_modules.
// So does pgpass (pg's own dependency, its lib/helper.js), loaded only when a team's server asks for a password.
// The licence texts of every bundled package go to dist/vendor/LICENSES.md.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { init, parse } from 'es-module-lexer';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = path.join(ROOT, 'dist');
const VENDOR = path.join(DIST, 'vendor');
const NOT_BUNDLED = new Set(['pg', 'pgpass']);
// Bundled on its own, sharing no chunk: the editor prompt (imported only when a statement is edited) brings
// iconv-lite and chardet (~670 KB); split with the other prompts, esbuild puts them in the chunk the first prompt
// loads (@inquirer/prompts' index imports every prompt). Its copy of @inquirer/core holds no state another prompt
// needs: each prompt keeps its own hooks.
const BUILT_ALONE = new Set(['@inquirer/editor']);
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** dist/**\/*.js outside dist/vendor. */
function distModules(dir = DIST) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (full !== VENDOR) out.push(...distModules(full));
    } else if (e.name.endsWith('.js')) out.push(full);
  }
  return out;
}

const isPackage = (specifier) => !specifier.startsWith('.') && !specifier.startsWith('/') && !specifier.includes(':');
/** The package a specifier names: `pgpass` of `pgpass/lib/helper.js`, `@inquirer/editor` of itself. */
const packageOf = (specifier) => specifier.split('/', specifier.startsWith('@') ? 2 : 1).join('/');

/**
 * The names an import statement takes from its package: a list, or ALL (a namespace, `export *`, a bare or a
 * dynamic import, whose use the text does not show).
 */
const ALL = '*';
function importedNames(statement, dynamic) {
  if (dynamic) return ALL;
  const clause = /^(?:import|export)\s*([\s\S]*?)\s*from\s*['"]/.exec(statement)?.[1];
  if (clause === undefined || clause.includes('*')) return ALL;
  const names = [];
  const braces = /\{([^}]*)\}/.exec(clause);
  for (const part of braces ? braces[1].split(',') : []) {
    const name = part.trim().split(/\s+as\s+/)[0];
    if (name) names.push(name);
  }
  const before = (braces ? clause.slice(0, braces.index) : clause).replace(/,\s*$/, '').trim();
  if (before) names.push('default'); // import x from / import x, { … } from
  return names;
}

await init;
const sources = new Map(distModules().map((file) => [file, readFileSync(file, 'utf8')]));
/** package -> the names dist takes from it, or ALL */
const imported = new Map();
for (const [file, text] of sources) {
  for (const i of parse(text, file)[0]) {
    if (i.n === undefined) continue; // a computed import(): none in dist, and nothing to rewrite
    if (!isPackage(i.n) || NOT_BUNDLED.has(packageOf(i.n))) continue;
    const names = importedNames(text.slice(i.ss, i.se), i.d > -1);
    const seen = imported.get(i.n) ?? new Set();
    if (names === ALL || seen === ALL) imported.set(i.n, ALL);
    else imported.set(i.n, new Set([...seen, ...names]));
  }
}

// One entry per package re-exporting what dist takes from it (everything Node's own namespace for the package
// has, when dist takes it whole), so esbuild leaves out the rest where the package allows (ESM packages).
const entries = mkdtempSync(path.join(tmpdir(), 'crisis-vendor-'));
const entryPoints = [];
for (const [name, taken] of [...imported].sort(([a], [b]) => (a < b ? -1 : 1))) {
  const namespace = await import(name);
  const all = Object.keys(namespace).filter((k) => k !== '__esModule' && IDENTIFIER.test(k));
  const names = taken === ALL ? all : [...taken].sort();
  const missing = names.filter((n) => !(n in namespace));
  if (missing.length > 0) throw new Error(`vendor: dist imports ${missing.join(', ')} from ${name}, which has none`);
  const lines = [];
  const named = names.filter((n) => n !== 'default');
  if (named.length > 0) lines.push(`export { ${named.join(', ')} } from ${JSON.stringify(name)};`);
  if (names.includes('default')) lines.push(`export { default } from ${JSON.stringify(name)};`);
  const entry = path.join(entries, `${name}.mjs`);
  mkdirSync(path.dirname(entry), { recursive: true });
  writeFileSync(entry, `${lines.join('\n')}\n`);
  entryPoints.push({ in: entry, out: name });
}

rmSync(VENDOR, { recursive: true, force: true });
const options = {
  absWorkingDir: ROOT,
  nodePaths: [path.join(ROOT, 'node_modules')],
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outdir: VENDOR,
  chunkNames: 'chunk-[hash]',
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
  // CommonJS code in a bundle still calls require() for Node's own modules (commander: node:events).
  banner: {
    js: "import { createRequire as __crisisRequire } from 'node:module';\nconst require = __crisisRequire(import.meta.url);",
  },
};
// commander requires node:child_process when it loads, for one thing crisis never does (run a subcommand as its
// own executable), and Node takes ~5 ms to load it: commander gets it on first use instead.
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^node:child_process$/ }, (args) =>
      /node_modules\/commander\//.test(args.importer)
        ? { path: 'child_process', namespace: 'lazy-builtin' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, () => ({
      contents:
        "let real;\nmodule.exports = new Proxy({}, { get: (_, key) => (real ??= require('node:child_process'))[key] });\n",
      loader: 'js',
    }));
  },
};
options.plugins = [lazyChildProcess];
const together = entryPoints.filter((e) => !BUILT_ALONE.has(e.out));
const results = [await build({ ...options, entryPoints: together, splitting: true })];
for (const e of entryPoints.filter((e) => BUILT_ALONE.has(e.out)))
  results.push(await build({ ...options, entryPoints: [e] }));
rmSync(entries, { recursive: true, force: true });

// Rewrite dist's imports of a bundled package to its file, relative to the importing module.
for (const [file, text] of sources) {
  let out = '';
  let at = 0;
  for (const i of parse(text, file)[0]) {
    if (i.n === undefined || !imported.has(i.n)) continue;
    let target = path
      .relative(path.dirname(file), path.join(VENDOR, `${i.n}.js`))
      .split(path.sep)
      .join('/');
    if (!target.startsWith('.')) target = `./${target}`;
    // A static import's span is the text inside the quotes; a dynamic import's includes them.
    out += text.slice(at, i.s) + (i.d > -1 ? JSON.stringify(target) : target);
    at = i.e;
  }
  if (at > 0) writeFileSync(file, out + text.slice(at));
}

// Licences: every package that contributed code to a bundle.
const packages = new Map();
for (const input of results.flatMap((r) => Object.keys(r.metafile.inputs))) {
  const m = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
  if (!m) continue;
  const dir = path.join(ROOT, input.slice(0, m.index + m[0].length));
  if (packages.has(dir)) continue;
  const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const licenceFile = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
  packages.set(dir, {
    id: `${manifest.name}@${manifest.version}`,
    licence: manifest.license ?? 'see the package',
    text: licenceFile ? readFileSync(path.join(dir, licenceFile), 'utf8').trim() : undefined,
  });
}
const notices = [...packages.values()]
  .sort((a, b) => (a.id < b.id ? -1 : 1))
  .map((p) => `## ${p.id} (${p.licence})\n\n${p.text ?? '(no licence file in the package)'}\n`);
writeFileSync(
  path.join(VENDOR, 'LICENSES.md'),
  `# Third-party code bundled in dist/vendor/\n\nMade by scripts/vendor.mjs from the packages installed from package-lock.json.\n\n${notices.join('\n')}`,
);
if (!existsSync(path.join(VENDOR, 'commander.js'))) throw new Error('vendor: no commander bundle was written');
console.error(
  `vendor: ${imported.size} packages bundled (${[...imported.keys()].sort().join(', ')}), ${packages.size} licences`,
);
