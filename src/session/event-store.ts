import type { EventDraft, StoredEvent } from './events.js';

/**
 * Where a session's events are appended. The drivers write through this
 * interface only, so the file log and the PostgreSQL store are interchangeable.
 */
export interface EventStore {
  readonly session: string;
  /** Number, chain, hash and durably record one event; return it as stored. */
  append(draft: EventDraft): StoredEvent;
  close(): void;
}
