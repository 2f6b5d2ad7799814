#!/usr/bin/env node
// Issue 17's whole before/after table in ONE interleaved run: every row of both builds and the `node -e 0` (and pty)
// baselines in each round, in a rotating order, so all of them see the same machine. Usage:
//   node bench/experiments/whole-table.mjs [--keep-env] [--rounds N] [--appends N] [--json FILE] LABEL=ROOT ...
// ROOT is a built checkout (`npm ci && npm run build`, or `sh bench/snapshot.sh DIR`); give it absolute.
// Children get benchEnv() (bench/lib.mjs "Method": no NODE_*, empty temp HOME; `--keep-env` keeps the machine's
// NODE_*), an empty temp cwd, CRISIS_LOG_DIR in a temp dir; fixtures come from bench/generate.mjs (the user playbook
// and the libraries as `run.js scale` writes them; sessions re-chained from four drill logs written by each build's
// own `crisis drill`, with one untimed `status` first; 100 copies of the built-in drill). Every command must exit
// with the code its first (check) run had, 0 unless stated; pty rows (`script -qfec`, as run.js) are timed to the
// first step header and to the `What now?` prompt against a node that prints one line under the same wrapper.
// Appends (bench/appends.mjs: the bare loop and every build in one process, in turns) run once per round after the timed rows.
// Prints per row: wall and CPU medians, ratios to the baseline, peak RSS, and the load average after each round.
import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import * as path from 'node:path';
import { crisisYaml, writeDrills, writeLibrary, writeSessions } from '../generate.mjs';
import {
  BENCH_DIR,
  benchEnv,
  harnessArgs,
  keepEnv,
  median,
  NODE,
  takeOption,
  tempDir,
  timeSync,
  timeUntil,
} from '../lib.mjs';

const argv = harnessArgs();
const opt = (name, dflt) => takeOption(argv, name, dflt);
const ROUNDS = Number(opt('rounds', 5));
const APPENDS = Number(opt('appends', 2000));
const JSON_OUT = opt('json', undefined);
const builds = argv.map((a) => {
  const i = a.indexOf('=');
  return { label: a.slice(0, i), root: path.resolve(a.slice(i + 1)) };
});
if (builds.length === 0) {
  console.error('usage: whole-table.mjs [--keep-env] [--rounds N] [--appends N] [--json FILE] LABEL=ROOT ...');
  process.exit(2);
}
const progress = (s) => process.stderr.write(s);
const WORK = tempDir('whole-work');
const envWith = (extra) => benchEnv({ CRISIS_LOG_DIR: tempDir('whole-logs'), ...extra });

// Shared fixtures: the same bytes for every build.
const userDir = tempDir('whole-user');
const userFile = path.join(userDir, 'gen-crisis-00000.yaml');
writeFileSync(userFile, crisisYaml(0));
const libs = {};
for (const n of [100, 1000]) {
  libs[n] = tempDir(`whole-lib${n}`);
  writeLibrary(libs[n], n);
}
const drills100 = tempDir('whole-drills');
writeDrills(drills100, 100);
const drills4 = tempDir('whole-drills4');
writeDrills(drills4, 4);

const FIRST_STEP = /\[1\/\d+\]/;
const PROMPT = /What now\?/;
/** name -> { ms: [], cpu: [], rss: [], prompt: [], kind: 'plain' | 'pty', build, row } */
const series = new Map();
const cases = [];
const add = (name, kind, run, meta = {}) => {
  series.set(name, { ms: [], cpu: [], rss: [], prompt: [], kind, ...meta });
  cases.push({ name, run });
};

/** A plain case: exit code fixed by a check run now; every timed run must repeat it. */
function plain(name, root, args, env, meta) {
  const bin = path.join(root, 'bin', 'crisis.js');
  const first = timeSync(NODE, [bin, ...args], { cwd: WORK, env: env() });
  if (![0, 1].includes(first.code)) throw new Error(`${name}: check run exit ${first.code}\n${first.stderr}`);
  add(
    name,
    'plain',
    () => {
      const r = timeSync(NODE, [bin, ...args], { cwd: WORK, env: env() });
      if (r.code !== first.code) throw new Error(`${name}: exit ${r.code}, check run ${first.code}\n${r.stderr}`);
      return r;
    },
    { ...meta, exit: first.code },
  );
}
function pty(name, argv2, env, meta) {
  add(
    name,
    'pty',
    async () => {
      const r = await timeUntil(NODE, argv2, [FIRST_STEP, PROMPT], { cwd: WORK, env: env(), pty: true });
      return { ms: r.ms[0], prompt: r.ms[1] };
    },
    meta,
  );
}

