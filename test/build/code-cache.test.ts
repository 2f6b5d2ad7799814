// The V8 code cache of the built CLI (bin/code-cache.js, written by scripts/code-cache.mjs): a command's modules
// are compiled from it, and it is only an optimisation: a stale, corrupt or foreign cache is not used and the
// command does the same. Counts of how modules were compiled, never timings.
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runNode } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The cache's index: the V8 it was made by and an entry per module. */
function cacheIndex(root = ROOT): { v8: string; files: Record<string, [number, number, number, number]> } {
  const bytes = readFileSync(path.join(root, 'dist', 'code-cache.bin'));
  return JSON.parse(bytes.toString('utf8', 4, 4 + bytes.readUInt32BE(0))) as ReturnType<typeof cacheIndex>;
}

/** A copy of the built CLI (bin, dist, package.json) sharing node_modules and playbooks; mtimes kept. */
function copyOfBuild(): string {
  const copy = tempDir('crisis-code-cache-');
  for (const p of ['bin', 'dist', 'package.json']) {
    cpSync(path.join(ROOT, p), path.join(copy, p), { recursive: true, preserveTimestamps: true });
  }
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'));
  symlinkSync(path.join(ROOT, 'playbooks'), path.join(copy, 'playbooks'));
  return copy;
}

/**
 * Run `crisis ARGS` from ROOT's build the way bin/crisis.js does, then print how its dist modules were compiled.
 */
async function run(root: string, args: string[]) {
  const script = `
    const cache = require(${JSON.stringify(path.join(root, 'bin', 'code-cache.js'))}).install();
    require(${JSON.stringify(path.join(root, 'dist', 'cli', 'main.js'))})
      .main(${JSON.stringify(args)})
      .then((code) => console.error(JSON.stringify({ code, counts: cache.counts })));`;
  const r = await runNode(['-e', script], { cwd: tempDir('crisis-code-cache-cwd-'), env: { NO_COLOR: '1' } });
  expect(r.code).toBe(0);
  const reported = JSON.parse(r.stderr.trim().split('\n').at(-1)!) as {
    code: number;
    counts: { cached: number; rejected: number; compiled: number };
  };
  return { ...reported, out: r.stdout };
}

