import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LiveSession } from '../../src/drive/live-session.js';
import { GENESIS_HASH, parseStoredEvent, type EventDraft, type StoredEvent } from '../../src/session/events.js';
import { chainEvent } from '../../src/session/chain.js';
import { decide } from '../../src/session/decide.js';
import { replayContext } from '../../src/session/progress.js';
import { replay } from '../../src/session/replay.js';
import { ChainVerifier, hashEvent } from '../../src/session/verify.js';
import { FileEventLog, sessionPaths } from '../..//src/store/file-log.js';
import { FileStore } from '../..//src/store/file-store.js';
import { readLog, verifyLogFile } from '../..//src/store/log-reader.js';
import { sayIn } from '../../src/text/messages.js';
import { runCli } from '../helpers/run-cli.js';
import { Harness, MIN, SESSION_ID, T0, refusal, sessionPlan, startAction } from '../helpers/session-plan.js';
import { tempDir } from '../helpers/temp.js';

/**
 * A real ten-event log written by the file store, and the ways a line of it
 * can be tampered with. Each case says which line `verify` must name and a
 * word its message must hold.
 */
const plan = sessionPlan();
const OTHER_ID = '20260101-090000-sess-crisis-ffff';

async function writeRealLog(
  dir: string,
  id: string,
): Promise<{ file: string; lines: string[]; events: StoredEvent[] }> {
  const clock = {
    t: T0,
    now() {
      return this.t;
    },
  };
  const log = FileEventLog.create(dir, id, { pid: process.pid, host: 'verify-test' }, T0);
  const session = new LiveSession(plan, new FileStore(log), clock, 'alice');
  const act = (minutes: number, action: Parameters<LiveSession['act']>[0]) => {
    clock.t = T0 + minutes * MIN;
    return session.act(action);
  };
  await act(0, startAction(plan));
  await act(2, { type: 'complete', step: 'confirm', inputs: { 'affected-batches': 'B-7', 'safety-risk': true } });
  await act(3, { type: 'note', text: 'TODO: ring the lab' });
  await act(4, { type: 'complete', step: 'name-leads', inputs: { 'lead-name': 'Lee', 'spokesperson-name': 'Sam' } });
  await act(5, { type: 'assign', step: 'recall', to: 'Dana', checkBackInMs: 10 * MIN });
  await act(6, { type: 'handoff', role: 'legal', to: 'Lou' });
  await act(7, { type: 'complete', step: 'recall' });
  await act(8, { type: 'skip', step: 'apology', reason: 'not yet' });
  await act(9, { type: 'approve', step: 'holding-statement', approver: 'Lou' });
  await act(10, { type: 'issue', step: 'holding-statement', channels: { website: 'Batches B-7. Contact: Sam.' } });
  log.close();
  const file = log.paths.log;
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n').slice(0, -1);
  return { file, lines, events: lines.map((l) => JSON.parse(l) as StoredEvent) };
}

let dir: string;
let good: { file: string; lines: string[]; events: StoredEvent[] };
let other: { lines: string[] };

beforeAll(async () => {
  dir = tempDir('crisis-verify-');
  good = await writeRealLog(dir, SESSION_ID);
  other = await writeRealLog(tempDir('crisis-verify-other-'), OTHER_ID);
});

const join = (lines: string[]) => lines.map((l) => `${l}\n`).join('');
const flipInActor = (line: string) => line.replace('"actor":"alice"', '"actor":"alicf"');

type Tamper = {
  name: string;
  make: (lines: string[]) => string;
  line: number;
  words: string[];
  /** where a log read by its session id breaks, when that differs (its events must be that session's) */
  byIdLine?: number;
};

const TAMPERS: Tamper[] = [
  {
    name: 'one byte flipped in line 5',
    make: (l) => join(l.map((x, i) => (i === 4 ? flipInActor(x) : x))),
    line: 5,
    words: ['edited'],
  },
  { name: 'line 4 deleted', make: (l) => join(l.filter((_, i) => i !== 3)), line: 4, words: ['deleted'] },
  {
    name: 'line 3 duplicated',
    make: (l) => join([...l.slice(0, 3), l[2]!, ...l.slice(3)]),
    line: 4,
    words: ['duplicate'],
  },
  {
    name: 'lines 6 and 7 swapped',
    make: (l) => join([...l.slice(0, 5), l[6]!, l[5]!, ...l.slice(7)]),
    line: 6,
    words: [],
  },
  {
    name: 'the last line cut mid-line',
    make: (l) => join(l).slice(0, join(l).length - 1 - Math.floor(l[9]!.length / 2)),
    line: 10,
    words: ['torn'],
  },
  {
    name: "a line of another session's log appended",
    make: (l) => join([...l, other.lines[1]!]),
    line: 11,
    words: ['belongs to session', OTHER_ID],
  },
  {
    name: 'line 5 edited with its hash recomputed',
    make: (l) =>
      join(
        l.map((x, i) => {
          if (i !== 4) return x;
          const e = JSON.parse(flipInActor(x)) as StoredEvent;
          return JSON.stringify({ ...e, hash: hashEvent(e) });
        }),
      ),
    line: 6,
    words: ['chain broken'],
  },
  {
    name: 'line 2 replaced by garbage',
    make: (l) => join(l.map((x, i) => (i === 1 ? 'garbage' : x))),
    line: 2,
    words: ['not valid JSON'],
  },
  {
    name: 'line 8 replaced by an object that is not an event',
    make: (l) => join(l.map((x, i) => (i === 7 ? '{"v":1}' : x))),
    line: 8,
    words: ['not a valid event'],
  },
  {
    name: "line 1 replaced by the other session's line 1",
    make: (l) => join([other.lines[0]!, ...l.slice(1)]),
    line: 2,
    words: ['belongs to session', SESSION_ID],
    byIdLine: 1,
  },
];

