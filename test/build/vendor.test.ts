// The dependencies bundled into dist/vendor/ by scripts/vendor.mjs: dist imports them only from there (pg and
// pgpass excepted), each bundle exports what Node's own namespace of the package has, the bundles need no package at
// run time, and every bundled package's licence ships with them.
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { init, parse } from 'es-module-lexer';
import { describe, expect, it } from 'vitest';
import { runNode } from '../helpers/run-cli.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIST = path.join(ROOT, 'dist');
const VENDOR = path.join(DIST, 'vendor');
const require = createRequire(import.meta.url);
const BUNDLED = [
  '@inquirer/editor',
  '@inquirer/prompts',
  'chalk',
  'commander',
  'js-yaml',
  'string-width',
  'wrap-ansi',
  'yaml',
  'zod',
];

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return jsFiles(full);
    return e.name.endsWith('.js') ? [full] : [];
  });
}

/**
 * Every module a dist module requires: dist/ is CommonJS (scripts/commonjs.mjs), where esbuild wrote each
 * import, re-export and literal import() as `require("…")`.
 */
function specifiers(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/\brequire\(("[^"]+")\)/g)].map((m) => JSON.parse(m[1]!) as string);
}

/** What dist gets from a bundle: the module's exports, as `require` gives them. */
const exportsOf = (file: string) => require(file) as Record<string, unknown>;

/**
 * The names a dist module takes from each bundle: esbuild names a required module `import_<name>` and reads
 * its exports as properties of it.
 */
function namesUsed(file: string): Array<{ bundle: string; name: string }> {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/\b(import_[\w$]+) = (?:__toESM\()?require\("([^"]+)"\)/g)].flatMap(([, binding, s]) =>
    s!.includes('/vendor/')
      ? [...text.matchAll(new RegExp(String.raw`\b${binding!.replace(/\$/g, '\\$')}\.([\w$]+)`, 'g'))].map((m) => ({
          bundle: path.resolve(path.dirname(file), s!),
          name: m[1]!,
        }))
      : [],
  );
}

