import { createHash } from 'node:crypto';
import { simplify } from './condition.js';
import type { PathSegment, Position } from './load.js';
import type { Condition, Input, Phase, Playbook, Problem, Role, Severity, Step } from './types.js';

/** The playbook that supplies the standard roles and facts every plan may use. */
export const STANDARD_PLAYBOOK = 'task-force';
/** Target names a strategy may refer to before a crisis defines them. */
export const STANDARD_TARGETS = ['assessment', 'first-statement', 'update-every'] as const;

export interface LibraryEntry {
  id: string;
  kind: Playbook['kind'];
  file: string;
  /** the search-path directory the file was found in, or `built-in` */
  source: string;
  data: Playbook;
  locate(path: readonly PathSegment[]): Position | undefined;
  /** files with the same id further down the search path that this one hides */
  overrides: string[];
}

export interface PlaybookLookup {
  get(id: string): LibraryEntry | undefined;
}

export interface PlanStep extends Step {
  phase: string;
  /** id of the playbook the step comes from */
  source: string;
}
export interface PlanPhase extends Omit<Phase, 'steps'> {
  source: string;
  steps: PlanStep[];
}
export interface PlanRole extends Role {
  source: string;
}

/** A composed plan: one playbook with its strategies spliced in, for one severity. */
export interface Plan {
  id: string;
  kind: Playbook['kind'];
  title: Playbook['title'];
  summary?: Playbook['summary'];
  severity: Severity;
  roles: PlanRole[];
  targets: Record<string, string>;
  review?: string;
  /** strategies spliced in by `use:` or added with `--with`, in order */
  strategies: string[];
  phases: PlanPhase[];
}

export interface ComposeOptions {
  severity?: Severity;
  with?: readonly string[];
  /** keep every step and condition as written (for the linter: no severity may hide a problem) */
  allSeverities?: boolean;
}

export interface ComposeResult {
  plan?: Plan;
  problems: Problem[];
}

/**
 * Splice `use:` strategies in place, append `--with` strategies, drop steps
 * the severity rules out, and check the references that only make sense in
 * the composed whole (unique ids, owners, cycles).
 */
