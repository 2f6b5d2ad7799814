import { factRefs, type Facts } from './condition.js';
import {
  STANDARD_PLAYBOOK,
  STANDARD_TARGETS,
  planSteps,
  type LibraryEntry,
  type Plan,
  type PlanStep,
  type PlaybookLookup,
} from './compose.js';
import { DURATION_PATTERN } from './constants.js';
import { parseDuration } from './duration.js';
import type { PathSegment } from './load.js';
import { allTexts } from './text.js';
import type { Condition, Input, Problem, Scalar } from './types.js';

/** Checklist practice: past nine items people start skipping. */
export const MAX_CHECKLIST_ITEMS = 9;
const HOLE = /\{\{\s*([^}\s]*)\s*\}\}/g;

/**
 * Checks on a composed plan: references (errors) and the principle and
 * procedure rules (warnings). Each message names its rule.
 */
export function lintPlan(plan: Plan, lookup: PlaybookLookup): Problem[] {
  const problems: Problem[] = [];
  const root = lookup.get(plan.id)!;
  const steps = planSteps(plan);
  const stepAt = (step: PlanStep, ...rest: PathSegment[]): { entry: LibraryEntry; path: PathSegment[] } => {
    const entry = lookup.get(step.source) ?? root;
    const phaseIndex = entry.data.phases.findIndex((p) => 'steps' in p && p.id === step.phase);
    const phase = entry.data.phases[phaseIndex];
    // A duplicated id is found by its position among the plan's steps of that id.
    const nth = steps
      .filter((s) => s.id === step.id && s.source === step.source && s.phase === step.phase)
      .indexOf(step);
    const stepIndex =
      phase && 'steps' in phase
        ? (phase.steps.map((s, i) => (s.id === step.id ? i : -1)).filter((i) => i >= 0)[Math.max(0, nth)] ?? -1)
        : -1;
    return { entry, path: ['phases', phaseIndex, 'steps', stepIndex, ...rest] };
  };
  const report = (
    where: { entry: LibraryEntry; path: PathSegment[] },
    severity: Problem['severity'],
    code: string,
    message: string,
  ) => {
    const pos = where.entry.locate(where.path);
    problems.push({ file: where.entry.file, line: pos?.line, col: pos?.col, severity, code, message });
  };
  const rootAt = (...path: PathSegment[]) => ({ entry: root, path });

  // Unique ids across the composed plan.
  const seenSteps = new Map<string, PlanStep>();
  const inputs = new Map<string, Input>();
  const standard = lookup.get(STANDARD_PLAYBOOK);
  const knownFacts = new Map<string, Input>();
  if (standard)
    for (const p of standard.data.phases)
      if ('steps' in p) for (const s of p.steps) for (const i of s.inputs ?? []) knownFacts.set(i.id, i);
  const seenPhases = new Set<string>();
  for (const phase of plan.phases) {
    if (seenPhases.has(phase.id))
      report(
        stepAt(phase.steps[0]!),
        'error',
        'ids.duplicate-phase',
        `phase id "${phase.id}" is used twice in plan ${plan.id}`,
      );
    seenPhases.add(phase.id);
  }
  for (const step of steps) {
    if (seenSteps.has(step.id))
      report(
        stepAt(step, 'id'),
        'error',
        'ids.duplicate-step',
        `step id "${step.id}" is used twice in plan ${plan.id} (also in ${seenSteps.get(step.id)!.source})`,
      );
    seenSteps.set(step.id, step);
    (step.inputs ?? []).forEach((input, i) => {
      if (inputs.has(input.id))
        report(
          stepAt(step, 'inputs', i, 'id'),
          'error',
          'ids.duplicate-input',
          `input id "${input.id}" is recorded by two steps in plan ${plan.id}`,
        );
      inputs.set(input.id, input);
      knownFacts.set(input.id, input);
      if (input.type === 'choice' && !input.choices)
        report(
          stepAt(step, 'inputs', i),
          'error',
          'inputs.choices',
          `input "${input.id}" is a choice but has no choices`,
        );
      if (input['assigns-role'] && !plan.roles.some((r) => r.id === input['assigns-role']))
        report(
          stepAt(step, 'inputs', i, 'assigns-role'),
          'error',
          'roles.unknown',
          `assigns-role: unknown role "${input['assigns-role']}"`,
        );
    });
  }

  const roleIds = new Set(plan.roles.map((r) => r.id));
  const targetNames = new Set(Object.keys(plan.targets));
  if (plan.kind !== 'crisis') for (const t of STANDARD_TARGETS) targetNames.add(t);

  for (const step of steps) {
    if (step.owner === undefined)
      report(
        stepAt(step),
        'warning',
        'procedure.owner',
        `step "${step.id}" has no owner (every step needs one person accountable)`,
      );
    else if (!roleIds.has(step.owner))
      report(
        stepAt(step, 'owner'),
        'error',
        'roles.unknown',
        `owner: unknown role "${step.owner}" (define it in roles: or use a ${STANDARD_PLAYBOOK} role)`,
      );
    if (step['approve-by'] !== undefined && !roleIds.has(step['approve-by']))
      report(stepAt(step, 'approve-by'), 'error', 'roles.unknown', `approve-by: unknown role "${step['approve-by']}"`);
    if (step.due !== undefined && !DURATION_PATTERN.test(step.due) && !targetNames.has(step.due))
      report(
        stepAt(step, 'due'),
        'error',
        'due.unknown-target',
        `due: "${step.due}" is neither a duration (45s, 30m, 4h, 2d) nor a target of ${plan.id} (${[...targetNames].join(', ') || 'none defined'})`,
      );
    if (step.statement) {
      if (step['approve-by'] === undefined)
        report(
          stepAt(step),
          'warning',
          'procedure.approver',
          `statement step "${step.id}" has no approve-by role (external messages are approved before they go out)`,
        );
      for (const [channel, template] of Object.entries(step.statement))
        for (const text of allTexts(template))
          for (const [, hole] of text.matchAll(HOLE))
            if (!knownFacts.has(hole!))
              report(
                stepAt(step, 'statement', channel),
                'error',
                'statement.unknown-fact',
                `statement ${channel}: {{${hole}}} names no input of plan ${plan.id}`,
              );
    }
    if ((step.checklist?.length ?? 0) > MAX_CHECKLIST_ITEMS)
      report(
        stepAt(step, 'checklist'),
        'warning',
        'procedure.checklist-length',
        `step "${step.id}" has ${step.checklist!.length} checklist items; keep it to ${MAX_CHECKLIST_ITEMS} or fewer (checklist practice)`,
      );
    if (step.when) {
      for (const ref of factRefs(step.when)) {
        if (!knownFacts.has(ref.fact))
          report(
            stepAt(step, 'when', ...ref.path, 'fact'),
            'error',
            'when.unknown-fact',
            `when: fact "${ref.fact}" is not an input of plan ${plan.id}`,
          );
      }
      if (!canHold(step.when, knownFacts))
        report(
          stepAt(step, 'when'),
          'warning',
          'procedure.unreachable',
          `step "${step.id}" is unreachable: its when can never hold given the inputs' types and choices`,
        );
    }
  }
  // The walk goes in plan order: a step due much later than the steps after
  // it holds them up. Name each such step once, with how many it delays.
  if (plan.kind === 'crisis') {
    let latest: { step: PlanStep; ms: number } | undefined;
    const delayed = new Map<PlanStep, { count: number; first: PlanStep }>();
    for (const step of steps) {
      const ms =
        step.due === undefined ? undefined : (parseDuration(step.due) ?? parseDuration(plan.targets[step.due] ?? ''));
      if (ms === undefined) continue;
      // Only clear misplacements count: twice as late and at least two hours apart.
      if (latest && latest.ms >= 2 * ms && latest.ms - ms >= 2 * 3_600_000) {
        const entry = delayed.get(latest.step) ?? { count: 0, first: step };
        entry.count += 1;
        delayed.set(latest.step, entry);
      }
      if (!latest || ms > latest.ms) latest = { step, ms };
    }
    for (const [step, { count, first }] of delayed)
      report(
        stepAt(step, 'due'),
        'warning',
        'procedure.order',
        `step "${step.id}" (due ${step.due}) comes before ${count} step(s) due much sooner in plan ${plan.id} (first: "${first.id}", due ${first.due}); move it later, or splice its phase in later with use: … phases:`,
      );
  }
  if (plan.kind === 'crisis') problems.push(...regulatorFirst(plan, steps, rootAt));
  for (const phase of plan.phases) {
    if (phase.mode !== 'do-confirm') continue;
    const items = phase.steps.reduce((n, s) => n + (s.checklist?.length ?? 0), 0);
    if (items > MAX_CHECKLIST_ITEMS)
      report(
        stepAt(phase.steps[0]!),
        'warning',
        'procedure.pause-point-length',
        `phase "${phase.id}" pause point carries ${items} checklist items; keep it to ${MAX_CHECKLIST_ITEMS} or fewer (checklist practice)`,
      );
    if (!phase['pause-point'])
      report(
        stepAt(phase.steps[0]!),
        'warning',
        'procedure.pause-point',
        `do-confirm phase "${phase.id}" has no pause-point text`,
      );
  }
  if (plan.review !== undefined) {
    const review = lookup.get(plan.review);
    if (!review || review.kind !== 'review')
      problems.push(
        at(root, ['review'], 'error', 'review.unknown', `review: "${plan.review}" is not a review playbook`),
      );
  }
  if (plan.kind === 'crisis') problems.push(...principleCoverage(plan, steps, rootAt));
  return problems;

  function at(
    entry: LibraryEntry,
    path: PathSegment[],
    severity: Problem['severity'],
    code: string,
    message: string,
  ): Problem {
    const pos = entry.locate(path);
    return { file: entry.file, line: pos?.line, col: pos?.col, severity, code, message };
  }
  function principleCoverage(
    plan: Plan,
    steps: PlanStep[],
    where: (...p: PathSegment[]) => { entry: LibraryEntry; path: PathSegment[] },
  ): Problem[] {
    const out: Problem[] = [];
    const warn = (principle: string, message: string, path: PathSegment[] = ['id']) => {
      const pos = where(...path);
      out.push(at(pos.entry, pos.path, 'warning', `principle.${principle}`, `${message} (principle: ${principle})`));
    };
    const hasTag = (tag: string) => steps.findIndex((s) => s.tags?.includes(tag as never));
    if (!plan.targets['first-statement'])
      warn('rapid-response', 'no first-statement target: set a deadline for the first public statement', ['targets']);
    if (!plan.targets['assessment'])
      warn('rapid-response', 'no assessment target: set a deadline for the assessment', ['targets']);
    if (hasTag('assessment') < 0) warn('rapid-response', 'no step is tagged assessment');
    if (!plan.roles.some((r) => r.id === 'spokesperson'))
      warn('transparency', 'no spokesperson role: one designated voice keeps every message consistent', ['roles']);
    const firstStatement = steps.findIndex((s) => s.statement !== undefined);
    if (firstStatement < 0) warn('transparency', 'no public statement step (a step with statement:)');
    if (!plan.targets['update-every'])
      warn('transparency', 'no update-every target: set the cadence of public updates', ['targets']);
    const legal = hasTag('legal-review');
    if (
      firstStatement >= 0 &&
      !(legal >= 0 && legal < firstStatement) &&
      steps[firstStatement]!['approve-by'] !== 'legal'
    )
      warn(
        'transparency',
        'no legal/compliance check before the first disclosure: tag a step legal-review before it, or have legal approve it',
      );
    if (hasTag('apology-decision') < 0)
      warn('responsibility', 'no apology/compensation decision step (tag: apology-decision)');
    if (hasTag('corrective-action') < 0) warn('responsibility', 'no corrective-action step (tag: corrective-action)');
    if (plan.review === undefined) warn('prevention', 'no link to the post-crisis review (review: post-crisis)');
    return out;
  }
}

