/**
 * A drill report that cannot be written fails before any drill runs. Before: `drill <dir> --junit /proc/x/r.xml`
 * (or a report path naming a folder) ran every drill, printed their results, left their logs, and only then
 * failed (exit 3) writing the report; a CI job waited for a run whose report was lost from the start.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain } from '../helpers/in-process.js';
import { tempDir } from '../helpers/temp.js';

const PROC = process.platform === 'linux' && existsSync('/proc/self');
const ROOT = process.getuid?.() === 0;
const DRILLS = path.resolve('playbooks', 'drills');

/** `crisis drill` in a fresh folder with its own log dir: the result, and what the log dir holds (absent: null). */
async function drill(args: readonly string[], prepare?: (cwd: string) => void) {
  const cwd = tempDir('crisis-report-place-');
  prepare?.(cwd);
  const logs = path.join(cwd, 'logs');
  const r = await runMain(['drill', ...args], { cwd, env: { CRISIS_LOG_DIR: logs } });
  return { ...r, cwd, logs: existsSync(logs) ? readdirSync(logs) : null };
}

describe('a report place that cannot be written: exit 3 at once, no drill run, no log', () => {
  it.skipIf(!PROC)('--junit /proc/x/r.xml over a folder of drills', async () => {
    const r = await drill([DRILLS, '--junit', '/proc/x/r.xml']);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe('error: cannot create the folder /proc/x: ENOENT\nhint: choose a place you can write to\n');
    expect(r.stdout).toBe('');
    expect(r.logs).toBeNull();
  });

  it('--report naming a folder', async () => {
    const r = await drill(['product-quality-batch-defect', '--report', 'out'], (cwd) =>
      mkdirSync(path.join(cwd, 'out')),
    );
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(
      `error: cannot write ${path.join(r.cwd, 'out')}: EISDIR\nhint: give a file name, not a folder\n`,
    );
    expect(r.stdout).toBe('');
    expect(r.logs).toBeNull();
  });

  it('--junit under a file: the file on the way is named', async () => {
    const r = await drill(['product-quality-batch-defect', '--junit', 'notes.txt/r.xml'], (cwd) =>
      writeFileSync(path.join(cwd, 'notes.txt'), 'keep me\n'),
    );
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(
      `error: cannot create the folder ${path.join(r.cwd, 'notes.txt')}: ENOTDIR\nhint: choose a place you can write to\n`,
    );
    expect(r.logs).toBeNull();
    expect(readFileSync(path.join(r.cwd, 'notes.txt'), 'utf8')).toBe('keep me\n');
  });

  it('a good --junit and a bad --report: neither is written, nothing runs', async () => {
    const r = await drill(['product-quality-batch-defect', '--junit', 'reports/j.xml', '--report', 'out'], (cwd) =>
      mkdirSync(path.join(cwd, 'out')),
    );
    expect(r.code).toBe(3);
    expect(r.stderr.split('\n')[0]).toBe(`error: cannot write ${path.join(r.cwd, 'out')}: EISDIR`);
    expect(r.logs).toBeNull();
    // the report's folder is made by the check (as the write would make it); the report is not there
    expect(readdirSync(path.join(r.cwd, 'reports'))).toEqual([]);
  });

  it.skipIf(ROOT)('a read-only folder (as root nothing is read-only: skipped there)', async () => {
    const { chmodSync } = await import('node:fs');
    const r = await drill(['product-quality-batch-defect', '--junit', 'ro/r.xml'], (cwd) => {
      mkdirSync(path.join(cwd, 'ro'));
      chmodSync(path.join(cwd, 'ro'), 0o500);
    });
    chmodSync(path.join(r.cwd, 'ro'), 0o700);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(
      `error: cannot write ${path.join(r.cwd, 'ro', 'r.xml')}: EACCES\nhint: choose a place you can write to\n`,
    );
    expect(r.logs).toBeNull();
    expect(readdirSync(path.join(r.cwd, 'ro'))).toEqual([]);
  });
});

describe('a report place that can be written: the check leaves nothing behind', () => {
  it('a missing nested folder is made and the reports written, no trial file left', async () => {
    const r = await drill(['product-quality-batch-defect', '--junit', 'a/b/j.xml', '--report', 'a/r.json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('wrote a/b/j.xml\nwrote a/r.json\n');
    expect(readdirSync(path.join(r.cwd, 'a')).sort()).toEqual(['b', 'r.json']);
    expect(readdirSync(path.join(r.cwd, 'a', 'b'))).toEqual(['j.xml']);
    expect(r.logs).toHaveLength(2);
  });
});
