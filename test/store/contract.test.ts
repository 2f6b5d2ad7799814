import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveSession } from '../../src/drive/live-session.js';
import type { EventStore } from '../../src/session/event-store.js';
import { ChainVerifier } from '../../src/session/verify.js';
import { FileEventLog } from '../../src/store/file-log.js';
import { FileStore } from '../../src/store/file-store.js';
import { placeIn } from '../../src/text/messages.js';
import { PgStore } from '../../src/store/postgres.js';
import { PG_URL, freshDatabase, typedFor } from '../helpers/pg.js';
import { T0, refusalAsync, sessionPlan, startAction } from '../helpers/session-plan.js';
import { tempDir } from '../helpers/temp.js';

/**
 * One contract, both stores: the same actions give the same bytes, read()
 * returns what was appended, a refused action writes nothing. The
 * PostgreSQL part runs against a real server (CRISIS_TEST_PG_URL).
 */
const plan = sessionPlan();
const ID = '20260101-090000-sess-crisis-c0de';
let db: { url: string; drop: () => Promise<void> } | undefined;

beforeAll(async () => {
  if (PG_URL) db = await freshDatabase();
});
afterAll(async () => {
  await db?.drop();
});

type Kind = 'file' | 'postgres';
const kinds: Kind[] = PG_URL ? ['file', 'postgres'] : ['file'];
const opened: { store: EventStore; lines: () => Promise<string[]> }[] = [];

async function openStore(kind: Kind, session = ID): Promise<{ store: EventStore; lines: () => Promise<string[]> }> {
  if (kind === 'file') {
    const log = FileEventLog.create(tempDir('crisis-contract-'), session, { pid: process.pid, host: 'contract' }, T0);
    const store = new FileStore(log);
    return { store, lines: async () => readFileSync(log.paths.log, 'utf8').split('\n').slice(0, -1) };
  }
  const store = await PgStore.open(db!.url, session, typedFor(db!.url));
  return { store, lines: () => store.lines() };
}

async function script(store: EventStore) {
  const session = new LiveSession(plan, store, { now: () => T0 }, 'alice');
  await session.act(startAction(plan));
  await session.act({ type: 'complete', step: 'confirm', inputs: { 'affected-batches': 'B-1', 'safety-risk': true } });
  await session.act({ type: 'note', text: 'call the lab — 中文 \u001b[31m' });
  await session.act({ type: 'skip', step: 'apology', reason: 'legal first' });
  return session;
}

describe.each(kinds)('EventStore contract: %s', (kind) => {
  it('appends number, chain and hash the events; read(after) returns them; the lines verify', async () => {
    const { store, lines } = await openStore(kind, kind === 'file' ? ID : '20260101-090000-sess-crisis-0001');
    opened.push({ store, lines });
    await script(store);
    const read = await store.read(0);
    expect(read.map((e) => [e.seq, e.type])).toEqual([
      [1, 'session.started'],
      [2, 'step.completed'],
      [3, 'note.added'],
      [4, 'step.skipped'],
    ]);
    expect((await store.read(2)).map((e) => e.seq)).toEqual([3, 4]);
    const verifier = new ChainVerifier();
    for (const line of await lines()) expect(verifier.push(line)).toBeDefined();
    expect(verifier.break).toBeUndefined();
    await store.close();
  });

  it('a refused action writes nothing', async () => {
    const { store, lines } = await openStore(kind, kind === 'file' ? ID : '20260101-090000-sess-crisis-0002');
    const session = await script(store);
    const refused = await refusalAsync(() => session.act({ type: 'complete', step: 'apology' }));
    expect(refused).toMatchObject({ code: 'step.closed', exitCode: 2 });
    expect(await lines()).toHaveLength(4);
    await store.close();
  });
});

