#!/usr/bin/env node
// `crisis start` to its first prompt, several builds side by side in ONE interleaved run (compare.mjs cannot drive a
// terminal; run.js `startup` measures one build):
//   node bench/experiments/start-prompt.mjs [--keep-env] [--rounds N] [--warmup N] [--lang en|zh] [--columns N] LABEL=ROOT ...
// ROOT is a built checkout (`sh bench/snapshot.sh DIR`), absolute. The rows are run.js `startup`'s own: each build's
// `start product-quality` and `start gen-crisis-00000 --playbooks DIR` (bench/generate.mjs crisisYaml(0), its cache
// warmed by one `validate` of each build first), under `script -qfec` as run.js does, timed to the first step header
// (`[1/N]`) and to the `What now?` prompt, against a node that prints one line under the same wrapper; every case once
// per round in a rotating order, after warm-up rounds; a fresh log dir for every start; medians, p25/p75, and the
// load average after each round. Environment: benchEnv() (lib.mjs "Method": no NODE_*, empty temp HOME, NO_COLOR=1),
// TERM=xterm-256color. CPU: the node process's own CPU time (every thread, /proc/PID/task/*/schedstat, ns) when the
// prompt appeared, read before it is killed: much less disturbed by other load than wall (Linux only).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import * as path from 'node:path';
import { crisisYaml } from '../generate.mjs';
import {
  benchEnv,
  harnessArgs,
  median,
  NODE,
  printRunHeader,
  quantile,
  takeOption,
  tempDir,
  timeSync,
  timeUntil,
} from '../lib.mjs';

const argv = harnessArgs();
const opt = (name, dflt) => Number(takeOption(argv, name, dflt));
const ROUNDS = opt('rounds', 20);
const WARMUP = opt('warmup', 3);
// --lang zh: every start in Chinese (`--lang zh`, timed to 下一步做什么？), as a Chinese-speaking operator runs it.
const LANG = takeOption(argv, 'lang', 'en');
if (LANG !== 'en' && LANG !== 'zh') {
  console.error('start-prompt: --lang is en or zh');
  process.exit(2);
}
const langArgs = LANG === 'zh' ? ['--lang', 'zh'] : [];
// --columns N: the terminal N columns wide (stty), so that the step screen is wrapped as a person sees it; without
// it `script` gives a terminal of 0 columns and nothing is wrapped (run.js's rows are measured that way).
const COLUMNS = opt('columns', 0);
const builds = argv.map((a) => {
  const i = a.indexOf('=');
  return { label: a.slice(0, i), bin: path.join(path.resolve(a.slice(i + 1)), 'bin', 'crisis.js') };
});
if (builds.length === 0) {
  console.error(
    'usage: start-prompt.mjs [--keep-env] [--rounds N] [--warmup N] [--lang en|zh] [--columns N] LABEL=ROOT ...',
  );
  process.exit(2);
}

const WORK = tempDir('start-prompt-work');
const userDir = tempDir('start-prompt-user');
writeFileSync(path.join(userDir, 'gen-crisis-00000.yaml'), crisisYaml(0));
const FIRST_STEP = /\[1\/\d+\]/;
const PROMPT = LANG === 'zh' ? /下一步做什么？/ : /What now\?/;
const startEnv = (extra = {}) =>
  benchEnv({ CRISIS_LOG_DIR: tempDir('start-prompt-logs'), TERM: 'xterm-256color', ...extra });

