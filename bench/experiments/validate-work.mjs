#!/usr/bin/env node
// The WORK of `crisis validate FILE` apart from loading modules, for one or more builds in one run.
//   node bench/experiments/validate-work.mjs [--runs N] [--fresh K] [--args "validate"] FILE label=ROOT ...
// In-process: each build's dist/cli/main.js is imported into this process and `main([...args, FILE])` run once per
// mode (the warm-up: it loads every module the command needs), then N rounds, each running every build in every
// mode once in a rotating order: wall (performance.now) and CPU (process.cpuUsage) of the call, medians.
// Modes: cold = CRISIS_CACHE_DIR=off; first = a new empty cache dir per call (a first run: it writes the cache);
// warm = a cache dir the warm-up filled. A call in one process repeats only
// per-call work: what a process does once (the built-in index, a salt) is in the `fresh` rows.
// --fresh K: K fresh processes per build and mode, each importing first every module a recorded run of the same
// command loaded (bench/hooks/record-imports.mjs), then timing ONE main() call: the whole work of a command,
// one-time work included, without module loading (compiled from the build's code cache when it has one). Every run's output must be the same for all builds.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { takeOption } from '../lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const opt = (name, dflt) => takeOption(argv, name.replace(/^--/, ''), dflt);
const runs = Number(opt('--runs', '20'));
const fresh = Number(opt('--fresh', '0'));
const cmdArgs = opt('--args', 'validate').split(' ');
const child = opt('--child', undefined);
const modes = opt('--modes', 'cold,first,warm').split(',');
const [file, ...specs] = argv;
const builds = specs.map((s) => {
  const i = s.indexOf('=');
  return { label: s.slice(0, i), root: path.resolve(s.slice(i + 1)) };
});

// A child works in its parent's dir: the warm cache is the one the parent filled.
const tmp = child ? child.split('|')[4] : mkdtempSync(path.join(tmpdir(), 'cv-work-'));
let firsts = 0;
const envFor = (mode, label) => ({
  HOME: tmp,
  LANG: 'C.UTF-8',
  NO_COLOR: '1',
  PATH: process.env.PATH,
  CRISIS_LOG_DIR: path.join(tmp, 'logs'),
  CRISIS_CACHE_DIR:
    mode === 'cold'
      ? 'off'
      : mode === 'first'
        ? path.join(tmp, `first-${label}-${process.pid}-${firsts++}`)
        : path.join(tmp, `cache-${label}`),
});

function sink() {
  let text = '';
  return { stream: { write: (s) => ((text += s), true), isTTY: false, columns: 80 }, text: () => text };
}

/** `start`: the run is timed to its first prompt, where a prompter that interrupts stops it. */
const starting = cmdArgs[0] === 'start';
let logDirs = 0;

async function once(main, mode, label, root) {
  const out = sink();
  const err = sink();
  let prompted;
  const { PromptInterrupted } = starting
    ? await import(pathToFileURL(path.join(root, 'dist/drive/prompter.js')).href)
    : {};
  const stop = () => {
    prompted ??= { t: performance.now(), c: process.cpuUsage(c0) };
    return Promise.reject(new PromptInterrupted());
  };
  const env = envFor(mode, label);
  if (starting) env.CRISIS_LOG_DIR = path.join(tmp, `logs-${process.pid}-${logDirs++}`);
  const deps = {
    stdout: out.stream,
    stderr: err.stream,
    // A getter, as realDeps(): making process.stdin costs ~2 ms that no command here pays.
    get stdin() {
      return process.stdin;
    },
    ...(starting ? { prompter: { select: stop, input: stop, confirm: stop, editor: stop } } : {}),
    env,
    cwd: tmp,
    now: () => Date.now(),
    username: () => 'bench',
    hostname: 'bench',
    pid: process.pid,
  };
  let c0 = process.cpuUsage();
  const t0 = performance.now();
  c0 = process.cpuUsage();
  const code = await main([...cmdArgs, file], deps);
  const end = prompted ?? { t: performance.now(), c: process.cpuUsage(c0) };
  const wall = end.t - t0;
  // A session's id and times differ from run to run: a start is compared by its exit code and first line only.
  const text = out.text() + err.text();
  return {
    wall,
    cpu: (end.c.user + end.c.system) / 1000,
    code,
    out: starting ? text.split('\n')[0].replace(/\S*\d{8}\S*/g, 'ID') : text,
  };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

if (child) {
  // --child MODE: preload the recorded modules, then one timed call; prints JSON.
  const [mode, label, root, list] = child.split('|');
  // As bin/crisis.js does: dist/ compiled from the build's V8 code cache, where the build has one.
  const codeCache = path.join(root, 'bin/code-cache.js');
  if (existsSync(codeCache)) createRequire(import.meta.url)(codeCache).install();
  for (const url of list === '-' ? [] : readFileSync(list, 'utf8').split('\n'))
    if (url.startsWith('file:') && url.includes('/dist/')) await import(url);
  const { main } = await import(pathToFileURL(path.join(root, 'dist/cli/main.js')).href);
  // BENCH_CPU_PROFILE=FILE: a CPU profile of the timed call alone (node:inspector), for bench/profile-summary.mjs.
  let session;
  if (process.env.BENCH_CPU_PROFILE) {
    const { Session } = await import('node:inspector/promises');
    session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 50 });
    await session.post('Profiler.start');
  }
  const r = await once(main, mode, label, root);
  if (session) {
    const { profile } = await session.post('Profiler.stop');
    (await import('node:fs')).writeFileSync(process.env.BENCH_CPU_PROFILE, JSON.stringify(profile));
  }
  process.stdout.write(JSON.stringify(r));
  process.exit(0);
}

