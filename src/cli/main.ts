import { readVersion } from './version.js';
import { hostname, userInfo } from 'node:os';
import { CrisisError, ExitCode } from '../errors.js';
import { sanitizeLine } from '../text/sanitize.js';
import type { CliDeps } from './context.js';

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
  const state = { exitCode: 0, debug: argv.includes('--debug') };
  const program = createProgram(deps, state);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return state.exitCode;
  } catch (error) {
    return reportError(error, deps, state.debug);
  }
}

export function reportError(error: unknown, deps: CliDeps, debug: boolean): number {
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
