import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { chainEvent } from '../../src/session/chain.js';
import type { EventDraft, StoredEvent } from '../../src/session/events.js';
import { GENESIS_HASH } from '../../src/session/log-format.js';
import { ChainVerifier } from '../../src/session/verify.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp.js';

/**
 * A log chained again by hand (every hash and prev recomputed) is still held to the order every writer keeps:
 * it starts with session.started and has no second one, and after session.ended only notes, decisions and review
 * answers follow. QA re-chained four such logs: `verify` said intact while `log`, `status`, `review` and `resume`
 * rejected the first. Times going backwards are noted, not a break (clock steps happen, and team members' clocks
 * differ).
 */
const ZEROS = GENESIS_HASH;
let events: StoredEvent[];
let session: string;
let cwd: string;
let env: Record<string, string>;

beforeAll(async () => {
  cwd = tempDir();
  env = { CRISIS_LOG_DIR: path.join(cwd, 'logs') };
  const run = await runCli(['drill', 'product-quality-batch-defect'], { cwd, env });
  expect(run.code, run.stderr).toBe(0);
  const name = readdirSync(env.CRISIS_LOG_DIR!).find((f) => f.endsWith('.jsonl'))!;
  session = name.replace(/\.jsonl$/, '');
  events = readFileSync(path.join(env.CRISIS_LOG_DIR!, name), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as StoredEvent);
  expect(events[0]!.type).toBe('session.started');
  expect(events.at(-1)!.type).toBe('session.ended');
});

/** The events chained again from the genesis, as someone with the tool's code would (every hash valid). */
function rechain(list: readonly StoredEvent[]): string[] {
  let head = { seq: 0, hash: ZEROS };
  return list.map((e) => {
    const draft = { type: e.type, ts: e.ts, actor: e.actor, step: e.step, data: e.data } as EventDraft;
    const c = chainEvent(session, draft, head);
    head = { seq: c.seq, hash: c.hash };
    return JSON.stringify(c);
  });
}

const note = (ts: string): StoredEvent => ({ ...events[0]!, type: 'note.added', data: { text: 'after' }, ts });

type Case = { list: StoredEvent[]; line: number; message: string };
const CASES: Array<[string, () => Case]> = [
  [
    'no session.started first',
    () => ({
      list: events.slice(1),
      line: 1,
      message: `line 1: the log starts with ${events[1]!.type}, not session.started (its start was cut off and the rest chained again)`,
    }),
  ],
  [
    'a second session.started mid-log',
    () => ({
      list: [events[0]!, events[1]!, events[0]!, ...events.slice(2)],
      line: 3,
      message: 'line 3: a second session.started (the session started at line 1: another start was spliced in)',
    }),
  ],
  [
    'a step completed after session.ended',
    () => ({
      list: [...events, { ...events[1]!, ts: events.at(-1)!.ts }],
      line: events.length + 1,
      message:
        `line ${events.length + 1}: ${events[1]!.type} after the session ended at line ${events.length} ` +
        '(only notes, decisions and review answers follow the end)',
    }),
  ],
];

describe('verify holds a re-chained log to the order every writer keeps', () => {
  it.each(CASES)('%s: the verifier breaks at that line', (_what, make) => {
    const { list, line, message } = make();
    const v = new ChainVerifier();
    for (const l of rechain(list)) v.push(l);
    expect(v.break?.message).toBe(message);
    expect(v.seen.events).toBe(line - 1);
  });

  it.each(CASES)('%s: crisis verify exits 1 naming the line, as log refuses it', async (_w, make) => {
    const { list, line, message: m } = make();
    const dir = tempDir();
    const file = path.join(dir, `${session}.jsonl`);
    writeFileSync(file, rechain(list).join('\n') + '\n');
    const verify = await runCli(['verify', session], { cwd, env: { CRISIS_LOG_DIR: dir } });
    expect(verify.code).toBe(1);
    expect(verify.stdout.split('\n')[0]).toBe(
      `✗ ${file}: ${m} (${line - 1} good ${line === 2 ? 'event' : 'events'} before it)`,
    );
    const log = await runCli(['log', session], { cwd, env: { CRISIS_LOG_DIR: dir } });
    expect(log.code).toBe(1);
  });

  it('notes, decisions and review answers after the end verify (the review walk records them)', () => {
    const v = new ChainVerifier();
    for (const l of rechain([...events, note(events.at(-1)!.ts)])) v.push(l);
    expect(v.break).toBeUndefined();
    expect(v.seen.events).toBe(events.length + 1);
  });

  it('a time earlier than the line before is noted with its line, not a break (exit 0)', async () => {
    const back = events.map((e, i) => (i === 2 ? { ...e, ts: '2020-01-01T00:00:00.000Z' } : e));
    const dir = tempDir();
    const file = path.join(dir, `${session}.jsonl`);
    writeFileSync(file, rechain(back).join('\n') + '\n');
    const r = await runCli(['verify', session], { cwd, env: { CRISIS_LOG_DIR: dir } });
    expect(r.code, r.stdout).toBe(0);
    const ago = Date.parse(events[1]!.ts) - Date.parse('2020-01-01T00:00:00.000Z');
    expect(ago).toBeGreaterThan(0);
    expect(r.stdout).toMatch(
      /\n {2}note: line 3 is timed \S+ before a line above it \(a clock step, or another machine's clock\): not a break\n$/,
    );
    const json = await runCli(['verify', session, '--json'], { cwd, env: { CRISIS_LOG_DIR: dir } });
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: true, clockBack: { line: 3, ms: ago } });
  });

  it('compares times of another precision by their instant: 09:00:00Z is before 09:00:00.500Z, not after', () => {
    const at = (ts: string[]) => {
      const v = new ChainVerifier();
      const list = events.slice(0, ts.length).map((e, i) => ({ ...e, ts: ts[i]! }));
      for (const l of rechain(list)) v.push(l);
      expect(v.break).toBeUndefined();
      return v.clockBack;
    };
    // as text, '2026-01-01T09:00:00.500Z' < '2026-01-01T09:00:00Z' ('.' sorts before 'Z')
    expect(at(['2026-01-01T09:00:00Z', '2026-01-01T09:00:00.500Z', '2026-01-01T09:00:01Z'])).toBeUndefined();
    expect(at(['2026-01-01T09:00:00.500Z', '2026-01-01T09:00:00Z'])).toEqual({ line: 2, ms: 500 });
    expect(at(['2026-01-01T09:00:02.000Z', '2026-01-01T09:00:01.250Z', '2026-01-01T09:00:03Z'])).toEqual({
      line: 2,
      ms: 750,
    });
  });
});
