import type { Lang } from './types.js';

/**
 * Dates and times as a statement prints them: "1 January 2026" and
 * "2026年1月1日", never the ISO form a prompt records ("2026-01-01，我们发现"
 * reads as a form, not a letter). Pure: the instant comes from the caller.
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** A `time` input's value: local as typed ("2026-01-01 16:00"), or UTC ("2026-01-01T08:00Z"). */
const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/;
const UTC_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z$/;

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

interface Parts {
  year: number;
  month: number;
  day: number;
  hour?: number;
  minute?: number;
}

function dateText({ year, month, day }: Parts, lang: Lang): string {
  return lang === 'zh' ? `${year}年${month}月${day}日` : `${day} ${MONTHS[month - 1]} ${year}`;
}

function timeText(parts: Parts, lang: Lang, zone?: string): string {
  const clock = `${String(parts.hour).padStart(2, '0')}:${String(parts.minute).padStart(2, '0')}`;
  const date = dateText(parts, lang);
  if (lang === 'zh') return `${date} ${clock}${zone ? `（${zone}）` : ''}`;
  return `${date}, ${clock}${zone ? ` (${zone})` : ''}`;
}

/**
 * Remembers what `make` gave for each zone name: building an Intl.DateTimeFormat costs about a millisecond, and every
 * step screen and time fact asks again. Bounded, because zone names come from files: past the bound an answer is
 * made again and not kept. A `make` that throws (an unknown zone) keeps nothing.
 */
export function perZone<T>(max: number, make: (zone: string) => T): (zone: string) => T {
  const known = new Map<string, T>();
  return (zone) => {
    if (known.has(zone)) return known.get(zone) as T;
    const made = make(zone);
    if (known.size < max) known.set(zone, made);
    return made;
  };
}

/** A zone's wall clock to the second, as parts: one formatter per zone. */
const wallPartsFormat = perZone(
  64,
  (zone) =>
    new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      hourCycle: 'h23',
    }),
);
const labelFormat = perZone(
  64,
  (zone) => new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'shortOffset' }),
);

/** The calendar parts of an instant in a time zone (the machine's own when none is given). */
function partsIn(ms: number, zone: string | undefined): Parts {
  if (zone === undefined) {
    const d = new Date(ms);
    return {
      year: d.getFullYear(),
      month: d.getMonth() + 1,
      day: d.getDate(),
      hour: d.getHours(),
      minute: d.getMinutes(),
    };
  }
  const d = new Date(wallClock(ms, zone));
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
  };
}

/**
 * The wall clock of `zone` at `ms`, as the UTC instant that reads the same (its offset is the zone's): statement
 * dates here, and the session times of review, log and status (render/time.ts).
 */
export function wallClock(ms: number, zone: string): number {
  let y = 0;
  let mo = 0;
  let d = 0;
  let h = 0;
  let mi = 0;
  let s = 0;
  for (const part of wallPartsFormat(zone).formatToParts(ms)) {
    const n = Number(part.value);
    switch (part.type) {
      case 'year':
        y = n;
        break;
      case 'month':
        mo = n;
        break;
      case 'day':
        d = n;
        break;
      case 'hour':
        h = n;
        break;
      case 'minute':
        mi = n;
        break;
      case 'second':
        s = n;
        break;
    }
  }
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

/** The offset a zone has at an instant, as people read it: "GMT+8". */
export function zoneLabel(ms: number, zone: string): string {
  const part = labelFormat(zone)
    .formatToParts(new Date(ms))
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? zone;
}

/** The date of an instant in the organisation's time zone, localised: the date line of a statement. */
export function statementDate(ms: number, lang: Lang, zone?: string): string {
  return dateText(partsIn(ms, zone), lang);
}

/**
 * A fact's value as a statement prints it: a date or a time recorded by a
 * prompt becomes words in the statement's language; a UTC time is shown in
 * the organisation's time zone with its offset (or as UTC when there is
 * none). Anything else is returned unchanged.
 */
export function localizeFactValue(value: string, lang: Lang, zone?: string): string {
  const date = DATE.exec(value);
  if (date) return dateText({ year: Number(date[1]), month: Number(date[2]), day: Number(date[3]) }, lang);
  const local = LOCAL_TIME.exec(value);
  if (local) {
    const [, y, mo, d, h, mi] = local.map(Number) as [number, number, number, number, number, number];
    return timeText({ year: y, month: mo, day: d, hour: h, minute: mi }, lang);
  }
  if (UTC_TIME.test(value)) {
    const ms = Date.parse(value);
    if (zone === undefined || zone === 'UTC') return timeText(partsIn(ms, 'UTC'), lang, 'UTC');
    return timeText(partsIn(ms, zone), lang, zoneLabel(ms, zone));
  }
  return value;
}

const SHORT_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Where the operator reads times: a zone, and whether to say it (when it is not the machine's own). */
export interface ScreenClock {
  zone: string;
  /** say the zone's offset after each time: the session's zone is not where this terminal is */
  label: boolean;
}

/**
 * An instant as a screen shows it, in the session's zone: "30 Nov 2026 18:00",
 * "2026年11月30日 18:00". Screens name the day so a check-back or a due time
 * past midnight is not mistaken for today's; T+ offsets remain for elapsed time.
 */
export function screenTime(ms: number, lang: Lang, clock: ScreenClock): string {
  const p = partsIn(ms, clock.zone);
  const hhmm = `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
  const label = clock.label ? zoneLabel(ms, clock.zone) : '';
  if (lang === 'zh') return `${dateText(p, lang)} ${hhmm}${label ? `（${label}）` : ''}`;
  return `${p.day} ${SHORT_MONTHS[p.month - 1]} ${p.year} ${hhmm}${label ? ` (${label})` : ''}`;
}

/**
 * An instant as a `time` input records a local time ("2026-11-30 18:00" in the
 * zone): the form a default answer takes, which statements then write out in
 * words in their own language.
 */
export function typedTime(ms: number, zone: string): string {
  const p = partsIn(ms, zone);
  const two = (n: number | undefined) => String(n).padStart(2, '0');
  return `${p.year}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}`;
}

/**
 * The instant a `time` input's value names. A UTC value ("2026-11-30T10:00Z") names one. A local value
 * ("2026-11-30 18:00") names one only in a known zone, and only when the zone's clock read that time exactly once:
 * never in a spring-forward gap, twice in an autumn overlap. `local` says why a value that is a time named none.
 */
export function timeValueInstant(
  value: string,
  zone: string | undefined,
): { at: number } | { local: 'no-zone' | 'ambiguous' } | undefined {
  if (UTC_TIME.test(value)) return { at: Date.parse(value) };
  const local = LOCAL_TIME.exec(value);
  if (!local) return undefined;
  if (zone === undefined) return { local: 'no-zone' };
  const [, y, mo, d, h, mi] = local.map(Number) as [number, number, number, number, number, number];
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  const wallOf = (ms: number) => {
    const p = partsIn(ms, zone);
    return Date.UTC(p.year, p.month - 1, p.day, p.hour!, p.minute!);
  };
  // The zone's offset a day either side of the wall time and at it: a transition near it changes the offset.
  const DAY = 86_400_000;
  const candidates = new Set([wall - DAY, wall, wall + DAY].map((probe) => wall - (wallOf(probe) - probe)));
  const instants = [...candidates].filter((at) => wallOf(at) === wall);
  return instants.length === 1 ? { at: instants[0]! } : { local: 'ambiguous' };
}
