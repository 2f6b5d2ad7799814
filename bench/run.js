#!/usr/bin/env node
// crisis benchmark harness. `npm run bench` runs every sub-benchmark;
// `npm run bench -- startup scale` runs the named ones. See bench/README.md.
//
//   startup  --version, list, validate (built-ins), start (first step, in a pty) vs `node -e 0`
//   scale    validate a generated library of 10/100/1,000/10,000 playbooks x 20 steps, cache cold and warm
//   status   `crisis status` over 1,000 and 10,000 sessions; `status ID` beside 1 and 10,000 others
//   drills   one `crisis drill DIR` over 100 copies of a built-in drill
//   appends  10,000 FileEventLog appends vs a bare writeSync+fsyncSync loop
//   bigLog   verify and replay a 1,000,000-event log: time and peak RSS
//   ansible  `ansible-playbook --syntax-check` vs `crisis validate` on one playbook
//   modules  import cost of each dependency and entry module (fresh process each)
//   profile  CPU profiles of list, validate, drill and verify, summarised (not in the default set)
//   phases   validate of one user playbook, CPU by phase (bench/phases.mjs; not in the default set)
//
// Options: --runs N (startup trials, default 20), --warmup N (default 3),
// --quick (fewer runs, smaller sizes), --sizes 10,100,1000,10000,
// --events N (bigLog, default 1e6), --appends N (default 10000),
// --drills N (default 100), --json FILE (write every measurement),
// --keep-env (keep the machine's NODE_* variables in the children's environment; see benchEnv in lib.mjs).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import {
  assertBuilt,
  BENCH_DIR,
  benchEnv,
  BIN,
  fmtMs,
  interleave,
  keepEnv,
  machine,
  mdTable,
  median,
  NODE,
  quantile,
  ROOT,
  RUSAGE_TOOL,
  takeOption,
  tempDir,
  timeSync,
  timeUntil,
  verdict,
} from './lib.mjs';
import { ansibleYaml, crisisYaml, writeBigLog, writeDrills, writeLibrary, writeSessions } from './generate.mjs';

const ALL = ['startup', 'scale', 'status', 'drills', 'appends', 'bigLog', 'ansible', 'modules'];
const EXTRA = ['profile', 'phases'];

const argv = process.argv.slice(2);
const opt = (name, dflt) => takeOption(argv, name, dflt);
const flag = (name) => {
  const i = argv.indexOf(`--${name}`);
  if (i < 0) return false;
  argv.splice(i, 1);
  return true;
};
const QUICK = flag('quick');
if (flag('keep-env')) process.env.BENCH_KEEP_ENV = '1';
const RUNS = Number(opt('runs', QUICK ? 8 : 20));
const WARMUP = Number(opt('warmup', QUICK ? 1 : 3));
const SIZES = opt('sizes', QUICK ? '10,100,1000' : '10,100,1000,10000')
  .split(',')
  .map(Number);
const EVENTS = Number(opt('events', QUICK ? 200_000 : 1_000_000));
const APPENDS = Number(opt('appends', QUICK ? 1000 : 10_000));
const DRILLS = Number(opt('drills', 100));
const JSON_OUT = opt('json', undefined);
const selected = argv.length > 0 ? argv : ALL;
for (const name of selected) {
  if (![...ALL, ...EXTRA].includes(name)) {
    console.error(`bench: unknown benchmark "${name}"; choose from ${[...ALL, ...EXTRA].join(', ')}`);
    process.exit(2);
  }
}
assertBuilt();

const results = {
  machine: machine(),
  root: ROOT,
  options: { RUNS, WARMUP, SIZES, EVENTS, APPENDS, DRILLS, QUICK, KEEP_ENV: keepEnv() },
  benches: {},
};
/** rows of the final summary: [target, limit, measured, verdict] */
const summary = [];
const log = (...a) => console.log(...a);
const progress = (s) => process.stderr.write(s);

// Every crisis child runs in an empty temp dir (no ./playbooks) with a temp log dir.
const WORK = tempDir('work');
const LOGS = tempDir('logs');
const env = benchEnv({ CRISIS_LOG_DIR: LOGS });
const crisis = (args, o = {}) => timeSync(NODE, [BIN, ...args], { cwd: WORK, env, ...o });
const baseline = () => timeSync(NODE, ['-e', '0'], { cwd: WORK, env });
const mustExit = (r, codes, what) => {
  if (!codes.includes(r.code))
    throw new Error(`${what}: exit ${r.code}\n${r.stderr.slice(-3000)}\n${r.stdout.slice(-1000)}`);
  return r;
};