describe('a real log', () => {
  it('has ten chained events from seq 1 and passes the verifier', async () => {
    expect(good.events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(good.events[0]!.prev).toBe(GENESIS_HASH);
    for (let i = 1; i < 10; i++) expect(good.events[i]!.prev).toBe(good.events[i - 1]!.hash);
    for (const e of good.events) expect(hashEvent(e)).toBe(e.hash);
    expect(await verifyLogFile(good.file)).toEqual({
      events: 10,
      lines: 10,
      break: undefined,
      session: SESSION_ID,
      torn: false,
      head: { seq: 10, hash: good.events[9]!.hash },
    });
  });

  it('the hash is over canonical JSON: key order does not matter, every value does', () => {
    const e = good.events[3]!;
    const reordered = Object.fromEntries(Object.entries(e).reverse()) as StoredEvent;
    expect(hashEvent(reordered)).toBe(e.hash);
    expect(hashEvent({ ...e, ts: '2026-01-01T09:04:00.001Z' })).not.toBe(e.hash);
    expect(
      hashEvent({ ...e, data: { facts: { ...(e.data as { facts: object }).facts, extra: 1 } } } as StoredEvent),
    ).not.toBe(e.hash);
  });
});

describe('tampering: verify names the first broken line', () => {
  it.each(TAMPERS)('$name -> line $line', async ({ make, line, words }) => {
    const file = path.join(tempDir('crisis-tamper-'), `${SESSION_ID}.jsonl`);
    writeFileSync(file, make(good.lines));
    const result = await verifyLogFile(file);
    expect(result.break?.line).toBe(line);
    expect(result.break?.message).toMatch(new RegExp(`^line ${line}: `));
    for (const word of words) expect(result.break?.message).toContain(word);
    expect(result.events).toBe(line - 1);
  });

  it('exact messages of the verifier for each kind of break', () => {
    const run = (lines: string[]) => {
      const v = new ChainVerifier();
      for (const l of lines) v.push(l);
      return v.break?.message;
    };
    const l = good.lines;
    expect(run([l[0]!, l[1]!, l[2]!, l[2]!])).toBe('line 4: duplicate of line 3');
    expect(run([l[0]!, l[1]!, l[2]!, l[4]!])).toBe('line 4: seq 5 where 4 was expected (1 line deleted before it)');
    // Issue 12 #10: two lines swapped are named as swapped, not as a deletion.
    expect(run([l[0]!, l[2]!, l[1]!])).toBe('line 2: lines 2 and 3 are swapped (seq 3 before seq 2: lines reordered)');
    expect(run([l[0]!, l[2]!])).toBe('line 2: seq 3 where 2 was expected (1 line deleted before it)');
    expect(run([l[0]!, l[1]!.replace(/}$/, ',"seq":2}')])).toBe(
      'line 2: holds a duplicate key (a second value hidden behind the hashed one: the line was edited)',
    );
    // Issue 12 #10: the bytes are the log. Padding and a duplicate key hiding forged text both break.
    expect(run([l[0]!, l[1]!.replace('"seq":2', '"seq": 2')])).toBe(
      'line 2: bytes differ from the form the tool writes (padding or reordered keys: the line was edited)',
    );
    expect(run([l[0]!, l[1]!.replace('"data":{', '"data":{"facts":{"forged":"<b>text</b>"},"data2":0,')])).toMatch(
      /^line 2: /,
    );
    const forged = l[1]!.replace('"data":', '"data":{"note":"forged: all clear"},"data":');
    expect(run([l[0]!, forged])).toBe(
      'line 2: holds a duplicate key (a second value hidden behind the hashed one: the line was edited)',
    );
    expect(run([l[0]!, `${l[1]!} `])).toMatch(/^line 2: bytes differ/);
    expect(run([l[0]!, flipInActor(l[1]!)])).toBe('line 2: content does not match its hash (the line was edited)');
    expect(run([l[0]!, other.lines[1]!])).toBe(
      `line 2: belongs to session ${OTHER_ID}, not ${SESSION_ID} (another log was appended)`,
    );
    expect(run([l[1]!])).toBe('line 1: seq 2 where 1 was expected (1 line deleted before it)');
  });

  // QA: `sed '2s/^{"v":1,"seq":2,/{"seq":2,"v":1,/'` verified as intact, though the message below promises
  // "reordered keys". The envelope's keys have one order, the one every writer has used; it is checked.
  it.each([
    ['v and seq swapped', (x: string) => x.replace(/^\{"v":1,"seq":2,/, '{"seq":2,"v":1,')],
    ['hash moved first', (x: string) => x.replace(/^\{(.*),("hash":"[0-9a-f]{64}")\}$/, '{$2,$1}')],
    ['data moved after prev', (x: string) => x.replace(/"data":(\{.*\}),("prev":"[0-9a-f]{64}")/, '$2,"data":$1')],
    ['session after type', (x: string) => x.replace(/("session":"[^"]*"),("type":"[^"]*")/, '$2,$1')],
  ])('envelope keys out of the writer order break the line: %s', (_what, reorder) => {
    const l = good.lines;
    const moved = reorder(l[1]!);
    expect(moved).not.toBe(l[1]);
    expect(JSON.parse(moved)).toEqual(JSON.parse(l[1]!));
    const v = new ChainVerifier();
    for (const line of [l[0]!, moved, l[2]!]) v.push(line);
    expect(v.break?.message).toBe(
      'line 2: bytes differ from the form the tool writes (padding or reordered keys: the line was edited)',
    );
  });

  // Keys inside `data` are written in the order the action made them (facts in the order they were answered);
  // the hash covers their canonical form and nothing records the order, so a reorder there is not told apart
  // from what a writer could have written: it verifies, and README says so. Pinned so a change is deliberate.
  it('keys reordered inside data change neither the hash nor the verdict (documented)', () => {
    const l = good.lines;
    const i = l.findIndex((x) => x.includes('"affected-batches":"B-7","safety-risk":true'));
    expect(i).toBeGreaterThan(0);
    const moved = l[i]!.replace(
      '"affected-batches":"B-7","safety-risk":true',
      '"safety-risk":true,"affected-batches":"B-7"',
    );
    const v = new ChainVerifier();
    for (const line of [...l.slice(0, i), moved, ...l.slice(i + 1)]) v.push(line);
    expect(v.break).toBeUndefined();
  });

  it('stops at the first break: later lines are not looked at', () => {
    const v = new ChainVerifier();
    expect(v.push('garbage')).toBeUndefined();
    expect(v.push(good.lines[0]!)).toBeUndefined();
    expect(v.seen).toEqual({ lines: 1, events: 0 });
    expect(v.break).toMatchObject({ line: 1, message: 'line 1: not valid JSON (the line was edited or cut)' });
  });

  it('the same breaks in Chinese: the reason is a catalogued sentence, its English is the message', () => {
    const run = (lines: string[]) => {
      const v = new ChainVerifier();
      for (const line of lines) v.push(line);
      expect(sayIn('en', v.break!.said)).toBe(v.break!.message);
      return sayIn('zh', v.break!.said);
    };
    const l = good.lines;
    expect(run([l[0]!, l[1]!, l[2]!, l[2]!])).toBe('第 4 行：与第 3 行重复');
    expect(run([l[0]!, l[1]!, l[2]!, l[4]!])).toBe('第 4 行：此处应为序号 4，实际为 5（之前有 1 行被删除）');
    expect(run([l[0]!, l[2]!, l[1]!])).toBe('第 2 行：第 2 行与第 3 行被调换（序号 3 在序号 2 之前：行序被打乱）');
    expect(run([l[0]!, flipInActor(l[1]!)])).toBe('第 2 行：内容与其哈希值不符（该行被改动过）');
    expect(run([l[0]!, other.lines[1]!])).toBe(
      `第 2 行：属于会话 ${OTHER_ID}，而不是 ${SESSION_ID}（混入了另一份日志）`,
    );
    expect(run(['garbage'])).toBe('第 1 行：不是有效的 `JSON`（该行被改动或截断）');
    expect(run([l[0]!, l[1]!.replace('"seq":2', '"seq": 2')])).toBe(
      '第 2 行：字节与本工具写入的格式不同（有填充或键的顺序被调换：该行被改动过）',
    );
  });

  it.each(TAMPERS.filter((t) => !t.words.includes('torn')))(
    'readLog (resume, status) breaks at the same line: $name',
    ({ make, line: fileLine, byIdLine }) => {
      const line = byIdLine ?? fileLine;
      const d = tempDir('crisis-tamper-read-');
      writeFileSync(path.join(d, `${SESSION_ID}.jsonl`), make(good.lines));
      const loaded = readLog(sessionPaths(d, SESSION_ID), false);
      expect(loaded.break?.line).toBe(line);
      expect(loaded.events).toHaveLength(line - 1);
    },
  );
});

describe('crisis verify <file.jsonl> (the built CLI)', () => {
  it('exits 0 on an intact log and says how many events', async () => {
    const r = await runCli(['verify', good.file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`✓ ${good.file}: 10 events, hash chain intact\n  chain head 10:${good.events[9]!.hash}\n`);
    expect(r.stderr).toBe('');
  });

  it('--json says ok with the count', async () => {
    const r = await runCli(['verify', good.file, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      file: good.file,
      ok: true,
      events: 10,
      head: `10:${good.events[9]!.hash}`,
      break: null,
    });
  });

  it.each(TAMPERS.slice(0, 6))('exits 1 and names the line: $name', async ({ make, line, words }) => {
    const file = path.join(tempDir('crisis-tamper-cli-'), `${SESSION_ID}.jsonl`);
    writeFileSync(file, make(good.lines));
    const r = await runCli(['verify', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`✗ ${file}: line ${line}: `);
    for (const word of words) expect(r.stdout).toContain(word);
    expect(r.stdout).toContain(`(${line - 1} good ${line === 2 ? 'event' : 'events'} before it)`);
  });

  it('exits 1 on a line whose envelope keys were reordered (QA: sed swapped "v" and "seq")', async () => {
    const file = path.join(tempDir('crisis-tamper-order-'), 're.jsonl');
    writeFileSync(
      file,
      join(good.lines.map((x, i) => (i === 1 ? x.replace('{"v":1,"seq":2,', '{"seq":2,"v":1,') : x))),
    );
    const r = await runCli(['verify', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      `✗ ${file}: line 2: bytes differ from the form the tool writes (padding or reordered keys: the line was edited)` +
        ` (1 good event before it)\n  chain head 1:${good.events[0]!.hash} (last good event)\n`,
    );
  });

  it('exits 1 on an empty log, and 2 on a missing one', async () => {
    const d = tempDir('crisis-tamper-empty-');
    const file = path.join(d, `${SESSION_ID}.jsonl`);
    writeFileSync(file, '');
    const empty = await runCli(['verify', file]);
    expect(empty.code).toBe(1);
    expect(empty.stdout).toContain('line 1: the log is empty');
    const missing = await runCli(['verify', SESSION_ID], { env: { CRISIS_LOG_DIR: tempDir('crisis-none-') } });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('error: no session log');
  });
});

describe('a log written before handoffs named what they replace', () => {
  it('still verifies and replays; a new handoff on it is checked against the holding the log gives', async () => {
    // role.handoff without `replaces`, as every log before team-mode handoff checks has it.
    const h = Harness.started();
    h.act({ type: 'complete', step: 'name-leads', inputs: { 'lead-name': 'Lee', 'spokesperson-name': 'Sam' } });
    const old = h.draft({ type: 'handoff', role: 'spokesperson', to: 'Kim' }, 'bob');
    if (old.type !== 'role.handoff') throw new Error(old.type);
    const { replaces: _, ...oldData } = old.data;
    let head = { seq: 0, hash: GENESIS_HASH };
    const events = [...h.store.events.map(({ hash: _h, prev: _p, seq: _s, v: _v, session: _x, ...d }) => d)];
    const lines: string[] = [];
    for (const draft of [...events, { ...old, data: oldData }] as EventDraft[]) {
      const event = chainEvent(SESSION_ID, draft, head);
      head = { seq: event.seq, hash: event.hash };
      lines.push(JSON.stringify(event));
    }
    expect(lines[2]).toContain('"data":{"role":"spokesperson","from":"Sam","to":"Kim"},');
    const file = path.join(tempDir('crisis-old-handoff-'), `${SESSION_ID}.jsonl`);
    writeFileSync(file, lines.map((l) => `${l}\n`).join(''));
    const r = await runCli(['verify', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${file}: 3 events, hash chain intact`);
    const read = lines.map((l) => parseStoredEvent(JSON.parse(l)).event!);
    const state = replay(read, replayContext(plan));
    expect(state.roles['spokesperson']).toBe('Kim');
    expect(state.heldSince['spokesperson']).toEqual({ seq: 3, at: T0, by: 'bob', how: 'handoff' });
    const refused = refusal(() =>
      decide(
        { plan, state, now: T0, actor: 'carol' },
        { type: 'handoff', role: 'spokesperson', to: 'Ann', replaces: 2 },
      ),
    );
    expect(refused).toMatchObject({
      code: 'role.changed',
      message: expect.stringContaining('handed over to Kim by bob'),
    });
  });
});
