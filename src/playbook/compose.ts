import { canonicalJson } from './canonical-json.js';
import { createHash } from 'node:crypto';
import { simplify } from './condition.js';
import { SEVERITIES } from './constants.js';
import { dutyStep, dutyTarget, placeDutySteps, reportStep, selectDuties } from './duties.js';
import type { PathSegment, Position } from './load.js';
import { problem, problemAt, type Origin } from './origin.js';
import { say, type Said } from '../text/messages.js';
import type { Condition, Duty, Input, Phase, Playbook, Problem, Role, Severity, Step, UsePhase } from './types.js';

/** The playbook that supplies the standard roles and facts every plan may use. */
export const STANDARD_PLAYBOOK = 'task-force';
/** Target names a strategy may refer to before a crisis defines them. */
export const STANDARD_TARGETS = ['assessment', 'first-statement', 'update-every'] as const;
/**
 * Facts a strategy's templates may name before a crisis records them. Every
 * crisis records one key message before its first statement, and later
 * updates, briefings and notices repeat it instead of asking for their own.
 */
export const STANDARD_FACTS = ['key-message'] as const;

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
  /** every reporting duty in the catalogues found (none when absent) */
  duties?(): Duty[];
}

/** What a step generated from a reporting duty carries, for lint, drills and checklists. */
export interface PlanDuty {
  id: string;
  jurisdiction: string;
  deadline: string;
  'before-public': boolean;
  statutory: boolean;
  verified: boolean;
  citation: string;
}

export interface PlanInput extends Input {
  origin: Origin;
}
export interface PlanStep extends Omit<Step, 'inputs'> {
  inputs?: PlanInput[];
  phase: string;
  /** id of the playbook the step comes from (`duties` for a step generated from a reporting duty) */
  source: string;
  origin: Origin;
  duty?: PlanDuty;
  /**
   * A duty's written report: the ids of the duty steps it is sent for, earliest deadline first. Its `due` is the
   * earliest of their targets; in a session it is due with the first of them whose trigger holds (stepDueAt).
   */
  sends?: string[];
}
export interface PlanPhase extends Omit<Phase, 'steps'> {
  source: string;
  steps: PlanStep[];
  origin: Origin;
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
  /** jurisdictions whose reporting duties are in the plan */
  jurisdictions?: string[];
  phases: PlanPhase[];
}

export interface ComposeOptions {
  severity?: Severity;
  with?: readonly string[];
  /** keep every step and condition as written (for the linter: no severity may hide a problem) */
  allSeverities?: boolean;
  /** jurisdictions whose reporting duties apply; omitted: the playbook's default; [] for none */
  jurisdictions?: readonly string[];
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
  if (!root)
    return {
      problems: [
        problem(
          { file: id, severity: 'error', code: 'compose.unknown-playbook' },
          say('problem.compose.unknownPlaybook', { id }),
        ),
      ],
    };
  const severity = options.severity ?? root.data.severity?.default ?? 'medium';
  const selected = selectDuties(lookup, root, options.jurisdictions);
  const composer = new Composer(lookup, severity, options.allSeverities ?? false, selected.duties.length > 0);
  const standard = lookup.get(STANDARD_PLAYBOOK);
  if (standard) composer.addRoles(standard);
  composer.addRoles(root);
  composer.splice(root, [root.id]);
  for (const extra of options.with ?? []) composer.addWith(extra, root.id);
  const { problems, roles, strategies, phases } = composer;
  problems.push(...selected.problems);
  if (problems.some((p) => p.severity === 'error')) return { problems };
  // The linter reads the plan as written; a session reads the targets of its severity.
  const scaled = options.allSeverities ? undefined : root.data['severity-targets']?.[severity];
  const targets: Record<string, string> = { ...(root.data.targets ?? {}), ...scaled };
  const dutySteps: PlanStep[] = [];
  const keep = (step: PlanStep) =>
    options.allSeverities ? step : (applySeverity(step, severity) as PlanStep | undefined);
  const legal = roles.has('legal') ? 'legal' : undefined;
  const sending = new Map<string, Duty[]>();
  for (const duty of selected.duties) {
    const kept = keep(dutyStep(duty, legal));
    if (!kept) continue;
    targets[dutyTarget(duty)] = duty.deadline;
    dutySteps.push(kept);
    if (duty.report) sending.set(duty.report.id, [...(sending.get(duty.report.id) ?? []), duty]);
  }
  // One written report per report id, led by the first duty step that sends it; the incident lead approves it.
  const reports = new Map<string, PlanStep>();
  for (const duties of sending.values()) {
    const report = keep(reportStep(duties, legal, roles.has('incident-lead') ? 'incident-lead' : undefined));
    if (report) for (const duty of duties) reports.set(`report-${duty.id}`, report);
  }
  placeDutySteps(phases, dutySteps, targets, reports);
  const plan: Plan = {
    id: root.id,
    kind: root.kind,
    title: root.data.title,
    summary: root.data.summary,
    severity,
    roles: [...roles.values()],
    targets,
    review: root.data.review,
    strategies,
    jurisdictions: selected.duties.length > 0 || options.jurisdictions ? selected.jurisdictions : [],
    phases,
  };
  return { plan, problems };
}

