import { userInfo } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChainVerifier } from '../../src/session/verify.js';
import { PgStore } from '../../src/store/postgres.js';
import { LiveSession } from '../../src/drive/live-session.js';
import { PG_URL, freshDatabase, throwawayServer, typedFor, writer } from '../helpers/pg.js';
import { pgProxy } from '../helpers/pg-proxy.js';
import { T0, refusalAsync, sessionPlan, startAction } from '../helpers/session-plan.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir, writeFiles } from '../helpers/temp.js';

/**
 * Team mode against a real PostgreSQL server: writers are separate processes
 * (test/helpers/pg-writer.mjs on the built code), as on separate laptops.
 */
let db: { url: string; drop: () => Promise<void> } | undefined;
beforeAll(async () => {
  // The race is about order, not disk: without a flush per commit it runs in seconds, not minutes
  // on a shared machine. The partition test (its own server) keeps synchronous commits.
  if (PG_URL) db = await freshDatabase(PG_URL, { synchronousCommit: false });
});
afterAll(async () => {
  await db?.drop();
});

async function linesOf(url: string, session: string): Promise<string[]> {
  const store = await PgStore.open(url, session, typedFor(url));
  try {
    return await store.lines();
  } finally {
    await store.close();
  }
}

function expectGaplessChain(lines: string[]): void {
  const verifier = new ChainVerifier();
  lines.forEach((line, i) => {
    const event = verifier.push(line);
    expect(event?.seq).toBe(i + 1);
  });
  expect(verifier.break).toBeUndefined();
}

describe.skipIf(!PG_URL)('race: 8 processes on one session', () => {
  it('8 × 1,000 appends: exactly 8,000 notes, seq without gap or duplicate, the chain verifies', async () => {
    const session = '20260101-090000-race-notes-0001';
    const first = writer(db!.url, session, 'w0');
    expect(await first.send('start')).toMatchObject({ ok: true, seq: 1 });
    const writers = [first, ...Array.from({ length: 7 }, (_, i) => writer(db!.url, session, `w${i + 1}`))];
    const results = await Promise.all(writers.map((w) => w.send('notes 1000')));
    for (const r of results) expect(r).toMatchObject({ ok: true, count: 1000 });
    await Promise.all(writers.map((w) => w.quit()));
    const lines = await linesOf(db!.url, session);
    expect(lines).toHaveLength(8001);
    expectGaplessChain(lines);
    const perActor = new Map<string, number>();
    for (const line of lines.slice(1)) {
      const { actor } = JSON.parse(line) as { actor: string };
      perActor.set(actor, (perActor.get(actor) ?? 0) + 1);
    }
    expect([...perActor.values()]).toEqual(Array(8).fill(1000));
  }, 600_000);

  it('8 processes completing the same 50 steps: every step completed exactly once', async () => {
    const session = '20260101-090000-race-steps-0001';
    const first = writer(db!.url, session, 'w0');
    await first.send('start');
    const writers = [first, ...Array.from({ length: 7 }, (_, i) => writer(db!.url, session, `w${i + 1}`))];
    const { steps } = (await first.send('plain 50')) as { steps: string[] };
    expect(steps).toHaveLength(50);
    const results = (await Promise.all(writers.map((w) => w.send(`steps ${steps.join(',')}`)))) as {
      done: string[];
      refused: string[];
    }[];
    await Promise.all(writers.map((w) => w.quit()));
    // Each writer either completed a step or was refused it because another had.
    for (const r of results) expect([...r.done, ...r.refused].sort()).toEqual([...steps].sort());
    expect(results.flatMap((r) => r.done).sort()).toEqual([...steps].sort());
    const lines = await linesOf(db!.url, session);
    expectGaplessChain(lines);
    const completed = lines
      .map((l) => JSON.parse(l) as { type: string; step?: string })
      .filter((e) => e.type === 'step.completed');
    expect(completed.map((e) => e.step).sort()).toEqual([...steps].sort());
  }, 180_000);
});

