import * as fs from 'node:fs';
import * as path from 'node:path';
import { CrisisError, ExitCode, say } from '../errors.js';
import { MAX_FILE_BYTES } from '../playbook/limits.js';
import type { Profile } from '../playbook/types.js';
import { openToRead, readOpenedFile, refusalSaid } from './safe-fs.js';

/** The names a profile goes by, in the order they are tried in each directory. */
export const PROFILE_NAMES = ['crisis.config.yaml', 'org.yaml'] as const;

export interface ProfileSearch {
  /** --profile FILE: this file and no other */
  flag?: string;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** told about each profile found but not trusted, and about a named one anyone may write */
  notice?: (notice: ProfileNotice) => void;
}

/**
 * Why a profile is not (fully) trusted: `owner`, a discovered file that belongs to another
 * user (not root); `writable`, a discovered file that group or others may write; `world`, a
 * named file (--profile, CRISIS_PROFILE) that every user may write, used all the same.
 */
export interface ProfileNotice {
  kind: 'owner' | 'writable' | 'world';
  file: string;
  uid: number;
  /** permission bits, e.g. 0o666 */
  mode: number;
}

/** Where a profile came from, for the start message and the log. */
export interface FoundProfile {
  file: string;
  profile: Profile;
}

/**
 * A profile file found: its bytes, read from the descriptor whose fstat was judged (so a file swapped in after a
 * check is never the one read), or why it could not be read (readProfile says so).
 */
export interface ProfileFile {
  file: string;
  bytes?: Buffer;
  error?: unknown;
}

const statOrNot = (file: string, lstat = false): fs.Stats | undefined => {
  try {
    return lstat ? fs.lstatSync(file) : fs.statSync(file);
  } catch {
    return undefined;
  }
};

/**
 * Whether a file found by walking up may speak for the organisation: its owner
 * (and a symlink's own owner) is this user or root, and no one else may write
 * it (others, or a group that is not the user's own); anyone else could have planted it, in /tmp or a shared
 * checkout, to redirect the store or put words into statements. Platforms
 * without uids (Windows) have no such owner or mode: nothing is checked there.
 */
export function untrustedProfile(file: string, st: fs.Stats, link?: fs.Stats): ProfileNotice | undefined {
  const uid = process.geteuid?.();
  if (uid === undefined) return undefined;
  const mode = st.mode & 0o7777;
  for (const s of link ? [link, st] : [st])
    if (s.uid !== uid && s.uid !== 0) return { kind: 'owner', file, uid: s.uid, mode };
  // Group-writable is this user's own default where each user has a group of their own (umask 002, as on
  // Debian and Ubuntu): only a group other than the user's makes it writable by someone else.
  const groupWritable = (st.mode & 0o020) !== 0 && st.gid !== process.getegid?.();
  if ((st.mode & 0o002) !== 0 || groupWritable) return { kind: 'writable', file, uid: st.uid, mode };
  return undefined;
}

const sameFile = (a: fs.Stats | undefined, b: fs.Stats): boolean =>
  a !== undefined && a.dev === b.dev && a.ino === b.ino;

/** The bytes of an opened file, or why they could not be read (too big, not a regular file). */
function readFrom(fd: number, file: string, st: fs.Stats): ProfileFile {
  try {
    // A regular file, bounded like a playbook: a FIFO would block, /dev/zero would never end.
    return { file, bytes: readOpenedFile(fd, file, st, MAX_FILE_BYTES) };
  } catch (error) {
    return { file, error };
  }
}

/**
 * A discovered profile file: a regular file (through a symlink too) that this user can trust, read; or undefined,
 * with `notice` told why when it is not trusted. Opened first, then judged by the descriptor's fstat: a stat of
 * the path, then an open, would read whatever was swapped in between. A symlink is judged by its own owner as
 * well, and only while it still leads to the file opened.
 */
