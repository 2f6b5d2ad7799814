/**
 * Signals: SIGINT, SIGTERM and SIGHUP sent (with kill, as a closing SSH
 * session, a supervisor or a Ctrl-C on the process group would) during a
 * prompt, during a run of writes and during an export. After every one the
 * log must verify, every line written before it must still be there byte for
 * byte, and the session must be resumable (`crisis resume` runs to exit 0,
 * taking over the lock if the process had no chance to release it).
 *
 * The kill moments during writes are seeded (FUZZ_SEED), so a failure
 * replays. SIGKILL at many points is the subject of
 * test/e2e/session-crash.test.ts.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyLogFile } from '../../src/store/log-reader.js';
import { FIXTURE_FILES } from '../helpers/fixtures.js';
import { tempDir, writeFiles } from '../helpers/temp.js';
import { fuzzSeed, prng } from './fuzz-gen.js';
import {
  crisis,
  hasTmux,
  lockPid,
  readEvents,
  removeScratch,
  scratchDir,
  sessionIdOf,
  shellLine,
  sleep,
  stackLines,
  terminalEnv,
  Tmux,
  waitExit,
  waitFile,
  type Run,
} from './helpers.js';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const WRITE_ROUNDS = Number(process.env.SIGNAL_ROUNDS ?? 1);
const rng = prng(fuzzSeed() ^ 0x5167);

let work: string;
let tmux: Tmux | undefined;
const kills: string[] = [];

beforeAll(() => {
  work = tempDir('crisis-signals-');
  writeFiles(path.join(work, 'pb'), FIXTURE_FILES);
  writeFiles(work, {
    'long.yaml': `responses:\n  - { step: wr-confirm, action: done, inputs: { affected-batches: B-1, safety-risk: true } }\n${Array.from({ length: 400 }, (_, i) => `  - { action: note, text: "note ${i} ${'n'.repeat(200)}" }`).join('\n')}\n`,
  });
});
afterAll(() => {
  tmux?.close();
  removeScratch();
  console.log(`signals: ${kills.length} signals delivered and survived (${kills.join(', ')})`);
});

/** Whole lines of a log as bytes, and the length of a torn tail if any. */
function snapshot(file: string): { whole: Buffer; torn: number } {
  const bytes = readFileSync(file);
  const end = bytes.lastIndexOf(0x0a) + 1;
  return { whole: bytes.subarray(0, end), torn: bytes.length - end };
}

/**
 * Resume with a short answers file: exit 0, the earlier lines intact, the chain whole. Its note names
 * the case: a resume skips responses the log already holds, so the same note twice would not be written.
 */
async function expectResumable(logDir: string, id: string, before: Buffer, label: string): Promise<Run> {
  const answers = `short-${label.replace(/[^a-zA-Z0-9]+/g, '-')}.yaml`;
  writeFileSync(
    path.join(work, answers),
    `responses:\n  - { action: note, text: ${JSON.stringify(`after the signal: ${label}`)} }\n`,
  );
  const r = await crisis(['--playbooks', 'pb', 'resume', id, '--answers', answers], {
    cwd: work,
    env: { CRISIS_LOG_DIR: logDir },
  });
  expect(r.code, `${label}: ${r.stderr}`).toBe(0);
  expect(stackLines(r.stderr)).toEqual([]);
  const file = path.join(logDir, `${id}.jsonl`);
  expect(readFileSync(file).subarray(0, before.length).equals(before), `${label}: earlier lines changed`).toBe(true);
  const verified = await verifyLogFile(file);
  expect(verified.break, label).toBeUndefined();
  expect(readEvents(file).at(-2)?.data.text, label).toBe(`after the signal: ${label}`);
  expect(existsSync(path.join(logDir, `${id}.lock`))).toBe(false);
  return r;
}

