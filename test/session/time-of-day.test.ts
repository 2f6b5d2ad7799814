/**
 * A `time` input typed as a bare time of day (`11:15`, `9:05`) under pressure: that time today in the session's
 * zone, stored as the full time would be (local as typed in the session's own zone, else made explicit in UTC), and a
 * detection time (detected-at) later than now refused. The clock and the zone come in from the adapter
 * (TypingTime): the core reads neither.
 */
import { describe, expect, it } from 'vitest';
import { coerceInput, type TypingTime } from '../../src/session/inputs.js';
import { dutyClock } from '../../src/session/progress.js';
import type { Input } from '../../src/playbook/types.js';
import type { SessionState } from '../../src/session/replay.js';

const sent: Input = { id: 'next-update-at', label: 'Next update', type: 'time' };
const detected: Input = { id: 'detected-at', label: 'Detected at', type: 'time' };
/** 2026-12-02 16:40 UTC: 16:40 in London, 00:40 on 3 December in Shanghai. */
const NOW = Date.parse('2026-12-02T16:40:00Z');
const shanghai: TypingTime = { now: NOW, zone: 'Asia/Shanghai', sessionZone: 'Asia/Shanghai' };
const london: TypingTime = { now: NOW, zone: 'Europe/London' };

describe('a bare time of day', () => {
  it('is that time today in the session zone, kept local as typed when the session reads local times there', () => {
    expect(coerceInput(sent, '11:15', 'en', shanghai)).toEqual({ value: '2026-12-03 11:15' });
    expect(coerceInput(sent, '9:05', 'en', shanghai)).toEqual({ value: '2026-12-03 09:05' });
    // the same as typing the date in full
    expect(coerceInput(sent, '2026-12-03 11:15', 'en', shanghai)).toEqual({ value: '2026-12-03 11:15' });
  });

  it("is stored in UTC, its zone made explicit, when the session has no zone of its own (the machine's)", () => {
    expect(coerceInput(sent, '11:15', 'en', london)).toEqual({ value: '2026-12-02T11:15Z' });
    expect(coerceInput(sent, '9:05', 'en', { now: NOW, zone: 'Asia/Shanghai' })).toEqual({
      value: '2026-12-03T01:05Z',
    });
  });

  it('is refused without a clock, and when it is no time of day', () => {
    expect(coerceInput(sent, '11:15').error).toContain('expected a time as HH:MM (today) or YYYY-MM-DD HH:MM');
    for (const raw of ['24:00', '9:60', '123:00', '11:5', '11.15'])
      expect(coerceInput(sent, raw, 'en', shanghai).error, raw).toBe(
        `next-update-at: expected a time as HH:MM (today) or YYYY-MM-DD HH:MM, optionally with a zone (Z, +08:00), ` +
          `got "${raw}"`,
      );
  });

  it('is refused when the clocks change then: a spring-forward gap names no time', () => {
    const spring: TypingTime = { now: Date.parse('2026-03-29T12:00:00Z'), zone: 'Europe/London' };
    expect(coerceInput(sent, '01:30', 'en', spring).error).toBe(
      'next-update-at: "01:30" is not one time today in Europe/London (the clocks change today): ' +
        'type the date and the offset, as YYYY-MM-DD HH:MM+01:00',
    );
  });

  it('places a detection time the duty clocks count from, in either zone', () => {
    const stored = coerceInput(detected, '11:15', 'en', london).value as string;
    const state = {
      startedAt: NOW,
      facts: { 'detected-at': stored },
    } as unknown as SessionState;
    expect(dutyClock(state)).toEqual({
      at: Date.parse('2026-12-02T11:15:00Z'),
      detectedAt: Date.parse('2026-12-02T11:15:00Z'),
    });
  });
});

describe('a detection time later than now', () => {
  it('is refused, naming the input, with a hint, in English and Chinese', () => {
    expect(coerceInput(detected, '18:00', 'en', london).error).toBe(
      'detected-at: "18:00" is later than now (2026-12-02 16:40 in Europe/London): the time the incident was ' +
        'detected cannot be in the future. Type when it was detected: HH:MM for today, YYYY-MM-DD HH:MM for an ' +
        'earlier day',
    );
    expect(coerceInput(detected, '2026-12-03 09:00', 'zh', shanghai).error).toBe(
      'detected-at：“2026-12-03 09:00”晚于现在（Asia/Shanghai时间 2026-12-03 00:40）：发现时间不能在将来。' +
        '请填写发现事件的时间：今天的填“时:分”，更早的填“年-月-日 时:分”',
    );
    expect(coerceInput(detected, '2026-12-02T17:00Z', 'en', london).error).toContain('is later than now');
  });

  it('allows a minute or two of clock skew, and any past time', () => {
    expect(coerceInput(detected, '16:42', 'en', london)).toEqual({ value: '2026-12-02T16:42Z' });
    expect(coerceInput(detected, '16:43', 'en', london).error).toContain('is later than now');
    expect(coerceInput(detected, '00:30', 'en', shanghai)).toEqual({ value: '2026-12-03 00:30' });
    expect(coerceInput(detected, '2026-12-01 23:00', 'en', london)).toEqual({ value: '2026-12-01 23:00' });
  });

  it('is not judged for other time inputs: a next update is in the future', () => {
    expect(coerceInput(sent, '18:00', 'en', london)).toEqual({ value: '2026-12-02T18:00Z' });
    expect(coerceInput(sent, '2027-01-01 09:00Z', 'en', london)).toEqual({ value: '2027-01-01T09:00Z' });
  });
});

describe('a full local time a person types, with no organisation time zone', () => {
  const person: TypingTime = { now: NOW, zone: 'Asia/Shanghai', person: true };

  it("is read in their machine's zone, kept in UTC, and which zone is said", () => {
    expect(coerceInput(detected, '2026-12-01 09:30', 'en', person)).toEqual({
      value: '2026-12-01T01:30Z',
      assumed: {
        key: 'input.zoneAssumed',
        params: { raw: '2026-12-01 09:30', zone: 'Asia/Shanghai', offset: 'GMT+8' },
      },
    });
    // a bare time of day as well: the zone it was read in is said
    expect(coerceInput(sent, '9:05', 'en', person).assumed).toMatchObject({ params: { zone: 'Asia/Shanghai' } });
  });

  it('is kept as typed when the session has its zone, or a script typed it (read back later in the session zone)', () => {
    expect(coerceInput(detected, '2026-12-01 09:30', 'en', { ...shanghai, person: true })).toEqual({
      value: '2026-12-01 09:30',
    });
    expect(coerceInput(detected, '2026-12-01 09:30', 'en', { now: NOW, zone: 'Asia/Shanghai' })).toEqual({
      value: '2026-12-01 09:30',
    });
  });

  it('is refused when the clocks changed then (a spring-forward gap), in English and Chinese', () => {
    const london: TypingTime = { now: Date.parse('2026-04-01T12:00:00Z'), zone: 'Europe/London', person: true };
    expect(coerceInput(sent, '2026-03-29 01:30', 'en', london).error).toBe(
      'next-update-at: "2026-03-29 01:30" is not one time in Europe/London (the clocks changed then): ' +
        'type the offset too, as YYYY-MM-DD HH:MM+01:00',
    );
    expect(coerceInput(sent, '2026-03-29 01:30', 'zh', london).error).toBe(
      'next-update-at：“2026-03-29 01:30”在Europe/London不是唯一的时刻（当时调整时钟）：请写明时差，如 2026-11-30 18:00+01:00',
    );
  });
});
