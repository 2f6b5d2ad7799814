/**
 * validate holds nothing open, so the launcher ends the process as soon as it is done instead of letting Node
 * tear down a big heap first (src/cli/output-closed.ts, endWhenDone). The output and the exit code are the
 * command's all the same; a command that did not ask (list) exits naturally.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN } from '../helpers/paths.js';
import { tempDir, writeFiles } from '../helpers/temp.js';

/** Run the launcher with process.exit watched: the hook says on stderr when it is called, and with what. */
function run(args: string[], cwd: string) {
  const hook = path.join(tempDir(), 'watch-exit.cjs');
  writeFileSync(
    hook,
    `const real = process.exit;
     process.exit = function (code) {
       require('node:fs').writeSync(2, 'process.exit(' + code + ') with exitCode ' + process.exitCode + '\\n');
       return real.apply(process, arguments);
     };`,
  );
  const dir = tempDir();
  return spawnSync(process.execPath, ['--require', hook, BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CRISIS_LOG_DIR: dir, CRISIS_CACHE_DIR: 'off', NO_COLOR: '1', HOME: dir },
    timeout: 60_000,
  });
}

describe('a command that holds nothing open ends when done', () => {
  it('validate ends through process.exit, with its own output and exit code (0, and 1 for problems)', () => {
    const cwd = tempDir();
    const clean = run(['validate'], cwd);
    expect(clean.stdout.trim().split('\n').at(-1)).toMatch(/^✓ \d+ files checked: 0 errors, 0 warnings$/);
    expect(clean.stderr).toBe('process.exit(0) with exitCode 0\n');
    expect(clean.status).toBe(0);
    writeFiles(cwd, { 'bad.yaml': 'id: bad\nkind: crisis\n' });
    const bad = run(['validate', 'bad.yaml'], cwd);
    expect(bad.stdout.trim().split('\n').at(-1)).toMatch(/^1 file checked: 2 errors, 0 warnings$/);
    expect(bad.stderr).toBe('process.exit(1) with exitCode 1\n');
    expect(bad.status).toBe(1);
  });

  it('list, which did not ask, exits naturally', () => {
    const r = run(['list'], tempDir());
    expect(r.stdout).toContain('product-quality');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
