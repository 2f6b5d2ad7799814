import { describe, expect, it } from 'vitest';
import { alignColumns, isOneColumn, narrowTable, narrowTruncate } from '../../src/render/table.js';
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

  it('declines any cell that is not one column per character, which the display-width table aligns', () => {
    const wide = [
      ['会话', 'STATE'],
      ['20260101-000000-a-0001', '已结束'],
    ];
    expect(narrowTable(wide)).toBeUndefined();
    expect(narrowTable([['tab\there', 'x']])).toBeUndefined();
    expect(table(wide)).toEqual(['会话                    STATE', '20260101-000000-a-0001  已结束']);
    expect(isOneColumn('ended (drill)')).toBe(true);
    expect(isOneColumn('exposé – “quoted” …')).toBe(true);
    expect(isOneColumn('e\u0301')).toBe(false); // a combining mark
    expect(isOneColumn('soft\u00adhyphen')).toBe(false); // invisible
    expect(isOneColumn('a\u200bb')).toBe(false); // zero-width space
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

  it('cuts one-column text as the display-width truncate does', () => {
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
    expect(narrowTruncate('品牌形象危机', 4)).toBeUndefined();
  });
});
