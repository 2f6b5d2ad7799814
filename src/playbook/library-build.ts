import type { LibraryEntry, PlaybookLookup } from './compose.js';
import type { LibraryData, ParsedFile, PathSegment, Position } from './load.js';
import { problemAt } from './origin.js';
import { say } from '../text/messages.js';
import type { Drill, Duty, DutyCatalogue, Problem } from './types.js';

/*
 * The library as found: its entries by id, which file wins, duplicate ids. Apart from library.ts, which
 * checks a library by composing and linting its plans: `list` over the built-ins needs the entries but
 * neither compose nor lint (their step counts are in the build-time index).
 */

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
