import { readdirSync } from 'node:fs';
import { userInfo } from 'node:os';
import * as path from 'node:path';
import { CrisisError, ExitCode, say } from '../errors.js';
import { assertSessionId, isSessionId } from '../session/ids.js';

// Where a session's files are and which sessions a log dir holds: no event code, no hashing, so that a listing
// of saved summaries (`crisis status`) loads neither.

/**
 * Where sessions live unless --log-dir says otherwise: CRISIS_LOG_DIR, else
 * `$XDG_STATE_HOME/crisis/sessions`, else `<home>/.local/state/crisis/sessions`.
 * The XDG base-dir rules ignore a relative XDG_STATE_HOME; home is $HOME when
 * it is absolute, else the account's home (os.userInfo, from the password
 * database). An unset or empty HOME must not turn into `/` or the current directory.
 */
export function defaultLogDir(env: NodeJS.ProcessEnv, accountHome: () => string | undefined = systemHome): string {
  if (env.CRISIS_LOG_DIR) return env.CRISIS_LOG_DIR;
  const state = env.XDG_STATE_HOME;
  if (state && path.isAbsolute(state)) return path.join(state, 'crisis', 'sessions');
  const home = env.HOME && path.isAbsolute(env.HOME) ? env.HOME : accountHome();
  if (!home || !path.isAbsolute(home))
    throw new CrisisError(say('error.store.noLogDir'), {
      hint: say('error.store.noLogDir.hint'),
      exitCode: ExitCode.environment,
      code: 'store.no-log-dir',
    });
  return path.join(home, '.local', 'state', 'crisis', 'sessions');
}

function systemHome(): string | undefined {
  try {
    return userInfo().homedir;
  } catch {
    return undefined;
  }
}

export interface SessionPaths {
  log: string;
  lock: string;
  torn: string;
  dir: string;
  /** a file the operator named (`verify evidence.jsonl`): read through symlinks, whatever its name */
  external?: boolean;
}

/** Paths for a log file named on the command line, which need not be named like a session. */
export function externalPaths(file: string): SessionPaths {
  const base = file.endsWith('.jsonl') ? file.slice(0, -'.jsonl'.length) : file;
  return { log: file, lock: `${base}.lock`, torn: `${file}.torn`, dir: base, external: true };
}

/** The status listing's cache of every session's summary, in the log dir (status-index.ts). */
export const STATUS_INDEX = '.status-index.json';

/**
 * Whether a name in the log dir is a file the store keeps for a session: its log, its lock, its summary, the
 * torn last line or the lines `resume --force` set aside, or the status index. No command writes its output
 * over one (cli/output.ts): a report written there would replace a session's history.
 */
export function isSessionFileName(name: string): boolean {
  return name === STATUS_INDEX || /\.(?:jsonl|lock|summary\.json|jsonl\.torn|jsonl\.broken-[^/]*)$/.test(name);
}

/**
 * A statement file in the session folder, `statements/<name>.md`, the name a channel (`website`) or a channel and
 * the step when several steps issue on it (`email.notify-staff`); relative: the notes name it so.
 */
export const statementFileName = (name: string): string => path.join('statements', `${name}.md`);

/**
 * Whether a path relative to the log dir is a session's statement file, `<session-id>/statements/<name>.md`
 * (statementFileName): derived from the log, but the latest text of a channel, which no output replaces.
 */
export function isStatementFilePath(relative: string): boolean {
  const parts = relative.split(path.sep);
  return parts.length === 3 && isSessionId(parts[0]!) && parts[1] === 'statements' && parts[2]!.endsWith('.md');
}

export function sessionPaths(logDir: string, id: string): SessionPaths {
  assertSessionId(id);
  return {
    log: path.join(logDir, `${id}.jsonl`),
    lock: path.join(logDir, `${id}.lock`),
    torn: path.join(logDir, `${id}.jsonl.torn`),
    dir: path.join(logDir, id),
  };
}

export const pidAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Session ids in a log dir, newest first. */
export function listSessions(logDir: string): string[] {
  return sessionIdsIn(logDirNames(logDir));
}

/** The names in a log dir; none when it does not exist yet. A file, or a dir that cannot be read, is exit 3. */
export function logDirNames(logDir: string): string[] {
  try {
    return readdirSync(logDir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return [];
    throw new CrisisError(say('error.store.cannotListDir', { dir: logDir, reason: String(code ?? error) }), {
      hint: say('error.store.logDir.hint'),
      exitCode: ExitCode.environment,
      code: 'store.log-dir',
    });
  }
}

/** How a session's log is named: the start time, then the rest of the id (which status checks in full). */
const SESSION_NAME = /^\d{8}-\d{6}-/;

/** The session ids among a log dir's names, newest first. */
export function sessionIdsIn(names: readonly string[]): string[] {
  // One pass (a log dir holds a log, a summary and maybe a lock per session): status over 10,000 sessions reads
  // 20,000 names here.
  const ids: string[] = [];
  for (let i = 0; i < names.length; i++) {
    const f = names[i]!;
    if (f.endsWith('.jsonl') && SESSION_NAME.test(f)) ids.push(f.slice(0, -'.jsonl'.length));
  }
  return ids.sort().reverse();
}
