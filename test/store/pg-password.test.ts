/**
 * The team store's password lookup (store/pg-password.ts): the password file crisis reads itself, named, parsed
 * and matched as pg 8's built-in lookup did (pgpass), checked as libpq checks it, and a reason when it has none.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PasswordNotGiven, passwordFor, passwordLine, type Login } from '../../src/store/pg-password.js';
import { tempDir } from '../helpers/temp.js';

const LOGIN: Login = { host: 'db.example.org', port: 5432, database: 'crisis', user: 'alice' };

/** A password file holding `text`, with `mode`. */
function pgpass(text: string, mode = 0o600): string {
  const file = path.join(tempDir('crisis-pgpass-unit-'), 'team.pgpass');
  writeFileSync(file, text, { mode });
  chmodSync(file, mode);
  return file;
}

/** What the lookup found instead of a password. */
async function refusal(login: Login, env: NodeJS.ProcessEnv) {
  const error = await passwordFor(login, env).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PasswordNotGiven);
  const { found, line, name } = error as PasswordNotGiven;
  return { found, line, name };
}

describe('passwordFor: the password file', () => {
  it('PGPASSFILE: the first line for this host, port, database and user; * matches any', async () => {
    const file = pgpass(
      [
        '# a comment line',
        'db.example.org:5432:crisis:bob:not-alice',
        'db.example.org:5433:crisis:alice:other-port',
        'db.example.org:5432:crisis:alice:Pw:with\\:colon',
        '*:*:*:alice:later-wildcard',
        '',
      ].join('\n'),
    );
    expect(await passwordFor(LOGIN, { PGPASSFILE: file })).toBe('Pw:with:colon');
    expect(await passwordFor({ ...LOGIN, database: 'other' }, { PGPASSFILE: file })).toBe('later-wildcard');
  });

  it('~/.pgpass when PGPASSFILE is not set; CRLF lines read as lines', async () => {
    const home = tempDir('crisis-pgpass-home-');
    writeFileSync(path.join(home, '.pgpass'), 'db.example.org:5432:crisis:alice:from-home\r\n', { mode: 0o600 });
    expect(await passwordFor(LOGIN, { HOME: home })).toBe('from-home');
  });

  it('an empty PGPASSWORD is no password: the file is read, as libpq does', async () => {
    const file = pgpass('*:*:*:alice:from-file\n');
    expect(await passwordFor(LOGIN, { PGPASSFILE: file, PGPASSWORD: '' })).toBe('from-file');
  });

  it('says why there is none: no file, not a plain file, open to others, no line', async () => {
    const missing = path.join(tempDir('crisis-pgpass-none-'), 'nothing');
    expect(await refusal(LOGIN, { PGPASSFILE: missing })).toEqual({
      name: 'PasswordNotGiven',
      found: { why: 'noFile', file: missing },
      line: 'db.example.org:5432:crisis:alice:PASSWORD',
    });
    const dir = path.join(tempDir('crisis-pgpass-dir-'), 'a-dir');
    mkdirSync(dir);
    expect((await refusal(LOGIN, { PGPASSFILE: dir })).found).toEqual({ why: 'notFile', file: dir });
    // libpq skips a file its group or others may read; so does crisis, though the line is there.
    for (const mode of [0o640, 0o604]) {
      const open = pgpass('*:*:*:alice:leaked\n', mode);
      expect((await refusal(LOGIN, { PGPASSFILE: open })).found).toEqual({ why: 'open', file: open });
    }
    const other = pgpass('db.example.org:5432:crisis:bob:for-bob\n');
    expect((await refusal(LOGIN, { PGPASSFILE: other })).found).toEqual({ why: 'noLine', file: other });
  });
});

describe('passwordLine', () => {
  it('escapes : and \\ in each field; no database means the user name (as pg defaults it)', () => {
    expect(passwordLine({ host: '::1', port: 5432, database: 'a\\b', user: 'al:ice' })).toBe(
      '\\:\\:1:5432:a\\\\b:al\\:ice:PASSWORD',
    );
    expect(passwordLine({ host: 'h', port: 6543, database: null, user: 'u' })).toBe('h:6543:u:u:PASSWORD');
  });
});
