import { CrisisError, ExitCode, say } from '../errors.js';
import type { Lang } from '../playbook/types.js';

import type { InStream, OutStream } from '../drive/streams.js';

export type { InStream, OutStream };

/** The world a command runs in. Tests pass their own; bin/crisis.js passes the real one. */
export interface CliDeps {
  stdout: OutStream;
  stderr: OutStream;
  stdin: InStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
  now(): number;
  /** user name for --operator's default */
  username(): string;
  hostname: string;
  pid: number;
  /** interactive prompts; the default is @inquirer/prompts on the terminal */
  prompter?: import('../drive/prompter.js').Prompter;
}

export interface GlobalOptions {
  playbooks?: string[];
  logDir?: string;
  lang?: string;
  color?: boolean;
  debug?: boolean;
  store?: string;
}

/** What every command receives: the world plus the global options, resolved. */
export interface Ctx {
  deps: CliDeps;
  lang: Lang;
  color: boolean;
  debug: boolean;
  playbookDirs: string[];
  logDir?: string;
  /** a postgres:// URL (team mode), or undefined for the file store */
  store?: string;
  out(line?: string): void;
  err(line?: string): void;
}

export function makeCtx(deps: CliDeps, options: GlobalOptions): Ctx {
  return {
    deps,
    lang: resolveLang(options.lang, deps.env),
    color: colorEnabled(deps.stdout, deps.env, options.color),
    debug: options.debug === true,
    playbookDirs: options.playbooks ?? [],
    logDir: options.logDir,
    store: resolveStore(options.store, deps.env),
    out: (line = '') => void deps.stdout.write(`${line}\n`),
    err: (line = '') => void deps.stderr.write(`${line}\n`),
  };
}

/** --store, then CRISIS_STORE: a postgres:// URL selects team mode; "file" (or nothing) the file log. */
export function resolveStore(flag: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  const value = flag ?? env.CRISIS_STORE;
  if (value === undefined || value === '' || value === 'file') return undefined;
  if (/^postgres(ql)?:\/\//i.test(value)) return value;
  throw new CrisisError(say('error.store.url', { where: flag !== undefined ? '--store' : 'CRISIS_STORE' }), {
    hint: say('error.store.url.hint'),
    exitCode: ExitCode.usage,
    code: 'store.url',
  });
}

/** --lang, then CRISIS_LANG, then the locale; English is the fallback. */
export function resolveLang(flag: string | undefined, env: NodeJS.ProcessEnv): Lang {
  const pick = (value: string | undefined, where: string): Lang | undefined => {
    if (value === undefined || value === '') return undefined;
    if (value === 'en' || value === 'zh') return value;
    throw new CrisisError(say('error.lang.unknown', { where, value }), {
      hint: say('error.lang.unknown.hint'),
      exitCode: ExitCode.usage,
    });
  };
  const chosen = pick(flag, '--lang') ?? pick(env.CRISIS_LANG, 'CRISIS_LANG');
  if (chosen) return chosen;
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return locale.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/**
 * chalk ignores NO_COLOR, so the decision is made here: --no-color, then
 * NO_COLOR, then FORCE_COLOR, then TERM=dumb, then whether it is a terminal.
 */
export function colorEnabled(stream: OutStream, env: NodeJS.ProcessEnv, flag: boolean | undefined): boolean {
  if (flag === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}
