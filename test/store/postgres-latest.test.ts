/**
 * `latest` and `--crisis` in a team store choose as they do in a log dir: the newest session that is not a drill,
 * and for `--crisis` with an unfinished one wanted (join, resume), not an ended one. Before, the team store took
 * the newest id whatever it was: after a drill was imported, `status latest` showed the drill and `join latest`
 * refused because it had ended.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { LiveSession } from '../../src/drive/live-session.js';
import { PgStore } from '../../src/store/postgres.js';
import { PG_URL, freshDatabase, typedFor } from '../helpers/pg.js';
import { T0, sessionPlan, startAction } from '../helpers/session-plan.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp.js';

let db: { url: string; drop: () => Promise<void> } | undefined;
beforeAll(async () => {
  if (PG_URL) db = await freshDatabase(PG_URL, { synchronousCommit: false });
});
afterAll(async () => {
  await db?.drop();
});

describe.skipIf(!PG_URL)('latest and --crisis in a team store', () => {
  it('skip drills and, where an unfinished session is wanted, ended ones', async () => {
    const cwd = tempDir('crisis-pg-latest-');
    const store = ['--store', db!.url];
    writeFileSync(path.join(cwd, 'paused.yaml'), 'operator: alice\nresponses: []\n');
    writeFileSync(path.join(cwd, 'ended.yaml'), 'operator: bob\nunlisted: done\nresponses: []\n');
    // oldest: a paused product-quality session; then one that ended; then a drill, imported from a file log
    const paused = await runCli([...store, 'start', 'product-quality', '--answers', 'paused.yaml'], { cwd });
    expect(paused.code, paused.stderr).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const ended = await runCli([...store, 'start', 'product-quality', '--answers', 'ended.yaml'], { cwd });
    expect(ended.code, ended.stderr).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const logs = path.join(cwd, 'logs');
    const drill = await runCli(['drill', 'product-quality-batch-defect'], { cwd, env: { CRISIS_LOG_DIR: logs } });
    expect(drill.code, drill.stderr).toBe(0);
    const { readdirSync } = await import('node:fs');
    const drillLog = path.join(
      logs,
      readdirSync(logs).find((f) => f.endsWith('.jsonl'))!,
    );
    const imported = await runCli([...store, 'import', drillLog], { cwd });
    expect(imported.code, imported.stderr).toBe(0);

    const idOf = (text: string) => /\d{8}-\d{6}-[a-z0-9-]+-[0-9a-f]{4}/.exec(text)![0];
    const pausedId = idOf(paused.stderr);
    const endedId = idOf(ended.stderr);
    const latest = await runCli([...store, 'status', 'latest'], { cwd });
    expect(latest.code, latest.stderr).toBe(0);
    // the newest that is not a drill: the ended one
    expect(latest.stdout.split('\n')[0]).toContain(endedId);
    // join wants an unfinished one: the paused session, not the ended one or the drill
    const join = await runCli([...store, 'join', '--crisis', 'product-quality', '--answers', 'paused.yaml'], { cwd });
    expect(join.code, join.stderr).toBe(0);
    expect(join.stderr).toContain(`joined ${pausedId}`);
    // resume with nothing named: the only unfinished session that is not a drill, said in one line
    const resume = await runCli([...store, 'resume', '--answers', 'paused.yaml'], { cwd });
    expect(resume.code, resume.stderr).toBe(0);
    expect(resume.stderr.split('\n')[0]).toMatch(
      new RegExp(`^resuming the only session that may be resumed: ${pausedId} \\(product-quality, started .+\\)$`),
    );
    expect(resume.stderr).toContain(`joined ${pausedId}`);
  }, 120_000);

  it('status over more than ten team sessions prints no Node warning (one exit listener for the exports)', async () => {
    const mine = await freshDatabase(PG_URL!, { synchronousCommit: false });
    try {
      const cwd = tempDir('crisis-pg-many-');
      writeFileSync(path.join(cwd, 'a.yaml'), 'operator: alice\nresponses: []\n');
      for (let i = 0; i < 12; i++) {
        const r = await runCli(['--store', mine.url, 'start', 'customer-service', '--answers', 'a.yaml'], { cwd });
        expect(r.code, r.stderr).toBe(0);
      }
      const status = await runCli(['--store', mine.url, 'status'], { cwd });
      expect(status.code, status.stderr).toBe(0);
      expect(status.stdout.match(/customer-service/g)?.length).toBeGreaterThanOrEqual(12);
      expect(status.stderr).not.toMatch(/MaxListenersExceededWarning|\(node:\d+\)/);
    } finally {
      await mine.drop();
    }
  }, 120_000);

  it('a row removed under a joined member: the next action is refused at once (exit 1), not retried 10,000 times', async () => {
    const mine = await freshDatabase(PG_URL!, { synchronousCommit: false });
    try {
      const plan = sessionPlan();
      const session = '20260101-090000-sess-crisis-dead';
      const store = await PgStore.open(mine.url, session, typedFor(mine.url));
      const alice = new LiveSession(plan, store, { now: () => T0 }, 'alice');
      await alice.act(startAction(plan));
      await alice.act({ type: 'note', text: 'one' });
      await alice.act({ type: 'note', text: 'two' });
      const admin = new pg.Client({ connectionString: mine.url });
      await admin.connect();
      await admin.query('DELETE FROM crisis_events WHERE session = $1 AND seq = 3', [session]);
      const error = await alice.act({ type: 'note', text: 'three' }).catch((e: unknown) => e);
      expect(error).toMatchObject({ exitCode: 1, code: 'store.head-gone' });
      expect((error as Error).message).toBe(
        `not recorded: the log of ${session} in the database no longer holds event 3 as it was read` +
          ' (a row was removed or changed)',
      );
      const rows = await admin.query('SELECT count(*)::int AS n FROM crisis_events WHERE session = $1', [session]);
      expect(rows.rows[0].n).toBe(2);
      await admin.end();
      await store.close();
    } finally {
      await mine.drop();
    }
  }, 60_000);
});
