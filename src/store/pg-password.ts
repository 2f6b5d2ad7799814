import { readFile, stat } from 'node:fs/promises';

/**
 * Team mode: the password of a store URL that carries none, found where README tells a team to keep it (the
 * password file: PGPASSFILE, else ~/.pgpass), by crisis itself. pg 8 reads that file on its own too, but warns
 * that pg 9 will not (its built-in lookup is deprecated): handed this lookup as its password function, pg never
 * runs its own, so the file keeps working whatever pg does with it. The file is named, parsed and matched by the
 * `pgpass` package, the code pg 8 uses for it (pinned to the version pg installs), so a line that worked before
 * works the same. A password in the URL or in PGPASSWORD comes first: pg takes those itself, and this lookup is
 * then not asked. When nothing is found, the error says what was looked at (PasswordNotGiven), where pg would
 * have sent no password and repeated the server's bare refusal.
 */

/** Where pg connects and as whom: the connection parameters it hands a password function. */
export interface Login {
  host: string;
  port: number;
  database?: string | null;
  user?: string | null;
}

/** What the lookup found instead of a password (the error names it, so the operator fixes the right thing). */
export type NoPassword =
  /** no file at that path */
  | { why: 'noFile'; file: string }
  /** a directory, a FIFO…: libpq and pg skip it */
  | { why: 'notFile'; file: string }
  /** its group or others may read it: libpq and pg skip it, as a leaked password */
  | { why: 'open'; file: string }
  | { why: 'unreadable'; file: string; reason: string }
  /** read, but no line is for this host, port, database and user */
  | { why: 'noLine'; file: string };

/** The server asked for a password, and none was given: not in the URL, not in PGPASSWORD, not in the file. */
export class PasswordNotGiven extends Error {
  /** the line the password file needs for this login (passwordLine) */
  readonly line: string;
  constructor(
    readonly login: Login,
    readonly found: NoPassword,
  ) {
    super(`the server asked for the password of ${login.user ?? ''}, and none was given (${found.why})`);
    this.name = 'PasswordNotGiven';
    this.line = passwordLine(login);
  }
}

/** The parts of pgpass 1.0.5 (lib/helper.js) used here: the file's name, and how a line is read and matched. */
interface PgpassHelper {
  getFileName(env?: NodeJS.ProcessEnv): string;
  parseLine(line: string): Record<'host' | 'port' | 'database' | 'user' | 'password', string> | null;
  isValidEntry(entry: Record<string, string>): boolean;
  match(login: Login, entry: Record<string, string>): boolean;
}

/**
 * The password for `login` from the password file, or a PasswordNotGiven saying why there is none. The file is
 * checked as libpq checks it (a plain file, no access for group or others; not on Windows, as pgpass does),
 * here rather than by pgpass, which would print a WARNING line of its own on stderr and go on as if the file
 * were not there; then its first matching line wins. An empty PGPASSWORD is no password (pg sends none for it),
 * and the file is read, as libpq does.
 */
export async function passwordFor(login: Login, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return (await passwordEntry(login, env)).password;
}

/** A password found in the password file, and where: the file, the line (from 1), that line's login fields. */
export interface PasswordEntry {
  password: string;
  file: string;
  line: number;
  /** `host:port:database:user` as the line writes them (`*` for any), without its password */
  login: string;
}

/** passwordFor, saying where the password was found: a server that refuses it is then said to refuse that line. */
export async function passwordEntry(login: Login, env: NodeJS.ProcessEnv = process.env): Promise<PasswordEntry> {
  // @ts-expect-error -- pgpass ships no types: what is used of it is typed above (PgpassHelper)
  const helper = (await import('pgpass/lib/helper.js')).default as PgpassHelper;
  const file = helper.getFileName(env);
  const missing = (found: NoPassword) => new PasswordNotGiven(login, found);
  let text: string;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw missing({ why: 'notFile', file });
    if (process.platform !== 'win32' && (info.mode & 0o077) !== 0) throw missing({ why: 'open', file });
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof PasswordNotGiven) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw missing({ why: 'noFile', file });
    throw missing({ why: 'unreadable', file, reason: code ?? (error as Error).message });
  }
  for (const [i, line] of text.split(/\r?\n/).entries()) {
    const entry = helper.parseLine(line);
    if (entry && helper.isValidEntry(entry) && helper.match(login, entry)) {
      const fields = [entry.host, entry.port, entry.database, entry.user].map(escapeField).join(':');
      return { password: entry.password, file, line: i + 1, login: fields };
    }
  }
  throw missing({ why: 'noLine', file });
}

/** The line the password file needs for `login`, its password left as PASSWORD (`:` and `\` escaped in fields). */
export function passwordLine(login: Login): string {
  const user = login.user ?? '';
  return [login.host, String(login.port), login.database || user, user].map(escapeField).join(':') + ':PASSWORD';
}

/** A field of a password file's line as written there: `:` and `\` escaped. */
const escapeField = (value: string) => value.replace(/[\\:]/g, (c) => `\\${c}`);
