#!/usr/bin/env node
// Instructions, not milliseconds: each command run under valgrind's cachegrind (no cache simulation), which counts
// the instructions every thread of the process executes in user space. The count moves by a few million from run
// to run, nearly all of it at start-up (Node 20.20's V8 tests random numbers for primality to make its hash seed:
// 67 and 151 tests of 92K instructions each in two callgrind runs; `node -e 0` 86-102M in one run), 0.5 to 2% of
// a command, where wall time on the shared 2-core bench host moves by 10 to 30% within the hour: with the median
// of three runs, a change of a few milliseconds can be told from noise in a few minutes. It is a
// proxy, not the target: it does not count the kernel (system calls, page faults) and counts the background
// compiler's work as if it were on the main thread.
// The targets stay in run.js (wall time, side by side); this is for deciding whether a change did anything.
//   node bench/instructions.mjs [--runs N] "label=cmd args" ...
// Each command runs N times (default 3) in a rotating order; median instructions, the spread (max - min) and the
// difference from the first command (make it `node -e 0`). Every child gets benchEnv() (lib.mjs: no NODE_*
// variables; `--keep-env` keeps them), a fresh CRISIS_LOG_DIR and an empty cwd that is also its HOME, with
// CRISIS_CACHE_DIR=off and NO_COLOR=1 (an `env VAR=value` prefix on a command sets its own). Arguments are split
// on spaces (no quoting). Exit codes as in compare.mjs: 0, or the codes after a trailing `@` on the label.
// Needs valgrind (`apt-get install -y valgrind`); a command takes about 50 times as long as without it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { benchEnv, expectedExit, harnessArgs, median, printRunHeader, takeOption } from './lib.mjs';

const argv = harnessArgs(undefined, { rusage: false });
const runs = Number(takeOption(argv, 'runs', '3'));
if (!Number.isInteger(runs) || runs < 1 || argv.length === 0 || argv.some((spec) => !(spec.indexOf('=') > 0))) {
  console.error('usage: node bench/instructions.mjs [--runs N] "label=cmd args" ...');
  process.exit(2);
}
if (spawnSync('valgrind', ['--version']).status !== 0) {
  console.error('instructions: valgrind is not installed (apt-get install -y valgrind)');
  process.exit(2);
}
const cmds = argv.map((spec) => {
  const at = spec.indexOf('=');
  const [label, expect] = expectedExit(spec.slice(0, at));
  return { label, expect, argv: spec.slice(at + 1).split(' '), counts: [] };
});

/** The "I refs" cachegrind prints for a run (the process and every thread it started). */
function instructionsOf(cmd) {
  const logs = mkdtempSync(path.join(tmpdir(), 'crisis-instr-logs-'));
  const cwd = mkdtempSync(path.join(tmpdir(), 'crisis-instr-home-'));
  try {
    const res = spawnSync(
      'valgrind',
      ['--tool=cachegrind', '--cache-sim=no', '--cachegrind-out-file=/dev/null', '--trace-children=yes', ...cmd.argv],
      {
        cwd,
        stdio: ['ignore', 'ignore', 'pipe'],
        env: benchEnv({ HOME: cwd, CRISIS_LOG_DIR: logs, CRISIS_CACHE_DIR: 'off' }),
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    const err = res.stderr.toString();
    if (!cmd.expect.includes(res.status)) {
      console.error(
        `instructions: ${cmd.label}: exit ${res.status ?? res.signal}, expected ${cmd.expect.join(' or ')}`,
      );
      console.error(err.slice(-2000));
      process.exit(2);
    }
    // one count per process that exits (`env A=b node …` execs node: one); a command's child processes add theirs
    const refs = [...err.matchAll(/I\s+refs:\s+([\d,]+)/g)].map((m) => Number(m[1].replaceAll(',', '')));
    if (refs.length === 0) {
      console.error(`instructions: ${cmd.label}: no count in valgrind's output\n${err.slice(-2000)}`);
      process.exit(2);
    }
    return refs.reduce((a, b) => a + b, 0);
  } finally {
    rmSync(logs, { recursive: true, force: true });
    rmSync(cwd, { recursive: true, force: true });
  }
}

printRunHeader(`valgrind cachegrind, ${runs} runs each`);
for (let r = 0; r < runs; r++) {
  for (let k = 0; k < cmds.length; k++) {
    const cmd = cmds[(k + r) % cmds.length];
    cmd.counts.push(instructionsOf(cmd));
  }
}
const M = (n) => `${(n / 1e6).toFixed(1)}M`;
const base = median(cmds[0].counts);
for (const c of cmds) {
  const m = median(c.counts);
  const spread = Math.max(...c.counts) - Math.min(...c.counts);
  console.log(
    `${c.label.padEnd(26)} ${M(m).padStart(9)} instructions ${(m / base).toFixed(3)}x  ${m >= base ? '+' : ''}${M(m - base).padStart(8)} over ${cmds[0].label}  spread ${M(spread)}  all ${c.counts.map(M).join(' ')}`,
  );
}
console.log(new Date().toISOString());
