import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Choice, Prompter } from '../../src/drive/prompter.js';
import { distMain, fakeDeps, runMain } from '../helpers/in-process.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { tempDir } from '../helpers/temp.js';

/**
 * `crisis log` and the review's full timeline name a handed-over role by its title in the run's language, as
 * `status` does ("Spokesperson", 新闻发言人), not by its id; by its id only when the session's playbook is not found.
 */

/** A product-quality session where the operator hands the spokesperson role to Kim, then pauses. */
async function sessionWithHandoff(): Promise<{ cwd: string; logDir: string; id: string }> {
  const { main } = await distMain();
  const cwd = tempDir('crisis-log-roles-');
  const logDir = path.join(cwd, 'logs');
  const menus: string[] = ['handoff', 'pause'];
  const prompter: Prompter = {
    select: async <T extends string>(message: string, choices: ReadonlyArray<Choice<T>>) => {
      const want = message === 'What now?' ? menus.shift() : 'spokesperson';
      const choice = choices.find((c) => c.value === want);
      if (!choice) throw new Error(`no ${want} in ${message}: ${choices.map((c) => c.value).join(', ')}`);
      return choice.value;
    },
    input: async () => 'Kim',
    confirm: async () => true,
    editor: async (_message, text) => text,
  };
  const deps = { ...fakeDeps({ cwd, env: { CRISIS_LOG_DIR: logDir } }), prompter };
  const code = await main(['start', 'product-quality', '--operator', 'alice'], deps);
  expect(code, deps.stderr.text()).toBe(130);
  const logs = readdirSync(logDir).filter((f) => f.endsWith('.jsonl'));
  expect(logs).toHaveLength(1);
  return { cwd, logDir, id: logs[0]!.slice(0, -'.jsonl'.length) };
}

/** The handoff's line: its type in words in text and Markdown (the run's language), as it is in CSV. */
const handoffLine = (text: string) =>
  text.split('\n').find((l) => ['role.handoff', 'handed over role', '交接角色'].some((w) => l.includes(w))) ?? '';

describe('a handoff in the timeline names the role by its title', () => {
  it('crisis log, in English and in Chinese, as text and Markdown', async () => {
    const { cwd, logDir, id } = await sessionWithHandoff();
    const run = (argv: string[]) => runMain(argv, { cwd, env: { CRISIS_LOG_DIR: logDir } });

    const en = await run(['log', id]);
    expect(en.code).toBe(0);
    expect(handoffLine(en.stdout)).toMatch(
      / #\d+ handed over role \[alice\] Spokesperson handed from \(nobody\) to Kim$/,
    );

    const zh = await run(['--lang', 'zh', 'log', id]);
    expect(zh.code).toBe(0);
    expect(handoffLine(zh.stdout)).toMatch(/ #\d+ 交接角色 \[alice\] 新闻发言人 由 （无人） 交接给 Kim$/);

    const md = await run(['--lang', 'zh', 'log', id, '--format', 'md']);
    expect(handoffLine(md.stdout)).toMatch(/\| 交接角色 \| +\| alice \| 新闻发言人 由 （无人） 交接给 Kim \|$/);
    const csv = await run(['log', id, '--format', 'csv']);
    expect(handoffLine(csv.stdout)).toMatch(/,role\.handoff,alice,,Spokesperson handed from \(nobody\) to Kim$/);
  });

  it("the review's full timeline too, in the review's language", async () => {
    const { cwd, logDir, id } = await sessionWithHandoff();
    const run = (argv: string[]) => runMain(argv, { cwd, env: { CRISIS_LOG_DIR: logDir } });
    const en = await run(['review', id, '--no-interactive']);
    expect(en.code, en.stderr).toBe(0);
    expect(handoffLine(en.stdout)).toContain('| Spokesperson handed from (nobody) to Kim |');
    const zh = await run(['--lang', 'zh', 'review', id, '--no-interactive']);
    expect(zh.code, zh.stderr).toBe(0);
    expect(handoffLine(zh.stdout)).toContain('| 新闻发言人 由 （无人） 交接给 Kim |');
  });

  it('by its id when the playbook is not found (a log whose plan no longer composes)', async () => {
    // Written by an old build: product-quality with a strategy "legal" the library does not have.
    const log = path.join(REPO_ROOT, 'test', 'fixtures', 'logs', 'compat-4884f92.jsonl');
    const cwd = tempDir('crisis-log-roles-');
    for (const lang of ['en', 'zh']) {
      const r = await runMain(['--lang', lang, 'log', log], { cwd, env: { CRISIS_LOG_DIR: cwd } });
      expect(r.code).toBe(0);
      expect(handoffLine(r.stdout)).toMatch(
        lang === 'en'
          ? /\[alice\] incident-lead handed from alice to bob$/
          : /\[alice\] incident-lead 由 alice 交接给 bob$/,
      );
    }
  });

  it('by its id, and the log printed whole, when the playbooks cannot be read', async () => {
    const { cwd, logDir, id } = await sessionWithHandoff();
    // --playbooks naming no directory: every command that reads playbooks refuses it; the log is printed anyway
    const r = await runMain(['--playbooks', path.join(cwd, 'missing'), 'log', id], {
      cwd,
      env: { CRISIS_LOG_DIR: logDir },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(handoffLine(r.stdout)).toMatch(/\[alice\] spokesperson handed from \(nobody\) to Kim$/);
  });
});
