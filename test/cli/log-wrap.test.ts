import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain } from '../helpers/in-process.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { tempDir } from '../helpers/temp.js';
import { displayWidth } from '../../src/render/width.js';

/**
 * `crisis log` at a terminal wraps each event of the text timeline between words, hanging two spaces under its
 * time; the terminal folded notes and facts inside words at 60 columns. Piped, and as md or csv, one line each.
 */
const LOG = path.join(REPO_ROOT, 'test', 'fixtures', 'logs', 'compat-4884f92.jsonl');
const log = (args: string[], tty: { isTTY: boolean; columns?: number }) => {
  const cwd = tempDir('crisis-log-wrap-');
  return runMain(['log', LOG, ...args], { cwd, env: { CRISIS_LOG_DIR: cwd, NO_COLOR: '1' }, ...tty });
};

describe('crisis log at a terminal', () => {
  it('60 columns: every row fits, an event’s later rows hanging under its time', async () => {
    const r = await log([], { isTTY: true, columns: 60 });
    const lines = r.stdout.split('\n').filter((l) => l !== '');
    expect(lines.filter((l) => displayWidth(l) > 60)).toEqual([]);
    expect(lines[0]).toMatch(/^2026-01-01 \d\d:00:00 {2}T\+00:00 {2}#1 started session \[alice\]$/);
    expect(lines[1]).toBe('  started product-quality at severity high with task-force,');
    expect(lines[2]).toBe('  legal');
  });

  it('piped, or as csv at a terminal: one line per event', async () => {
    const piped = await log([], { isTTY: false, columns: 60 });
    expect(piped.stdout.split('\n')[0]).toMatch(/#1 started session \[alice\] started .* with task-force, legal$/);
    const csv = await log(['--format', 'csv'], { isTTY: true, columns: 60 });
    expect(csv.stdout.split('\n')[0]).toBe('seq,ts,local,offset,type,actor,step,summary');
    expect(csv.stdout.split('\n')[1]).toMatch(
      /^1,2026-01-01T09:00:00\.000Z,.*,"started product-quality at severity high with task-force, legal"$/,
    );
  });
});
