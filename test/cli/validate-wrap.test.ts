import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OWNERLESS_STRATEGY } from '../helpers/fixtures.js';
import { runMain } from '../helpers/in-process.js';
import { tempDir } from '../helpers/temp.js';

/**
 * `crisis validate` at a terminal wraps each problem between words, the rows after the first hanging two spaces
 * under its `file:line:col` (as the README's example shows); the terminal folded them inside words. Piped, one
 * line per problem, for grep.
 */
const validate = (args: string[], tty: { isTTY: boolean; columns?: number }) => {
  const cwd = tempDir('crisis-validate-wrap-');
  writeFileSync(path.join(cwd, 'quiet.yaml'), OWNERLESS_STRATEGY);
  return runMain(['validate', 'quiet.yaml', ...args], {
    cwd,
    env: { CRISIS_LOG_DIR: cwd, CRISIS_CACHE_DIR: 'off' },
    ...tty,
  });
};

describe('crisis validate at a terminal', () => {
  it('60 columns, English: wrapped between words, hanging under the position', async () => {
    const r = await validate([], { isTTY: true, columns: 60 });
    expect(r.stdout).toBe(
      'quiet.yaml:8:9: warning: step "s" has no owner (every step\n' +
        '  needs one person accountable) [procedure.owner]\n' +
        '1 file checked: 0 errors, 1 warning\n',
    );
  });

  it('60 columns, Chinese: wrapped by display width', async () => {
    const r = await validate(['--lang', 'zh'], { isTTY: true, columns: 60 });
    const lines = r.stdout.split('\n');
    expect(lines[0]!.startsWith('quiet.yaml:8:9：警告：')).toBe(true);
    expect(lines[1]!.startsWith('  ')).toBe(true);
  });

  it('piped: one line per problem, whatever the width', async () => {
    const r = await validate([], { isTTY: false, columns: 60 });
    expect(r.stdout.split('\n')[0]).toBe(
      'quiet.yaml:8:9: warning: step "s" has no owner (every step needs one person accountable) [procedure.owner]',
    );
  });
});