console.log(
  `${new Date().toISOString()} load ${loadavg()
    .map((x) => x.toFixed(2))
    .join(
      ' ',
    )} node ${process.version}; crisis ${cmdArgs.join(' ')} ${file}; ${runs} rounds in-process, ${fresh} fresh`,
);
const mains = [];
for (const b of builds) mains.push((await import(pathToFileURL(path.join(b.root, 'dist/cli/main.js')).href)).main);
const expected = new Map();
const check = (mode, label, r) => {
  const key = `${mode}`;
  const want = expected.get(key);
  if (want === undefined) expected.set(key, r);
  else if (want.out !== r.out || want.code !== r.code) {
    console.error(`output differs: ${label} ${mode}\n--- first\n${want.out}\n--- this\n${r.out}`);
    process.exit(2);
  }
};
for (const [k, b] of builds.entries())
  for (const mode of modes) {
    const r = await once(mains[k], mode, b.label, b.root); // warm-up; fills the warm cache
    check(mode, b.label, r);
  }
const samples = new Map();
const cells = [];
for (const b of builds) for (const mode of modes) cells.push({ b, k: builds.indexOf(b), mode });
for (let r = 0; r < runs; r++)
  for (let j = 0; j < cells.length; j++) {
    const { b, k, mode } = cells[(j + r) % cells.length];
    const res = await once(mains[k], mode, b.label, b.root);
    check(mode, b.label, res);
    const key = `${b.label} ${mode}`;
    if (!samples.has(key)) samples.set(key, { wall: [], cpu: [] });
    samples.get(key).wall.push(res.wall);
    samples.get(key).cpu.push(res.cpu);
  }
console.log('\n| build | mode | in-process wall ms (median) | CPU ms (median) | p25–p75 wall |');
console.log('|---|---|---|---|---|');
for (const [key, s] of samples) {
  const [label, mode] = key.split(' ');
  const w = [...s.wall].sort((a, b) => a - b);
  console.log(
    `| ${label} | ${mode} | ${median(s.wall).toFixed(2)} | ${median(s.cpu).toFixed(2)} | ${w[Math.floor(w.length / 4)].toFixed(2)}–${w[Math.floor((w.length * 3) / 4)].toFixed(2)} |`,
  );
}

if (fresh > 0) {
  // Which modules the command loads, per build (a recorded run), then K fresh processes per build and mode.
  const lists = builds.map((b) => {
    const list = path.join(tmp, `imports-${b.label}.txt`);
    // The call the children make, in a child that preloads nothing, under the import recorder.
    const res = spawnSync(
      process.execPath,
      [
        '--import',
        path.join(here, '../hooks/record-imports.mjs'),
        fileURLToPath(import.meta.url),
        '--child',
        `cold|${b.label}|${b.root}|-|${tmp}`,
        '--args',
        cmdArgs.join(' '),
        file,
      ],
      { env: { PATH: process.env.PATH, BENCH_IMPORT_LOG: list }, encoding: 'utf8' },
    );
    if (res.status !== 0) throw new Error(`record run: exit ${res.status}\n${res.stderr}`);
    return list;
  });
  const fs = new Map();
  for (let r = 0; r < fresh; r++)
    for (let j = 0; j < cells.length; j++) {
      const { b, k, mode } = cells[(j + r) % cells.length];
      const res = spawnSync(
        process.execPath,
        [
          fileURLToPath(import.meta.url),
          '--child',
          `${mode}|${b.label}|${b.root}|${lists[k]}|${tmp}`,
          '--args',
          cmdArgs.join(' '),
          file,
        ],
        {
          env: {
            PATH: process.env.PATH,
            // BENCH_CPU_PROFILE=PREFIX: each fresh child's timed call profiled to PREFIX-LABEL-MODE-ROUND.cpuprofile
            ...(process.env.BENCH_CPU_PROFILE && {
              BENCH_CPU_PROFILE: `${process.env.BENCH_CPU_PROFILE}-${b.label}-${mode}-${r}.cpuprofile`,
            }),
          },
          encoding: 'utf8',
        },
      );
      if (res.status !== 0) throw new Error(`child: exit ${res.status}\n${res.stderr}`);
      const o = JSON.parse(res.stdout);
      const key = `${b.label} ${mode}`;
      if (!fs.has(key)) fs.set(key, { wall: [], cpu: [] });
      fs.get(key).wall.push(o.wall);
      fs.get(key).cpu.push(o.cpu);
    }
  console.log('\n| build | mode | fresh process, one call: wall ms (median) | CPU ms (median) |');
  console.log('|---|---|---|---|');
  for (const [key, s] of fs) {
    const [label, mode] = key.split(' ');
    console.log(`| ${label} | ${mode} | ${median(s.wall).toFixed(2)} | ${median(s.cpu).toFixed(2)} |`);
  }
}
console.log(
  `\nload after: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
rmSync(tmp, { recursive: true, force: true });
