import { describe, expect, it } from 'vitest';
import { displayWidth, table, wrapLine } from '../../src/render/width.js';

describe('display width (string-width)', () => {
  it.each<[string, number]>([
    ['abc', 3],
    ['产品质量', 8],
    ['级别：高', 8],
    ['e\u0301', 1],
    ['\x1b[31mred\x1b[39m', 3],
  ])('%j is %i columns', (text, width) => expect(displayWidth(text)).toBe(width));

  it('tables line up Chinese cells by columns, not characters', () => {
    expect(
      table([
        ['ID', 'TITLE'],
        ['pq', '产品质量危机'],
        ['cyber-security', 'x'],
      ]),
    ).toEqual(['ID              TITLE', 'pq              产品质量危机', 'cyber-security  x']);
  });
});

/** At 20 columns: the comma stays on its line, the opening bracket goes with what follows it. */
const WRAPPED_20 = ['请核实受影响的批次，', '并在三十分钟内（最', '迟）通知质量负责人。', '然后起草声明。'];

describe('wrapLine', () => {
  it('wraps English between words, never inside one, keeping the indent', () => {
    const text = '  Food is the classic case: someone must own the deadline before anyone calls the press.';
    const lines = wrapLine(text, 30);
    expect(lines).toEqual([
      '  Food is the classic case:',
      '  someone must own the',
      '  deadline before anyone calls',
      '  the press.',
    ]);
    for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(30);
  });

  it('a list item hangs under its text', () => {
    expect(wrapLine('  - check the batch numbers against the shipping records', 30)).toEqual([
      '  - check the batch numbers',
      '    against the shipping',
      '    records',
    ]);
  });

  it('a checklist box hangs too', () => {
    expect(wrapLine('  [ ] All staff told that only the spokesperson speaks to press and public', 60)).toEqual([
      '  [ ] All staff told that only the spokesperson speaks to',
      '      press and public',
    ]);
  });

  it('an id longer than the line stays whole', () => {
    const id = '20261130-103611-product-quality-3f9a';
    expect(wrapLine(`resume with: crisis resume ${id}`, 30)).toEqual(['resume with: crisis resume', id]);
  });

  it('short lines and empty lines come back as they are', () => {
    expect(wrapLine('done', 60)).toEqual(['done']);
    expect(wrapLine('', 60)).toEqual(['']);
  });

  it('Chinese breaks between characters, never before 。，、 or a closing bracket, never after an opening one', () => {
    const text = '请核实受影响的批次，并在三十分钟内（最迟）通知质量负责人。然后起草声明。';
    for (const columns of [10, 12, 14, 16, 20, 24]) {
      const lines = wrapLine(text, columns);
      expect(lines.join('')).toBe(text);
      for (const l of lines) {
        expect(displayWidth(l), l).toBeLessThanOrEqual(columns);
        expect('。，、）'.includes(l[0]!), `${columns}: ${l}`).toBe(false);
        expect('（'.includes(l.at(-1)!), `${columns}: ${l}`).toBe(false);
      }
    }
    expect(wrapLine(text, 20)).toEqual(WRAPPED_20);
  });

  it('Chinese mixed with an id: the id is one unit', () => {
    expect(wrapLine('继续请运行：crisis resume 20261130-103611-product-quality-3f9a', 30)).toEqual([
      '继续请运行：crisis resume',
      '20261130-103611-product-quality-3f9a',
    ]);
  });

  it('a ✓ or ✗ result line hangs under its text, its mark coloured or not (drill results)', () => {
    const text = 'completed: stop-sales, notify-regulator, recall-product';
    expect(wrapLine(`  ✓ ${text}`, 40)).toEqual(['  ✓ completed: stop-sales,', '    notify-regulator, recall-product']);
    expect(wrapLine(`  \x1b[31m✗\x1b[39m ${text}`, 40)).toEqual([
      '  \x1b[31m✗\x1b[39m completed: stop-sales,',
      '    notify-regulator, recall-product',
    ]);
  });

  it('a T+ offset past a day stays whole in Chinese (T+1天 | 02:05 was a break)', () => {
    expect(wrapLine('实际于 T+1天22:00', 14)).toEqual(['实际于', 'T+1天22:00']);
    expect(wrapLine('期限 T+2天10:00，T+1天22:00 达成', 22)).toEqual(['期限 T+2天10:00，', 'T+1天22:00 达成']);
  });

  it('a number keeps the unit after it, and 分钟 and 小时 stay whole (the step screen broke "还剩 59" | "分钟58秒")', () => {
    const due = '负责：新闻发言人 — 李明   时限 T+01:00（首次声明），还剩 59分钟58秒';
    expect(wrapLine(due, 59)).toEqual(['负责：新闻发言人 — 李明   时限 T+01:00（首次声明），还剩', '59分钟58秒']);
    // Before: '并在1小时30分' | '钟内回复。' at 13, '并在1' | '小时30分钟内' at 11.
    expect(wrapLine('并在1小时30分钟内回复。', 13)).toEqual(['并在1小时', '30分钟内回', '复。']);
    expect(wrapLine('并在1小时30分钟内回复。', 11)).toEqual(['并在1小时', '30分钟内回', '复。']);
    // Across the space the catalogue puts between a count and its unit of time.
    expect(wrapLine('还剩 15 分钟，请在 2 小时内回复客户。', 12)).toEqual([
      '还剩',
      '15 分钟，请',
      '在 2 小时内',
      '回复客户。',
    ]);
  });

  it('a date, a time or any other ASCII run is never broken, colour codes inside it included', () => {
    expect(wrapLine('请于2026-12-01 14:05前完成并回复。', 16)).toEqual(['请于2026-12-01', '14:05前完成并回', '复。']);
    const red = (s: string) => `\x1b[31m${s}\x1b[39m`;
    expect(wrapLine(`截止：2026-${red('12-01')}，请回复。`, 12)).toEqual([
      '截止：',
      `2026-${red('12-01')}，`,
      '请回复。',
    ]);
  });

  it('no line starts with closing punctuation nor ends with opening punctuation, ASCII quotes too', () => {
    // Before: '发布前请核对："' | '高度重视" 是套话' at 16, and '〔' ended a line at 9.
    expect(wrapLine('发布前请核对："高度重视" 是套话', 16)).toEqual(['发布前请核', '对："高度重视"', '是套话']);
    expect(wrapLine('发布前请核对："高度重视" 是套话', 18)).toEqual(['发布前请核对："高', '度重视" 是套话']);
    expect(wrapLine('请说明〔依据〕，并附上［材料］。', 9)).toEqual(['请说明〔依', '据〕，并附', '上［材', '料］。']);
    for (const columns of [8, 9, 10, 11, 12, 13, 14, 15, 16]) {
      const text = '请说明〔依据〕，并附上［材料］。核对"高度重视"。';
      const lines = wrapLine(text, columns);
      expect(lines.join('')).toBe(text);
      for (const l of lines) {
        expect('。，〕］"'.includes(l[0]!), `${columns}: ${l}`).toBe(false);
        expect('〔［"'.includes(l.at(-1)!), `${columns}: ${l}`).toBe(false);
      }
    }
  });
});
