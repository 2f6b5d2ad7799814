/**
 * Shared plumbing for the reliability suite: run the built CLI as a child
 * process (with its CPU time), run many at once, a tmux terminal for
 * prompts and signals, mounts that need root, and small log helpers.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN } from '../helpers/paths.js';
import { cleanEnv, spawnCollect } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp.js';

export { BIN };
export const CPU_HOOK = fileURLToPath(new URL('./cpu-hook.mjs', import.meta.url));
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** wall time, ms */
  ms: number;
  /** CPU time the child used, ms (undefined if it died before it could say) */
  cpuMs?: number;
  pid: number;
}

export interface RunOpts {
  cwd: string;
  /** extra environment on top of the clean one (HOME, XDG and the log dir in a temp dir) */
  env?: Record<string, string | undefined>;
  input?: string;
  timeoutMs?: number;
  /** called once the child is spawned (to signal it, say) */
  onSpawn?: (pid: number) => void;
}

/** `node bin/crisis.js ...args` with a clean environment; never throws on a failing exit. */
export async function crisis(args: readonly string[], opts: RunOpts): Promise<Run> {
  const home = tempDir('crisis-rel-home-');
  const cpuFile = path.join(home, 'cpu-ms');
  const env = cleanEnv(home, { ...opts.env, RELIABILITY_CPU_FILE: cpuFile });
  const run = await spawnCollect(process.execPath, ['--import', CPU_HOOK, BIN, ...args], {
    cwd: opts.cwd,
    env,
    input: opts.input,
    timeoutMs: opts.timeoutMs ?? 60_000,
    onSpawn: opts.onSpawn,
  });
  let cpuMs: number | undefined;
  try {
    cpuMs = Number(readFileSync(cpuFile, 'utf8'));
  } catch {
    cpuMs = undefined;
  }
  return { ...run, cpuMs };
}

export async function pool<T, R>(
  items: readonly T[],
  limit: number,
  job: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= items.length) return;
      out[i] = await job(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** Lines that look like a JavaScript stack trace. */
export const stackLines = (text: string): string[] => text.split('\n').filter((l) => /^\s+at\s/.test(l));

/**
 * A scratch directory on a RAM disk when there is one (fsync there is cheap,
 * and fifty processes fsyncing to a slow shared disk dominate a CI run), else
 * the system temp dir. Removed at exit.
 */
const scratch: string[] = [];
/** Remove every scratch dir made so far (call it from afterAll; worker exit is not reliable). */
export function removeScratch(): void {
  for (const d of scratch.splice(0)) rmSync(d, { recursive: true, force: true });
}
process.once('exit', removeScratch);
export function scratchDir(prefix: string): string {
  for (const base of ['/dev/shm', tmpdir()]) {
    try {
      const dir = mkdtempSync(path.join(base, prefix));
      scratch.push(dir);
      return dir;
    } catch {
      /* next */
    }
  }
  throw new Error('no scratch dir');
}

// ------------------------------------------------------------ session logs

export interface LoggedEvent {
  seq: number;
  type: string;
  step?: string;
  session: string;
  actor: string;
  data: Record<string, unknown>;
  prev: string;
  hash: string;
}

export const readLines = (file: string): string[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '');
export const readEvents = (file: string): LoggedEvent[] => readLines(file).map((l) => JSON.parse(l) as LoggedEvent);

/** The session id a `start` or `drill` run announced. */
export function sessionIdOf(run: Run): string {
  const id = String.raw`(\d{8}-\d{6}-[a-z0-9-]+-[0-9a-f]{4})`;
  const text = run.stderr + run.stdout;
  // `start` may first name another, unfinished session of the same crisis: take the one it started.
  const m = new RegExp(`session ${id} started`).exec(text) ?? new RegExp(id).exec(text);
  if (!m) throw new Error(`no session id in:\n${run.stderr}\n${run.stdout}`);
  return m[1]!;
}

// ------------------------------------------------------------ root-only mounts

export const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** Mount a tmpfs of `size` on a fresh dir; undefined (with the reason) if the machine does not allow it. */
export function mountTmpfs(
  size: string,
): { dir: string; unmount(): void; remount(options: string): void } | { reason: string } {
  if (!isRoot) return { reason: 'not root: cannot mount a tmpfs' };
  const dir = mkdtempSync(path.join(tmpdir(), 'crisis-rel-mnt-'));
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { encoding: 'utf8' });
  if (r.status !== 0) return { reason: `mount -t tmpfs failed: ${(r.stderr || r.error?.message || '').trim()}` };
  const unmount = () => {
    spawnSync('umount', ['-l', dir]);
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', unmount);
  return { dir, unmount, remount: (options: string) => void execFileSync('mount', ['-o', `remount,${options}`, dir]) };
}

/** A read-only bind mount of `source`; undefined (with the reason) when bind mounts are not allowed. */
export function readOnlyView(source: string): { dir: string; unmount(): void } | { reason: string } {
  if (!isRoot) return { reason: 'not root: cannot bind-mount read-only (and chmod does not stop root)' };
  const dir = mkdtempSync(path.join(tmpdir(), 'crisis-rel-ro-'));
  const bind = spawnSync('mount', ['--bind', source, dir], { encoding: 'utf8' });
  if (bind.status !== 0) return { reason: `mount --bind failed: ${bind.stderr.trim()}` };
  const ro = spawnSync('mount', ['-o', 'remount,bind,ro', dir], { encoding: 'utf8' });
  if (ro.status !== 0) {
    spawnSync('umount', ['-l', dir]);
    return { reason: `remount read-only failed: ${ro.stderr.trim()}` };
  }
  const unmount = () => {
    spawnSync('umount', ['-l', dir]);
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', unmount);
  return { dir, unmount };
}

// ------------------------------------------------------------ a terminal (tmux)

export const hasTmux = spawnSync('tmux', ['-V'], { stdio: 'ignore' }).status === 0;

/**
 * One tmux server on a private socket (so other suites' terminals are never
 * touched); each `Terminal` is a window running one shell script.
 */
export class Tmux {
  readonly socket = `crisis-rel-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  private n = 0;
  constructor(private readonly env: NodeJS.ProcessEnv) {}

  run(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], { env: this.env, encoding: 'utf8' });
  }

  /** Start `command` (a shell line) in a new session; returns its handle. */
  open(command: string, cwd: string): Terminal {
    const name = `t${this.n++}`;
    this.run('new-session', '-d', '-s', name, '-x', '160', '-y', '50', '-c', cwd, command);
    return new Terminal(this, name);
  }

  close(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-server'], { stdio: 'ignore' });
    // tmux leaves its socket file behind.
    const uid = typeof process.getuid === 'function' ? process.getuid() : 0;
    rmSync(path.join(this.env.TMUX_TMPDIR ?? process.env.TMUX_TMPDIR ?? '/tmp', `tmux-${uid}`, this.socket), {
      force: true,
    });
  }
}

export class Terminal {
  constructor(
    private readonly tmux: Tmux,
    readonly name: string,
  ) {}
  screen(): string {
    try {
      return this.tmux.run('capture-pane', '-p', '-J', '-t', this.name, '-S', '-');
    } catch {
      return '';
    }
  }
  keys(...k: string[]): void {
    this.tmux.run('send-keys', '-t', this.name, ...k);
  }
  type(text: string): void {
    this.tmux.run('send-keys', '-t', this.name, '-l', text);
  }
  async waitFor(what: string, test: (screen: string) => boolean, timeoutMs = 30_000): Promise<string> {
    const started = Date.now();
    for (;;) {
      const s = this.screen();
      if (test(s)) return s;
      if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}; screen:\n${s}`);
      await sleep(100);
    }
  }
}

