/**
 * The work of a `status` listing, counted (never timed): with a fresh index,
 * listing N sessions reads one file (the index) and lstats each log once. No
 * summary file or log is opened, nothing is written. A stale entry costs
 * that one session its summary file and the tail of its log, not the others.
 */
import { appendFileSync, lstatSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { listSummaries, STATUS_INDEX } from '../../src/store/status-index.js';
import { sessionIdsIn } from '../../src/store/session-files.js';
import { tempDir } from '../helpers/temp.js';

/** The fs calls the listing makes, by kind, with the base name of the path. */
const seen = vi.hoisted(() => ({ calls: [] as string[] }));

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const base = (p: unknown) => String(p).split('/').pop()!;
  // Each call is recorded as `<what> <base name>` (open, readFile, lstat, ...), then made for real.
  const spy =
    <A extends unknown[]>(what: string, call: (file: string, ...rest: A) => unknown, named: 0 | 1 = 0) =>
    (...args: [string, ...A]) => {
      seen.calls.push(`${what} ${base(args[named])}`);
      return call(...args);
    };
  return {
    ...fs,
    // an open is recorded once it succeeded
    openSync: (file: string, ...rest: unknown[]) => {
      const fd = (fs.openSync as (...a: unknown[]) => number)(file, ...rest);
      seen.calls.push(`open ${base(file)}`);
      return fd;
    },
    readFileSync: spy('readFile', fs.readFileSync as (file: string, ...rest: unknown[]) => unknown),
    lstatSync: spy('lstat', fs.lstatSync as (file: string, ...rest: unknown[]) => unknown),
    statSync: spy('stat', fs.statSync as (file: string, ...rest: unknown[]) => unknown),
    readdirSync: spy('readdir', fs.readdirSync as (file: string, ...rest: unknown[]) => unknown),
    writeFileSync: spy('writeFile', fs.writeFileSync as (file: string, ...rest: unknown[]) => unknown),
    renameSync: spy('rename', fs.renameSync as (file: string, ...rest: unknown[]) => unknown, 1),
  };
});

const N = 40;
const ids = Array.from(
  { length: N },
  (_, i) => `20260101-0000${String(i).padStart(2, '0')}-product-quality-${(0x1000 + i).toString(16)}`,
);

/** N sessions, each a log whose last line has a seq and hash, and a summary file that matches it. */
function sessions(): string {
  const dir = tempDir('logs-');
  mkdirSync(dir, { recursive: true });
  for (const [i, id] of ids.entries()) {
    const hash = i.toString(16).padStart(64, '0');
    const log = `${JSON.stringify({ seq: 1, type: 'session.started' })}\n${JSON.stringify({ seq: 2, hash })}\n`;
    writeFileSync(path.join(dir, `${id}.jsonl`), log);
    // the log as the summary saw it: a summary is believed only for that very file, unchanged
    const st = lstatSync(path.join(dir, `${id}.jsonl`));
    const summary = {
      v: 3,
      session: id,
      crisis: 'product-quality',
      severity: 'high',
      operator: 'drill facilitator',
      drill: null,
      startedAt: Date.UTC(2026, 0, 1),
      lastAt: Date.UTC(2026, 0, 1, 1),
      state: 'ended',
      progress: { done: 3, total: 5 },
      events: 2,
      seq: 2,
      hash,
      size: Buffer.byteLength(log),
      stamp: [st.ino, st.mtimeMs, st.ctimeMs],
    };
    writeFileSync(path.join(dir, `${id}.summary.json`), JSON.stringify(summary));
  }
  return dir;
}

/** One listing as `status` makes it (one readdir, then the index), its fs calls counted. */
function listing(dir: string) {
  seen.calls.length = 0;
  const names = readdirSync(dir);
  const listed = listSummaries(dir, sessionIdsIn(names), names);
  listed.save();
  const calls = seen.calls.filter((c) => !c.startsWith('readdir '));
  return { listed, calls };
}

const count = (calls: string[], pattern: RegExp) => calls.filter((c) => pattern.test(c)).length;

describe('status listing: the work per session', () => {
  beforeEach(() => {
    seen.calls.length = 0;
  });

  it(`with a fresh index, ${N} sessions: one file read (the index), one lstat per log, nothing opened per session, nothing written`, () => {
    const dir = sessions();
    // The first listing has no index: it reads every summary file and writes the index.
    const first = listing(dir);
    expect(first.listed.summaries.size).toBe(N);
    expect(count(first.calls, /^open .*\.summary\.json$/)).toBe(N);
    expect(count(first.calls, new RegExp(`^rename ${STATUS_INDEX.replace('.', '\\.')}$`))).toBe(1);

    const { listed, calls } = listing(dir);
    expect([...listed.summaries.keys()]).toEqual([...ids].reverse());
    expect(listed.summaries.get(ids[0]!)).toMatchObject({ crisis: 'product-quality', progress: { done: 3, total: 5 } });
    expect(calls.filter((c) => c.startsWith('open '))).toEqual([`open ${STATUS_INDEX}`]);
    expect(count(calls, /^lstat .*\.jsonl$/)).toBe(N);
    expect(calls).toHaveLength(N + 1);
  });

  it('a log that moved on costs its own summary file and log tail, and the index is written once', () => {
    const dir = sessions();
    listing(dir);
    const moved = ids[7]!;
    appendFileSync(path.join(dir, `${moved}.jsonl`), `${JSON.stringify({ seq: 3, hash: 'f'.repeat(64) })}\n`);
    const { listed, calls } = listing(dir);
    // Its summary no longer matches the log's last line: not listed from anything saved (status replays it).
    expect(listed.summaries.has(moved)).toBe(false);
    expect(listed.summaries.size).toBe(N - 1);
    expect(calls.filter((c) => c.startsWith('open ') && !c.endsWith('.tmp'))).toEqual([
      `open ${STATUS_INDEX}`,
      `open ${moved}.summary.json`,
      `open ${moved}.jsonl`,
    ]);
    expect(count(calls, /^lstat /)).toBe(N + 1);
    // The index written again (a temp file renamed over it), once.
    expect(count(calls, /^open \..*\.tmp$/)).toBe(1);
    expect(count(calls, /^rename /)).toBe(1);
  });
});
