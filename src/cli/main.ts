import { readVersion } from './version.js';
import { hostname, userInfo } from 'node:os';
import { CrisisError, ExitCode } from '../errors.js';
import { sanitizeLine } from '../text/sanitize.js';
import type { CliDeps } from './context.js';

export { outputClosed } from './output-closed.js';

export function realDeps(): CliDeps {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
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
  const { createProgram } = await import('./program.js');
  const state = { exitCode: 0, debug: argv.includes('--debug'), json: argv.includes('--json') };
  const program = createProgram(deps, state);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return state.exitCode;
  } catch (error) {
    return reportError(error, deps, state.debug, state.json);
  }
}

export function reportError(error: unknown, deps: CliDeps, debug: boolean, json = false): number {
  if (json) return reportJsonError(error, deps, debug);
  const err = (line: string) => void deps.stderr.write(`${line}\n`);
  const code = (error as { code?: unknown } | undefined)?.code;
  // commander's own errors (its message is already printed); checked by code so this file needs no commander import.
  if (typeof code === 'string' && code.startsWith('commander.')) {
    const exitCode = (error as { exitCode?: number }).exitCode;
    if (exitCode === 0 || code === 'commander.helpDisplayed' || code === 'commander.version') return 0;
    if (code === 'commander.help') return ExitCode.usage;
    err('hint: run `crisis --help` for the commands and options');
    return ExitCode.usage;
  }
  if (error instanceof CrisisError) {
    // Messages quote files and input: nothing in them may drive the terminal.
    for (const [i, line] of error.message.split('\n').entries())
      err(i === 0 ? `error: ${sanitizeLine(line)}` : sanitizeLine(line));
    if (error.hint) err(`hint: ${sanitizeLine(error.hint)}`);
    if (debug && error.stack) err(error.stack);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  err(`internal error: ${sanitizeLine(message)}`);
  if (debug && error instanceof Error && error.stack) err(error.stack);
  else err('hint: this is a bug in crisis; run again with --debug and report the output');
  return ExitCode.internal;
}

/**
 * Under `--json` a program reads stderr too: one line, `{"error", "hint", "code"}` with `code` the exit
 * code, plus `id` (the error's dotted code, when it has one) and `stack` with --debug.
 */
function reportJsonError(error: unknown, deps: CliDeps, debug: boolean): number {
  const id = (error as { code?: unknown } | undefined)?.code;
  let out: { error: string; hint: string | null; code: number; id?: string; stack?: string };
  if (typeof id === 'string' && id.startsWith('commander.')) {
    const exitCode = (error as { exitCode?: number }).exitCode;
    if (exitCode === 0 || id === 'commander.helpDisplayed' || id === 'commander.version') return 0;
    const message = (error as Error).message.replace(/^error: /, '');
    out = { error: message, hint: 'run `crisis --help` for the commands and options', code: ExitCode.usage, id };
  } else if (error instanceof CrisisError) {
    out = { error: error.message, hint: error.hint ?? null, code: error.exitCode };
    if (error.code !== undefined) out.id = error.code;
  } else {
    out = {
      error: `internal error: ${error instanceof Error ? error.message : String(error)}`,
      hint: 'this is a bug in crisis; run again with --debug and report the output',
      code: ExitCode.internal,
    };
  }
  if (debug && error instanceof Error && error.stack) out.stack = error.stack;
  // JSON.stringify escapes every control character, so nothing in a message can drive a terminal.
  deps.stderr.write(`${JSON.stringify(out)}\n`);
  return out.code;
}
