import { hash } from 'node:crypto';
import { canonicalJson } from '../playbook/canonical-json.js';

/**
 * What the writer needs of the log format, without the schema library: a
 * new session must not wait for zod to load before its first step.
 */
export const LOG_VERSION = 1;
export const GENESIS_HASH = '0'.repeat(64);
/** One event is small; a line past this is not one, and reading it whole would let a file exhaust memory. */
export const MAX_LINE_BYTES = 4 * 1024 * 1024;

/** The envelope as hashed; events.ts's StoredEvent fits it (kept structural to avoid an import cycle). */
export interface HashedEnvelope {
  v: number;
  seq: number;
  ts: string;
  session: string;
  type: string;
  actor: string;
  step?: string;
  data: unknown;
  prev: string;
  hash?: string;
}

const EVENT_KEYS = new Set(['actor', 'data', 'hash', 'prev', 'seq', 'session', 'step', 'ts', 'type', 'v']);

/** The envelope's values already written as JSON (`data` in canonical form), to be put in either key order. */
export interface EnvelopeJson {
  actor: string;
  data: string;
  prev: string;
  seq: string;
  session: string;
  /** `,"step":"…"` or '' */
  step: string;
  ts: string;
  type: string;
  v: string;
}

/** The canonical text of an envelope from its JSON pieces: keys sorted (step between session and ts). */
export function canonicalFromJson(j: EnvelopeJson): string {
  return (
    `{"actor":${j.actor},"data":${j.data},"prev":${j.prev},"seq":${j.seq},` +
    `"session":${j.session}${j.step},"ts":${j.ts},"type":${j.type},"v":${j.v}}`
  );
}

/**
 * The canonical JSON of an event without its hash: keys sorted at every
 * level. The envelope's keys are known, so they are written in order by hand
 * (the generic canonicalJson sorted them per event, most of an append's CPU);
 * any other shape falls back to it, and both give the same text.
 */
export function canonicalEvent(event: HashedEnvelope): string {
  for (const key of Object.keys(event))
    if (!EVENT_KEYS.has(key)) {
      const { hash: _omit, ...rest } = event;
      return canonicalJson(rest);
    }
  const e = event;
  const q = JSON.stringify;
  return canonicalFromJson({
    actor: q(e.actor),
    data: canonicalJson(e.data),
    prev: q(e.prev),
    seq: q(e.seq),
    session: q(e.session),
    step: e.step !== undefined ? `,"step":${q(e.step)}` : '',
    ts: q(e.ts),
    type: q(e.type),
    v: q(e.v),
  });
}

/** SHA-256 over the canonical JSON of the event without its hash. */
export function hashEvent(event: HashedEnvelope): string {
  return hash('sha256', canonicalEvent(event), 'hex');
}
