import { canonicalJson } from '../playbook/canonical-json.js';
import type { EventDraft, StoredEvent } from './events.js';
import { LOG_VERSION, MAX_LINE_BYTES, canonicalFromJson, hashEvent, type EnvelopeJson } from './log-format.js';
import { hash } from 'node:crypto';
import { CrisisError, ExitCode, say } from '../errors.js';

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

/**
 * chainEvent and the event's log line (`JSON.stringify(event)` and a newline),
 * made from one set of JSON pieces: each envelope value is stringified once and
 * put into both the canonical text that is hashed and the line in the
 * documented key order, instead of hashing one serialisation and writing
 * another (the file store's append; test/session/chain.test.ts checks both
 * against chainEvent and JSON.stringify). A draft whose fields are not the
 * strings and object its type says takes chainEvent's path.
 */
export function chainLine(
  session: string,
  draft: EventDraft,
  head: { seq: number; hash: string },
): { event: StoredEvent; line: string; bytes: number } {
  const { ts, type, actor, step, data } = draft;
  if (
    typeof ts !== 'string' ||
    typeof type !== 'string' ||
    typeof actor !== 'string' ||
    (step !== undefined && typeof step !== 'string') ||
    typeof data !== 'object' ||
    data === null ||
    typeof session !== 'string' ||
    typeof head.hash !== 'string'
  ) {
    const event = chainEvent(session, draft, head);
    const line = `${JSON.stringify(event)}\n`;
    return { event, line, bytes: fits(line) };
  }
  const q = JSON.stringify;
  const seq = head.seq + 1;
  const j: EnvelopeJson = {
    actor: q(actor),
    data: canonicalJson(data),
    prev: q(head.hash),
    seq: q(seq),
    session: q(session),
    step: step !== undefined ? `,"step":${q(step)}` : '',
    ts: q(ts),
    type: q(type),
    v: q(LOG_VERSION),
  };
  const digest = hash('sha256', canonicalFromJson(j), 'hex');
  // The line's data keeps the draft's key order, as JSON.stringify(event) wrote it.
  const line =
    `{"v":${j.v},"seq":${j.seq},"ts":${j.ts},"session":${j.session},"type":${j.type},"actor":${j.actor}${j.step},` +
    `"data":${q(data)},"prev":${j.prev},"hash":"${digest}"}\n`;
  const event = (
    step !== undefined
      ? { v: LOG_VERSION, seq, ts, session, type, actor, step, data, prev: head.hash, hash: digest }
      : { v: LOG_VERSION, seq, ts, session, type, actor, data, prev: head.hash, hash: digest }
  ) as StoredEvent;
  return { event, line, bytes: fits(line) };
}

/**
 * Refuse an event whose log line is longer than any reader takes (verify's MAX_LINE_BYTES, 4 MiB): recorded, it
 * would break the chain for every later reader (a 4 MB note once made a team session impossible to join). Exit 2:
 * a refused action, the session goes on. Checked where every store makes its line (chainLine), so none can skip it;
 * the line's length in bytes, which the file store needs anyway.
 */
function fits(line: string): number {
  const bytes = Buffer.byteLength(line);
  if (bytes > MAX_LINE_BYTES)
    throw new CrisisError(say('error.event.tooLong', { bytes, max: MAX_LINE_BYTES }), {
      hint: say('error.event.tooLong.hint'),
      exitCode: ExitCode.usage,
      code: 'event.too-long',
    });
  return bytes;
}