describe('dist/vendor: the bundled dependencies', () => {
  it('dist imports no package from node_modules but pg and pgpass (team mode), and every bundled one from dist/vendor', () => {
    const bare = new Set<string>();
    const vendored = new Set<string>();
    for (const file of jsFiles(DIST)) {
      if (file.startsWith(VENDOR + path.sep)) continue;
      for (const s of specifiers(file)) {
        if (s.startsWith('node:')) continue;
        if (s.startsWith('.')) {
          const target = path.resolve(path.dirname(file), s);
          if (target.startsWith(VENDOR + path.sep)) vendored.add(path.relative(VENDOR, target).replace(/\.js$/, ''));
        } else bare.add(s);
      }
    }
    // pgpass: the helper that reads a team's password file (store/pg-password.ts), the version pg installs
    expect([...bare].sort()).toEqual(['pg', 'pgpass/lib/helper.js']);
    expect([...vendored].sort()).toEqual(BUNDLED);
  });

  it('the bundles import nothing but Node built-ins and each other', () => {
    const outside = jsFiles(VENDOR).flatMap((file) =>
      specifiers(file)
        .filter((s) => !s.startsWith('node:') && !s.startsWith('./') && !s.startsWith('../'))
        .map((s) => `${path.relative(VENDOR, file)}: ${s}`),
    );
    expect(outside).toEqual([]);
  });

  it.each(BUNDLED)('dist/vendor/%s.js exports only names the package has, and the same kind of thing', async (name) => {
    const bundle = exportsOf(path.join(VENDOR, `${name}.js`));
    const original = (await import(name)) as Record<string, unknown>;
    const names = Object.keys(bundle);
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((k) => !(k in original))).toEqual([]);
    expect(names.map((k) => typeof bundle[k])).toEqual(names.map((k) => typeof original[k]));
  });

  it('only what dist uses is bundled: the first prompt does not load the editor prompt (iconv-lite)', async () => {
    const prompts = exportsOf(path.join(VENDOR, '@inquirer/prompts.js'));
    expect(Object.keys(prompts).sort()).toEqual(['confirm', 'input', 'select']);
    const loaded = (file: string): string[] => [
      file,
      ...specifiers(file)
        .filter((s) => s.startsWith('.'))
        .flatMap((s) => loaded(path.resolve(path.dirname(file), s))),
    ];
    const files = loaded(path.join(VENDOR, '@inquirer', 'prompts.js'));
    const text = files.map((f) => readFileSync(f, 'utf8')).join('\n');
    expect(text).not.toMatch(/iconv-lite|windows1252/i);
    expect(readFileSync(path.join(VENDOR, '@inquirer', 'editor.js'), 'utf8')).toMatch(/windows1252/i);
  });

  it('every dist module finds each name it takes from a bundle there', () => {
    // CommonJS has no link step that would fail on a missing name: read the names from the text instead
    const used = jsFiles(DIST)
      .filter((f) => !f.startsWith(VENDOR + path.sep))
      .flatMap((file) => namesUsed(file).map((u) => ({ ...u, file: path.relative(DIST, file) })));
    expect(used.length).toBeGreaterThan(20);
    expect(used.some((u) => u.name === 'z' && u.bundle.endsWith('zod.js'))).toBe(true);
    expect(used.filter((u) => !(u.name in exportsOf(u.bundle)))).toEqual([]);
  });

  it('no dist module keeps an import(): each is a CommonJS script, compiled from the code cache', async () => {
    await init;
    const left = jsFiles(DIST).flatMap((file) =>
      parse(readFileSync(file, 'utf8'), file)[0]
        .filter((i) => i.d > -1)
        .map((i) => `${path.relative(DIST, file)}: ${i.n ?? '(computed)'}`),
    );
    expect(left).toEqual([]);
    // the lexer does see one where there is one
    expect(parse("const x = () => import('./y.js');")[0].map((i) => i.n)).toEqual(['./y.js']);
  });

  it('every dist module loads', async () => {
    // parse-worker.js runs a worker's job when loaded; its requires are quick-load.js's, loaded here
    const modules = jsFiles(DIST).filter((f) => !f.startsWith(VENDOR + path.sep) && !f.endsWith('parse-worker.js'));
    const script = `for (const m of ${JSON.stringify(modules)}) require(m);`;
    const r = await runNode(['-e', script], {});
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('works: the bundled yaml, zod and commander do their job', async () => {
    const yaml = (await import(pathToFileURL(path.join(VENDOR, 'yaml.js')).href)) as typeof import('yaml');
    expect(yaml.parseDocument('a: [1, 2]\n').toJS()).toEqual({ a: [1, 2] });
    const { z } = (await import(pathToFileURL(path.join(VENDOR, 'zod.js')).href)) as typeof import('zod');
    expect(z.object({ id: z.string() }).safeParse({ id: 3 }).success).toBe(false);
    const { Command } = (await import(
      pathToFileURL(path.join(VENDOR, 'commander.js')).href
    )) as typeof import('commander');
    const seen: string[] = [];
    new Command()
      .exitOverride()
      .argument('<x>')
      .action((x: string) => void seen.push(x))
      .parse(['y'], { from: 'user' });
    expect(seen).toEqual(['y']);
  });

  it('the commander bundle loads node:child_process only when an executable subcommand runs', async () => {
    const loads = async (setup: string) => {
      const script = `${setup}; console.log(process.moduleLoadList.some((m) => m.includes('child_process')));`;
      const r = await runNode(['--input-type=module', '-e', script], { cwd: ROOT });
      expect(r.stderr).toBe('');
      return r.stdout.trim();
    };
    const bundle = JSON.stringify(pathToFileURL(path.join(VENDOR, 'commander.js')).href);
    expect(await loads(`await import(${bundle})`)).toBe('false');
    expect(await loads("await import('commander')")).toBe('true'); // the published package, for contrast
    // what commander does with it still works: a subcommand run as its own executable (/bin/true here)
    const executable = `const { Command } = await import(${bundle}); const c = new Command();
      c.command('x', 'an executable subcommand', { executableFile: '/bin/true' });
      await new Promise((done) => { process.exit = (code) => { console.log('exit', code); done(); }; c.parse(['x'], { from: 'user' }); })`;
    expect(await loads(executable)).toBe('exit 0\ntrue');
  });

  it('LICENSES.md carries the licence of every bundled package', () => {
    const notices = readFileSync(path.join(VENDOR, 'LICENSES.md'), 'utf8');
    for (const name of BUNDLED) {
      const { version, license } = JSON.parse(
        readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8'),
      ) as { version: string; license: string };
      expect(notices).toContain(`## ${name}@${version} (${license})`);
    }
    expect(notices).toContain('Permission is hereby granted, free of charge');
  });
});
