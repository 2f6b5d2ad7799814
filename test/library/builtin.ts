/**
 * The built-in library under playbooks/, loaded the way `crisis validate`
 * sees it: every YAML file (playbooks/schema excluded) parsed with
 * parseLibrarySource and put together with buildLibrary. Shared by the
 * tests in this folder; not a test file itself.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compose, planSteps, type Plan, type PlanStep } from '../../src/playbook/compose.js';
import { buildLibrary, type FoundFile, type Library } from '../../src/playbook/library.js';
import { parseLibrarySource } from '../../src/playbook/load.js';
import type { Severity, Step } from '../../src/playbook/types.js';

export const PLAYBOOKS_DIR = fileURLToPath(new URL('../../playbooks/', import.meta.url));

export const CRISES = ['product-quality', 'customer-service', 'brand-image', 'cybersecurity'] as const;
export const STRATEGIES = [
  'task-force',
  'response-plan',
  'multi-channel',
  'media',
  'social-media',
  'severity-rating',
] as const;
/** post-crisis is linked from every crisis; readiness (issue 14) is worked in peacetime. */
export const REVIEWS = ['post-crisis', 'readiness'] as const;
export const CHANNELS = ['website', 'social', 'hotline', 'email', 'press-release'] as const;

/** Every .yaml/.yml file under playbooks/, relative to it, sorted; schema/ skipped. */
export function builtinFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (path.relative(PLAYBOOKS_DIR, full) !== 'schema') walk(full);
      } else if (/\.ya?ml$/.test(entry.name)) out.push(path.relative(PLAYBOOKS_DIR, full).split(path.sep).join('/'));
    }
  };
  walk(PLAYBOOKS_DIR);
  return out.sort();
}

export function loadFoundFiles(): FoundFile[] {
  return builtinFiles().map((file) => ({
    file,
    source: 'built-in',
    parsed: parseLibrarySource(readFileSync(path.join(PLAYBOOKS_DIR, file), 'utf8'), file),
  }));
}

let cached: { files: FoundFile[]; library: Library } | undefined;

/** Parsed once per test file. */
export function builtin(): { files: FoundFile[]; library: Library } {
  if (!cached) {
    const files = loadFoundFiles();
    cached = { files, library: buildLibrary(files) };
  }
  return cached;
}

export const library = (): Library => builtin().library;

const plans = new Map<string, Plan>();

/** The composed plan (memoised; treat as read-only); fails loudly when compose reports a problem. */
export function plan(id: string, severity: Severity): Plan {
  const key = `${id}@${severity}`;
  const known = plans.get(key);
  if (known) return known;
  const result = compose(library(), id, { severity });
  if (!result.plan || result.problems.length > 0) {
    throw new Error(
      `compose(${id}, ${severity}) failed:\n${result.problems.map((p) => `${p.file}:${p.line}: ${p.code} ${p.message}`).join('\n')}`,
    );
  }
  plans.set(key, result.plan);
  return result.plan;
}

export const steps = (id: string, severity: Severity): PlanStep[] => planSteps(plan(id, severity));

export function step(id: string, severity: Severity, stepId: string): PlanStep {
  const found = steps(id, severity).find((s) => s.id === stepId);
  if (!found) throw new Error(`no step "${stepId}" in ${id} at ${severity}`);
  return found;
}

/** A playbook's own steps as written in its file (no use:, no severity filtering). */
export function ownSteps(id: string): Array<Step & { phase: string; source: string }> {
  const entry = library().get(id);
  if (!entry) throw new Error(`no playbook "${id}"`);
  return entry.data.phases.flatMap((p) =>
    'steps' in p ? p.steps.map((s) => ({ ...s, phase: p.id, source: id })) : [],
  );
}

/** `{{ fact }}` holes of a template, as the linter reads them. */
export function holes(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([^}\s]*)\s*\}\}/g)].map((m) => m[1]!);
}
