import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp.js';

/**
 * `-` as a file name is stdout for every file option (`checklist -o`, `review -o`, `drill --junit`,
 * `drill --report`): nothing named `-` is created, and a report on stdout is the only thing there.
 */
const DRILL = 'product-quality-batch-defect';

async function drillSession(): Promise<{ cwd: string; logs: string; id: string }> {
  const cwd = tempDir();
  const logs = path.join(cwd, 'logs');
  const run = await runCli(['drill', DRILL], { cwd, env: { CRISIS_LOG_DIR: logs } });
  expect(run.code, run.stderr).toBe(0);
  const logFiles = readdirSync(logs).filter((f) => f.endsWith('.jsonl'));
  expect(logFiles).toHaveLength(1);
  return { cwd, logs, id: logFiles[0]!.replace(/\.jsonl$/, '') };
}

describe('-o - and friends write to stdout', () => {
  it('checklist -o - prints the checklist and creates no file', async () => {
    const cwd = tempDir();
    const run = await runCli(['checklist', 'product-quality', '-o', '-'], { cwd });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.startsWith('# ')).toBe(true);
    expect(run.stderr).toBe('');
    expect(existsSync(path.join(cwd, '-'))).toBe(false);
  });

  it('review -o - prints the review and creates no file', async () => {
    const { cwd, logs, id } = await drillSession();
    const run = await runCli(['review', id, '--format', 'html', '-o', '-'], { cwd, env: { CRISIS_LOG_DIR: logs } });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.startsWith('<!doctype html>')).toBe(true);
    expect(run.stdout.trimEnd().endsWith('</html>')).toBe(true);
    expect(existsSync(path.join(cwd, '-'))).toBe(false);
  });

  it('drill --junit - puts only the XML on stdout and the summary on stderr', async () => {
    const cwd = tempDir();
    const run = await runCli(['drill', DRILL, '--junit', '-'], { cwd });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites')).toBe(true);
    expect(run.stdout.trimEnd().endsWith('</testsuites>')).toBe(true);
    expect(run.stderr).toMatch(
      new RegExp(`^drill ${DRILL} \\(product-quality, \\w+\\): \\d+/\\d+ expectations held\n`),
    );
    expect(existsSync(path.join(cwd, '-'))).toBe(false);
  });

  it('drill --report - puts only the JSON on stdout; --junit FILE still goes to its file', async () => {
    const cwd = tempDir();
    const run = await runCli(['drill', DRILL, '--report', '-', '--junit', 'out/junit.xml'], { cwd });
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { drills: Array<{ drill: string; passed: boolean }> };
    expect(report.drills.map((d) => [d.drill, d.passed])).toEqual([[DRILL, true]]);
    expect(run.stderr).toContain('wrote out/junit.xml\n');
    expect(readFileSync(path.join(cwd, 'out', 'junit.xml'), 'utf8')).toContain('<testsuites');
    expect(existsSync(path.join(cwd, '-'))).toBe(false);
  });

  it('drill --junit - --report - is a usage error (two documents on one stream)', async () => {
    const run = await runCli(['drill', DRILL, '--junit', '-', '--report', '-']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'error: --junit - and --report - cannot both write to stdout\nhint: send one of them to a file, e.g. --report report.json\n',
    );
  });

  // Regression: one file for both was accepted, and the JSON report replaced the XML (exit 0, "wrote" twice).
  it.each([
    ['the same name', 'same.out', 'same.out'],
    ['another spelling', 'same.out', './same.out'],
    ['a path through another folder', 'out/same.out', 'out/../out/same.out'],
    ['a symlinked folder', 'out/same.out', 'link/same.out'],
  ])('drill --junit F --report F (%s) is a usage error; nothing runs or is written', async (_what, junit, report) => {
    const cwd = tempDir();
    mkdirSync(path.join(cwd, 'out'));
    symlinkSync('out', path.join(cwd, 'link'));
    const logs = path.join(cwd, 'logs');
    const run = await runCli(['drill', DRILL, '--junit', junit, '--report', report], {
      cwd,
      env: { CRISIS_LOG_DIR: logs },
    });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `error: --junit ${junit} and --report ${report} name the same file: the JSON report would overwrite the JUnit XML\n` +
        'hint: give each its own file, e.g. --junit drills.xml --report drills.json\n',
    );
    expect(existsSync(path.join(cwd, 'same.out'))).toBe(false);
    expect(readdirSync(path.join(cwd, 'out'))).toEqual([]);
    expect(existsSync(logs)).toBe(false);
  });

  it('drill --junit F --report G (two files) writes both', async () => {
    const cwd = tempDir();
    const run = await runCli(['drill', DRILL, '--junit', 'r/a.out', '--report', 'r/b.out'], { cwd });
    expect(run.code, run.stderr).toBe(0);
    expect(readFileSync(path.join(cwd, 'r', 'a.out'), 'utf8')).toContain('<testsuites');
    expect(JSON.parse(readFileSync(path.join(cwd, 'r', 'b.out'), 'utf8'))).toHaveProperty('drills');
  });
});