describe.skipIf(!PG_URL)('race: processes handing one role over at once', () => {
  it('8 processes hand the same role over on the same sight of it: one handoff is recorded, 7 are told who', async () => {
    const session = '20260101-090000-race-handoff-0001';
    const first = writer(db!.url, session, 'w0');
    await first.send('start');
    const writers = [first, ...Array.from({ length: 7 }, (_, i) => writer(db!.url, session, `w${i + 1}`))];
    // Every writer saw nobody holding the role (replaces 0) and hands it to a person of its own.
    const results = await Promise.all(writers.map((_, i) => writers[i]!.send(`handoff legal P${i} 0`)));
    await Promise.all(writers.map((w) => w.quit()));
    const won = results.flatMap((r, i) => (r.ok ? [i] : []));
    expect(won).toHaveLength(1);
    const winner = won[0]!;
    for (const [i, r] of results.entries()) {
      if (i === winner) continue;
      expect(r).toMatchObject({ refused: 'role.changed' });
      expect(r.message).toMatch(
        new RegExp(
          `^role "Legal and compliance" was already handed over to P${winner} by w${winner} at \\S+ \\S+ UTC$`,
        ),
      );
    }
    const lines = await linesOf(db!.url, session);
    expectGaplessChain(lines);
    const handoffs = lines.map((l) => JSON.parse(l) as { type: string; actor: string; data: unknown });
    expect(handoffs.filter((e) => e.type === 'role.handoff')).toEqual([
      expect.objectContaining({ actor: `w${winner}`, data: { role: 'legal', to: `P${winner}`, replaces: 0 } }),
    ]);
  }, 120_000);
});

describe.skipIf(!PG_URL)('partition: the server goes away mid-session', () => {
  it('the next action is refused (exit 3, "not recorded"), nothing acknowledged is lost, and it continues after a restart', async () => {
    const server = await throwawayServer();
    try {
      const session = '20260101-090000-partition-0001';
      const w = writer(server.url, session, 'alice');
      expect(await w.send('start')).toMatchObject({ ok: true });
      const acked: string[] = [];
      for (const text of ['one', 'two']) acked.push((await w.send(`note ${text}`)).hash as string);
      server.halt();
      const refused = await w.send('note three');
      const where = new URL(server.url).host;
      expect(refused, JSON.stringify(refused)).toEqual({
        error: `not recorded: the database at ${where}/postgres did not answer`,
        exitCode: 3,
        code: 'store.unreachable',
      });
      // The CLI says the same when it cannot reach the database at all.
      const home = tempDir('crisis-partition-');
      const cli = await runCli(['status', session, '--store', server.url], { cwd: home });
      expect(cli.code).toBe(3);
      expect(cli.stderr).toContain(`the database at ${where}/postgres did not answer`);
      server.resume();
      // The same process carries on: it reconnects, and the chain continues.
      const next = await w.send('note four');
      expect(next).toMatchObject({ ok: true, seq: 4 });
      await w.quit();
      const lines = await linesOf(server.url, session);
      expectGaplessChain(lines);
      const hashes = lines.map((l) => (JSON.parse(l) as { hash: string }).hash);
      for (const h of acked) expect(hashes).toContain(h);
      expect(lines.map((l) => (JSON.parse(l) as { data: { text?: string } }).data.text)).toEqual([
        undefined,
        'one',
        'two',
        'four',
      ]);
    } finally {
      server.stop();
    }
  }, 120_000);
});

