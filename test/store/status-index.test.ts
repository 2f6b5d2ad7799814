/**
 * The status index: one file in the log dir holding every session's summary,
 * used for a session only while its log is the very file the entry was made
 * from and its summary file is there. A stale, foreign or corrupt index (or entry) is
 * ignored: the listing falls back to the summary files, then to a replay.
 */
import { readdirSync, readFileSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listSummaries, STATUS_INDEX } from '../../src/store/status-index.js';
import { runMain } from '../helpers/in-process.js';
import { tempDir } from '../helpers/temp.js';

const drill = async (logs: string) => {
  const r = await runMain(['drill', 'product-quality-batch-defect'], { env: { CRISIS_LOG_DIR: logs } });
  expect(r.code).toBe(0);
};
const status = async (logs: string) => {
  const r = await runMain(['status', '--json', '--drills'], { env: { CRISIS_LOG_DIR: logs } });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Array<Record<string, unknown>>;
};
const sessionIds = (logs: string) =>
  readdirSync(logs)
    .filter((f) => f.endsWith('.jsonl'))
    .map((f) => f.slice(0, -'.jsonl'.length));
const indexOf = (logs: string) =>
  JSON.parse(readFileSync(path.join(logs, STATUS_INDEX), 'utf8')) as { v: number; kind: string; sessions: unknown[][] };
/** Rewrite the operator of the one session in the index, leaving the log's stamp as it is. */
const forgeOperator = (logs: string, operator: string) => {
  const index = indexOf(logs);
  index.sessions[0]![7] = operator;
  writeFileSync(path.join(logs, STATUS_INDEX), JSON.stringify(index));
};

describe('status index', () => {
  it('is written by a listing, and a listing from it equals the listing from summaries and from a replay', async () => {
    const logs = tempDir('logs-');
    await drill(logs);
    await drill(logs);
    const first = await status(logs);
    const index = indexOf(logs);
    expect(index).toMatchObject({ v: 5, kind: 'crisis-status-index' });
    expect(index.sessions.map((e) => e[0]).sort()).toEqual(sessionIds(logs).sort());
    expect(await status(logs)).toEqual(first);
    // Without index and summaries, every log is replayed: the same rows.
    for (const f of readdirSync(logs))
      if (f.endsWith('.summary.json') || f === STATUS_INDEX) unlinkSync(path.join(logs, f));
    expect(await status(logs)).toEqual(first);
    expect(first).toHaveLength(2);
    expect(first[0]).toMatchObject({ crisis: 'product-quality', state: 'ended', intact: true });
  });

  it('is used while the log is untouched and its summary file there, and not once either changes', async () => {
    const logs = tempDir('logs-');
    await drill(logs);
    await status(logs);
    forgeOperator(logs, 'from the index');
    // The stamp still matches: the index stands for the summary (verify stays the authority).
    expect((await status(logs))[0]!.operator).toBe('from the index');

    // The summary file deleted: the log is replayed, and summary and index written again.
    const [id] = sessionIds(logs);
    const summary = path.join(logs, `${id}.summary.json`);
    unlinkSync(summary);
    expect((await status(logs))[0]!.operator).toBe('drill facilitator');
    expect(readFileSync(summary, 'utf8')).toContain('"operator":"drill facilitator"');
    expect(indexOf(logs).sessions[0]![7]).toBe('drill facilitator');

    // The log written again with the same bytes: same size, but its ctime moves on, so the entry is stale.
    forgeOperator(logs, 'from the index');
    expect((await status(logs))[0]!.operator).toBe('from the index');
    const log = path.join(logs, `${id}.jsonl`);
    writeFileSync(log, readFileSync(log));
    expect((await status(logs))[0]!.operator).toBe('drill facilitator');
  });

  it('is ignored when corrupt, foreign, a symlink, too odd, or about another session, and rebuilt', async () => {
    const logs = tempDir('logs-');
    await drill(logs);
    const good = await status(logs);
    const file = path.join(logs, STATUS_INDEX);
    const real = readFileSync(file, 'utf8');
    const [id] = sessionIds(logs);
    const forged = (edit: (row: unknown[]) => void) => {
      const index = JSON.parse(real) as { sessions: unknown[][] };
      const row = index.sessions[0]!;
      row[7] = 'forged';
      edit(row);
      return JSON.stringify(index);
    };
    // The index's own version, whatever it is now: a test written for "v":3 matched nothing once it was 5.
    const { v } = JSON.parse(real) as { v: number };
    const older = real.replace(`{"v":${v},`, `{"v":${v - 1},`);
    expect(older).not.toBe(real);
    const bad: Array<[string, string]> = [
      ['not JSON', `{"v":${v},`],
      ['another kind', real.replace('"kind":"crisis-status-index"', '"kind":"other"')],
      ['the version before', older],
      ['no sessions', `{"v":${v},"kind":"crisis-status-index","sessions":{}}`],
      ['a row filed under another id', forged((r) => (r[0] = '20260101-000000-other-0000'))],
      ['a row that is too short', forged((r) => r.pop())],
      ['a summary that does not add up', forged((r) => (r[11] = 'weird'))],
      ['a crisis id that is no id', forged((r) => (r[5] = '../../etc'))],
      ['a zone that is no zone name', forged((r) => (r[16] = '\u001b[31mAsia/Shanghai'))],
      ['more done than total', forged((r) => (r[12] = 1000))],
      ['a row that is too long', forged((r) => r.push('eb9b41ac'))],
      ['no events', forged((r) => (r[14] = 0))],
      ['the inode of another file', forged((r) => (r[1] = 1))],
      ['another size', forged((r) => (r[2] = 3))],
      ['another mtime', forged((r) => (r[3] = 0))],
      ['another ctime', forged((r) => (r[4] = 'now'))],
    ];
    for (const [what, text] of bad) {
      writeFileSync(file, text);
      expect(await status(logs), what).toEqual(good);
      expect(readFileSync(file, 'utf8'), what).toBe(real);
    }
    // A symlink to a forged index elsewhere: never followed, replaced by a real file.
    const elsewhere = path.join(tempDir(), 'index.json');
    writeFileSync(
      elsewhere,
      forged(() => undefined),
    );
    unlinkSync(file);
    symlinkSync(elsewhere, file);
    expect(await status(logs)).toEqual(good);
    expect(readFileSync(file, 'utf8')).toBe(real);
    expect(readFileSync(elsewhere, 'utf8')).toContain('forged');
    expect(listSummaries(logs, [id!]).summaries.get(id!)?.operator).toBe('drill facilitator');
  });

  it('drops sessions whose log is gone, and never turns a name that is not a session id into a path', async () => {
    const logs = tempDir('logs-');
    await drill(logs);
    await drill(logs);
    await status(logs);
    const [gone, kept] = sessionIds(logs).sort();
    unlinkSync(path.join(logs, `${gone}.jsonl`));
    const rows = await status(logs);
    expect(rows.map((r) => r.id)).toEqual([kept]);
    expect(indexOf(logs).sessions.map((e) => e[0])).toEqual([kept]);
    const listing = listSummaries(logs, ['../../etc/passwd', kept!]);
    expect([...listing.summaries.keys()]).toEqual([kept]);
  });
});
