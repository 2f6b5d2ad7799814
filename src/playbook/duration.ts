import { DURATION_PATTERN } from './constants.js';
import { msg, say, type Said } from '../text/messages.js';

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `30m` -> 1_800_000; anything else -> undefined. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION_PATTERN.exec(text);
  if (!match) return undefined;
  const [, amount, unit] = match;
  return Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS];
}

/** 2_700_000 -> `45m`, 5_400_000 -> `1h30m`: the shortest exact form. */
export function formatDuration(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  let rest = Math.round(Math.abs(ms) / 1000);
  if (rest === 0) return '0s';
  const parts: string[] = [];
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  return sign + parts.join('');
}

/** A T+ offset's parts: its sign, whole days, and `HH:MM` past them. */
function offsetParts(ms: number): { sign: string; days: number; hm: string } {
  const sign = ms < 0 ? '-' : '+';
  const totalMinutes = Math.floor(Math.abs(ms) / 60_000);
  const days = Math.floor(totalMinutes / 1440);
  const hours = Math.floor((totalMinutes % 1440) / 60);
  const minutes = totalMinutes % 60;
  return { sign, days, hm: `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}` };
}

/**
 * T+ offset as shown on screens: `T+00:42` (hours:minutes), `T+1d02:05` past a day, its day in the words of
 * `lang` (`T+1天02:05` in Chinese, as durations say 1天).
 */
export function formatOffset(ms: number, lang = 'en'): string {
  const { sign, days, hm } = offsetParts(ms);
  if (days === 0) return `T${sign}${hm}`;
  return msg(lang, 'time.offsetDays', { sign, days, unit: msg(lang, 'unit.d'), hm });
}

/** formatOffset as a sentence worded later, in the reader's language (a drill's results). */
export function offsetSaid(ms: number): Said | string {
  const { sign, days, hm } = offsetParts(ms);
  return days === 0 ? `T${sign}${hm}` : say('time.offsetDays', { sign, days, unit: say('unit.d'), hm });
}

/** `90m` as a reader says it: `1h30m` in English, `1小时30分钟` in Chinese. */
export function durationWords(duration: string, lang: string): string {
  const ms = parseDuration(duration);
  const shortest = ms === undefined ? duration : formatDuration(ms);
  if (lang !== 'zh') return shortest;
  return shortest.replace(
    /(\d+)([smhd])/g,
    (_, n: string, unit: 's' | 'm' | 'h' | 'd') => `${n}${msg(lang, `unit.${unit}`)}`,
  );
}
