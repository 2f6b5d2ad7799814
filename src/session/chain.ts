import type { EventDraft, StoredEvent } from './events.js';
import { LOG_VERSION, hashEvent } from './log-format.js';

/**
 * Number, chain and hash a draft after `head`: the one way every store turns
 * what decide() returned into a log line (keys in the documented order, the
 * hash over the canonical form), so the file and PostgreSQL logs are identical.
 */
export function chainEvent(session: string, draft: EventDraft, head: { seq: number; hash: string }): StoredEvent {
  const unhashed = {
    v: LOG_VERSION,
    seq: head.seq + 1,
    ts: draft.ts,
    session,
    type: draft.type,
    actor: draft.actor,
    ...(draft.step !== undefined ? { step: draft.step } : {}),
    data: draft.data,
    prev: head.hash,
  };
  return { ...unhashed, hash: hashEvent(unhashed) } as StoredEvent;
}
