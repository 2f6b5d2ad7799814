/**
 * A crisis written as the README's format reference shows (task-force's `mobilise` first, its own phases, then
 * `use: task-force` for the rest) is in walk order: task-force's press set-up (due by the first statement) comes
 * before its 4h organising phase, so the rest spliced whole warns nothing (procedure.order named a step of the
 * built-in file, which an author cannot move).
 */
import { describe, expect, it } from 'vitest';
import { buildLibrary, checkLibrary } from '../../src/playbook/library.js';
import { parseLibrarySource } from '../../src/playbook/load.js';
import { yaml } from '../helpers/library.js';
import { loadFoundFiles } from './builtin.js';

const MINE = yaml`
  id: mine
  kind: crisis
  title: Mine
  targets: { assessment: 30m, first-statement: 1h, update-every: 12h }
  phases:
    - { use: task-force, phases: [mobilise] }
    - id: assess
      title: Assess
      steps:
        - { id: scope-it, title: Scope it, owner: quality, due: assessment, tags: [assessment] }
    - use: task-force
`;

describe('task-force spliced whole after a crisis’s own phases', () => {
  it('no step of it is out of walk order', () => {
    const library = buildLibrary([
      { file: 'user/mine.yaml', source: 'user', parsed: parseLibrarySource(MINE, 'user/mine.yaml') },
      ...loadFoundFiles(),
    ]);
    const order = checkLibrary(library, new Set(['user/mine.yaml'])).filter((p) => p.code === 'procedure.order');
    expect(order.map((p) => p.message)).toEqual([]);
  });
});
