import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN } from './paths.js';
import { tempDir } from './temp.js';

export interface CliResult {
  /** exit code, or null when the process was killed by a signal (a timeout) */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** wall-clock time from spawn to exit */
  ms: number;
  /** CPU time (user + system) the process used, when asked for with `measureCpu` */
  cpuMs?: number;
}

export interface RunOptions {
  /** working directory; default: a fresh temp dir */
  cwd?: string;
  /** extra environment, on top of the clean one; `undefined` removes a variable */
  env?: Record<string, string | undefined>;
  /** written to stdin, which is then closed; default: stdin closed at once */
  input?: string;
  /** extra node flags, e.g. ['--import', hook] */
  nodeArgs?: string[];
  /** kill the process after this long (the result then has code null) */
  timeoutMs?: number;
  /** record the CPU time the process used (result.cpuMs) */
  measureCpu?: boolean;
}

/**
 * The environment a test process gets: PATH and nothing the user set. HOME,
 * XDG dirs and the log dir point into a temp dir, so no test touches the
 * real home; colour, language and playbook variables are unset unless given.
 */
export function cleanEnv(home: string, extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: home,
    XDG_STATE_HOME: path.join(home, '.local', 'state'),
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    CRISIS_LOG_DIR: path.join(home, 'logs'),
    LANG: 'C.UTF-8',
    // Screens show times in the machine's zone: fixed, so a test reads the same anywhere.
    TZ: 'UTC',
    TMPDIR: process.env.TMPDIR,
  };
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  return env;
}

/** Run `node bin/crisis.js ...args` as a child process and collect what it did. */
export async function runCli(args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
  if (!options.measureCpu) return runNode([...(options.nodeArgs ?? []), BIN, ...args], options);
  const log = path.join(tempDir('crisis-cpu-'), 'cpu');
  const result = await runNode(['--import', CPU_HOOK, ...(options.nodeArgs ?? []), BIN, ...args], {
    ...options,
    env: { ...options.env, CRISIS_TEST_CPU_LOG: log },
  });
  return existsSync(log) ? { ...result, cpuMs: Number(readFileSync(log, 'utf8')) } : result;
}

const CPU_HOOK = fileURLToPath(new URL('./cpu-usage.mjs', import.meta.url));

/** Run `node ...args` with the clean environment of runCli. */
export function runNode(args: readonly string[], options: Omit<RunOptions, 'nodeArgs'> = {}): Promise<CliResult> {
  const home = tempDir('crisis-home-');
  mkdirSync(path.join(home, 'logs'), { recursive: true });
  return spawnCollect(process.execPath, args, {
    cwd: options.cwd ?? tempDir('crisis-cwd-'),
    env: cleanEnv(home, options.env),
    input: options.input,
    timeoutMs: options.timeoutMs,
  });
}

export interface SpawnOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  input?: string;
  timeoutMs?: number;
  onSpawn?(pid: number): void;
  /** close our end of stdout at once: the program writes into a pipe nobody reads (`crisis log | head`) */
  closeStdout?: boolean;
  /** the same for stderr (`crisis … 2>&1 | head`) */
  closeStderr?: boolean;
}

/**
 * Spawn a process, feed it `input` (stdin then closes), collect both
 * streams, and kill it with SIGKILL past the timeout (code null). The one
 * place tests start processes, so none of them can hang a run.
 */
export function spawnCollect(
  command: string,
  args: readonly string[],
  options: SpawnOptions,
): Promise<CliResult & { pid: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    if (options.closeStdout) child.stdout.destroy();
    else child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    if (options.closeStderr) child.stderr.destroy();
    else child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 15_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: performance.now() - started, pid: child.pid ?? -1 });
    });
    child.stdin.on('error', () => undefined); // the program may exit before reading stdin
    child.stdin.end(options.input ?? '');
    if (child.pid !== undefined) options.onSpawn?.(child.pid);
  });
}

/** The first line of a text, without its newline. */
export const firstLine = (text: string): string => text.split('\n')[0] ?? '';

/** Lines that look like a JavaScript stack trace. */
export const stackLines = (text: string): string[] => text.split('\n').filter((l) => /^\s+at /.test(l));
