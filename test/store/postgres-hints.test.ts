/**
 * Team mode's hints name commands the user types again: `start`'s "others join with", the "rejoin with" of a
 * responder who leaves, join's errors and the store's own errors. They said `--store …`, which no shell runs; now
 * they say the store URL without its password, and where the password comes from when the URL had one. The
 * password itself is never printed, on either stream, nor written to any file.
 */
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgStore } from '../../src/store/postgres.js';
import { PG_URL, freePort, freshDatabase, typedFor } from '../helpers/pg.js';
import { pgProxy } from '../helpers/pg-proxy.js';
import { runCli, type CliResult, type RunOptions } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp.js';

let db: { url: string; drop: () => Promise<void> } | undefined;
beforeAll(async () => {
  if (PG_URL) db = await freshDatabase(PG_URL, { synchronousCommit: false });
});
afterAll(async () => {
  await db?.drop();
});

/** The test server trusts local connections: a password in the URL is accepted, and must never be shown. */
const PASSWORD = 'Zq7pWx4Secret';
const withPassword = (url: string) => {
  const u = new URL(url);
  u.username ||= 'postgres';
  u.password = PASSWORD;
  return u.href;
};
const ASIDE = ' (the password is left out: give it with PGPASSWORD or in ~/.pgpass)';
const ASIDE_ZH = '（命令中没有密码：请用环境变量 `PGPASSWORD` 或 `~/.pgpass` 文件提供）';

/** A home of its own (log dir inside) for every run of a test, so the files they write can all be read back. */
function place() {
  const home = tempDir('crisis-hints-');
  const runs: CliResult[] = [];
  const run = async (args: string[], options: RunOptions = {}) => {
    const result = await runCli(args, {
      cwd: home,
      ...options,
      env: { HOME: home, CRISIS_LOG_DIR: path.join(home, 'logs'), ...options.env },
    });
    runs.push(result);
    return result;
  };
  const write = (name: string, text: string) => writeFileSync(path.join(home, name), text);
  /** Every file under the home (logs, statement files, reports), as text. */
  const files = (dir = home): string[] =>
    readdirSync(dir).flatMap((name) => {
      const file = path.join(dir, name);
      return statSync(file).isDirectory() ? files(file) : [readFileSync(file, 'latin1')];
    });
  const expectNoPassword = () => {
    for (const r of runs) {
      expect(r.stdout).not.toContain(PASSWORD);
      expect(r.stderr).not.toContain(PASSWORD);
    }
    const written = files();
    expect(written.length).toBeGreaterThan(0);
    for (const text of written) expect(text).not.toContain(PASSWORD);
  };
  return { home, run, write, expectNoPassword };
}

const startedId = (r: CliResult) => /session (\S+) started/.exec(r.stderr)![1]!;
/** The command a line shows, as argv after `crisis`, without the password's aside. */
const typed = (text: string, prefix: string) =>
  new RegExp(`${prefix}crisis (\\S.*?)(?: \\(the password|\`|\\n)`).exec(text)![1]!.split(' ');

