/**
 * The command as the user can type it again: `npx crisis` when this run came
 * through npx (npm sets `npm_command=exec`), else `crisis`. Hints that say
 * `crisis resume …` after `npx crisis start` would be "command not found".
 */
export function invokedAs(env: Readonly<Record<string, string | undefined>>): string {
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
 * without it would look in the log dir): the URL without its password (passwords belong in ~/.pgpass),
 * quoted for a shell when it holds more than plain URL characters (`?`, `&`). Empty for the file store.
 */
export function storeOption(store: string | undefined): string {
  if (!store) return '';
  const shown = shownUrl(store);
  return shown ? ` --store ${shellWord(shown.url)}` : ' --store …';
}

/** A word as a POSIX shell reads it back: as it is when it holds only plain characters, else in single quotes. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}

/**
 * The command that checks a session's log where it lives: `crisis verify ID`, with `--store URL` in team mode
 * (`ID` may be a log file's path, shell-quoted, for a log read from a file).
 */
export const verifyCommand = (env: Readonly<Record<string, string | undefined>>, id: string, store?: string) =>
  `${invokedAs(env)} verify ${id}${storeOption(store)}`;
