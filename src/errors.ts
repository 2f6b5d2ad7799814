/** Exit codes, as documented in the README ("Exit codes"). */
export const ExitCode = {
  ok: 0,
  problems: 1,
  usage: 2,
  environment: 3,
  internal: 70,
  interrupted: 130,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * A failure the user can cause or fix. Thrown where the problem is known,
 * printed in exactly one place (cli/main.ts) as `error: message` + hint.
 */
export class CrisisError extends Error {
  override readonly name = 'CrisisError';
  constructor(
    message: string,
    readonly options: { hint?: string; exitCode?: ExitCodeValue; code?: string } = {},
  ) {
    super(message);
  }
  get hint(): string | undefined {
    return this.options.hint;
  }
  get exitCode(): ExitCodeValue {
    return this.options.exitCode ?? ExitCode.usage;
  }
  get code(): string | undefined {
    return this.options.code;
  }
}

export const usageError = (message: string, hint?: string, code?: string) =>
  new CrisisError(message, { hint, exitCode: ExitCode.usage, code });
export const envError = (message: string, hint?: string, code?: string) =>
  new CrisisError(message, { hint, exitCode: ExitCode.environment, code });

export const isCrisisError = (e: unknown): e is CrisisError => e instanceof CrisisError;
