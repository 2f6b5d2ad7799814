import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { PromptInterrupted, type Prompter } from '../../src/drive/prompter.js';
import { fakeDeps } from '../helpers/in-process.js';
import { tempDir } from '../helpers/temp.js';

/**
 * `show` and `start` count the same steps: the ones that apply before any
 * fact is known. `show` says how many more conditions can add and marks
 * those steps [+]; its numbering is the numbering `start` shows.
 */

/** A terminal where the operator presses Ctrl-C at the first question: the first step screen is printed. */
const ctrlC: Prompter = {
  select: () => Promise.reject(new PromptInterrupted('interrupted')),
  input: () => Promise.reject(new PromptInterrupted('interrupted')),
  confirm: () => Promise.reject(new PromptInterrupted('interrupted')),
  editor: () => Promise.reject(new PromptInterrupted('interrupted')),
};

async function run(argv: string[]) {
  const root = tempDir('crisis-count-');
  const deps = { ...fakeDeps({ cwd: root, env: { CRISIS_LOG_DIR: path.join(root, 'logs') } }), prompter: ctrlC };
  const code = await main(argv, deps);
  return { code, out: deps.stdout.text(), err: deps.stderr.text() };
}

describe('show and start agree on the step count', () => {
  it.each([
    ['product-quality', []],
    ['product-quality', ['--severity', 'low']],
    ['cybersecurity', ['--severity', 'critical', '--jurisdiction', 'cn,eu']],
    ['customer-service', []],
  ])('%s %s', async (crisis, flags) => {
    const show = await run(['show', crisis, ...flags]);
    expect(show.code).toBe(0);
    const [, count, all] = /steps: (\d+)(?: \(up to (\d+) as conditions are met\))?$/m.exec(show.out) ?? [];
    expect(count).toBeDefined();
    const numbered = show.out.split('\n').filter((l) => /^ {2}\[\d+\/\d+\] /.test(l));
    const conditional = show.out.split('\n').filter((l) => l.startsWith('  [+] '));
    expect(numbered).toHaveLength(Number(count));
    expect(numbered[0]).toMatch(new RegExp(`^ {2}\\[1/${count}\\] `));
    expect(numbered.length + conditional.length).toBe(Number(all ?? count));

    const start = await run(['start', crisis, ...flags, '--operator', 'alice']);
    expect(start.code).toBe(130);
    const first = /^\[1\/(\d+)\] /m.exec(start.out);
    expect(first?.[1]).toBe(count);
    // the same first step, by id
    const firstId = /\(([a-z0-9-]+)\)$/.exec(numbered[0]!)?.[1];
    expect(start.out).toContain(`(${firstId})`);
  });

  it('in Chinese too', async () => {
    const show = await run(['--lang', 'zh', 'show', 'product-quality']);
    const start = await run(['--lang', 'zh', 'start', 'product-quality', '--operator', 'alice']);
    const [, count, all] = /步：(\d+)（满足条件时最多 (\d+)）/.exec(show.out) ?? [];
    expect(Number(all)).toBeGreaterThan(Number(count));
    expect(/^\[1\/(\d+)\] /m.exec(start.out)?.[1]).toBe(count);
  });
});
