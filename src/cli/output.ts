import {
  accessSync,
  constants,
  lstatSync,
  readdirSync,
  readlinkSync,
  realpathSync,
  statSync,
  type Stats,
} from 'node:fs';
import { makeDirs, probeWrite, writeFileAtomic } from '../store/safe-fs.js';
import * as path from 'node:path';
import { CrisisError, ExitCode, say, type ExitCodeValue } from '../errors.js';
import type { Library } from '../playbook/library-build.js';
import type { Plan } from '../playbook/compose.js';
import { displayPath } from '../store/display-path.js';
import { isSessionFileName, isStatementFilePath } from '../store/session-files.js';
import { isSessionId } from '../session/ids.js';
import { msg, type Said } from '../text/messages.js';
import { logDir } from './log-dir.js';
import { sanitizeLine } from '../text/sanitize.js';
import type { Ctx } from './context.js';

/** `-` as a file name means standard output, as in most Unix tools. */
export const isStdout = (target: string | undefined): boolean => target === '-';

export interface WriteOutputOptions {
  /** create missing parent folders (report paths in CI such as reports/junit.xml) */
  mkdir?: boolean;
  /** error code for a failed write, e.g. checklist.write */
  code?: string;
  /**
   * the option that named the file (`-o`, `--junit`): the file is then checked not to be one the command must
   * keep (refuseOwnFiles); `init`'s files have fixed names under the folder it is given
   */
  flag?: string;
  /** the files the command read (the log reviewed, the playbooks, the drill files): never written over */
  inputs?: readonly string[];
}

/** A path as it will be written: through symlinks as far as they exist (the file itself, else its folder). */
export function realTarget(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    try {
      return path.join(realpathSync(path.dirname(file)), path.basename(file));
    } catch {
      return file;
    }
  }
}

function statOf(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}

const sameInode = (a: Stats, file: string): boolean => {
  const b = statOf(file);
  return b !== undefined && a.dev === b.dev && a.ino === b.ino;
};

/**
 * The one check that an output file is not a file the command must keep: one of its own inputs (the log
 * reviewed, the playbook or drill files read, an answers file) or a session's log, lock, summary, set-aside lines
 * or the status index in the log dir, where a report would replace a session's history (even one a live process
 * is writing), or a statement file in a session's folder (the latest text of a channel). Compared by the real
 * path (the folder's, the file's when it exists: `logs/../logs/ID.jsonl`, a symlink to the log) and by inode (a
 * hard link to it). Exit 2 before anything is written; `writeOutput` runs it, and a command that works before it
 * writes (drill, review) runs it first as well.
 */
export function refuseOwnFiles(ctx: Ctx, flag: string, target: string, inputs: readonly string[] = []): void {
  if (isStdout(target)) return;
  const { cwd } = ctx.deps;
  const real = realTarget(path.resolve(cwd, target));
  const st = statOf(real);
  const refuse = (what: Said): never => {
    throw new CrisisError(say('error.output.ownFile', { flag, file: sanitizeLine(target), what }), {
      hint: say('error.output.ownFile.hint'),
      exitCode: ExitCode.usage,
      code: 'output.own-file',
    });
  };
  // A session file first: the log reviewed is one too, and the log dir says more of what would be lost.
  const session = sessionFileAt(ctx, real, st);
  if (session !== undefined) refuse(say('error.output.isSessionFile', { name: sanitizeLine(session) }));
  for (const input of inputs) {
    const file = path.resolve(cwd, input);
    if (realTarget(file) === real || (st && sameInode(st, file)))
      refuse(say('error.output.isInput', { input: sanitizeLine(displayPath(file, cwd)) }));
  }
}

/**
 * The name of the session file in the log dir that `real` is (by path, or by inode for a hard link), if any: a
 * session's log, lock, summary, set-aside lines or the status index, or a statement file in a session's folder
 * (named `<id>/statements/<channel>.md`).
 */
function sessionFileAt(ctx: Ctx, real: string, st: Stats | undefined): string | undefined {
  let dir: string;
  try {
    dir = realpathSync(logDir(ctx));
  } catch {
    return undefined; // no log dir (yet): no session file to lose
  }
  const name = path.basename(real);
  if (path.dirname(real) === dir && isSessionFileName(name)) return name;
  const relative = path.relative(dir, real);
  if (isStatementFilePath(relative)) return relative;
  // A hard link elsewhere to a session file: the same inode under another name.
  if (!st?.isFile() || st.nlink < 2) return undefined;
  const names = namesIn(dir);
  const same = names.find((other) => isSessionFileName(other) && sameInode(st, path.join(dir, other)));
  if (same !== undefined) return same;
  // Session folders are named by their id; a statement file is in its statements folder.
  for (const folder of names.filter(isSessionId)) {
    const statements = path.join(folder, 'statements');
    const file = namesIn(path.join(dir, statements))
      .map((n) => path.join(statements, n))
      .find((n) => isStatementFilePath(n) && sameInode(st, path.join(dir, n)));
    if (file !== undefined) return file;
  }
  return undefined;
}