describe.skipIf(!PG_URL)('a connection lost while the INSERT is out (a proxy cuts it)', () => {
  const plan = sessionPlan();
  const setUp = async (session: string) => {
    const proxy = await pgProxy(db!.url);
    const store = await PgStore.open(proxy.url, session, typedFor(proxy.url));
    const alice = new LiveSession(plan, store, { now: () => T0 }, 'alice');
    await alice.act(startAction(plan));
    await alice.act({ type: 'note', text: 'before' });
    const done = async () => {
      await store.close();
      await proxy.close();
    };
    return { proxy, store, alice, done };
  };
  const notes = async (session: string) =>
    (await linesOf(db!.url, session)).map((l) => (JSON.parse(l) as { data: { text?: string } }).data.text);

  it('the reply is lost after the commit: found on a fresh connection, "recorded", and in the log once', async () => {
    const session = '20260101-090000-lost-reply-0001';
    const { proxy, alice, done } = await setUp(session);
    proxy.cutAt('REPLY-LOST', 'reply');
    const event = await alice.act({ type: 'note', text: 'REPLY-LOST' });
    // The server had answered INSERT 0 1 and ReadyForQuery: it had committed when the connection was cut.
    expect(proxy.withheld).toContain('INSERT 0 1');
    expect(event.seq).toBe(3);
    expect((await alice.act({ type: 'note', text: 'after' })).seq).toBe(4);
    await done();
    const lines = await linesOf(db!.url, session);
    expectGaplessChain(lines);
    expect(await notes(session)).toEqual([undefined, 'before', 'REPLY-LOST', 'after']);
  });

  it('the request is lost before the server had it: sent again on a fresh connection, recorded once', async () => {
    const session = '20260101-090000-lost-request-0001';
    const { proxy, alice, done } = await setUp(session);
    proxy.cutAt('REQUEST-LOST', 'request');
    expect((await alice.act({ type: 'note', text: 'REQUEST-LOST' })).seq).toBe(3);
    expect(proxy.withheld).toBe('');
    await done();
    expectGaplessChain(await linesOf(db!.url, session));
    expect(await notes(session)).toEqual([undefined, 'before', 'REQUEST-LOST']);
  });

  it('the reply is lost and the database stays away: "not known whether #3 was recorded", never "not recorded"', async () => {
    const session = '20260101-090000-lost-unknown-0001';
    const { proxy, alice, done } = await setUp(session);
    proxy.cutAt('GONE', 'reply');
    proxy.refuse = true;
    const refused = await refusalAsync(() => alice.act({ type: 'note', text: 'GONE' }));
    const where = new URL(proxy.url).host;
    expect(refused).toEqual({
      code: 'store.unknown',
      exitCode: 3,
      message: `not known whether #3 was recorded: the database at ${where}/${new URL(db!.url).pathname.slice(1)} stopped answering after the action was sent`,
      hint:
        // Both commands on the same store, typeable (it said `--store …`, and resume had no store at all).
        `nothing recorded before is lost; when the database is back, \`crisis log ${session} --store ${proxy.url}\` ` +
        `shows whether #3 is there: do it again only if it is not (\`crisis resume ${session} --store ${proxy.url}\` ` +
        'picks it up either way)',
    });
    // It had committed: the log has it.
    expect(await notes(session)).toEqual([undefined, 'before', 'GONE']);
    // Back: the session carries on after it, and this screen's state has it.
    proxy.refuse = false;
    expect((await alice.act({ type: 'note', text: 'after' })).seq).toBe(4);
    expect(alice.state.notes.map((n) => n.text)).toEqual(['before', 'GONE', 'after']);
    await done();
    expectGaplessChain(await linesOf(db!.url, session));
  });
});

