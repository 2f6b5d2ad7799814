/**
 * `status <session>` of a team session nobody has open. A team store holds no lock, and "active" there means only
 * that nobody paused or ended the session. It said `another terminal is working this session now (its lock is
 * held)`, the line for a file log whose lock a live process holds, after a `start --answers` that had long left
 * (`status latest` and `status ID` alike). It now says that a team session holds no lock and how to join it.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PG_URL, freshDatabase } from '../helpers/pg.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp.js';

let db: { url: string; drop: () => Promise<void> } | undefined;
beforeAll(async () => {
  if (PG_URL) db = await freshDatabase(PG_URL, { synchronousCommit: false });
});
afterAll(async () => {
  await db?.drop();
});

/** The last `n` lines a run printed on stdout. */
const tail = (stdout: string, n: number) => stdout.trimEnd().split('\n').slice(-n);

describe.skipIf(!PG_URL)('status of a team session nobody has open', () => {
  it('says it holds no lock and how to join, never that another terminal holds it; resume still joins', async () => {
    const cwd = tempDir('crisis-pg-status-');
    writeFileSync(
      path.join(cwd, 'a.yaml'),
      'operator: alice\nunlisted: fail\nresponses:\n  - { action: note, text: one }\n',
    );
    writeFileSync(path.join(cwd, 'done.yaml'), 'operator: bob\nunlisted: done\nresponses: []\n');
    const store = ['--store', db!.url];
    const started = await runCli(['start', 'product-quality', ...store, '--answers', 'a.yaml'], { cwd });
    expect(started.code, started.stderr).toBe(0);
    const id = /session (\S+) started/.exec(started.stderr)![1]!;

    const join = `join with: crisis join ${id} --as ROLE --store ${db!.url}`;
    for (const ref of ['latest', id]) {
      const status = await runCli(['status', ref, ...store], { cwd });
      expect({ code: status.code, stderr: status.stderr }).toEqual({ code: 0, stderr: '' });
      expect(status.stdout.split('\n')[0]).toBe(`${id}  product-quality (severity high)  active`);
      expect(tail(status.stdout, 2)).toEqual(['a team session holds no lock: others may be working it now', join]);
      expect(status.stdout).not.toContain('another terminal');
    }
    const zh = await runCli(['status', 'latest', ...store, '--lang', 'zh'], { cwd });
    expect(tail(zh.stdout, 2)).toEqual([
      '团队会话不加锁：其他人现在可能正在处理',
      `加入请运行：crisis join ${id} --as ROLE --store ${db!.url}`,
    ]);
    // The listing still calls it active (neither paused nor ended), as README says for a team store.
    const listed = await runCli(['status', ...store, '--json'], { cwd });
    expect(JSON.parse(listed.stdout)).toMatchObject([{ id, state: 'active', locked: false }]);

    // resume --store joins it, as before.
    const resumed = await runCli(['resume', id, ...store, '--answers', 'a.yaml'], { cwd });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(`joined ${id} as alice: 2 events`);

    // An ended team session says neither.
    const ended = await runCli(['start', 'product-quality', ...store, '--answers', 'done.yaml'], { cwd });
    expect(ended.code, ended.stderr).toBe(0);
    const endedId = /session (\S+) started/.exec(ended.stderr)![1]!;
    const status = await runCli(['status', endedId, ...store], { cwd });
    expect(status.stdout.split('\n')[0]).toBe(`${endedId}  product-quality (severity high)  ended`);
    expect(status.stdout).not.toMatch(/join with|holds no lock|another terminal|resume with/);
  }, 120_000);
});
