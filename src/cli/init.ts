import { msg } from '../text/messages.js';
import { existsSync, statSync } from 'node:fs';
import { CrisisError, ExitCode, say } from '../errors.js';
import { readRegularFile } from '../store/safe-fs.js';
import * as path from 'node:path';
import { sanitizeLine } from '../text/sanitize.js';
import type { Ctx } from './context.js';
import { danglingLink, danglingTarget, makeFolders, writeOutput } from './output.js';
import { SCHEMA_KINDS, jsonSchema, schemaFile, type SchemaKind } from './schema.js';

/** Where a project keeps its schemas: beside its playbooks, as the built-in library does. */
const SCHEMA_DIR = 'playbooks/schema';

const both = (glob: string) => [`${glob}.yaml`, `${glob}.yml`];

/**
 * Which files each schema applies to, for the Red Hat YAML extension. The
 * playbook folders are the built-in library's, so a built-in copied into
 * `playbooks/crises/` keeps a working `$schema=../schema/…` modeline and a
 * new file there is validated without one.
 */
const GLOBS: Record<SchemaKind, string[]> = {
  playbook: [...both('playbooks/crises/*'), ...both('playbooks/strategies/*'), ...both('playbooks/review/*')],
  drill: [...both('playbooks/drills/*'), ...both('**/*.drill')],
  duties: both('playbooks/duties/*'),
  answers: [...both('**/answers'), ...both('**/*.answers')],
  profile: [...both('**/crisis.config'), ...both('**/org')],
};

/** The `yaml.schemas` entries, keyed by the schema's path relative to the workspace root. */
export function yamlSchemas(): Record<string, string[]> {
  return Object.fromEntries(SCHEMA_KINDS.map((kind) => [`./${SCHEMA_DIR}/${schemaFile(kind)}`, GLOBS[kind]]));
}

/** A schema path as VS Code reads it: `./playbooks/schema/x.json` and `playbooks/schema/x.json` are one file. */
const samePath = (key: string) => path.posix.normalize(key.replaceAll('\\', '/'));

/**
 * Our `yaml.schemas` entries added to the user's, none of theirs lost: for a schema they already map (under
 * its path spelled either way), their globs (one string or a list) come first and ours join those not there.
 * Entries for other schemas are kept as they are; a value that is no glob at all is replaced by ours.
 */
export function mergeSchemas(
  current: Readonly<Record<string, unknown>>,
  ours: Readonly<Record<string, string[]>>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...current };
  for (const [schema, globs] of Object.entries(ours)) {
    const key = Object.keys(merged).find((k) => samePath(k) === samePath(schema)) ?? schema;
    const theirs = merged[key];
    const list = typeof theirs === 'string' ? [theirs] : Array.isArray(theirs) ? (theirs as unknown[]) : [];
    merged[key] = [...list, ...globs.filter((g) => !list.includes(g))];
  }
  return merged;
}

/**
 * `crisis init [dir]`: the JSON Schemas into `<dir>/playbooks/schema/` and
 * their `yaml.schemas` mapping into `<dir>/.vscode/settings.json`, so the
 * editor validates and completes a project's own playbooks, drills and
 * answers files. Other settings are kept, and so are the user's own globs for
 * our schemas; a settings file that is not plain JSON (VS Code allows
 * comments) is left alone and the mapping printed.
 */
export async function run(ctx: Ctx, dir: string | undefined): Promise<number> {
  const root = projectFolder(ctx, dir);
  for (const kind of SCHEMA_KINDS) {
    const file = path.join(root, SCHEMA_DIR, schemaFile(kind));
    writeOutput(ctx, file, `${JSON.stringify(jsonSchema(kind), null, 2)}\n`, { mkdir: true, code: 'init.write' });
  }
  const settingsFile = path.join(root, '.vscode', 'settings.json');
  let text: string;
  try {
    // Read like any file the user points at: a regular file, bounded (a FIFO would block).
    const raw = existsSync(settingsFile) ? readRegularFile(settingsFile, 1024 * 1024, { followSymlinks: true }) : null;
    const parsed: unknown = raw === null ? {} : JSON.parse(raw.toString('utf8'));
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
    const settings = parsed as Record<string, unknown>;
    const current = settings['yaml.schemas'];
    const kept = current !== null && typeof current === 'object' && !Array.isArray(current) ? current : {};
    settings['yaml.schemas'] = mergeSchemas(kept as Record<string, unknown>, yamlSchemas());
    // Inside the try: a file nested thousands deep parses, but writing it back overflows the stack.
    text = `${JSON.stringify(settings, null, 2)}\n`;
  } catch {
    ctx.err(msg(ctx.lang, 'notice.init.notPlainJson', { file: sanitizeLine(settingsFile) }));
    ctx.err(msg(ctx.lang, 'notice.init.addYourself'));
    ctx.err(JSON.stringify({ 'yaml.schemas': yamlSchemas() }, null, 2));
    return 0;
  }
  writeOutput(ctx, settingsFile, text, { mkdir: true, code: 'init.write' });
  return 0;
}

/**
 * The project folder `init` writes into, with its schema folder made: an empty name (`crisis init "$DIR"` with DIR
 * unset), a path through a file or through a symbolic link to nothing is a usage error (exit 2), naming the path; a
 * folder that cannot be made (in /proc, on a read-only disk, without permission) is exit 3 naming the folder that
 * failed. Never a stack, never a hang.
 */
function projectFolder(ctx: Ctx, dir: string | undefined): string {
  if (dir !== undefined && dir.trim() === '')
    throw new CrisisError(say('error.init.emptyDir'), {
      hint: say('error.init.emptyDir.hint'),
      exitCode: ExitCode.usage,
      code: 'init.empty',
    });
  const root = path.resolve(ctx.deps.cwd, dir ?? '.');
  // The first part of the path that exists must be a folder: `init notes.txt`, `init notes.txt/x`.
  for (let at = root; ; at = path.dirname(at)) {
    const st = statOrNone(at);
    if (st !== undefined && !st.isDirectory())
      throw new CrisisError(say('error.init.notFolder', { path: sanitizeLine(at) }), {
        hint: say('error.init.notFolder.hint'),
        exitCode: ExitCode.usage,
        code: 'init.not-folder',
      });
    // A symlink to nothing (`proj -> nowhere`) is not a folder either: mkdir there says only EEXIST.
    const target = st === undefined ? danglingTarget(at) : undefined;
    if (target !== undefined) throw danglingLink(at, target, ExitCode.usage, 'init.dangling-link');
    if (st !== undefined || path.dirname(at) === at) break;
  }
  makeFolders(path.join(root, SCHEMA_DIR), 'init.write');
  return root;
}

/**
 * A path's stat; none when nothing is there, a file is on the way (`notes.txt/x`: ENOTDIR) or a folder above may
 * not be searched (EACCES: making the folders says so, naming the one).
 */
function statOrNone(file: string) {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}
