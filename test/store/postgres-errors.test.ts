import { describe, expect, it } from 'vitest';
import { CrisisError, say } from '../../src/errors.js';
import { dbError } from '../../src/store/postgres.js';

/**
 * How a driver failure is worded: a host name that does not resolve is a wrong URL (or no DNS), not a
 * database that "did not answer"; a refused or timed-out connection is one that did not answer.
 */
const where = 'db.example.invalid:5432/crisis';
const worded = (error: unknown, what = say('error.db.cannotOpen')) => {
  const e = dbError(where, error, what);
  return { message: e.message, hint: e.hint, code: e.code, exitCode: e.exitCode, zh: e.inLang('zh').message };
};
const lookupFailure = (code: string) =>
  Object.assign(new Error(`getaddrinfo ${code} db.example.invalid`), { code, hostname: 'db.example.invalid' });

describe('database errors, worded for the operator', () => {
  it.each(['ENOTFOUND', 'EAI_AGAIN'])(
    '%s: the host name could not be resolved, named, with a hint to check the URL',
    (code) => {
      expect(worded(lookupFailure(code))).toEqual({
        message:
          'cannot open the session store: the host name db.example.invalid could not be resolved (no such host, or no DNS answer)',
        hint: "check the host db.example.invalid in the store URL (--store, CRISIS_STORE or the profile's store:) and this machine's DNS",
        code: 'store.unknown-host',
        exitCode: 3,
        zh: '无法打开会话存储：无法解析主机名 db.example.invalid（没有这个主机，或域名解析服务没有应答）',
      });
    },
  );

  it('a failed lookup met again inside an append says "not recorded", still naming the host', () => {
    const opening = dbError(where, lookupFailure('ENOTFOUND'), say('error.db.cannotOpen'));
    expect(worded(opening, say('error.db.notRecorded'))).toMatchObject({
      message: 'not recorded: the host name db.example.invalid could not be resolved (no such host, or no DNS answer)',
      code: 'store.unknown-host',
    });
  });

  it.each([
    ['ECONNREFUSED', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['a timeout', new Error('timeout expired')],
    ['a dropped connection', new Error('Connection terminated unexpectedly')],
  ])('%s: the database did not answer', (_, error) => {
    expect(worded(error)).toMatchObject({
      message: `cannot open the session store: the database at ${where} did not answer`,
      code: 'store.unreachable',
      exitCode: 3,
    });
  });

  it('a CrisisError the store made (not a connection failure) passes through as it is', () => {
    const own = new CrisisError(say('error.db.noDriver'));
    expect(dbError(where, own, say('error.db.notRecorded'))).toBe(own);
  });
});