describe.each(kinds)('a statement channel issued twice: %s', (kind) => {
  it('the second issuer is told who issued it, with their roles, and when; nothing is written', async () => {
    const { store, lines } = await openStore(kind, kind === 'file' ? ID : '20260101-090000-sess-crisis-0005');
    let now = T0;
    const session = new LiveSession(plan, store, { now: () => now }, 'alice');
    await session.act(startAction(plan));
    await session.act({
      type: 'complete',
      step: 'name-leads',
      inputs: { 'lead-name': 'Lee', 'spokesperson-name': 'Sam' },
    });
    now = T0 + 90_000;
    await session.act({ type: 'issue', step: 'quick-post', channels: { social: 'We are on it.' } }, 'Sam');
    // The replayed state keeps who issued each channel, so a reader opening the session later knows it too.
    const reopened = new LiveSession(plan, store, { now: () => now }, 'Lee');
    await reopened.refresh();
    expect(reopened.state.steps['quick-post']?.issuedBy).toEqual({ social: { by: 'Sam', at: T0 + 90_000 } });
    const refused = await refusalAsync(() =>
      reopened.act({ type: 'issue', step: 'quick-post', channels: { social: 'Update: we are on it.' } }),
    );
    expect(refused).toMatchObject({
      code: 'statement.reissue',
      message: 'statement "quick-post" was already issued on social by Sam (Spokesperson) at 2026-01-01 09:01:30 UTC',
    });
    expect(await lines()).toHaveLength(3);
    await store.close();
  });
});

describe.each(kinds)('a role handed over twice on one sight of it: %s', (kind) => {
  it('the second handoff is refused, naming who handed it over and when; nothing is written', async () => {
    const { store, lines } = await openStore(kind, kind === 'file' ? ID : '20260101-090000-sess-crisis-0008');
    let now = T0;
    const lee = new LiveSession(plan, store, { now: () => now }, 'Lee');
    await lee.act(startAction(plan));
    await lee.act({ type: 'complete', step: 'name-leads', inputs: { 'lead-name': 'Lee', 'spokesperson-name': 'Sam' } });
    // Both screens listed Sam as spokesperson, held since seq 2.
    const seen = lee.state.heldSince['spokesperson']?.seq;
    expect(seen).toBe(2);
    now = T0 + 75_000;
    const first = await lee.act({ type: 'handoff', role: 'spokesperson', to: 'Kim', replaces: seen });
    expect(first.data).toEqual({ role: 'spokesperson', from: 'Sam', to: 'Kim', replaces: 2 });
    const other = new LiveSession(plan, store, { now: () => now }, 'Ann');
    await other.refresh();
    const refused = await refusalAsync(() =>
      other.act({ type: 'handoff', role: 'spokesperson', to: 'Max', replaces: seen }),
    );
    expect(refused).toMatchObject({
      code: 'role.changed',
      exitCode: 2,
      message: 'role "Spokesperson" was already handed over to Kim by Lee (Incident lead) at 2026-01-01 09:01:15 UTC',
    });
    expect(other.state.roles['spokesperson']).toBe('Kim');
    expect(await lines()).toHaveLength(3);
    await store.close();
  });
});

describe.skipIf(!PG_URL)('both stores write the same bytes', () => {
  it('the same actions at the same times give byte-identical lines (so export equals the file log)', async () => {
    const file = await openStore('file', ID);
    const pgStore = await openStore('postgres', ID);
    await script(file.store);
    await script(pgStore.store);
    expect(await pgStore.lines()).toEqual(await file.lines());
    await file.store.close();
    await pgStore.store.close();
  });
});

