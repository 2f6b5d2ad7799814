import { describe, expect, it } from 'vitest';
import { alignColumns, isOneColumn, narrowTable, narrowTruncate, plainWidth } from '../../src/render/table.js';
import { displayWidth, table, truncate } from '../../src/render/width.js';

describe('aligned columns', () => {
  const rows = [
    ['SESSION', 'CRISIS', 'STATE'],
    ['20260101-000000-data-breach-0001', 'data-breach', 'ended (drill)'],
    ['x', 'product-quality', 'paused'],
  ];

  it('aligns one-column text by length, the same lines as the display-width table', () => {
    const lines = narrowTable(rows);
    expect(lines).toEqual([
      'SESSION                           CRISIS           STATE',
      '20260101-000000-data-breach-0001  data-breach      ended (drill)',
      'x                                 product-quality  paused',
    ]);
    expect(lines).toEqual(table(rows));
  });

  it('aligns plain Chinese by its width, the same lines as the display-width table, and declines the rest', () => {
    const wide = [
      ['会话', 'STATE'],
      ['20260101-000000-a-0001', '已结束（演练）'],
    ];
    expect(narrowTable(wide)).toEqual(['会话                    STATE', '20260101-000000-a-0001  已结束（演练）']);
    expect(narrowTable(wide)).toEqual(table(wide));
    expect(narrowTable([['tab\there', 'x']])).toBeUndefined();
    expect(narrowTable([['ok 👍', 'x']])).toBeUndefined();
    expect(narrowTable([['✓ 完成', 'x']])).toBeUndefined();
    expect(isOneColumn('ended (drill)')).toBe(true);
    expect(isOneColumn('exposé – “quoted” …')).toBe(true);
    expect(isOneColumn('e\u0301')).toBe(false); // a combining mark
    expect(isOneColumn('soft\u00adhyphen')).toBe(false); // invisible
    expect(isOneColumn('a\u200bb')).toBe(false); // zero-width space
    expect(plainWidth('级别：高 (high)')).toBe(15);
    expect(plainWidth('か\u3099')).toBeUndefined(); // a combining sound mark
    expect(plainWidth('한\u11a8')).toBeUndefined(); // a jamo that joins the syllable before it
  });

  it('measures each cell once, pads all but the last column, and cuts trailing spaces', () => {
    const seen: string[] = [];
    const lines = alignColumns(
      [
        ['a', 'bb', ''],
        ['ccc', 'd', 'e'],
      ],
      (t) => (seen.push(t), t.length),
      ' | ',
    );
    expect(lines).toEqual(['a   | bb |', 'ccc | d  | e']);
    expect(seen).toEqual(['a', 'bb', '', 'ccc', 'd', 'e']);
  });

  it('says one column only where string-width says so, character by character and for whole strings', async () => {
    const { default: stringWidth } = await import('string-width');
    const oneColumn: string[] = [];
    for (let c = 0; c <= 0x2fff; c++) {
      const char = String.fromCodePoint(c);
      if (isOneColumn(char)) {
        oneColumn.push(char);
        expect([c.toString(16), stringWidth(char)]).toEqual([c.toString(16), 1]);
      }
    }
    expect(oneColumn.length).toBe(95 + 13 + 594 + 24 + 47);
    // Side by side, they never join into a wider or narrower cluster.
    const text = oneColumn.join('');
    expect(stringWidth(text)).toBe(text.length);
    expect(displayWidth(text)).toBe(text.length);
  });

  it('says two columns only where string-width says so, character by character and beside one-column text', async () => {
    const { default: stringWidth } = await import('string-width');
    const twoColumns: string[] = [];
    // collected, not asserted one by one: 65,536 expect calls are most of a minute
    const disagree: string[] = [];
    for (let c = 0; c <= 0xffff; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const char = String.fromCodePoint(c);
      const width = plainWidth(char);
      if (width === 2) twoColumns.push(char);
      if (width !== undefined && width !== stringWidth(char)) disagree.push(c.toString(16));
    }
    expect(disagree).toEqual([]);
    expect(twoColumns.length).toBe(41_853);
    // Side by side with each other and with one-column characters, they never join into a cluster (in lines of 60
    // characters: string-width takes seconds over one line of 100,000).
    const mixed = twoColumns.map((char, i) => (i % 3 === 0 ? `${char}a` : i % 3 === 1 ? `${char}é` : char));
    const clustered: string[] = [];
    for (let i = 0; i < mixed.length; i += 30) {
      const line = mixed.slice(i, i + 30).join('');
      if (plainWidth(line) !== stringWidth(line) || displayWidth(line) !== stringWidth(line)) clustered.push(line);
    }
    expect(clustered).toEqual([]);
  });

  it('cuts plain text as the display-width truncate does', () => {
    for (const [text, width] of [
      ['Case study: an exposé of how the product was made', 40],
      ['short', 40],
      ['exactly ten', 11],
      ['exactly ten', 10],
      ['abc', 0],
    ] as const) {
      expect(narrowTruncate(text, width)).toBe(truncate(text, width));
    }
    expect(narrowTruncate('Case study: an exposé of how the product was made', 20)).toBe('Case study: an expo…');
    for (const [text, width] of [
      ['品牌形象危机', 4],
      ['品牌形象危机', 5],
      ['品牌形象危机', 12],
      ['产品质量危机：批次 A-17 召回', 16],
      ['x', 0],
    ] as const) {
      expect(narrowTruncate(text, width), `${text} ${width}`).toBe(truncate(text, width));
    }
    expect(narrowTruncate('品牌形象危机', 4)).toBe('品…');
    expect(narrowTruncate('品牌 👍', 4)).toBeUndefined();
  });
});