add('node -e 0', 'plain', () => timeSync(NODE, ['-e', '0'], { cwd: WORK, env: envWith({}) }), { row: 'node -e 0' });
add(
  'pty: node prints a line',
  'pty',
  async () => {
    const code = 'console.log("[1/1] ready"); console.log("What now?"); setTimeout(() => {}, 5000)';
    const r = await timeUntil(NODE, ['-e', code], [FIRST_STEP, PROMPT], {
      cwd: WORK,
      env: envWith({ TERM: 'xterm-256color' }),
      pty: true,
    });
    return { ms: r.ms[0], prompt: r.ms[1] };
  },
  { row: 'pty: node prints a line' },
);

for (const b of builds) {
  const bin = path.join(b.root, 'bin', 'crisis.js');
  const m = (row) => ({ build: b.label, row });
  // The cache a user's own runs would have left (written by the check runs), one per build.
  const own = tempDir('whole-cache');
  const mine = (extra = {}) => envWith({ CRISIS_CACHE_DIR: own, ...extra });
  progress(`${b.label}: fixtures`);
  plain(`${b.label} --version`, b.root, ['--version'], () => mine(), m('--version'));
  plain(`${b.label} list`, b.root, ['list'], () => mine(), m('list'));
  plain(`${b.label} validate`, b.root, ['validate'], () => mine(), m('validate (built-ins)'));
  const userWarm = tempDir('whole-user-warm');
  plain(
    `${b.label} validate USER cold`,
    b.root,
    ['validate', userFile],
    () => envWith({ CRISIS_CACHE_DIR: tempDir('whole-cold') }),
    m('validate one user playbook, cache cold'),
  );
  plain(
    `${b.label} validate USER warm`,
    b.root,
    ['validate', userFile],
    () => envWith({ CRISIS_CACHE_DIR: userWarm }),
    m('validate one user playbook, cache warm'),
  );
  const term = { TERM: 'xterm-256color' };
  pty(
    `${b.label} start built-in`,
    [bin, 'start', 'product-quality'],
    () => mine(term),
    m('start product-quality (pty)'),
  );
  pty(
    `${b.label} start USER warm`,
    [bin, 'start', 'gen-crisis-00000', '--playbooks', userDir],
    () => envWith({ ...term, CRISIS_CACHE_DIR: userWarm }),
    m('start user playbook, cache warm (pty)'),
  );
  pty(
    `${b.label} start USER cold`,
    [bin, 'start', 'gen-crisis-00000', '--playbooks', userDir],
    () => envWith({ ...term, CRISIS_CACHE_DIR: tempDir('whole-cold') }),
    m('start user playbook, cache cold (pty)'),
  );
  for (const n of [100, 1000]) {
    const args = ['validate', libs[n], '--playbooks', libs[n]];
    plain(
      `${b.label} validate ${n} cold`,
      b.root,
      args,
      () => envWith({ CRISIS_CACHE_DIR: tempDir('whole-cold') }),
      m(`validate ${n} user playbooks, cold`),
    );
    if (n === 100) {
      const warm = tempDir('whole-lib-warm');
      plain(
        `${b.label} validate ${n} warm`,
        b.root,
        args,
        () => envWith({ CRISIS_CACHE_DIR: warm }),
        m(`validate ${n} user playbooks, warm`),
      );
    }
  }
  // Sessions: four drill logs as this build writes them, re-chained under new ids.
  const template = tempDir('whole-template');
  const d = timeSync(NODE, [bin, 'drill', drills4], {
    cwd: WORK,
    env: benchEnv({ CRISIS_LOG_DIR: template, CRISIS_CACHE_DIR: own }),
  });
  if (![0, 1].includes(d.code)) throw new Error(`${b.label} drill for sessions: exit ${d.code}\n${d.stderr}`);
  const dirs = {};
  for (const n of [1000, 10_000]) {
    dirs[n] = tempDir(`whole-status${n}`);
    await writeSessions(template, dirs[n], n);
    progress('.');
  }
  const one = tempDir('whole-status1');
  const [oneId] = await writeSessions(template, one, 1);
  const someId = readdirSync(dirs[10_000])
    .find((f) => f.endsWith('.jsonl'))
    .slice(0, -'.jsonl'.length);
  const st = (dir) => () => benchEnv({ CRISIS_LOG_DIR: dir, CRISIS_CACHE_DIR: own });
  for (const dir of [dirs[1000], dirs[10_000], one]) timeSync(NODE, [bin, 'status'], { cwd: WORK, env: st(dir)() });
  plain(`${b.label} status 1000`, b.root, ['status', '--drills'], st(dirs[1000]), m('status, 1,000 sessions'));
  plain(`${b.label} status 10000`, b.root, ['status', '--drills'], st(dirs[10_000]), m('status, 10,000 sessions'));
  plain(`${b.label} status ID (1)`, b.root, ['status', oneId], st(one), m('status ID, alone in the dir'));
  plain(
    `${b.label} status ID (10000)`,
    b.root,
    ['status', someId],
    st(dirs[10_000]),
    m('status ID, 10,000 others in the dir'),
  );
  plain(`${b.label} drill 100`, b.root, ['drill', drills100], () => mine(), m('100 drills, one `crisis drill DIR`'));
  progress(' ok\n');
}

