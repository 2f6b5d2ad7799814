import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN } from '../helpers/paths.js';
import { cleanEnv, runCli, spawnCollect, type CliResult } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp.js';

/**
 * The crash test: a scripted session is killed with SIGKILL at many points
 * (seeded, so a failure can be replayed). After each kill `crisis verify`
 * passes on what is on disk, and the next `crisis resume` keeps every line
 * that was there byte for byte. A last resume finishes the session.
 *
 * The playbook is generated and long (600 steps, 20 approved statements) so
 * that the writing phase of each run is wide enough to be hit at many points.
 */

const PHASES = 20;
const STEPS_PER_PHASE = 30;
const KILLS = 20;
const SEED = 0x5eed_c0de;

function bigPlaybook(): string {
  const out = ['id: crash-drill', 'kind: crisis', 'title: Crash drill', 'severity: { default: medium }', 'phases:'];
  for (let p = 0; p < PHASES; p++) {
    out.push(`  - id: phase-${p}`, `    title: Phase ${p}`, '    steps:');
    for (let s = 0; s < STEPS_PER_PHASE; s++) {
      out.push(
        `      - id: s-${p}-${s}`,
        `        title: Step ${p}.${s}`,
        '        inputs:',
        `          - { id: f-${p}-${s}, label: Value ${p}.${s}, type: text, required: true }`,
      );
    }
    out.push(
      `      - id: st-${p}`,
      `        title: Statement ${p}`,
      '        approve-by: legal',
      '        statement:',
      `          website: "Phase ${p}: {{f-${p}-0}}"`,
    );
  }
  return `${out.join('\n')}\n`;
}

/** mulberry32: a tiny seeded PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The logs live on a RAM disk when there is one: SIGKILL kills the process,
 * not the machine, so what is in the page cache is what a crash leaves either
 * way, and a RAM disk keeps fsync from dominating the run time.
 */
function scratchDir(): string {
  for (const base of ['/dev/shm', tmpdir()]) {
    try {
      return mkdtempSync(path.join(base, 'crisis-crash-'));
    } catch {
      /* try the next */
    }
  }
  throw new Error('no temp dir');
}
const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  /** what the kill was timed from, and when */
  killedAfter?: string;
  /** ms from spawn until the log grew, when the kill waited for that */
  startup?: number;
}

