import { readdirSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import * as path from 'node:path';
import type { CliDeps, OutStream } from '../../src/cli/context.js';
import { DIST } from './paths.js';
import { cleanEnv } from './run-cli.js';
import { tempDir } from './temp.js';

/** An output stream that keeps what is written; isTTY and columns as a test wants them. */
export interface CapturedStream extends OutStream {
  chunks: string[];
  text(): string;
}

export function captureStream(options: { isTTY?: boolean; columns?: number } = {}): CapturedStream {
  const chunks: string[] = [];
  return {
    chunks,
    isTTY: options.isTTY ?? false,
    columns: options.columns,
    write(chunk: string | Uint8Array) {
      chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    },
    text: () => chunks.join(''),
  };
}

/** A fixed clock: 2026-01-01T09:00:00Z unless told otherwise, moved by `advance`. */
export function fixedClock(start = Date.parse('2026-01-01T09:00:00.000Z')): {
  now(): number;
  advance(ms: number): void;
} {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

export interface FakeDepsOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** text on stdin; stdin ends after it */
  input?: string;
  isTTY?: boolean;
  columns?: number;
  now?: () => number;
}

export interface FakeDeps extends CliDeps {
  stdout: CapturedStream;
  stderr: CapturedStream;
}

/** A CliDeps with captured streams, a clean env, a temp cwd and a fixed clock. */
export function fakeDeps(options: FakeDepsOptions = {}): FakeDeps {
  const home = tempDir('crisis-home-');
  const stdin = new PassThrough() as PassThrough & { isTTY?: boolean };
  stdin.isTTY = options.isTTY ?? false;
  stdin.end(options.input ?? '');
  return {
    stdout: captureStream({ isTTY: options.isTTY, columns: options.columns }),
    stderr: captureStream({ isTTY: options.isTTY, columns: options.columns }),
    stdin,
    env: cleanEnv(home, options.env),
    cwd: options.cwd ?? tempDir('crisis-cwd-'),
    now: options.now ?? fixedClock().now,
    username: () => 'tester',
    hostname: 'test-host',
    pid: 4242,
  };
}

type MainModule = typeof import('../../src/cli/main.js');
let loaded: Promise<MainModule> | undefined;

/**
 * The built `main` from dist/ (the code bin/crisis.js runs), typed by its
 * source. Needs `npm run build` first, as `npm test` does.
 */
export function distMain(): Promise<MainModule> {
  loaded ??= import(pathToFileURL(path.join(DIST, 'cli', 'main.js')).href) as Promise<MainModule>;
  return loaded;
}

/** Run `crisis ...argv` in this process against fake streams: fast, no child process. */
export async function runMain(
  argv: readonly string[],
  options: FakeDepsOptions = {},
): Promise<{ code: number; stdout: string; stderr: string; deps: FakeDeps }> {
  const { main } = await distMain();
  const deps = fakeDeps(options);
  const code = await main(argv, deps);
  return { code, stdout: deps.stdout.text(), stderr: deps.stderr.text(), deps };
}

/**
 * `crisis …argv` (a `start` with answers), which must exit 0, in `options.cwd` with its log dir `logDir`: the id
 * of the one session in that log dir.
 */
export async function startedSession(
  argv: readonly string[],
  logDir: string,
  options: FakeDepsOptions = {},
): Promise<string> {
  const started = await runMain(argv, { ...options, env: { ...options.env, CRISIS_LOG_DIR: logDir } });
  if (started.code !== 0) throw new Error(`crisis ${argv.join(' ')} exited ${started.code}: ${started.stderr}`);
  const logs = readdirSync(logDir).filter((f) => f.endsWith('.jsonl'));
  if (logs.length !== 1) throw new Error(`expected one session in ${logDir}, found ${logs.length}`);
  return logs[0]!.slice(0, -'.jsonl'.length);
}