describe.skipIf(!PG_URL)('PostgreSQL: optimistic appends between two people', () => {
  it('two joined on one step: exactly one completion is recorded; the other is told who acted and sees it', async () => {
    const session = '20260101-090000-sess-crisis-0003';
    const a = await PgStore.open(db!.url, session, typedFor(db!.url));
    const b = await PgStore.open(db!.url, session, typedFor(db!.url));
    const alice = new LiveSession(plan, a, { now: () => T0 }, 'alice');
    await alice.act(startAction(plan));
    const bob = new LiveSession(plan, b, { now: () => T0 }, 'bob');
    await bob.refresh();
    const woken: number[] = [];
    const stop = b.watch(() => woken.push(Date.now()));
    await new Promise((r) => setTimeout(r, 100)); // LISTEN is in place
    // Bob still sees apology open; Alice completes it first.
    await alice.act({ type: 'complete', step: 'apology' });
    const refused = await refusalAsync(() => bob.act({ type: 'complete', step: 'apology' }));
    expect(refused).toMatchObject({ code: 'step.closed', message: 'step "apology" is already done by alice' });
    expect(bob.state.steps.apology).toMatchObject({ status: 'done', by: 'alice' });
    // Bob's note after the race chains on Alice's event.
    expect((await bob.act({ type: 'note', text: 'ok' })).seq).toBe(3);
    await new Promise((r) => setTimeout(r, 200));
    expect(woken.length).toBeGreaterThanOrEqual(1);
    stop();
    const lines = await a.lines();
    expect(lines.map((l) => (JSON.parse(l) as { actor: string; type: string }).type)).toEqual([
      'session.started',
      'step.completed',
      'note.added',
    ]);
    const writers = await a.writers();
    expect([...writers.values()]).toEqual(['postgres', 'postgres', 'postgres']);
    await a.close();
    await b.close();
  });

  it('two approving one statement at once: one approval is recorded; the other is told who and when', async () => {
    const session = '20260101-090000-sess-crisis-0007';
    const a = await PgStore.open(db!.url, session, typedFor(db!.url));
    const b = await PgStore.open(db!.url, session, typedFor(db!.url));
    const alice = new LiveSession(plan, a, { now: () => T0 + 7_000 }, 'alice');
    await alice.act(startAction(plan));
    await alice.act({ type: 'draft', step: 'holding-statement', channels: { website: 'W' } });
    const bob = new LiveSession(plan, b, { now: () => T0 + 8_000 }, 'bob');
    await bob.refresh();
    await alice.act({ type: 'approve', step: 'holding-statement', approver: 'Lou' });
    const refused = await refusalAsync(() => bob.act({ type: 'approve', step: 'holding-statement', approver: 'Kim' }));
    expect(refused).toMatchObject({
      code: 'statement.approved',
      message:
        'statement "holding-statement" was already approved by Lou (recorded by alice) at 2026-01-01 09:00:07 UTC',
    });
    expect((await a.lines()).filter((l) => l.includes('"statement.approved"'))).toHaveLength(1);
    await a.close();
    await b.close();
  });

  it('two issuing one statement channel at once: one is recorded; the other is told who issued it and when', async () => {
    const session = '20260101-090000-sess-crisis-0006';
    const a = await PgStore.open(db!.url, session, typedFor(db!.url));
    const b = await PgStore.open(db!.url, session, typedFor(db!.url));
    const alice = new LiveSession(plan, a, { now: () => T0 + 5_000 }, 'alice');
    await alice.act(startAction(plan));
    const bob = new LiveSession(plan, b, { now: () => T0 + 6_000 }, 'bob');
    await bob.refresh();
    // Bob still sees quick-post unissued; Alice's issue lands first, Bob's is re-decided on it and refused.
    await alice.act({ type: 'issue', step: 'quick-post', channels: { social: 'A' } });
    const refused = await refusalAsync(() => bob.act({ type: 'issue', step: 'quick-post', channels: { social: 'B' } }));
    expect(refused).toMatchObject({
      code: 'statement.reissue',
      message: 'statement "quick-post" was already issued on social by alice at 2026-01-01 09:00:05 UTC',
    });
    expect((await a.lines()).map((l) => (JSON.parse(l) as { type: string }).type)).toEqual([
      'session.started',
      'statement.issued',
    ]);
    await a.close();
    await b.close();
  });

  it('two handing one role over at once: one handoff is recorded; the other is told who and when', async () => {
    const session = '20260101-090000-sess-crisis-0009';
    const a = await PgStore.open(db!.url, session, typedFor(db!.url));
    const b = await PgStore.open(db!.url, session, typedFor(db!.url));
    const alice = new LiveSession(plan, a, { now: () => T0 + 9_000 }, 'alice');
    await alice.act(startAction(plan));
    const bob = new LiveSession(plan, b, { now: () => T0 + 10_000 }, 'bob');
    await bob.refresh();
    // Both see nobody holding legal. Alice's handoff lands first; Bob's is re-decided on it and refused.
    await alice.act({ type: 'handoff', role: 'legal', to: 'Lou', replaces: 0 });
    const refused = await refusalAsync(() => bob.act({ type: 'handoff', role: 'legal', to: 'Max', replaces: 0 }));
    expect(refused).toMatchObject({
      code: 'role.changed',
      message: 'role "Legal" was already handed over to Lou by alice at 2026-01-01 09:00:09 UTC',
    });
    expect(bob.state.roles['legal']).toBe('Lou');
    expect((await a.lines()).filter((l) => l.includes('"role.handoff"'))).toHaveLength(1);
    await a.close();
    await b.close();
  });

  it('a second start of the same session id is refused, not appended', async () => {
    const session = '20260101-090000-sess-crisis-0004';
    const a = await PgStore.open(db!.url, session, typedFor(db!.url));
    const b = await PgStore.open(db!.url, session, typedFor(db!.url));
    await new LiveSession(plan, a, { now: () => T0 }, 'alice').act(startAction(plan));
    const refused = await refusalAsync(() => new LiveSession(plan, b, { now: () => T0 }, 'bob').act(startAction(plan)));
    expect(refused).toMatchObject({ code: 'session.started' });
    expect(await a.lines()).toHaveLength(1);
    await a.close();
    await b.close();
  });
});

