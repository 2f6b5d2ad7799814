import { messagesFor, msg } from '../text/messages.js';
import { severityName } from '../render/review-words.js';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { CrisisError, ExitCode, say, type Said } from '../errors.js';
import { runDrill, type DrillResult } from '../drive/drill.js';

import type { Driver } from '../drive/driver.js';
import { composeOnce } from '../playbook/compose.js';
import {
  checkLibrary,
  formatProblem,
  formatProblemIn,
  problemAsError,
  type DrillEntry,
  type Library,
} from '../playbook/library.js';
import { localize } from '../playbook/text.js';
import type { Drill, Problem } from '../playbook/types.js';
import { renderJunit, type DrillFileError } from '../render/junit.js';
import { wordsIn } from '../session/expectations.js';
import { sanitizeLine } from '../text/sanitize.js';
import { givenFiles, loadLibrary, loadParser, searchPath } from '../store/library-files.js';
import { FileEventLog } from '../store/file-log.js';
import { FileStore } from '../store/file-store.js';
import { SummarizingStore } from '../store/session-summary.js';
import { machineZoneLater, type Ctx } from './context.js';
import { assertId, playbookCache } from './library.js';
import { freshSessionId, logDir } from './sessions.js';
import { isStdout, planFiles, prepareOutput, realTarget, refuseOwnFiles, writeOutput } from './output.js';
import { makeStyle } from './style.js';

export interface DrillOptions {
  junit?: string;
  report?: string;
  interactive?: boolean;
  speed?: string;
}

/** A drill id, a drill file, or a directory of drill files. */
async function findDrills(
  ctx: Ctx,
  ref: string,
): Promise<{ drills: DrillEntry[]; library: Library; broken: BrokenDrill[] }> {
  const { cwd, env } = ctx.deps;
  const abs = path.resolve(cwd, ref);
  const isPath =
    ref.includes('/') ||
    ref.endsWith('.yaml') ||
    ref.endsWith('.yml') ||
    (existsSync(abs) && !/^[a-z0-9-]+$/.test(ref));
  const dirs = searchPath({ playbooks: ctx.playbookDirs, env, cwd });
  if (!isPath) {
    assertId(ref, 'drill');
    const { library } = await loadLibrary(dirs, cwd, [], playbookCache(ctx));
    const drill = library.getDrill(ref);
    // `crisis drill drills` means the folder when no drill has that id.
    if (!drill && existsSync(abs)) return findDrills(ctx, `./${ref}`);
    if (!drill)
      throw new CrisisError(say('error.drill.unknown', { ref }), {
        hint: say('error.drill.unknown.hint'),
        exitCode: ExitCode.usage,
        code: 'drill.unknown',
      });
    return { drills: [drill], library, broken: [] };
  }
  if (!existsSync(abs))
    throw new CrisisError(say('error.path.missing', { path: ref }), {
      hint: say('error.path.missing.hint'),
      exitCode: ExitCode.usage,
    });
  await loadParser();
  const { library, given } = await loadLibrary(dirs, cwd, givenFiles([ref], cwd), playbookCache(ctx));
  const givenNames = new Set(given.map((g) => g.file));
  // A drill file that does not parse, or names steps its playbook lacks, does not run: it is reported
  // (a JUnit <error> case, exit 2 at the end) while the other drills of the directory still run.
  const problems = checkLibrary(library, givenNames).filter(
    (p) =>
      p.severity === 'error' &&
      (p.code.startsWith('drill.') ||
        p.code.startsWith('yaml') ||
        p.code.startsWith('file') ||
        p.code === 'schema' ||
        p.code.startsWith('ids.')),
  );
  const broken: BrokenDrill[] = given
    .map((g) => ({ g, found: problems.filter((p) => p.file === g.file) }))
    .filter(({ found }) => found.length > 0)
    .map(({ g, found }) => ({
      file: g.file,
      name: (g.parsed.data as { id?: unknown } | undefined)?.id?.toString() ?? path.parse(g.file).name,
      problems: found.map(formatProblem),
      said: invalidLine(found),
    }));
  const brokenNames = new Set(broken.map((b) => b.file));
  const drills = given
    .filter((g) => !brokenNames.has(g.file))
    .map((g) => library.getDrill((g.parsed.data as Drill | undefined)?.id ?? ''))
    .filter((d): d is DrillEntry => d !== undefined && givenNames.has(d.file));
  if (drills.length === 0 && broken.length === 0)
    throw new CrisisError(say('error.drill.none', { path: ref }), {
      hint: say('error.drill.none.hint'),
      exitCode: ExitCode.usage,
    });
  return { drills, library, broken };
}

