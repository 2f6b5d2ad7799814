import { describe, expect, it } from 'vitest';
import { typedInputLabel } from '../../src/drive/input-hint.js';

/** The form a date or time is typed in, as the session prompts and the review walk both ask it. */
describe('typedInputLabel', () => {
  it('a time question takes the time form, in the screen language', () => {
    expect(typedInputLabel('Detected at', 'time', 'en')).toBe('Detected at (HH:MM today, or YYYY-MM-DD HH:MM)');
    expect(typedInputLabel('发现时间', 'time', 'zh')).toBe(
      '发现时间（今天的填“时:分”，如 18:00；其他日期填“年-月-日 时:分”，如 2026-11-30 18:00）',
    );
  });

  it("inside the question's own brackets, one aside", () => {
    expect(typedInputLabel('Found on (optional)', 'date', 'en')).toBe('Found on (optional; YYYY-MM-DD)');
    expect(typedInputLabel('发现日期（可选）', 'date', 'zh')).toBe('发现日期（可选；年-月-日，如 2026-11-30）');
  });

  it('other questions are left as they are', () => {
    expect(typedInputLabel('Customers affected', 'number', 'zh')).toBe('Customers affected');
  });
});
