import { ExitCode } from '../errors.js';
import { checkLibrary, formatProblem } from '../playbook/library.js';
import { givenFiles, loadLibrary, loadParser, parserLoaded, searchPath } from '../store/library-files.js';
import type { Ctx } from './context.js';
import { playbookCache } from './library.js';

/**
 * Check the given files (or the whole search path). The given files are
 * loaded first, in front of the search path, so their `use:` references
 * resolve against the rest of the library; only their problems are shown.
 */
export async function run(ctx: Ctx, paths: string[], options: { strict?: boolean; json?: boolean }): Promise<number> {
  const { cwd, env } = ctx.deps;
  const dirs = searchPath({ playbooks: ctx.playbookDirs, env, cwd });
  const given = givenFiles(paths, cwd);
  const { library, given: found, rest } = await loadLibrary(dirs, cwd, given, playbookCache(ctx));
  const checked = (paths.length > 0 ? found : rest).map((f) => f.file);
  const check = () => checkLibrary(library, paths.length > 0 ? new Set(checked) : undefined);
  let found0 = check();
  // Files from the build-time index have no positions until the parser is loaded:
  // load it only when a problem needs one.
  if (found0.some((p) => p.line === undefined) && !parserLoaded()) {
    await loadParser();
    found0 = check();
  }
  const problems = found0.map((p) =>
    options.strict && p.severity === 'warning' ? { ...p, severity: 'error' as const } : p,
  );
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  if (options.json) {
    ctx.out(JSON.stringify({ files: checked, errors, warnings, problems }, null, 2));
  } else {
    for (const p of problems) ctx.out(formatProblem(p));
    const summary = `${checked.length} file(s) checked: ${errors} error(s), ${warnings} warning(s)`;
    ctx.out(errors === 0 && warnings === 0 ? `✓ ${summary}` : summary);
  }
  return errors > 0 ? ExitCode.problems : ExitCode.ok;
}