describe('the V8 code cache of dist/', () => {
  it('the build writes it for this V8, with an entry for the modules the common commands load', () => {
    const index = cacheIndex();
    expect(index.v8).toBe(process.versions.v8);
    for (const rel of ['cli/main.js', 'cli/program.js', 'cli/list.js', 'cli/validate.js', 'cli/status.js']) {
      expect(Object.keys(index.files)).toContain(rel);
    }
    expect(Object.keys(index.files)).toContain('vendor/commander.js');
    expect(Object.keys(index.files)).toContain('vendor/zod.js');
  });

  // The build's runs to the first prompt need util-linux `script`, which .ci/run installs.
  it.skipIf(spawnSync('script', ['--version']).status !== 0)(
    'the runs to the first prompt reach the step menu: the prompt library, the driver and the step screen are in it',
    () => {
      const files = Object.keys(cacheIndex().files);
      for (const rel of ['vendor/@inquirer/prompts.js', 'drive/interactive.js', 'render/step-screen.js']) {
        expect(files).toContain(rel);
      }
    },
  );

  it('list is compiled from it: every dist module it loads, none rejected', async () => {
    const { code, out, counts } = await run(ROOT, ['list']);
    expect(code).toBe(0);
    expect(out).toContain('product-quality');
    expect(counts.rejected).toBe(0);
    expect(counts.compiled).toBe(0);
    expect(counts.cached).toBeGreaterThan(20);
  });

  it('a module edited since the build (same length, new time) is compiled from its new text, not the cache', async () => {
    const copy = copyOfBuild();
    const list = path.join(copy, 'dist', 'cli', 'list.js');
    const text = readFileSync(list, 'utf8');
    expect(text).toContain('kind: "drill"');
    // a change V8's own check (the source's length) cannot see
    writeFileSync(list, text.replace('kind: "drill"', 'kind: "DRILL"'));
    const { out, counts } = await run(copy, ['list', '--json']);
    expect(out).toContain('"kind": "DRILL"');
    expect(counts.compiled).toBe(1);
    expect(counts.rejected).toBe(0);
  });

  it('a module touched since the build is not served from the cache', async () => {
    const copy = copyOfBuild();
    utimesSync(path.join(copy, 'dist', 'cli', 'main.js'), new Date(), new Date());
    expect((await run(copy, ['list'])).counts.compiled).toBe(1);
  });

  it.each([
    ['corrupt', (bytes: Buffer) => Buffer.from(bytes.subarray(0, 9).map((b) => b ^ 0x5a))],
    ['empty', () => Buffer.alloc(0)],
    ['made by another V8', (bytes: Buffer) => withIndex(bytes, (index) => ({ ...index, v8: '0.0.0' }))],
    [
      'garbled data for every module',
      (bytes: Buffer) => {
        const end = 4 + bytes.readUInt32BE(0);
        return Buffer.concat([bytes.subarray(0, end), bytes.subarray(end).map((b) => b ^ 0xff)]);
      },
    ],
  ])('a %s cache is not used: the command does the same', async (_name, damage) => {
    const before = await run(ROOT, ['list']);
    const copy = copyOfBuild();
    const file = path.join(copy, 'dist', 'code-cache.bin');
    writeFileSync(file, damage(readFileSync(file)));
    const after = await run(copy, ['list']);
    expect(after.code).toBe(0);
    expect(after.out).toBe(before.out);
    expect(after.counts.cached).toBe(0);
  });

  it('the launcher uses it: `crisis list` through bin/crisis.js compiles from it, and prints the same without it', async () => {
    const copy = copyOfBuild();
    const cwd = tempDir('crisis-code-cache-cwd-');
    // At exit: how the launcher's own install compiled the modules (install() hands back the one in place), or
    // that the launcher never loaded bin/code-cache.js.
    const report = path.join(cwd, 'report.cjs');
    const cacheModule = path.join(ROOT, 'bin', 'code-cache.js');
    writeFileSync(
      report,
      `process.on('exit', () => process.stderr.write('counts:' + (require.cache[${JSON.stringify(cacheModule)}] ? JSON.stringify(require(${JSON.stringify(cacheModule)}).install().counts) : 'not loaded') + '\\n'));\n`,
    );
    const withCache = await runNode(['-r', report, path.join(ROOT, 'bin', 'crisis.js'), 'list'], {
      cwd,
      env: { NO_COLOR: '1' },
    });
    const reported = /counts:(.*)/.exec(withCache.stderr)?.[1];
    expect(reported).not.toBe('not loaded');
    const counts = JSON.parse(reported!) as { cached: number; compiled: number };
    expect(counts.cached).toBeGreaterThan(20);
    expect(counts.compiled).toBe(0);
    writeFileSync(path.join(copy, 'dist', 'code-cache.bin'), '');
    const without = await runNode([path.join(copy, 'bin', 'crisis.js'), 'list'], { cwd, env: { NO_COLOR: '1' } });
    expect(withCache.code).toBe(0);
    expect(withCache.stdout).toBe(without.stdout);
    expect(withCache.stdout).toContain('product-quality');
  });
});

/** The cache file with its JSON index changed by `change`. */
function withIndex(bytes: Buffer, change: (index: object) => object): Buffer {
  const end = 4 + bytes.readUInt32BE(0);
  const index = Buffer.from(JSON.stringify(change(JSON.parse(bytes.toString('utf8', 4, end)) as object)));
  const length = Buffer.alloc(4);
  length.writeUInt32BE(index.length);
  return Buffer.concat([length, index, bytes.subarray(end)]);
}