describe('a signal at a prompt (a real terminal)', () => {
  const outcomes = new Map<string, { exit: string; events: string[]; lockLeft: boolean }>();

  it.skipIf(!hasTmux).each(SIGNALS)(
    '%s: the log intact and the session resumable',
    { timeout: 90_000 },
    async (signal) => {
      const logDir = path.join(work, `prompt-${signal}`);
      tmux ??= new Tmux(terminalEnv(logDir));
      const exitFile = path.join(work, `exit-prompt-${signal}`);
      const term = tmux.open(
        shellLine(
          ['--playbooks', 'pb', 'start', 'widget-recall', '--operator', 'alice'],
          { CRISIS_LOG_DIR: logDir },
          exitFile,
        ),
        work,
      );
      const screen = await term.waitFor('the first step', (s) => s.includes('What now?'));
      const id = /session (\S+) started/.exec(screen)![1]!;
      const lock = path.join(logDir, `${id}.lock`);
      const pid = await lockPid(lock);
      // Work one step with the keyboard, so the log holds more than the start.
      term.keys('Enter');
      await term.waitFor('the first input', (s) => /\? Affected batches/.test(s));
      term.type('B-7');
      term.keys('Enter');
      await term.waitFor('the yes/no input', (s) => /\? Safety risk\?/.test(s));
      term.keys('Enter');
      await term.waitFor(
        'the next step',
        (s) => s.includes('✓ recorded #2') && s.lastIndexOf('What now?') > s.indexOf('✓ recorded #2'),
      );
      const file = path.join(logDir, `${id}.jsonl`);
      const before = snapshot(file);

      process.kill(pid, signal);
      const exit = (await waitFile(exitFile)).trim();
      await waitExit(pid);
      kills.push(`${signal}@prompt`);
      const after = snapshot(file);
      expect(after.torn).toBe(0);
      expect(after.whole.subarray(0, before.whole.length).equals(before.whole)).toBe(true);
      expect((await verifyLogFile(file)).break).toBeUndefined();
      outcomes.set(signal, { exit, events: readEvents(file).map((e) => e.type), lockLeft: existsSync(lock) });
      expect(term.screen()).not.toMatch(/^\s+at /m);
      await expectResumable(logDir, id, after.whole, `${signal} at a prompt`);
    },
  );

  // Regression: process.once handlers were dropped before Inquirer's
  // signal-exit ran, which re-raised the signal: no pause event, lock left behind.
  (hasTmux ? it : it.skip)(
    'SIGINT, SIGTERM and SIGHUP at a prompt pause the session: exit 130, a session.paused event, the lock released',
    () => {
      expect(outcomes.size).toBe(SIGNALS.length);
      for (const [signal, o] of outcomes) {
        expect({ signal, exit: o.exit, last: o.events.at(-1), lockLeft: o.lockLeft }).toEqual({
          signal,
          exit: 'EXIT=130',
          last: 'session.paused',
          lockLeft: false,
        });
      }
    },
  );
});

describe('a signal while the log is being written', () => {
  it(
    `${SIGNALS.length * WRITE_ROUNDS} signals at seeded moments of a 400-action unattended run: whole lines kept, resumable`,
    { timeout: 240_000 },
    async () => {
      const report: string[] = [];
      for (let round = 0; round < WRITE_ROUNDS; round++) {
        for (const signal of SIGNALS) {
          // A RAM disk when there is one: the write phase is still hundreds of fsyncs long, and quick.
          const logDir = path.join(scratchDir(`crisis-signal-write-${signal}-`), 'logs');
          let pid = -1;
          let finished: Run | undefined;
          const running = crisis(['--playbooks', 'pb', 'start', 'widget-recall', '--answers', 'long.yaml'], {
            cwd: work,
            env: { CRISIS_LOG_DIR: logDir },
            onSpawn: (p) => (pid = p),
          }).then((r) => (finished = r));
          // Wait until the log holds a seeded number of lines (of the ~400 the run writes), then signal.
          const target = 20 + Math.floor(rng() * 340);
          const started = Date.now();
          let file: string | undefined;
          let linesAtKill = 0;
          while (!finished && Date.now() - started < 60_000) {
            const name = existsSync(logDir) ? readdirSync(logDir).find((f) => f.endsWith('.jsonl')) : undefined;
            if (name) {
              file = path.join(logDir, name);
              linesAtKill = readFileSync(file).toString().split('\n').length - 1;
              if (linesAtKill >= target) break;
            }
            await sleep(1);
          }
          expect(file, `the run never started writing: ${finished?.code} ${finished?.stderr}`).toBeDefined();
          let delivered = false;
          try {
            process.kill(pid, signal);
            delivered = true;
          } catch {
            /* it finished first */
          }
          const r = await running;
          if (delivered) kills.push(`${signal}@write`);
          expect(stackLines(r.stderr)).toEqual([]);
          expect([0, 130, 128 + { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 }[signal], null]).toContain(r.code);
          const after = snapshot(file!);
          const verified = await verifyLogFile(file!);
          // A torn tail is the only damage allowed, and resume moves it aside.
          expect(verified.break === undefined || /torn/.test(verified.break.message), verified.break?.message).toBe(
            true,
          );
          const id = path.basename(file!, '.jsonl');
          report.push(
            `${signal} at line ~${linesAtKill} (target ${target})${delivered ? '' : ' (too late: the run had ended)'}: exit ${r.code ?? r.signal}, ${after.whole.toString().split('\n').length - 1} lines${after.torn ? `, torn ${after.torn} B` : ''}`,
          );
          await expectResumable(logDir, id, after.whole, `${signal} round ${round}`);
        }
      }
      console.log(`signals during writes:\n  ${report.join('\n  ')}`);
    },
  );
});

