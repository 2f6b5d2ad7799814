/**
 * Session summaries let `status` list many sessions without replaying them.
 * A summary is used only while it matches its log's last line; a stale,
 * foreign, corrupt or odd one is ignored and rebuilt by replaying the log.
 */
import { readdirSync, readFileSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileEventLog, sessionPaths } from '../../src/store/file-log.js';
import { readLogHead, readSessionSummary, summaryFile, writeSessionSummary } from '../../src/store/session-summary.js';
import type { SessionSummary } from '../../src/session/summary.js';
import { STATUS_INDEX } from '../../src/store/status-index.js';
import { runMain } from '../helpers/in-process.js';
import { tempDir } from '../helpers/temp.js';

const owner = { pid: 4242, host: 'test-host' };
const SESSION = '20260101-090000-product-quality-beef';
const t0 = Date.parse('2026-01-01T09:00:00.000Z');

function newLog(dir: string, events = 2): FileEventLog {
  const log = FileEventLog.create(dir, SESSION, owner, t0);
  log.append({
    ts: new Date(t0).toISOString(),
    type: 'session.started',
    actor: 'tester',
    data: {
      crisis: 'product-quality',
      severity: 'high',
      with: [],
      planHash: 'a'.repeat(64),
      operator: 'tester',
      lang: 'en',
    },
  } as never);
  for (let i = 1; i < events; i++)
    log.append({
      ts: new Date(t0 + i).toISOString(),
      type: 'note.added',
      actor: 'tester',
      data: { text: `n${i}` },
    } as never);
  return log;
}

const summary = (events: number): SessionSummary => ({
  v: 3,
  session: SESSION,
  crisis: 'product-quality',
  severity: 'high',
  operator: 'tester',
  drill: null,
  startedAt: t0,
  lastAt: t0 + events - 1,
  state: 'paused',
  progress: { done: 0, total: 20 },
  events,
});

describe('session summaries beside the log', () => {
  it('is used while the log ends where it was made, and is stale once the log grows', () => {
    const dir = tempDir();
    const log = newLog(dir, 2);
    log.close();
    const paths = sessionPaths(dir, SESSION);
    expect(writeSessionSummary(paths, summary(2))).toBe(true);
    expect(readSessionSummary(paths, SESSION)).toMatchObject({
      ...summary(2),
      seq: 2,
      size: readLogHead(paths.log)!.size,
    });
    const head = readLogHead(paths.log)!;
    const more = FileEventLog.open(paths, SESSION, owner, { seq: head.seq, hash: head.hash });
    more.append({
      ts: new Date(t0 + 5).toISOString(),
      type: 'note.added',
      actor: 'tester',
      data: { text: 'later' },
    } as never);
    more.close();
    expect(readSessionSummary(paths, SESSION)).toBeUndefined();
  });

  it('is stale once any line of the log is edited, even one that keeps the size and the last line', () => {
    const dir = tempDir();
    newLog(dir, 3).close();
    const paths = sessionPaths(dir, SESSION);
    expect(writeSessionSummary(paths, summary(3))).toBe(true);
    expect(readSessionSummary(paths, SESSION)).toBeDefined();
    const text = readFileSync(paths.log, 'utf8');
    const edited = text.replace('"text":"n1"', '"text":"X1"');
    expect(edited).not.toBe(text);
    expect(edited.length).toBe(text.length);
    writeFileSync(paths.log, edited);
    expect(readLogHead(paths.log)).toMatchObject({ seq: 3, size: text.length });
    expect(readSessionSummary(paths, SESSION)).toBeUndefined();
  });

  it('a summary without the log stamp (written before it) is not used: the log is replayed', () => {
    const dir = tempDir();
    newLog(dir, 2).close();
    const paths = sessionPaths(dir, SESSION);
    writeSessionSummary(paths, summary(2));
    const saved = JSON.parse(readFileSync(summaryFile(paths), 'utf8')) as Record<string, unknown>;
    expect(saved.stamp).toHaveLength(3);
    delete saved.stamp;
    writeFileSync(summaryFile(paths), JSON.stringify(saved));
    expect(readSessionSummary(paths, SESSION)).toBeUndefined();
  });

  it('is not written when the state summarised is not the state of the log as it ends', () => {
    const dir = tempDir();
    newLog(dir, 3).close();
    const paths = sessionPaths(dir, SESSION);
    expect(writeSessionSummary(paths, summary(2))).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes('summary'))).toEqual([]);
  });

  it('is ignored when corrupt, foreign, odd, a symlink, or when the log tail is torn', () => {
    const dir = tempDir();
    newLog(dir, 2).close();
    const paths = sessionPaths(dir, SESSION);
    writeSessionSummary(paths, summary(2));
    const file = summaryFile(paths);
    const good = readFileSync(file, 'utf8');
    const bad: Array<[string, string]> = [
      ['not JSON', '{"v":1,'],
      ['another session', good.replace(`"session":"${SESSION}"`, '"session":"20260101-090000-other-beef"')],
      ['an unknown state', good.replace('"state":"paused"', '"state":"weird"')],
      ['more done than total', good.replace('"done":0', '"done":21')],
      ['a crisis id that is no id', good.replace('"crisis":"product-quality"', '"crisis":"../../etc"')],
      ['seq not the event count', good.replace('"events":2', '"events":1')],
      ['a hash of another log', good.replace(/"hash":"[0-9a-f]{64}"/, `"hash":"${'b'.repeat(64)}"`)],
      ['another size', good.replace(/"size":\d+/, '"size":1')],
      ['an array', '[]'],
    ];
    for (const [what, text] of bad) {
      writeFileSync(file, text);
      expect(readSessionSummary(paths, SESSION), what).toBeUndefined();
    }
    writeFileSync(file, good);
    expect(readSessionSummary(paths, SESSION)).toBeDefined();
    // A symlink to a good summary elsewhere: never followed.
    const elsewhere = path.join(tempDir(), 'x.json');
    writeFileSync(elsewhere, good);
    unlinkSync(file);
    symlinkSync(elsewhere, file);
    expect(readSessionSummary(paths, SESSION)).toBeUndefined();
    unlinkSync(file);
    writeFileSync(file, good);
    // A torn last line (no newline): the log is not where the summary says.
    writeFileSync(paths.log, readFileSync(paths.log, 'utf8') + '{"v":1,"seq":3');
    expect(readSessionSummary(paths, SESSION)).toBeUndefined();
  });
});