describe.skipIf(!PG_URL)('an append rides out a database that is away for a while (patience)', () => {
  const plan = sessionPlan();
  const setUp = async (session: string, ms: number) => {
    const proxy = await pgProxy(db!.url);
    const store = await PgStore.open(proxy.url, session, typedFor(proxy.url));
    const told: Array<[string, number]> = [];
    const abort = new AbortController();
    store.patience = { ms, signal: abort.signal, waiting: (where, wait) => told.push([where, wait]) };
    const alice = new LiveSession(plan, store, { now: () => T0 }, 'alice');
    await alice.act(startAction(plan));
    await alice.act({ type: 'note', text: 'before' });
    const done = async () => {
      await store.close();
      await proxy.close();
    };
    return { proxy, store, alice, told, abort, done, where: new URL(proxy.url).host };
  };
  const notes = async (session: string) =>
    (await linesOf(db!.url, session)).map((l) => (JSON.parse(l) as { data: { text?: string } }).data.text);
  const backAfter = (proxy: { refuse: boolean }, ms: number) => setTimeout(() => (proxy.refuse = false), ms);
  /** The database goes away, and the store has seen its connection end (else the next INSERT may be out). */
  const away = async (proxy: { refuse: boolean; cutAll(): void }) => {
    proxy.refuse = true;
    proxy.cutAll();
    await new Promise((resolve) => setTimeout(resolve, 300));
  };

  it('nothing could be sent: it waits, says so once, and records the action when the database is back', async () => {
    const session = '20260101-090000-patient-send-0001';
    const { proxy, alice, told, done, where } = await setUp(session, 30_000);
    await away(proxy);
    const began = Date.now();
    backAfter(proxy, 2_000);
    const event = await alice.act({ type: 'note', text: 'WAITED' });
    expect(Date.now() - began).toBeGreaterThanOrEqual(1_900);
    expect(event.seq).toBe(3);
    expect(told).toEqual([[`${where}/${new URL(db!.url).pathname.slice(1)}`, 30_000]]);
    expect((await alice.act({ type: 'note', text: 'after' })).seq).toBe(4);
    await done();
    expectGaplessChain(await linesOf(db!.url, session));
    expect(await notes(session)).toEqual([undefined, 'before', 'WAITED', 'after']);
  });

  it('the reply was lost after the commit and the database stays away a while: recorded once, never twice', async () => {
    const session = '20260101-090000-patient-reply-0001';
    const { proxy, alice, told, done } = await setUp(session, 30_000);
    proxy.cutAt('ONCE', 'reply');
    proxy.refuse = true;
    backAfter(proxy, 2_000);
    const event = await alice.act({ type: 'note', text: 'ONCE' });
    expect(proxy.withheld).toContain('INSERT 0 1');
    expect(event.seq).toBe(3);
    expect(told).toHaveLength(1);
    expect((await alice.act({ type: 'note', text: 'after' })).seq).toBe(4);
    expect(alice.state.notes.map((n) => n.text)).toEqual(['before', 'ONCE', 'after']);
    await done();
    expectGaplessChain(await linesOf(db!.url, session));
    expect(await notes(session)).toEqual([undefined, 'before', 'ONCE', 'after']);
  });

  it('away longer than its patience: "not recorded" (exit 3) after the bound, nothing written; then it goes on', async () => {
    const session = '20260101-090000-patient-bound-0001';
    const { proxy, alice, told, done, where } = await setUp(session, 1_500);
    await away(proxy);
    const began = Date.now();
    const refused = await refusalAsync(() => alice.act({ type: 'note', text: 'LOST' }));
    const waited = Date.now() - began;
    expect(waited).toBeGreaterThanOrEqual(1_400);
    expect(waited).toBeLessThan(6_000);
    expect(refused).toMatchObject({
      code: 'store.unreachable',
      exitCode: 3,
      message: `not recorded: the database at ${where}/${new URL(db!.url).pathname.slice(1)} did not answer`,
      hint: `nothing already recorded is lost; when the database is back: crisis resume ${session} --store ${proxy.url}`,
    });
    expect(told).toHaveLength(1);
    proxy.refuse = false;
    expect((await alice.act({ type: 'note', text: 'after' })).seq).toBe(3);
    await done();
    expect(await notes(session)).toEqual([undefined, 'before', 'after']);
  });

  it('its signal (Ctrl-C) stops the wait at once: not recorded', async () => {
    const session = '20260101-090000-patient-abort-0001';
    const { proxy, alice, abort, done } = await setUp(session, 30_000);
    await away(proxy);
    setTimeout(() => abort.abort(), 700);
    const began = Date.now();
    const refused = await refusalAsync(() => alice.act({ type: 'note', text: 'LOST' }));
    expect(Date.now() - began).toBeLessThan(3_000);
    expect(refused).toMatchObject({ code: 'store.unreachable', exitCode: 3 });
    proxy.refuse = false;
    await done();
    expect(await notes(session)).toEqual([undefined, 'before']);
  });
});