describe('a signal during an export', () => {
  let logDir: string;
  let id: string;
  beforeAll(async () => {
    // A long session to export: 3,000 events, written to a RAM disk to keep the set-up quick.
    logDir = path.join(scratchDir('crisis-signal-export-'), 'logs');
    writeFileSync(
      path.join(work, 'huge.yaml'),
      `responses:\n${Array.from({ length: 3000 }, (_, i) => `  - { action: ${i % 3 === 0 ? 'decision' : 'note'}, text: "entry ${i} ${'e'.repeat(120)}" }`).join('\n')}\n`,
    );
    const r = await crisis(['--playbooks', 'pb', 'start', 'widget-recall', '--answers', 'huge.yaml'], {
      cwd: work,
      env: { CRISIS_LOG_DIR: logDir },
      timeoutMs: 120_000,
    });
    expect(r.code, r.stderr).toBe(0);
    id = sessionIdOf(r);
    expect(readEvents(path.join(logDir, `${id}.jsonl`)).length).toBeGreaterThan(3000);
  }, 150_000);

  it.each(SIGNALS)(
    '%s during review -o and log --format md: the log unchanged, no lock left, the session resumable',
    { timeout: 120_000 },
    async (signal) => {
      const file = path.join(logDir, `${id}.jsonl`);
      const before = readFileSync(file);
      for (const args of [
        ['review', id, '--format', 'html', '-o', `review-${signal}.html`, '--no-interactive'],
        ['log', id, '--format', 'md'],
      ]) {
        // How long the export takes here, then a signal at a seeded moment late in it (after start-up,
        // while it reads and renders); if it beat the signal, a little sooner, until the signal lands.
        const full = (await crisis(['--playbooks', 'pb', ...args], { cwd: work, env: { CRISIS_LOG_DIR: logDir } })).ms;
        for (const fraction of [0.6 + rng() * 0.3, 0.5, 0.4, 0.3]) {
          const delay = Math.floor(full * fraction);
          let pid = -1;
          const running = crisis(['--playbooks', 'pb', ...args], {
            cwd: work,
            env: { CRISIS_LOG_DIR: logDir },
            onSpawn: (p) => (pid = p),
          });
          await sleep(delay);
          let delivered = false;
          try {
            process.kill(pid, signal);
            delivered = true;
          } catch {
            /* it finished first */
          }
          const r = await running;
          expect(stackLines(r.stderr)).toEqual([]);
          expect(readFileSync(file).equals(before)).toBe(true);
          expect(existsSync(path.join(logDir, `${id}.lock`))).toBe(false);
          if (delivered && r.code !== 0) {
            kills.push(`${signal}@${args[0]}`);
            break;
          }
        }
      }
      const resumed = await expectResumable(logDir, id, before, `${signal} during an export`);
      expect(resumed.code).toBe(0);
    },
  );
});
