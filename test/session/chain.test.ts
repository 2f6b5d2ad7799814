import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chainEvent, chainLine } from '../../src/session/chain.js';
import type { EventDraft } from '../../src/session/events.js';
import { GENESIS_HASH, hashEvent, inWriterOrder } from '../../src/session/log-format.js';

const SESSION = '20260101-090000-sess-crisis-abcd';
const HEAD = { seq: 41, hash: 'a'.repeat(64) };

/** What the file store wrote before chainLine: the event of chainEvent, JSON.stringify'd. */
/** What chainLine must give: chainEvent's event, its JSON.stringify line, and that line's length in bytes. */
const reference = (draft: EventDraft, head = HEAD, session = SESSION) => {
  const event = chainEvent(session, draft, head);
  const line = `${JSON.stringify(event)}\n`;
  return { event, line, bytes: Buffer.byteLength(line) };
};

const drafts: EventDraft[] = [
  { type: 'note.added', ts: '2026-01-01T09:00:00.000Z', actor: 'bob', data: { text: 'x' } },
  { type: 'note.added', ts: '2026-01-01T09:00:00.000Z', actor: 'bob', step: 'confirm', data: { text: 'at a step' } },
  {
    type: 'decision.recorded',
    ts: '2026-01-01T09:00:00.000Z',
    actor: 'Ünal "the" \\ boss\n',
    data: { decision: 'recall', options: ['b', 'a'], decidedBy: '🔥 \u2028 \u0001' },
  },
  {
    type: 'step.completed',
    ts: '2026-01-01T09:00:00.000Z',
    actor: 'alice',
    step: 'confirm',
    data: { facts: { z: 1e21, a: -0.5, m: true, é: 'é', Z: '' } },
  },
  { type: 'session.ended', ts: '2026-01-01T09:00:00.000Z', actor: 'alice', data: {} },
];

describe('chainLine: the event and its log line from one set of JSON pieces', () => {
  it('gives the event of chainEvent (same keys in the same order) and its JSON.stringify line', () => {
    for (const draft of drafts) {
      const got = chainLine(SESSION, draft, HEAD);
      const want = reference(draft);
      expect(got.line).toBe(want.line);
      expect(got.bytes).toBe(want.bytes);
      expect(got.event).toEqual(want.event);
      expect(Object.keys(got.event)).toEqual(Object.keys(want.event));
      expect(got.event.hash).toBe(hashEvent(got.event));
    }
    expect(chainLine(SESSION, drafts[0]!, { seq: 0, hash: GENESIS_HASH }).event).toMatchObject({
      seq: 1,
      prev: GENESIS_HASH,
    });
  });

  it('is byte for byte the former line and hash for any JSON data, actor, step and session text', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.option(fc.string(), { nil: undefined }),
        fc.dictionary(fc.string(), fc.jsonValue()),
        fc.string(),
        fc.nat(),
        (actor, step, data, session, seq) => {
          const draft = { type: 'note.added', ts: '2026-01-01T09:00:00.000Z', actor, step, data } as EventDraft;
          const head = { seq, hash: HEAD.hash };
          const got = chainLine(session, draft, head);
          const want = reference(draft, head, session);
          expect(got.line).toBe(want.line);
          expect(got.event).toEqual(want.event);
          // What verify compares each line with: the line as written, read back (its data keys in their order).
          const read = JSON.parse(got.line) as object;
          expect(inWriterOrder(read) && JSON.stringify(read) === got.line.slice(0, -1)).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('a draft that is not what its type says (no data, a number for an actor) takes the generic path, same result', () => {
    const odd = [
      { type: 'session.ended', ts: '2026-01-01T09:00:00.000Z', actor: 'a' },
      { type: 'note.added', ts: '2026-01-01T09:00:00.000Z', actor: 7, data: { text: 'x' } },
      { type: 'note.added', ts: '2026-01-01T09:00:00.000Z', actor: 'a', step: null, data: { text: 'x' } },
    ] as unknown as EventDraft[];
    for (const draft of odd) expect(chainLine(SESSION, draft, HEAD)).toEqual(reference(draft));
  });

  it('refuses a line longer than any reader takes (4 MiB), for every store (they all make their lines here)', () => {
    const long = {
      type: 'note.added',
      ts: '2026-01-01T09:00:00.000Z',
      actor: 'a',
      data: { text: 'x'.repeat(4 << 20) },
    };
    expect(() => chainLine(SESSION, long as EventDraft, HEAD)).toThrow(
      expect.objectContaining({ exitCode: 2, code: 'event.too-long' }),
    );
    const fits = { ...long, data: { text: 'x'.repeat((4 << 20) - 400) } };
    expect(chainLine(SESSION, fits as EventDraft, HEAD).bytes).toBeLessThanOrEqual(4 << 20);
  });
});
