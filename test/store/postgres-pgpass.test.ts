/**
 * The password of a team store kept where README says (~/.pgpass, or the file PGPASSFILE names): the driver reads
 * it, and pg 8 then warns on stderr that pg 9 will not (a Node DeprecationWarning with a pid and a `node
 * --trace-deprecation` line). The operator sees the command's own output only; other warnings still show.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { PG_URL, throwawayServer } from '../helpers/pg.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp.js';

const ROLE = 'crisis_pgpass';
const PASSWORD = 'Pw7-from-the-file';

/** A server of its own that asks ROLE for its password (scram), as a team's server does; the rest trusted. */
let server: Awaited<ReturnType<typeof throwawayServer>> | undefined;
beforeAll(async () => {
  if (!PG_URL) return;
  server = await throwawayServer();
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  try {
    await admin.query(`CREATE ROLE ${ROLE} LOGIN PASSWORD '${PASSWORD}'`);
    await admin.query(`CREATE DATABASE ${ROLE} OWNER ${ROLE}`);
    const hba = (await admin.query<{ hba_file: string }>('SHOW hba_file')).rows[0]!.hba_file;
    writeFileSync(hba, `host all ${ROLE} 127.0.0.1/32 scram-sha-256\n${readFileSync(hba, 'utf8')}`);
    await admin.query('SELECT pg_reload_conf()');
  } finally {
    await admin.end();
  }
}, 60_000);
afterAll(() => server?.stop());

describe.skipIf(!PG_URL)('a team password in a password file', () => {
  it('~/.pgpass or PGPASSFILE: status connects, and stderr says nothing', async () => {
    const port = new URL(server!.url).port;
    const store = `postgres://${ROLE}@127.0.0.1:${port}/${ROLE}`;
    const home = tempDir('crisis-pgpass-');
    // Without the file the server refuses: the password really comes from it below.
    const refused = await runCli(['status', '--store', store], { env: { HOME: home } });
    expect(refused.code).toBe(3);

    writeFileSync(path.join(home, '.pgpass'), `127.0.0.1:${port}:${ROLE}:${ROLE}:${PASSWORD}\n`, { mode: 0o600 });
    const listed = await runCli(['status', '--store', store], { env: { HOME: home } });
    expect({ code: listed.code, stdout: listed.stdout, stderr: listed.stderr }).toEqual({
      code: 0,
      stdout: `no sessions in 127.0.0.1:${port}/${ROLE}\n`,
      stderr: '',
    });

    const elsewhere = path.join(tempDir('crisis-pgpassfile-'), 'team.pgpass');
    writeFileSync(elsewhere, `*:*:*:${ROLE}:${PASSWORD}\n`, { mode: 0o600 });
    const named = await runCli(['status', '--store', store, '--json'], {
      env: { HOME: tempDir('crisis-pgpass-none-'), PGPASSFILE: elsewhere },
    });
    expect({ code: named.code, stdout: named.stdout, stderr: named.stderr }).toEqual({
      code: 0,
      stdout: '[]\n',
      stderr: '',
    });
  }, 60_000);
});

describe("warnings other than pg's pgpass notice", () => {
  it('are printed by Node as before', async () => {
    const hook = path.join(tempDir('crisis-warning-hook-'), 'warn.cjs');
    writeFileSync(
      hook,
      "process.emitWarning('pgpass support is deprecated and will be removed in pg@9.0.', 'DeprecationWarning');\n" +
        "process.emitWarning('something else', 'DeprecationWarning');\n" +
        "process.emitWarning('a plain warning');\n",
    );
    const r = await runCli(['list'], { nodeArgs: ['--require', hook] });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^\(node:\d+\) DeprecationWarning: something else\n/);
    expect(r.stderr).toMatch(/\n\(node:\d+\) Warning: a plain warning\n/);
    expect(r.stderr).not.toContain('pgpass');
  });
});
