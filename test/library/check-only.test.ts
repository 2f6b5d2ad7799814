/**
 * `crisis validate FILE` checks the library with `only` = the given files and composes only the plans that
 * can report a problem in them. Whatever it skips, the answer must be the problems of the whole library's
 * check that are in those files, and those of the given playbooks' own plans wherever they are written (a
 * problem of a given crisis's plan at a strategy's line: `show` refuses that plan too): tested for every file of a library whose user files override a built-in
 * strategy (so built-in crises report problems in a user file), add a broken crisis, a strategy it uses, a
 * drill and a strategy nobody uses.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildLibrary, checkLibrary, planProblems, type FoundFile } from '../../src/playbook/library.js';
import type { Problem } from '../../src/playbook/types.js';
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

const key = (p: Problem) => `${p.file}:${p.line}:${p.col}:${p.code}:${p.message}`;

/** The problems of the plan the playbook in `file` composes (none for a file that is not a playbook). */
function ownPlan(file: string): Set<string> {
  const entry = library.playbooks.find((p) => p.file === file);
  return new Set(entry ? planProblems(library, entry).map(key) : []);
}

describe('checkLibrary with only some files', () => {
  it('the fixture has problems in every user file, among them ones only a built-in crisis reports', () => {
    for (const file of Object.keys(user)) expect(all.filter((p) => p.file === file).length, file).toBeGreaterThan(0);
    const overridden = all.filter((p) => p.file === 'user/task-force.yaml').map((p) => p.message);
    expect(
      overridden.some((m) => m.endsWith('nor a target of brand-image (assessment, first-statement, update-every)')),
    ).toBe(true);
  });

  it.each(files.map((f) => f.file))('only %s: the whole check’s problems in that file and in its plan', (file) => {
    expect(checkLibrary(library, new Set([file]))).toEqual(
      all.filter((p) => p.file === file || ownPlan(file).has(key(p))),
    );
  });

  it('several files at once', () => {
    const only = new Set(['user/my-strategy.yaml', 'duties/eu.yaml', 'drills/cybersecurity-data-breach.yaml']);
    expect(checkLibrary(library, only)).toEqual(all.filter((p) => only.has(p.file)));
  });

  it('a given crisis: its plan’s problems written in the strategies it uses are its own', () => {
    const shown = checkLibrary(library, new Set(['user/my-crisis.yaml'])).filter(
      (p) => p.file !== 'user/my-crisis.yaml',
    );
    expect(shown.map((p) => `${p.file} ${p.code} ${p.message}`)).toEqual([
      'user/my-strategy.yaml roles.unknown owner: unknown role "no-such-role" (define it in roles: or use a task-force role)',
      'user/my-strategy.yaml due.unknown-target due: "no-such-target" is neither a duration (45s, 30m, 4h, 2d) nor a target of my-crisis (none defined)',
      'user/task-force.yaml due.unknown-target due: "first-statement" is neither a duration (45s, 30m, 4h, 2d) nor a target of my-crisis (none defined)',
      'user/task-force.yaml procedure.owner step "tf-open-leadership-line" has no owner (every step needs one person accountable)',
      'user/task-force.yaml due.unknown-target due: "no-such-target" is neither a duration (45s, 30m, 4h, 2d) nor a target of my-crisis (none defined)',
    ]);
  });
});
