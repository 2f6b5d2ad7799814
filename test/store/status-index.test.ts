/**
 * The status index: one file in the log dir holding every session's summary,
 * used for a session only while its log and summary file are the very files
 * the entry was made from. A stale, foreign or corrupt index (or entry) is
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
  JSON.parse(readFileSync(path.join(logs, STATUS_INDEX), 'utf8')) as {
    v: number;
    kind: string;
    entries: Array<{ id: string; s: Record<string, unknown> }>;
  };
/** Rewrite one field of the one entry's summary in the index, leaving its file stamps as they are. */
const forgeOperator = (logs: string, operator: string) => {
  const index = indexOf(logs);
  index.entries[0]!.s.operator = operator;
  writeFileSync(path.join(logs, STATUS_INDEX), JSON.stringify(index));
};

describe('status index', () => {
  it('is written by a listing, and a listing from it equals the listing from summaries and from a replay', async () => {
    const logs = tempDir('logs-');
    await drill(logs);
    await drill(logs);
    const first = await status(logs);
    const index = indexOf(logs);
    expect(index).toMatchObject({ v: 1, kind: 'crisis-status-index' });
    expect(index.entries.map((e) => e.id).sort()).toEqual(sessionIds(logs).sort());
    expect(await status(logs)).toEqual(first);
    // Without index and summaries, every log is replayed: the same rows.
    for (const f of readdirSync(logs))
      if (f.endsWith('.summary.json') || f === STATUS_INDEX) unlinkSync(path.join(logs, f));
    expect(await status(logs)).toEqual(first);
    expect(first).toHaveLength(2);
    expect(first[0]).toMatchObject({ crisis: 'product-quality', state: 'ended', intact: true });
  });

  it('is used while log and summary are untouched, and not once either changes', async () => {
    const logs = tempDir('logs-');
    await drill(logs);
    await status(logs);
    forgeOperator(logs, 'from the index');
    // The stamps still match: the index stands for the summary (verify stays the authority).
    expect((await status(logs))[0]!.operator).toBe('from the index');

    // The summary file rewritten (same bytes, new file): its stamp moves, so the summary file is read again.
    const [id] = sessionIds(logs);
    const summary = path.join(logs, `${id}.summary.json`);
    const text = readFileSync(summary, 'utf8');
    unlinkSync(summary);
    writeFileSync(summary, text);
    expect((await status(logs))[0]!.operator).toBe('drill facilitator');

    // The log grows: entry and summary are both stale, the log is replayed.
    forgeOperator(logs, 'from the index');
    const log = path.join(logs, `${id}.jsonl`);
    const lines = readFileSync(log, 'utf8');
    writeFileSync(log, lines); // same bytes, but written: the ctime moves on
    expect((await status(logs))[0]!.operator).toBe('drill facilitator');
  });

  it('is ignored when corrupt, foreign, a symlink, too odd, or about another session, and rebuilt', async () => {
    const logs = tempDir('logs-');
    await drill(logs);
    const good = await status(logs);
    const file = path.join(logs, STATUS_INDEX);
    const real = readFileSync(file, 'utf8');
    const [id] = sessionIds(logs);
    const forged = (edit: (entry: Record<string, unknown>) => void) => {
      const index = JSON.parse(real) as { entries: Array<Record<string, unknown>> };
      const entry = index.entries[0]!;
      (entry.s as Record<string, unknown>).operator = 'forged';
      edit(entry);
      return JSON.stringify(index);
    };
    const bad: Array<[string, string]> = [
      ['not JSON', '{"v":1,'],
      ['another kind', real.replace('"kind":"crisis-status-index"', '"kind":"other"')],
      ['another version', real.replace('"v":1,"kind"', '"v":2,"kind"')],
      ['no entries', '{"v":1,"kind":"crisis-status-index","entries":{}}'],
      ['an entry filed under another id', forged((e) => (e.id = '20260101-000000-other-0000'))],
      ['a summary of another session', forged((e) => ((e.s as Record<string, unknown>).session = 'x'))],
      ['a summary that does not add up', forged((e) => ((e.s as Record<string, unknown>).state = 'weird'))],
      ['a stamp of another file', forged((e) => ((e.log as number[])[0] = 1))],
      ['a stamp that is no stamp', forged((e) => (e.sum = 'now'))],
      ['a size that is not the log', forged((e) => ((e.s as Record<string, unknown>).size = 3))],
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
    expect(indexOf(logs).entries.map((e) => e.id)).toEqual([kept]);
    const listing = listSummaries(logs, ['../../etc/passwd', kept!]);
    expect([...listing.summaries.keys()]).toEqual([kept]);
  });
});