const benches = {
  async startup() {
    log(`\n## startup (${RUNS} interleaved runs after ${WARMUP} warm-up rounds; medians)`);
    // One check run of each, so a broken command fails loudly instead of timing an error.
    mustExit(crisis(['--version']), [0], '--version');
    mustExit(crisis(['list']), [0], 'list');
    mustExit(crisis(['validate']), [0, 1], 'validate');
    // One user playbook (20 steps, from the README format), validated with the cache cold (a fresh cache dir
    // each run) and warm, and started in a pty; CRISIS_CACHE_DIR is ignored by builds without the cache.
    const userDir = tempDir('user-lib');
    const userFile = path.join(userDir, 'gen-crisis-00000.yaml');
    writeFileSync(userFile, crisisYaml(0));
    const warmCache = tempDir('cache-warm');
    const cold = () => benchEnv({ CRISIS_LOG_DIR: LOGS, CRISIS_CACHE_DIR: tempDir('cache-cold') });
    const warm = benchEnv({ CRISIS_LOG_DIR: LOGS, CRISIS_CACHE_DIR: warmCache });
    mustExit(crisis(['validate', userFile], { env: warm }), [0], 'validate user file');
    // A fresh log dir for every start: a killed run leaves a paused session, and the next `start` of the same
    // playbook would ask whether to resume it instead of showing the first step.
    const startEnv = () => benchEnv({ CRISIS_LOG_DIR: tempDir('start-logs'), TERM: 'xterm-256color' });
    const FIRST_STEP = /\[1\/\d+\]/;
    const PROMPT = /What now\?/;
    const startTimes = { step: [], prompt: [], userPrompt: [] };
    const cases = [
      { name: 'node -e 0', run: () => baseline() },
      { name: 'crisis --version', run: () => mustExit(crisis(['--version']), [0], '--version') },
      { name: 'crisis list', run: () => mustExit(crisis(['list']), [0], 'list') },
      { name: 'crisis validate', run: () => mustExit(crisis(['validate']), [0, 1], 'validate') },
      {
        name: 'crisis validate USER.yaml (cache cold)',
        run: () => mustExit(crisis(['validate', userFile], { env: cold() }), [0], 'validate user (cold)'),
      },
      {
        name: 'crisis validate USER.yaml (cache warm)',
        run: () => mustExit(crisis(['validate', userFile], { env: warm }), [0], 'validate user (warm)'),
      },
      // pty baseline: the same `script` wrapper around a node that prints one line
      {
        name: 'pty: node prints a line',
        run: async () =>
          (
            await timeUntil(NODE, ['-e', 'console.log("[1/1] ready"); setTimeout(() => {}, 5000)'], [FIRST_STEP], {
              cwd: WORK,
              env: startEnv(),
              pty: true,
            })
          ).ms[0],
      },
      {
        name: 'pty: crisis start (first step shown)',
        run: async () => {
          const r = await timeUntil(NODE, [BIN, 'start', 'product-quality'], [FIRST_STEP, PROMPT], {
            cwd: WORK,
            env: startEnv(),
            pty: true,
          });
          startTimes.step.push(r.ms[0]);
          startTimes.prompt.push(r.ms[1]);
          return r.ms[0];
        },
      },
      {
        name: 'pty: crisis start USER playbook (first step shown)',
        run: async () => {
          const r = await timeUntil(
            NODE,
            [BIN, 'start', 'gen-crisis-00000', '--playbooks', userDir],
            [FIRST_STEP, PROMPT],
            {
              cwd: WORK,
              env: { ...startEnv(), CRISIS_CACHE_DIR: warmCache },
              pty: true,
            },
          );
          startTimes.userPrompt.push(r.ms[1]);
          return r.ms[0];
        },
      },
    ];
    const s = await interleave(cases, { runs: RUNS, warmup: WARMUP, onRound: (r) => progress(r < 0 ? 'w' : '.') });
    progress('\n');
    startTimes.step.splice(0, WARMUP);
    startTimes.prompt.splice(0, WARMUP);
    startTimes.userPrompt.splice(0, WARMUP);
    const base = median(s['node -e 0']);
    const cpuBase = s.cpu['node -e 0'].length ? median(s.cpu['node -e 0']) : NaN;
    const ptyBase = median(s['pty: node prints a line']);
    const rows = Object.entries(s).map(([name, xs]) => {
      const m = median(xs);
      const b = name.startsWith('pty:') ? ptyBase : base;
      const c = s.cpu[name];
      return [
        name,
        fmtMs(m),
        fmtMs(quantile(xs, 0.25)),
        fmtMs(quantile(xs, 0.75)),
        `${(m / b).toFixed(2)}×`,
        c.length ? fmtMs(median(c)) : '',
        c.length ? `${(median(c) / cpuBase).toFixed(2)}×` : '',
      ];
    });
    for (const [name, xs] of [
      ['pty: crisis start (prompt ready)', startTimes.prompt],
      ['pty: crisis start USER playbook (prompt ready)', startTimes.userPrompt],
    ])
      rows.push([
        name,
        fmtMs(median(xs)),
        fmtMs(quantile(xs, 0.25)),
        fmtMs(quantile(xs, 0.75)),
        `${(median(xs) / ptyBase).toFixed(2)}×`,
        '',
        '',
      ]);
    log(mdTable(['command', 'wall median', 'p25', 'p75', 'wall ratio', 'CPU median', 'CPU ratio'], rows));
    log(
      `(wall ratios: plain commands against \`node -e 0\`, pty rows against the pty baseline, all measured in the same rounds; CPU = user+sys from ${RUSAGE_TOOL === 'rusage.py' ? 'bench/rusage.py, µs' : 'GNU time, 10 ms steps'})`,
    );
    const ratio = (name, b = base) => median(s[name]) / b;
    const targets = [
      ['`crisis --version` ≤ 1.3× `node -e 0`', 1.3, ratio('crisis --version')],
      ['`crisis list` ≤ 2×', 2, ratio('crisis list')],
      ['`crisis validate` (built-ins) ≤ 3×', 3, ratio('crisis validate')],
      [
        '`crisis start` first step ≤ 4× (pty vs pty baseline)',
        4,
        ratio('pty: crisis start (first step shown)', ptyBase),
      ],
      ['`crisis validate USER.yaml` ≤ 2.5× (cache warm)', 2.5, ratio('crisis validate USER.yaml (cache warm)')],
      [
        '`crisis validate USER.yaml` ≤ 2.5× (cache cold: first run)',
        2.5,
        ratio('crisis validate USER.yaml (cache cold)'),
      ],
      ['`crisis start USER` to its first prompt ≤ 3× (pty, cache warm)', 3, median(startTimes.userPrompt) / ptyBase],
    ];
    for (const [t, lim, r] of targets) summary.push([t, `${lim}×`, `${r.toFixed(2)}×`, verdict(r <= lim)]);
    results.benches.startup = { samples: s, cpu: s.cpu, startTimes, baseline: base, ptyBaseline: ptyBase };
  },

  async scale() {
    log(
      `\n## scale: crisis validate DIR --playbooks DIR on N generated playbooks × 20 steps (each uses task-force), cache cold and warm`,
    );
    const rows = [];
    const data = [];
    for (const n of SIZES) {
      const dir = tempDir(`lib${n}`);
      const bytes = writeLibrary(dir, n);
      const runs = n >= 10_000 ? 1 : n >= 1000 ? 3 : 5;
      const samples = [];
      const cpu = [];
      const rss = [];
      const base = [];
      const warm = [];
      const warmCpu = [];
      const warmCache = tempDir(`cache-warm${n}`);
      const run = (cacheDir) =>
        mustExit(
          crisis(['validate', dir, '--playbooks', dir], {
            env: benchEnv({ CRISIS_LOG_DIR: LOGS, CRISIS_CACHE_DIR: cacheDir }),
          }),
          [0],
          `validate ${n}`,
        );
      let check = run(warmCache).stdout.trim().split('\n').at(-1);
      for (let i = -1; i < runs; i++) {
        if (n >= 1000 && i < 0) continue; // no warm-up for the big ones: they take seconds
        const b = baseline().ms;
        const r = run(tempDir(`cache-cold${n}`));
        const w = run(warmCache);
        check = r.stdout.trim().split('\n').at(-1);
        if (i >= 0) {
          samples.push(r.ms);
          cpu.push(r.cpuMs ?? NaN);
          rss.push((r.rssKB ?? NaN) / 1024);
          base.push(b);
          warm.push(w.ms);
          warmCpu.push(w.cpuMs ?? NaN);
        }
        progress('.');
      }
      const m = median(samples);
      data.push({ n, bytes, samples, cpu, rss, baseline: base, warm, warmCpu, summary: check });
      rows.push([
        n,
        n * 20,
        `${(bytes / 1048576).toFixed(1)} MB`,
        runs,
        fmtMs(m),
        fmtMs(median(cpu)),
        `${Math.max(...rss).toFixed(0)} MB`,
        fmtMs(median(warm)),
        fmtMs(median(warmCpu)),
        fmtMs(median(base)),
        check,
      ]);
    }
    progress('\n');
    log(
      mdTable(
        [
          'playbooks',
          'own steps',
          'YAML',
          'runs',
          'cold wall',
          'cold CPU',
          'cold peak RSS',
          'warm wall',
          'warm CPU',
          'node -e 0',
          'crisis says',
        ],
        rows,
      ),
    );
    const small = data[0];
    const marginal = (of) => data.map((d) => (median(of(d)) - median(of(small))) / Math.max(1, d.n - small.n));
    const per = marginal((d) => d.samples);
    // CPU counts the work on every core: with workers at 1,000 files, wall per file drops (two cores) while the work
    // per file does not, and wall's max/min would call that faster-than-linear growth "not linear".
    const perCpu = marginal((d) => d.cpu);
    const said = (values) =>
      data
        .slice(1)
        .map((d, i) => `${d.n}: ${(values[i + 1] * 1000).toFixed(0)} µs`)
        .join(', ');
    log(
      `marginal cold cost per playbook beyond the first ${small.n}: wall ${said(per)}; CPU ${said(perCpu)} (flat = linear)`,
    );
    const h = data.find((d) => d.n === 100);
    if (h) {
      summary.push([
        'validate 100 playbooks, cold cache ≤ 1.0 s',
        '1 s',
        fmtMs(median(h.samples)),
        verdict(median(h.samples) <= 1000),
      ]);
      summary.push([
        'validate 100 playbooks, warm cache ≤ 0.3 s',
        '0.3 s',
        fmtMs(median(h.warm)),
        verdict(median(h.warm) <= 300),
      ]);
    }
    const k = data.find((d) => d.n === 1000);
    if (k) {
      summary.push([
        'validate 1,000 playbooks × 20 steps, cold ≤ 2 s',
        '2 s',
        fmtMs(median(k.samples)),
        verdict(median(k.samples) <= 2000),
      ]);
      summary.push(['validate 1,000 playbooks, warm (reference)', '—', fmtMs(median(k.warm)), '—']);
    }
    if (data.length >= 3) {
      const work = perCpu.slice(1);
      const lin = Math.max(...work) / Math.min(...work);
      summary.push([
        'validate grows linearly (CPU marginal cost per playbook, max/min over sizes)',
        '≈1 (< 1.5)',
        `${lin.toFixed(2)}`,
        verdict(lin < 1.5),
      ]);
      // and the time a user waits grows no faster than that: the largest size's wall marginal over the smallest's
      const wall = per.slice(1);
      const growth = wall.at(-1) / wall[0];
      summary.push([
        'validate wall time grows no faster than linearly (marginal at the largest size / at the smallest)',
        '≤ 1.5',
        `${growth.toFixed(2)}`,
        verdict(growth <= 1.5),
      ]);
    }
    results.benches.scale = data;
  },

  async status() {
    log('\n## status: `crisis status` over N sessions (drill logs as a CI job leaves them), and `status ID`');
    // Sessions are copies of real drill logs (re-chained under new ids), as this build's `crisis drill` wrote
    // them (with their summaries when the build writes them); one `status` first, untimed, as after an upgrade.
    const template = tempDir('status-template');
    const drills = tempDir('status-drills');
    writeDrills(drills, 4);
    mustExit(crisis(['drill', drills], { env: benchEnv({ CRISIS_LOG_DIR: template }) }), [0, 1], 'drill for status');
    const sizes = [1000, 10_000];
    const dirs = {};
    for (const n of sizes) {
      dirs[n] = tempDir(`status${n}`);
      await writeSessions(template, dirs[n], n);
      mustExit(crisis(['status'], { env: benchEnv({ CRISIS_LOG_DIR: dirs[n] }) }), [0], `status ${n} (first)`);
    }
    const one = tempDir('status1');
    const [oneId] = await writeSessions(template, one, 1);
    const someId = (await import('node:fs'))
      .readdirSync(dirs[10_000])
      .find((f) => f.endsWith('.jsonl'))
      .slice(0, -6);
    mustExit(crisis(['status'], { env: benchEnv({ CRISIS_LOG_DIR: one }) }), [0], 'status 1 (first)');
    const st =
      (dir, args = []) =>
      () =>
        mustExit(crisis(['status', ...args], { env: benchEnv({ CRISIS_LOG_DIR: dir }) }), [0], `status ${args}`);
    const runs = QUICK ? 3 : Math.max(5, Math.round(RUNS / 2));
    const s = await interleave(
      [
        { name: 'node -e 0', run: () => baseline() },
        // --drills: the sessions are drill logs, which a plain listing now counts but does not show.
        { name: 'crisis status (1,000 sessions)', run: st(dirs[1000], ['--drills']) },
        { name: 'crisis status (10,000 sessions)', run: st(dirs[10_000], ['--drills']) },
        { name: 'crisis status ID (1 session in the dir)', run: st(one, [oneId]) },
        { name: 'crisis status ID (10,000 sessions in the dir)', run: st(dirs[10_000], [someId]) },
      ],
      { runs, warmup: 1, onRound: () => progress('.') },
    );
    progress('\n');
    const rssOf = (dir) => (crisis(['status'], { env: benchEnv({ CRISIS_LOG_DIR: dir }) }).rssKB ?? NaN) / 1024;
    const rss1k = rssOf(dirs[1000]);
    const rss10k = rssOf(dirs[10_000]);
    const base = median(s['node -e 0']);
    log(
      mdTable(
        ['command', 'wall median', 'p25', 'p75', 'ratio to node -e 0', 'CPU median'],
        Object.entries(s).map(([k, xs]) => [
          k,
          fmtMs(median(xs)),
          fmtMs(quantile(xs, 0.25)),
          fmtMs(quantile(xs, 0.75)),
          `${(median(xs) / base).toFixed(2)}×`,
          s.cpu[k].length ? fmtMs(median(s.cpu[k])) : '',
        ]),
      ),
    );
    log(`peak RSS: status over 1,000 sessions ${rss1k.toFixed(0)} MB, over 10,000 ${rss10k.toFixed(0)} MB`);
    const r1k = median(s['crisis status (1,000 sessions)']) / base;
    const t10k = median(s['crisis status (10,000 sessions)']);
    const oneSmall = median(s['crisis status ID (1 session in the dir)']);
    const oneBig = median(s['crisis status ID (10,000 sessions in the dir)']);
    summary.push(['`status` over 1,000 sessions ≤ 2× `node -e 0`', '2×', `${r1k.toFixed(2)}×`, verdict(r1k <= 2)]);
    summary.push(['`status` over 1,000 sessions ≤ 100 MB', '100 MB', `${rss1k.toFixed(0)} MB`, verdict(rss1k <= 100)]);
    summary.push(['`status` over 10,000 sessions ≤ 1 s', '1 s', fmtMs(t10k), verdict(t10k <= 1000)]);
    summary.push([
      '`status ID` independent of other sessions (10,000 others / none)',
      '≈1 (< 1.2)',
      `${(oneBig / oneSmall).toFixed(2)}`,
      verdict(oneBig / oneSmall < 1.2),
    ]);
    results.benches.status = { samples: s, cpu: s.cpu, rss1k, rss10k };
  },

  async drills() {
    log(`\n## drills: one \`crisis drill DIR\` over ${DRILLS} copies of a built-in drill`);
    const dir = tempDir('drills');
    const { source } = writeDrills(dir, DRILLS);
    log(`drill source: ${source}`);
    const runs = QUICK ? 1 : 3;
    const samples = [];
    const cpu = [];
    const base = [];
    let last;
    let events = 0;
    for (let i = 0; i < runs; i++) {
      const logs = tempDir('drill-logs');
      base.push(baseline().ms);
      const r = mustExit(crisis(['drill', dir], { env: benchEnv({ CRISIS_LOG_DIR: logs }) }), [0, 1], 'drill');
      samples.push(r.ms);
      cpu.push(r.cpuMs ?? NaN);
      last = r.stdout.trim().split('\n').at(-1);
      events = spawnSync('sh', ['-c', `cat ${logs}/*.jsonl | wc -l`], { encoding: 'utf8' }).stdout.trim();
      progress('.');
    }
    progress('\n');
    const m = median(samples);
    // One drill, for the fixed cost (library load) vs the per-drill cost.
    const one = tempDir('drill-one');
    writeDrills(one, 1);
    const oneRuns = [];
    const oneCpu = [];
    for (let i = 0; i < 3; i++) {
      const r = mustExit(
        crisis(['drill', one], { env: benchEnv({ CRISIS_LOG_DIR: tempDir('drill-logs1') }) }),
        [0, 1],
        'drill',
      );
      oneRuns.push(r.ms);
      oneCpu.push(r.cpuMs ?? NaN);
    }
    const m1 = median(oneRuns);
    log(
      mdTable(
        ['run', 'wall median', 'CPU median', 'runs', 'log events written (last run)', 'result'],
        [
          [`${DRILLS} drills`, fmtMs(m), fmtMs(median(cpu)), runs, events, last],
          ['1 drill', fmtMs(m1), fmtMs(median(oneCpu)), 3, '', ''],
          ['node -e 0', fmtMs(median(base)), '', runs, '', ''],
        ],
      ),
    );
    log(
      `wall minus CPU (${DRILLS} drills): ${fmtMs(m - median(cpu))}, time spent waiting, mostly in fsync (one per event)`,
    );
    log(
      `per extra drill: ${fmtMs((m - m1) / (DRILLS - 1))}; per fsync'd event: ${fmtMs((m - m1) / Math.max(1, (Number(events) * (DRILLS - 1)) / DRILLS))}`,
    );
    summary.push([`${DRILLS} drills in one \`crisis drill DIR\` < 5 s`, '5 s', fmtMs(m), verdict(m < 5000)]);
    results.benches.drills = { samples, cpu, one: oneRuns, oneCpu, events: Number(events), result: last };
  },

  async appends() {
    log(`\n## appends: ${APPENDS} fsync'd appends, FileEventLog vs bare writeSync+fsyncSync (interleaved blocks)`);
    const dir = tempDir('appends');
    const r = spawnSync(NODE, [path.join(BENCH_DIR, 'appends.mjs'), dir, String(APPENDS)], {
      encoding: 'utf8',
      env: benchEnv({ BENCH_ROOT: ROOT }),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    if (r.status !== 0) throw new Error(`appends.mjs failed: ${r.stdout}`);
    const out = JSON.parse(r.stdout);
    const us = (x) => `${x.toFixed(1)} µs`;
    log(
      mdTable(
        ['writer', 'wall / append', 'CPU / append', 'throughput', 'CPU / append without fsync'],
        [
          ['bare write + fsync', out.bare, out.bare.noFsync],
          ['FileEventLog.append', out.log, out.log.noFsync],
        ].map(([name, s, nf]) => [name, us(s.wallUs), us(s.cpuUs), `${s.perSec.toFixed(0)}/s`, us(nf.cpuUs)]),
      ),
    );
    log(
      `ratio (bare / FileEventLog time, median of ${out.rounds} rounds of ${out.block}): wall ${out.ratio.toFixed(3)}, CPU ${out.log.cpuRatio.toFixed(3)}; line ${out.lineBytes} bytes; load ${out.load.map((l) => l.toFixed(2)).join(' → ')}`,
    );
    summary.push([
      `${APPENDS} fsync'd appends ≥ 0.8× bare throughput`,
      '0.8×',
      `${out.ratio.toFixed(2)}×`,
      verdict(out.ratio >= 0.8),
    ]);
    results.benches.appends = out;
  },

  async bigLog() {
    log(
      `\n## bigLog: ${EVENTS.toLocaleString('en')} events: crisis verify, streaming replay, and the CLI's replay path`,
    );
    const dir = tempDir('biglog');
    const t0 = performance.now();
    const { session, file, bytes } = await writeBigLog(dir, EVENTS);
    log(`generated ${file} (${(bytes / 1048576).toFixed(0)} MB) in ${fmtMs(performance.now() - t0)}`);
    const runs = QUICK ? 1 : 3;
    const measure = (args, what, codes = [0]) => {
      const out = [];
      for (let i = 0; i < runs; i++) {
        const m = measureRss(args, { cwd: WORK, env: benchEnv({ CRISIS_LOG_DIR: dir }) });
        if (!codes.includes(m.code)) throw new Error(`${what}: exit ${m.code}\n${m.stderr.slice(-2000)}`);
        out.push(m);
        progress('.');
      }
      return {
        ms: median(out.map((x) => x.ms)),
        cpuMs: median(out.map((x) => x.cpuMs ?? NaN)),
        rssMB: Math.max(...out.map((x) => x.rssKB)) / 1024,
        out: out.at(-1).stdout.trim().split('\n').at(-1).replaceAll(`${dir}/`, ''),
      };
    };
    const verify = measure([BIN, 'verify', file], 'verify');
    const replayStream = measure([path.join(BENCH_DIR, 'replay-stream.mjs'), file], 'replay-stream');
    const replayVerified = measure(
      [path.join(BENCH_DIR, 'replay-stream.mjs'), file, '--verify'],
      'replay-stream --verify',
    );
    // The path `status`, `log`, `review` and `resume` take today: readLog reads the file whole.
    const status = (() => {
      const m = measureRss([BIN, 'status', session, '--json'], { cwd: WORK, env: benchEnv({ CRISIS_LOG_DIR: dir }) });
      progress('.');
      return {
        ms: m.ms,
        cpuMs: m.cpuMs ?? NaN,
        rssMB: m.rssKB / 1024,
        code: m.code,
        err: m.stderr.trim().split('\n')[0] ?? '',
      };
    })();
    progress('\n');
    log(
      mdTable(
        ['what', 'wall median', 'CPU median', 'peak RSS', 'output'],
        [
          [
            'crisis verify FILE (streaming)',
            fmtMs(verify.ms),
            fmtMs(verify.cpuMs),
            `${verify.rssMB.toFixed(0)} MB`,
            verify.out,
          ],
          [
            'replay: stream + JSON.parse + applyEvent (bench/replay-stream.mjs)',
            fmtMs(replayStream.ms),
            fmtMs(replayStream.cpuMs),
            `${replayStream.rssMB.toFixed(0)} MB`,
            replayStream.out,
          ],
          [
            'replay: stream + ChainVerifier + applyEvent',
            fmtMs(replayVerified.ms),
            fmtMs(replayVerified.cpuMs),
            `${replayVerified.rssMB.toFixed(0)} MB`,
            replayVerified.out,
          ],
          [
            `crisis status SESSION --json (readLog: whole file)`,
            fmtMs(status.ms),
            fmtMs(status.cpuMs),
            `${status.rssMB.toFixed(0)} MB`,
            status.code === 0 ? 'ok' : `exit ${status.code}: ${status.err.slice(0, 80)}`,
          ],
        ],
      ),
    );
    const n = EVENTS.toLocaleString('en');
    summary.push([`verify ${n} events < 3 s`, '3 s', fmtMs(verify.ms), verdict(verify.ms < 3000)]);
    summary.push([
      `verify ${n} events peak RSS < 150 MB`,
      '150 MB',
      `${verify.rssMB.toFixed(0)} MB`,
      verdict(verify.rssMB < 150),
    ]);
    summary.push([
      `replay ${n} events (streamed, verified) < 3 s`,
      '3 s',
      fmtMs(replayVerified.ms),
      verdict(replayVerified.ms < 3000),
    ]);
    summary.push([
      `replay ${n} events peak RSS < 150 MB`,
      '150 MB',
      `${replayVerified.rssMB.toFixed(0)} MB`,
      verdict(replayVerified.rssMB < 150),
    ]);
    summary.push([
      `CLI replay path (\`status SESSION\`) ${n} events < 3 s, < 150 MB`,
      '3 s, 150 MB',
      `${fmtMs(status.ms)}, ${status.rssMB.toFixed(0)} MB${status.code === 0 ? '' : ` (exit ${status.code})`}`,
      verdict(status.code === 0 && status.ms < 3000 && status.rssMB < 150),
    ]);
    results.benches.bigLog = { bytes, verify, replayStream, replayVerified, status };
  },

  async ansible() {
    log(`\n## ansible: \`ansible-playbook --syntax-check\` vs \`crisis validate\` on one 20-step playbook`);
    const which = spawnSync('sh', ['-c', 'command -v ansible-playbook'], { encoding: 'utf8' });
    if (which.status !== 0) {
      log('ansible-playbook not found (apt-get install -y ansible); skipped');
      return;
    }
    const dir = tempDir('ansible');
    const crisisFile = path.join(dir, 'gen-crisis-00000.yaml');
    writeFileSync(crisisFile, crisisYaml(0));
    const ansFile = path.join(dir, 'gen-crisis-0.yml');
    writeFileSync(ansFile, ansibleYaml());
    const aEnv = benchEnv({
      ANSIBLE_LOCALHOST_WARNING: 'False',
      ANSIBLE_INVENTORY_UNPARSED_WARNING: 'False',
      ANSIBLE_NOCOLOR: '1',
      HOME: tempDir('ansible-home'),
    });
    mustExit(
      timeSync('ansible-playbook', ['--syntax-check', ansFile], { cwd: dir, env: aEnv }),
      [0],
      'ansible-playbook --syntax-check',
    );
    const runs = QUICK ? 5 : 10;
    const s = await interleave(
      [
        { name: 'node -e 0', run: () => baseline() },
        {
          name: 'crisis validate FILE (one generated playbook)',
          run: () => mustExit(crisis(['validate', crisisFile]), [0], 'validate'),
        },
        {
          name: 'crisis validate (whole built-in library)',
          run: () => mustExit(crisis(['validate']), [0, 1], 'validate'),
        },
        {
          name: 'ansible-playbook --syntax-check FILE (20 tasks)',
          run: () =>
            mustExit(
              timeSync('ansible-playbook', ['--syntax-check', ansFile], { cwd: dir, env: aEnv }),
              [0],
              'ansible',
            ),
        },
      ],
      { runs, warmup: 1, onRound: () => progress('.') },
    );
    progress('\n');
    const base = median(s['node -e 0']);
    const ans = median(s['ansible-playbook --syntax-check FILE (20 tasks)']);
    log(
      mdTable(
        ['command', 'wall median', 'CPU median', 'ratio to node -e 0', 'ratio to ansible'],
        Object.entries(s).map(([k, xs]) => [
          k,
          fmtMs(median(xs)),
          s.cpu[k].length ? fmtMs(median(s.cpu[k])) : '',
          `${(median(xs) / base).toFixed(2)}×`,
          `${(median(xs) / ans).toFixed(2)}×`,
        ]),
      ),
    );
    const av = spawnSync('ansible-playbook', ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0];
    log(`(${av})`);
    results.benches.ansible = { samples: s, version: av };
    summary.push([
      '(reference) crisis validate FILE vs ansible-playbook --syntax-check',
      '—',
      `${(median(s['crisis validate FILE (one generated playbook)']) / ans).toFixed(2)}× ansible's time`,
      '—',
    ]);
  },

  async modules() {
    log(
      `\n## modules: cost of importing each module in a fresh process (median of ${Math.max(5, Math.round(RUNS / 2))}, minus \`node -e 0\`)`,
    );
    // Each package as published (node_modules) and as the build bundles it (dist/vendor, scripts/vendor.mjs).
    const mods = [
      'commander',
      './dist/vendor/commander.js',
      'yaml',
      './dist/vendor/yaml.js',
      'zod',
      './dist/vendor/zod.js',
      'chalk',
      './dist/vendor/chalk.js',
      'ora',
      '@inquirer/prompts',
      './dist/vendor/@inquirer/prompts.js',
      './dist/cli/program.js',
      './dist/playbook/schema.js',
      './dist/playbook/load.js',
      './dist/cli/main.js',
    ];
    // A package as Node imports it from node_modules; a dist file as bin/crisis.js loads it since round eight:
    // required (dist/ is CommonJS), through the launcher's loader and code cache (bin/code-cache.js). An ES
    // module importing a dist file would instead pay for Node's export lexer over its text and get no cache.
    const imp = (m) => () =>
      mustExit(
        timeSync(
          NODE,
          m.startsWith('./dist/')
            ? ['-e', `require('./bin/code-cache.js').install(); require(${JSON.stringify(m)})`]
            : ['--input-type=module', '-e', `await import(${JSON.stringify(m)})`],
          { cwd: ROOT, env },
        ),
        [0],
        m,
      );
    const s = await interleave(
      [{ name: 'node -e 0', run: () => baseline() }, ...mods.map((m) => ({ name: m, run: imp(m) }))],
      { runs: Math.max(5, Math.round(RUNS / 2)), warmup: 1, onRound: () => progress('.') },
    );
    progress('\n');
    const base = median(s['node -e 0']);
    const cbase = s.cpu['node -e 0'].length ? median(s.cpu['node -e 0']) : NaN;
    log(
      mdTable(
        ['module', 'wall median', 'wall cost over node -e 0', 'CPU cost over node -e 0'],
        Object.entries(s).map(([k, xs]) => [
          k,
          fmtMs(median(xs)),
          k === 'node -e 0' ? '' : fmtMs(median(xs) - base),
          k === 'node -e 0' || !s.cpu[k].length ? '' : fmtMs(median(s.cpu[k]) - cbase),
        ]),
      ),
    );
    results.benches.modules = s;
  },

  async phases() {
    log('\n## phases: CPU of `crisis validate USER.yaml` by phase (node --cpu-prof, bench/phases.mjs; mean of runs)');
    const { phases, PHASES } = await import('./phases.mjs');
    const dir = tempDir('phases');
    const file = path.join(dir, 'gen-crisis-00000.yaml');
    writeFileSync(file, crisisYaml(0));
    const runs = QUICK ? 3 : 5;
    const modes = { 'cache cold': () => tempDir('phase-cold'), 'cache warm': () => warmDir };
    const warmDir = tempDir('phase-warm');
    mustExit(crisis(['validate', file], { env: benchEnv({ CRISIS_CACHE_DIR: warmDir }) }), [0], 'validate');
    const table = Object.fromEntries(PHASES.map((p) => [p, {}]));
    const totals = {};
    for (const [mode, cacheDir] of Object.entries(modes)) {
      const sum = Object.fromEntries(PHASES.map((p) => [p, 0]));
      for (let i = 0; i < runs; i++) {
        const out = tempDir('phase-prof');
        mustExit(
          timeSync(NODE, ['--cpu-prof', '--cpu-prof-dir', out, BIN, 'validate', file], {
            cwd: WORK,
            env: benchEnv({ CRISIS_LOG_DIR: LOGS, CRISIS_CACHE_DIR: cacheDir() }),
          }),
          [0],
          'validate (profiled)',
        );
        const f = (await import('node:fs')).readdirSync(out).find((x) => x.endsWith('.cpuprofile'));
        for (const [k, ms] of Object.entries(phases(JSON.parse(readFileSync(path.join(out, f), 'utf8'))))) sum[k] += ms;
        progress('.');
      }
      for (const p of PHASES) table[p][mode] = sum[p] / runs;
      totals[mode] = Object.values(sum).reduce((a, b) => a + b, 0) / runs;
    }
    progress('\n');
    const rows = PHASES.filter((p) => Object.values(table[p]).some((ms) => ms >= 0.05)).map((p) => [
      p,
      ...Object.keys(modes).map((m) => `${table[p][m].toFixed(1)} ms`),
    ]);
    rows.push(['total sampled', ...Object.keys(modes).map((m) => `${totals[m].toFixed(1)} ms`)]);
    log(mdTable(['phase', ...Object.keys(modes)], rows));
    results.benches.phases = { table, totals };
  },

  async profile() {
    log('\n## profile: node --cpu-prof, self time by package and by function (top 12)');
    const { summarise } = await import('./profile-summary.mjs');
    const dir = tempDir('prof');
    const lib = tempDir('prof-lib');
    writeLibrary(lib, 1000);
    const drills = tempDir('prof-drills');
    writeDrills(drills, 20);
    const big = tempDir('prof-big');
    const { file } = await writeBigLog(big, 100_000);
    const cases = [
      ['--version', ['--version']],
      ['list', ['list']],
      ['validate', ['validate']],
      ['validate 1,000 generated', ['validate', lib, '--playbooks', lib]],
      ['drill (20 drills)', ['drill', drills]],
      ['verify 100,000 events', ['verify', file]],
    ];
    for (const [name, args] of cases) {
      const out = path.join(dir, name.replace(/\W+/g, '-'));
      mkdirSync(out, { recursive: true });
      const r = timeSync(NODE, ['--cpu-prof', '--cpu-prof-dir', out, BIN, ...args], {
        cwd: WORK,
        env: benchEnv({ CRISIS_LOG_DIR: tempDir('prof-logs') }),
      });
      const files = spawnSync('sh', ['-c', `ls ${out}/*.cpuprofile`], { encoding: 'utf8' })
        .stdout.trim()
        .split('\n');
      const s = summarise(JSON.parse(readFileSync(files[0], 'utf8')), 12);
      log(`\n### ${name}: wall ${fmtMs(r.ms)}, sampled ${fmtMs(s.totalMs)}`);
      log(
        mdTable(
          ['package', 'self ms'],
          s.packages.map(([k, ms]) => [k, ms.toFixed(1)]),
        ),
      );
      log(
        mdTable(
          ['function', 'self ms'],
          s.functions.map(([k, ms]) => [k.replaceAll('|', '\\|'), ms.toFixed(1)]),
        ),
      );
      results.benches[`profile:${name}`] = s;
    }
  },
};

/** Which environment the children get (bench/README.md "Method"). */
function envNote() {
  const kept = Object.keys(env).filter((k) => k.startsWith('NODE_'));
  return keepEnv()
    ? `the machine's (--keep-env): NODE_* kept${kept.length ? ` (${kept.join(', ')})` : ' (none set)'}, NODE_OPTIONS dropped`
    : 'clean: no NODE_*, UV_*, CRISIS_*, XDG_* variables; empty temp HOME (--keep-env keeps NODE_*)';
}

/** Wall time, CPU time and peak RSS of a node child: GNU time when present, else an exit hook for RSS. */
function measureRss(args, { cwd, env: e }) {
  const r = timeSync(NODE, args, { cwd, env: e });
  if (r.rssKB !== undefined) return r;
  const out = path.join(tempDir('rss'), 'rss.txt');
  const h = timeSync(NODE, ['--import', path.join(BENCH_DIR, 'maxrss-hook.mjs'), ...args], {
    cwd,
    env: { ...e, BENCH_RSS_FILE: out },
  });
  return { ...h, rssKB: Number(readFileSync(out, 'utf8')) };
}

const m = results.machine;
log(
  `# crisis benchmarks\n\n${m.date} · node ${m.node} · ${m.nproc} CPUs (${m.cpu}) · ${m.memGB} GB · ${m.os} · load ${m.load}\nroot: ${ROOT}\nchildren's env: ${envNote()}`,
);
for (const name of selected) {
  const t = performance.now();
  await benches[name]();
  progress(`[${name}: ${fmtMs(performance.now() - t)}]\n`);
}
if (summary.length > 0) {
  log('\n## targets\n');
  log(mdTable(['target', 'limit', 'measured', 'verdict'], summary));
}
results.summary = summary;
results.machine.loadAfter = (await import('node:os'))
  .loadavg()
  .map((x) => x.toFixed(2))
  .join(' ');
if (JSON_OUT) {
  writeFileSync(JSON_OUT, `${JSON.stringify(results, null, 2)}\n`);
  log(`\nwrote ${JSON_OUT}`);
}