const loads = [];
const appends = Object.fromEntries(builds.map((b) => [b.label, []]));
const t0 = new Date();
const load0 = loadavg();
for (let round = -1; round < ROUNDS; round++) {
  const order = cases.map((_, i) => cases[(i + Math.max(round, 0) * 3) % cases.length]);
  for (const c of order) {
    const r = await c.run();
    if (round < 0) continue;
    const s = series.get(c.name);
    s.ms.push(r.ms);
    if (r.cpuMs !== undefined) s.cpu.push(r.cpuMs);
    if (r.rssKB !== undefined) s.rss.push(r.rssKB / 1024);
    if (r.prompt !== undefined) s.prompt.push(r.prompt);
  }
  if (round >= 0 && APPENDS > 0) {
    // every build and the bare loop in one process, in turns (bench/appends.mjs)
    const r = spawnSync(
      NODE,
      [
        path.join(BENCH_DIR, 'appends.mjs'),
        tempDir('whole-appends'),
        String(APPENDS),
        '100',
        ...builds.map((b) => `${b.label}=${b.root}`),
      ],
      { encoding: 'utf8', env: benchEnv(), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    if (r.status !== 0) throw new Error(`appends: exit ${r.status}`);
    const out = JSON.parse(r.stdout);
    for (const b of builds) appends[b.label].push(out.builds[b.label].ratio);
  }
  loads.push(loadavg()[0]);
  progress(round < 0 ? 'w' : '.');
}
progress('\n');

const base = series.get('node -e 0');
const ptyBase = series.get('pty: node prints a line');
const f0 = (x) => (Number.isFinite(x) ? x.toFixed(0) : '–');
const f2 = (x) => (Number.isFinite(x) ? x.toFixed(2) : '–');
const out = {
  date: t0.toISOString(),
  end: new Date().toISOString(),
  env: keepEnv() ? 'keep' : 'clean',
  rounds: ROUNDS,
  loadStart: load0,
  loadPerRound: loads,
  builds,
  rows: {},
  appends,
};
console.log(
  `${t0.toISOString()} → ${out.end}; ${ROUNDS} rounds + 1 warm-up; env ${keepEnv() ? "the machine's NODE_* (--keep-env)" : 'clean (no NODE_*)'}; load at start ${load0.map((x) => x.toFixed(2)).join(' ')}`,
);
console.log(`load (1 min) after each round: ${loads.map((x) => x.toFixed(1)).join(' ')}`);
console.log(
  `baselines: node -e 0 wall ${f0(median(base.ms))} ms, CPU ${f0(median(base.cpu))} ms, RSS ${f0(median(base.rss))} MB; pty node to a line ${f0(median(ptyBase.ms))} ms, to its prompt line ${f0(median(ptyBase.prompt))} ms\n`,
);
const rowNames = [...new Set([...series.values()].filter((s) => s.build).map((s) => s.row))];
const head = ['row', ...builds.map((b) => `${b.label}: wall ms (×) / CPU ms (×) / RSS MB`)];
const lines = [head, head.map(() => '---')];
for (const row of rowNames) {
  const cells = [row];
  for (const b of builds) {
    const s = [...series.values()].find((x) => x.build === b.label && x.row === row);
    if (!s) {
      cells.push('');
      continue;
    }
    const rec = { wall: median(s.ms), exit: s.exit };
    if (s.kind === 'pty') {
      rec.prompt = median(s.prompt);
      rec.ratio = rec.wall / median(ptyBase.ms);
      rec.promptRatio = rec.prompt / median(ptyBase.prompt);
      cells.push(`step ${f0(rec.wall)} (${f2(rec.ratio)}×), prompt ${f0(rec.prompt)} (${f2(rec.promptRatio)}×)`);
    } else {
      rec.cpu = median(s.cpu);
      rec.rss = Math.max(...s.rss);
      rec.ratio = rec.wall / median(base.ms);
      rec.cpuRatio = rec.cpu / median(base.cpu);
      cells.push(
        `${f0(rec.wall)} (${f2(rec.ratio)}×) / ${f0(rec.cpu)} (${f2(rec.cpuRatio)}×) / ${f0(rec.rss)}${s.exit ? ` exit ${s.exit}` : ''}`,
      );
    }
    rec.samples = s.ms;
    rec.cpuSamples = s.cpu;
    out.rows[`${b.label}: ${row}`] = rec;
  }
  lines.push(cells);
}
if (APPENDS > 0)
  lines.push([
    `${APPENDS} fsync'd appends, FileEventLog / bare loop (bench/appends.mjs)`,
    ...builds.map((b) => `${f2(median(appends[b.label]))}× (${appends[b.label].map(f2).join(', ')})`),
  ]);
for (const l of lines) console.log(`| ${l.join(' | ')} |`);

// Issue 17's targets, per build: ratio targets on wall and on CPU (the steadier one on a loaded machine).
const T = [
  ['`--version` ≤ 1.3×', '--version', 'ratio', 1.3],
  ['`list` ≤ 2×', 'list', 'ratio', 2],
  ['built-in `validate` ≤ 3×', 'validate (built-ins)', 'ratio', 3],
  ['`validate` one user playbook ≤ 2.5× (cache cold)', 'validate one user playbook, cache cold', 'ratio', 2.5],
  ['`validate` one user playbook ≤ 2.5× (cache warm)', 'validate one user playbook, cache warm', 'ratio', 2.5],
  ['first prompt of a built-in ≤ 4× (pty)', 'start product-quality (pty)', 'prompt', 4],
  [
    '`start` user playbook to its first prompt ≤ 3× (pty, cache warm)',
    'start user playbook, cache warm (pty)',
    'prompt',
    3,
  ],
  [
    '`start` user playbook to its first prompt ≤ 3× (pty, cache cold)',
    'start user playbook, cache cold (pty)',
    'prompt',
    3,
  ],
  ['100 user playbooks ≤ 1.0 s cold', 'validate 100 user playbooks, cold', 'ms', 1000],
  ['100 user playbooks ≤ 0.3 s warm', 'validate 100 user playbooks, warm', 'ms', 300],
  ['1,000 user playbooks ≤ 2 s cold', 'validate 1000 user playbooks, cold', 'ms', 2000],
  ['`status` over 1,000 sessions ≤ 2×', 'status, 1,000 sessions', 'ratio', 2],
  ['`status` over 1,000 sessions ≤ 100 MB', 'status, 1,000 sessions', 'rss', 100],
  ['`status` over 10,000 sessions ≤ 1 s', 'status, 10,000 sessions', 'ms', 1000],
  ['100 drills ≤ 5 s', '100 drills, one `crisis drill DIR`', 'ms', 5000],
];
const tl = [
  ['target', ...builds.map((b) => b.label)],
  ['---', ...builds.map(() => '---')],
];
const ok = (x, lim, ge = false) => (!Number.isFinite(x) ? '–' : (ge ? x >= lim : x <= lim) ? 'met' : 'NOT met');
for (const [label, row, kind, lim] of T) {
  tl.push([
    label,
    ...builds.map((b) => {
      const r = out.rows[`${b.label}: ${row}`];
      if (!r) return '';
      if (kind === 'ratio')
        return `wall ${f2(r.ratio)}× ${ok(r.ratio, lim)}; CPU ${f2(r.cpuRatio)}× ${ok(r.cpuRatio, lim)}`;
      if (kind === 'prompt') return `${f2(r.promptRatio)}× ${ok(r.promptRatio, lim)}`;
      if (kind === 'rss') return `${f0(r.rss)} MB ${ok(r.rss, lim)}`;
      return `${f0(r.wall)} ms ${ok(r.wall, lim)} (CPU ${f0(r.cpu)} ms)`;
    }),
  ]);
}
tl.push([
  '`status ID` independent of other sessions (10,000 / alone < 1.2)',
  ...builds.map((b) => {
    const big = out.rows[`${b.label}: status ID, 10,000 others in the dir`];
    const one = out.rows[`${b.label}: status ID, alone in the dir`];
    const w = big.wall / one.wall;
    const c = big.cpu / one.cpu;
    return `wall ${f2(w)} ${ok(w, 1.2)}; CPU ${f2(c)} ${ok(c, 1.2)}`;
  }),
]);
if (APPENDS > 0)
  tl.push([
    "fsync'd append ≥ 0.8× the bare loop",
    ...builds.map((b) => `${f2(median(appends[b.label]))}× ${ok(median(appends[b.label]), 0.8, true)}`),
  ]);
console.log('');
for (const l of tl) console.log(`| ${l.join(' | ')} |`);
if (JSON_OUT) writeFileSync(JSON_OUT, `${JSON.stringify(out, null, 2)}\n`);
