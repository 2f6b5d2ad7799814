import { CommanderError } from 'commander';
import { hostname, userInfo } from 'node:os';
import { CrisisError, ExitCode } from '../errors.js';
import type { CliDeps } from './context.js';
import { createProgram, type ProgramState } from './program.js';

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
  const state: ProgramState = { exitCode: 0, debug: argv.includes('--debug') };
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
  if (error instanceof CommanderError) {
    // --help and --version "fail" with exit code 0; their text is already out.
    if (error.exitCode === 0 || error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
    if (error.code === 'commander.help') return ExitCode.usage;
    err('hint: run `crisis --help` for the commands and options');
    return ExitCode.usage;
  }
  if (error instanceof CrisisError) {
    err(`error: ${error.message}`);
    if (error.hint) err(`hint: ${error.hint}`);
    if (debug && error.stack) err(error.stack);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  err(`internal error: ${message}`);
  if (debug && error instanceof Error && error.stack) err(error.stack);
  else err('hint: this is a bug in crisis; run again with --debug and report the output');
  return ExitCode.internal;
}
