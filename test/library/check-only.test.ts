/**
 * `crisis validate FILE` checks the library with `only` = the given files and composes only the plans that
 * can report a problem in them. Whatever it skips, the answer must be the problems of the whole library's
 * check that are in those files: tested for every file of a library whose user files override a built-in
 * strategy (so built-in crises report problems in a user file), add a broken crisis, a strategy it uses, a
 * drill and a strategy nobody uses.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildLibrary, checkLibrary, type FoundFile } from '../../src/playbook/library.js';
import { parseLibrarySource } from '../../src/playbook/load.js';
import { yaml } from '../helpers/library.js';
import { PLAYBOOKS_DIR, loadFoundFiles } from './builtin.js';

const taskForce = readFileSync(path.join(PLAYBOOKS_DIR, 'strategies/task-force.yaml'), 'utf8');

const user: Record<string, string> = {
  // Overrides the built-in task-force (another search-path directory): every built-in crisis splices it in.
  // A target only the crises define: composing each of them reports it again, naming that crisis.
  'user/task-force.yaml': taskForce.replace(/(\n +)owner: incident-lead\n +due: 4h\n/, '$1due: no-such-target\n'),
  'user/my-strategy.yaml': yaml`
    id: my-strategy
    kind: strategy
    title: Mine
    phases:
      - id: mine
        title: Mine
        steps:
          - { id: mine-first, title: Do the first thing, owner: no-such-role, due: no-such-target }
  `,
  'user/my-crisis.yaml': yaml`
    id: my-crisis
    kind: crisis
    title: My crisis
    review: not-a-review
    phases:
      - use: task-force
      - use: my-strategy
      - id: own
        title: Own
        steps:
          - { id: own-step, title: Do it, owner: incident-lead, due: 99q }
  `,
  'user/my-drill.yaml': yaml`
    id: my-drill
    kind: drill
    title: My drill
    playbook: my-crisis
    responses:
      - { step: no-such-step, action: done }
    expect:
      - completed: [also-missing]
  `,
  'user/lonely.yaml': yaml`
    id: lonely
    kind: strategy
    title: Used by nobody
    phases:
      - id: alone
        title: Alone
        steps:
          - { id: alone-step, title: Stand alone, owner: ghost }
  `,
};

const files: FoundFile[] = [
  ...Object.entries(user).map(([file, text]) => ({ file, source: 'user', parsed: parseLibrarySource(text, file) })),
  ...loadFoundFiles(),
];
const library = buildLibrary(files);
const all = checkLibrary(library);

describe('checkLibrary with only some files', () => {
  it('the fixture has problems in every user file, among them ones only a built-in crisis reports', () => {
    for (const file of Object.keys(user)) expect(all.filter((p) => p.file === file).length, file).toBeGreaterThan(0);
    const overridden = all.filter((p) => p.file === 'user/task-force.yaml').map((p) => p.message);
    expect(
      overridden.some((m) => m.endsWith('nor a target of brand-image (assessment, first-statement, update-every)')),
    ).toBe(true);
  });

  it.each(files.map((f) => f.file))('only %s: exactly the whole check’s problems in that file', (file) => {
    expect(checkLibrary(library, new Set([file]))).toEqual(all.filter((p) => p.file === file));
  });

  it('several files at once', () => {
    const only = new Set(['user/my-strategy.yaml', 'duties/eu.yaml', 'drills/cybersecurity-data-breach.yaml']);
    expect(checkLibrary(library, only)).toEqual(all.filter((p) => only.has(p.file)));
  });
});
