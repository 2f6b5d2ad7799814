// Shared helpers for the benchmark harness: paths, timing, statistics,
// machine description and table printing. Plain ESM, no build step.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout under test. BENCH_ROOT points the harness at another copy (e.g. a frozen build). */
export const ROOT = process.env.BENCH_ROOT
  ? path.resolve(process.env.BENCH_ROOT)
  : path.resolve(fileURLToPath(new URL('..', import.meta.url)));
/** This bench/ directory (scripts and hooks run from here, whatever ROOT is). */
export const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
export const BIN = path.join(ROOT, 'bin', 'crisis.js');
export const DIST = path.join(ROOT, 'dist');
export const NODE = process.execPath;

export function assertBuilt() {
  if (!existsSync(path.join(DIST, 'cli', 'main.js'))) {
    console.error(`bench: ${DIST}/cli/main.js not found; run \`npm run build\` first`);
    process.exit(2);
  }
}

const temps = [];
/** A fresh temp dir under os.tmpdir(), removed at exit unless BENCH_KEEP=1. */
export function tempDir(prefix) {
  const dir = mkdtempSync(path.join(os.tmpdir(), `crisis-bench-${prefix}-`));
  temps.push(dir);
  return dir;
}
process.on('exit', () => {
  if (process.env.BENCH_KEEP === '1') return;
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

/**
 * BENCH_KEEP_ENV=1 (run.js, compare.mjs and side-by-side.mjs: `--keep-env`) keeps the machine's NODE_* variables
 * (all but NODE_OPTIONS), to measure as the machine's own shell would run node; see `benchEnv`.
 */
export const keepEnv = () => process.env.BENCH_KEEP_ENV === '1';

let benchHome;
/**
 * The environment of every child the harnesses time (crisis and the `node -e 0` baseline alike), documented in
 * bench/README.md "Method": the parent's environment without
 * - every NODE_* variable (NODE_OPTIONS, NODE_EXTRA_CA_CERTS, NODE_COMPILE_CACHE, NODE_V8_COVERAGE, NODE_DEBUG, …):
 *   they change what node does at startup (NODE_EXTRA_CA_CERTS, set on this machine for its registry proxy, makes
 *   node read a CA bundle at every start: +50 ms on `node -e 0`) and a user's machine normally has none of them;
 *   with `keepEnv()` they stay, except NODE_OPTIONS;
 * - UV_* (libuv's thread pool and io_uring switches), FORCE_COLOR, every CRISIS_* variable, the XDG_* base dirs
 *   and LC_ALL / LC_MESSAGES / LANGUAGE (which pick crisis's language);
 * with HOME an empty temp dir (no profile in ~/.config, no cache in ~/.cache unless CRISIS_CACHE_DIR says so; the
 * harness never writes to the real home), LANG=C.UTF-8 and NO_COLOR=1; then `extra`.
 */
export function benchEnv(extra = {}) {
  const keep = keepEnv();
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k === 'NODE_OPTIONS' || (k.startsWith('NODE_') && !keep)) continue;
    if (/^(UV_|CRISIS_|XDG_)/.test(k) || ['FORCE_COLOR', 'LC_ALL', 'LC_MESSAGES', 'LANGUAGE'].includes(k)) continue;
    env[k] = v;
  }
  benchHome ??= tempDir('home');
  return { ...env, HOME: benchHome, LANG: 'C.UTF-8', NO_COLOR: '1', ...extra };
}

/**
 * A side-by-side harness's own arguments: `--keep-env` (anywhere) taken out and applied to benchEnv(), and, unless
 * `rusage` is false (a harness that reads no time), a refusal to run without a way to read CPU time and peak RSS.
 * Returns the rest, in order.
 */
export function harnessArgs(argv = process.argv.slice(2), { rusage = true } = {}) {
  const rest = argv.filter((a) => a !== '--keep-env');
  if (rest.length !== argv.length) process.env.BENCH_KEEP_ENV = '1';
  if (rusage && !RUSAGE_TOOL) {
    console.error('needs python3 (bench/rusage.py) or GNU time (/usr/bin/time) for CPU time and peak RSS');
    process.exit(2);
  }
  return rest;
}

