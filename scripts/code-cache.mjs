// Build step (last): write dist/code-cache.bin (bin/code-cache.js reads it) by running the commands a person
// starts most, each in its own process, through the launcher with recording on. Each run compiles from the cache
// the runs before it wrote and adds what it compiled itself, so a module's entry holds the functions every run
// used. The runs happen in a temp dir (log dir, cache dir, home and working directory); nothing else is touched.
// A run that exits with another code than expected fails the build: it is also a smoke test of the built CLI.
// `start` to its first prompt runs in a terminal made by `script` (util-linux; Debian's bsdutils, always
// installed), and is left with Ctrl-C once the prompt shows, as a person pausing would; without `script`, or
// when it cannot make a terminal, those runs are skipped and the prompt library is compiled at run time.
//
// `node scripts/code-cache.mjs --run ARGS…` is one such run (internal).
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const LAUNCHER = path.join(ROOT, 'bin', 'crisis.js');

if (process.argv[2] === '--run') {
  const require = createRequire(import.meta.url);
  const cache = require('../bin/code-cache.js').install({ record: true });
  process.on('exit', () => cache.save());
  process.argv.splice(1, 2, LAUNCHER);
  require(LAUNCHER);
} else {
  const work = mkdtempSync(path.join(tmpdir(), 'crisis-code-cache-'));
  try {
    const user = path.join(work, 'user.yaml');
    copyFileSync(path.join(ROOT, 'playbooks', 'crises', 'product-quality.yaml'), user);
    const answers = path.join(work, 'answers.yaml');
    writeFileSync(answers, 'operator: build\nresponses: []\n');
    const drill = path.join(ROOT, 'playbooks', 'drills', 'product-quality-batch-defect.yaml');
    const cacheDir = path.join(work, 'cache');
    mkdirSync(cacheDir);
    /** [arguments, expected exit code, extra environment] */
    const runs = [
      [['--help'], 0],
      [['list'], 0],
      [['list', '--json'], 0],
      [['list'], 0, { LANG: 'zh_CN.UTF-8' }],
      [['validate'], 0],
      [['validate', user], 0],
      [['validate', user], 0, { CRISIS_CACHE_DIR: cacheDir }],
      [['validate', user], 0, { CRISIS_CACHE_DIR: cacheDir }],
      [['show', 'product-quality'], 0],
      [['checklist', 'product-quality'], 0],
      [['status'], 0],
      [['start', 'product-quality', '--answers', answers], 0],
      [['start', '--answers', answers, user], 2], // a crisis id, not a file: the usage error path
      [['drill', drill], 0],
      [['status'], 0],
      [['log', 'latest'], 0],
      [['verify', 'latest'], 0],
      [['review', 'latest', '--no-interactive'], 0],
    ];
    const envOf = (env) => ({
      PATH: process.env.PATH,
      HOME: work,
      LANG: 'C.UTF-8',
      NO_COLOR: '1',
      CRISIS_LOG_DIR: path.join(work, 'logs'),
      CRISIS_CACHE_DIR: 'off',
      ...env,
    });
    const self = fileURLToPath(import.meta.url);
    for (const [args, expected, env] of runs) {
      const result = spawnSync(process.execPath, [self, '--run', ...args], {
        cwd: work,
        encoding: 'utf8',
        env: envOf(env),
      });
      if (result.status !== expected) {
        throw new Error(
          `code cache: crisis ${args.join(' ')} exited ${result.status}, expected ${expected}\n${result.stderr}`,
        );
      }
    }
    const prompts = [
      ['start', 'product-quality'],
      ['start', 'product-quality', '--lang', 'zh'],
    ];
    // util-linux's script (BSD's takes other arguments and has no --version: skipped there, as without one)
    const hasScript = spawnSync('script', ['--version']).status === 0;
    let prompted = 0;
    for (const [i, args] of (hasScript ? prompts : []).entries()) {
      try {
        // A log dir of its own: in the runs' one, `start product-quality --answers` above left its session
        // unfinished, and the first prompt would be "resume it or start a new one?", not the step's menu (the
        // interactive driver and the step screen would then not be in the cache).
        await untilPrompt(
          [self, '--run', ...args],
          work,
          envOf({ CRISIS_LOG_DIR: path.join(work, `prompt-logs-${i}`) }),
        );
        prompted++;
      } catch (error) {
        // No terminal to be had (a container without /dev/pts, say) is no reason to fail a build: the prompt
        // library then compiles at run time. test/e2e drives start in a terminal and catches a broken one.
        console.error(`code cache: ${error.message.split('\n')[0]} (the prompt library is not cached)`);
      }
    }
    console.error(`code cache: ${runs.length} runs, ${prompted} to the first prompt`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Run node ARGS in a terminal (`script`) until the first prompt's key hints show, then press Ctrl-C. */
function untilPrompt(args, cwd, env) {
  const quote = (a) => `'${a.replaceAll("'", "'\\''")}'`;
  const command = [process.execPath, ...args].map(quote).join(' ');
  const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd, env: { ...env, TERM: 'xterm' } });
  let output = '';
  let pressed = false;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no prompt from crisis ${args.slice(2).join(' ')} in 60 s\n${output}`));
    }, 60_000);
    child.stdout.on('data', (chunk) => {
      output += chunk;
      // the select prompt's help line (↑↓ navigate • ⏎ select), in either language
      if (!pressed && output.includes('⏎')) pressed = child.stdin.write('\u0003');
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 130) resolve();
      else reject(new Error(`crisis ${args.slice(2).join(' ')} exited ${code}, expected 130\n${output}`));
    });
  });
}
