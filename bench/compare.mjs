#!/usr/bin/env node
// Side-by-side comparison of builds in one run, e.g. main before and after a change (each built by snapshot.sh):
//   node bench/compare.mjs ROUNDS "label=cmd args" ...
// One warm-up round, then ROUNDS rounds, each running every command once in a rotating order; CPU time (user+sys)
// and peak RSS from lib.mjs's RUSAGE_TOOL (bench/rusage.py, else GNU time), wall from fork to wait4; medians, ratios to the first command (make it
// `node -e 0`), and the load average after each round. Every child gets benchEnv() (lib.mjs: no NODE_* variables;
// `--keep-env` before ROUNDS keeps them), a fresh CRISIS_LOG_DIR and an empty cwd that is also its HOME, with
// CRISIS_CACHE_DIR=off (cold) and NO_COLOR=1. Arguments are split on spaces (no quoting).
// Exit codes: a command must exit 0, or one of the codes after a trailing `@` on its label (`validate@0,1=...`);
// any other exit stops the run before a table is printed (a command that fails fast would look fast).
import { spawnSync } from 'node:child_process';
import { rmSync, mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { benchEnv, expectedExit, harnessArgs, printRunHeader, readRusage, RUSAGE_TOOL, withRusage } from './lib.mjs';
const [rounds, ...specs] = harnessArgs();
const TIME_FILE = path.join(tmpdir(), `crisis-compare-${process.pid}.time`);
const cmds = specs.map((s) => {
  const i = s.indexOf('=');
  const [label, expect] = expectedExit(s.slice(0, i));
  return { label, expect, argv: s.slice(i + 1).split(' '), w: [], c: [], m: [], exit: new Set() };
});
const la = [loadavg()[0]];
printRunHeader(`rusage: ${RUSAGE_TOOL}`);
for (let r = -1; r < +rounds; r++) {
  for (let k = 0; k < cmds.length; k++) {
    const c = cmds[(k + r + 1) % cmds.length];
    const f = TIME_FILE;
    const logs = mkdtempSync(path.join(tmpdir(), 'p17c-'));
    const cwd = mkdtempSync(path.join(tmpdir(), 'p17w-'));
    const t0 = process.hrtime.bigint();
    const res = spawnSync(...withRusage(f, c.argv[0], c.argv.slice(1)), {
      cwd,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: benchEnv({ HOME: cwd, CRISIS_LOG_DIR: logs, CRISIS_CACHE_DIR: 'off' }),
    });
    const outer = Number(process.hrtime.bigint() - t0) / 1e6;
    if (!c.expect.includes(res.status)) {
      console.error(
        `compare: ${c.label}: exit ${res.status ?? res.signal}, expected ${c.expect.join(' or ')}; no table\n${res.stderr.toString().slice(-2000)}`,
      );
      process.exit(2);
    }
    const { wallMs, cpuMs, rssKB } = readRusage(f);
    const wall = wallMs ?? outer;
    c.exit.add(res.status);
    if (r >= 0) {
      c.w.push(wall);
      c.c.push(cpuMs);
      c.m.push(rssKB / 1024);
    }
    rmSync(logs, { recursive: true, force: true });
    rmSync(cwd, { recursive: true, force: true });
  }
  la.push(loadavg()[0]);
}
const med = (a) => {
  const b = [...a].sort((x, y) => x - y);
  return b[Math.floor(b.length / 2)];
};
const base = cmds[0];
for (const c of cmds)
  console.log(
    `${c.label.padEnd(26)} wall ${med(c.w).toFixed(0).padStart(6)} ms ${(med(c.w) / med(base.w)).toFixed(2)}x  cpu ${med(c.c).toFixed(0).padStart(5)} ms ${(med(c.c) / med(base.c)).toFixed(2)}x  rss ${med(c.m).toFixed(0)} MB  exit ${[...c.exit].join('/')}  cpu all ${c.c.map((x) => x.toFixed(0)).join(',')}`,
  );
console.log(`load per round: ${la.map((x) => x.toFixed(1)).join(' ')}`);
console.log(new Date().toISOString());
rmSync(TIME_FILE, { force: true });