/** `--NAME VALUE` taken out of `argv` (which it changes): VALUE, or `dflt` when the option is not there. */
export function takeOption(argv, name, dflt) {
  const i = argv.indexOf(`--${name}`);
  if (i < 0) return dflt;
  const [, value] = argv.splice(i, 2);
  return value;
}

/** A harness's first line: the time, the load average, the environment its children get, then `extra`. */
export function printRunHeader(...extra) {
  const load = os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');
  const env = keepEnv() ? "env: the machine's NODE_* kept (--keep-env)" : 'env: clean (no NODE_*)';
  console.log(new Date().toISOString(), 'load', load, env, ...extra);
}

/** Expected exit codes from a trailing `@0,1` on a harness label (default: 0 only): [label, codes]. */
export function expectedExit(label) {
  const m = /^(.*)@(\d+(?:,\d+)*)$/.exec(label);
  return m ? [m[1], m[2].split(',').map(Number)] : [label, [0]];
}

export const median = (xs) => quantile(xs, 0.5);
export function quantile(xs, q) {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const RUSAGE_PY = path.join(BENCH_DIR, 'rusage.py');
/**
 * How a child's CPU time (user+sys) and peak RSS are measured: `bench/rusage.py` (python3's os.wait4: microsecond
 * CPU times, and wall from fork to wait4) when python3 runs it, else GNU time (`/usr/bin/time`, Debian package
 * `time`: CPU rounded to 10 ms, half of a bare `node -e 0`), else not at all. BENCH_RUSAGE=time forces GNU time.
 */
export const RUSAGE_TOOL = (() => {
  if (process.env.BENCH_RUSAGE !== 'time') {
    const probe = spawnSync('python3', [RUSAGE_PY, '/dev/null', 'true'], { stdio: 'ignore' });
    if (probe.status === 0) return 'rusage.py';
  }
  return TIME ? 'GNU time' : undefined;
})();

/** [command, args] that run `cmd args` with its rusage written to `file` (see RUSAGE_TOOL; as is without one). */
export function withRusage(file, cmd, args) {
  if (RUSAGE_TOOL === 'rusage.py') return ['python3', [RUSAGE_PY, file, cmd, ...args]];
  if (RUSAGE_TOOL === 'GNU time') return [TIME, ['-f', '%e %U %S %M', '-o', file, cmd, ...args]];
  return [cmd, args];
}

/** What `withRusage` wrote: CPU ms, peak RSS KB, and (rusage.py only) the child's own wall ms. */
export function readRusage(file) {
  const [e, u, s, m] = readFileSync(file, 'utf8').trim().split('\n').at(-1).split(' ').map(Number);
  return { wallMs: RUSAGE_TOOL === 'rusage.py' ? e * 1000 : undefined, cpuMs: (u + s) * 1000, rssKB: m };
}

let rusageFile;

/**
 * Run a process to completion: wall time in ms (spawn to exit, or fork to wait4 under rusage.py), exit code,
 * output, and, when RUSAGE_TOOL is set, the child's CPU time (user + sys) and peak RSS. CPU time is the steadier
 * number on a busy machine; both are reported.
 */
export function timeSync(cmd, args, { cwd = ROOT, env = benchEnv(), input } = {}) {
  rusageFile ??= RUSAGE_TOOL ? path.join(tempDir('rusage'), 'rusage.txt') : undefined;
  const [c, a] = RUSAGE_TOOL ? withRusage(rusageFile, cmd, args) : [cmd, args];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(c, a, {
    cwd,
    env,
    input,
    stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    maxBuffer: 256 * 1024 * 1024,
  });
  let ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.error) throw r.error;
  let cpuMs;
  let rssKB;
  if (RUSAGE_TOOL) {
    const u = readRusage(rusageFile);
    ms = u.wallMs ?? ms;
    cpuMs = u.cpuMs;
    rssKB = u.rssKB;
  }
  return {
    ms,
    cpuMs,
    rssKB,
    code: r.status,
    signal: r.signal,
    stdout: r.stdout.toString(),
    stderr: r.stderr.toString(),
  };
}

