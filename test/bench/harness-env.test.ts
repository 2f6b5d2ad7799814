// The benchmark harnesses (bench/run.js, bench/compare.mjs, bench/experiments/side-by-side.mjs) time their children
// in one documented environment: without NODE_* variables (NODE_EXTRA_CA_CERTS makes every node start read a CA
// bundle: on the machine this was found on, `node -e 0` took 83 ms with it and 31 ms without), unless asked to keep
// them; and a command that exits with an unexpected code stops the run instead of being timed as if it had worked.
// No timing is asserted here: only which variables a child sees and which exit codes a harness accepts.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LIB = pathToFileURL(path.join(ROOT, 'bench', 'lib.mjs')).href;
const COMPARE = path.join(ROOT, 'bench', 'compare.mjs');
const SIDE_BY_SIDE = path.join(ROOT, 'bench', 'experiments', 'side-by-side.mjs');
const RUSAGE_PY = path.join(ROOT, 'bench', 'rusage.py');
const INSTRUCTIONS = path.join(ROOT, 'bench', 'instructions.mjs');
const HAS_VALGRIND = spawnSync('valgrind', ['--version']).status === 0;
const HAS_PYTHON = spawnSync('python3', ['--version']).status === 0;
const HAS_TIME = existsSync('/usr/bin/time') || HAS_PYTHON;

interface Lib {
  benchEnv(extra?: Record<string, string>): Record<string, string | undefined>;
  expectedExit(label: string): [string, number[]];
}
const lib = (): Promise<Lib> => import(LIB) as Promise<Lib>;

const temps: string[] = [];
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

const SET = {
  NODE_EXTRA_CA_CERTS: '/nonexistent/bench-test-ca.pem',
  NODE_OPTIONS: '--no-warnings',
  NODE_COMPILE_CACHE: '/nonexistent/bench-test-cache',
  CRISIS_PLAYBOOKS: '/nonexistent/playbooks',
  XDG_CACHE_HOME: '/nonexistent/xdg-cache',
  LC_ALL: 'zh_CN.UTF-8',
  BENCH_TEST_OTHER: 'kept',
};
const saved = new Map<string, string | undefined>();
const setEnv = (vars: Record<string, string>) => {
  for (const [k, v] of Object.entries(vars)) {
    if (!saved.has(k)) saved.set(k, process.env[k]);
    process.env[k] = v;
  }
};
afterEach(() => {
  for (const [k, v] of saved) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  saved.clear();
});

describe('benchEnv: the environment every timed child gets', () => {
  it('drops NODE_EXTRA_CA_CERTS, NODE_OPTIONS and every other NODE_*, CRISIS_*, XDG_* and LC_ALL; keeps the rest', async () => {
    setEnv({ ...SET, BENCH_KEEP_ENV: '0' });
    const env = (await lib()).benchEnv({ CRISIS_LOG_DIR: '/tmp/x' });
    expect(Object.keys(env).filter((k) => /^(NODE_|CRISIS_PLAYBOOKS|XDG_|LC_ALL)/.test(k))).toEqual([]);
    expect(env.BENCH_TEST_OTHER).toBe('kept');
    expect(env.PATH).toBe(process.env.PATH);
    expect(env.CRISIS_LOG_DIR).toBe('/tmp/x');
    expect(env.NO_COLOR).toBe('1');
    expect(env.LANG).toBe('C.UTF-8');
    // an empty home of its own, never the real one
    expect(env.HOME).not.toBe(process.env.HOME);
    expect(path.basename(env.HOME ?? '')).toMatch(/^crisis-bench-home-/);
  });

  it('with BENCH_KEEP_ENV=1 (--keep-env) keeps the machine NODE_* variables but still drops NODE_OPTIONS', async () => {
    setEnv({ ...SET, BENCH_KEEP_ENV: '1' });
    const env = (await lib()).benchEnv();
    expect(env.NODE_EXTRA_CA_CERTS).toBe(SET.NODE_EXTRA_CA_CERTS);
    expect(env.NODE_COMPILE_CACHE).toBe(SET.NODE_COMPILE_CACHE);
    expect(env.NODE_OPTIONS).toBeUndefined();
    expect(env.CRISIS_PLAYBOOKS).toBeUndefined();
  });

  it('reads expected exit codes from a trailing @ on a label', async () => {
    const { expectedExit } = await lib();
    expect(expectedExit('validate')).toEqual(['validate', [0]]);
    expect(expectedExit('validate built-ins@0,1')).toEqual(['validate built-ins', [0, 1]]);
    expect(expectedExit('a@b@2')).toEqual(['a@b', [2]]);
  });
});