describe.skipIf(!PG_URL)('join: who you are joining as', () => {
  it('names the operator first; a login name is said to be one, with how to change it; the log carries it', async () => {
    const home = tempDir('crisis-join-as-');
    writeFiles(home, {
      'a.yaml': 'operator: alice\nunlisted: fail\nresponses:\n  - { action: note, text: one }\n',
      'b.yaml': 'unlisted: fail\nresponses:\n  - { action: note, text: two }\n',
      'c.yaml': 'operator: Cy\nunlisted: fail\nresponses:\n  - { action: note, text: three }\n',
    });
    const started = await runCli(['start', 'product-quality', '--store', db!.url, '--answers', 'a.yaml'], {
      cwd: home,
    });
    const id = /session (\S+) started/.exec(started.stderr)![1]!;
    expect(started.stderr).not.toContain('login name');
    const login = userInfo().username;
    // start --store without a name says the same of the login name, in the session's language.
    const byLoginStart = await runCli(['start', 'product-quality', '--store', db!.url, '--answers', 'b.yaml'], {
      cwd: home,
    });
    expect(byLoginStart.stderr).toContain(`, operator ${login})`);
    expect(byLoginStart.stderr).toContain(
      `note: "${login}" is your login name; it is on everything you record here (those who join see it in ` +
        'their notices): to be named otherwise, start with --operator "Your Name"\n',
    );
    const byLoginStartZh = await runCli(
      ['start', 'product-quality', '--store', db!.url, '--answers', 'b.yaml', '--lang', 'zh'],
      { cwd: home },
    );
    expect(byLoginStartZh.stderr).toContain(`提示：“${login}”是你的登录名`);
    expect(byLoginStartZh.stderr).toContain('请以 --operator "你的名字" 启动');
    const byLogin = await runCli(['join', id, '--store', db!.url, '--answers', 'b.yaml'], { cwd: home });
    expect(byLogin.stderr).toContain(`joined ${id} as ${login}: 2 events\n`);
    expect(byLogin.stderr).toContain(
      `note: "${login}" is your login name; it is on everything you record here (the others see it in ` +
        'their notices): to be named otherwise, join with --operator "Your Name"\n',
    );
    const named = await runCli(['join', id, '--store', db!.url, '--answers', 'b.yaml', '--operator', 'Bo Li'], {
      cwd: home,
    });
    expect(named.stderr).toContain(`joined ${id} as Bo Li: 3 events\n`);
    expect(named.stderr).not.toContain('login name');
    // The answers file's operator names them, as for start.
    const scripted = await runCli(['join', id, '--store', db!.url, '--answers', 'c.yaml', '--lang', 'zh'], {
      cwd: home,
    });
    expect(scripted.stderr).toContain(`已以 Cy 身份加入 ${id}：4 条事件`);
    expect(scripted.stderr).not.toContain('登录名');
    const notes = (await linesOf(db!.url, id))
      .map((l) => JSON.parse(l) as { type: string; actor: string; data: { text?: string } })
      .filter((e) => e.type === 'note.added')
      .map((e) => [e.actor, e.data.text]);
    expect(notes).toEqual([
      ['alice', 'one'],
      [login, 'two'],
      ['Bo Li', 'two'],
      ['Cy', 'three'],
    ]);
  }, 60_000);
});

describe.skipIf(!PG_URL)('where a team session lives', () => {
  it("start, leaving and verify name it in the run's language; --json in English", async () => {
    const home = tempDir('crisis-team-place-');
    writeFiles(home, { 'a.yaml': 'operator: alice\nunlisted: fail\nresponses: []\n' });
    const where = `${new URL(db!.url).host}${new URL(db!.url).pathname}`;
    const zh = await runCli(['start', 'product-quality', '--store', db!.url, '--answers', 'a.yaml', '--lang', 'zh'], {
      cwd: home,
    });
    const id = /会话 (\S+) 已开始/.exec(zh.stderr)![1]!;
    expect(zh.stderr).toContain(`\n日志：${where}（会话 ${id}）\n`);
    expect(zh.stdout).toContain(`你已离开会话 ${id}，其他人会继续处理（${where}（会话 ${id}））\n`);
    const verified = await runCli(['verify', id, '--store', db!.url, '--lang', 'zh'], { cwd: home });
    expect(verified.stdout.split('\n')[0]).toBe(`✓ ${where}（会话 ${id}）：1 条事件，哈希链完整`);
    const json = await runCli(['verify', id, '--store', db!.url, '--json', '--lang', 'zh'], { cwd: home });
    expect(JSON.parse(json.stdout)).toMatchObject({ file: `${where} (session ${id})`, ok: true });
    const en = await runCli(['verify', id, '--store', db!.url], { cwd: home });
    expect(en.stdout.startsWith(`✓ ${where} (session ${id}): 1 `)).toBe(true);
  }, 60_000);
});