describe.skipIf(!PG_URL)('PostgreSQL: a fresh session id that is already taken (issue 12 #15)', () => {
  const ids = (...list: string[]) => {
    const queue = [...list];
    return () => queue.shift()!;
  };

  it('start draws another id instead of folding in the other session; the taken one is untouched', async () => {
    const A = '20260101-090000-sess-crisis-aa01';
    const B = '20260101-090000-sess-crisis-bb01';
    const other = await PgStore.open(db!.url, A, typedFor(db!.url));
    await new LiveSession(plan, other, { now: () => T0 }, 'someone-else').act(startAction(plan));
    const before = await other.lines();
    const fresh = await PgStore.createFresh(db!.url, ids(A, A, B), typedFor(db!.url));
    expect(fresh.session).toBe(A);
    const alice = new LiveSession(plan, fresh, { now: () => T0 }, 'alice');
    const started = await alice.act(startAction(plan));
    expect(started).toMatchObject({ session: B, seq: 1, actor: 'alice', type: 'session.started' });
    expect(fresh.session).toBe(B);
    expect(placeIn('en', fresh.location)).toMatch(/\(session 20260101-090000-sess-crisis-bb01\)$/);
    // Once started the id is kept: the next action chains on B's start.
    expect(await alice.act({ type: 'note', text: 'mine' })).toMatchObject({ session: B, seq: 2, prev: started.hash });
    expect(await other.lines()).toEqual(before);
    const mine = await PgStore.open(db!.url, B, typedFor(db!.url));
    expect((await mine.lines()).map((l) => (JSON.parse(l) as { type: string }).type)).toEqual([
      'session.started',
      'note.added',
    ]);
    await Promise.all([other.close(), fresh.close(), mine.close()]);
  });

  it('gives up after the allowed draws: exit 3, code store.exists, nothing written', async () => {
    const A = '20260101-090000-sess-crisis-aa02';
    const other = await PgStore.open(db!.url, A, typedFor(db!.url));
    await new LiveSession(plan, other, { now: () => T0 }, 'someone-else').act(startAction(plan));
    const fresh = await PgStore.createFresh(db!.url, () => A, typedFor(db!.url), 3);
    const refused = await refusalAsync(() =>
      new LiveSession(plan, fresh, { now: () => T0 }, 'alice').act(startAction(plan)),
    );
    expect(refused).toMatchObject({ exitCode: 3, code: 'store.exists' });
    expect(refused.message).toBe(
      `not recorded: session id ${A} is already in the database at ${new URL(db!.url).host}${new URL(db!.url).pathname}`,
    );
    expect((await other.lines()).map((l) => (JSON.parse(l) as { actor: string }).actor)).toEqual(['someone-else']);
    await Promise.all([other.close(), fresh.close()]);
  });
});
