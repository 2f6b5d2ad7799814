import { beforeAll, describe, expect, it } from 'vitest';
import {
  commandHint,
  commandLine,
  invokedAs,
  passwordLeftOut,
  storeCommands,
  storeOption,
  typedCommand,
  verifyCommand,
  withPasswordSource,
} from '../../src/cli/invoked.js';
import type { CliDeps } from '../../src/cli/context.js';
import { say } from '../../src/errors.js';
import { loadLanguage, sayIn } from '../../src/text/messages.js';

beforeAll(() => loadLanguage('zh'));

describe('hints name the command as it was invoked', () => {
  it.each([
    [{ npm_command: 'exec' }, 'npx crisis'],
    [{ npm_lifecycle_event: 'npx' }, 'npx crisis'],
    [{ npm_command: 'test' }, 'crisis'],
    [{}, 'crisis'],
  ])('%j -> %s', (env, expected) => {
    expect(invokedAs(env)).toBe(expected);
  });
});

describe('a command to type again reads the same store', () => {
  it.each([
    [undefined, ''],
    ['postgres://alice@db.example.org:5432/crisis', ' --store postgres://alice@db.example.org:5432/crisis'],
    // never the password; a ? or & is quoted for the shell
    [
      'postgres://alice:S3cr3t@db.example.org/crisis?sslmode=verify-full',
      " --store 'postgres://alice@db.example.org/crisis?sslmode=verify-full'",
    ],
    ["postgres://db/it's?host=/run&x=1", " --store 'postgres://db/it'\\''s?host=/run&x=1'"],
    // the driver reads ?password= as well: left out the same way, the other parameters kept in their order
    [
      'postgres://alice@db/crisis?sslmode=require&password=S3cr3t&application_name=x',
      " --store 'postgres://alice@db/crisis?sslmode=require&application_name=x'",
    ],
    ['postgres://alice:S3cr3t@db/crisis?password=Other', ' --store postgres://alice@db/crisis'],
  ])('%s -> "%s"', (store, expected) => {
    expect(storeOption(store)).toBe(expected);
  });

  it('verify: with --store in team mode, without it for the log dir', () => {
    expect(verifyCommand({}, '20260101-090000-x-0001')).toBe('crisis verify 20260101-090000-x-0001');
    expect(verifyCommand({ npm_command: 'exec' }, '20260101-090000-x-0001', 'postgres://a@h/db')).toBe(
      'npx crisis verify 20260101-090000-x-0001 --store postgres://a@h/db',
    );
  });
});

describe('a command shown for a URL that had a password says where the password comes from', () => {
  const secret = 'postgres://alice:S3cr3t@db.example.org/crisis';
  const ctx = (store?: string, lang = 'en') => ({
    deps: { env: { npm_command: 'exec' } } as unknown as CliDeps,
    store,
    lang: lang as 'en' | 'zh',
  });

  it.each([
    [undefined, false],
    ['postgres://alice@db/crisis', false],
    ['postgres://alice:@db/crisis', false],
    [secret, true],
    ['postgres://alice@db/crisis?password=S3cr3t', true],
    ['postgres://:S3cr3t@db/crisis', true],
  ])('%s: password left out %s', (store, expected) => {
    expect(passwordLeftOut(store)).toBe(expected);
  });

  it('typedCommand: the name it was run by, the words, the store without its password', () => {
    expect(typedCommand({}, 'log 20260101-090000-x-0001', secret)).toBe(
      'crisis log 20260101-090000-x-0001 --store postgres://alice@db.example.org/crisis',
    );
    expect(typedCommand({}, 'log 20260101-090000-x-0001')).toBe('crisis log 20260101-090000-x-0001');
  });

  it('withPasswordSource: the aside in English and Chinese when there was a password, nothing added otherwise', () => {
    const rejoin = say('team.rejoin', { command: 'crisis join X --store postgres://alice@db.example.org/crisis' });
    expect(sayIn('en', withPasswordSource(rejoin, secret))).toBe(
      'rejoin with: crisis join X --store postgres://alice@db.example.org/crisis' +
        ' (the password is left out: give it with PGPASSWORD or in ~/.pgpass)',
    );
    expect(sayIn('zh', withPasswordSource(rejoin, secret))).toBe(
      '重新加入：crisis join X --store postgres://alice@db.example.org/crisis' +
        '（命令中没有密码：请用环境变量 `PGPASSWORD` 或 `~/.pgpass` 文件提供）',
    );
    expect(withPasswordSource(rejoin, 'postgres://alice@db.example.org/crisis')).toBe(rejoin);
    expect(withPasswordSource(rejoin, undefined)).toBe(rejoin);
  });

  it('commandLine and commandHint build the command from the run (npx, its store) into the message', () => {
    expect(commandLine(ctx(secret), 'join.othersJoin', 'join X --as ROLE')).toBe(
      'others join with: npx crisis join X --as ROLE --store postgres://alice@db.example.org/crisis' +
        ' (the password is left out: give it with PGPASSWORD or in ~/.pgpass)',
    );
    expect(commandLine(ctx('postgres://alice@db.example.org/crisis', 'zh'), 'team.rejoin', 'join X')).toBe(
      '重新加入：npx crisis join X --store postgres://alice@db.example.org/crisis',
    );
    const hint = commandHint(ctx(secret), 'error.join.ended.hint', 'log X');
    expect(sayIn('en', hint)).toBe(
      'see it with `npx crisis log X --store postgres://alice@db.example.org/crisis`' +
        ' (the password is left out: give it with PGPASSWORD or in ~/.pgpass)',
    );
    expect(sayIn('zh', hint)).toBe(
      '可用 `npx crisis log X --store postgres://alice@db.example.org/crisis` 查看' +
        '（命令中没有密码：请用环境变量 `PGPASSWORD` 或 `~/.pgpass` 文件提供）',
    );
  });

  it('storeCommands: what the store asks for its hints, built the same way', () => {
    const commands = storeCommands({}, `${secret}?sslmode=require`);
    expect(commands.command('verify X')).toBe(
      "crisis verify X --store 'postgres://alice@db.example.org/crisis?sslmode=require'",
    );
    const hint = commands.hint(say('error.db.broken.hint', { command: commands.command('verify X') }));
    expect(sayIn('en', hint)).toBe(
      "run `crisis verify X --store 'postgres://alice@db.example.org/crisis?sslmode=require'`" +
        ' (the password is left out: give it with PGPASSWORD or in ~/.pgpass)',
    );
    expect(JSON.stringify(hint)).not.toContain('S3cr3t');
  });
});
