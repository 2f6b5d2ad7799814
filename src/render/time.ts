/** `2026-11-26 14:41:07` in the machine's local time zone: screens show local time. */
export function formatLocal(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  const date = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
  return `${date} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/**
 * The machine's offset from UTC at `ms`, as `UTC+08:00` (`UTC` itself at zero): a report read elsewhere says
 * whose time it is.
 */
export function formatUtcOffset(ms: number): string {
  const minutes = -new Date(ms).getTimezoneOffset();
  if (minutes === 0) return 'UTC';
  const a = Math.abs(minutes);
  const p = (n: number) => String(n).padStart(2, '0');
  return `UTC${minutes > 0 ? '+' : '-'}${p(Math.floor(a / 60))}:${p(a % 60)}`;
}
