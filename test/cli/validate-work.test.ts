// The work `validate FILE` does for one user playbook, counted (never timed: timings are in bench/): what it
// loads and what it reads besides the file. bench/experiments/validate-work.mjs measures the same runs.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_PLAYBOOKS, REPO_ROOT } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';
import { OWNERLESS_STRATEGY } from '../helpers/fixtures.js';
import { tempDir } from '../helpers/temp.js';

const HOOK = path.join(REPO_ROOT, 'test', 'helpers', 'record-imports.mjs');

/** A clean strategy that splices in OWNERLESS_STRATEGY (a warning at its line 8). */
const MINE = `id: mine
kind: strategy
title: Mine
phases:
  - use: quiet
  - id: q
    title: Q
    steps:
      - { id: t, title: T, owner: incident-lead }
`;

function library(): string {
  const dir = tempDir('crisis-validate-work-');
  writeFileSync(path.join(dir, 'quiet.yaml'), OWNERLESS_STRATEGY);
  writeFileSync(path.join(dir, 'mine.yaml'), MINE);
  return dir;
}

/** `crisis ARGS` in `cwd` with the cache off, and the dist modules it loaded (file names under dist/). */
async function validate(cwd: string, args: string[]) {
  const log = path.join(tempDir('crisis-validate-imports-'), 'imports.log');
  writeFileSync(log, '');
  const r = await runCli(['validate', ...args], {
    cwd,
    nodeArgs: ['--import', HOOK],
    env: { CRISIS_TEST_IMPORT_LOG: log, CRISIS_CACHE_DIR: 'off' },
  });
  const loaded = new Set(
    readFileSync(log, 'utf8')
      .split('\n')
      .flatMap((u) => (u.includes('/dist/') ? [u.slice(u.indexOf('/dist/') + 6)] : [])),
  );
  return { ...r, loaded };
}

describe('validate FILE: problems of its own plan are shown wherever they are written', () => {
  it('a clean file using a strategy that has a warning: the warning of its plan, at the strategy’s line', async () => {
    const dir = library();
    const r = await validate(dir, ['mine.yaml', '--playbooks', '.']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(
      'quiet.yaml:8:9: warning: step "s" has no owner (every step needs one person accountable) [procedure.owner]\n' +
        '1 file checked: 0 errors, 1 warning\n',
    );
    expect(r.loaded.has('playbook/lint.js')).toBe(true);
  });

  it('a step id used twice, the second time in a strategy it splices in: exit 1, as `show` refuses the plan', async () => {
    const dir = tempDir('crisis-validate-own-plan-');
    writeFileSync(
      path.join(dir, 's2.yaml'),
      'id: s2\nkind: strategy\ntitle: S\nphases:\n  - id: sp\n    title: P\n    steps:\n      - { id: same, title: A, owner: pr }\n',
    );
    writeFileSync(
      path.join(dir, 'c2.yaml'),
      'id: c2\nkind: strategy\ntitle: C\nphases:\n  - id: cp\n    title: P\n    steps:\n      - { id: same, title: B, owner: pr }\n  - use: s2\n',
    );
    const r = await validate(dir, ['c2.yaml', '--playbooks', '.']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      's2.yaml:8:15: error: step id "same" is used twice in plan c2 (also in c2) [ids.duplicate-step]\n' +
        '1 file checked: 1 error, 0 warnings\n',
    );
  });

  it('the strategy given itself: its warning is placed (the locator is loaded for it)', async () => {
    const dir = library();
    const r = await validate(dir, ['quiet.yaml', '--playbooks', '.']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(
      'quiet.yaml:8:9: warning: step "s" has no owner (every step needs one person accountable) [procedure.owner]\n' +
        '1 file checked: 0 errors, 1 warning\n',
    );
    expect(r.loaded.has('playbook/quick-locate.js')).toBe(true);
  });

  it('both given: the warning once, placed', async () => {
    const dir = library();
    const r = await validate(dir, ['mine.yaml', 'quiet.yaml', '--playbooks', '.']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(
      'quiet.yaml:8:9: warning: step "s" has no owner (every step needs one person accountable) [procedure.owner]\n' +
        '2 files checked: 0 errors, 1 warning\n',
    );
  });
});

describe('validate FILE: a file with the bytes of a built-in is not parsed again (the build-time index has its data)', () => {
  const BUILTIN = path.join(BUILTIN_PLAYBOOKS, 'crises', 'product-quality.yaml');

  it('a built-in given by its path, from the repository: index data, no parser loaded', async () => {
    const r = await validate(REPO_ROOT, ['playbooks/crises/product-quality.yaml']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('✓ 1 file checked: 0 errors, 0 warnings\n');
    expect(r.loaded.has('playbook/quick-load.js')).toBe(false);
    expect(r.loaded.has('playbook/load.js')).toBe(false);
  });

  it('a copy under another name and directory: the same', async () => {
    const dir = tempDir('crisis-validate-copy-');
    copyFileSync(BUILTIN, path.join(dir, 'ours.yaml'));
    const r = await validate(dir, ['ours.yaml']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('✓ 1 file checked: 0 errors, 0 warnings\n');
    expect(r.loaded.has('playbook/quick-load.js')).toBe(false);
  });

  it('a copy with one byte changed is parsed, and its problem placed in it', async () => {
    const dir = tempDir('crisis-validate-edited-');
    const text = readFileSync(BUILTIN, 'utf8');
    const at = text.indexOf('owner: incident-lead');
    expect(at).toBeGreaterThan(0);
    writeFileSync(path.join(dir, 'ours.yaml'), `${text.slice(0, at)}owner: incident-leaf${text.slice(at + 20)}`);
    const line = text.slice(0, at).split('\n').length;
    const r = await validate(dir, ['ours.yaml']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      `ours.yaml:${line}:16: error: owner: unknown role "incident-leaf" (define it in roles: or use a task-force role) [roles.unknown]\n` +
        '1 file checked: 1 error, 0 warnings\n',
    );
    expect(r.loaded.has('playbook/quick-load.js')).toBe(true);
  });
});
