/**
 * A row in the team store that does not verify (edited, not an event, not JSON) is a broken log, as a broken line
 * in a file log is: exit 1, "a check found a problem" (README, Exit codes), with the line and what is wrong with it.
 * It was exit 3, the environment, as if the database had been away.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveSession } from '../../src/drive/live-session.js';
import { PgStore } from '../../src/store/postgres.js';
import { PG_URL, freshDatabase, typedFor } from '../helpers/pg.js';
import { T0, refusalAsync, sessionPlan, startAction } from '../helpers/session-plan.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp.js';

let db: { url: string; drop: () => Promise<void> } | undefined;
beforeAll(async () => {
  if (PG_URL) db = await freshDatabase(PG_URL, { synchronousCommit: false });
});
afterAll(async () => {
  await db?.drop();
});

async function sql(text: string, values: unknown[] = []): Promise<void> {
  const client = new pg.Client({ connectionString: db!.url });
  await client.connect();
  try {
    await client.query(text, values);
  } finally {
    await client.end();
  }
}

/** Insert a row as a writer would, with whatever line it is given. */
const insertRow = (session: string, seq: number, line: string) =>
  sql(
    `INSERT INTO crisis_events (session, seq, line, type, actor, step, prev, hash)
     VALUES ($1, $2, $3, 'note.added', 'mallory', NULL, 'x', 'y')`,
    [session, seq, line],
  );

