import type { Said } from '../text/messages.js';
import type { EventDraft, StoredEvent } from './events.js';

/**
 * Turns the current state into the event to append. `newer` holds events
 * others appended that the store found ahead of the caller (in seq order,
 * possibly repeating ones the caller already read): fold them in, then run
 * decide on the new state. Throwing refuses the action; nothing is written.
 */
export type Decider = (newer: readonly StoredEvent[]) => EventDraft;

/**
 * Where a session's events are appended. The drivers write through this
 * interface only, so the file log and the PostgreSQL store are interchangeable.
 *
 * It is shaped for optimistic concurrency: a networked store appends
 * `seq = last + 1`; when someone else appended first it re-reads the new
 * events and calls the decider again (the action may now be refused). A
 * refusal stands only when the store knows of nothing newer. A single-writer
 * store (the locked file log) calls it once with nothing newer.
 */
export interface EventStore {
  readonly session: string;
  /**
   * Where the session lives, for messages: a file path, or a sentence (`host:port/database (session ID)`, in the
   * run's language: placeIn).
   */
  readonly location: string | Said;
  /** Decide, number, chain, hash and durably record one event; resolve only once it is durable. */
  append(decide: Decider): Promise<StoredEvent>;
  /** Events with seq greater than `afterSeq`, in order. */
  read(afterSeq: number): Promise<StoredEvent[]>;
  /** Call `wake` (with the new seq when known) when others may have appended; then read. Returns the unsubscribe. */
  watch(wake: (seq?: number) => void): () => void;
  /**
   * A networked store: `tell(false, where)` when the connection a watcher depends on is lost, `tell(true,
   * where)` once it is back (the watchers are then woken to catch up). Returns the unsubscribe.
   */
  watchLink?(tell: (up: boolean, where: string) => void): () => void;
  /**
   * A networked store: how long an append waits out a database that does not answer (a restart) before it gives
   * up, and who is told, once per append, that it waits. Without it an append gives up at once.
   */
  patience?: AppendPatience;
  close(): Promise<void>;
}

/** How long an append rides out a database that does not answer, and who is told that it waits. */
export interface AppendPatience {
  /** at most this long from the first failure, retrying with the reconnect waits */
  ms: number;
  /** aborted: stop waiting at once (the action is not recorded) */
  signal?: AbortSignal;
  /** told once per append, at the first failure: where the database is and how long it will be waited for */
  waiting?(where: string, ms: number): void;
}
