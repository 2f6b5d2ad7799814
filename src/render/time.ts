import { wallClock, zoneLabel, type ScreenClock } from '../playbook/dates.js';

// Times as review, log and status print them, in the session's zone (sessionClock: the organisation's, else the
// machine's), which the adapter passes in: the core reads no machine zone. One formatter per zone, made once
// (building an Intl.DateTimeFormat costs about a millisecond; `status` words a thousand sessions).

/** `2026-11-26 14:41:07` in `zone` (the session's): screens, logs and reports show the session's local time. */
export function formatLocal(ms: number, zone: string): string {
  return new Date(wallClock(ms, zone)).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * The offset of `zone` from UTC at `ms`, as `UTC+08:00` (`UTC` itself at zero): a report read elsewhere says
 * whose time it is.
 */
export function formatUtcOffset(ms: number, zone: string): string {
  const minutes = Math.round((wallClock(ms, zone) - Math.floor(ms / 1000) * 1000) / 60_000);
  if (minutes === 0) return 'UTC';
  const a = Math.abs(minutes);
  const p = (n: number) => String(n).padStart(2, '0');
  return `UTC${minutes > 0 ? '+' : '-'}${p(Math.floor(a / 60))}:${p(a % 60)}`;
}

/**
 * An instant in the session's zone (`clock`, sessionClock), to the second: with the zone's offset after it, as the
 * step screen says it ("(GMT+8)"), when that zone is not this machine's.
 */
export function clockTime(ms: number, clock: ScreenClock): string {
  const local = formatLocal(ms, clock.zone);
  return clock.label ? `${local} (${zoneLabel(ms, clock.zone)})` : local;
}
