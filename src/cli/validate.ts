import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { CrisisError, ExitCode } from '../errors.js';
import { buildLibrary, checkLibrary, formatProblem, type FoundFile } from '../playbook/library.js';
import { displayPath, listYamlFiles, readPlaybookFile, searchPath } from '../store/library-files.js';
import type { Ctx } from './context.js';

/**
 * Check the given files (or the whole search path). The given files are
 * loaded first, in front of the search path, so their `use:` references
 * resolve against the rest of the library; only their problems are shown.
 */
export async function run(ctx: Ctx, paths: string[], options: { strict?: boolean; json?: boolean }): Promise<number> {
  const { cwd, env } = ctx.deps;
  const dirs = searchPath({ playbooks: ctx.playbookDirs, env, cwd });
  const given: FoundFile[] = [];
  for (const p of paths) {
    const abs = path.resolve(cwd, p);
    if (existsSync(abs) && statSync(abs).isDirectory()) {
      const files = listYamlFiles(abs);
      if (files.length === 0) throw new CrisisError(`${p}: no playbook files (*.yaml, *.yml) in this directory`, { hint: 'pass a directory that holds playbooks, or the files themselves', exitCode: ExitCode.usage });
      for (const f of files) given.push({ file: displayPath(f, cwd), source: displayPath(abs, cwd), parsed: readPlaybookFile(f, displayPath(f, cwd)) });
    } else {
      given.push({ file: displayPath(abs, cwd), source: '(given)', parsed: readPlaybookFile(abs, displayPath(abs, cwd)) });
    }
  }
  const givenNames = new Set(given.map((g) => g.file));
  const rest: FoundFile[] = [];
  for (const { dir, origin } of dirs) {
    const source = origin === 'built-in' ? 'built-in' : displayPath(dir, cwd);
    for (const f of listYamlFiles(dir)) {
      const name = displayPath(f, cwd);
      if (!givenNames.has(name)) rest.push({ file: name, source, parsed: readPlaybookFile(f, name) });
    }
  }
  const library = buildLibrary([...given, ...rest]);
  const checked = paths.length > 0 ? given.map((g) => g.file) : rest.map((r) => r.file);
  const problems = checkLibrary(library, paths.length > 0 ? givenNames : undefined).map((p) =>
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