describe('crash: SIGKILL at many points, then verify and resume', () => {
  it(
    `${KILLS} kills of a scripted session; every line on disk survives each resume; the session finishes`,
    { timeout: 120_000 },
    async () => {
      const root = scratchDir();
      scratch.push(root);
      const logDir = path.join(root, 'logs');
      const playbooks = path.join(root, 'playbooks');
      mkdirSync(path.join(playbooks, 'crises'), { recursive: true });
      writeFileSync(path.join(playbooks, 'crises', 'crash-drill.yaml'), bigPlaybook());
      const answers = path.join(root, 'answers.yaml');
      writeFileSync(answers, 'operator: crash\nunlisted: done\nresponses: []\n');
      const env = cleanEnv(tempDir('crisis-crash-home-'), { CRISIS_LOG_DIR: logDir });
      const random = prng(SEED);

      let id: string | undefined;
      const logFile = () => path.join(logDir, `${id}.jsonl`);
      const sizeOf = () => {
        try {
          return id ? statSync(logFile()).size : -1;
        } catch {
          return -1;
        }
      };
      const findSession = () => {
        const f = existsSync(logDir) ? readdirSync(logDir).find((n) => n.endsWith('.jsonl')) : undefined;
        return f?.slice(0, -'.jsonl'.length);
      };

      /**
       * Run start or resume and SIGKILL it: either `delay` ms after the log
       * first grows in this run (mid-writing), or `delay` ms after the spawn
       * (anywhere: start-up, lock, repair, writing).
       */
      const runAndKill = async (args: string[], delay: number, from: 'growth' | 'spawn'): Promise<Run> => {
        const before = sizeOf();
        let pid = -1;
        const exited = spawnCollect(process.execPath, [BIN, '--playbooks', playbooks, ...args], {
          cwd: root,
          env,
          timeoutMs: 120_000,
          onSpawn: (p) => (pid = p),
        }).then(({ code, signal, stderr }): Run => ({ code, signal, stderr }));
        let done = false;
        void exited.then(() => (done = true));
        let killedAfter: string | undefined;
        let startup: number | undefined;
        if (from === 'spawn') {
          await sleep(delay);
          killedAfter = `${delay}ms after spawn`;
        } else {
          const t0 = Date.now();
          for (;;) {
            if (done) break;
            id ??= findSession();
            if (id && sizeOf() > Math.max(before, 0)) break;
            if (Date.now() - t0 > 30_000) throw new Error('the log never grew');
            await sleep(1);
          }
          startup = Date.now() - t0;
          await sleep(delay);
          killedAfter = `${delay}ms after the log grew`;
        }
        if (!done) process.kill(pid, 'SIGKILL');
        const run = await exited;
        return { ...run, killedAfter, startup };
      };

      /** The log as it is on disk: the whole lines (acknowledged events) and a torn tail, if any. */
      const snapshot = () => {
        const bytes = readFileSync(logFile());
        const whole = bytes.subarray(0, bytes.lastIndexOf(0x0a) + 1);
        return { whole, tail: bytes.subarray(whole.length) };
      };

      let acknowledged = Buffer.alloc(0);
      const tornTails: Buffer[] = [];
      const history: string[] = [];
      const verifies: Array<Promise<{ what: string; torn: boolean; result: CliResult }>> = [];
      let kills = 0;
      let finisher: Run | undefined;
      let resumes = 0;

      /** how long a run takes to start writing, measured on the first one */
      let startup = 300;
      for (let i = 0; i < KILLS; i++) {
        // mostly mid-writing; every fourth kill anywhere from the spawn to just after writing begins
        const anywhere = i % 4 === 3;
        const delay = anywhere ? 5 + Math.floor(random() * (startup + 20)) : Math.floor(random() * 10);
        const args = i === 0 ? ['start', 'crash-drill', '--answers', answers] : ['resume', id!, '--answers', answers];
        if (i > 0) resumes += 1;
        const run = await runAndKill(args, delay, i === 0 ? 'growth' : anywhere ? 'spawn' : 'growth');
        if (i === 0 && run.startup !== undefined) startup = run.startup;
        id ??= findSession();
        expect(id, 'the first run created a session').toBeDefined();
        if (run.signal !== 'SIGKILL') {
          // the session finished before the kill landed: nothing left to interrupt
          history.push(`#${i} exited ${run.code} before the kill`);
          // the kill can land after the previous run wrote session.ended: then this resume is told so
          const endedBefore = run.code === 2 && run.stderr.includes('has ended');
          expect(run.code === 0 || endedBefore, run.stderr).toBe(true);
          finisher = run;
          break;
        }
        kills += 1;
        const { whole, tail } = snapshot();
        history.push(
          `#${i} killed ${run.killedAfter}: ${whole.toString().split('\n').length - 1} whole lines${tail.length ? `, torn tail of ${tail.length} bytes` : ''}`,
        );

        // every line acknowledged before this run is still there, byte for byte
        expect(whole.subarray(0, acknowledged.length).equals(acknowledged), `prefix after ${history.at(-1)}`).toBe(
          true,
        );
        acknowledged = Buffer.from(whole);

        // `crisis verify` on a copy of what the kill left, while the next run goes on
        const snapDir = path.join(root, 'snapshots', String(i));
        mkdirSync(snapDir, { recursive: true });
        const snap = path.join(snapDir, `${id}.jsonl`);
        writeFileSync(snap, Buffer.concat([whole, tail]));
        const what = history.at(-1)!;
        verifies.push(
          runCli(['verify', snap], { cwd: root }).then((result) => ({ what, torn: tail.length > 0, result })),
        );
        if (tail.length > 0) tornTails.push(Buffer.from(tail));
      }
      for (const { what, torn, result } of await Promise.all(verifies)) {
        if (!torn) {
          expect(result.code, `${what}\n${result.stdout}${result.stderr}`).toBe(0);
          expect(result.stdout).toContain('hash chain intact');
        } else {
          // a write cut off mid-line: verify names it; the next resume moved it aside
          expect(result.code, what).toBe(1);
          expect(result.stdout).toContain('torn');
        }
      }

      // the last resume runs to the end (unless a run already finished the session: an ended
      // session is not resumable, exit 2, so the run that finished it stands for the last resume)
      const final =
        finisher ??
        (await runCli(['--playbooks', playbooks, 'resume', id!, '--answers', answers], {
          cwd: root,
          env: { CRISIS_LOG_DIR: logDir },
          timeoutMs: 60_000,
        }));
      history.push(`final resume exited ${final.code}`);
      const endedEarlier = final.code === 2 && final.stderr.includes('has ended');
      expect(final.code === 0 || endedEarlier, `${history.join('\n')}\n${final.stderr}`).toBe(true);
      if (kills > 0 && !endedEarlier) expect(final.stderr).toContain('note: took over a stale lock left by pid');

      const { whole, tail } = snapshot();
      expect(tail.length).toBe(0);
      expect(
        whole.subarray(0, acknowledged.length).equals(acknowledged),
        'every acknowledged line survives the final resume',
      ).toBe(true);
      for (const torn of tornTails) expect(readFileSync(`${logFile()}.torn`).includes(torn)).toBe(true);

      const verify = await runCli(['verify', id!], { cwd: root, env: { CRISIS_LOG_DIR: logDir } });
      expect(verify.code, verify.stdout).toBe(0);

      const events = whole
        .toString()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { seq: number; type: string; step?: string; data: { forced?: boolean } });
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
      expect(events[0]!.type).toBe('session.started');
      expect(events.at(-1)!.type).toBe('session.ended');
      expect(events.filter((e) => e.type === 'session.started')).toHaveLength(1);
      expect(events.filter((e) => e.type === 'session.ended')).toHaveLength(1);
      // SIGKILL leaves no pause marker; every resume that got as far as writing left one resumed marker, never forced
      expect(events.filter((e) => e.type === 'session.paused')).toHaveLength(0);
      const resumed = events.filter((e) => e.type === 'session.resumed');
      expect(resumed.length).toBeGreaterThan(0);
      expect(resumed.length).toBeLessThanOrEqual(resumes + 1);
      expect(resumed.every((e) => !e.data.forced)).toBe(true);
      // no step was closed twice across the crashes, and every step is closed. `unlisted: done` in a
      // live session invents no facts and approves nothing: a step whose required input nobody gave,
      // and a statement without a named approver, are skipped with a written reason.
      const closed = events
        .filter((e) => e.type === 'step.completed' || e.type === 'statement.issued' || e.type === 'step.skipped')
        .map((e) => e.step);
      expect(new Set(closed).size).toBe(closed.length);
      expect(closed).toHaveLength(PHASES * (STEPS_PER_PHASE + 1));
      const skipped = events.filter((e) => e.type === 'step.skipped');
      expect(skipped.every((e) => ((e.data as { reason?: string }).reason ?? '').length > 0)).toBe(true);
      expect(events.filter((e) => e.type === 'statement.issued' || e.type === 'statement.approved')).toHaveLength(0);
      // the kills really landed at many different points
      expect(kills, history.join('\n')).toBeGreaterThanOrEqual(10);
      expect(existsSync(path.join(logDir, `${id}.lock`))).toBe(false);
    },
  );
});
