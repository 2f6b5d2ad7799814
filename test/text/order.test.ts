import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byName } from '../../src/text/order.js';

const sign = (n: number) => Math.sign(n);

describe('byName', () => {
  it('orders ids and plain file names as localeCompare does', () => {
    const plain = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-./'), maxLength: 8 });
    fc.assert(
      fc.property(plain, plain, (a, b) => sign(byName(a, b)) === sign(a.localeCompare(b))),
      { numRuns: 20_000 },
    );
    const files = [
      'task-force.yaml',
      'task.yaml',
      'task-force.yml',
      'a/b.yaml',
      'a-b.yaml',
      'a.yaml',
      '10.yaml',
      '9.yaml',
    ];
    expect([...files].sort(byName)).toEqual([...files].sort((a, b) => a.localeCompare(b)));
  });

  it('leaves anything else to localeCompare (capitals, accents, underscores sort differently by code unit)', () => {
    for (const [a, b] of [
      ['B.yaml', 'a.yaml'],
      ['é.yaml', 'f.yaml'],
      ['a_b', 'a-b'],
      ['Z', 'z'],
    ] as const) {
      expect(sign(byName(a, b))).toBe(sign(a.localeCompare(b)));
    }
    // the cases where code-unit order would be wrong
    expect(sign(byName('B.yaml', 'a.yaml'))).toBe(1);
    expect(sign(byName('é.yaml', 'f.yaml'))).toBe(-1);
  });
});
