import { describe, expect, it } from 'vitest';
import { alignColumns, asciiTable, isPlainAscii } from '../../src/render/table.js';
import { table } from '../../src/render/width.js';

describe('aligned columns', () => {
  const rows = [
    ['SESSION', 'CRISIS', 'STATE'],
    ['20260101-000000-data-breach-0001', 'data-breach', 'ended (drill)'],
    ['x', 'product-quality', 'paused'],
  ];

  it('aligns plain ASCII by length, the same lines as the display-width table', () => {
    const lines = asciiTable(rows);
    expect(lines).toEqual([
      'SESSION                           CRISIS           STATE',
      '20260101-000000-data-breach-0001  data-breach      ended (drill)',
      'x                                 product-quality  paused',
    ]);
    expect(lines).toEqual(table(rows));
  });

  it('declines any cell that is not printable ASCII, which the display-width table aligns', () => {
    const wide = [
      ['会话', 'STATE'],
      ['20260101-000000-a-0001', '已结束'],
    ];
    expect(asciiTable(wide)).toBeUndefined();
    expect(asciiTable([['tab\there', 'x']])).toBeUndefined();
    expect(table(wide)).toEqual(['会话                    STATE', '20260101-000000-a-0001  已结束']);
    expect(isPlainAscii('ended (drill)')).toBe(true);
    expect(isPlainAscii('é')).toBe(false);
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
});
