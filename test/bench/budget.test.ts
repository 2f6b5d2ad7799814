// Performance guards that are not timing tests (timings live in bench/ and
// bench/README.md): which modules a command loads, how big the built CLI is,
// and that reading a log streams it. They fail on the change that would make
// a command slow, on any machine, without measuring a clock.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { GENESIS_HASH } from '../../src/session/events.js';
import { hashEvent } from '../../src/session/verify.js';
import { cleanEnv, runCli, runNode, spawnCollect } from '../helpers/run-cli.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIST = path.join(ROOT, 'dist');
const RECORD_IMPORTS = path.join(ROOT, 'bench', 'hooks', 'record-imports.mjs');
const NO_WHOLE_LOG_READS = path.join(ROOT, 'bench', 'hooks', 'no-whole-log-reads.mjs');

/**
 * The prompt library and the spinner (and what only they pull in), and the PostgreSQL driver and store; a package
 * is either in node_modules or bundled as dist/vendor/<name>.js (scripts/vendor.mjs).
 */
const FORBIDDEN =
  /\/(node_modules|dist\/vendor)\/(@inquirer\/|inquirer\/|ora\/|cli-spinners\/|cli-cursor\/|log-symbols\/|pg\/|pg-[a-z-]+\/|pgpass\/)|\/dist\/store\/(postgres|pg-password)\.js$/;

/**
 * The size the built CLI (dist/**\/*.js) must stay under. 245 KB when this
 * was written, 416 KB after round two (the PostgreSQL store, the en/zh
 * message catalogue, duty catalogues, workers), 469 KB after round three
 * (status index, quick parse pass, the features of that round), 522 KB
 * after round four (judgement drills, and the 16 KB of the schema check
 * generated from zod so that the quick pass no longer loads zod's 95
 * modules), 658 KB in the last round (errors in the run's language: the
 * 40 KB en/zh error catalogue and commander's messages; the status and check
 * caches), 758 KB in round seven (the quick locator, one line builder for
 * appends, status words apart from the review's) and 772 KB with the
 * catalogue's areas inlined into one module per language (esbuild's
 * reprint of the text is a little longer than tsc's), 872 KB at the start
 * of round twelve and 902 KB after it (team mode reconnecting after a lost
 * connection and checking every stored row, the playbook-changed check for
 * review and status, blocked and assigned steps on checklists, Chinese words
 * in drills and statement findings), and 1,028 KB in round seventeen (the
 * bare status listing, reporting clocks from detection, input defaults, the
 * step counter, role titles in the log), past the 1,024 KB budget of then:
 * 1,200 KB is the budget, again about a seventh of headroom, which still catches a
 * dependency being bundled into our own modules (zod alone is 700 KB) or a
 * generated file landing in dist/. The dependencies bundled
 * on purpose, one file each in dist/vendor/, are not counted here
 * (test/build/vendor.test.ts checks them).
 */
const DIST_BUDGET_BYTES = 1200 * 1024;

const temps: string[] = [];
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
};
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

async function crisis(args: string[], options: { hook?: string; env?: Record<string, string> } = {}) {
  const nodeArgs = options.hook ? ['--import', options.hook] : [];
  const { code, stdout, stderr } = await runCli(args, { nodeArgs, env: options.env, timeoutMs: 60_000 });
  return { code, stdout, stderr };
}

/** Every module URL a command resolved, static and dynamic. */
/** Node's own modules the output streams bring: tty, net, stream, and the stream a file descriptor gets. */
const STREAM_MODULES = /^NativeModule (tty|net|stream|internal\/fs\/sync_write_stream)$/;

/**
 * `crisis ARGS` through the launcher, with Node's list of the built-in modules it loaded (lazily loaded ones
 * too: process.getBuiltinModule adds to it), read at exit and written to a file: asking for process.stderr there
 * would make the very stream some tests look for.
 */
async function builtinsOf(args: string[], options: { closeStdout?: boolean } = {}) {
  const dir = tempDir('crisis-budget-builtins-');
  const preload = path.join(dir, 'loaded.cjs');
  const report = path.join(dir, 'loaded.json');
  writeFileSync(
    preload,
    `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(report)}, JSON.stringify(process.moduleLoadList)));\n`,
  );
  const argv = ['-r', preload, path.join(ROOT, 'bin', 'crisis.js'), ...args];
  const env = { CRISIS_LOG_DIR: dir };
  const r = options.closeStdout
    ? await spawnCollect(process.execPath, argv, { cwd: dir, env: cleanEnv(dir, env), closeStdout: true })
    : await runNode(argv, { cwd: dir, env });
  return { ...r, builtins: JSON.parse(readFileSync(report, 'utf8')) as string[] };
}

