import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ChainVerifier } from '../../src/session/verify.js';
import { readLog } from '../../src/store/log-reader.js';
import { sessionPaths } from '../../src/store/file-log.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp.js';

/**
 * A log read by its session id must hold that session's events from line 1. QA copied a product-quality log
 * to `<other-id>.jsonl`: verify said intact, resume appended events of the new id after the old ones (breaking
 * the chain it had just vouched for) and status listed it as product-quality. A log named as a file is read as
 * the session its lines say, as before.
 */
const OTHER = '20261201-000000-brand-image-0001';
const ANSWERS = 'operator: bob\nunlisted: fail\nresponses:\n  - { action: note, text: "first note" }\n';

async function copiedUnderAnotherId(): Promise<{ cwd: string; logs2: string; id: string; file: string }> {
  const cwd = tempDir();
  writeFileSync(path.join(cwd, 'a.yaml'), ANSWERS);
  const logs = path.join(cwd, 'logs');
  const start = await runCli(['start', 'product-quality', '--answers', 'a.yaml'], {
    cwd,
    env: { CRISIS_LOG_DIR: logs },
  });
  expect(start.code, start.stderr).toBe(0);
  const id = readdirSync(logs)
    .find((f) => f.endsWith('.jsonl'))!
    .replace(/\.jsonl$/, '');
  const logs2 = path.join(cwd, 'logs2');
  mkdirSync(logs2);
  const file = path.join(logs2, `${OTHER}.jsonl`);
  copyFileSync(path.join(logs, `${id}.jsonl`), file);
  return { cwd, logs2, id, file };
}

const because = (id: string) =>
  `line 1: belongs to session ${id}, not ${OTHER} (a copy or a rename of another session's log)`;

describe("a log read by session id holds that session's events", () => {
  it('verify ID: exit 1 at line 1 naming both ids; verify FILE reads it as its own session (exit 0)', async () => {
    const { cwd, logs2, id, file } = await copiedUnderAnotherId();
    const env = { CRISIS_LOG_DIR: logs2 };
    const byId = await runCli(['verify', OTHER], { cwd, env });
    expect(byId.code).toBe(1);
    expect(byId.stdout).toBe(
      `✗ ${file}: ${because(id)} (0 good events before it)\n` + `  chain head 0:${'0'.repeat(64)} (last good event)\n`,
    );
    const json = await runCli(['verify', OTHER, '--json'], { cwd, env });
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, events: 0, break: { line: 1, message: because(id) } });
    const byFile = await runCli(['verify', `logs2/${OTHER}.jsonl`], { cwd, env });
    expect(byFile.code, byFile.stdout).toBe(0);
    expect(byFile.stdout).toMatch(/: 3 events, hash chain intact\n/);
  });

  it('resume ID: exit 1, and not a byte is appended (with --force neither)', async () => {
    const { cwd, logs2, id, file } = await copiedUnderAnotherId();
    const env = { CRISIS_LOG_DIR: logs2 };
    const before = readFileSync(file, 'latin1');
    for (const force of [[], ['--force']]) {
      const run = await runCli(['resume', OTHER, '--answers', 'a.yaml', ...force], { cwd, env });
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(`error: ${file}: ${because(id)}\nhint: run \`crisis verify ${OTHER}\`\n`);
      expect(readFileSync(file, 'latin1')).toBe(before);
      expect(readdirSync(logs2)).toEqual([`${OTHER}.jsonl`]);
    }
  });

  it('log ID and status ID: exit 1; the status listing shows the session as unreadable, not as product-quality', async () => {
    const { cwd, logs2, id, file } = await copiedUnderAnotherId();
    const env = { CRISIS_LOG_DIR: logs2 };
    const log = await runCli(['log', OTHER], { cwd, env });
    expect(log.code).toBe(1);
    expect(log.stderr).toBe(`error: ${file}: ${because(id)}\nhint: run \`crisis verify ${OTHER}\`\n`);
    const status = await runCli(['status', OTHER], { cwd, env });
    expect(status.code).toBe(1);
    const listing = await runCli(['status', '--json'], { cwd, env });
    expect(listing.code).toBe(0);
    expect(JSON.parse(listing.stdout)).toEqual([{ id: OTHER, error: `${file}: ${because(id)}` }]);
  });

  it('readLog by session paths breaks at line 1; the verifier given the session says why', () => {
    const dir = tempDir();
    const line = (session: string) =>
      JSON.stringify({
        v: 1,
        seq: 1,
        ts: '2026-01-01T09:00:00.000Z',
        session,
        type: 'note.added',
        actor: 'a',
        data: { text: 'x' },
        prev: '0'.repeat(64),
        hash: 'h',
      });
    writeFileSync(path.join(dir, `${OTHER}.jsonl`), `${line('20260101-090000-pq-0001')}\n`);
    const loaded = readLog(sessionPaths(dir, OTHER), false);
    expect(loaded.events).toEqual([]);
    expect(loaded.break?.message).toBe(because('20260101-090000-pq-0001'));
    const v = new ChainVerifier({ session: OTHER });
    v.push(line('20260101-090000-pq-0001'));
    expect(v.break?.message).toBe(because('20260101-090000-pq-0001'));
  });
});
