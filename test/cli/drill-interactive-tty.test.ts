/**
 * `crisis drill --interactive` without a terminal is a usage error (exit 2). It was found only once the drill was
 * about to run: by then the reports' folders had been made and the drill's log lock taken, and the refusal left
 * them behind. The terminal is now asked for first, so nothing is made.
 */
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain } from '../helpers/in-process.js';
import { tempDir } from '../helpers/temp.js';

const REFUSAL =
  'error: --interactive needs a terminal\nhint: run without --interactive to play the scripted responses\n';

describe('drill --interactive without a terminal', () => {
  it('is refused with exit 2 before the reports folders, the log dir or a lock exist', async () => {
    const cwd = tempDir('crisis-drill-tty-');
    const logs = path.join(cwd, 'logs');
    const r = await runMain(
      [
        'drill',
        'product-quality-batch-defect',
        '--interactive',
        '--junit',
        'reports/ci/r.xml',
        '--report',
        'json/r.json',
      ],
      { cwd, env: { CRISIS_LOG_DIR: logs } },
    );
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(REFUSAL);
    expect(existsSync(path.join(cwd, 'reports'))).toBe(false);
    expect(existsSync(path.join(cwd, 'json'))).toBe(false);
    expect(existsSync(logs)).toBe(false);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('says so before it looks for the drill', async () => {
    const cwd = tempDir('crisis-drill-tty-');
    const r = await runMain(['drill', 'no-such-drill', '--interactive', '--junit', 'reports/r.xml'], {
      cwd,
      env: { CRISIS_LOG_DIR: path.join(cwd, 'logs') },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(REFUSAL);
    expect(readdirSync(cwd)).toEqual([]);
  });
});
