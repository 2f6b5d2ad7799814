/**
 * The password of a team store kept where README says (~/.pgpass, or the file PGPASSFILE names), against a server
 * that asks for one (scram-sha-256, md5). crisis reads the file itself (store/pg-password.ts), not pg 8's built-in
 * lookup, which pg 9 drops and which warns on stderr that it will (a Node DeprecationWarning, no longer filtered
 * out by bin/crisis.js: a stderr of '' below means pg's lookup did not run). A server that asks for a password
 * none was given for is said as such (exit 3), never pg's `SASL: … client password must be a string`.
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
/** A role whose password the server checks by md5 (an older server's default). */
const MD5_ROLE = 'crisis_md5';

/** A server of its own that asks ROLE (scram) and MD5_ROLE (md5) for their passwords, as a team's server does. */
let server: Awaited<ReturnType<typeof throwawayServer>> | undefined;
let port = '';
beforeAll(async () => {
  if (!PG_URL) return;
  server = await throwawayServer();
  port = new URL(server.url).port;
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  try {
    await admin.query(`CREATE ROLE ${ROLE} LOGIN PASSWORD '${PASSWORD}'`);
    await admin.query(`CREATE DATABASE ${ROLE} OWNER ${ROLE}`);
    await admin.query(`SET password_encryption = 'md5'`);
    await admin.query(`CREATE ROLE ${MD5_ROLE} LOGIN PASSWORD '${PASSWORD}'`);
    await admin.query(`CREATE DATABASE ${MD5_ROLE} OWNER ${MD5_ROLE}`);
    const hba = (await admin.query<{ hba_file: string }>('SHOW hba_file')).rows[0]!.hba_file;
    writeFileSync(
      hba,
      `host all ${ROLE} 127.0.0.1/32 scram-sha-256\nhost all ${MD5_ROLE} 127.0.0.1/32 md5\n${readFileSync(hba, 'utf8')}`,
    );
    await admin.query('SELECT pg_reload_conf()');
  } finally {
    await admin.end();
  }
}, 60_000);
afterAll(() => server?.stop());

/** The store URL of `role`, on a database of its own. */
const storeOf = (role: string) => `postgres://${role}@127.0.0.1:${port}/${role}`;
/** What a run printed and how it ended. */
const outcome = (r: { code: number | null; stdout: string; stderr: string }) => ({
  code: r.code,
  stdout: r.stdout,
  stderr: r.stderr,
});

describe.skipIf(!PG_URL)('a team password in a password file', () => {
  it('~/.pgpass or PGPASSFILE: status connects, and stderr says nothing', async () => {
    const store = storeOf(ROLE);
    const home = tempDir('crisis-pgpass-');
    writeFileSync(path.join(home, '.pgpass'), `127.0.0.1:${port}:${ROLE}:${ROLE}:${PASSWORD}\n`, { mode: 0o600 });
    const listed = await runCli(['status', '--store', store], { env: { HOME: home } });
    expect(outcome(listed)).toEqual({ code: 0, stdout: `no sessions in 127.0.0.1:${port}/${ROLE}\n`, stderr: '' });

    const elsewhere = path.join(tempDir('crisis-pgpassfile-'), 'team.pgpass');
    writeFileSync(elsewhere, `*:*:*:${ROLE}:${PASSWORD}\n`, { mode: 0o600 });
    const named = await runCli(['status', '--store', store, '--json'], {
      env: { HOME: tempDir('crisis-pgpass-none-'), PGPASSFILE: elsewhere },
    });
    expect(outcome(named)).toEqual({ code: 0, stdout: '[]\n', stderr: '' });

    // md5 reads the same file.
    writeFileSync(elsewhere, `*:*:*:${MD5_ROLE}:${PASSWORD}\n`, { mode: 0o600 });
    const md5 = await runCli(['status', '--store', storeOf(MD5_ROLE), '--json'], { env: { PGPASSFILE: elsewhere } });
    expect(outcome(md5)).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
  }, 60_000);

  it("is crisis's own lookup: read with PGPASSWORD set but empty, which pg's built-in one would not read", async () => {
    const file = path.join(tempDir('crisis-pgpass-empty-env-'), 'team.pgpass');
    writeFileSync(file, `*:*:*:${ROLE}:${PASSWORD}\n`, { mode: 0o600 });
    const r = await runCli(['status', '--store', storeOf(ROLE), '--json'], {
      env: { PGPASSFILE: file, PGPASSWORD: '' },
    });
    expect(outcome(r)).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
  }, 60_000);
});

