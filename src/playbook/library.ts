import { compose, composeOnce, planSteps, playbookLinks, type LibraryEntry } from './compose.js';
import type { PathSegment } from './load.js';
import { lintPlan } from './lint.js';
import { problemAt } from './origin.js';
import { say, type Said } from '../text/messages.js';
import type { Expectation, Problem } from './types.js';
import type { DrillEntry, Library } from './library-build.js';
import { byName } from '../text/order.js';

export {
  buildLibrary,
  type DrillEntry,
  type DutyCatalogueEntry,
  type FoundFile,
  type Library,
} from './library-build.js';

/**
 * Every problem in the library: parse errors, then for each playbook the
 * problems of its composed plan (a crisis with its strategies). A problem in
 * a strategy shows once, at the strategy's own line. With `only`, the problems
 * written in those files and every problem of their own plans.
 */
export function checkLibrary(library: Library, only?: ReadonlySet<string>): Problem[] {
  return finishProblems(collectProblems(library, only));
}

/**
 * checkLibrary's problems as found (with `only`, those it keeps), before they are sorted and the same problem
 * reported twice (a strategy's, through each crisis that uses it) is dropped: both need positions, which a caller
 * may place first (placeAgain).
 */
export function collectProblems(library: Library, only?: ReadonlySet<string>, linksOf?: LinksOf): Problem[] {
  const problems: Problem[] = [...library.problems];
  const everyJurisdiction = everyJurisdictionOf(library);
  for (const catalogue of library.catalogues)
    catalogue.data.duties.forEach((duty, i) =>
      duty['applies-to'].forEach((id, j) => {
        if (library.get(id)?.kind !== 'crisis')
          problems.push(
            problemAt(
              { doc: catalogue, path: ['duties', i, 'applies-to', j] },
              'error',
              'duty.unknown-playbook',
              say('problem.library.notCrisis', { id }),
            ),
          );
      }),
    );
  const inOnly = (p: Problem) => !only || only.has(p.file);
  const kept = problems.filter(inOnly);
  const reaches = only && reachesAny(library, only, linksOf);
  for (const entry of library.playbooks) {
    // Only the checked files' problems are shown: a plan that cannot report any is not composed.
    if (reaches && !reaches(entry)) continue;
    // A checked playbook's own plan is its author's whatever file a problem of it is written in (a step id of a
    // strategy it splices in used twice): `show` and `start` refuse that plan all the same.
    const found = planProblems(library, entry, everyJurisdiction);
    kept.push(...(only && !only.has(entry.file) ? found.filter(inOnly) : found));
  }
  for (const drill of library.drills) if (!only || only.has(drill.file)) kept.push(...checkDrillRefs(drill, library));
  return kept;
}

/** Every catalogued duty is linted inside the playbooks it applies to, whatever their default jurisdictions. */
function everyJurisdictionOf(library: Library): string[] {
  return [...new Set((library.duties?.() ?? []).map((d) => d.jurisdiction))];
}

/** The problems of composing and linting one playbook's plan, wherever they are written. */
export function planProblems(
  library: Library,
  entry: LibraryEntry,
  jurisdictions: readonly string[] = everyJurisdictionOf(library),
): Problem[] {
  // Lint the plan as written: a step the default severity drops must still be right.
  const composed = compose(library, entry.id, {
    allSeverities: true,
    ...(entry.kind === 'crisis' ? { jurisdictions } : {}),
  });
  return composed.plan ? [...composed.problems, ...lintPlan(composed.plan, library)] : composed.problems;
}

/** The collected problems, each once, in file and position order. */
export function finishProblems(problems: readonly Problem[]): Problem[] {
  const sorted = [...problems].sort(byPosition);
  // The same problem twice is at the same place: after the (stable) sort, in the same run of problems at one
  // position, where the first of each is kept. Most runs hold one problem: no key is built for them.
  const out: Problem[] = [];
  let start = 0;
  let seen: Set<string> | undefined;
  const key = (p: Problem) => `${p.file}:${p.line}:${p.col}:${p.code}:${p.message}`;
  sorted.forEach((p, i) => {
    if (i === 0 || byPosition(sorted[start]!, p) !== 0) {
      start = i;
      seen = undefined;
      out.push(p);
      return;
    }
    if (!seen) {
      seen = new Set();
      for (let j = start; j < i; j++) seen.add(key(sorted[j]!));
    }
    const k = key(p);
    if (seen.has(k)) return;
    seen.add(k);
    out.push(p);
  });
  return out;
}