/** A shell script line: run the CLI, then print its exit code where the test can see it. */
export function shellLine(args: readonly string[], env: Record<string, string>, exitFile: string): string {
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const vars = Object.entries(env)
    .map(([k, v]) => `${k}=${q(v)}`)
    .join(' ');
  return `env ${vars} ${q(process.execPath)} ${q(BIN)} ${args.map(q).join(' ')}; echo "EXIT=$?" > ${q(exitFile)}; echo "EXIT=$(cat ${q(exitFile)})"; sleep 600`;
}

/** The pid in a session's lock file (the live writer), once it exists. */
export async function lockPid(lockFile: string, timeoutMs = 20_000): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (existsSync(lockFile)) {
      try {
        const pid = (JSON.parse(readFileSync(lockFile, 'utf8')) as { pid?: number }).pid;
        if (typeof pid === 'number') return pid;
      } catch {
        /* being written */
      }
    }
    if (Date.now() - started > timeoutMs) throw new Error(`no lock at ${lockFile}`);
    await sleep(50);
  }
}

export const pidAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

export async function waitExit(pid: number, timeoutMs = 20_000): Promise<void> {
  const started = Date.now();
  while (pidAlive(pid)) {
    if (Date.now() - started > timeoutMs) throw new Error(`pid ${pid} still alive`);
    await sleep(50);
  }
}

export async function waitFile(file: string, timeoutMs = 20_000): Promise<string> {
  const started = Date.now();
  for (;;) {
    if (existsSync(file)) {
      const text = readFileSync(file, 'utf8');
      if (text.trim() !== '') return text;
    }
    if (Date.now() - started > timeoutMs) throw new Error(`no ${file}`);
    await sleep(50);
  }
}

/** Environment for CLI runs in a terminal: a clean one with a real TERM. */
export function terminalEnv(logDir: string): NodeJS.ProcessEnv {
  const home = tempDir('crisis-rel-tty-home-');
  mkdirSync(home, { recursive: true });
  return { ...cleanEnv(home, { CRISIS_LOG_DIR: logDir }), TERM: 'xterm-256color' };
}

/** `node SCRIPT` in `cwd`, collecting its output (for probes that must run in a fresh process). */
export function runNodeScript(
  script: string,
  cwd: string,
  timeoutMs = 60_000,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
