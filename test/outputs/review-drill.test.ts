import { readFileSync, readdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_PLAYBOOKS } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir, writeFiles } from '../helpers/temp.js';

/**
 * A drill run from a file outside every search path: its log records the
 * file's absolute path, and the review finds the expectations there from
 * any folder; when that file is gone, by the drill's id on the search path.
 */
const DRILL = readFileSync(path.join(BUILTIN_PLAYBOOKS, 'drills', 'product-quality-batch-defect.yaml'), 'utf8')
  .replace(/^id: product-quality-batch-defect$/m, 'id: outside-drill')
  .replace(/^expect:$/m, 'expect:\n  - fact: { id: defect-confirmed, equals: true }');

describe('review of a drill run from a file outside the search path', () => {
  it('records the absolute path, and review finds the drill by it, then by id', async () => {
    const runDir = tempDir('crisis-drill-run-');
    const logs = path.join(tempDir('crisis-drill-logs-'), 'logs');
    writeFiles(runDir, { 'exercises/outside.yaml': DRILL });
    const drill = await runCli(['drill', 'exercises/outside.yaml'], {
      cwd: runDir,
      env: { CRISIS_LOG_DIR: logs },
      timeoutMs: 120_000,
    });
    expect(drill.code, drill.stderr).toBe(0);
    const logFile = readdirSync(logs).find((f) => f.endsWith('.jsonl'))!;
    const session = logFile.replace(/\.jsonl$/, '');
    const first = JSON.parse(readFileSync(path.join(logs, logFile), 'utf8').split('\n')[0]!) as {
      data: { drill: { id: string; file: string } };
    };
    expect(first.data.drill).toEqual({ id: 'outside-drill', file: path.join(runDir, 'exercises', 'outside.yaml') });

    // From an unrelated folder, where no search path holds outside-drill.
    const elsewhere = tempDir('crisis-drill-review-');
    const review = () =>
      runCli(['review', session, '--no-interactive'], { cwd: elsewhere, env: { CRISIS_LOG_DIR: logs } });
    const byPath = await review();
    expect(byPath.code, byPath.stderr).toBe(0);
    expect(byPath.stdout).toContain('## Drill expectations');
    expect(byPath.stdout).toContain('- ✓ fact defect-confirmed = true');

    // The file is gone: a drill with that id on the search path (./playbooks) takes its place.
    rmSync(path.join(runDir, 'exercises', 'outside.yaml'));
    const gone = await review();
    expect(gone.code, gone.stderr).toBe(0);
    expect(gone.stdout).not.toContain('## Drill expectations');
    writeFiles(elsewhere, {
      'playbooks/drills/outside.yaml': DRILL.replace(
        '  - fact: { id: defect-confirmed, equals: true }',
        '  - fact: { id: defect-confirmed, equals: false }',
      ),
    });
    const byId = await review();
    expect(byId.code, byId.stderr).toBe(0);
    expect(byId.stdout).toContain('- ✗ fact defect-confirmed = false');
  }, 300_000);
});
