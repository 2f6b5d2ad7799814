import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/playbook/canonical-json.js';
import type { EventDraft } from '../../src/session/events.js';
import { ChainVerifier } from '../../src/session/verify.js';
import { FileEventLog } from '../../src/store/file-log.js';
import { verifyLogFile } from '../../src/store/log-reader.js';
import { tempDir } from '../helpers/temp.js';

/**
 * The log format on disk does not change with the writer's code: a log that
 * main wrote at 4884f92 (before append built its line and hash from shared
 * pieces; test/fixtures/logs/make-compat-log.mjs over compat-drafts.json)
 * verifies with today's code, and today's FileEventLog writes the same drafts
 * byte for byte the same, so the older code reads and verifies it too.
 */
const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'logs');
const OLD_LOG = path.join(FIXTURES, 'compat-4884f92.jsonl');
const drafts = JSON.parse(readFileSync(path.join(FIXTURES, 'compat-drafts.json'), 'utf8')) as EventDraft[];
const SESSION = '20260101-090000-sess-crisis-abcd';

/** The hash as the first log writer defined it: SHA-256 of the generic canonical JSON of the event without its hash. */
function referenceHash(event: Record<string, unknown>): string {
  const { hash: _omit, ...rest } = event;
  return createHash('sha256').update(canonicalJson(rest)).digest('hex');
}

describe('the log on disk: old logs with new code, new logs with old code', () => {
  it("a log written by main's earlier code verifies, event by event", async () => {
    const old = readFileSync(OLD_LOG, 'utf8');
    expect(old.split('\n')).toHaveLength(drafts.length + 1);
    expect(await verifyLogFile(OLD_LOG)).toMatchObject({ events: drafts.length, break: undefined });
    const verifier = new ChainVerifier();
    for (const line of old.trimEnd().split('\n')) expect(verifier.push(line)).toBeDefined();
    expect(verifier.break).toBeUndefined();
  });

  it('the same drafts written today are the same bytes, and every hash is the reference hash', () => {
    const log = FileEventLog.create(tempDir('crisis-compat-'), SESSION, { pid: process.pid, host: 'compat' }, 0);
    const events = drafts.map((d) => log.append(d));
    log.close();
    const now = readFileSync(log.paths.log, 'utf8');
    expect(now).toBe(readFileSync(OLD_LOG, 'utf8'));
    for (const [i, line] of now.trimEnd().split('\n').entries()) {
      const parsed = JSON.parse(line) as Record<string, unknown>;
      expect(parsed.hash).toBe(referenceHash(parsed));
      expect(parsed).toEqual(events[i]);
    }
  });
});