async function importsOf(args: string[], env: Record<string, string> = {}) {
  const log = path.join(tempDir('crisis-budget-imports-'), 'imports.log');
  writeFileSync(log, '');
  const r = await crisis(args, { hook: RECORD_IMPORTS, env: { BENCH_IMPORT_LOG: log, ...env } });
  return { ...r, urls: readFileSync(log, 'utf8').split('\n').filter(Boolean) };
}

/** A small valid hash-chained log, named after its session. */
function writeLog(dir: string, events: number): string {
  const session = '20260101-000000-budget-check-0001';
  let prev = GENESIS_HASH;
  const lines: string[] = [];
  for (let seq = 1; seq <= events; seq++) {
    const ts = new Date(Date.UTC(2026, 0, 1) + seq * 1000).toISOString();
    const unhashed =
      seq === 1
        ? {
            v: 1,
            seq,
            ts,
            session,
            type: 'session.started',
            actor: 'bench',
            data: {
              crisis: 'product-quality',
              severity: 'high',
              with: [],
              planHash: 'a'.repeat(64),
              operator: 'bench',
              lang: 'en',
            },
            prev,
          }
        : { v: 1, seq, ts, session, type: 'note.added', actor: 'bench', data: { text: `note ${seq}` }, prev };
    const event = { ...unhashed, hash: hashEvent(unhashed as Parameters<typeof hashEvent>[0]) };
    prev = event.hash;
    lines.push(JSON.stringify(event));
  }
  const file = path.join(dir, `${session}.jsonl`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('imports: the fast paths load only what they use', () => {
  const playbooks = () => {
    const dir = tempDir('crisis-budget-pb-');
    writeFileSync(
      path.join(dir, 'widget.yaml'),
      'id: widget-check\nkind: strategy\ntitle: Widget check\nphases:\n  - id: check\n    title: Check\n    steps:\n      - { id: widget-look, title: Look at the widget, owner: incident-lead }\n',
    );
    return dir;
  };

  it.each([
    ['list', ['list']],
    ['list --json', ['list', '--json']],
    ['list (colour forced, loads chalk)', ['list'], { FORCE_COLOR: '1' }],
    ['validate (built-in library)', ['validate']],
    ['validate --json', ['validate', '--json']],
  ] as Array<[string, string[], Record<string, string>?]>)(
    'crisis %s never loads the prompt library, the spinner or the PostgreSQL driver',
    async (_name, args, env) => {
      const { code, urls, stderr } = await importsOf(args, env);
      expect(code === 0 || code === 1, stderr).toBe(true);
      expect(
        urls.some((u) => u.startsWith(pathToFileURL(DIST).href)),
        'the hook saw the CLI load',
      ).toBe(true);
      expect(urls.filter((u) => FORBIDDEN.test(u))).toEqual([]);
    },
  );

  it('crisis validate FILE (a user playbook) never loads the prompt library or the spinner', async () => {
    const dir = playbooks();
    const { code, urls, stderr } = await importsOf(['validate', path.join(dir, 'widget.yaml')]);
    expect(code === 0 || code === 1, stderr).toBe(true);
    expect(urls.filter((u) => FORBIDDEN.test(u))).toEqual([]);
  });

  it('crisis list over the built-ins the build saw unchanged loads no node:crypto (it hashes nothing)', async () => {
    const list = await builtinsOf(['list']);
    expect(list.code, list.stderr).toBe(0);
    expect(list.builtins).not.toContain('NativeModule crypto');
    // the control: a command that hashes does load it
    const validate = await builtinsOf(['validate']);
    expect(validate.code, validate.stderr).toBe(0);
    expect(validate.builtins).toContain('NativeModule crypto');
  });

  it('crisis --version, list and status writing to pipes make no output stream: neither node:tty, node:net nor node:stream', async () => {
    const streams = (r: { builtins: string[] }) => r.builtins.filter((m) => STREAM_MODULES.test(m));
    const version = await builtinsOf(['--version']);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect(streams(version)).toEqual([]);
    const list = await builtinsOf(['list']);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain('product-quality');
    expect(streams(list)).toEqual([]);
    const status = await builtinsOf(['status']);
    expect(status.code, status.stderr).toBe(0);
    expect(streams(status)).toEqual([]);
    // an error goes to stderr the same way
    const bad = await builtinsOf(['list', '--no-such-flag']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error: /);
    expect(streams(bad)).toEqual([]);
    // the control: a write that fails (nobody reads the pipe: EPIPE) is handed to Node's stream, which the
    // launcher's handler ends quietly, as before
    const closed = await builtinsOf(['list'], { closeStdout: true });
    expect(closed.code, closed.stderr).toBe(0);
    expect(closed.stderr).toBe('');
    expect(streams(closed)).toContain('NativeModule net');
  });

  it.each(['--version', '-V'])('crisis %s loads no package at all: no commander, no yaml, no zod', async (flag) => {
    const { code, stdout, urls } = await importsOf([flag]);
    expect(code).toBe(0);
    expect(stdout.trim()).toBe(
      (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version,
    );
    expect(urls.filter((u) => u.includes('/node_modules/') || u.includes('/dist/vendor/'))).toEqual([]);
    // the launcher answers it (bin/crisis.js, CommonJS), loading no module of the built CLI, nor its code cache
    expect([...new Set(urls.filter((u) => !u.startsWith('node:')))]).toEqual([
      pathToFileURL(path.join(ROOT, 'bin', 'crisis.js')).href,
    ]);
  });

  it('crisis status listing from saved summaries loads neither the plan code, the replay, zod, the event log module nor string-width', async () => {
    const dir = tempDir('crisis-budget-status-');
    writeLog(dir, 5);
    const env = { CRISIS_LOG_DIR: dir };
    // The first listing replays the log and saves its summary; the second lists from it.
    expect((await crisis(['status', '--drills'], { env })).code).toBe(0);
    expect(readdirSync(dir)).toContain('20260101-000000-budget-check-0001.summary.json');
    const { code, stdout, urls } = await importsOf(['status', '--drills'], env);
    expect(code).toBe(0);
    expect(stdout).toContain('20260101-000000-budget-check-0001');
    expect(urls.some((u) => u.endsWith('/dist/cli/status.js'))).toBe(true);
    // file-log.js brings the hash chain; string-width is only for a listing with text that is not plain ASCII.
    const heavy =
      /\/dist\/(playbook\/(compose|library|lint)|session\/(replay|progress)|cli\/sessions|store\/file-log)\.js$|\/(zod|string-width)[/.]/;
    expect(urls.filter((u) => heavy.test(u))).toEqual([]);
    // node:crypto (3 to 6 ms to load) is for writing; the chain head is printed only by `status SESSION`; state
    // words come without the review's sentences and the duration formatter.
    const notForListing = /\/dist\/(cli\/head|render\/review-words|playbook\/duration)\.js$/;
    expect(urls.filter((u) => u === 'node:crypto' || notForListing.test(u))).toEqual([]);
    // A bare listing runs without commander and the program (main.ts, bareListing); any other word brings them.
    const program = /\/dist\/(vendor\/commander|cli\/program)\.js$/;
    expect(urls.filter((u) => program.test(u))).toEqual([]);
    const worded = await importsOf(['status', '--drills', '--no-color'], env);
    expect(worded.code).toBe(0);
    expect(worded.stdout).toBe(stdout);
    expect(worded.urls.filter((u) => program.test(u))).toHaveLength(2);
  });

  // The Chinese catalogue (src/text/catalogue/zh/, ~60 KB) is loaded only by a run in Chinese.
  const ZH_CATALOGUE = /\/dist\/text\/catalogue\/zh\//;
  it.each([
    ['list', ['list']],
    ['validate FILE', ['validate', 'FILE']],
    ['status', ['status']],
    ['show', ['show', 'product-quality']],
    ['an unknown command', ['nope']],
  ])('an English run (%s) loads no Chinese catalogue module', async (_name, args) => {
    const file = path.join(playbooks(), 'widget.yaml');
    const { urls, stdout, stderr } = await importsOf(args.map((a) => (a === 'FILE' ? file : a)));
    // English is inlined into messages.js by the build (scripts/inline-catalogue.mjs): one module, no area file
    expect(urls.some((u) => /\/dist\/text\/messages\.js$/.test(u))).toBe(true);
    expect(urls.filter((u) => /\/dist\/text\/catalogue\//.test(u))).toEqual([]);
    expect(stdout + stderr).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it.each([
    ['--lang zh', ['--lang', 'zh', 'list'], {}, '危机预案'],
    ['CRISIS_LANG=zh', ['list'], { CRISIS_LANG: 'zh' }, '危机预案'],
    ['LANG=zh_CN.UTF-8', ['list'], { LANG: 'zh_CN.UTF-8' }, '危机预案'],
    ['--lang=zh, an error before any command runs', ['--lang=zh', 'nope'], {}, '未知命令'],
  ] as Array<[string, string[], Record<string, string>, string]>)(
    'a Chinese run (%s) loads the Chinese catalogue and speaks Chinese',
    async (_name, args, env, words) => {
      const { urls, stdout, stderr } = await importsOf(args, env);
      // the Chinese catalogue is one module too: its areas are inlined into zh/index.js
      expect(urls.filter((u) => ZH_CATALOGUE.test(u)).map((u) => u.replace(/^.*\/dist\//, ''))).toEqual([
        'text/catalogue/zh/index.js',
      ]);
      expect(stdout + stderr).toContain(words);
    },
  );

  // Help in Chinese is measured and wrapped as Chinese by cli/help-layout.js: only a run that may print help loads it.
  it.each([
    ['--lang zh list', ['--lang', 'zh', 'list'], false],
    ['--lang zh status', ['--lang', 'zh', 'status'], false],
    ['--help in English', ['--help'], false],
    ['--lang zh --help', ['--lang', 'zh', '--help'], true],
    ['--lang zh status --help', ['--lang', 'zh', 'status', '--help'], true],
  ] as Array<[string, string[], boolean]>)(
    'crisis %s loads the Chinese help layout: %s',
    async (_name, args, loads) => {
      const { code, urls, stderr } = await importsOf(args);
      expect(code, stderr).toBe(0);
      expect(urls.some((u) => u.endsWith('/dist/cli/help-layout.js'))).toBe(loads);
    },
  );

  it('control: the hook does record ora and @inquirer/prompts when they are imported', async () => {
    const log = path.join(tempDir('crisis-budget-imports-'), 'imports.log');
    writeFileSync(log, '');
    const r = await runNode(
      [
        '--import',
        RECORD_IMPORTS,
        '--input-type=module',
        '-e',
        "await import('ora'); await import('@inquirer/prompts'); await import('pg');",
      ],
      { cwd: ROOT, env: { BENCH_IMPORT_LOG: log } },
    );
    expect(r.code, r.stderr).toBe(0);
    const urls = readFileSync(log, 'utf8').split('\n').filter(Boolean);
    expect(urls.some((u) => /\/node_modules\/ora\//.test(u))).toBe(true);
    expect(urls.some((u) => /\/node_modules\/@inquirer\/prompts\//.test(u))).toBe(true);
    expect(urls.filter((u) => FORBIDDEN.test(u) && /\/pg\//.test(u)).length).toBeGreaterThan(0);
  });
});

describe('size: the built CLI stays small', () => {
  it(`dist/**/*.js outside dist/vendor is under ${DIST_BUDGET_BYTES / 1024} KB`, () => {
    let bytes = 0;
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) {
          if (full !== path.join(DIST, 'vendor')) walk(full);
        } else if (e.name.endsWith('.js')) bytes += statSync(full).size;
      }
    };
    walk(DIST);
    expect(bytes).toBeGreaterThan(0);
    expect(bytes).toBeLessThan(DIST_BUDGET_BYTES);
  });

  it('no source maps or declaration files are shipped in dist/', () => {
    const extra: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) walk(full);
        else if (/\.(map|d\.ts)$/.test(e.name)) extra.push(path.relative(DIST, full));
      }
    };
    walk(DIST);
    expect(extra).toEqual([]);
  });
});

describe('streaming: reading a log never loads the file whole', () => {
  const readsOf = async (args: string[]) => {
    const log = path.join(tempDir('crisis-budget-reads-'), 'reads.log');
    writeFileSync(log, '');
    const r = await crisis(args, { hook: NO_WHOLE_LOG_READS, env: { BENCH_READS_LOG: log } });
    return { ...r, reads: readFileSync(log, 'utf8').split('\n').filter(Boolean) };
  };

  it('crisis verify FILE reads the log as a stream', async () => {
    const file = writeLog(tempDir('crisis-budget-log-'), 50);
    const { code, stdout, reads } = await readsOf(['verify', file]);
    expect(code, stdout).toBe(0);
    expect(stdout).toContain('50 events');
    expect(reads).toEqual([]);
  });

  // status folds the log as it streams it; log, review and resume still read it whole.
  it('crisis status SESSION (replay) reads the log as a stream', async () => {
    const file = writeLog(tempDir('crisis-budget-log-'), 50);
    const { reads } = await readsOf(['status', file]);
    expect(reads).toEqual([]);
  });

  it('control: the hook records a whole-file read of a .jsonl', async () => {
    const log = path.join(tempDir('crisis-budget-reads-'), 'reads.log');
    writeFileSync(log, '');
    const file = writeLog(tempDir('crisis-budget-log-'), 2);
    const r = await runNode(
      [
        '--import',
        NO_WHOLE_LOG_READS,
        '--input-type=module',
        '-e',
        `import { readFileSync } from 'node:fs'; readFileSync(${JSON.stringify(file)}, 'utf8');`,
      ],
      { env: { BENCH_READS_LOG: log } },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(log, 'utf8')).toContain(file);
  });
});
