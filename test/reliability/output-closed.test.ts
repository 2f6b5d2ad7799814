/**
 * An unattended run whose output nobody reads any more: `crisis start …
 * --answers a.yaml 2>&1 | head -1`. Before, the launcher's EPIPE handler
 * called process.exit(0) at whatever point the event loop turned: the run
 * stopped between two actions with exit 0, its lock left behind and no
 * trace in the log. Now the run stops at its next action, records
 * `session.paused` (reason `output closed`), releases the lock and exits 130.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../src/session/events.js';
import { PgStore, listPgSessions } from '../../src/store/postgres.js';
import { verifyLogFile } from '../../src/store/log-reader.js';
import { SESSION_FILES } from '../helpers/fixtures.js';
import { BIN } from '../helpers/paths.js';
import { PG_URL, freshDatabase, typedFor } from '../helpers/pg.js';
import { cleanEnv, runCli, spawnCollect } from '../helpers/run-cli.js';
import { tempDir, writeFiles } from '../helpers/temp.js';

const RESPONSES = [
  '  - { step: confirm, action: done, inputs: { affected-batches: B-7, safety-risk: false } }',
  '  - { action: note, text: "called the plant" }',
  '  - { step: name-leads, action: done, inputs: { lead-name: Lee, spokesperson-name: Bob } }',
  '  - { step: apology, action: skip, reason: agreed at the last drill }',
  '  - { step: holding-statement, action: approve, by: Lou }',
  '  - { step: holding-statement, action: statement }',
  '  - { step: quick-post, action: statement, text: "Update on B-7." }',
];
const answersFile = (lines: string[]) => `operator: alice\nunlisted: fail\nresponses:\n${lines.join('\n')}\n`;

function workspace() {
  const root = tempDir('crisis-output-closed-');
  const logDir = path.join(root, 'logs');
  const home = tempDir('crisis-home-');
  writeFiles(path.join(root, 'pb'), SESSION_FILES);
  writeFileSync(path.join(root, 'first.yaml'), answersFile(RESPONSES.slice(0, 2)));
  writeFileSync(path.join(root, 'all.yaml'), answersFile(RESPONSES));
  const env = { CRISIS_LOG_DIR: logDir };
  const run = (args: string[]) => runCli(['--playbooks', 'pb', ...args], { cwd: root, env });
  // Both streams into a pipe whose reader is gone before the first line (`2>&1 | head -0`).
  const intoClosedPipe = (args: string[]) =>
    spawnCollect(process.execPath, [BIN, '--playbooks', 'pb', ...args], {
      cwd: root,
      env: cleanEnv(home, env),
      closeStdout: true,
      closeStderr: true,
    });
  // Only stdout into a pipe whose reader is gone (`| head -1`); stderr is read, as a terminal would show it.
  const stdoutClosed = (args: string[]) =>
    spawnCollect(process.execPath, [BIN, '--playbooks', 'pb', ...args], {
      cwd: root,
      env: cleanEnv(home, env),
      closeStdout: true,
    });
  const logFile = (id: string) => path.join(logDir, `${id}.jsonl`);
  const events = (id: string) =>
    readFileSync(logFile(id), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as StoredEvent);
  const only = (): string => {
    const ids = readdirSync(logDir).filter((f) => f.endsWith('.jsonl'));
    expect(ids).toHaveLength(1);
    return ids[0]!.slice(0, -'.jsonl'.length);
  };
  return { root, logDir, run, intoClosedPipe, stdoutClosed, logFile, events, only };
}

const idOf = (stderr: string) => /session (\S+) started/.exec(stderr)![1]!;

describe('an --answers run whose output pipe closes (EPIPE)', () => {
  it('start: stops at its next action, pauses (output closed), releases the lock, exits 130; resume finishes', async () => {
    const ws = workspace();
    const r = await ws.intoClosedPipe(['start', 'sess-crisis', '--answers', 'all.yaml']);
    expect(r.code).toBe(130);
    const id = ws.only();
    expect(ws.events(id).map((e) => [e.type, e.data])).toEqual([
      ['session.started', expect.objectContaining({ crisis: 'sess-crisis', operator: 'alice' })],
      ['session.paused', { reason: 'output closed' }],
    ]);
    expect(existsSync(path.join(ws.logDir, `${id}.lock`))).toBe(false);
    expect((await verifyLogFile(ws.logFile(id))).break).toBeUndefined();

    const resumed = await ws.run(['resume', id, '--answers', 'all.yaml']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).not.toContain('took over a stale lock');
    expect(ws.events(id).at(-1)!.type).toBe('session.ended');
  });

  it('start | head -1 (stdout only): an answers run says nothing there until its summary, so it ends; exit 0', async () => {
    // The summary is what finds the pipe closed, after session.ended: the session is whole, and the run exits 0 as
    // every command does whose reader left after its work was done (`crisis log … | head`). 130 is for a run the
    // closed output stopped before its end.
    const ws = workspace();
    const r = await ws.stdoutClosed(['start', 'sess-crisis', '--answers', 'all.yaml']);
    expect(r.code, r.stderr).toBe(0);
    const id = ws.only();
    expect(r.stderr.split('\n')[0]).toBe(`session ${id} started (sess-crisis, severity medium, operator alice)`);
    const events = ws.events(id);
    expect(events[0]!.type).toBe('session.started');
    expect(events.at(-1)!.type).toBe('session.ended');
    expect(events.map((e) => e.type)).not.toContain('session.paused');
    expect(existsSync(path.join(ws.logDir, `${id}.lock`))).toBe(false);
    expect((await verifyLogFile(ws.logFile(id))).break).toBeUndefined();
  });

  it('resume: what was recorded stays byte for byte, the resume pauses again, exit 130, lock released', async () => {
    const ws = workspace();
    const first = await ws.run(['start', 'sess-crisis', '--answers', 'first.yaml']);
    expect(first.code, first.stderr).toBe(0);
    const id = idOf(first.stderr);
    const before = readFileSync(ws.logFile(id));
    const r = await ws.intoClosedPipe(['resume', id, '--answers', 'all.yaml']);
    expect(r.code).toBe(130);
    const after = readFileSync(ws.logFile(id));
    expect(after.subarray(0, before.length).equals(before)).toBe(true);
    expect(
      ws
        .events(id)
        .slice(-3)
        .map((e) => [e.type, e.data]),
    ).toEqual([
      ['session.paused', { reason: 'answers exhausted' }],
      ['session.resumed', expect.anything()],
      ['session.paused', { reason: 'output closed' }],
    ]);
    expect(existsSync(path.join(ws.logDir, `${id}.lock`))).toBe(false);
    expect((await verifyLogFile(ws.logFile(id))).break).toBeUndefined();
  });
});

describe.skipIf(!PG_URL)('an --answers run on PostgreSQL whose output pipe closes', () => {
  let db: { url: string; drop: () => Promise<void> } | undefined;
  beforeAll(async () => {
    db = await freshDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('exits 130 at its next action instead of running on or hanging on its connection; others can go on', async () => {
    const ws = workspace();
    const r = await ws.intoClosedPipe(['start', 'sess-crisis', '--answers', 'all.yaml', '--store', db!.url]);
    expect(r.code).toBe(130);
    const sessions = await listPgSessions(db!.url);
    expect(sessions).toHaveLength(1);
    const store = await PgStore.open(db!.url, sessions[0]!, typedFor(db!.url));
    // Team mode records no pause for one responder leaving: the start is all there is.
    expect((await store.lines()).map((l) => (JSON.parse(l) as StoredEvent).type)).toEqual(['session.started']);
    await store.close();
    const joined = await ws.run(['join', sessions[0]!, '--answers', 'all.yaml', '--store', db!.url]);
    expect(joined.code, joined.stderr).toBe(0);
  });
});
