import { describe, expect, it } from 'vitest';
import { runMain } from '../helpers/in-process.js';
import { tempDir } from '../helpers/temp.js';

/** `crisis --help` says where logs go as the README's Environment table and src/store/session-files.ts do. */
describe('crisis --help', () => {
  it('--log-dir names $XDG_STATE_HOME between $CRISIS_LOG_DIR and ~/.local/state', async () => {
    const cwd = tempDir('crisis-help-');
    const r = await runMain(['--help'], { cwd, env: { CRISIS_LOG_DIR: cwd } });
    expect(r.code).toBe(0);
    expect(r.stdout.replace(/\s+/g, ' ')).toContain(
      '--log-dir <dir> where session logs live (default: $CRISIS_LOG_DIR, else $XDG_STATE_HOME/crisis/sessions or ~/.local/state/crisis/sessions)',
    );
  });

  it('at a 60-column terminal an option’s text is wrapped under its column (commander left it whole under 40)', async () => {
    const cwd = tempDir('crisis-help-');
    const r = await runMain(['start', '--help'], { cwd, env: { CRISIS_LOG_DIR: cwd }, isTTY: true, columns: 60 });
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').slice(8, 11)).toEqual([
      '  --severity <severity>   severity of this crisis (choices:',
      '                          "low", "medium", "high",',
      '                          "critical")',
    ]);
  });

  it('piped: wrapped at 80 columns, as before', async () => {
    const cwd = tempDir('crisis-help-');
    const r = await runMain(['start', '--help'], { cwd, env: { CRISIS_LOG_DIR: cwd }, isTTY: false, columns: 60 });
    expect(r.stdout.split('\n').slice(8, 10)).toEqual([
      '  --severity <severity>   severity of this crisis (choices: "low", "medium",',
      '                          "high", "critical")',
    ]);
  });
});