/** The plan being put together: phases, roles and strategies in the order they are met. */
class Composer {
  readonly problems: Problem[] = [];
  readonly phases: PlanPhase[] = [];
  readonly strategies: string[] = [];
  readonly roles = new Map<string, PlanRole>();
  // A strategy's phases can be spliced in at different points (use: with
  // phases:); each phase lands once, where it is first asked for.
  private readonly usedPhases = new Set<string>();

  constructor(
    private readonly lookup: PlaybookLookup,
    private readonly severity: Severity,
    private readonly allSeverities: boolean,
    /** reporting duties joined the plan: generic steps marked replaced-by-duties leave it */
    private readonly hasDuties: boolean,
  ) {}

  addRoles(entry: LibraryEntry): void {
    for (const role of entry.data.roles ?? [])
      if (!this.roles.has(role.id)) this.roles.set(role.id, { ...role, source: entry.id });
  }

  addWith(extra: string, rootId: string): void {
    const used = this.lookup.get(extra);
    const report = (code: string, said: Said) =>
      this.problems.push(problem({ file: '--with', severity: 'error', code }, said));
    if (!used) report('compose.unknown-with', say('problem.compose.unknownWith', { id: extra }));
    else if (used.kind !== 'strategy')
      report('compose.with-kind', say('problem.compose.withKind', { id: extra, kind: used.kind }));
    else if (extra !== rootId) this.spliceStrategy(used, undefined, [rootId]);
  }

  splice(entry: LibraryEntry, stack: string[], only?: readonly string[]): void {
    const ownIds = new Set<string>();
    entry.data.phases.forEach((phase, index) => {
      if ('id' in phase) {
        if (ownIds.has(phase.id))
          this.problems.push(
            problemAt(
              { doc: entry, path: ['phases', index, 'id'] },
              'error',
              'ids.duplicate-phase',
              say('problem.compose.duplicatePhase', { id: phase.id, playbook: entry.id }),
            ),
          );
        ownIds.add(phase.id);
      }
      if ('use' in phase) this.use(entry, index, phase, stack);
      else if (!only || only.includes(phase.id)) this.addPhase(entry, phase, index);
    });
  }

  private spliceStrategy(used: LibraryEntry, only: readonly string[] | undefined, stack: string[]): void {
    if (!this.strategies.includes(used.id)) {
      this.strategies.push(used.id);
      this.addRoles(used);
    }
    this.splice(used, [...stack, used.id], only);
  }

