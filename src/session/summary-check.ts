import { ID_PATTERN, SEVERITIES } from '../playbook/constants.js';
import type { Severity } from '../playbook/types.js';
import type { SessionState } from './replay.js';

/**
 * Checking a saved summary, apart from making one (summary.ts): a listing from
 * saved summaries loads neither the plan code nor the replay.
 *
 * What `crisis status` lists of a session, small enough to read a thousand of
 * in a blink. Written beside the log when a session pauses or ends; it stands
 * for the log only while the log's last line still has `seq` and `hash` (and
 * the file `size`): anything else means the log moved on and is replayed.
 */
export interface SessionSummary {
  /**
   * 2: with planChanged (a summary of version 1 could not say it, so it is replayed once and written again); 3: with
   * the session's zone (a summary of version 2 could not say it: replayed once, as version 1 was)
   */
  v: 3;
  session: string;
  crisis: string;
  severity: Severity;
  operator: string;
  drill: string | null;
  startedAt: number;
  lastAt: number;
  state: SessionState['status'];
  progress: { done: number; total: number };
  events: number;
  /**
   * The progress was counted against a plan other than the one the session started with (its playbook changed):
   * present, and true, only then. Worked out where the plan is at hand anyway (a run's pause or end, a replay), so a
   * listing never composes or hashes a plan to say it.
   */
  planChanged?: true;
  /**
   * The zone the session shows its times in when it is the organisation's (org-time-zone, a zone this runtime
   * knows): present only then. Without it, the listing shows the session's start in the machine's zone, as its step
   * screen did.
   */
  zone?: string;
}

/** The head of the log the summary was made from. */
export interface LogHead {
  seq: number;
  hash: string;
  size: number;
  /**
   * The log file's inode, mtimeMs and ctimeMs when the summary was made: an edit anywhere in the log (not only
   * at its end) moves its ctime, which a user cannot set back, and the summary is then replayed, not believed.
   */
  stamp: [number, number, number];
}

export type StoredSummary = SessionSummary & LogHead;

/** A zone name's shape (Asia/Shanghai, UTC, Etc/GMT+8): a listing prints it and asks the runtime about it. */
const ZONE = /^[A-Za-z][A-Za-z0-9_+\-/]*$/;
const STATES: readonly string[] = ['active', 'paused', 'ended'];
const count = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
const time = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && Math.abs(n) < 8.64e15;

/**
 * The fields of a listing (SessionSummary without `v`) checked by hand: the
 * status index's rows and the summary files both come from the log dir, as
 * hostile as anything in it.
 */
export function summaryFieldsOk(s: Record<string, unknown>, session: string): boolean {
  const progress = s.progress as Record<string, unknown> | null | undefined;
  return (
    s.session === session &&
    typeof s.crisis === 'string' &&
    s.crisis.length <= 64 &&
    ID_PATTERN.test(s.crisis) &&
    (SEVERITIES as readonly unknown[]).includes(s.severity) &&
    typeof s.operator === 'string' &&
    s.operator.length <= 1000 &&
    (s.drill === null || (typeof s.drill === 'string' && s.drill.length <= 64 && ID_PATTERN.test(s.drill))) &&
    time(s.startedAt) &&
    time(s.lastAt) &&
    typeof s.state === 'string' &&
    STATES.includes(s.state) &&
    typeof progress === 'object' &&
    progress !== null &&
    count(progress.done) &&
    count(progress.total) &&
    progress.done <= progress.total &&
    count(s.events) &&
    s.events > 0 &&
    (s.planChanged === undefined || s.planChanged === true) &&
    (s.zone === undefined || (typeof s.zone === 'string' && s.zone.length <= 64 && ZONE.test(s.zone)))
  );
}

/**
 * A summary file: one that belongs to another session or does not add up is
 * refused (no schema library on this path).
 */
export function checkSummary(value: unknown, session: string): StoredSummary | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const s = value as Record<string, unknown>;
  const ok =
    s.v === 3 &&
    summaryFieldsOk(s, session) &&
    s.seq === s.events &&
    typeof s.hash === 'string' &&
    /^[0-9a-f]{64}$/.test(s.hash) &&
    count(s.size) &&
    Array.isArray(s.stamp) &&
    s.stamp.length === 3 &&
    s.stamp.every((n) => typeof n === 'number' && Number.isFinite(n));
  if (!ok) return undefined;
  const progress = s.progress as { done: number; total: number };
  return {
    v: 3,
    session,
    crisis: s.crisis as string,
    severity: s.severity as Severity,
    operator: s.operator as string,
    drill: s.drill as string | null,
    startedAt: s.startedAt as number,
    lastAt: s.lastAt as number,
    state: s.state as SessionState['status'],
    progress: { done: progress.done, total: progress.total },
    events: s.events as number,
    ...(s.planChanged === true ? { planChanged: true as const } : {}),
    ...(typeof s.zone === 'string' ? { zone: s.zone } : {}),
    seq: s.seq as number,
    hash: s.hash as string,
    size: s.size as number,
    stamp: [...(s.stamp as [number, number, number])],
  };
}
