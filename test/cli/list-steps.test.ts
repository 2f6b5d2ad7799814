// `list` shows each playbook's composed step count. Over the built-ins alone it reads the count from the
// build-time index (scripts/build-index.mjs) and loads neither compose nor lint; as soon as a file could
// change what a playbook composes to (a user file, a built-in edited after the build) it composes.
// Either way the numbers are the ones composing gives.
import { cpSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compose, planSteps } from '../../src/playbook/compose.js';
import { buildLibrary, type FoundFile } from '../../src/playbook/library.js';
import { parseLibrarySource } from '../../src/playbook/load.js';
import { loadFoundFiles } from '../library/builtin.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { runCli, runNode } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp.js';

const HOOK = path.join(REPO_ROOT, 'test', 'helpers', 'record-imports.mjs');
/** The modules only composing or linting needs. */
const COMPOSE_OR_LINT = /\/dist\/playbook\/(compose|lint|duties|statement-checks|library)\.js$/;

interface Listed {
  id: string;
  kind: string;
  steps: number;
}

/** What composing gives, in-process from src/: id -> step count, for every playbook (not drills). */
function composedCounts(files: FoundFile[]): Record<string, number> {
  const library = buildLibrary(files);
  return Object.fromEntries(
    library.playbooks.map((p) => {
      const plan = compose(library, p.id).plan;
      return [p.id, plan ? planSteps(plan).length : 0];
    }),
  );
}

const listedCounts = (stdout: string) =>
  Object.fromEntries(
    (JSON.parse(stdout) as Listed[]).filter((r) => r.kind !== 'drill').map((r) => [r.id, r.steps] as const),
  );

async function listJson(args: string[], options: { cwd?: string; bin?: string } = {}) {
  const log = path.join(tempDir('crisis-list-imports-'), 'imports.log');
  writeFileSync(log, '');
  const env = { CRISIS_TEST_IMPORT_LOG: log, CRISIS_CACHE_DIR: 'off' };
  const r = options.bin
    ? await runNode(['--import', HOOK, options.bin, 'list', '--json', ...args], { cwd: options.cwd, env })
    : await runCli(['list', '--json', ...args], { nodeArgs: ['--import', HOOK], env, cwd: options.cwd });
  expect(r.code, r.stderr).toBe(0);
  const urls = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  return { counts: listedCounts(r.stdout), composeLoaded: urls.filter((u) => COMPOSE_OR_LINT.test(u)), r };
}

/** A strategy that overrides the built-in severity-rating (1 step) with 2, which every crisis uses. */
const SEVERITY_RATING_TWO_STEPS = `id: severity-rating
kind: strategy
title: Rate the severity (our way)
phases:
  - id: rate
    title: Rate
    steps:
      - { id: rate-severity, title: Rate the severity, owner: incident-lead }
      - { id: rate-again, title: Rate it again with legal, owner: incident-lead }
`;

describe('list: the STEPS column', () => {
  it('over the built-ins, comes from the index without loading compose or lint, and equals composing', async () => {
    const { counts, composeLoaded } = await listJson([]);
    expect(composeLoaded).toEqual([]);
    const composed = composedCounts(loadFoundFiles());
    expect(Object.keys(composed).length).toBe(13);
    expect(counts).toEqual(composed);
    expect(counts['product-quality']).toBeGreaterThan(20);
  });

  it('with a user file overriding a strategy, composes, and shows the counts composing gives', async () => {
    const dir = tempDir('crisis-list-user-');
    writeFileSync(path.join(dir, 'severity-rating.yaml'), SEVERITY_RATING_TWO_STEPS);
    const { counts, composeLoaded } = await listJson(['--playbooks', dir]);
    expect(composeLoaded.length).toBeGreaterThan(0);
    const user: FoundFile = {
      file: 'severity-rating.yaml',
      source: dir,
      parsed: parseLibrarySource(SEVERITY_RATING_TWO_STEPS, 'severity-rating.yaml'),
    };
    const composed = composedCounts([user, ...loadFoundFiles()]);
    expect(counts).toEqual(composed);
    const builtin = composedCounts(loadFoundFiles());
    expect(counts['severity-rating']).toBe(2);
    expect(counts['product-quality']).toBe(builtin['product-quality']! + 1);
  });

  it('with a built-in file edited after the build (not what the index holds), composes', async () => {
    // A copy of the package whose severity-rating.yaml gained a step since its index was built.
    const pkg = tempDir('crisis-list-edited-');
    for (const part of ['bin', 'dist', 'playbooks', 'package.json'])
      cpSync(path.join(REPO_ROOT, part), path.join(pkg, part), { recursive: true });
    symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(pkg, 'node_modules'));
    const file = path.join(pkg, 'playbooks', 'strategies', 'severity-rating.yaml');
    const text = readFileSync(file, 'utf8');
    const edited = text.replace(
      /\n {4}steps:\n/,
      '\n    steps:\n      - { id: rate-first, title: { en: Rate first, zh: 先评定 }, owner: incident-lead }\n',
    );
    expect(edited).not.toBe(text);
    writeFileSync(file, edited);
    const { counts, composeLoaded } = await listJson([], { bin: path.join(pkg, 'bin', 'crisis.js') });
    expect(composeLoaded.length).toBeGreaterThan(0);
    const builtin = composedCounts(loadFoundFiles());
    expect(counts['severity-rating']).toBe(builtin['severity-rating']! + 1);
    expect(counts['product-quality']).toBe(builtin['product-quality']! + 1);
  });
});
