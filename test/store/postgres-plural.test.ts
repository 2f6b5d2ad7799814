// `import` and `join` count a session's events as a person reads them: "1 event", "2 events", never "1 events".
import { readFileSync, writeFileSync } from 'node:fs';
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

describe.skipIf(!PG_URL)('import and join count events in agreement', () => {
  it('imported …: 1 event / 2 events; joined …: 1 event / 2 events', async () => {
    const cwd = tempDir('crisis-pg-plural-');
    const logs = path.join(cwd, 'logs');
    const env = { CRISIS_LOG_DIR: logs };
    writeFileSync(path.join(cwd, 'pause.yaml'), 'operator: alice\nunlisted: fail\nresponses: []\n');
    const bare = new URL(db!.url).host;
    const session = async (events: number) => {
      const r = await runCli(['start', 'product-quality', '--answers', 'pause.yaml'], { cwd, env });
      expect(r.code, r.stderr).toBe(0);
      const id = /session (\S+) started/.exec(r.stderr)![1]!;
      const file = path.join(logs, `${id}.jsonl`);
      const lines = readFileSync(file, 'utf8').split('\n').slice(0, events);
      writeFileSync(file, `${lines.join('\n')}\n`);
      return { id, file };
    };
    // join counts what it found, its own session.resumed included when the session was paused
    for (const [events, words, joinedWords] of [
      [1, '1 event', '1 event'],
      [2, '2 events', '3 events'],
    ] as const) {
      const { id, file } = await session(events);
      const imported = await runCli(['import', file, '--store', db!.url], { cwd, env });
      expect(imported.code, imported.stderr).toBe(0);
      expect(imported.stderr).toContain(`imported ${id}: ${words} into `);
      expect(imported.stderr).toContain(bare);
      const joined = await runCli(['join', id, '--store', db!.url, '--answers', 'pause.yaml', '--operator', 'Bo'], {
        cwd,
      });
      expect(joined.code, joined.stderr).toBe(0);
      expect(joined.stderr).toContain(`joined ${id} as Bo: ${joinedWords}\n`);
    }
  }, 120_000);
});