/**
 * A regulator the law says must hear before the public does: the first
 * public statement may not fall due before such a report, nor come before it
 * in the walk when both fall due together.
 */
function regulatorFirst(
  plan: Plan,
  steps: PlanStep[],
  where: (...p: PathSegment[]) => { entry: LibraryEntry; path: PathSegment[] },
): Problem[] {
  const ms = (due: string | undefined) =>
    due === undefined ? undefined : (parseDuration(due) ?? parseDuration(plan.targets[due] ?? ''));
  const statementIndex = steps.findIndex((s) => s.statement !== undefined);
  const statement = steps[statementIndex];
  const statementMs = ms(statement?.due);
  if (!statement || statementMs === undefined) return [];
  const out: Problem[] = [];
  steps.forEach((step, index) => {
    if (!step.duty?.['before-public']) return;
    const dutyMs = ms(step.due)!;
    if (statementMs > dutyMs || (statementMs === dutyMs && index < statementIndex)) return;
    const pos = where('targets');
    const at = pos.entry.locate(pos.path);
    out.push({
      file: pos.entry.file,
      line: at?.line,
      col: at?.col,
      severity: 'warning',
      code: 'regulatory.after-public',
      message: `public statement "${statement.id}" (due ${statement.due}) falls due before "${step.id}" (due ${step.duty.deadline}), a report ${step.duty.citation} requires before going public; move the statement later or tighten the report`,
    });
  });
  return out;
}

/** Could this condition ever hold, given each fact's type and choices? */
function canHold(cond: Condition, facts: Map<string, Input>): boolean {
  if ('all' in cond) return cond.all.every((c) => canHold(c, facts));
  if ('any' in cond) return cond.any.some((c) => canHold(c, facts));
  if ('not' in cond || 'severity-at-least' in cond) return true;
  const input = facts.get(cond.fact);
  if (!input) return true; // reported as unknown-fact instead
  const values: Scalar[] = 'equals' in cond ? [cond.equals] : cond.in;
  return values.some((v) => valueFits(v, input));
}

export function valueFits(value: Scalar, input: Input): boolean {
  switch (input.type) {
    case 'yes-no':
      return typeof value === 'boolean';
    case 'number':
      return typeof value === 'number';
    case 'choice':
      return typeof value === 'string' && (input.choices ?? []).some((c) => c.value === value);
    default:
      return typeof value === 'string';
  }
}

export type { Facts };
