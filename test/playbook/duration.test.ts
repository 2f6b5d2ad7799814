import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDuration, formatOffset, offsetSaid, parseDuration } from '../../src/playbook/duration.js';
import { wordsIn } from '../../src/session/expectations.js';

const S = 1_000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe('parseDuration', () => {
  it.each([
    ['45s', 45 * S],
    ['30m', 30 * M],
    ['4h', 4 * H],
    ['2d', 2 * D],
    ['0m', 0],
    ['90m', 90 * M],
    ['007s', 7 * S],
  ])('%s -> %i ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each([
    '',
    '30',
    'm',
    '1.5h',
    '30 m',
    ' 30m',
    '30m ',
    '-5m',
    '+5m',
    '30M',
    '1w',
    '1h30m',
    'first-statement',
    '30min',
  ])('%j is not a duration', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [400, '0s'],
    [1_499, '1s'],
    [45 * S, '45s'],
    [45 * M, '45m'],
    [90 * M, '1h30m'],
    [4 * H, '4h'],
    [D + H + M + S, '1d1h1m1s'],
    [2 * D + 30 * S, '2d30s'],
    [-M, '-1m'],
    [-(H + 5 * M), '-1h5m'],
  ])('%i ms -> %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('each part parses back, and the parts add up to the rounded input', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 * D }), (ms) => {
        const text = formatDuration(ms);
        const parts = text.match(/\d+[dhms]/g) ?? [];
        expect(parts.join('')).toBe(text);
        const total = parts.reduce((sum, p) => sum + parseDuration(p)!, 0);
        expect(total).toBe(Math.round(ms / S) * S);
      }),
    );
  });

  it.each(['45s', '30m', '4h', '2d'])('%s formats back to itself', (text) => {
    expect(formatDuration(parseDuration(text)!)).toBe(text);
  });
});

describe('formatOffset', () => {
  it.each([
    [0, 'T+00:00'],
    [59 * S, 'T+00:00'],
    [42 * M, 'T+00:42'],
    [3 * H + 7 * M, 'T+03:07'],
    [26 * H + 5 * M, 'T+1d02:05'],
    [-5 * M, 'T-00:05'],
  ])('%i ms -> %s', (ms, text) => {
    expect(formatOffset(ms)).toBe(text);
    expect(formatOffset(ms, 'en')).toBe(text);
  });

  it('in Chinese the day reads 天, as durations say it (T+1天02:05); under a day the same as English', () => {
    expect(formatOffset(26 * H + 5 * M, 'zh')).toBe('T+1天02:05');
    expect(formatOffset(5 * D, 'zh')).toBe('T+5天00:00');
    expect(formatOffset(-(2 * D + 3 * M), 'zh')).toBe('T-2天00:03');
    expect(formatOffset(3 * H + 7 * M, 'zh')).toBe('T+03:07');
    expect(wordsIn('zh', offsetSaid(26 * H + 5 * M))).toBe('T+1天02:05');
    expect(wordsIn('en', offsetSaid(26 * H + 5 * M))).toBe('T+1d02:05');
    expect(offsetSaid(42 * M)).toBe('T+00:42');
  });
});
