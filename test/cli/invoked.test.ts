import { describe, expect, it } from 'vitest';
import { invokedAs, storeOption, verifyCommand } from '../../src/cli/invoked.js';

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
