import { describe, expect, it } from 'vitest';
import { localizeFactValue, statementDate } from '../../src/playbook/dates.js';

describe('localizeFactValue: dates and times as a statement prints them', () => {
  it.each([
    ['2026-01-01', 'en', undefined, '1 January 2026'],
    ['2026-01-01', 'zh', undefined, '2026年1月1日'],
    ['2026-12-31 16:05', 'en', undefined, '31 December 2026, 16:05'],
    ['2026-12-31 16:05', 'zh', undefined, '2026年12月31日 16:05'],
    // A UTC time is shown in the organisation's zone, with the offset said.
    ['2026-01-01T01:00Z', 'en', 'Asia/Shanghai', '1 January 2026, 09:00 (GMT+8)'],
    ['2026-01-01T20:00Z', 'zh', 'Asia/Shanghai', '2026年1月2日 04:00（GMT+8）'],
    ['2026-07-01T10:00Z', 'en', 'Europe/Berlin', '1 July 2026, 12:00 (GMT+2)'],
    ['2026-01-01T01:00Z', 'en', undefined, '1 January 2026, 01:00 (UTC)'],
    // Anything that is not exactly a recorded date or time stays as written.
    ['by 2026-01-02 09:00', 'en', undefined, 'by 2026-01-02 09:00'],
    ['18:00 today', 'zh', undefined, '18:00 today'],
    ['B-112', 'en', undefined, 'B-112'],
  ] as const)('%s in %s (%s) -> %s', (value, lang, zone, expected) => {
    expect(localizeFactValue(value, lang, zone)).toBe(expected);
  });
});

describe('statementDate: the day an instant falls on where the organisation is', () => {
  const lateUtc = Date.UTC(2026, 0, 1, 20, 30);
  it('is the next day in Shanghai when it is still evening in UTC', () => {
    expect(statementDate(lateUtc, 'zh', 'Asia/Shanghai')).toBe('2026年1月2日');
    expect(statementDate(lateUtc, 'en', 'UTC')).toBe('1 January 2026');
  });
});