  private use(entry: LibraryEntry, index: number, phase: UsePhase, stack: string[]): void {
    const used = this.lookup.get(phase.use);
    const path = ['phases', index, 'use'];
    const report = (code: string, said: Said) =>
      this.problems.push(problemAt({ doc: entry, path }, 'error', code, said));
    if (!used) return void report('compose.unknown-use', say('problem.compose.unknownUse', { id: phase.use }));
    if (used.kind !== 'strategy')
      return void report('compose.use-kind', say('problem.compose.useKind', { id: phase.use, kind: used.kind }));
    if (stack.includes(used.id))
      return void report(
        'compose.use-cycle',
        say('problem.compose.useCycle', { cycle: [...stack, used.id].join(' -> ') }),
      );
    const known = new Set(used.data.phases.flatMap((p) => ('id' in p ? [p.id] : [])));
    (phase.phases ?? []).forEach((id, i) => {
      if (!known.has(id))
        this.problems.push(
          problemAt(
            { doc: entry, path: ['phases', index, 'phases', i] },
            'error',
            'compose.unknown-phase',
            say('problem.compose.unknownPhase', { id: used.id, phase: id, phases: [...known].join(', ') }),
          ),
        );
    });
    this.spliceStrategy(used, phase.phases, stack);
  }

  private addPhase(entry: LibraryEntry, phase: Phase, index: number): void {
    const key = `${entry.id}#${phase.id}`;
    if (this.usedPhases.has(key)) return;
    this.usedPhases.add(key);
    const made = this.planPhase(entry, phase, index);
    if (made) this.phases.push(made);
  }

  /**
   * A phase as the plan carries it, made once per library entry, phase and options and shared by every plan that
   * splices it in: validating 1,000 crises that each use task-force copied its steps 1,000 times. Plans are only
   * read once composed (placeDutySteps inserts phases of its own), so sharing them is safe.
   */
  private planPhase(entry: LibraryEntry, phase: Phase, index: number): PlanPhase | undefined {
    let made = madePhases.get(entry);
    if (!made) madePhases.set(entry, (made = new Map()));
    const key = `${index} ${this.allSeverities ? '*' : this.severity} ${this.hasDuties}`;
    if (made.has(key)) return made.get(key);
    const { id: playbook, file } = entry;
    const steps: PlanStep[] = [];
    phase.steps.forEach((step, j) => {
      if (step['replaced-by-duties'] && this.hasDuties) return;
      const kept = this.allSeverities ? step : applySeverity(step, this.severity);
      if (!kept) return;
      const inputs = kept.inputs?.map((input, i) => ({
        ...input,
        origin: { playbook, file, path: ['phases', index, 'steps', j, 'inputs', i] },
      }));
      // Replacing inputs in place keeps the keys in the order written (show --json prints them so).
      // kept's own inputs are always replaced below: the cast only says so to the type checker.
      steps.push({
        ...(kept as Omit<Step, 'inputs'>),
        ...(inputs ? { inputs } : {}),
        phase: phase.id,
        source: playbook,
        origin: { playbook, file, path: ['phases', index, 'steps', j] },
      });
    });
    const planPhase =
      steps.length > 0
        ? { ...phase, source: playbook, steps, origin: { playbook, file, path: ['phases', index] } }
        : undefined;
    made.set(key, planPhase);
    return planPhase;
  }
}

/** Phases as plans carry them, by library entry, then index and options (Composer.planPhase). */
const madePhases = new WeakMap<LibraryEntry, Map<string, PlanPhase | undefined>>();

function applySeverity(step: Step, severity: Severity): Step | undefined {
  const scoped = scopeChannels(step, severity);
  if (!scoped.when) return scoped;
  const when = simplify(scoped.when, severity);
  if (when === false) return undefined;
  if (when === true) {
    const { when: _dropped, ...rest } = scoped;
    return rest;
  }
  return { ...scoped, when: when as Condition };
}

/** A statement keeps only the channels its severity uses: a low-severity holding reply has no press release. */
function scopeChannels(step: Step, severity: Severity): Step {
  const levels = step['channel-severity'];
  if (!step.statement || !levels) return step;
  const rank = SEVERITIES.indexOf(severity);
  const statement = Object.fromEntries(
    Object.entries(step.statement).filter(([channel]) => {
      const from = levels[channel];
      return from === undefined || SEVERITIES.indexOf(from) <= rank;
    }),
  );
  // Applied: the plan at this severity no longer carries the scale, only its result.
  const { 'channel-severity': _applied, ...rest } = step;
  return { ...rest, statement };
}

