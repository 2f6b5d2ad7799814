import { say, type Said } from '../errors.js';
import type { TypedCommands } from '../store/postgres.js';
import { sayIn, type MessageKey } from '../text/messages.js';
import type { Ctx } from './context.js';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The command as the user can type it again: `npx crisis` when this run came
 * through npx (npm sets `npm_command=exec`), else `crisis`. Hints that say
 * `crisis resume …` after `npx crisis start` would be "command not found".
 */
export function invokedAs(env: Env): string {
  return env.npm_command === 'exec' || env.npm_lifecycle_event === 'npx' ? 'npx crisis' : 'crisis';
}

/**
 * The store URL as it may be shown: without its password, whether in the user part or in `?password=` (the
 * driver reads both). Undefined when it is not a URL at all (the context refuses those before any command runs).
 */
function shownUrl(store: string): { url: string; password: boolean } | undefined {
  try {
    const parsed = new URL(store);
    const password = parsed.password !== '' || parsed.searchParams.has('password');
    if (!password) return { url: store, password };
    parsed.password = '';
    parsed.searchParams.delete('password');
    return { url: parsed.toString(), password };
  } catch {
    return undefined;
  }
}

/**
 * ` --store URL` for a command the user is told to type in team mode, so it reads the same store (a hint
 * without it would look in the log dir): the URL without its password (given instead with PGPASSWORD or in
 * ~/.pgpass, read by store/pg-password.ts: passwordLeftOut), quoted for a shell when it holds more than plain URL
 * characters (`?`, `&`). Empty for the file store.
 */
export function storeOption(store: string | undefined): string {
  if (!store) return '';
  const shown = shownUrl(store);
  return shown ? ` --store ${shellWord(shown.url)}` : ' --store …';
}

/** The store URL carries a password, which every command shown (storeOption) leaves out. */
export const passwordLeftOut = (store: string | undefined): boolean => !!store && shownUrl(store)?.password === true;

/** A word as a POSIX shell reads it back: as it is when it holds only plain characters, else in single quotes. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}

/** `crisis WORDS`, by the name crisis was run by, with `--store URL` in team mode (storeOption). */
export const typedCommand = (env: Env, words: string, store?: string): string =>
  `${invokedAs(env)} ${words}${storeOption(store)}`;

/**
 * A hint or line that names a typedCommand, followed, when the store URL's password was left out of it, by where
 * the command takes the password from instead: without that a user who had it in the URL is asked for it and
 * not told why.
 */
export const withPasswordSource = (said: Said, store: string | undefined): Said =>
  passwordLeftOut(store) ? say('store.passwordLeftOut', { text: said }) : said;

/** A hint whose `{command}` is `crisis WORDS` typed on this run's store (typedCommand, withPasswordSource). */
export const commandHint = (ctx: Pick<Ctx, 'deps' | 'store'>, key: MessageKey, words: string): Said =>
  withPasswordSource(say(key, { command: typedCommand(ctx.deps.env, words, ctx.store) }), ctx.store);

/** commandHint as a line of the run's language (`rejoin with: crisis join ID --store URL`). */
export const commandLine = (ctx: Pick<Ctx, 'deps' | 'store' | 'lang'>, key: MessageKey, words: string): string =>
  sayIn(ctx.lang, commandHint(ctx, key, words));

/** What the PostgreSQL store's errors need to name a command to type: they know neither the run's name nor env. */
export const storeCommands = (env: Env, store: string): TypedCommands => ({
  command: (words) => typedCommand(env, words, store),
  hint: (said) => withPasswordSource(said, store),
});

/**
 * The command that checks a session's log where it lives: `crisis verify ID`, with `--store URL` in team mode
 * (`ID` may be a log file's path, shell-quoted, for a log read from a file).
 */
export const verifyCommand = (env: Env, id: string, store?: string) => typedCommand(env, `verify ${id}`, store);