describe('crisis status with summaries', () => {
  const drill = async (logs: string) =>
    runMain(['drill', 'product-quality-batch-defect'], { env: { CRISIS_LOG_DIR: logs } });
  const status = async (logs: string) => {
    // The sessions here are drills, which status lists only when asked.
    const r = await runMain(['status', '--json', '--drills'], { env: { CRISIS_LOG_DIR: logs } });
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout) as Array<Record<string, unknown>>;
  };

  it('a drill leaves a summary, and the listing from it is the listing a replay gives', async () => {
    const logs = tempDir('logs-');
    expect((await drill(logs)).code).toBe(0);
    const [summaryName] = readdirSync(logs).filter((f) => f.endsWith('.summary.json'));
    expect(summaryName).toBeDefined();
    const fromSummary = await status(logs);
    unlinkSync(path.join(logs, summaryName!));
    const replayed = await status(logs);
    expect(fromSummary).toEqual(replayed);
    expect(replayed[0]).toMatchObject({ crisis: 'product-quality', state: 'ended', intact: true });
    // The replay saved it again.
    expect(readdirSync(logs)).toContain(summaryName);
  });

  it('uses a matching summary, and replays (and rewrites) a stale one', async () => {
    const logs = tempDir('logs-');
    await drill(logs);
    const [name] = readdirSync(logs).filter((f) => f.endsWith('.summary.json'));
    const file = path.join(logs, name!);
    const real = readFileSync(file, 'utf8');
    // Still matching the log's last line: status believes it (verify stays the authority).
    writeFileSync(file, real.replace('"operator":"drill facilitator"', '"operator":"from the summary"'));
    expect((await status(logs))[0]!.operator).toBe('from the summary');
    // Stale: the summary names another last hash, so the log is replayed and the summary rewritten. (The
    // listing also indexed the summary, and that entry stands while the log is unchanged: drop it, so the
    // summary file itself is what is checked; test/store/status-index.test.ts covers the index.)
    unlinkSync(path.join(logs, STATUS_INDEX));
    writeFileSync(
      file,
      real
        .replace('"operator":"drill facilitator"', '"operator":"stale"')
        .replace(/"hash":"[0-9a-f]{64}"/, `"hash":"${'c'.repeat(64)}"`),
    );
    expect((await status(logs))[0]!.operator).toBe('drill facilitator');
    expect(readFileSync(file, 'utf8')).toBe(real);
  });
});

describe('crisis status after an edit in the middle of a log', () => {
  it('the listing replays it and says it is damaged, instead of believing its summary (same size, same last line)', async () => {
    const logs = tempDir('logs-');
    const cwd = tempDir('cwd-');
    writeFileSync(path.join(cwd, 'a.yaml'), 'responses:\n  - { step: tf-name-leads, action: note, text: one }\n');
    const start = await runMain(['start', 'product-quality', '--answers', 'a.yaml'], {
      cwd,
      env: { CRISIS_LOG_DIR: logs },
    });
    expect(start.code, start.stderr).toBe(0);
    const before = await runMain(['status', '--json'], { env: { CRISIS_LOG_DIR: logs } });
    expect((JSON.parse(before.stdout) as Array<{ intact: boolean }>)[0]!.intact).toBe(true);
    const log = path.join(
      logs,
      readdirSync(logs).find((f) => f.endsWith('.jsonl'))!,
    );
    const text = readFileSync(log, 'utf8');
    writeFileSync(log, text.replace('"text":"one"', '"text":"ONE"'));
    const after = await runMain(['status', '--json'], { env: { CRISIS_LOG_DIR: logs } });
    const [row] = JSON.parse(after.stdout) as Array<{ intact: boolean; events: number }>;
    expect(row).toMatchObject({ intact: false, events: 1 });
  });
});
