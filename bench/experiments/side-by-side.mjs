// Two builds (or any commands) side by side in one run, for a before/after table on a shared machine:
//   node bench/experiments/side-by-side.mjs [--keep-env] ROUNDS 'label|ENV=V ENV2=V|cmd args' ...
// The first command is the baseline (`node -e 0`). Every round runs each command once, in a rotating order, after one
// warm-up round; medians of wall, of CPU (user+sys) and of peak RSS (lib.mjs RUSAGE_TOOL: bench/rusage.py, else GNU time). An env value of
// @fresh is a new empty temp dir for each run (a cold cache that gets written, as bench/run.js `scale` does).
// Children run in WORK_DIR (default: the temp dir) with benchEnv() (bench/lib.mjs: no NODE_* variables, an empty
// temp HOME, NO_COLOR=1; `--keep-env` keeps the machine's NODE_*), CRISIS_CACHE_DIR=off unless the spec sets it,
// and CRISIS_LOG_DIR in a temp dir.
// Exit codes: a command must exit 0, or one of the codes after a trailing `@` on its label ('validate@0,1|...');
// any other exit, in any round, stops the run before a table is printed (a wrong path fails fast and looks fast).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { benchEnv, expectedExit, harnessArgs, keepEnv, readRusage, RUSAGE_TOOL, withRusage } from '../lib.mjs';
const [rounds, ...specs] = harnessArgs();
const cmds = specs.map((s) => {
  const [spec, envs, cmd] = s.split('|');
  const [label, expect] = expectedExit(spec);
  return {
    label,
    expect,
    envs: envs ? envs.split(' ') : [],
    argv: cmd.split(' '),
    w: [],
    c: [],
    m: [],
    exit: new Set(),
  };
});
const la0 = loadavg();
const f = path.join(mkdtempSync(path.join(tmpdir(), 'side-by-side-')), 'time.txt');
const logs = path.join(path.dirname(f), 'logs');
const cwd = process.env.WORK_DIR ?? path.dirname(f);
mkdirSync(logs);
for (let r = -1; r < +rounds; r++) {
  for (let k = 0; k < cmds.length; k++) {
    const c = cmds[(k + r + 1) % cmds.length];
    const env = benchEnv({ CRISIS_LOG_DIR: logs, CRISIS_CACHE_DIR: 'off' });
    for (const e of c.envs) {
      const [k2, v] = e.split('=');
      env[k2] = v === '@fresh' ? mkdtempSync(path.join(tmpdir(), 'side-by-side-cache-')) : v;
    }
    const t0 = process.hrtime.bigint();
    const res = spawnSync(...withRusage(f, c.argv[0], c.argv.slice(1)), {
      stdio: ['ignore', 'ignore', 'pipe'],
      env,
      cwd,
    });
    const outer = Number(process.hrtime.bigint() - t0) / 1e6;
    if (!c.expect.includes(res.status)) {
      console.error(
        `side-by-side: ${c.label}: exit ${res.status ?? res.signal}, expected ${c.expect.join(' or ')}; no table\n${String(res.stderr).slice(-2000)}`,
      );
      process.exit(2);
    }
    c.exit.add(res.status);
    const { wallMs, cpuMs, rssKB } = readRusage(f);
    const wall = wallMs ?? outer;
    if (r >= 0) {
      c.w.push(wall);
      c.c.push(cpuMs);
      c.m.push(rssKB / 1024);
    }
  }
  process.stderr.write('.');
}
const med = (a) => {
  const b = [...a].sort((x, y) => x - y);
  return b[Math.floor(b.length / 2)];
};
const base = cmds[0];
console.log(
  `${new Date().toISOString()} rounds ${rounds} (+1 warm-up); load ${la0.map((x) => x.toFixed(1)).join(' ')} -> ${loadavg()
    .map((x) => x.toFixed(1))
    .join(
      ' ',
    )}; env: ${keepEnv() ? "the machine's NODE_* kept (--keep-env)" : 'clean (no NODE_*)'}; rusage: ${RUSAGE_TOOL}`,
);
for (const c of cmds)
  console.log(
    `${c.label.padEnd(30)} wall ${med(c.w).toFixed(0).padStart(6)} ms ${(med(c.w) / med(base.w)).toFixed(2)}x  cpu ${med(c.c).toFixed(0).padStart(5)} ms ${(med(c.c) / med(base.c)).toFixed(2)}x  rss ${med(c.m).toFixed(0)} MB  exit ${[...c.exit].join('/')}`,
  );