describe.skipIf(!PG_URL)('a server that asks for a password none was given for', () => {
  it('says so, with what was looked at and where a password can come from (scram and md5 alike): exit 3', async () => {
    const home = tempDir('crisis-pgpass-absent-');
    const file = path.join(home, '.pgpass');
    const refused = await runCli(['status', '--store', storeOf(ROLE)], { env: { HOME: home } });
    expect(outcome(refused)).toEqual({
      code: 3,
      stdout: '',
      stderr:
        `error: cannot open the session store: the database at 127.0.0.1:${port}/${ROLE} asks for the password ` +
        `of ${ROLE}, and none was given: there is no password file ${file}\n` +
        `hint: give it in ${file}, a line \`127.0.0.1:${port}:${ROLE}:${ROLE}:PASSWORD\` with the password for ` +
        'PASSWORD (chmod 600; PGPASSFILE names another file), or in PGPASSWORD; the store URL can carry it too, ' +
        'but README advises against that\n',
    });

    // A file without the line: said, for md5 as for scram (pg would send its md5 of nothing, and be refused).
    writeFileSync(file, `127.0.0.1:${port}:${ROLE}:${ROLE}:${PASSWORD}\n`, { mode: 0o600 });
    const md5 = await runCli(['status', 'latest', '--store', storeOf(MD5_ROLE), '--json'], { env: { HOME: home } });
    expect({ code: md5.code, stdout: md5.stdout }).toEqual({ code: 3, stdout: '' });
    expect(JSON.parse(md5.stderr)).toEqual({
      error:
        `cannot open the session store: the database at 127.0.0.1:${port}/${MD5_ROLE} asks for the password of ` +
        `${MD5_ROLE}, and none was given: the password file ${file} has no line for ${MD5_ROLE} on this database`,
      hint:
        `give it in ${file}, a line \`127.0.0.1:${port}:${MD5_ROLE}:${MD5_ROLE}:PASSWORD\` with the password for ` +
        'PASSWORD (chmod 600; PGPASSFILE names another file), or in PGPASSWORD; the store URL can carry it too, ' +
        'but README advises against that',
      code: 3,
      id: 'store.no-password',
    });
  }, 60_000);

  it('a password file others may read is not used, and the hint says chmod 600 (no WARNING line of its own)', async () => {
    const file = path.join(tempDir('crisis-pgpass-open-'), 'team.pgpass');
    writeFileSync(file, `*:*:*:${ROLE}:${PASSWORD}\n`, { mode: 0o644 });
    const r = await runCli(['status', '--store', storeOf(ROLE), '--lang', 'zh'], { env: { PGPASSFILE: file } });
    expect(outcome(r)).toEqual({
      code: 3,
      stdout: '',
      stderr:
        `错误：无法打开会话存储：127.0.0.1:${port}/${ROLE} 的数据库要求提供 ${ROLE} 的密码，但没有提供：` +
        `未读取密码文件 ${file}：同组用户或其他用户可以读取它\n` +
        `提示：请运行 \`chmod 600 ${file}\`，或用环境变量 \`PGPASSWORD\` 提供密码（存储地址中也可以带密码，` +
        '但 `README` 不建议这样做）\n',
    });
  }, 60_000);

  // Before, every refusal said `check the user and password in the store URL or ~/.pgpass`, whichever was sent.
  it('a wrong password is the server refusing the login, and the hint says where the one sent came from', async () => {
    const refusal = `error: the database at 127.0.0.1:${port}/${ROLE} refused the login: password authentication failed for user "${ROLE}"\n`;
    const fromEnv = await runCli(['status', '--store', storeOf(ROLE)], { env: { PGPASSWORD: 'wrong' } });
    expect(outcome(fromEnv)).toEqual({
      code: 3,
      stdout: '',
      stderr: `${refusal}hint: the password sent is PGPASSWORD's (the store URL has none): check it and the URL's user\n`,
    });

    // The URL's comes before PGPASSWORD's, as pg takes them; a ?password= is the URL's too.
    for (const url of [
      `postgres://${ROLE}:wrong@127.0.0.1:${port}/${ROLE}`,
      `postgres://${ROLE}@127.0.0.1:${port}/${ROLE}?password=wrong`,
    ]) {
      const fromUrl = await runCli(['status', '--store', url], { env: { PGPASSWORD: PASSWORD } });
      expect(outcome(fromUrl)).toEqual({
        code: 3,
        stdout: '',
        stderr:
          refusal +
          "hint: the password sent is the store URL's (--store, CRISIS_STORE or the profile's store:): " +
          'check it and the user there\n',
      });
    }

    // The file's line that matched, by its number and login fields; never the password.
    const file = path.join(tempDir('crisis-pgpass-wrong-'), 'team.pgpass');
    writeFileSync(file, `# the team's\nother:5432:*:*:nope\n*:${port}:*:${ROLE}:not-${PASSWORD}\n`, { mode: 0o600 });
    const fromFile = await runCli(['status', '--store', storeOf(ROLE)], { env: { PGPASSFILE: file } });
    expect(outcome(fromFile)).toEqual({
      code: 3,
      stdout: '',
      stderr: `${refusal}hint: the password sent is from line 3 of the password file ${file} (*:${port}:*:${ROLE}): check it and the store URL's user\n`,
    });
    expect(fromFile.stderr).not.toContain(PASSWORD);

    const zh = await runCli(['status', '--store', storeOf(ROLE), '--lang', 'zh'], { env: { PGPASSFILE: file } });
    expect(outcome(zh)).toEqual({
      code: 3,
      stdout: '',
      stderr:
        `错误：127.0.0.1:${port}/${ROLE} 的数据库拒绝登录：password authentication failed for user "${ROLE}"\n` +
        `提示：发送的密码来自密码文件 ${file} 第 3 行（*:${port}:*:${ROLE}）：请检查它和存储地址中的用户名\n`,
    });
  }, 60_000);
});
