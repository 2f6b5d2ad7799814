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

/** The envelope's keys in the order the writer writes them (an event with a step, and one without). */
const LINE_KEYS = ['v', 'seq', 'ts', 'session', 'type', 'actor', 'step', 'data', 'prev', 'hash'];
const LINE_KEYS_NO_STEP = LINE_KEYS.filter((k) => k !== 'step');

/**
 * Whether a parsed log line has its envelope's keys in the order the writer writes them: `v, seq, ts, session,
 * type, actor, step?, data, prev, hash`, the order every version of the writer has used (an object literal, later
 * chainLine's template). With `JSON.stringify(value) === line` this says the line is byte for byte what the writer
 * writes (`crisis verify`): `data` is written as `JSON.stringify` writes it, its keys in the order the action made
 * them, which nothing else records (the hash covers their canonical form), so that order is not checked.
 */
export function inWriterOrder(value: object): boolean {
  const want = (value as { step?: unknown }).step === undefined ? LINE_KEYS_NO_STEP : LINE_KEYS;
  let i = 0;
  // for…in over a JSON.parse result: its own keys, in the line's order (no envelope key is an integer).
  for (const key in value) if (key !== want[i++]) return false;
  return i === want.length;
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
