import { mkdirSync } from 'node:fs';
import { writeFileAtomic } from '../store/safe-fs.js';
import * as path from 'node:path';
import { CrisisError, ExitCode, say } from '../errors.js';
import { displayPath } from '../store/display-path.js';
import { msg } from '../text/messages.js';
import { sanitizeLine } from '../text/sanitize.js';
import type { Ctx } from './context.js';

/** `-` as a file name means standard output, as in most Unix tools. */
export const isStdout = (target: string | undefined): boolean => target === '-';

export interface WriteOutputOptions {
  /** create missing parent folders (report paths in CI such as reports/junit.xml) */
  mkdir?: boolean;
  /** error code for a failed write, e.g. checklist.write */
  code?: string;
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
  const file = path.resolve(ctx.deps.cwd, target);
  try {
    if (options.mkdir) mkdirSync(path.dirname(file), { recursive: true });
    // Atomic: a crash, a kill or a full disk leaves the previous file or the new one, never a mix.
    writeFileAtomic(file, text, { followTarget: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const hint =
      code === 'ENOENT'
        ? say('error.output.noFolder', { dir: path.dirname(file) })
        : code === 'EISDIR'
          ? say('error.output.isFolder')
          : say('error.output.elsewhere');
    throw new CrisisError(say('error.file.unwritable', { file, reason: code ?? (error as Error).message }), {
      hint,
      exitCode: ExitCode.environment,
      code: options.code ?? 'output.write',
    });
  }
  ctx.err(wroteLine(ctx, file));
  return file;
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