const composedIn = new WeakMap<PlaybookLookup, Map<string, ComposeResult>>();
/**
 * compose, kept per library and arguments: a directory of 100 drills of one playbook checked each drill's step ids
 * against two compositions and then ran a third, 300 compositions of the same plan. A library does not change once
 * built, and callers only read the result.
 */
export function composeOnce(lookup: PlaybookLookup, id: string, options: ComposeOptions = {}): ComposeResult {
  let kept = composedIn.get(lookup);
  if (!kept) composedIn.set(lookup, (kept = new Map()));
  // Every option is named here, so a new ComposeOptions field fails to compile until it is part of the key.
  // undefined and [] differ for jurisdictions (the default ones, or none): JSON keeps them apart (null and []).
  const parts: { [K in keyof Required<ComposeOptions>]: unknown } = {
    severity: options.severity ?? null,
    with: options.with ?? null,
    allSeverities: options.allSeverities === true,
    jurisdictions: options.jurisdictions ?? null,
  };
  const key = JSON.stringify([id, parts]);
  let result = kept.get(key);
  if (!result) kept.set(key, (result = compose(lookup, id, options)));
  return result;
}

/** The ids a playbook links to: the strategies its phases use, in order, then its review. */
export function playbookLinks(data: Pick<Playbook, 'phases' | 'review'>): string[] {
  return [
    ...data.phases.flatMap((phase) => ('use' in phase ? [phase.use] : [])),
    ...(data.review !== undefined ? [data.review] : []),
  ];
}

const stepsOf = new WeakMap<Plan, PlanStep[]>();
/** Every step of the plan in order (a plan does not change once composed, so this is kept). */
export function planSteps(plan: Plan): PlanStep[] {
  let steps = stepsOf.get(plan);
  if (!steps) stepsOf.set(plan, (steps = plan.phases.flatMap((p) => p.steps)));
  return steps;
}

const inputsOf = new WeakMap<Plan, ReadonlyMap<string, Input & { step: string }>>();
/** Every input of the plan, by fact id (kept: a drill asks for it at every statement it fills). */
export function planInputs(plan: Plan): ReadonlyMap<string, Input & { step: string }> {
  let inputs = inputsOf.get(plan);
  if (inputs) return inputs;
  const made = new Map<string, Input & { step: string }>();
  for (const step of planSteps(plan))
    for (const input of step.inputs ?? []) if (!made.has(input.id)) made.set(input.id, { ...input, step: step.id });
  inputsOf.set(plan, (inputs = made));
  return inputs;
}

/**
 * The plan without its origins: what it says, not where it is written. Its
 * hash and its JSON cover this, so moving a file or editing a comment above a
 * step is not a playbook change.
 */
export function planContent(plan: Plan): unknown {
  return {
    ...plan,
    phases: plan.phases.map(({ origin: _phase, ...phase }) => ({
      ...phase,
      steps: phase.steps.map(({ origin: _step, ...step }) => ({
        ...step,
        ...(step.inputs ? { inputs: step.inputs.map(({ origin: _input, ...input }) => input) } : {}),
      })),
    })),
  };
}

const hashOf = new WeakMap<Plan, string>();
/**
 * Content hash of a plan, stored in a session's first event to notice playbook changes. Kept per plan: a directory of
 * drills of one playbook runs one composed plan, and hashing it was a tenth of each drill's CPU.
 */
export function planHash(plan: Plan): string {
  let hash = hashOf.get(plan);
  if (hash === undefined)
    hashOf.set(
      plan,
      (hash = createHash('sha256')
        .update(canonicalJson(planContent(plan)))
        .digest('hex')),
    );
  return hash;
}

export { canonicalJson };
