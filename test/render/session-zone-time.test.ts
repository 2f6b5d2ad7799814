/**
 * The pure formatters of review, log and status take the session's zone from their caller (they used the
 * machine's): the same instant reads the same wherever the machine is, with the zone's own offset, across a
 * daylight-saving change too.
 */
import { describe, expect, it } from 'vitest';
import { clockTime, formatLocal, formatUtcOffset } from '../../src/render/time.js';
import { loggedZoneFacts, timelineRows, timelineText } from '../../src/render/timeline.js';
import type { StoredEvent } from '../../src/session/events.js';

const AT = Date.parse('2026-03-02T00:10:07Z');

describe('a time in the session zone', () => {
  it('is the zone’s wall clock and offset, not the machine’s', () => {
    expect(formatLocal(AT, 'Asia/Shanghai')).toBe('2026-03-02 08:10:07');
    expect(formatLocal(AT, 'America/New_York')).toBe('2026-03-01 19:10:07');
    expect(formatUtcOffset(AT, 'Asia/Shanghai')).toBe('UTC+08:00');
    expect(formatUtcOffset(AT, 'Asia/Kolkata')).toBe('UTC+05:30');
    expect(formatUtcOffset(AT, 'UTC')).toBe('UTC');
    // London after the clocks went forward on 29 March 2026
    expect(formatUtcOffset(Date.parse('2026-03-29T01:30:00Z'), 'Europe/London')).toBe('UTC+01:00');
    expect(formatUtcOffset(Date.parse('2026-03-29T00:30:00Z'), 'Europe/London')).toBe('UTC');
  });

  it('is labelled with the zone, as the step screen does, when it is not the machine’s', () => {
    expect(clockTime(AT, { zone: 'Asia/Shanghai', label: true })).toBe('2026-03-02 08:10:07 (GMT+8)');
    expect(clockTime(AT, { zone: 'Asia/Shanghai', label: false })).toBe('2026-03-02 08:10:07');
  });
});

describe('the log timeline', () => {
  const events = [
    {
      seq: 1,
      ts: '2026-03-02T00:10:07.000Z',
      type: 'session.started',
      actor: 'alice',
      data: { crisis: 'c', severity: 'high', with: [], facts: { 'org-time-zone': 'Asia/Tokyo' } },
    },
    {
      seq: 2,
      ts: '2026-03-02T00:20:00.000Z',
      type: 'step.assigned',
      actor: 'alice',
      step: 's',
      data: { to: 'bob', checkBackAt: '2026-03-02T01:00:00.000Z' },
    },
    {
      seq: 3,
      ts: '2026-03-02T00:30:00.000Z',
      type: 'step.completed',
      actor: 'alice',
      step: 't',
      data: { facts: { 'org-time-zone': 'Asia/Shanghai' } },
    },
  ] as unknown as StoredEvent[];

  it('knows the zone the session last recorded', () => {
    expect(loggedZoneFacts(events)).toEqual({ 'org-time-zone': 'Asia/Shanghai' });
    expect(loggedZoneFacts(events.slice(0, 2))).toEqual({ 'org-time-zone': 'Asia/Tokyo' });
    expect(loggedZoneFacts([])).toEqual({});
  });

  it('shows each event and a check-back time in the session zone', () => {
    const text = timelineText(timelineRows(events, 'en', [], { zone: 'Asia/Shanghai', label: true }));
    expect(text[0]).toMatch(/^2026-03-02 08:10:07 \(GMT\+8\) {2}T\+00:00 {2}#1 started session/);
    expect(text[1]).toContain('2026-03-02 09:00 (GMT+8)');
  });
});
