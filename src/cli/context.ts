import { CrisisError, ExitCode, say } from '../errors.js';
import { loadLanguage } from '../text/messages.js';
import { isStoreUrl, isTimeZone } from '../playbook/profile.js';
import type { Lang } from '../playbook/types.js';

import type { InStream, OutStream } from '../drive/streams.js';
import type { ProfileFile } from '../store/profile-file.js';

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
  if (isStoreUrl(value)) return value;
  // Never the value itself: a URL may carry a password.
  throw new CrisisError(say('error.store.url', { where: flag !== undefined ? '--store' : 'CRISIS_STORE' }), {
    hint: say('error.store.url.hint'),
    exitCode: ExitCode.usage,
    code: 'store.url',
  });
}

/** --store or CRISIS_STORE said where sessions live (even "file"): the profile's `store:` is not asked. */
export const storeChosen = (flag: string | undefined, env: NodeJS.ProcessEnv): boolean =>
  flag !== undefined || (env.CRISIS_STORE !== undefined && env.CRISIS_STORE !== '');

/**
 * The last default of the store: `store:` in the organisation profile (the
 * one `start` would use: --profile, CRISIS_PROFILE, found upward, config dir),
 * so a team shares one file instead of everyone exporting CRISIS_STORE. The
 * profile was checked against its schema: a bad URL there is a usage error at
 * its file:line:col. No profile, or no `store:` in it: the file log.
 */
export async function profileStore(ctx: Ctx, profileFlag: string | undefined): Promise<string | undefined> {
  const [{ readProfile }, { displayPath }] = await Promise.all([
    import('../store/profile-file.js'),
    import('../store/display-path.js'),
  ]);
  const found = await locateProfile(ctx, profileFlag);
  if (found === undefined) return undefined;
  const { store } = await readProfile(found, displayPath(found.file, ctx.deps.cwd));
  return store === undefined || store === 'file' ? undefined : store;
}

/**
 * The context a command runs in: the world and its global options, the run's catalogue loaded and, for a command
 * that reads or writes sessions (`store`), the organisation profile's store when no flag or variable chose one.
 * The program's actions and the bare `status` listing (main.ts) both start here.
 */
export async function commandCtx(deps: CliDeps, globals: GlobalOptions, store?: { profile?: string }): Promise<Ctx> {
  const ctx = makeCtx(deps, globals);
  await loadLanguage(ctx.lang);
  if (store && !storeChosen(globals.store, deps.env)) ctx.store = await profileStore(ctx, store.profile);
  return ctx;
}

/** Profiles already warned about, per command: the store default and `start` both look for the profile. */
const profileWarned = new WeakMap<Ctx, Set<string>>();

/**
 * The organisation profile file (findProfile), saying on stderr, once per
 * command, which discovered profile was skipped and why, or that a named one
 * is writable by every user: a warning line and a hint line.
 */
export async function locateProfile(ctx: Ctx, profileFlag: string | undefined): Promise<ProfileFile | undefined> {
  const [{ findProfile }, { displayPath }, { msg }, { sanitizeLine }] = await Promise.all([
    import('../store/profile-file.js'),
    import('../store/display-path.js'),
    import('../text/messages.js'),
    import('../text/sanitize.js'),
  ]);
  const warned = profileWarned.get(ctx) ?? new Set<string>();
  profileWarned.set(ctx, warned);
  return findProfile({
    flag: profileFlag,
    env: ctx.deps.env,
    cwd: ctx.deps.cwd,
    notice: ({ kind, file, uid, mode }) => {
      if (warned.has(`${kind}:${file}`)) return;
      warned.add(`${kind}:${file}`);
      // A parent directory's name is anyone's: no control character of it reaches the terminal.
      const shown = sanitizeLine(displayPath(file, ctx.deps.cwd));
      const octal = mode.toString(8).padStart(4, '0');
      const hint = (text: string) => ctx.err(msg(ctx.lang, 'error.hintPrefix', { hint: text }));
      if (kind === 'world') {
        ctx.err(msg(ctx.lang, 'notice.profile.worldWritable', { file: shown, mode: octal }));
        hint(msg(ctx.lang, 'notice.profile.worldWritable.hint'));
        return;
      }
      const why = msg(ctx.lang, `notice.profile.skipped.${kind}`, { uid, mode: octal });
      ctx.err(msg(ctx.lang, 'notice.profile.skipped', { file: shown, why }));
      hint(msg(ctx.lang, 'notice.profile.skipped.hint', { file: shown }));
    },
  });
}

/** --lang, then CRISIS_LANG, then the locale; English is the fallback. */
export function resolveLang(flag: string | undefined, env: NodeJS.ProcessEnv): Lang {
  const pick = (value: string | undefined, where: string): Lang | undefined => {
    // An empty CRISIS_LANG is unset, as environment variables go; an empty --lang was typed, and is refused.
    if (value === undefined || (value === '' && where !== '--lang')) return undefined;
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

/**
 * The machine's time zone, for screens: TZ when it names a zone, else what
 * the runtime resolved. Read here so the core never reads the environment.
 */
export function machineZone(env: NodeJS.ProcessEnv): string {
  const tz = env.TZ;
  if (tz && isTimeZone(tz)) return tz;
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** machineZone, read the first time it is asked for (a screen showing a time of day), then remembered. */
export function machineZoneLater(env: NodeJS.ProcessEnv): () => string {
  let zone: string | undefined;
  return () => (zone ??= machineZone(env));
}
