import { describe, expect, it } from 'vitest';
import { localizeFactValue, screenTime, statementDate, timeValueInstant, typedTime } from '../../src/playbook/dates.js';
import { sessionClock, sessionClockLater } from '../../src/playbook/profile.js';

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

describe('screenTime: a check-back or next-update time as the operator reads it', () => {
  const at = Date.UTC(2026, 10, 30, 10, 0); // 30 Nov 2026 10:00 UTC
  it.each([
    ['en', { zone: 'Asia/Shanghai', label: false }, '30 Nov 2026 18:00'],
    ['zh', { zone: 'Asia/Shanghai', label: false }, '2026年11月30日 18:00'],
    ['en', { zone: 'UTC', label: false }, '30 Nov 2026 10:00'],
    // The session's zone is not this terminal's: the offset is said.
    ['en', { zone: 'Asia/Shanghai', label: true }, '30 Nov 2026 18:00 (GMT+8)'],
    ['zh', { zone: 'Asia/Shanghai', label: true }, '2026年11月30日 18:00（GMT+8）'],
    // Past midnight in the zone, the day says so.
    ['en', { zone: 'Pacific/Auckland', label: false }, '30 Nov 2026 23:00'],
    ['en', { zone: 'America/New_York', label: false }, '30 Nov 2026 05:00'],
  ] as const)('%s in %o -> %s', (lang, clock, expected) => {
    expect(screenTime(at, lang, clock)).toBe(expected);
  });

  it('names the next day once the zone has passed midnight', () => {
    expect(screenTime(Date.UTC(2026, 10, 30, 17, 5), 'zh', { zone: 'Asia/Shanghai', label: false })).toBe(
      '2026年12月1日 01:05',
    );
  });
});

describe('typedTime: an instant as a time input records it, in a zone', () => {
  it('is the local wall clock of the zone, the form localizeFactValue words', () => {
    const at = Date.UTC(2026, 10, 30, 10, 0);
    expect(typedTime(at, 'Asia/Shanghai')).toBe('2026-11-30 18:00');
    expect(typedTime(at, 'UTC')).toBe('2026-11-30 10:00');
    expect(localizeFactValue(typedTime(at, 'Asia/Shanghai'), 'zh')).toBe('2026年11月30日 18:00');
  });
});

describe('sessionClock: the organisation zone first, else the machine zone', () => {
  it.each([
    [{}, 'Europe/London', { zone: 'Europe/London', label: false }],
    [{ 'org-time-zone': 'Asia/Shanghai' }, 'Europe/London', { zone: 'Asia/Shanghai', label: true }],
    [{ 'org-time-zone': 'Asia/Shanghai' }, 'Asia/Shanghai', { zone: 'Asia/Shanghai', label: false }],
    [{ 'org-time-zone': 'Not/AZone' }, 'Europe/London', { zone: 'Europe/London', label: false }],
    [{}, 'Not/AZone', { zone: 'UTC', label: false }],
  ] as const)('%o on a %s machine -> %o', (facts, machine, expected) => {
    expect(sessionClock(facts, machine)).toEqual(expected);
  });
});

describe('sessionClockLater: the same clock, worked out when a screen first shows a time', () => {
  it('asks for the machine zone only when the zone or the label is read, and once', () => {
    const asked: string[] = [];
    const machine = () => (asked.push('asked'), 'Europe/London');
    const clock = sessionClockLater({ 'org-time-zone': 'Asia/Shanghai' }, machine);
    expect(asked).toEqual([]);
    expect(clock.label).toBe(true);
    expect(clock.zone).toBe('Asia/Shanghai');
    expect(asked).toEqual(['asked']);
    expect(screenTime(Date.UTC(2026, 0, 1, 1), 'en', clock)).toBe('1 Jan 2026 09:00 (GMT+8)');
    expect(asked).toEqual(['asked']);
  });

  it.each([
    [{}, 'Europe/London'],
    [{ 'org-time-zone': 'Asia/Shanghai' }, 'Asia/Shanghai'],
    [{ 'org-time-zone': 'Not/AZone' }, 'Europe/London'],
    [{}, 'Not/AZone'],
  ] as const)('%o on a %s machine: what sessionClock gives', (facts, machine) => {
    const later = sessionClockLater(facts, () => machine);
    expect({ zone: later.zone, label: later.label }).toEqual(sessionClock(facts, machine));
    const given = sessionClockLater(facts, machine);
    expect({ zone: given.zone, label: given.label }).toEqual(sessionClock(facts, machine));
  });
});

describe('timeValueInstant: the instant a time input recorded, when it can be told', () => {
  it.each([
    ['2026-01-01T12:00Z', undefined, { at: Date.UTC(2026, 0, 1, 12) }],
    ['2026-01-01T12:00Z', 'Asia/Shanghai', { at: Date.UTC(2026, 0, 1, 12) }],
    ['2026-01-01 20:00', 'Asia/Shanghai', { at: Date.UTC(2026, 0, 1, 12) }],
    ['2026-07-01 12:00', 'Europe/London', { at: Date.UTC(2026, 6, 1, 11) }],
    ['2026-01-01 12:00', undefined, { local: 'no-zone' }],
    // New York: 02:30 on 8 March 2026 never happened, 01:30 on 1 November happened twice.
    ['2026-03-08 02:30', 'America/New_York', { local: 'ambiguous' }],
    ['2026-11-01 01:30', 'America/New_York', { local: 'ambiguous' }],
    ['2026-11-01 03:30', 'America/New_York', { at: Date.UTC(2026, 10, 1, 8, 30) }],
    ['12:00 today', 'UTC', undefined],
  ] as const)('%s in %s', (value, zone, expected) => {
    expect(timeValueInstant(value, zone)).toEqual(expected);
  });
});
