import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { CrisisError, ExitCode, say } from '../errors.js';
import { sanitizeLine } from '../text/sanitize.js';
import { formatProblemIn } from '../playbook/problem-text.js';
import { msg } from '../text/messages.js';
import type { Problem } from '../playbook/types.js';
import {
  givenFiles,
  indexEntryOf,
  libraryRefs,
  loadLibrary,
  loadLocator,
  loadParser,
  parserLoaded,
  readLibrary,
  searchPath,
} from '../store/library-files.js';
import { cacheDir, checkKey, openCheckCache, openPlaybookCache, validateSalts } from '../store/playbook-cache.js';
import type { Ctx } from './context.js';
import { readVersion } from './version.js';
import { endWhenDone } from './output-closed.js';

/**
 * Check the given files (or the whole search path). The given files are
 * loaded first, in front of the search path, so their `use:` references
 * resolve against the rest of the library; only their problems are shown, with
 * those of the plans they compose (wherever written: `show` refuses those plans too).
 */
export async function run(ctx: Ctx, paths: string[], options: { strict?: boolean; json?: boolean }): Promise<number> {
  const { cwd, env } = ctx.deps;
  // Read-only: nothing to close, and a big library leaves a big heap for a natural exit to tear down.
  endWhenDone();
  // A path that is not there is a mistyped argument (exit 2), not a file whose check found problems (exit 1).
  const missing = paths.find((p) => !existsSync(path.resolve(cwd, p)));
  if (missing !== undefined)
    throw new CrisisError(say('error.path.missing', { path: sanitizeLine(missing) }), {
      hint: say('error.validate.missing.hint'),
      exitCode: ExitCode.usage,
      code: 'path.missing',
    });
  const dirs = searchPath({ playbooks: ctx.playbookDirs, env, cwd });
  const given = givenFiles(paths, cwd);
  const read = await readLibrary(libraryRefs(dirs, cwd, given));
  const checked = (paths.length > 0 ? read.slice(0, given.length) : read.slice(given.length)).map((r) => r.ref.file);
  // The whole result is cached under every file's name and bytes: an unchanged library is not parsed, composed or
  // linted again. A file that could not be read says why in words of the moment: no caching then.
  const dir = cacheDir(env);
  const checks = dir && read.every((r) => !r.problem) ? openCheckCache(dir) : undefined;
  // One read of the code for both salts: a check result that is not cached needs the parsed-file cache's too.
  const salts = validateSalts(readVersion());
  const key = checks
    ? checkKey(
        salts.check(),
        paths.length > 0 ? `given ${given.length}` : 'all',
        read.map((r) => ({ file: r.ref.file, source: r.ref.source, sha: r.sha })),
      )
    : undefined;
  let found0: Problem[] | undefined = key ? checks?.get(key)?.problems : undefined;
  if (!found0) {
    // Not cli/library.ts's playbookCache: that module brings compose and lint, which a cached result never needs.
    const files = dir ? openPlaybookCache(dir, salts.cache) : undefined;
    const { library } = await loadLibrary(dirs, cwd, given, files, read);
    const [{ collectProblems, finishProblems }, { placeAgain }] = await Promise.all([
      import('../playbook/library.js'),
      import('../playbook/origin.js'),
    ]);
    const only = paths.length > 0 ? new Set(checked) : undefined;
    // Only the checked files' problems and those of their own plans are kept: the others (a built-in strategy's
    // warning, found through a built-in crisis that uses it) are dropped before anything parses their files again
    // to place them. A built-in's links from the build-time index: its phases (most of its text) are then not parsed.
    const found = collectProblems(library, only, (entry) => indexEntryOf(entry.data)?.links);
    // Files have no positions until a locator is loaded: load one only when a problem needs it, and place those
    // problems then (the check is not run again). The quick one first (js-yaml, already loaded for a file the
    // quick pass read); `yaml` for what it cannot place, and for files from the build-time index.
    if (found.some((p) => p.line === undefined)) {
      await loadLocator();
      if (placeAgain(found) > 0 && !parserLoaded()) {
        await loadParser();
        placeAgain(found);
      }
    }
    found0 = finishProblems(found);
    if (key) checks?.put(key, { problems: found0 });
  }
  const problems = found0.map((p) =>
    options.strict && p.severity === 'warning' ? { ...p, severity: 'error' as const } : p,
  );
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  if (options.json) {
    // A program reads this: the English message and the code, never the run's language (README, "validate").
    const plain = problems.map(({ said: _said, ...p }) => p);
    ctx.out(JSON.stringify({ files: checked, errors, warnings, problems: plain }, null, 2));
  } else {
    // One write, not one per problem (a 5 MB playbook can have 33,000 warnings). At a terminal each is wrapped to
    // its width between words, hanging under its file:line:col; piped, each problem stays one line for grep.
    const lines = problems.map(formatProblemIn(ctx.lang));
    const { isTTY, columns } = ctx.deps.stdout;
    if (isTTY && columns && lines.length > 0) {
      // string-width only for a line that needs it (narrow.ts): its import is more than the rest of a validate
      const { narrowWrapHanging } = await import('../render/narrow.js');
      const narrow = lines.map((line) => narrowWrapHanging(line, columns));
      const wide = narrow.includes(undefined) ? await import('../render/width.js') : undefined;
      ctx.out(lines.flatMap((line, i) => narrow[i] ?? wide!.wrapHanging(line, columns)).join('\n'));
    } else if (lines.length > 0) ctx.out(lines.join('\n'));
    const summary = msg(ctx.lang, 'problem.summary', { files: checked.length, errors, warnings });
    ctx.out(errors === 0 && warnings === 0 ? `✓ ${summary}` : summary);
  }
  return errors > 0 ? ExitCode.problems : ExitCode.ok;
}
