/**
 * `crisis import FILE` reads the file it is given like every other reader: a regular file, bounded, read once (the
 * bytes checked are the bytes imported). Before, readFileSync hung on a FIFO and read /dev/zero until memory ran
 * out; both are refused at once, before any database is reached (the store here is a port nothing listens on).
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chainEvent } from '../../src/session/chain.js';
import { GENESIS_HASH } from '../../src/session/log-format.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp.js';

const NOWHERE = 'postgres://127.0.0.1:9/crisis';

describe('crisis import: the file', () => {
  it('a FIFO is refused at once (exit 2), not waited on', async () => {
    const dir = tempDir('crisis-import-');
    const fifo = path.join(dir, 'log.jsonl');
    if (spawnSync('mkfifo', [fifo]).status !== 0) return;
    const r = await runCli(['import', fifo, '--store', NOWHERE], { cwd: dir, timeoutMs: 20_000 });
    expect(r.signal).toBeNull();
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error: cannot read ${fifo}: ${fifo} is not a regular file\n`);
  });

  it('/dev/zero is refused at once (exit 2), not read without end', async () => {
    const r = await runCli(['import', '/dev/zero', '--store', NOWHERE], { timeoutMs: 20_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: cannot read /dev/zero: /dev/zero is not a regular file\n');
  });

  it('a missing file names the file and the reason', async () => {
    const r = await runCli(['import', 'nope.jsonl', '--store', NOWHERE]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: cannot read nope.jsonl: ENOENT\n');
  });

  it('a torn last line is refused whole (exit 1) before the database is reached', async () => {
    const dir = tempDir('crisis-import-');
    writeFileSync(path.join(dir, 'torn.jsonl'), '{"v":1,"seq":1');
    const r = await runCli(['import', 'torn.jsonl', '--store', NOWHERE], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error: torn.jsonl: not imported: line 1:');
  });

  /** A log whose chain holds, of `session`, starting with an event of `type`. */
  function chained(session: string, type: string): string {
    const data =
      type === 'session.started'
        ? { crisis: 'product-quality', severity: 'high', with: [], planHash: 'a'.repeat(64), operator: 'x', lang: 'en' }
        : { text: 'n' };
    const draft = { ts: '2026-01-01T09:00:00.000Z', type, actor: 'x', data } as never;
    return `${JSON.stringify(chainEvent(session, draft, { seq: 0, hash: GENESIS_HASH }))}\n`;
  }

  it('a chain that holds under a session id that is no id (escape sequences, ../) is refused, nothing printed raw', async () => {
    const dir = tempDir('crisis-import-');
    for (const [i, id] of ['x\u001b]0;OWNED\u0007\u001b[2J', '../../../tmp/pwn'].entries()) {
      writeFileSync(path.join(dir, `bad-${i}.jsonl`), chained(id, 'session.started'));
      const r = await runCli(['import', `bad-${i}.jsonl`, '--store', NOWHERE], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr + r.stdout).not.toMatch(/\u001b|\u0007/);
      expect(r.stderr).toMatch(/^error: ".*" is not a session id$/m);
    }
  });

  it('a chain that does not start with session.started is refused (exit 1)', async () => {
    const dir = tempDir('crisis-import-');
    writeFileSync(path.join(dir, 'headless.jsonl'), chained('20260101-090000-product-quality-abcd', 'note.added'));
    const r = await runCli(['import', 'headless.jsonl', '--store', NOWHERE], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: headless\.jsonl: not imported: /);
  });
});
