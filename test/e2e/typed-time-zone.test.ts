/**
 * A full local time typed without an offset (`2025-12-31 09:30`) for when the incident was detected, in a session
 * with no organisation time zone: read in this machine's zone (the adapter's, TZ here), kept in UTC so that the
 * reporting clocks can count from it, and said under the answer, in English and Chinese. Before, it was kept as
 * typed, no clock could place it, and the duties counted from the start with no word on the screen.
 * The interactive driver through `main`, in this process, with a scripted Prompter.
 */
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CliDeps } from '../../src/cli/context.js';
import { main } from '../../src/cli/main.js';
import type { Choice, Prompter } from '../../src/drive/prompter.js';
import { replay } from '../../src/session/replay.js';
import { dutyClock } from '../../src/session/progress.js';
import { cleanEnv } from '../helpers/run-cli.js';
import { readLoggedEvents } from '../helpers/log-events.js';
import { tempDir, writeFiles } from '../helpers/temp.js';

const CRISIS = `id: tz-crisis
kind: crisis
title: Zone test crisis
severity: { default: medium }
roles:
  - { id: lead, title: Lead }
targets:
  first-statement: 1h
phases:
  - id: assess
    title: Assess
    steps:
      - id: detect
        title: Record when the incident was detected
        owner: lead
        tags: [assessment]
        inputs:
          - { id: detected-at, label: Detected at, type: time, required: true }
  - id: say
    title: Communicate
    steps:
      - id: holding
        title: Publish the holding statement
        owner: lead
        due: first-statement
        statement:
          website: "On {{detected-at}} we found a fault."
`;

class Screen extends Writable {
  text = '';
  isTTY = false;
  columns = 120;
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** 2026-01-01 09:00 UTC, 17:00 in Shanghai: the session starts then. */
const NOW = Date.parse('2026-01-01T09:00:00.000Z');

/** Answers in order: a select by its value, an input by its text (put through the prompt's own check first). */
function prompter(answers: string[]): Prompter {
  let i = 0;
  const next = (): string => {
    const a = answers[i++];
    if (a === undefined) throw new Error('the script is over');
    return a;
  };
  return {
    select: async <T extends string>(_m: string, choices: ReadonlyArray<Choice<T>>) => {
      const a = next();
      if (!choices.some((c) => c.value === a)) throw new Error(`"${a}" is no choice`);
      return a as T;
    },
    input: async (message, options = {}) => {
      const a = next();
      const ok = options.validate?.(a) ?? true;
      if (ok !== true) throw new Error(`"${message}" refused "${a}": ${ok}`);
      return a;
    },
    confirm: async () => next() === 'y',
    editor: async (_m, text) => text,
  };
}

async function session(lang: 'en' | 'zh', answers: string[], tz = 'Asia/Shanghai') {
  const root = tempDir('crisis-tz-');
  const logDir = path.join(root, 'logs');
  writeFiles(path.join(root, 'pb'), { 'crises/tz-crisis.yaml': CRISIS });
  const stdin = new PassThrough() as PassThrough & { isTTY?: boolean };
  const deps = {
    stdout: new Screen(),
    stderr: new Screen(),
    stdin,
    env: cleanEnv(tempDir('crisis-tz-home-'), {
      CRISIS_LOG_DIR: logDir,
      CRISIS_PLAYBOOKS: path.join(root, 'pb'),
      TZ: tz,
    }),
    cwd: root,
    now: () => NOW,
    username: () => 'tester',
    hostname: 'tz-test',
    pid: process.pid,
    prompter: prompter(answers),
  } as unknown as CliDeps & { stdout: Screen; stderr: Screen };
  const code = await main(['start', 'tz-crisis', '--lang', lang], deps);
  if (code !== 130) throw new Error(`exit ${code}: ${deps.stderr.text}${deps.stdout.text}`);
  const file = readdirSync(logDir).find((f) => f.endsWith('.jsonl'))!;
  const events = readLoggedEvents(path.join(logDir, file));
  return { code, out: deps.stdout.text, events };
}

describe('a full local time typed for the detection time, with no organisation time zone', () => {
  it("is read in this machine's zone, kept in UTC, starts the duty clock, and the screen says which zone", async () => {
    const r = await session('en', ['done', '2025-12-31 09:30', 'pause']);
    expect(r.code, r.out).toBe(130);
    const done = r.events.find((e) => e.type === 'step.completed')!;
    // 09:30 in Shanghai (GMT+8) is 01:30 UTC
    expect(done.data).toEqual({ facts: { 'detected-at': '2025-12-31T01:30Z' } });
    expect(r.out).toContain(
      '\n  "2025-12-31 09:30" read as Asia/Shanghai time (GMT+8), this computer\'s time zone: ' +
        'the session has no organisation time zone\n',
    );
    const state = replay(r.events as never);
    expect(dutyClock(state)).toEqual({
      at: Date.parse('2025-12-31T01:30:00Z'),
      detectedAt: Date.parse('2025-12-31T01:30:00Z'),
    });
  });

  it('says so in Chinese', async () => {
    const r = await session('zh', ['done', '2025-12-31 09:30', 'pause']);
    expect(r.out).toContain('\n  “2025-12-31 09:30”按本机时区 Asia/Shanghai（GMT+8）的时间理解：本会话未设组织时区\n');
  });

  it('a time with its offset is taken as typed, and nothing is said', async () => {
    const r = await session('en', ['done', '2025-12-31 09:30+08:00', 'pause']);
    expect(r.events.find((e) => e.type === 'step.completed')!.data).toEqual({
      facts: { 'detected-at': '2025-12-31T01:30Z' },
    });
    expect(r.out).not.toContain('read as');
  });
});

describe('a statement with no organisation time zone', () => {
  it('writes a time in the zone the session shows times in, naming it, not in UTC (en, zh)', async () => {
    const en = await session('en', ['done', '2025-12-31 09:30', 'issue', 'back', 'pause']);
    expect(en.out).toContain('\nOn 31 December 2025, 09:30 (GMT+8) we found a fault.\n');
    expect(en.out).not.toContain('(UTC)');
    const zh = await session('zh', ['done', '2025-12-31 09:30', 'issue', 'back', 'pause']);
    expect(zh.out).toContain('\nOn 2025年12月31日 09:30（GMT+8） we found a fault.\n');
    // a time typed with its offset, as the statement screen and a script give it: in the same zone
    const typed = await session('en', ['done', '2025-12-31 01:30Z', 'issue', 'back', 'pause'], 'America/New_York');
    expect(typed.out).toContain('\nOn 30 December 2025, 20:30 (GMT-5) we found a fault.\n');
  });
});
