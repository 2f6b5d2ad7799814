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
