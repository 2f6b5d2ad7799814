/**
 * A signal in the moment between a session's first write and the run's own signal handlers. Before, Node's
 * default killed the process there: exit 143, the lock left behind, no session.paused, and (a moment after
 * `start` made its log) an empty log that status listed as unreadable and resume refused. Now start, resume and
 * join hold the signals from the lock on and the run takes them over: the session pauses, exit 130.
 * The signal is sent by the process itself right after the link that makes the log or the lock
 * (signal-at-link.mjs), so the moment is the same on every run.
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyLogFile } from '../../src/store/log-reader.js';
import { FIXTURE_FILES } from '../helpers/fixtures.js';
import { BIN } from '../helpers/paths.js';
import { cleanEnv, spawnCollect } from '../helpers/run-cli.js';
import { tempDir, writeFiles } from '../helpers/temp.js';
import { crisis, readEvents, stackLines } from './helpers.js';

const HOOK = fileURLToPath(new URL('./signal-at-link.mjs', import.meta.url));
let work: string;

beforeAll(() => {
  work = tempDir('crisis-early-signal-');
  writeFiles(path.join(work, 'pb'), FIXTURE_FILES);
  writeFileSync(
    path.join(work, 'answers.yaml'),
    'responses:\n  - { step: wr-confirm, action: done, inputs: { affected-batches: B-1, safety-risk: true } }\n',
  );
});

/** `crisis ARGS` that signals itself with `signal` as soon as a file ending in `suffix` is linked into place. */
function signalledRun(args: string[], logDir: string, signal: string, suffix: string) {
  const home = tempDir('crisis-early-home-');
  return spawnCollect(process.execPath, ['--import', HOOK, BIN, '--playbooks', 'pb', ...args], {
    cwd: work,
    env: cleanEnv(home, { CRISIS_LOG_DIR: logDir, SIGNAL_AT_LINK: signal, SIGNAL_AT_LINK_SUFFIX: suffix }),
    timeoutMs: 30_000,
  });
}

const sessionIn = (logDir: string) =>
  readdirSync(logDir)
    .find((f) => f.endsWith('.jsonl'))!
    .slice(0, -6);

describe('a signal as the session is created or locked', () => {
  it.each(['SIGINT', 'SIGTERM', 'SIGHUP'])(
    'start, %s the moment the log appears: started then paused, exit 130, no lock left, resumable',
    { timeout: 60_000 },
    async (signal) => {
      const logDir = path.join(work, `start-${signal}`);
      const r = await signalledRun(['start', 'widget-recall', '--answers', 'answers.yaml'], logDir, signal, '.jsonl');
      expect(r.signal).toBeNull();
      expect(r.code, r.stderr).toBe(130);
      expect(stackLines(r.stderr)).toEqual([]);
      const id = sessionIn(logDir);
      const log = path.join(logDir, `${id}.jsonl`);
      expect(readEvents(log).map((e) => e.type)).toEqual(['session.started', 'session.paused']);
      expect(readEvents(log).at(-1)!.data).toEqual({ reason: signal });
      expect(existsSync(path.join(logDir, `${id}.lock`))).toBe(false);
      expect((await verifyLogFile(log)).break).toBeUndefined();
      // and the session goes on where it stopped
      const again = await crisis(['--playbooks', 'pb', 'resume', id, '--answers', 'answers.yaml'], {
        cwd: work,
        env: { CRISIS_LOG_DIR: logDir },
      });
      expect(again.code, again.stderr).toBe(0);
      expect(readEvents(log).map((e) => e.type)).toContain('step.completed');
    },
  );

  it(
    'resume, SIGTERM the moment the lock is taken: resumed then paused, exit 130, the lock released',
    {
      timeout: 60_000,
    },
    async () => {
      const logDir = path.join(work, 'resume-SIGTERM');
      const first = await crisis(
        ['--playbooks', 'pb', 'start', 'widget-recall', '--operator', 'alice', '--answers', 'answers.yaml'],
        {
          cwd: work,
          env: { CRISIS_LOG_DIR: logDir },
        },
      );
      expect(first.code, first.stderr).toBe(0);
      const id = sessionIn(logDir);
      const log = path.join(logDir, `${id}.jsonl`);
      const before = readEvents(log).length;
      const r = await signalledRun(['resume', id, '--answers', 'answers.yaml'], logDir, 'SIGTERM', '.lock');
      expect(r.signal).toBeNull();
      expect(r.code, r.stderr).toBe(130);
      expect(stackLines(r.stderr)).toEqual([]);
      expect(
        readEvents(log)
          .slice(before)
          .map((e) => e.type),
      ).toEqual(['session.resumed', 'session.paused']);
      expect(existsSync(path.join(logDir, `${id}.lock`))).toBe(false);
      expect((await verifyLogFile(log)).break).toBeUndefined();
    },
  );
});