export function compose(lookup: PlaybookLookup, id: string, options: ComposeOptions = {}): ComposeResult {
  const root = lookup.get(id);
  const problems: Problem[] = [];
  if (!root)
    return {
      problems: [
        { file: id, severity: 'error', code: 'compose.unknown-playbook', message: `unknown playbook "${id}"` },
      ],
    };
  const at = (
    entry: LibraryEntry,
    path: PathSegment[],
    code: string,
    message: string,
    severity: Problem['severity'] = 'error',
  ): Problem => {
    const pos = entry.locate(path);
    return { file: entry.file, line: pos?.line, col: pos?.col, severity, code, message };
  };
  const severity = options.severity ?? root.data.severity?.default ?? 'medium';
  const phases: PlanPhase[] = [];
  const strategies: string[] = [];
  const roles = new Map<string, PlanRole>();
  const addRoles = (entry: LibraryEntry) => {
    for (const role of entry.data.roles ?? [])
      if (!roles.has(role.id)) roles.set(role.id, { ...role, source: entry.id });
  };
  const standard = lookup.get(STANDARD_PLAYBOOK);
  if (standard) addRoles(standard);
  addRoles(root);

  // A strategy's phases can be spliced in at different points (use: with
  // phases:); each phase lands once, where it is first asked for.
  const usedPhases = new Set<string>();
  const spliceStrategy = (used: LibraryEntry, only: readonly string[] | undefined, stack: string[]) => {
    if (!strategies.includes(used.id)) {
      strategies.push(used.id);
      addRoles(used);
    }
    splice(used, [...stack, used.id], only);
  };
  const splice = (entry: LibraryEntry, stack: string[], only?: readonly string[]) => {
    const ownIds = new Set<string>();
    entry.data.phases.forEach((phase, index) => {
      if ('id' in phase) {
        if (ownIds.has(phase.id))
          problems.push(
            at(
              entry,
              ['phases', index, 'id'],
              'ids.duplicate-phase',
              `phase id "${phase.id}" is used twice in ${entry.id}`,
            ),
          );
        ownIds.add(phase.id);
      }
      if ('use' in phase) {
        const used = lookup.get(phase.use);
        const path = ['phases', index, 'use'];
        if (!used) problems.push(at(entry, path, 'compose.unknown-use', `use: unknown strategy "${phase.use}"`));
        else if (used.kind !== 'strategy')
          problems.push(
            at(entry, path, 'compose.use-kind', `use: "${phase.use}" is a ${used.kind} playbook, not a strategy`),
          );
        else if (stack.includes(used.id))
          problems.push(at(entry, path, 'compose.use-cycle', `use: cycle ${[...stack, used.id].join(' -> ')}`));
        else {
          const known = new Set(used.data.phases.flatMap((p) => ('id' in p ? [p.id] : [])));
          (phase.phases ?? []).forEach((id, i) => {
            if (!known.has(id))
              problems.push(
                at(
                  entry,
                  ['phases', index, 'phases', i],
                  'compose.unknown-phase',
                  `use: strategy "${used.id}" has no phase "${id}" (phases: ${[...known].join(', ')})`,
                ),
              );
          });
          spliceStrategy(used, phase.phases, stack);
        }
        return;
      }
      if (only && !only.includes(phase.id)) return;
      const key = `${entry.id}#${phase.id}`;
      if (usedPhases.has(key)) return;
      usedPhases.add(key);
      const steps: PlanStep[] = [];
      for (const step of phase.steps) {
        const kept = options.allSeverities ? step : applySeverity(step, severity);
        if (kept) steps.push({ ...kept, phase: phase.id, source: entry.id });
      }
      if (steps.length > 0) phases.push({ ...phase, source: entry.id, steps });
    });
  };
  splice(root, [root.id]);
  for (const extra of options.with ?? []) {
    const used = lookup.get(extra);
    if (!used)
      problems.push({
        file: '--with',
        severity: 'error',
        code: 'compose.unknown-with',
        message: `--with: unknown strategy "${extra}"`,
      });
    else if (used.kind !== 'strategy')
      problems.push({
        file: '--with',
        severity: 'error',
        code: 'compose.with-kind',
        message: `--with: "${extra}" is a ${used.kind} playbook, not a strategy`,
      });
    else if (extra !== root.id) spliceStrategy(used, undefined, [root.id]);
  }
  if (problems.some((p) => p.severity === 'error')) return { problems };
  const plan: Plan = {
    id: root.id,
    kind: root.kind,
    title: root.data.title,
    summary: root.data.summary,
    severity,
    roles: [...roles.values()],
    targets: { ...(root.data.targets ?? {}) },
    review: root.data.review,
    strategies,
    phases,
  };
  return { plan, problems };
}

function applySeverity(step: Step, severity: Severity): Step | undefined {
  if (!step.when) return step;
  const when = simplify(step.when, severity);
  if (when === false) return undefined;
  if (when === true) {
    const { when: _dropped, ...rest } = step;
    return rest;
  }
  return { ...step, when: when as Condition };
}

const stepsOf = new WeakMap<Plan, PlanStep[]>();
/** Every step of the plan in order (a plan does not change once composed, so this is kept). */
export function planSteps(plan: Plan): PlanStep[] {
  let steps = stepsOf.get(plan);
  if (!steps) stepsOf.set(plan, (steps = plan.phases.flatMap((p) => p.steps)));
  return steps;
}

/** Every input of the plan, by fact id. */
export function planInputs(plan: Plan): Map<string, Input & { step: string }> {
  const inputs = new Map<string, Input & { step: string }>();
  for (const step of planSteps(plan))
    for (const input of step.inputs ?? []) if (!inputs.has(input.id)) inputs.set(input.id, { ...input, step: step.id });
  return inputs;
}

/** Content hash of a plan, stored in a session's first event to notice playbook changes. */
export function planHash(plan: Plan): string {
  return createHash('sha256').update(canonicalJson(plan)).digest('hex');
}

/** JSON with keys sorted at every level, so equal values hash equally. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}