function discovered(file: string, notice: ProfileSearch['notice']): ProfileFile | undefined {
  let fd: number;
  try {
    fd = openToRead(file, { followSymlinks: true });
  } catch (error) {
    // Nothing there; or a file this user cannot open, judged by its path as before, as nothing is read from it.
    const st = statOrNot(file);
    if (!st?.isFile()) return undefined;
    const link = statOrNot(file, true);
    const untrusted = untrustedProfile(file, st, link?.isSymbolicLink() ? link : undefined);
    if (untrusted) notice?.(untrusted);
    return untrusted ? undefined : { file, error };
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) return undefined;
    const link = statOrNot(file, true);
    const symlink = link?.isSymbolicLink() === true;
    // The path changed since the open: what it names now is not what was opened, and is judged by no one.
    if (!sameFile(symlink ? statOrNot(file) : link, st)) return undefined;
    const untrusted = untrustedProfile(file, st, symlink ? link : undefined);
    if (untrusted) {
      notice?.(untrusted);
      return undefined;
    }
    return readFrom(fd, file, st);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The profile file to use, found like a project's config: `--profile FILE`,
 * then CRISIS_PROFILE, then crisis.config.yaml or org.yaml in the working
 * directory or the nearest parent that has one, then the user's config dir
 * ($XDG_CONFIG_HOME/crisis, else ~/.config/crisis). Undefined: no profile.
 * A discovered file another user owns or may write is skipped (`notice` says
 * which and why) and the search goes on; a named one is the user's choice and
 * is used, with a notice when every user may write it.
 */
export function findProfile({ flag, env, cwd, notice }: ProfileSearch): ProfileFile | undefined {
  const named = flag ?? (env.CRISIS_PROFILE || undefined);
  if (named !== undefined) {
    const file = path.resolve(cwd, named);
    let fd: number;
    try {
      fd = openToRead(file, { followSymlinks: true });
    } catch (error) {
      return { file, error };
    }
    try {
      const st = fs.fstatSync(fd);
      if (st.isFile() && process.geteuid?.() !== undefined && (st.mode & 0o002) !== 0)
        notice?.({ kind: 'world', file, uid: st.uid, mode: st.mode & 0o7777 });
      return readFrom(fd, file, st);
    } finally {
      fs.closeSync(fd);
    }
  }
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    for (const name of PROFILE_NAMES) {
      const found = discovered(path.join(dir, name), notice);
      if (found) return found;
    }
    if (path.dirname(dir) === dir) break;
  }
  const home = env.HOME || undefined;
  const configHome = env.XDG_CONFIG_HOME || (home ? path.join(home, '.config') : undefined);
  if (configHome === undefined) return undefined;
  for (const name of PROFILE_NAMES) {
    const found = discovered(path.join(configHome, 'crisis', name), notice);
    if (found) return found;
  }
  return undefined;
}

/** Validate the profile found (its bytes as read); every problem of the file is a usage error naming file:line:col. */
export async function readProfile({ bytes, error }: ProfileFile, shown: string): Promise<Profile> {
  if (bytes === undefined) {
    const why =
      refusalSaid(error) ?? say('error.file.cannotRead', { reason: String((error as NodeJS.ErrnoException).code) });
    throw new CrisisError(say('error.profile.unreadable', { file: shown, why }), {
      hint: say('error.profile.unreadable.hint'),
      exitCode: ExitCode.usage,
      code: 'profile.unreadable',
    });
  }
  const [{ decodeSource, parseSource }, { Profile }, { problemAsError }] = await Promise.all([
    import('../playbook/load.js'),
    import('../playbook/schema.js'),
    import('../playbook/library.js'),
  ]);
  const decoded = decodeSource(bytes, shown);
  if (decoded.problem) throw new CrisisError(problemAsError(decoded.problem), { exitCode: ExitCode.usage });
  const parsed = parseSource(decoded.text!, shown, Profile);
  const problem = parsed.problems[0];
  if (problem?.code === 'file.empty')
    throw new CrisisError(
      say('error.profile.invalid', { problem: say('error.profile.empty', { file: shown }), more: '' }),
      {
        hint: say('error.profile.invalid.hint'),
        exitCode: ExitCode.usage,
      },
    );
  if (!parsed.data || problem) {
    const more = parsed.problems.length > 1 ? say('error.profile.more', { count: parsed.problems.length - 1 }) : '';
    const first = problem ? problemAsError(problem) : say('error.profile.notProfile', { file: shown });
    throw new CrisisError(say('error.profile.invalid', { problem: first, more }), {
      hint: say('error.profile.invalid.hint'),
      exitCode: ExitCode.usage,
      code: 'profile.invalid',
    });
  }
  return parsed.data;
}
