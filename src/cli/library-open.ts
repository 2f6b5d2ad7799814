import type { Library } from '../playbook/library-build.js';
import { sanitizeLine } from '../text/sanitize.js';
import { msg } from '../text/messages.js';
import { loadLibrary, searchPath } from '../store/library-files.js';
import { cacheDir, cacheSalt, openPlaybookCache, type PlaybookCache } from '../store/playbook-cache.js';
import type { Ctx } from './context.js';
import { readVersion } from './version.js';

/** The library on this context's search path. */
export async function openLibrary(ctx: Ctx): Promise<Library> {
  return (
    await loadLibrary(
      searchPath({ playbooks: ctx.playbookDirs, env: ctx.deps.env, cwd: ctx.deps.cwd }),
      ctx.deps.cwd,
      [],
      playbookCache(ctx),
    )
  ).library;
}

/** The parsed-file cache for user playbooks, unless CRISIS_CACHE_DIR=off or there is no home to put it in. */
export function playbookCache(ctx: Ctx): PlaybookCache | undefined {
  const dir = cacheDir(ctx.deps.env);
  return dir ? openPlaybookCache(dir, () => cacheSalt(readVersion())) : undefined;
}

/** Files that failed to load are named on stderr so `list` and `show` never hide them. */
export function warnBrokenFiles(ctx: Ctx, library: Library): void {
  const files = new Set(library.problems.filter((p) => p.severity === 'error').map((p) => p.file));
  if (files.size > 0) {
    const named = `${[...files].slice(0, 3).join(', ')}${files.size > 3 ? ', …' : ''}`;
    ctx.err(sanitizeLine(msg(ctx.lang, 'problem.brokenFiles', { count: files.size, files: named })));
  }
}