describe.skipIf(!PG_URL)('team hints give the real command, the URL without its password', () => {
  it('start says how the others join and leaving how to rejoin, typeable; with a password, where it comes from', async () => {
    const { run, write, expectNoPassword } = place();
    write('lead.yaml', 'operator: lead\nunlisted: fail\nresponses:\n  - { action: note, text: one }\n');
    write('bo.yaml', 'operator: Bo\nunlisted: fail\nresponses:\n  - { action: note, text: two }\n');
    const url = withPassword(db!.url);
    const bare = db!.url;
    const started = await run(['start', 'product-quality', '--store', url, '--answers', 'lead.yaml']);
    expect(started.code, started.stderr).toBe(0);
    const id = startedId(started);
    expect(started.stderr).toContain(`others join with: crisis join ${id} --as ROLE --store ${bare}${ASIDE}\n`);
    expect(started.stdout).toContain(`rejoin with: crisis join ${id} --store ${bare}${ASIDE}\n`);
    // Typed as shown (a role put in for ROLE), it joins the same session: no password needed by this server.
    const join = typed(started.stderr, 'others join with: ').map((w) => (w === 'ROLE' ? 'spokesperson' : w));
    const joined = await run([...join, '--answers', 'bo.yaml']);
    expect(joined.code, joined.stderr).toBe(0);
    expect(joined.stderr).toContain(`joined ${id} as Bo (spokesperson): 2 events\n`);
    // Joined by the URL without a password: nothing to say about one.
    expect(joined.stdout).toContain(`rejoin with: crisis join ${id} --as spokesperson --store ${bare}\n`);
    const zh = await run(['join', id, '--as', 'spokesperson', '--store', url, '--answers', 'bo.yaml', '--lang', 'zh']);
    expect(zh.code, zh.stderr).toBe(0);
    expect(zh.stdout).toContain(`重新加入：crisis join ${id} --as spokesperson --store ${bare}${ASIDE_ZH}\n`);
    // Through npx, and with no password in the URL: the command says so, and nothing is added.
    const plain = await run(['start', 'product-quality', '--store', bare, '--answers', 'lead.yaml'], {
      env: { npm_command: 'exec' },
    });
    const plainId = startedId(plain);
    expect(plain.stderr).toContain(`others join with: npx crisis join ${plainId} --as ROLE --store ${bare}\n`);
    expect(plain.stdout).toContain(`rejoin with: npx crisis join ${plainId} --store ${bare}\n`);
    expectNoPassword();
  }, 60_000);

  it("join's errors: the status and log commands to type, on the same store, in English and Chinese", async () => {
    const { run, write, expectNoPassword } = place();
    write('lead.yaml', 'operator: lead\nunlisted: fail\nresponses: []\n');
    const url = withPassword(db!.url);
    const bare = db!.url;
    const unknown = await run(['join', '20260101-000000-nope-0000', '--store', url, '--answers', 'lead.yaml']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(`hint: run \`crisis status --store ${bare}\` to list sessions${ASIDE}\n`);
    const listed = await run(typed(unknown.stderr, 'hint: run `'));
    expect(listed.code, listed.stderr).toBe(0);
    // Under --json (status reads the rows the same way) the hint is the same English.
    const json = await run(['status', '20260101-000000-nope-0000', '--store', url, '--json']);
    expect(JSON.parse(json.stderr.trim())).toMatchObject({
      hint: `run \`crisis status --store ${bare}\` to list sessions${ASIDE}`,
    });

    const started = await run(['start', 'product-quality', '--store', url, '--answers', 'lead.yaml']);
    const id = startedId(started);
    const store = await PgStore.open(db!.url, id, typedFor(db!.url));
    await store.read(0);
    await store.append(() => ({ type: 'session.ended', ts: new Date().toISOString(), actor: 'lead', data: {} }));
    await store.close();
    const ended = await run(['join', id, '--store', url, '--answers', 'lead.yaml', '--debug']);
    expect(ended.code).toBe(2);
    expect(ended.stderr).toContain(
      `error: session ${id} has ended\nhint: see it with \`crisis log ${id} --store ${bare}\`${ASIDE}\n`,
    );
    const log = await run(typed(ended.stderr, 'hint: see it with `'));
    expect(log.code, log.stderr).toBe(0);
    expect(log.stdout).toContain(' ended session ');
    const endedZh = await run(['join', id, '--store', url, '--answers', 'lead.yaml', '--lang', 'zh']);
    expect(endedZh.stderr).toContain(`提示：可用 \`crisis log ${id} --store ${bare}\` 查看${ASIDE_ZH}\n`);
    // Reading commands given the same URL print no password either (status, log, verify, export, a review file).
    for (const args of [['status'], ['status', id], ['log', id], ['verify', id], ['export', id]])
      expect((await run([...args, '--store', url])).code).toBe(0);
    expect((await run(['review', id, '--store', url, '--no-interactive', '-o', 'review.md'])).code).toBe(0);
    expectNoPassword();
  }, 60_000);

  it('finding a session: the start, status and resume commands of the hints run on the same store', async () => {
    const { run, write, expectNoPassword } = place();
    write('lead.yaml', 'operator: lead\nunlisted: fail\nresponses: []\n');
    const url = withPassword(db!.url);
    const bare = db!.url;
    // No session of this crisis in the database: start one there, or list them there.
    const none = await run(['resume', '--crisis', 'cybersecurity', '--store', url, '--answers', 'lead.yaml']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain(
      `hint: start one with \`crisis start cybersecurity --store ${bare}\`; \`crisis status --store ${bare}\` ` +
        `lists sessions${ASIDE}\n`,
    );
    const started = await run([...typed(none.stderr, 'start one with `'), '--answers', 'lead.yaml']);
    expect(started.code, started.stderr).toBe(0);
    const again = await run(['resume', '--crisis', 'cybersecurity', '--store', url, '--answers', 'lead.yaml']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain(`joined ${startedId(started)} as lead`);
    const both = await run(['resume', 'x', '--crisis', 'cybersecurity', '--store', url, '--lang', 'zh']);
    expect(both.stderr).toContain(`提示：例如 \`crisis resume --crisis cybersecurity --store ${bare}\`${ASIDE_ZH}\n`);
    const prefix = await run(['log', '1999', '--store', url]);
    expect(prefix.stderr).toContain(
      `hint: \`crisis status --store ${bare}\` lists sessions (\`--drills\` shows drill sessions too)${ASIDE}\n`,
    );
    expectNoPassword();
  }, 60_000);

  it('no session in the store at all: the hint checks --store and lists its sessions, not --log-dir', async () => {
    const { run } = place();
    const empty = await freshDatabase(PG_URL);
    try {
      const url = withPassword(empty.url);
      const none = await run(['status', 'latest', '--store', url]);
      expect(none.code).toBe(2);
      expect(none.stderr).toBe(
        `error: no sessions in ${new URL(empty.url).host}${new URL(empty.url).pathname}\n` +
          "hint: check that --store (or CRISIS_STORE) names the team's database; " +
          `\`crisis status --store ${empty.url}\` lists its sessions ` +
          `(\`--drills\` shows drill sessions, which \`latest\` leaves out)${ASIDE}\n`,
      );
      const zh = await run(['resume', 'latest', '--store', empty.url, '--lang', 'zh']);
      expect(zh.code).toBe(2);
      expect(zh.stderr).toContain(
        '提示：请确认 `--store`（或 `CRISIS_STORE`）指向团队的数据库；' +
          `\`crisis status --store ${empty.url}\` 会列出其中的会话（加 \`--drills\` 也列出演练会话，` +
          '`latest` 不包括演练会话）\n',
      );
      const listed = await run(typed(none.stderr, 'hint: check.*?`'));
      expect(listed.code, listed.stderr).toBe(0);
      expect(listed.stdout).toBe(`no sessions in ${new URL(empty.url).host}${new URL(empty.url).pathname}\n`);
    } finally {
      await empty.drop();
    }
  }, 60_000);

  it('a session imported twice: the hint names the export of that session from that store, typeable', async () => {
    const { home, run, write, expectNoPassword } = place();
    write('lead.yaml', 'operator: lead\nunlisted: fail\nresponses: []\n');
    const started = await run(['start', 'product-quality', '--answers', 'lead.yaml']);
    const id = startedId(started);
    const file = path.join(home, 'logs', `${id}.jsonl`);
    const url = withPassword(db!.url);
    const bare = db!.url;
    expect((await run(['import', file, '--store', url])).code).toBe(0);
    const again = await run(['import', file, '--store', url]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(
      `\nhint: nothing was imported; \`crisis export ${id} --store ${bare}\` gives the one in the database, ` +
        `to compare${ASIDE}\n`,
    );
    const exported = await run(typed(again.stderr, 'hint: nothing was imported; `'));
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toBe(readFileSync(file, 'utf8'));
    const zh = await run(['import', file, '--store', bare, '--lang', 'zh']);
    expect(zh.stderr).toContain(
      `\n提示：未导入任何内容；可用 \`crisis export ${id} --store ${bare}\` 导出数据库中的这份，再与文件比对\n`,
    );
    expectNoPassword();
  }, 60_000);

  it("the store's own error (the database gone after the action was sent): typeable commands, a password in ?password= too", async () => {
    const { run, write, expectNoPassword } = place();
    write('lead.yaml', 'operator: lead\nunlisted: fail\nresponses: []\n');
    write('bo.yaml', 'operator: Bo\nunlisted: fail\nresponses:\n  - { action: note, text: CUT-HERE }\n');
    const started = await run(['start', 'product-quality', '--store', db!.url, '--answers', 'lead.yaml']);
    const id = startedId(started);
    const proxy = await pgProxy(db!.url);
    try {
      // The driver also reads a password given as a query parameter: it is left out the same way.
      const url = `${proxy.url}?password=${PASSWORD}`;
      const bare = proxy.url;
      proxy.cutAt('CUT-HERE', 'request', true);
      const gone = await run(['join', id, '--store', url, '--answers', 'bo.yaml'], { env: { CRISIS_DB_WAIT: '0' } });
      expect(gone.code, gone.stderr).toBe(3);
      expect(gone.stdout).toContain(
        `when the database is back, go on with: crisis join ${id} --store ${bare}${ASIDE}\n`,
      );
      expect(gone.stderr).toContain(
        `hint: nothing recorded before is lost; when the database is back, \`crisis log ${id} --store ${bare}\` ` +
          `shows whether #2 is there: do it again only if it is not (\`crisis resume ${id} --store ${bare}\` picks ` +
          `it up either way)${ASIDE}\n`,
      );
      // Back: the log command as shown answers (the note was cut before the server had it).
      proxy.refuse = false;
      const log = await run(typed(gone.stderr, 'is back, `'));
      expect(log.code, log.stderr).toBe(0);
      expect(log.stdout).not.toContain('CUT-HERE');
    } finally {
      await proxy.close();
    }
    expectNoPassword();
  }, 60_000);

  it('a database that does not answer at all: no password in the error, whichever command', async () => {
    const { run, write, expectNoPassword } = place();
    write('lead.yaml', 'operator: lead\nunlisted: fail\nresponses: []\n');
    const url = `postgres://alice:${PASSWORD}@127.0.0.1:${await freePort()}/crisis`;
    for (const args of [
      ['start', 'product-quality', '--answers', 'lead.yaml'],
      ['join', '20260101-000000-x-0000', '--answers', 'lead.yaml'],
      ['status'],
    ]) {
      const r = await run([...args, '--store', url]);
      expect(r.code).toBe(3);
      expect(r.stderr).toContain('the database at 127.0.0.1:');
    }
    expectNoPassword();
  }, 60_000);
});
