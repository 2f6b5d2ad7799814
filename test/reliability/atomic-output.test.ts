/**
 * A SIGKILL while `-o FILE` is being written (issue 12, #8): the file must
 * hold the previous content or the complete new one, never an empty or cut
 * file. Outputs go through src/store/safe-fs.ts (temp + fsync + rename);
 * before, most kills during `checklist -o` left an empty file. The kill
 * moments are seeded (FUZZ_SEED) and spread over the run, start-up included.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURE_FILES } from '../helpers/fixtures.js';
import { tempDir, writeFiles } from '../helpers/temp.js';
import { fuzzSeed, prng } from './fuzz-gen.js';
import { crisis, sleep } from './helpers.js';

const KILLS = Number(process.env.OUTPUT_KILLS ?? 12);

describe('SIGKILL during -o', () => {
  it(`${KILLS} kills of checklist -o: the old file or the whole new one`, { timeout: 180_000 }, async () => {
    const root = tempDir('crisis-atomic-out-');
    writeFiles(path.join(root, 'pb'), FIXTURE_FILES);
    const args = ['--playbooks', 'pb', 'checklist', 'widget-recall', '--format', 'html', '-o', 'out.html'];
    const out = path.join(root, 'out.html');
    const full = await crisis(args, { cwd: root });
    expect(full.code, full.stderr).toBe(0);
    const fresh = readFileSync(out);
    expect(fresh.toString()).toMatch(/<\/html>\s*$/);
    const old = Buffer.from('<!doctype html><p>the checklist printed yesterday</p>\n');
    const rng = prng(fuzzSeed() ^ 0x0a70);
    const outcomes: string[] = [];
    for (let i = 0; i < KILLS; i++) {
      writeFileSync(out, old);
      let pid = -1;
      const running = crisis(args, { cwd: root, onSpawn: (p) => (pid = p) });
      await sleep(Math.floor(full.ms * (0.2 + rng() * 1.0)));
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* it finished first */
      }
      const r = await running;
      const now = readFileSync(out);
      const state = now.equals(old) ? 'old' : now.equals(fresh) ? 'new' : `torn (${now.length} bytes)`;
      outcomes.push(`${r.signal ?? `exit ${r.code}`}: ${state}`);
      expect(state, outcomes.join('\n')).toMatch(/^(old|new)$/);
    }
    console.log(`SIGKILL during -o: ${outcomes.join(', ')}`);
  });
});
