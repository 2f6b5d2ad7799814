import { CrisisError, ExitCode, say } from '../errors.js';
import { compose, type ComposeOptions, type Plan } from '../playbook/compose.js';
import { lintPlan } from '../playbook/lint.js';
import type { Library } from '../playbook/library.js';
import { problemAsError, problemSaid } from '../playbook/library.js';
import { ID_PATTERN } from '../playbook/constants.js';
import { loadParser, parserLoaded } from '../store/library-files.js';
import type { Ctx } from './context.js';
import { warnBrokenFiles } from './library-open.js';

// Opening the library (library-open.ts) needs neither compose nor lint: `list` imports it alone.
export { openLibrary, playbookCache, warnBrokenFiles } from './library-open.js';

/** Ids become file names and lookups: refuse anything that is not a plain id before it gets near either. */
export function assertId(id: string, what: string): string {
  if (!ID_PATTERN.test(id) || id.length > 64) {
    throw new CrisisError(say('error.id.invalid', { what, id: printable(id) }), {
      hint: say('error.id.invalid.hint'),
      exitCode: ExitCode.usage,
      code: 'id.invalid',
    });
  }
  return id;
}

export function printable(text: string): string {
  return JSON.stringify(text).slice(1, -1).slice(0, 80);
}

/** `--jurisdiction cn,eu`: the codes as given; `none` alone means no jurisdiction (not the playbook's default). */
export function jurisdictionsOption(codes: readonly string[] | undefined): string[] | undefined {
  if (codes === undefined) return undefined;
  if (codes.length === 1 && codes[0] === 'none') return [];
  for (const code of codes) assertId(code, '--jurisdiction');
  return [...codes];
}

/**
 * Compose a plan or fail with exit 2 naming the first problem. Files read from
 * a cache have no positions until the parser is loaded: it is loaded only when
 * a problem needs one.
 */
export async function requirePlan(ctx: Ctx, library: Library, id: string, options: ComposeOptions = {}): Promise<Plan> {
  assertId(id, 'playbook');
  // A user's file that does not load would silently leave the built-in in its place.
  if (library.get(id)) warnBrokenFiles(ctx, library);
  try {
    return composeOrThrow(library, id, options);
  } catch (error) {
    if (!(error instanceof CrisisError) || parserLoaded()) throw error;
    await loadParser();
    return composeOrThrow(library, id, options);
  }
}

function composeOrThrow(library: Library, id: string, options: ComposeOptions): Plan {
  assertId(id, 'playbook');
  const entry = library.get(id);
  if (!entry) {
    const broken = library.problems.find(
      (p) => p.severity === 'error' && /(^|\/)([^/]*)\.ya?ml$/.exec(p.file)?.[2] === id,
    );
    throw new CrisisError(say('error.playbook.unknown', { id }), {
      hint: broken
        ? say('error.playbook.unknown.broken', { problem: problemSaid(broken) })
        : say('error.playbook.unknown.hint'),
      exitCode: ExitCode.usage,
      code: 'playbook.unknown',
    });
  }
  for (const extra of options.with ?? []) assertId(extra, '--with strategy');
  const result = compose(library, id, options);
  // A plan validate would reject does not run either (a duplicate step id would silently vanish).
  // A hole naming no input only shows as [fact-id] in the draft: warn, do not refuse.
  // Only errors refuse a plan: the rules that only warn are not run (validate runs them).
  if (result.plan)
    result.problems.push(
      ...lintPlan(result.plan, library, { errorsOnly: true }).map((p) =>
        p.code === 'statement.unknown-fact' ? { ...p, severity: 'warning' as const } : p,
      ),
    );
  const firstError = result.problems.find((p) => p.severity === 'error');
  if (firstError?.file === '--jurisdiction')
    throw new CrisisError(say('error.compose.problem', { message: firstError.said }), {
      hint: say('error.compose.jurisdiction.hint'),
      exitCode: ExitCode.usage,
      code: firstError.code,
    });
  if (firstError?.file === '--with')
    throw new CrisisError(say('error.compose.problem', { message: firstError.said }), {
      hint: say('error.compose.with.hint'),
      exitCode: ExitCode.usage,
      code: firstError.code,
    });
  if (!result.plan || firstError) {
    throw new CrisisError(firstError ? problemAsError(firstError) : say('error.compose.failed', { id }), {
      hint: say('error.compose.failed.hint'),
      exitCode: ExitCode.usage,
    });
  }
  return result.plan;
}
