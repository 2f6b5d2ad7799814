/**
 * A `number` input typed as people write large numbers: thousands grouped by commas (2,000; 12,500,000), or by the
 * full-width comma of Chinese typing (2，000). Recorded as the plain number; a comma anywhere else is refused with
 * what to type, never guessed at (2,00 may be 200, 2000 or a decimal comma).
 */
import { describe, expect, it } from 'vitest';
import { coerceInput } from '../../src/session/inputs.js';
import type { Input } from '../../src/playbook/types.js';

const units: Input = { id: 'customers-affected', label: 'Customers affected', type: 'number' };

describe('a number with thousands separators', () => {
  it('is the plain number when its commas group the digits in threes', () => {
    expect(coerceInput(units, '2,000')).toEqual({ value: 2000 });
    expect(coerceInput(units, '12,500,000')).toEqual({ value: 12_500_000 });
    expect(coerceInput(units, ' 1,234.5 ')).toEqual({ value: 1234.5 });
    expect(coerceInput(units, '-3,000')).toEqual({ value: -3000 });
    expect(coerceInput(units, '2，000')).toEqual({ value: 2000 });
    expect(coerceInput(units, '12，500，000')).toEqual({ value: 12_500_000 });
    // as before: without commas, and a script's own number
    expect(coerceInput(units, '2000')).toEqual({ value: 2000 });
    expect(coerceInput(units, 2000)).toEqual({ value: 2000 });
  });

  it('is refused, saying what to type, when a comma is misplaced', () => {
    for (const raw of ['2,00', '2,0000', ',200', '200,', '1,,000', '12,50,000', '2.000,5', '2,000.5,0'])
      expect(coerceInput(units, raw).problem, raw).toEqual({
        key: 'input.numberGrouping',
        params: { raw },
      });
    expect(coerceInput(units, '2,00').error).toBe(
      'customers-affected: expected a number with a comma before every three digits (2,000 or 12,500,000) ' +
        'or no commas (2000), got "2,00"',
    );
    expect(coerceInput(units, '2，00', 'zh').error).toBe(
      'customers-affected：请填一个数字，用逗号分隔时每三位一个（如 2,000 或 12,500,000），也可不加逗号（如 2000），' +
        '收到的是“2，00”',
    );
    expect(coerceInput(units, 'lots').error).toBe('customers-affected: expected a number, got "lots"');
  });
});
