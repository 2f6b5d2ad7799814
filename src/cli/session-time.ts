import { sessionClock } from '../playbook/profile.js';
import type { Scalar } from '../playbook/types.js';
import { clockTime } from '../render/time.js';
import { machineZone } from './context.js';

/**
 * `2026-11-26 14:41:07` on this machine's clock, read from the process's own zone (TZ): an adapter's, which may
 * read the machine's zone. It needs none of the runtime's time zone data, which costs a listing 25 ms to start.
 */
export function machineLocal(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  const date = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
  return `${date} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/**
 * A session's time as `status` and `start` print it, as its step screen showed times (sessionClock): in the
 * organisation's zone (`zone`, its org-time-zone) when it has one, labelled `(GMT+8)` when that is not this
 * machine's; else on this machine's clock.
 */
export function sessionTimeIn(zone: Scalar | undefined, env: NodeJS.ProcessEnv): (ms: number) => string {
  if (typeof zone !== 'string') return machineLocal;
  const clock = sessionClock({ 'org-time-zone': zone }, machineZone(env));
  return (ms) => clockTime(ms, clock);
}