/**
 * Exit 0 when the child sees neither variable, 1 when it sees NODE_EXTRA_CA_CERTS, 2 for NODE_OPTIONS (no spaces or
 * `|`: the harnesses split on them).
 */
const PROBE = 'node -e process.exit(process.env.NODE_EXTRA_CA_CERTS?1:process.env.NODE_OPTIONS?2:0)';

function harness(script: string, args: string[]) {
  const cwd = mkdtempSync(path.join(tmpdir(), 'crisis-harness-env-'));
  temps.push(cwd);
  const r = spawnSync(process.execPath, [script, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
    env: { PATH: process.env.PATH, NODE_EXTRA_CA_CERTS: SET.NODE_EXTRA_CA_CERTS, WORK_DIR: cwd },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Two or three runs of a harness (a warm-up round and one round each, up to 60 s apiece on a loaded machine). */
const HARNESS_RUNS = 180_000;

describe.skipIf(!HAS_TIME)('side-by-side.mjs and compare.mjs: clean children, refused exit codes', () => {
  it(
    'side-by-side: a child does not see NODE_EXTRA_CA_CERTS; with --keep-env it does',
    () => {
      const clean = harness(SIDE_BY_SIDE, ['1', 'node -e 0||node -e 0', `probe||${PROBE}`]);
      expect(clean.stderr).not.toMatch(/no table/);
      expect(clean.code).toBe(0);
      expect(clean.stdout).toMatch(/env: clean \(no NODE_\*\)/);
      expect(clean.stdout).toMatch(/^probe +wall .* exit 0$/m);
      const kept = harness(SIDE_BY_SIDE, ['--keep-env', '1', 'node -e 0||node -e 0', `probe@1||${PROBE}`]);
      expect(kept.code).toBe(0);
      expect(kept.stdout).toMatch(/^probe +wall .* exit 1$/m);
    },
    HARNESS_RUNS,
  );

  it(
    'side-by-side: a command exiting other than expected stops the run without a table',
    () => {
      const r = harness(SIDE_BY_SIDE, ['--keep-env', '1', 'node -e 0||node -e 0', `probe||${PROBE}`]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/side-by-side: probe: exit 1, expected 0; no table/);
      expect(r.stderr).not.toMatch(/SyntaxError/);
      expect(r.stdout).not.toMatch(/wall/);
      const rel = harness(SIDE_BY_SIDE, ['1', 'node -e 0||node -e 0', 'relative||node bin/crisis.js --version']);
      expect(rel.code).toBe(2);
      expect(rel.stderr).toMatch(/side-by-side: relative: exit 1, expected 0; no table/);
    },
    HARNESS_RUNS,
  );

  it(
    'compare: the same rules',
    () => {
      const clean = harness(COMPARE, ['1', 'node -e 0=node -e 0', `probe=${PROBE}`]);
      expect(clean.code).toBe(0);
      expect(clean.stdout).toMatch(/^probe +wall .* exit 0 /m);
      const refused = harness(COMPARE, ['--keep-env', '1', 'node -e 0=node -e 0', `probe=${PROBE}`]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/compare: probe: exit 1, expected 0; no table/);
      expect(refused.stderr).not.toMatch(/SyntaxError/);
      const kept = harness(COMPARE, ['--keep-env', '1', 'node -e 0=node -e 0', `probe@1=${PROBE}`]);
      expect(kept.code).toBe(0);
      expect(kept.stdout).toMatch(/^probe +wall .* exit 1 /m);
    },
    HARNESS_RUNS,
  );
});

// valgrind is in .ci/run's packages. No timing: a count of instructions the work must show, and the same rules.
describe.skipIf(!HAS_VALGRIND)('instructions.mjs: instructions counted under valgrind, clean children', () => {
  it('counts a loop of 3 million additions as at least 3 million more instructions than a child doing nothing', () => {
    const spin = 'node -e var/**/s=0;for(var/**/i=0;i<3e6;i++)s+=i;process.exitCode=s>0?0:1';
    const r = harness(INSTRUCTIONS, ['--runs', '1', `probe=${PROBE}`, `spin=${spin}`]);
    // (the harness's own node warns about the CA file the test gives it; its children never see it)
    expect(r.stderr).not.toMatch(/instructions:/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/env: clean \(no NODE_\*\) valgrind cachegrind, 1 runs each/);
    const count = (label: string) => {
      const m = new RegExp(`^${label} +([\\d.]+)M instructions`, 'm').exec(r.stdout);
      expect(m, r.stdout).not.toBeNull();
      return Number(m![1]);
    };
    // node itself starts in tens of millions; the loop adds at least one instruction per addition
    expect(count('probe')).toBeGreaterThan(10);
    expect(count('spin') - count('probe')).toBeGreaterThanOrEqual(3);
    expect(r.stdout).toMatch(/^spin +[\d.]+M instructions [\d.]+x {2}\+ *[\d.]+M over probe/m);
  }, 180_000);

  it('a child that sees NODE_EXTRA_CA_CERTS (--keep-env) and exits 1 stops the run without a table', () => {
    const r = harness(INSTRUCTIONS, ['--keep-env', '--runs', '1', `probe=${PROBE}`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^instructions: probe: exit 1, expected 0$/m);
    expect(r.stdout).not.toMatch(/instructions [\d.]+x/);
    const expected = harness(INSTRUCTIONS, ['--keep-env', '--runs', '1', `probe@1=${PROBE}`]);
    expect(expected.code).toBe(0);
    expect(expected.stdout).toMatch(/^probe +[\d.]+M instructions 1\.000x/m);
  }, 180_000);

  it.each([
    ['no runs', ['--runs', '0', 'x=node -e 0']],
    ['no command', ['--runs', '1']],
    ['a command without a label', ['--runs', '1', 'node -e 0']],
  ])('refuses %s: a usage line and exit 2', (_name, args) => {
    const r = harness(INSTRUCTIONS, args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^usage: node bench\/instructions\.mjs \[--runs N\] "label=cmd args" \.\.\.$/m);
    expect(r.stdout).toBe('');
  });
});

describe.skipIf(!HAS_PYTHON)('rusage.py: the CPU time of a child to the microsecond', () => {
  it('writes wall, user, sys and peak RSS, and exits with the command exit code', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'crisis-rusage-'));
    temps.push(dir);
    const file = path.join(dir, 'out.txt');
    // spins until the process itself has used 60 ms of CPU (not a timing: a work bound the numbers must reflect)
    const spin = 'while(process.cpuUsage().user+process.cpuUsage().system<60000);process.exit(3)';
    const r = spawnSync('python3', [RUSAGE_PY, file, process.execPath, '-e', spin], { encoding: 'utf8' });
    expect(r.status).toBe(3);
    const fields = readFileSync(file, 'utf8').trim().split(' ');
    expect(fields).toHaveLength(4);
    const [wall, user, sys, rss] = fields.map(Number);
    // at least 60 ms of CPU, hence of wall, reported with six decimals, not GNU time's two
    expect(wall).toBeGreaterThanOrEqual(0.06);
    expect((user ?? 0) + (sys ?? 0)).toBeGreaterThanOrEqual(0.06);
    expect(fields[1]).toMatch(/^\d+\.\d{6}$/);
    expect(rss).toBeGreaterThan(10_000);
    const killed = spawnSync('python3', [RUSAGE_PY, file, process.execPath, '-e', 'process.kill(process.pid, 9)']);
    expect(killed.status).toBe(137);
  });
});
