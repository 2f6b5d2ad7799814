import { describe, expect, it } from 'vitest';
import { runMain } from '../helpers/in-process.js';
import { tempDir } from '../helpers/temp.js';
import { displayWidth } from '../../src/render/width.js';

/**
 * `crisis show` at a terminal wraps each line to the terminal's width between words (README: every line the tool
 * prints at a terminal); at 60 columns the terminal folded guidance and checklist items inside words. Piped, the
 * lines are as they always were.
 */
const show = (args: string[], tty: { isTTY: boolean; columns?: number }) => {
  const cwd = tempDir('crisis-show-wrap-');
  return runMain(['show', 'product-quality', ...args], { cwd, env: { CRISIS_LOG_DIR: cwd, NO_COLOR: '1' }, ...tty });
};

describe('crisis show at a terminal', () => {
  it('60 columns, English: wrapped between words, a step and a checklist item hanging under their text', async () => {
    const r = await show([], { isTTY: true, columns: 60 });
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines.filter((l) => displayWidth(l) > 60)).toEqual([]);
    expect(lines).toEqual(
      expect.arrayContaining([
        '  [1/55] Name the incident lead and the spokesperson, and',
        '         call in the core team (tf-name-leads)',
        '        [ ] Incident lead and spokesperson named and have',
        '            accepted, each with a deputy',
        // a step added by a condition hangs under its text as a numbered one does (it hung at 2 columns)
        '  [+] Tell the exchange and investors, as the listing rules',
        '      require (sh-investor-notice)',
      ]),
    );
  }, 60_000);

  it('60 columns, coloured: the same rows, the step marker dim', async () => {
    const cwd = tempDir('crisis-show-wrap-');
    const r = await runMain(['show', 'product-quality'], {
      cwd,
      env: { CRISIS_LOG_DIR: cwd, FORCE_COLOR: '1' },
      isTTY: true,
      columns: 60,
    });
    const plain = r.stdout.replace(/\x1b\[[0-9;]*m/g, '').split('\n');
    expect(plain).toEqual(
      expect.arrayContaining([
        '  [1/55] Name the incident lead and the spokesperson, and',
        '         call in the core team (tf-name-leads)',
        '  [+] Tell the exchange and investors, as the listing rules',
        '      require (sh-investor-notice)',
      ]),
    );
    expect(r.stdout).toContain('\x1b[2m[+]\x1b[22m');
  }, 60_000);

  it('60 columns, Chinese: wrapped by display width', async () => {
    const r = await show(['--lang', 'zh'], { isTTY: true, columns: 60 });
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines.filter((l) => displayWidth(l) > 60)).toEqual([]);
    expect(lines[1]).toBe('产品缺陷、安全隐患或易用性问题正在社交媒体和论坛上发酵。尽快');
    // numbered and added steps alike hang under their text
    expect(lines).toEqual(
      expect.arrayContaining([
        '  [1/55] 指定危机总指挥和新闻发言人，召集核心小组',
        '         （tf-name-leads）',
        '  [+] 帮用户用好产品，并把问题反馈给设计部门',
        '      （help-with-usability）',
      ]),
    );
  }, 60_000);

  it('piped: not wrapped, whatever the width', async () => {
    const piped = await show([], { isTTY: false, columns: 60 });
    expect(piped.stdout.split('\n')).toContain(
      '  [1/55] Name the incident lead and the spokesperson, and call in the core team (tf-name-leads)',
    );
    const wide = await show([], { isTTY: true, columns: 1000 });
    expect(wide.stdout).toBe(piped.stdout);
  }, 60_000);
});