describe.skipIf(!PG_URL)('a row that does not verify, read by a joined screen', () => {
  const plan = sessionPlan();
  const where = () => `${new URL(db!.url).host}/${new URL(db!.url).pathname.slice(1)}`;

  /** Alice starts and notes; Bob is joined (has read both rows); then `line` lands at seq 3. */
  async function brokenAfterJoin(session: string, line: (good: string) => string) {
    const aliceStore = await PgStore.open(db!.url, session, typedFor(db!.url));
    const alice = new LiveSession(plan, aliceStore, { now: () => T0 }, 'alice');
    await alice.act(startAction(plan));
    const note = await alice.act({ type: 'note', text: 'one' });
    await aliceStore.close();
    const bobStore = await PgStore.open(db!.url, session, typedFor(db!.url));
    const bob = new LiveSession(plan, bobStore, { now: () => T0 }, 'bob', await bobStore.read(0));
    expect(bob.seq).toBe(2);
    const good = JSON.stringify({ ...note, seq: 3, prev: note.hash, data: { text: 'two' } });
    await insertRow(session, 3, line(good));
    return { bob, bobStore };
  }

  it.each([
    ['an edited row', (good: string) => good, 'line 3: content does not match its hash (the line was edited)'],
    ['a row that is not JSON', () => '{"v":1,"seq":3', 'line 3: not valid JSON (the line was edited or cut)'],
    [
      'a row that fails the event schema',
      (good: string) => good.replace('"data":{"text":"two"}', '"data":{"text":42}'),
      /^line 3: not a valid event: data: text: /,
    ],
  ])('%s: exit 1 (store.broken-chain) naming the line, for a refresh and for an action', async (_, line, problem) => {
    const session = `20260101-090000-broken-row-${String(Math.random()).slice(2, 6)}`;
    const { bob, bobStore } = await brokenAfterJoin(session, line);
    try {
      const prefix = `the session ${session} in the database at ${where()} is broken at `;
      for (const attempt of [() => bob.refresh(), () => bob.act({ type: 'note', text: 'three' })]) {
        const refused = await refusalAsync(attempt);
        expect(refused).toMatchObject({
          exitCode: 1,
          code: 'store.broken-chain',
          // The command typed as shown checks the same store (it said `--store …` before).
          hint: `run \`crisis verify ${session} --store ${db!.url}\``,
        });
        expect(refused.message.startsWith(prefix), refused.message).toBe(true);
        const said = refused.message.slice(prefix.length);
        if (typeof problem === 'string') expect(said).toBe(problem);
        else expect(said).toMatch(problem);
      }
      // Nothing was recorded over it.
      expect(bob.seq).toBe(2);
    } finally {
      await bobStore.close();
    }
  });

  it('the CLI: a joined run that meets an edited row exits 1, as a file log with an edited line does', async () => {
    // A writer nobody trusts: each note "EDIT-NEXT" is followed, in its transaction, by a copy of it that was edited.
    await sql(`CREATE FUNCTION edit_next() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.line LIKE '%"text":"EDIT-NEXT"%' THEN
          INSERT INTO crisis_events (session, seq, line, type, actor, step, prev, hash)
          VALUES (NEW.session, NEW.seq + 1,
                  replace(replace(NEW.line, '"seq":' || NEW.seq || ',', '"seq":' || (NEW.seq + 1) || ','),
                          'EDIT-NEXT', 'edited'),
                  NEW.type, NEW.actor, NEW.step, NEW.hash, NEW.hash);
        END IF;
        RETURN NULL;
      END $$`);
    await sql('CREATE TRIGGER edit_next AFTER INSERT ON crisis_events FOR EACH ROW EXECUTE FUNCTION edit_next()');
    try {
      const cwd = tempDir('crisis-broken-row-');
      writeFileSync(path.join(cwd, 'lead.yaml'), 'operator: lead\nresponses: []\n');
      writeFileSync(
        path.join(cwd, 'bo.yaml'),
        'operator: bo\nunlisted: fail\nresponses:\n  - { action: note, text: EDIT-NEXT }\n  - { action: note, text: after }\n',
      );
      const started = await runCli(['start', 'product-quality', '--store', db!.url, '--answers', 'lead.yaml'], { cwd });
      expect(started.code, started.stderr).toBe(0);
      const id = /session (\S+) started/.exec(started.stderr)![1]!;
      const joined = await runCli(['join', id, '--store', db!.url, '--answers', 'bo.yaml'], { cwd });
      expect(joined.code, joined.stderr).toBe(1);
      expect(joined.stderr).toContain(
        `error: the session ${id} in the database at ${where()} is broken at line 3: ` +
          'content does not match its hash (the line was edited)\n' +
          `hint: run \`crisis verify ${id} --store ${db!.url}\`\n`,
      );
      // Typed as the hint shows it, from anywhere, it checks the store's rows and finds the same line.
      const hinted = /hint: run `crisis (verify [^`]+)`/.exec(joined.stderr)![1]!.split(' ');
      const typed = await runCli(hinted, { cwd: tempDir('crisis-broken-row-elsewhere-') });
      expect(typed.code, typed.stderr).toBe(1);
      expect(typed.stdout).toContain('line 3: content does not match its hash (the line was edited)');
      // The same log as a file, the same line edited: resume says exit 1 too.
      const exported = await runCli(['export', id, '--store', db!.url], { cwd });
      const file = path.join(cwd, `${id}.jsonl`);
      writeFileSync(file, exported.stdout);
      const verified = await runCli(['verify', file], { cwd });
      expect(verified.code).toBe(1);
      expect(verified.stdout).toContain('line 3: content does not match its hash (the line was edited)');
    } finally {
      await sql('DROP TRIGGER edit_next ON crisis_events');
    }
  }, 60_000);
});

describe.skipIf(!PG_URL)('export --store of a session whose chain does not verify', () => {
  it('is exported as it is (exit 1), and the warning gives the command that verifies it in the store', async () => {
    const cwd = tempDir('crisis-export-broken-');
    writeFileSync(path.join(cwd, 'a.yaml'), 'operator: alice\nresponses:\n  - { action: note, text: one }\n');
    const started = await runCli(['start', 'product-quality', '--store', db!.url, '--answers', 'a.yaml'], { cwd });
    expect(started.code, started.stderr).toBe(0);
    const id = /session (\S+) started/.exec(started.stderr)![1]!;
    await sql(`UPDATE crisis_events SET line = replace(line, '"one"', '"ONE"') WHERE session = $1 AND seq = 2`, [id]);

    const exported = await runCli(['export', id, '--store', db!.url], { cwd });
    expect(exported.code).toBe(1);
    expect(exported.stdout).toContain('"text":"ONE"');
    const command = `crisis verify ${id} --store ${db!.url}`;
    expect(exported.stderr).toBe(
      'warning: the log breaks at line 2: content does not match its hash (the line was edited); ' +
        `it is exported as it is, byte for byte (run \`${command}\`)\n`,
    );
    // The command as given checks the store's rows: it finds the same break.
    const verified = await runCli(command.split(' ').slice(1), { cwd });
    expect(verified.code).toBe(1);
    const where = `${new URL(db!.url).host}${new URL(db!.url).pathname}`;
    expect(verified.stdout.split('\n')[0]).toBe(
      `✗ ${where} (session ${id}): line 2: content does not match its hash (the line was edited) ` +
        '(1 good event before it)',
    );
    // Without --store it would have looked in the log dir, where there is no such session.
    expect((await runCli(['verify', id], { cwd })).code).toBe(2);
    // log --store says the same command.
    const log = await runCli(['log', id, '--store', db!.url], { cwd });
    expect(log.stderr).toContain(`only 1 good event is used; run \`${command}\``);
  }, 60_000);
});
