/**
 * A `--store postgres://…` URL whose host name does not resolve: said as such (the host named, a hint to
 * check the URL), exit 3, at once; not "did not answer", which is for a database that is there but silent.
 * `.invalid` is a reserved top-level domain (RFC 6761): no name under it ever resolves.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

const URL_ = 'postgres://alice@nonexistent.invalid:5432/crisis';

describe('a store URL whose host cannot be resolved', () => {
  it('status and join: exit 3 naming the host, with a hint to check the URL, in seconds', async () => {
    for (const args of [
      ['status', '--store', URL_],
      ['join', '20260101-090000-product-quality-0001', '--store', URL_, '--answers', 'none.yaml'],
    ]) {
      const r = await runCli(args, { timeoutMs: 30_000 });
      expect(r.code, r.stderr).toBe(3);
      expect(r.stderr).toBe(
        'error: cannot open the session store: the host name nonexistent.invalid could not be resolved ' +
          '(no such host, or no DNS answer)\n' +
          "hint: check the host nonexistent.invalid in the store URL (--store, CRISIS_STORE or the profile's store:) " +
          "and this machine's DNS\n",
      );
      expect(r.stderr).not.toContain('did not answer');
      // getaddrinfo fails at once for a reserved name; the connection timeout (5 s) is the bound either way.
      expect(r.ms).toBeLessThan(15_000);
    }
  });

  it('in Chinese, and as JSON with its id', async () => {
    const zh = await runCli(['status', '--store', URL_, '--lang', 'zh'], { timeoutMs: 30_000 });
    expect(zh.code).toBe(3);
    expect(zh.stderr).toContain('错误：无法打开会话存储：无法解析主机名 nonexistent.invalid');
    const json = await runCli(['status', '--store', URL_, '--json'], { timeoutMs: 30_000 });
    expect(json.code).toBe(3);
    expect(JSON.parse(json.stderr)).toMatchObject({ code: 3, id: 'store.unknown-host' });
  });
});