/**
 * A playbook's links (playbookLinks) known without reading its phases: the build-time index has them for the
 * built-ins, whose phases are parsed only when read. Undefined: read them from the data.
 */
export type LinksOf = (entry: LibraryEntry) => readonly string[] | undefined;

/**
 * Whether composing and linting a playbook can report a problem in one of the `only` files: its own file,
 * the strategies it splices in (and theirs), the review it links to, and for a crisis every duty catalogue
 * (today a duty's step reports at the pseudo-file `duties`; kept in case it ever points at its catalogue).
 * `validate FILE` then composes the plans that use FILE, not the whole library.
 */
function reachesAny(
  library: Library,
  only: ReadonlySet<string>,
  linksOf: LinksOf = () => undefined,
): (entry: LibraryEntry) => boolean {
  const catalogueChecked = library.catalogues.some((c) => only.has(c.file));
  return (root) => {
    if (root.kind === 'crisis' && catalogueChecked) return true;
    const seen = new Set<string>();
    const walk = (entry: LibraryEntry | undefined): boolean => {
      if (!entry || seen.has(entry.id)) return false;
      seen.add(entry.id);
      if (only.has(entry.file)) return true;
      return (linksOf(entry) ?? playbookLinks(entry.data)).some((id) => walk(library.get(id)));
    };
    return walk(root);
  };
}

function checkDrillRefs(drill: DrillEntry, library: Library): Problem[] {
  const at = (path: PathSegment[], code: string, said: Said): Problem =>
    problemAt({ doc: drill, path }, 'error', code, said);
  const target = library.get(drill.data.playbook);
  if (!target)
    return [
      at(['playbook'], 'drill.unknown-playbook', say('problem.drill.unknownPlaybook', { id: drill.data.playbook })),
    ];
  const composed = composeOnce(library, target.id, {
    severity: drill.data.severity,
    with: drill.data.with,
    jurisdictions: drill.data.jurisdictions,
  });
  if (!composed.plan)
    return [
      at(
        ['playbook'],
        'drill.playbook-broken',
        say('problem.drill.playbookBroken', {
          id: target.id,
          problem: composed.problems[0]?.said ?? say('problem.drill.seeValidate'),
        }),
      ),
    ];
  // Steps a severity drops are still known ids: a response to them is not a typo.
  const allIds = new Set(
    planSteps(
      composeOnce(library, target.id, {
        with: drill.data.with,
        jurisdictions: drill.data.jurisdictions,
        allSeverities: true,
      }).plan ?? composed.plan,
    ).map((s) => s.id),
  );
  const out: Problem[] = [];
  drill.data.responses.forEach((r, i) => {
    if (r.step !== undefined && !allIds.has(r.step))
      out.push(
        at(
          ['responses', i, 'step'],
          'drill.unknown-step',
          say('problem.unknownStep', { where: `responses[${i}].step`, step: r.step, plan: target.id }),
        ),
      );
  });
  drill.data.expect.forEach((e, i) => {
    const ids = expectationSteps(e);
    for (const id of ids)
      if (!allIds.has(id))
        out.push(
          at(
            ['expect', i],
            'drill.unknown-step',
            say('problem.unknownStep', { where: `expect[${i}]`, step: id, plan: target.id }),
          ),
        );
  });
  return out;
}

/** The step ids an expectation names, for the unknown-step check. */
function expectationSteps(e: Expectation): readonly string[] {
  if ('completed' in e) return e.completed;
  if ('skipped-with-reason' in e) return e['skipped-with-reason'];
  if ('not-skipped' in e) return e['not-skipped'];
  if ('order' in e) return e.order;
  if ('before' in e) return [e.before.step];
  if ('statement-contains' in e) return [e['statement-contains'].step ?? []].flat();
  if ('statement-not-contains' in e) return [e['statement-not-contains'].step ?? []].flat();
  if ('decision' in e) return [e.decision.step ?? []].flat();
  if ('regulator-before-public' in e && e['regulator-before-public'] !== true) return e['regulator-before-public'];
  return [];
}

export function byPosition(a: Problem, b: Problem): number {
  return byName(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0);
}

/** Problems as lines and catalogued sentences (problem-text.ts, which printing a cached result loads alone). */
export { formatProblem, formatProblemIn, problemAsError, problemSaid } from './problem-text.js';