describe.skipIf(!PG_URL)('review of a team session', () => {
  it('says how to verify the head against the same store: --store URL without its password, typed again it checks', async () => {
    const home = tempDir('crisis-review-store-');
    writeFiles(home, { 'a.yaml': 'operator: alice\nunlisted: fail\nresponses:\n  - { action: note, text: one }\n' });
    // The test server trusts local connections: a password in the URL is accepted and must not be printed.
    const withPassword = new URL(db!.url);
    withPassword.username = 'postgres';
    withPassword.password = 's3cret';
    const started = await runCli(['start', 'product-quality', '--store', withPassword.href, '--answers', 'a.yaml'], {
      cwd: home,
    });
    const id = /session (\S+) started/.exec(started.stderr)![1]!;
    const review = await runCli(['review', id, '--store', withPassword.href, '--no-interactive'], { cwd: home });
    expect(review.code, review.stderr).toBe(0);
    const bare = new URL(withPassword.href);
    bare.password = '';
    const line = review.stdout.split('\n').find((l) => l.startsWith('- Chain head'));
    expect(line).toMatch(
      new RegExp(
        `^- Chain head \\(check later with \`crisis verify ${id} --store (\\S+) --head …\`\\): \`\\d+:[0-9a-f]{64}\`$`,
      ),
    );
    expect(line).toContain(` --store ${bare.href} --head …`);
    expect(review.stdout).not.toContain('s3cret');
    // Typed again, with the head put in for the …, from a folder with no log dir: it checks the store's log.
    const head = /`(\d+:[0-9a-f]{64})`$/.exec(line!)![1]!;
    const command = /`crisis (verify [^`]+)`/.exec(line!)![1]!.replace('…', head).split(' ');
    const verified = await runCli(command, { cwd: tempDir('crisis-review-store-elsewhere-') });
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.stdout).toContain(`✓ reaches the expected head ${head}`);
  }, 60_000);
});

describe.skipIf(!PG_URL)('export and import', () => {
  it('a file session imported, continued in PostgreSQL, exported: verify passes and the bytes match', async () => {
    const home = tempDir('crisis-roundtrip-');
    writeFiles(home, {
      'a.yaml': 'operator: alice\nunlisted: fail\nresponses:\n  - { action: note, text: offline }\n',
      'b.yaml': 'operator: bob\nunlisted: fail\nresponses:\n  - { action: note, text: online }\n',
    });
    const started = await runCli(['start', 'product-quality', '--answers', 'a.yaml'], { cwd: home });
    const id = /session (\S+) started/.exec(started.stderr)![1]!;
    const file = /log: (\S+)/.exec(started.stderr)![1]!;
    const imported = await runCli(['import', file, '--store', db!.url], { cwd: home });
    expect(imported.code).toBe(0);
    expect(imported.stdout).toBe(`${id}\n`);
    const again = await runCli(['import', file, '--store', db!.url], { cwd: home });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`session ${id} is already in the database`);
    const joined = await runCli(['join', id, '--store', db!.url, '--answers', 'b.yaml'], { cwd: home });
    expect(joined.stderr).toContain(`joined ${id} as`);
    const exported = await runCli(['export', id, '--store', db!.url], { cwd: home });
    expect(exported.code).toBe(0);
    writeFiles(home, { 's.jsonl': exported.stdout });
    const verified = await runCli(['verify', 's.jsonl'], { cwd: home });
    expect(verified.code).toBe(0);
    const { readFileSync } = await import('node:fs');
    const original = readFileSync(file, 'utf8');
    expect(exported.stdout.startsWith(original)).toBe(true);
    expect(exported.stdout.slice(original.length)).toContain('"text":"online"');
    // A broken chain is refused whole.
    const lines = original.split('\n');
    lines[1] = lines[1]!.replace('"offline"', '"edited"');
    writeFiles(
      home,
      [`broken.jsonl`].reduce((o, k) => ({ ...o, [k]: lines.join('\n') }), {}),
    );
    const broken = await runCli(['import', 'broken.jsonl', '--store', db!.url], { cwd: home });
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/not imported: line 2/);
  }, 60_000);
});
