import * as fs from 'node:fs';
import * as path from 'node:path';
import { CrisisError, ExitCode, say } from '../errors.js';
import { MAX_FILE_BYTES } from '../playbook/limits.js';
import type { Profile } from '../playbook/types.js';
import { readRegularFile, refusalSaid } from './safe-fs.js';

/** The names a profile goes by, in the order they are tried in each directory. */
export const PROFILE_NAMES = ['crisis.config.yaml', 'org.yaml'] as const;

export interface ProfileSearch {
  /** --profile FILE: this file and no other */
  flag?: string;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** Where a profile came from, for the start message and the log. */
export interface FoundProfile {
  file: string;
  profile: Profile;
}

const isFile = (file: string): boolean => {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
};

/**
 * The profile file to use, found like a project's config: `--profile FILE`,
 * then CRISIS_PROFILE, then crisis.config.yaml or org.yaml in the working
 * directory or the nearest parent that has one, then the user's config dir
 * ($XDG_CONFIG_HOME/crisis, else ~/.config/crisis). Undefined: no profile.
 */
export function findProfile({ flag, env, cwd }: ProfileSearch): string | undefined {
  const named = flag ?? (env.CRISIS_PROFILE || undefined);
  if (named !== undefined) return path.resolve(cwd, named);
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    for (const name of PROFILE_NAMES) if (isFile(path.join(dir, name))) return path.join(dir, name);
    if (path.dirname(dir) === dir) break;
  }
  const home = env.HOME || undefined;
  const configHome = env.XDG_CONFIG_HOME || (home ? path.join(home, '.config') : undefined);
  if (configHome === undefined) return undefined;
  for (const name of PROFILE_NAMES) {
    const file = path.join(configHome, 'crisis', name);
    if (isFile(file)) return file;
  }
  return undefined;
}

/** Read and validate a profile; every problem of the file is a usage error naming file:line:col. */
export async function readProfile(file: string, shown: string): Promise<Profile> {
  let bytes: Uint8Array;
  try {
    // A regular file, bounded like a playbook: a FIFO would block, /dev/zero would never end.
    bytes = readRegularFile(file, MAX_FILE_BYTES, { followSymlinks: true });
  } catch (error) {
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
