import { readVersion } from './version.js';
import { hostname, userInfo } from 'node:os';
import type { CliDeps } from './context.js';
import { outputFor } from './fd-out.js';

export { endsWhenDone, outputClosed } from './output-closed.js';
export { outputPending, terminalFds } from './fd-out.js';

export function realDeps(): CliDeps {
  return {
    // Node's streams when they are terminals, else the descriptors written directly (fd-out.ts)
    stdout: outputFor(1, () => process.stdout),
    stderr: outputFor(2, () => process.stderr),
    // Read when a command reads stdin: making the stream costs every other command (--version most) ~2 ms.
    get stdin() {
      return process.stdin;
    },
    env: process.env,
    cwd: process.cwd(),
    now: () => Date.now(),
    username: () => {
      try {
        return userInfo().username;
      } catch {
        return process.env.USER ?? 'operator';
      }
    },
    hostname: hostname(),
    pid: process.pid,
  };
}

/**
 * The one error boundary: a CrisisError prints `error: message` and its hint
 * and exits with its code; anything else is a bug (exit 70, stack with --debug).
 */
export async function main(argv: readonly string[], deps: CliDeps = realDeps()): Promise<number> {
  // `crisis --version` is typed in the first seconds of a crisis: answer it without loading commander.
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    deps.stdout.write(`${readVersion()}\n`);
    return 0;
  }
  const listing = bareListing(argv);
  if (listing) return listSessions(argv, deps, listing);
  // The error printer (and the message catalogues it brings) is loaded here, after the --version answer.
  const [{ createProgram, commandNamed, mayShowHelp }, { errorLang, reportError }, { loadLanguage }] =
    await Promise.all([import('./program.js'), import('./report-error.js'), import('../text/messages.js')]);
  const lang = errorLang(argv, deps.env);
  // Only the run's language is loaded: English always, Chinese when asked for (the action loads --lang's too).
  await loadLanguage(lang);
  // Help in Chinese is measured and wrapped as Chinese (help-layout.ts): loaded only when help may be printed.
  const helpLayout = lang !== 'en' && mayShowHelp(argv) ? (await import('./help-layout.js')).helpLayout : undefined;
  const state = { exitCode: 0, debug: argv.includes('--debug'), json: argv.includes('--json'), lang, helpLayout };
  const program = createProgram(deps, state, commandNamed(argv));
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return state.exitCode;
  } catch (error) {
    return reportError(error, deps, state.debug, state.json, lang);
  }
}

/** The flags a bare listing may carry; anything else goes through the program. */
const LISTING_FLAGS = new Set(['--drills', '--json']);

/**
 * `crisis status`, with `--drills`, `--json` or both and nothing else: the listing, which runs over every session
 * in the log dir, so that a year of sessions makes it the heaviest command people type without thinking. Said
 * exactly so, it needs nothing commander gives (no option value, no help, no session to resolve): undefined
 * for any other arguments, which the program parses as always.
 */
export function bareListing(argv: readonly string[]): { drills: boolean; json: boolean } | undefined {
  if (argv[0] !== 'status' || argv.length > 3) return undefined;
  const flags = argv.slice(1);
  if (!flags.every((flag) => LISTING_FLAGS.has(flag)) || new Set(flags).size !== flags.length) return undefined;
  return { drills: flags.includes('--drills'), json: flags.includes('--json') };
}

/**
 * The listing without commander and the program (8 to 12 ms of a 1,000-session listing, bench/README.md round
 * seventeen): the context, language and store the program's action makes for `status`, then the same run().
 */
async function listSessions(
  argv: readonly string[],
  deps: CliDeps,
  options: { drills: boolean; json: boolean },
): Promise<number> {
  const [{ commandCtx }, { loadLanguage }, status] = await Promise.all([
    import('./context.js'),
    import('../text/messages.js'),
    import('./status.js'),
  ]);
  try {
    // status reads sessions: the store matters, as for the program's action
    return await status.run(await commandCtx(deps, {}, {}), undefined, options);
  } catch (error) {
    // Printed as the program prints an action's error: in the language errors print in, JSON under --json.
    const { errorLang, reportError } = await import('./report-error.js');
    const lang = errorLang(argv, deps.env);
    await loadLanguage(lang);
    return reportError(error, deps, false, options.json, lang);
  }
}
