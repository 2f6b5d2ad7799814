import { hash } from 'node:crypto';
import { canonicalJson } from '../playbook/compose.js';
import type { StoredEvent } from './events.js';

/**
 * What the writer needs of the log format, without the schema library: a
 * new session must not wait for zod to load before its first step.
 */
export const LOG_VERSION = 1;
export const GENESIS_HASH = '0'.repeat(64);

/** SHA-256 over the canonical JSON of the event without its hash. */
export function hashEvent(event: Omit<StoredEvent, 'hash'> | StoredEvent): string {
  const { hash: _omit, ...rest } = event as StoredEvent;
  return hash('sha256', canonicalJson(rest), 'hex');
}