/** A drill file that does not run: what the reports say of it, and its one line on the terminal. */
type BrokenDrill = DrillFileError & { said: Said };

/** An invalid drill file in one line, `FILE:LINE:COL: message [code]`, its first problem (validate lists all). */
function invalidLine(found: readonly Problem[]): Said {
  const first = problemAsError(found[0]!);
  return found.length === 1 ? first : say('error.drill.invalidMore', { problem: first, count: found.length - 1 });
}

/**
 * `--speed`: how many times faster than real time a tabletop drill's clock runs. A decimal number above 0 and at most
 * 3600 (`0x10`, ` 5 ` and `Infinity` are numbers to Number(), not to a person), and only with --interactive: a drill
 * without it runs on its virtual clock at once, and a speed given there would be accepted and do nothing.
 */
function drillSpeed(options: DrillOptions): number {
  if (options.speed === undefined) return 1;
  const speed = /^(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i.test(options.speed) ? Number(options.speed) : NaN;
  if (!(speed > 0 && speed <= 3600))
    throw new CrisisError(say('error.drill.speed', { value: options.speed }), {
      hint: say('error.drill.speed.hint'),
      exitCode: ExitCode.usage,
      code: 'drill.speed',
    });
  if (!options.interactive)
    throw new CrisisError(say('error.drill.speedAlone'), {
      hint: say('error.drill.speedAlone.hint'),
      exitCode: ExitCode.usage,
      code: 'drill.speed-alone',
    });
  return speed;
}

export async function run(ctx: Ctx, ref: string, options: DrillOptions): Promise<number> {
  // The flags first: a wrong --speed is said before any drill is looked for (it was said after an unknown drill).
  const speed = drillSpeed(options);
  // Without a terminal a tabletop cannot run: said before anything is made (the reports' folders, the log dir, a
  // lock), so the refusal leaves nothing behind.
  if (options.interactive && !ctx.deps.prompter && !(ctx.deps.stdin.isTTY && ctx.deps.stdout.isTTY))
    throw new CrisisError(say('error.drill.interactiveTty'), {
      hint: say('error.drill.interactiveTty.hint'),
      exitCode: ExitCode.usage,
    });
  if (isStdout(options.junit) && isStdout(options.report))
    throw new CrisisError(say('error.drill.twoStdout'), {
      hint: say('error.drill.twoStdout.hint'),
      exitCode: ExitCode.usage,
    });
  // One file for both: the JSON would replace the XML written a moment before (./F, F and d/../F are one file).
  const { junit, report } = options;
  if (junit && report && !isStdout(junit) && !isStdout(report) && sameFile(ctx, junit, report))
    throw new CrisisError(say('error.drill.sameFile', { junit, report }), {
      hint: say('error.drill.sameFile.hint'),
      exitCode: ExitCode.usage,
      code: 'drill.same-file',
    });
  // A report on stdout must be the only thing there: the human summary moves to stderr.
  const onStderr = isStdout(options.junit) || isStdout(options.report);
  if (onStderr) ctx = { ...ctx, out: ctx.err, color: ctx.color && ctx.deps.stderr.isTTY === true };
  const { drills, library, broken } = await findDrills(ctx, ref);
  // Before any drill runs: neither report may replace a drill file read, its playbook or a session file.
  const inputs = drillInputs(library, drills, broken);
  for (const [flag, file] of [
    ['--junit', junit],
    ['--report', report],
  ] as const)
    if (file !== undefined) refuseOwnFiles(ctx, flag, file, inputs);
  const style = await makeStyle(ctx.color);
  const dir = logDir(ctx);
  const results: DrillResult[] = [];
  const seconds: number[] = [];
  const logFiles: string[] = [];
  const ranAt = ctx.deps.now();
  if (options.interactive && broken.length > 0) throw invalidDrills(broken);
  if (options.interactive && drills.length !== 1)
    throw new CrisisError(say('error.drill.interactiveOne'), { exitCode: ExitCode.usage });
  // A report that cannot be written fails now, before any drill runs and leaves its log (it failed at the end).
  for (const file of [junit, report]) if (file !== undefined) prepareOutput(ctx, file, 'drill.write');
  for (const entry of drills) {
    const drill = entry.data;
    // Drills of one playbook at one severity run one plan (the one their step ids were checked against): composed
    // once, so its hash and inputs are computed once too.
    const composed = composeOnce(library, drill.playbook, {
      severity: drill.severity,
      with: drill.with,
      jurisdictions: drill.jurisdictions,
    });
    if (!composed.plan)
      throw new CrisisError(
        say('error.drill.compose', {
          file: entry.file,
          problems: composed.problems.map(formatProblemIn(ctx.lang)).join('; '),
        }),
        {
          exitCode: ExitCode.usage,
        },
      );
    const began = performance.now();
    // Drills leave a summary beside their log, so `status` over a CI job's hundreds of drill logs replays none.
    const store = new SummarizingStore(createStore(ctx, dir, drill.playbook, options), composed.plan);
    let interactive: { driver: Driver; clock: { now(): number }; start: number; timeZone: () => string } | undefined;
    if (options.interactive) {
      const { stdin, stdout } = ctx.deps;
      const { InteractiveDriver } = await import('../drive/interactive.js');
      const { settledPrompter, wrappedOut } = await import('./wrapped-out.js');
      const prompter = settledPrompter(
        ctx,
        ctx.deps.prompter ??
          (await import('../drive/inquirer-prompter.js')).inquirerPrompter({
            input: stdin,
            output: stdout,
            lang: ctx.lang,
          }),
      );
      const realStart = ctx.deps.now();
      interactive = {
        driver: new InteractiveDriver(prompter, await wrappedOut(ctx), style, () =>
          ctx.deps.stdout.isTTY ? ctx.deps.stdout.columns : undefined,
        ),
        clock: { now: () => realStart + (ctx.deps.now() - realStart) * speed },
        start: realStart,
        timeZone: machineZoneLater(ctx.deps.env),
      };
      ctx.out(
        style.bold(
          speed !== 1
            ? msg(ctx.lang, 'notice.drill.tabletopSpeed', {
                title: sanitizeLine(localize(drill.title, ctx.lang)),
                speed,
              })
            : msg(ctx.lang, 'notice.drill.tabletop', { title: sanitizeLine(localize(drill.title, ctx.lang)) }),
        ),
      );
    }
    try {
      results.push(
        await runDrill({
          plan: composed.plan,
          drill,
          // Absolute, so `crisis review` finds this very file again from any folder.
          file: path.resolve(ctx.deps.cwd, entry.file),
          store,
          lang: ctx.lang,
          interactive,
        }),
      );
    } finally {
      // The screen lines waiting for render/width.js come before the results (wrapped-out.ts).
      if (interactive) await (await import('./wrapped-out.js')).settled(ctx).catch(() => undefined);
      await store.close();
    }
    seconds.push((performance.now() - began) / 1000);
    logFiles.push(store.paths.log);
  }
  // At a terminal the result lines are wrapped to its width, between words (the terminal folded them inside words);
  // piped, they are written as they are, and nothing is loaded for it.
  const to = onStderr ? 'err' : 'out';
  const terminal = onStderr ? ctx.deps.stderr : ctx.deps.stdout;
  const wrapping = terminal.isTTY === true && Boolean(terminal.columns);
  const wrapped = wrapping ? await import('./wrapped-out.js') : undefined;
  const out = wrapped ? await wrapped.wrappedOut(ctx, to) : ctx.out;
  results.forEach((r, i) => printResult(ctx, out, wrapping, r, logFiles[i]!, style));
  const failed = results.filter((r) => !r.passed).length;
  // Files that did not run count: "2 of 5 drills passed, 3 invalid", never "2 of 2" beside three errors.
  const total = results.length + broken.length;
  const counts = { passed: results.length - failed, total, invalid: broken.length };
  if (total > 1) out(msg(ctx.lang, broken.length > 0 ? 'drill.summaryInvalid' : 'drill.summary', counts));
  // Every result line is out before the reports are written and an invalid file's error is printed.
  if (wrapped) await wrapped.settled(ctx);
  if (options.junit)
    writeOut(
      ctx,
      ['--junit', options.junit, inputs],
      renderJunit(results, { hostname: ctx.deps.hostname, ranAt, seconds, logFiles, errors: broken }),
    );
  if (options.report) writeOut(ctx, ['--report', options.report, inputs], jsonReport(results, logFiles, broken));
  if (broken.length > 0) throw invalidDrills(broken);
  return failed > 0 ? ExitCode.problems : ExitCode.ok;
}

/**
 * Whether two output paths name one file: resolved from the working directory, through symlinks as far as
 * they exist (a report's folder may not exist yet: `drill` creates it).
 */
function sameFile(ctx: Ctx, a: string, b: string): boolean {
  return realTarget(path.resolve(ctx.deps.cwd, a)) === realTarget(path.resolve(ctx.deps.cwd, b));
}

/** One `error:` line per invalid file, then one hint for the run. */
const invalidDrills = (broken: readonly BrokenDrill[]) =>
  new CrisisError(broken[0]!.said, {
    more: broken.slice(1).map((b) => b.said),
    hint: say('error.drill.invalid.hint'),
    exitCode: ExitCode.usage,
    code: 'drill.invalid',
  });

const iso = (ms: number) => new Date(ms).toISOString();

/** `--report`: the JUnit report's content as JSON, times as ISO strings; files that did not run under `errors`. */
function jsonReport(results: readonly DrillResult[], logFiles: readonly string[], broken: readonly BrokenDrill[]) {
  const drills = results.map((r, i) => ({
    ...r,
    // The report is for programs: English words only, not the sentences the terminal words them from.
    results: r.results.map(({ said: _said, ...x }) => ({ ...x, settledAt: iso(x.settledAt) })),
    log: logFiles[i],
    startedAt: iso(r.startedAt),
    endedAt: iso(r.endedAt),
  }));
  const errors = broken.map(({ file, name, problems }): DrillFileError => ({ file, name, problems }));
  return `${JSON.stringify({ drills, errors }, null, 2)}\n`;
}

/** Parallel drills into one log dir: a session id that already exists is drawn again. */
function createStore(ctx: Ctx, dir: string, playbook: string, options: DrillOptions): FileStore {
  const log = FileEventLog.createFresh(
    dir,
    () => freshSessionId(playbook, ctx.deps.now()),
    { pid: ctx.deps.pid, host: ctx.deps.hostname },
    ctx.deps.now(),
    options.interactive ? 'each-append' : 'on-close',
  );
  return new FileStore(log);
}

/**
 * One drill's heading, result lines and log. `out` wraps at a terminal (`wrapping`): there a dim line keeps its
 * indent outside the colour, so that the lines it wraps into keep the indent too; piped, the bytes are as ever.
 */
function printResult(
  ctx: Ctx,
  out: (line: string) => void,
  wrapping: boolean,
  r: DrillResult,
  log: string,
  style: Awaited<ReturnType<typeof makeStyle>>,
): void {
  const held = r.results.filter((x) => x.ok).length;
  const severity = severityName(r.severity, messagesFor(ctx.lang));
  const heading = { drill: r.drill, playbook: r.playbook, severity, held, total: r.results.length };
  const dim = (indent: string, text: string) => (wrapping ? indent + style.dim(text) : style.dim(indent + text));
  out(style.bold(msg(ctx.lang, 'drill.heading', heading)));
  for (const x of r.results) {
    // In the drill's language when the result carries its sentences; JUnit and --report stay English.
    const w = x.said;
    const say = (words: Parameters<typeof wordsIn>[1] | undefined, english: string) =>
      sanitizeLine(words === undefined ? english : wordsIn(ctx.lang, words));
    out(`  ${x.ok ? style.green('✓') : style.red('✗')} ${say(w?.name, x.name)}`);
    if (!x.ok) {
      out(`      ${msg(ctx.lang, 'drill.expected', { text: say(w?.expected, x.expected) })}`);
      out(`      ${msg(ctx.lang, 'drill.actual', { text: say(w?.actual, x.actual) })}`);
    }
    for (const [i, e] of (x.ok ? [] : x.evidence).entries()) out(dim('      ', say(w?.evidence[i], e)));
  }
  out(dim('  ', msg(ctx.lang, 'drill.log', { path: log })));
}

function writeOut(ctx: Ctx, [flag, file, inputs]: [string, string, readonly string[]], text: string): void {
  writeOutput(ctx, file, text, { mkdir: true, code: 'drill.write', flag, inputs });
}

/** The files a drill run reads: the drill files given (those that do not run too) and their playbooks'. */
function drillInputs(library: Library, drills: readonly DrillEntry[], broken: readonly BrokenDrill[]): string[] {
  const files = [...drills.map((d) => d.file), ...broken.map((b) => b.file)];
  for (const d of drills) {
    const { playbook, severity, with: w, jurisdictions } = d.data;
    const plan = composeOnce(library, playbook, { severity, with: w, jurisdictions }).plan;
    if (plan) files.push(...planFiles(library, plan));
  }
  return [...new Set(files)];
}