/** The names in a folder; none when it is not one or cannot be read. */
function namesIn(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** The files a composed plan was read from: its playbook, the strategies spliced in, its review, the duties. */
export function planFiles(library: Library, plan: Plan): string[] {
  const ids = [plan.id, ...plan.strategies, ...(plan.review ? [plan.review] : [])];
  const files = ids.map((id) => library.get(id)?.file).filter((f): f is string => f !== undefined);
  return [...files, ...library.catalogues.map((c) => c.file)];
}

/**
 * Every file option of every command goes through here: `-` writes to
 * stdout, anything else is written whole or not at all, and then said on
 * stderr (wroteLine). Returns the absolute path written, or undefined for stdout.
 */
export function writeOutput(
  ctx: Ctx,
  target: string,
  text: string,
  options: WriteOutputOptions = {},
): string | undefined {
  if (isStdout(target)) {
    ctx.deps.stdout.write(text);
    return undefined;
  }
  if (options.flag !== undefined) refuseOwnFiles(ctx, options.flag, target, options.inputs);
  const file = path.resolve(ctx.deps.cwd, target);
  if (options.mkdir) makeFolders(path.dirname(file), options.code ?? 'output.write');
  try {
    // Atomic: a crash, a kill or a full disk leaves the previous file or the new one, never a mix.
    writeFileAtomic(file, text, { followTarget: true });
  } catch (error) {
    throw unwritable(file, error, options.code);
  }
  ctx.err(wroteLine(ctx, file));
  return file;
}

/** `cannot write FILE: EACCES`, exit 3, with the hint its reason calls for. */
function unwritable(file: string, error: unknown, code = 'output.write'): CrisisError {
  const errno = (error as NodeJS.ErrnoException).code;
  const hint =
    errno === 'ENOENT'
      ? say('error.output.noFolder', { dir: path.dirname(file) })
      : errno === 'EISDIR'
        ? say('error.output.isFolder')
        : say('error.output.elsewhere');
  return new CrisisError(say('error.file.unwritable', { file, reason: errno ?? (error as Error).message }), {
    hint,
    exitCode: ExitCode.environment,
    code,
  });
}

/**
 * For a command that works first and writes its output at the end (drill's --junit and --report): the output's
 * folder made and the file checked writable before the work, so that a report that cannot be written fails at
 * once with the error its write would give (`cannot create the folder /proc/x: ENOENT`, `cannot write reports:
 * EISDIR`, exit 3), not after every drill has run and left its log. `writeOutput` writes it later as ever.
 */
export function prepareOutput(ctx: Ctx, target: string, code: string): void {
  if (isStdout(target)) return;
  const file = path.resolve(ctx.deps.cwd, target);
  makeFolders(path.dirname(file), code);
  const st = statOf(file);
  if (st?.isDirectory()) throw unwritable(file, { code: 'EISDIR' }, code);
  try {
    // Tried as writeFileAtomic will write it: a device in place, anything else by a new file in the real folder.
    if (st !== undefined && !st.isFile()) accessSync(file, constants.W_OK);
    else probeWrite(realTarget(file));
  } catch (error) {
    throw unwritable(file, error, code);
  }
}

/**
 * `dir` and the folders above it that are missing (a report's `reports/ci/`, init's `playbooks/schema/`): one that
 * cannot be made is exit 3 naming it, `cannot create the folder /proc/x: ENOENT`, not the file that was to be
 * written there with a hint to create that folder first.
 */
export function makeFolders(dir: string, code: string): void {
  try {
    makeDirs(dir);
  } catch (error) {
    const { code: errno, path: failed } = error as NodeJS.ErrnoException;
    // mkdir says EEXIST for a symlink to nothing: say what is there instead.
    const target = failed === undefined ? undefined : danglingTarget(failed);
    if (target !== undefined) throw danglingLink(failed!, target, ExitCode.environment, code);
    throw new CrisisError(
      say('error.output.cannotMakeDir', {
        dir: sanitizeLine(failed ?? dir),
        reason: errno ?? (error as Error).message,
      }),
      { hint: say('error.output.elsewhere'), exitCode: ExitCode.environment, code },
    );
  }
}

/**
 * Where `file` points when it is a symbolic link to nothing (resolved against its folder), else undefined: a
 * folder cannot be made there, and mkdir's EEXIST would not say why.
 */
export function danglingTarget(file: string): string | undefined {
  try {
    if (!lstatSync(file).isSymbolicLink() || statSync(file, { throwIfNoEntry: false }) !== undefined) return undefined;
    return path.resolve(path.dirname(file), readlinkSync(file));
  } catch {
    return undefined; // not there, or a link that loops (ELOOP says so itself)
  }
}

/** `PATH is a symbolic link to TARGET, which does not exist`, with the hint to make it or remove the link. */
export function danglingLink(file: string, target: string, exitCode: ExitCodeValue, code: string): CrisisError {
  const params = { path: sanitizeLine(file), target: sanitizeLine(target) };
  return new CrisisError(say('error.output.danglingLink', params), {
    hint: say('error.output.danglingLink.hint', params),
    exitCode,
    code,
  });
}

/**
 * The one sentence for "a file was written", whichever command wrote it (a `-o` file, a drill report, `init`'s
 * schemas, an issued statement's file): `wrote FILE` / `已写入 FILE`, the file relative to the working directory
 * when it is under it, else absolute.
 */
export function wroteLine(ctx: Ctx, file: string): string {
  const shown = displayPath(path.resolve(ctx.deps.cwd, file), ctx.deps.cwd);
  return msg(ctx.lang, 'notice.wrote', { file: sanitizeLine(shown) });
}