/**
 * Time until each of `patterns` first appears on the child's output (then
 * kill it). With `pty`, the command runs under util-linux `script` so it sees
 * a terminal; `script` makes it 0 columns wide (it copies the size of a terminal the harness does not have), so
 * nothing is wrapped, unless `columns` gives it a width (`stty cols`), as a person's terminal has. Resolves with the
 * ms at which each pattern was seen, and what `whenSeen(child)` returned, called once all were seen, before the
 * kill (start-prompt.mjs reads the node process's CPU there).
 */
export function timeUntil(
  cmd,
  args,
  patterns,
  {
    cwd = ROOT,
    env = benchEnv(),
    pty = false,
    columns = undefined,
    timeoutMs = 30_000,
    whenSeen = () => undefined,
  } = {},
) {
  const list = Array.isArray(patterns) ? patterns : [patterns];
  return new Promise((resolve, reject) => {
    const quote = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`;
    const line = [cmd, ...args].map(quote).join(' ');
    const sized = columns ? `stty cols ${Number(columns)} rows 40 && exec ${line}` : line;
    const [c, a] = pty ? ['script', ['-qfec', sized, '/dev/null']] : [cmd, args];
    const t0 = process.hrtime.bigint();
    const child = spawn(c, a, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    const seen = list.map(() => undefined);
    let out = '';
    let done = false;
    const finish = (err, extra) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
      if (err) reject(err);
      else resolve({ ms: seen, out, extra });
    };
    const timer = setTimeout(
      () =>
        finish(new Error(`timeout waiting for ${list.join(', ')} from ${cmd} ${args.join(' ')}\n${out.slice(-2000)}`)),
      timeoutMs,
    );
    const onData = (chunk) => {
      out += chunk;
      const now = Number(process.hrtime.bigint() - t0) / 1e6;
      list.forEach((p, i) => {
        if (seen[i] === undefined && p.test(out)) seen[i] = now;
      });
      if (seen.every((x) => x !== undefined)) finish(null, whenSeen(child));
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', onData);
    child.on('error', (e) => finish(e));
    child.on('exit', () =>
      setTimeout(() => finish(new Error(`exited before ${list.join(', ')}: ${out.slice(-2000)}`)), 100),
    );
  });
}

/**
 * Interleaved trials: each round runs every case once, in a rotating order,
 * so the baseline and the commands see the same machine state. A case's run()
 * returns wall ms, or { ms, cpuMs }. Returns the wall samples per case name;
 * CPU samples, when there are any, are on the `cpu` property of the result.
 */
export async function interleave(cases, { runs, warmup, onRound } = {}) {
  const samples = Object.fromEntries(cases.map((c) => [c.name, []]));
  const cpu = Object.fromEntries(cases.map((c) => [c.name, []]));
  for (let round = -warmup; round < runs; round++) {
    const order = cases.map((_, i) => cases[(i + Math.max(round, 0)) % cases.length]);
    for (const c of order) {
      const r = await c.run();
      if (round < 0) continue;
      if (typeof r === 'number') samples[c.name].push(r);
      else {
        samples[c.name].push(r.ms);
        if (r.cpuMs !== undefined) cpu[c.name].push(r.cpuMs);
      }
    }
    onRound?.(round);
  }
  Object.defineProperty(samples, 'cpu', { value: cpu, enumerable: false });
  return samples;
}

export function machine() {
  const cpu = (() => {
    try {
      return /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? os.cpus()[0]?.model ?? '?';
    } catch {
      return os.cpus()[0]?.model ?? '?';
    }
  })();
  const nproc = (() => {
    const r = spawnSync('nproc', { encoding: 'utf8' });
    return r.status === 0 ? r.stdout.trim() : String(os.availableParallelism?.() ?? os.cpus().length);
  })();
  return {
    date: new Date().toISOString(),
    node: process.version,
    nproc,
    cpu,
    memGB: (os.totalmem() / 2 ** 30).toFixed(1),
    os: `${os.type()} ${os.release()}`,
    load: os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' '),
  };
}

export const fmtMs = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);

/** A GitHub-flavoured markdown table. */
export function mdTable(header, rows) {
  const w = header.map((h, i) => Math.max(String(h).length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(w[i])).join(' | ')} |`;
  return [line(header), `|${w.map((n) => '-'.repeat(n + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

export const verdict = (ok) => (ok ? 'met' : 'NOT met');
