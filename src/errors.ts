import { say, sayIn, type Said } from './text/messages.js';

export { say, sayIn, type Said };

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
 * A failure the user can cause or fix. Thrown where the problem is known, printed in exactly one place
 * (cli/report-error.ts) as `error: message` + hint, in the run's language. `message` and `hint` stay English
 * (logs, `--json`, tests); `inLang` words them for the operator.
 */
export class CrisisError extends Error {
  override readonly name = 'CrisisError';
  constructor(
    readonly said: Said,
    /**
     * `more`: further errors of the same run, each printed as its own `error:` line after the message and
     * before the one hint (a directory of drills with several invalid files); `--json` joins them with newlines.
     */
    readonly options: { hint?: Said; exitCode?: ExitCodeValue; code?: string; more?: readonly Said[] } = {},
  ) {
    super([said, ...(options.more ?? [])].map((s) => sayIn('en', s)).join('\n'));
  }
  get hint(): string | undefined {
    return this.options.hint && sayIn('en', this.options.hint);
  }
  get exitCode(): ExitCodeValue {
    return this.options.exitCode ?? ExitCode.usage;
  }
  get code(): string | undefined {
    return this.options.code;
  }
  /** The message, the further errors and the hint in `lang`, for the one printer. */
  inLang(lang: string): { message: string; more: string[]; hint?: string } {
    const hint = this.options.hint && sayIn(lang, this.options.hint);
    const more = (this.options.more ?? []).map((s) => sayIn(lang, s));
    return { message: sayIn(lang, this.said), more, ...(hint !== undefined ? { hint } : {}) };
  }
}

export const usageError = (message: Said, hint?: Said, code?: string) =>
  new CrisisError(message, { hint, exitCode: ExitCode.usage, code });
export const envError = (message: Said, hint?: Said, code?: string) =>
  new CrisisError(message, { hint, exitCode: ExitCode.environment, code });

export const isCrisisError = (e: unknown): e is CrisisError => e instanceof CrisisError;
