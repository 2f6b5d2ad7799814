import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, readdirSync, symlinkSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/paths.js';
import { runNode } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp.js';

/**
 * What `npm pack` ships, read from `npm pack --dry-run --json` (which must
 * parse: nothing else on stdout), and the tarball installed the way
 * `npm install -g` lays it out, offline, then run from an unrelated folder.
 * Scripts are not run here (`--ignore-scripts`): `prepare` rebuilds dist/,
 * which the other test files are running at the same time.
 */
interface PackEntry {
  filename: string;
  files: Array<{ path: string }>;
}

const npm = (args: string[], cwd: string, env: Record<string, string> = {}) =>
  execFileSync('npm', [...args, '--no-update-notifier', '--no-audit', '--no-fund'], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
    timeout: 150_000,
  });

/** Every file under a folder of the repository, as repository paths. */
const walk = (dir: string): string[] =>
  readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)],
  );

let entry: PackEntry;

beforeAll(() => {
  const out = npm(['pack', '--dry-run', '--json', '--ignore-scripts'], REPO_ROOT);
  entry = (JSON.parse(out) as PackEntry[])[0]!;
}, 60_000);

describe('npm pack', () => {
  it('ships exactly the CLI, its built-in library, the linked docs and the licence', () => {
    const shipped = entry.files.map((f) => f.path).sort();
    const built = walk('src')
      .filter((f) => f.endsWith('.ts'))
      // the message catalogue's areas, inlined into messages.js and zh/index.js by scripts/inline-catalogue.mjs
      .filter((f) => !/^src\/text\/catalogue\/(zh\/)?(?!index\.ts$)[^/]+\.ts$/.test(f))
      .map((f) => f.replace(/^src\//, 'dist/').replace(/\.ts$/, '.js'));
    const expected = [
      'LICENSE',
      'README.md',
      'SECURITY.md',
      'package.json',
      'bench/README.md',
      'bin/code-cache.js',
      'bin/crisis.js',
      'bin/package.json',
      'dist/builtin-index.json',
      'dist/builtin-index.rest',
      // CommonJS (scripts/commonjs.mjs); dist/code-cache.bin and dist/code-salts.json are not shipped: a
      // tarball's files all carry one fixed time, which no cache entry or recorded salt would match
      'dist/package.json',
      ...built,
      // the dependencies bundled by scripts/vendor.mjs, and their licences (dist/vendor/LICENSES.md)
      ...walk('dist/vendor'),
      ...walk('docs'),
      ...walk('examples'),
      ...walk('playbooks'),
      ...walk('sql'),
    ].sort();
    expect(shipped).toEqual(expected);
  });

  it('ships every file the README links to', () => {
    const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const links = [...readme.matchAll(/\]\(([^)#:]+)(?:#[^)]*)?\)/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(2);
    for (const link of new Set(links)) expect(entry.files.map((f) => f.path)).toContain(link);
  });

  it('the build steps print nothing on stdout (they run as prepare inside npm pack --json)', () => {
    for (const step of ['build-index.mjs', 'vendor.mjs', 'inline-catalogue.mjs', 'commonjs.mjs', 'code-cache.mjs']) {
      expect(readFileSync(path.join(REPO_ROOT, 'scripts', step), 'utf8')).not.toMatch(/console\.log|process\.stdout/);
    }
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(pkg).toMatchObject({
      license: 'MIT',
      repository: { type: 'git' },
      homepage: expect.stringMatching(/^https:\/\//) as unknown,
      bugs: { url: expect.stringMatching(/^https:\/\//) as unknown },
    });
    expect(readFileSync(path.join(REPO_ROOT, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n/);
  });
});

describe('the tarball installed globally', () => {
  it('runs crisis --version, list and a built-in drill from an unrelated folder, offline', async () => {
    const dir = tempDir('crisis-pack-');
    npm(['pack', '--ignore-scripts', '--pack-destination', dir], REPO_ROOT);
    // npm install -g's layout: <prefix>/lib/node_modules/<name> and a bin link.
    const prefix = path.join(dir, 'prefix');
    const pkg = path.join(prefix, 'lib', 'node_modules', 'crisis');
    mkdirSync(pkg, { recursive: true });
    mkdirSync(path.join(prefix, 'bin'));
    execFileSync('tar', ['xzf', path.join(dir, entry.filename), '-C', pkg, '--strip-components=1']);
    // The dependencies the lockfile pins, from the npm cache `npm ci` filled: no registry, no network.
    cpSync(path.join(REPO_ROOT, 'package-lock.json'), path.join(pkg, 'package-lock.json'));
    const r = spawnSync(
      'npm',
      ['ci', '--omit=dev', '--offline', '--ignore-scripts', '--no-audit', '--no-fund', '--no-update-notifier'],
      {
        cwd: pkg,
        encoding: 'utf8',
        timeout: 150_000,
        env: {
          PATH: process.env.PATH,
          HOME: dir,
          npm_config_cache: process.env.npm_config_cache ?? path.join(homedir(), '.npm'),
          npm_config_logs_dir: path.join(dir, 'npm-logs'),
        },
      },
    );
    expect(r.status, r.stderr).toBe(0);
    symlinkSync('../lib/node_modules/crisis/bin/crisis.js', path.join(prefix, 'bin', 'crisis'));
    const crisis = path.join(prefix, 'bin', 'crisis');
    const elsewhere = tempDir('crisis-elsewhere-');
    const env = { CRISIS_LOG_DIR: path.join(elsewhere, 'logs') };
    const version = await runNode([crisis, '--version'], { cwd: elsewhere, env });
    expect(version.stdout.trim()).toBe(
      (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version,
    );
    const list = await runNode([crisis, 'list'], { cwd: elsewhere, env });
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/product-quality\s/);
    const drill = await runNode([crisis, 'drill', 'product-quality-batch-defect'], {
      cwd: elsewhere,
      env,
      timeoutMs: 120_000,
    });
    expect(drill.code, drill.stderr).toBe(0);
    expect(drill.stdout).toContain('every scripted response was accepted');
  }, 300_000);
});
