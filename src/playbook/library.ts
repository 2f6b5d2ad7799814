import { compose, composeOnce, planSteps, type LibraryEntry, type PlaybookLookup } from './compose.js';
import type { LibraryData, ParsedFile, PathSegment, Position } from './load.js';
import { lintPlan } from './lint.js';
import { problemAt } from './origin.js';
import { say, type Said } from '../text/messages.js';
import type { Drill, Duty, DutyCatalogue, Expectation, Problem } from './types.js';

/** A file as found on the search path, already parsed. */
export interface FoundFile {
  file: string;
  /** the search-path directory, or `built-in` */
  source: string;
  parsed: ParsedFile<LibraryData>;
}

export interface DrillEntry {
  id: string;
  file: string;
  source: string;
  data: Drill;
  locate(path: readonly PathSegment[]): Position | undefined;
  overrides: string[];
}

/** A catalogue of reporting duties, as found on the search path. */
export interface DutyCatalogueEntry {
  id: string;
  file: string;
  source: string;
  data: DutyCatalogue;
  locate(path: readonly PathSegment[]): Position | undefined;
  overrides: string[];
}

export interface Library extends PlaybookLookup {
  playbooks: LibraryEntry[];
  drills: DrillEntry[];
  catalogues: DutyCatalogueEntry[];
  /** problems of files that could not be parsed, and duplicate ids */
  problems: Problem[];
  getDrill(id: string): DrillEntry | undefined;
}

/**
 * Files arrive in search-path order; the first file with an id wins and the
 * ones it hides are listed as overridden. Two files with one id in the same
 * directory are an error: nobody could tell which one runs.
 */
export function buildLibrary(files: readonly FoundFile[]): Library {
  const playbooks = new Map<string, LibraryEntry>();
  const drills = new Map<string, DrillEntry>();
  const catalogues = new Map<string, DutyCatalogueEntry>();
  const problems: Problem[] = [];
  for (const { file, source, parsed } of files) {
    problems.push(...parsed.problems);
    const data = parsed.data;
    if (!data) continue;
    const entry = { id: data.id, file, source, locate: parsed.locate, overrides: [] as string[] };
    const table: Map<string, { source: string; file: string; overrides: string[] }> =
      data.kind === 'drill' ? drills : data.kind === 'duties' ? catalogues : playbooks;
    const existing = table.get(data.id);
    if (existing) {
      if (existing.source === source) {
        const said = say('problem.library.duplicateFile', { id: data.id, file: existing.file });
        problems.push(problemAt({ doc: entry, path: ['id'] }, 'error', 'ids.duplicate-file', said));
      } else existing.overrides.push(file);
      continue;
    }
    if (data.kind === 'drill') drills.set(data.id, { ...entry, data });
    else if (data.kind === 'duties') catalogues.set(data.id, { ...entry, data });
    else playbooks.set(data.id, { ...entry, kind: data.kind, data });
  }
  // A duty id is unique: the first catalogue on the search path wins, as files do; two in one directory clash.
  const duties = new Map<string, { duty: Duty; source: string }>();
  for (const catalogue of catalogues.values())
    catalogue.data.duties.forEach((duty, i) => {
      const seen = duties.get(duty.id);
      if (!seen) duties.set(duty.id, { duty, source: catalogue.source });
      else if (seen.source === catalogue.source)
        problems.push(
          problemAt(
            { doc: catalogue, path: ['duties', i, 'id'] },
            'error',
            'ids.duplicate-duty',
            say('problem.library.duplicateDuty', { id: duty.id }),
          ),
        );
    });
  return {
    playbooks: [...playbooks.values()],
    drills: [...drills.values()],
    catalogues: [...catalogues.values()],
    problems,
    get: (id) => playbooks.get(id),
    getDrill: (id) => drills.get(id),
    duties: () => [...duties.values()].map((d) => d.duty),
  };
}

/**
 * Every problem in the library: parse errors, then for each playbook the
 * problems of its composed plan (a crisis with its strategies). A problem in
 * a strategy shows once, at the strategy's own line.
 */
export function checkLibrary(library: Library, only?: ReadonlySet<string>): Problem[] {
  const problems: Problem[] = [...library.problems];
  // Every catalogued duty is linted inside the playbooks it applies to, whatever their default jurisdictions.
  const everyJurisdiction = [...new Set((library.duties?.() ?? []).map((d) => d.jurisdiction))];
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
  const reaches = only && reachesAny(library, only);
  for (const entry of library.playbooks) {
    // Only the checked files' problems are shown: a plan that cannot report any is not composed.
    if (reaches && !reaches(entry)) continue;
    // Lint the plan as written: a step the default severity drops must still be right.
    const composed = compose(library, entry.id, {
      allSeverities: true,
      ...(entry.kind === 'crisis' ? { jurisdictions: everyJurisdiction } : {}),
    });
    problems.push(...composed.problems);
    if (composed.plan) problems.push(...lintPlan(composed.plan, library));
  }
  for (const drill of library.drills)
    if (!only || only.has(drill.file)) problems.push(...checkDrillRefs(drill, library));
  const seen = new Set<string>();
  return problems
    .filter((p) => {
      if (only && !only.has(p.file)) return false;
      const key = `${p.file}:${p.line}:${p.col}:${p.code}:${p.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort(byPosition);
}

/**
 * Whether composing and linting a playbook can report a problem in one of the `only` files: its own file,
 * the strategies it splices in (and theirs), the review it links to, and for a crisis every duty catalogue
 * (today a duty's step reports at the pseudo-file `duties`; kept in case it ever points at its catalogue).
 * `validate FILE` then composes the plans that use FILE, not the whole library.
 */
function reachesAny(library: Library, only: ReadonlySet<string>): (entry: LibraryEntry) => boolean {
  const catalogueChecked = library.catalogues.some((c) => only.has(c.file));
  return (root) => {
    if (root.kind === 'crisis' && catalogueChecked) return true;
    const seen = new Set<string>();
    const walk = (entry: LibraryEntry | undefined): boolean => {
      if (!entry || seen.has(entry.id)) return false;
      seen.add(entry.id);
      if (only.has(entry.file)) return true;
      const links = entry.data.phases.flatMap((phase) => ('use' in phase ? [phase.use] : []));
      if (entry.data.review !== undefined) links.push(entry.data.review);
      return links.some((id) => walk(library.get(id)));
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
  return a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0);
}

/** Problems as lines and catalogued sentences (problem-text.ts, which printing a cached result loads alone). */
export { formatProblem, formatProblemIn, problemSaid } from './problem-text.js';
