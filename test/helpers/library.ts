import { buildLibrary, checkLibrary, type Library } from '../../src/playbook/library.js';
import { parseLibrarySource } from '../../src/playbook/load.js';
import type { Problem } from '../../src/playbook/types.js';

/**
 * An in-memory library from `{ 'file.yaml': yaml }`, in the given order
 * (the first file with an id wins, as on the search path). `source` groups
 * files as if they came from one search-path directory.
 */
export function libraryOf(files: Record<string, string>, source = 'test'): Library {
  return buildLibrary(
    Object.entries(files).map(([file, text]) => ({ file, source, parsed: parseLibrarySource(text, file) })),
  );
}

/** Every problem of an in-memory library, as checkLibrary reports them. */
export function problemsOf(files: Record<string, string>): Problem[] {
  return checkLibrary(libraryOf(files));
}

/** Strip the common leading indentation so fixtures can be indented in the test source. */
export function yaml(strings: TemplateStringsArray, ...values: unknown[]): string {
  const raw = strings.reduce((acc, s, i) => acc + s + (i < values.length ? String(values[i]) : ''), '');
  const lines = raw
    .replace(/^\n/, '')
    .replace(/\n[ \t]*$/, '\n')
    .split('\n');
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)![0].length);
  const cut = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(cut)).join('\n');
}

/**
 * Problems without their catalogued sentence (`said`), for asserting file, position, code and English message
 * with toEqual; the sentence's words are asserted where the language is (test/playbook/problem-lang.test.ts).
 */
export function plain<T extends Pick<Problem, 'said'>>(problems: readonly T[]): Array<Omit<T, 'said'>> {
  return problems.map(({ said: _said, ...rest }) => rest);
}
