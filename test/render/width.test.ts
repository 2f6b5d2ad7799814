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
});
