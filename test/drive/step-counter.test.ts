import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { Choice, Prompter } from '../../src/drive/prompter.js';
import { fakeDeps } from '../helpers/in-process.js';
import { tempDir } from '../helpers/temp.js';

/**
 * The `[n/total]` over each step screen never goes backwards while the plan changes. In cybersecurity with the CN
 * and EU duties, the plan starts without the generic "notify the regulators" (replaced by the duties) and without
 * the CN report steps; recording a major incident at a CII operator in confirm-incident (the third step) brings the
 * CN report and its duty step into the plan before the second step, ahead of everything still open. The next step
 * screen is that report: by its place in the plan it read [2/62] right after [3/54].
 */

/** An operator at a terminal: each "What now?" takes the next move; inputs get plausible answers. */
function operator(moves: string[]): Prompter & { menus: number } {
  const p = {
    menus: 0,
    select: async <T extends string>(message: string, choices: ReadonlyArray<Choice<T>>): Promise<T> => {
      if (message === 'What now?') {
        const move = moves[p.menus++] ?? 'pause';
        const choice = choices.find((c) => c.value === move);
        if (!choice) throw new Error(`no "${move}" on the menu: ${choices.map((c) => c.value).join(', ')}`);
        return choice.value;
      }
      // The CN grade and the operator type that bring the CII report duty in; the first choice elsewhere.
      return (choices.find((c) => c.value === 'major' || c.value === 'cii') ?? choices[0]!).value;
    },
    // A reason, a name or text, a number, a time: the first the question's own validation takes.
    input: async (message: string, options?: { validate?: (value: string) => true | string }) => {
      if (/^(Why skip|What blocks)/.test(message)) return 'waiting for the vendor';
      const answer = ['Alice', '1000', '2026-01-01 08:30'].find((a) => (options?.validate?.(a) ?? true) === true);
      if (answer === undefined) throw new Error(`no answer passes: ${message}`);
      return answer;
    },
    confirm: async () => true,
    editor: async (_message: string, text: string) => text,
  };
  return p;
}

describe('the step counter', () => {
  it('never goes backwards when recorded facts bring steps in before the current one', async () => {
    const root = tempDir('crisis-counter-');
    const prompter = operator(['done', 'done', 'done', 'skip', 'skip', 'block', 'pause']);
    const deps = { ...fakeDeps({ cwd: root, env: { CRISIS_LOG_DIR: path.join(root, 'logs') } }), prompter };
    const code = await main(['start', 'cybersecurity', '--jurisdiction', 'cn,eu', '--operator', 'alice'], deps);
    const out = deps.stdout.text();
    // paused at the menu: exit 130, resumable
    expect(code, deps.stderr.text()).toBe(130);
    expect(out).toContain('session paused.');
    const screens = [...out.matchAll(/^\[(\d+)\/(\d+)\] .*\n.*\(([a-z0-9-]+)\)$/gm)].map(([, n, total, step]) => ({
      n: Number(n),
      total: Number(total),
      step,
    }));
    expect(screens.map((s) => `[${s.n}/${s.total}] ${s.step}`)).toEqual([
      '[1/54] tf-name-leads',
      '[2/54] activate-security-team',
      '[3/54] confirm-incident',
      // the report and its duty step joined the plan before activate-security-team: worked first, counted on
      '[4/62] regulator-report-cn-cyber-incident',
      '[5/62] report-cn-cyber-report-cii',
      '[6/62] contain-incident',
      // blocked is not finished: the next step is the sixth still to do, not the seventh
      '[6/62] rate-severity',
    ]);
    // the replaced generic step never showed
    expect(out).not.toContain('(notify-regulator)');
    for (let i = 1; i < screens.length; i++) expect(screens[i]!.n).toBeGreaterThanOrEqual(screens[i - 1]!.n);
  });
});