const cases = [
  {
    name: 'pty: node prints a line',
    argv: ['-e', `console.log("[1/1] ready"); console.log("${PROMPT.source}"); setTimeout(() => {}, 5000)`],
    env: () => startEnv(),
  },
];
for (const b of builds) {
  const cache = tempDir(`start-prompt-cache-${b.label}`);
  const env = benchEnv({ CRISIS_LOG_DIR: tempDir('start-prompt-logs'), CRISIS_CACHE_DIR: cache });
  const check = timeSync(NODE, [b.bin, 'validate', path.join(userDir, 'gen-crisis-00000.yaml')], { cwd: WORK, env });
  if (check.code !== 0) throw new Error(`${b.label}: validate USER exited ${check.code}\n${check.stderr}`);
  cases.push(
    {
      name: `${b.label}: start product-quality`,
      argv: [b.bin, ...langArgs, 'start', 'product-quality'],
      env: () => startEnv(),
    },
    {
      name: `${b.label}: start USER (cache warm)`,
      argv: [b.bin, ...langArgs, 'start', 'gen-crisis-00000', '--playbooks', userDir],
      env: () => startEnv({ CRISIS_CACHE_DIR: cache }),
    },
  );
}
/** CPU ns of every thread of the process `pid` so far (0 if it is gone). */
function cpuNs(pid) {
  let ns = 0;
  try {
    for (const t of readdirSync(`/proc/${pid}/task`))
      ns += Number(readFileSync(`/proc/${pid}/task/${t}/schedstat`, 'utf8').split(' ')[0]);
  } catch {
    /* gone */
  }
  return ns;
}

/** The node process under `script`: its descendant whose command is node (/proc/PID/task/TID/children, no scan). */
function nodeUnder(pid) {
  const queue = [pid];
  while (queue.length) {
    const p = queue.shift();
    let kids = [];
    try {
      for (const t of readdirSync(`/proc/${p}/task`))
        kids = kids.concat(
          readFileSync(`/proc/${p}/task/${t}/children`, 'utf8').split(' ').filter(Boolean).map(Number),
        );
    } catch {
      /* gone */
    }
    for (const k of kids) {
      try {
        if (readFileSync(`/proc/${k}/comm`, 'utf8').trim() === 'node') return k;
      } catch {
        /* gone */
      }
      queue.push(k);
    }
  }
  return undefined;
}

/** lib.mjs timeUntil with the pty, plus the node process's CPU when the last pattern appeared. */
async function timeToPrompt(argv, env) {
  const cpuAtPrompt = (child) => {
    const pid = process.env.START_PROMPT_NO_CPU ? undefined : nodeUnder(child.pid);
    return pid === undefined ? NaN : cpuNs(pid) / 1e6;
  };
  const r = await timeUntil(NODE, argv, [FIRST_STEP, PROMPT], {
    cwd: WORK,
    env,
    pty: true,
    columns: COLUMNS,
    whenSeen: cpuAtPrompt,
  });
  return { step: r.ms[0], prompt: r.ms[1], cpu: r.extra };
}

const samples = Object.fromEntries(cases.map((c) => [c.name, { step: [], prompt: [], cpu: [] }]));
const loads = [];
printRunHeader();
for (let round = -WARMUP; round < ROUNDS; round++) {
  for (let k = 0; k < cases.length; k++) {
    const c = cases[(k + Math.max(round, 0)) % cases.length];
    const r = await timeToPrompt(c.argv, c.env());
    if (round < 0) continue;
    samples[c.name].step.push(r.step);
    samples[c.name].prompt.push(r.prompt);
    samples[c.name].cpu.push(r.cpu);
  }
  if (round >= 0) loads.push(loadavg()[0]);
  process.stderr.write(round < 0 ? 'w' : '.');
}
process.stderr.write('\n');
const base = median(samples['pty: node prints a line'].prompt);
const cpuBase = median(samples['pty: node prints a line'].cpu);
const ms = (x) => `${x.toFixed(1)} ms`;
console.log(
  `${ROUNDS} rounds after ${WARMUP} warm-up; ratios against the pty baseline's medians (wall ${ms(base)}, CPU ${ms(cpuBase)})`,
);
console.log('| row | first step | prompt ready | p25–p75 (prompt) | wall ratio (prompt) | CPU at prompt | CPU ratio |');
console.log('|---|---|---|---|---|---|---|');
for (const c of cases) {
  const s = samples[c.name];
  const q = (p) => quantile(s.prompt, p);
  const ratio = `${(median(s.prompt) / base).toFixed(2)}×`;
  const cpu = median(s.cpu);
  console.log(
    `| ${c.name} | ${ms(median(s.step))} | ${ms(median(s.prompt))} | ${ms(q(0.25))}–${ms(q(0.75))} | ${ratio} | ` +
      `${ms(cpu)} | ${(cpu / cpuBase).toFixed(2)}× |`,
  );
}
console.log(`load average after each round: ${loads.map((l) => l.toFixed(1)).join(' ')}`);
