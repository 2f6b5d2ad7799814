/**
 * What the operator sees of the first step of a product-quality session, in
 * a real terminal (tmux) at 120 and 60 columns, in English and Chinese, kept
 * as reviewed snapshots under __snapshots__/. A change to the step screen
 * shows up here as a diff to read; update it with `npx vitest run -u` once
 * the new screen is right. The clock is the only thing that may differ
 * between runs, so the elapsed and remaining times are normalised.
 */
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN } from '../helpers/paths.js';
import { hasTmux, openTerminal } from '../helpers/pty.js';
import { cleanEnv } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp.js';

const MENU = { en: 'What now?', zh: '下一步做什么？' } as const;

/** The screen from the step header to the menu prompt, with the clock readings made stable. */
function stepScreen(rows: string): string {
  const lines = rows.split('\n');
  const first = lines.findIndex((l) => /^\[1\/\d+\]/.test(l));
  return lines
    .slice(first)
    .join('\n')
    .replace(/T\+\d\d:\d\d(?=\s*$)/m, 'T+00:00')
    .replace(/(还剩 ?)[\d分钟秒小时天]+$/m, '$1…')
    .replace(/(?<=, )[\dhms ]+(?= left$)/m, '…')
    .replace(/\n↑↓.*$/s, '');
}

describe.skipIf(!hasTmux)('the step screen, as a terminal shows it', () => {
  for (const lang of ['en', 'zh'] as const)
    for (const columns of [120, 60])
      it(`${lang} at ${columns} columns`, { timeout: 60_000 }, async () => {
        const home = tempDir('crisis-screen-');
        const term = openTerminal({
          cwd: home,
          env: cleanEnv(home, { CRISIS_LOG_DIR: path.join(home, 'logs'), NO_COLOR: '1' }),
          argv: [process.execPath, BIN, 'start', 'product-quality', '--lang', lang],
          columns,
          rows: 60,
        });
        try {
          await term.waitFor('the step menu', (s) => s.includes(MENU[lang]) && s.includes('❯'), 45_000);
          const screen = stepScreen(term.rows());
          await expect(screen).toMatchFileSnapshot(`__snapshots__/step-screen.${lang}.${columns}.txt`);
        } finally {
          term.kill();
        }
      });
});

describe.skipIf(!hasTmux)("Inquirer's key help line", () => {
  it('is in the session language', { timeout: 60_000 }, async () => {
    for (const [lang, tip] of [
      ['zh', '↑↓ 移动 • ⏎ 选择'],
      ['en', '↑↓ navigate • ⏎ select'],
    ] as const) {
      const home = tempDir('crisis-keys-');
      const term = openTerminal({
        cwd: home,
        env: cleanEnv(home, { CRISIS_LOG_DIR: path.join(home, 'logs'), NO_COLOR: '1' }),
        argv: [process.execPath, BIN, 'start', 'product-quality', '--lang', lang],
        columns: 100,
      });
      try {
        const screen = await term.waitFor('the step menu', (s) => s.includes(MENU[lang]) && s.includes('↑↓'), 45_000);
        expect(screen.split('\n').at(-1)).toBe(tip);
      } finally {
        term.kill();
      }
    }
  });
});

describe.skipIf(!hasTmux)('"Go to another open step" at 60 columns', () => {
  it(
    'wraps its items between words, the ids whole; Esc erases the menu it leaves; a chosen item wraps after the question',
    { timeout: 90_000 },
    async () => {
      const home = tempDir('crisis-goto-');
      const term = openTerminal({
        cwd: home,
        env: cleanEnv(home, { CRISIS_LOG_DIR: path.join(home, 'logs'), NO_COLOR: '1' }),
        argv: [process.execPath, BIN, 'start', 'product-quality', '--operator', 'ana'],
        columns: 60,
        rows: 90,
      });
      const gotoMenu = async () => {
        await term.waitFor('the step menu', (s) => term.after('? What now?', s).includes('↑↓'), 45_000);
        // "Go to another open step" is the eighth item
        for (let i = 0; i < 7; i++) term.keys('Down');
        term.keys('Enter');
        await term.waitFor('the goto menu', (s) => term.after('? Go to which step?', s).includes('↑↓'));
      };
      try {
        await gotoMenu();
        const menu = term.after('? Go to which step?', term.rows()).split('\n');
        expect(menu.every((row) => row.length <= 60)).toBe(true);
        // the first item's title and id, folded at a space and indented under the title (not "…(log-first-signal" + ")")
        expect(menu.slice(1, 3)).toEqual(['❯ Record what was reported, where and when', '  (log-first-signal)']);
        expect(menu).toContain('  Score harm, reach, spread and regulatory exposure; decide');
        expect(menu).toContain('  severity and posture (rate-severity)');

        term.keys('Escape');
        const back = await term.waitFor('the step menu again', (s) =>
          term.after('← Back to the step', s).includes('↑↓'),
        );
        // the abandoned menu is gone: nothing of it between the answered "What now?" and the new one
        const since = term.after('✔ What now? Go to another open step', back);
        expect(since.split('\n').slice(0, 3)).toEqual([
          '✔ What now? Go to another open step',
          '  ← Back to the step',
          '? What now?',
        ]);
        expect(back).not.toContain('Go to which step?');
        expect(back).not.toContain('log-first-signal');

        await gotoMenu();
        term.keys('Down', 'Down', 'Enter');
        const chosen = await term.waitFor('the chosen step', (s) =>
          /\[\d+\/55\] Confirm and scope the problem/.test(term.after('✔ Go to which step?', s)),
        );
        const rows = term.after('✔ Go to which step?', term.rows()).split('\n');
        expect(rows.slice(0, 2)).toEqual([
          '✔ Go to which step? Confirm how serious the problem is and',
          'how far it reaches (scope-the-problem)',
        ]);
        // the counter counts finished steps, not the step's place in the plan: going to the fourth step leaves it at 1
        expect(term.after('✔ Go to which step?', chosen)).toMatch(/\n\[1\/55\] Confirm and scope the problem /);
      } finally {
        term.kill();
      }
    },
  );
});
