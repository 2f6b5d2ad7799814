import { factRefs, simplify, type Facts } from './condition.js';
import {
  STANDARD_PLAYBOOK,
  STANDARD_FACTS,
  STANDARD_TARGETS,
  planSteps,
  type Plan,
  type PlanPhase,
  type LibraryEntry,
  type PlanStep,
  type PlaybookLookup,
} from './compose.js';
import { DURATION_PATTERN, PUBLIC_CHANNELS, SEVERITIES, isPublicStatement } from './constants.js';
import { parseDuration } from './duration.js';
import type { PathSegment } from './load.js';
import { problemAt, type Origin, type Where } from './origin.js';
import { allTexts } from './text.js';
import { checkStatement, findingSaid, type StatementFinding } from './statement-checks.js';
import { templateHoles } from './template.js';
import { profileInputs } from './profile.js';
import type { Condition, Input, Lang, Principle, Problem, Scalar } from './types.js';
import { own } from '../text/own.js';
import { channelSaid, knownChannels, say, type Said } from '../text/messages.js';
import { nearestWord } from '../text/edit-distance.js';

/** Checklist practice: past nine items people start skipping. */
export const MAX_CHECKLIST_ITEMS = 9;

/** What every rule may read, worked out once per plan. */
export interface LintContext {
  lookup: PlaybookLookup;
  steps: readonly PlanStep[];
  /** every fact a condition or a statement may name: the standard playbook's inputs and the plan's */
  knownFacts: ReadonlyMap<string, Input>;
  roleIds: ReadonlySet<string>;
  targetNames: ReadonlySet<string>;
  /** where a plan element (or a path inside it) is written: read from its origin, no search */
  at(element: { origin: Origin }, ...rest: PathSegment[]): Where;
  /** where a phase's problems are shown: at its first step */
  phaseAt(phase: PlanPhase): Where;
  rootAt(...path: PathSegment[]): Where;
}

/** One named check: a plan in, its problems out. */
export type Rule = (plan: Plan, ctx: LintContext) => Problem[];

/**
 * Checks on a composed plan: references (errors) and the principle and
 * procedure rules (warnings). Each message names its rule.
 */
export function lintPlan(plan: Plan, lookup: PlaybookLookup, options: { errorsOnly?: boolean } = {}): Problem[] {
  const ctx = lintContext(plan, lookup);
  return (options.errorsOnly ? ERROR_RULES : RULES).flatMap((rule) => rule(plan, ctx));
}

function lintContext(plan: Plan, lookup: PlaybookLookup): LintContext {
  const root = lookup.get(plan.id)!;
  const steps = planSteps(plan);
  const knownFacts = new Map<string, Input>();
  const standard = lookup.get(STANDARD_PLAYBOOK);
  if (standard) for (const input of inputsOf(standard)) knownFacts.set(input.id, input);
  // The organisation profile's facts, each role's signer and the statement date (profile.ts).
  for (const input of profileInputs(plan.roles)) knownFacts.set(input.id, input);
  for (const step of steps) for (const input of step.inputs ?? []) knownFacts.set(input.id, input);
  const targetNames = new Set(Object.keys(plan.targets));
  if (plan.kind !== 'crisis') {
    for (const t of STANDARD_TARGETS) targetNames.add(t);
    // A strategy checked on its own may name the crisis's standard facts; a crisis must record them itself.
    for (const id of STANDARD_FACTS) if (!knownFacts.has(id)) knownFacts.set(id, { id, label: id, type: 'text' });
  }
  const at = ({ origin }: { origin: Origin }, ...rest: PathSegment[]): Where => ({
    doc: lookup.get(origin.playbook) ?? root,
    path: [...origin.path, ...rest],
  });
  return {
    lookup,
    steps,
    knownFacts,
    roleIds: new Set(plan.roles.map((r) => r.id)),
    targetNames,
    at,
    phaseAt: (phase) => at(phase.steps[0]!),
    rootAt: (...path) => ({ doc: root, path }),
  };
}

const entryInputs = new WeakMap<LibraryEntry, readonly Input[]>();
/** Every input a playbook's own steps record, in order (kept: lint reads the standard playbook's for every plan). */
function inputsOf(entry: LibraryEntry): readonly Input[] {
  let inputs = entryInputs.get(entry);
  if (!inputs) {
    const made: Input[] = [];
    for (const p of entry.data.phases) if ('steps' in p) for (const s of p.steps) made.push(...(s.inputs ?? []));
    entryInputs.set(entry, (inputs = made));
  }
  return inputs;
}

/** Phase ids are unique across the composed plan. */
const uniquePhaseIds: Rule = (plan, ctx) => {
  const seen = new Set<string>();
  const out: Problem[] = [];
  for (const phase of plan.phases) {
    if (seen.has(phase.id))
      out.push(
        problemAt(
          ctx.phaseAt(phase),
          'error',
          'ids.duplicate-phase',
          say('problem.lint.duplicatePhase', { id: phase.id, plan: plan.id }),
        ),
      );
    seen.add(phase.id);
  }
  return out;
};

/** Step ids are unique across the composed plan; inputs are unique, well formed and name known roles. */
const uniqueStepsAndInputs: Rule = (plan, ctx) => {
  const seenSteps = new Map<string, PlanStep>();
  const inputs = new Set<string>();
  const out: Problem[] = [];
  for (const step of ctx.steps) {
    const other = seenSteps.get(step.id);
    if (other)
      out.push(
        problemAt(
          ctx.at(step, 'id'),
          'error',
          'ids.duplicate-step',
          say('problem.lint.duplicateStep', { id: step.id, plan: plan.id, other: other.source }),
        ),
      );
    seenSteps.set(step.id, step);
    for (const input of step.inputs ?? []) {
      const at = (...rest: PathSegment[]) => ctx.at(input, ...rest);
      if (inputs.has(input.id))
        out.push(
          problemAt(
            at('id'),
            'error',
            'ids.duplicate-input',
            say('problem.lint.duplicateInput', { id: input.id, plan: plan.id }),
          ),
        );
      inputs.add(input.id);
      if (input.type === 'choice' && !input.choices)
        out.push(problemAt(at(), 'error', 'inputs.choices', say('problem.lint.noChoices', { id: input.id })));
      const fault = defaultFault(input);
      if (fault) out.push(problemAt(at('default'), 'error', 'inputs.default', fault));
      const role = input['assigns-role'];
      if (role && !ctx.roleIds.has(role))
        out.push(problemAt(at('assigns-role'), 'error', 'roles.unknown', unknownRole('assigns-role', role)));
    }
  }
  return out;
};

/** Every step has one accountable owner, and owners and approvers are roles of the plan. */
const ownersAndApprovers: Rule = (_plan, ctx) =>
  ctx.steps.flatMap((step) => {
    const out: Problem[] = [];
    if (step.owner === undefined)
      out.push(problemAt(ctx.at(step), 'warning', 'procedure.owner', say('problem.lint.noOwner', { step: step.id })));
    else if (!ctx.roleIds.has(step.owner))
      out.push(
        problemAt(
          ctx.at(step, 'owner'),
          'error',
          'roles.unknown',
          say('problem.lint.unknownOwner', { role: step.owner, standard: STANDARD_PLAYBOOK }),
        ),
      );
    const approver = step['approve-by'];
    if (approver !== undefined && !ctx.roleIds.has(approver))
      out.push(problemAt(ctx.at(step, 'approve-by'), 'error', 'roles.unknown', unknownRole('approve-by', approver)));
    return out;
  });

/** A due is a duration or a target of the plan. */
const dueNamesTarget: Rule = (plan, ctx) =>
  ctx.steps.flatMap((step) => {
    if (step.due === undefined || DURATION_PATTERN.test(step.due) || ctx.targetNames.has(step.due)) return [];
    const targets = [...ctx.targetNames].join(', ') || say('problem.lint.noTargets');
    return [
      problemAt(
        ctx.at(step, 'due'),
        'error',
        'due.unknown-target',
        say('problem.lint.dueUnknown', { due: step.due, plan: plan.id, targets }),
      ),
    ];
  });

/** A statement has an approver, and its template holes name inputs of the plan. */
const statements: Rule = (plan, ctx) =>
  ctx.steps.flatMap((step) => {
    if (!step.statement) return [];
    const out: Problem[] = [];
    if (step['approve-by'] === undefined)
      out.push(
        problemAt(ctx.at(step), 'warning', 'procedure.approver', say('problem.lint.noApprover', { step: step.id })),
      );
    for (const [channel, template] of Object.entries(step.statement))
      for (const text of allTexts(template))
        for (const hole of templateHoles(text))
          if (!ctx.knownFacts.has(hole))
            out.push(
              problemAt(
                ctx.at(step, 'statement', channel),
                'error',
                'statement.unknown-fact',
                say('problem.lint.statementFact', {
                  channel: channelSaid(channel),
                  hole: `{{${hole}}}`,
                  plan: plan.id,
                }),
              ),
            );
    return out;
  });

/** How many edits away from a built-in channel a playbook's own channel id reads as a misspelling of it. */
const CHANNEL_TYPO_EDITS = 2;

/**
 * A statement channel a few letters from a built-in one (`webzite:`) is most likely a misspelling of it: a warning,
 * since a playbook may name channels of its own, but one the built-in's wording, public-statement targets and
 * profile checks would otherwise miss without a word.
 */
const channelSpelling: Rule = (_plan, ctx) => {
  const known = knownChannels();
  const out: Problem[] = [];
  for (const step of ctx.steps)
    for (const channel of Object.keys(step.statement ?? {})) {
      if (known.includes(channel)) continue;
      const meant = nearestWord(channel, known, CHANNEL_TYPO_EDITS);
      if (meant !== undefined)
        out.push(
          problemAt(
            ctx.at(step, 'statement', channel),
            'warning',
            'statement.channel-spelling',
            say('problem.lint.channelSpelling', { channel, step: step.id, meant }),
          ),
        );
    }
  return out;
};

/**
 * Severity scaling is consistent: channel-severity names channels the
 * statement has and leaves at least one at every severity the step applies
 * at; severity-targets only retune targets the playbook defines.
 */
const severityScaling: Rule = (plan, ctx) => {
  const out: Problem[] = [];
  for (const step of ctx.steps) {
    const levels = step['channel-severity'];
    if (!levels) continue;
    const channels = Object.keys(step.statement ?? {});
    for (const channel of Object.keys(levels))
      if (!channels.includes(channel))
        out.push(
          problemAt(
            ctx.at(step, 'channel-severity', channel),
            'error',
            'severity.unknown-channel',
            say('problem.lint.severityChannel', { channel, step: step.id, channels: channels.join(', ') }),
          ),
        );
    for (const severity of SEVERITIES) {
      if (step.when && simplify(step.when, severity) === false) continue;
      const rank = SEVERITIES.indexOf(severity);
      if (channels.some((c) => SEVERITIES.indexOf(levels[c] ?? 'low') <= rank)) continue;
      out.push(
        problemAt(
          ctx.at(step, 'channel-severity'),
          'error',
          'severity.no-channel',
          say('problem.lint.noChannelLeft', { step: step.id, severity }),
        ),
      );
      break;
    }
  }
  const root = ctx.lookup.get(plan.id)?.data;
  for (const [severity, targets] of Object.entries(root?.['severity-targets'] ?? {}))
    for (const name of Object.keys(targets ?? {}))
      if (!Object.hasOwn(root?.targets ?? {}, name))
        out.push(
          problemAt(
            ctx.rootAt('severity-targets', severity, name),
            'warning',
            'severity.unknown-target',
            say('problem.lint.severityTarget', { severity, name }),
          ),
        );
  return out;
};

/** The fact that, once recorded, means the root cause is known. */
export const ROOT_CAUSE_FACT = 'root-cause';
/** The fact that makes an incident a personal-data breach. */
export const BREACH_FACT = 'personal-data-involved';

/** A statement promises the next update when it is the first statement or a regular update. */
export const promisesNextUpdate = (step: PlanStep): boolean =>
  (step.due === 'first-statement' || step.due === 'update-every') &&
  // A public statement promises the next update; a direct notice (staff, partners, investors, people harmed) need not.
  PUBLIC_CHANNELS.some((channel) => Object.hasOwn(step.statement ?? {}, channel));

/**
 * Statement content, read as a draft is read before issue (statement-checks.ts):
 * liability admitted before the step that records the root cause, clichés,
 * too long for the channel, a phishing-like subject in a breach.
 */
const statementContent: Rule = (_plan, ctx) => {
  const rootCauseAt = ctx.steps.findIndex((s) => s.inputs?.some((i) => i.id === ROOT_CAUSE_FACT));
  const breach = ctx.knownFacts.has(BREACH_FACT);
  let checked = checkedTemplates.get(ctx.lookup);
  if (!checked) checkedTemplates.set(ctx.lookup, (checked = new Map()));
  const memo = checked;
  return ctx.steps.flatMap((step, index) =>
    Object.entries(step.statement ?? {}).flatMap(([channel, template]) =>
      (typeof template === 'string' ? [['en', template] as const] : Object.entries(template)).flatMap(
        ([lang, text]) => {
          const beforeRootCause = rootCauseAt < 0 || index < rootCauseAt;
          // Every option that varies is in the key; the others are the same for every template.
          const key = `${channel}\0${lang}\0${beforeRootCause}\0${breach}\0${text ?? ''}`;
          let findings = memo.get(key);
          if (!findings)
            memo.set(
              key,
              (findings = checkStatement(text ?? '', {
                channel,
                lang: lang as Lang,
                isTemplate: true,
                beforeRootCause,
                breach,
                // Asked of the filled draft only: a template may say the time in words the check cannot read.
                needsNextUpdate: false,
              })),
            );
          return findings.map((f) =>
            // A template holds both languages: the warning says which one it read.
            problemAt(ctx.at(step, 'statement', channel), 'warning', f.code, findingSaid(f)),
          );
        },
      ),
    ),
  );
};

/**
 * A template's findings, by library and template and what the check reads of its plan: the strategies' templates
 * are in every plan that uses them, and were read again for each (a fifth of lint over 1,000 crises).
 */
const checkedTemplates = new WeakMap<PlaybookLookup, Map<string, StatementFinding[]>>();

/** Checklist practice: a step's checklist stays short. */
const checklistLength: Rule = (_plan, ctx) =>
  ctx.steps.flatMap((step) => {
    const items = step.checklist?.length ?? 0;
    if (items <= MAX_CHECKLIST_ITEMS) return [];
    return [
      problemAt(
        ctx.at(step, 'checklist'),
        'warning',
        'procedure.checklist-length',
        say('problem.lint.checklistLength', { step: step.id, items, max: MAX_CHECKLIST_ITEMS }),
      ),
    ];
  });

/** A condition names known facts and can hold. */
const conditions: Rule = (plan, ctx) =>
  ctx.steps.flatMap((step) => {
    if (!step.when) return [];
    const out: Problem[] = [];
    for (const ref of factRefs(step.when))
      if (!ctx.knownFacts.has(ref.fact))
        out.push(
          problemAt(
            ctx.at(step, 'when', ...ref.path, 'fact'),
            'error',
            'when.unknown-fact',
            say('problem.lint.whenFact', { fact: ref.fact, plan: plan.id }),
          ),
        );
    if (!canHold(step.when, ctx.knownFacts))
      out.push(
        problemAt(
          ctx.at(step, 'when'),
          'warning',
          'procedure.unreachable',
          say('problem.lint.unreachable', { step: step.id }),
        ),
      );
    return out;
  });

/**
 * The walk goes in plan order: a step due much later than the steps after
 * it holds them up. Name each such step once, with how many it delays.
 */
const dueOrder: Rule = (plan, ctx) => {
  if (plan.kind !== 'crisis') return [];
  let latest: { step: PlanStep; ms: number } | undefined;
  const delayed = new Map<PlanStep, { count: number; first: PlanStep }>();
  for (const step of ctx.steps) {
    const due = step.due;
    const ms = due === undefined ? undefined : (parseDuration(due) ?? parseDuration(own(plan.targets, due) ?? ''));
    if (ms === undefined) continue;
    // Only clear misplacements count: twice as late and at least two hours apart.
    if (latest && latest.ms >= 2 * ms && latest.ms - ms >= 2 * 3_600_000) {
      const entry = delayed.get(latest.step) ?? { count: 0, first: step };
      entry.count += 1;
      delayed.set(latest.step, entry);
    }
    if (!latest || ms > latest.ms) latest = { step, ms };
  }
  return [...delayed].map(([step, { count, first }]) =>
    problemAt(
      ctx.at(step, 'due'),
      'warning',
      'procedure.order',
      say('problem.lint.order', {
        step: step.id,
        due: step.due ?? '',
        count,
        plan: plan.id,
        first: first.id,
        firstDue: first.due ?? '',
      }),
    ),
  );
};

/** A do-confirm phase has a pause point, and what it confirms stays short. */
const pausePoints: Rule = (plan, ctx) =>
  plan.phases.flatMap((phase) => {
    if (phase.mode !== 'do-confirm') return [];
    const out: Problem[] = [];
    const items = phase.steps.reduce((n, s) => n + (s.checklist?.length ?? 0), 0);
    if (items > MAX_CHECKLIST_ITEMS)
      out.push(
        problemAt(
          ctx.phaseAt(phase),
          'warning',
          'procedure.pause-point-length',
          say('problem.lint.pausePointLength', { phase: phase.id, items, max: MAX_CHECKLIST_ITEMS }),
        ),
      );
    if (!phase['pause-point'])
      out.push(
        problemAt(
          ctx.phaseAt(phase),
          'warning',
          'procedure.pause-point',
          say('problem.lint.pausePoint', { phase: phase.id }),
        ),
      );
    return out;
  });

/** review: names a review playbook. */
const reviewLink: Rule = (plan, ctx) => {
  if (plan.review === undefined) return [];
  const review = ctx.lookup.get(plan.review);
  if (review && review.kind === 'review') return [];
  return [
    problemAt(
      ctx.rootAt('review'),
      'error',
      'review.unknown',
      say('problem.lint.reviewUnknown', { review: plan.review }),
    ),
  ];
};

/** The crisis-communication principles each have a step or a target that serves them. */
const principleCoverage: Rule = (plan, ctx) => {
  if (plan.kind !== 'crisis') return [];
  const steps = ctx.steps;
  const out: Problem[] = [];
  const warn = (principle: Principle, message: Said, path: PathSegment[] = ['id']) =>
    out.push(
      problemAt(
        ctx.rootAt(...path),
        'warning',
        `principle.${principle}`,
        say('problem.lint.principle', { message, principle: say(`problem.principle.${principle}`) }),
      ),
    );
  const hasTag = (tag: string) => steps.findIndex((s) => s.tags?.includes(tag as never));
  if (!plan.targets['first-statement']) warn('rapid-response', say('problem.lint.noFirstStatementTarget'), ['targets']);
  if (!plan.targets['assessment']) warn('rapid-response', say('problem.lint.noAssessmentTarget'), ['targets']);
  if (hasTag('assessment') < 0) warn('rapid-response', say('problem.lint.noAssessmentStep'));
  if (!plan.roles.some((r) => r.id === 'spokesperson'))
    warn('transparency', say('problem.lint.noSpokesperson'), ['roles']);
  // A report to a regulator or a note to staff is a statement, but not the company speaking in public.
  const firstStatement = steps.findIndex(isPublicStatement);
  if (firstStatement < 0) warn('transparency', say('problem.lint.noPublicStatement'));
  if (!plan.targets['update-every']) warn('transparency', say('problem.lint.noUpdateEvery'), ['targets']);
  const legal = hasTag('legal-review');
  const legalFirst = legal >= 0 && legal < firstStatement;
  if (firstStatement >= 0 && !legalFirst && steps[firstStatement]!['approve-by'] !== 'legal')
    warn('transparency', say('problem.lint.noLegalCheck'));
  if (hasTag('apology-decision') < 0) warn('responsibility', say('problem.lint.noApologyStep'));
  if (hasTag('corrective-action') < 0) warn('responsibility', say('problem.lint.noCorrectiveStep'));
  if (plan.review === undefined) warn('prevention', say('problem.lint.noReview'));
  return out;
};

/**
 * A regulator the law says must hear before the public does: the first
 * public statement may not fall due before such a report, nor come before it
 * in the walk when both fall due together.
 */
const regulatorFirst: Rule = (plan, ctx) => {
  if (plan.kind !== 'crisis') return [];
  const ms = (due: string | undefined) =>
    due === undefined ? undefined : (parseDuration(due) ?? parseDuration(own(plan.targets, due) ?? ''));
  const statementIndex = ctx.steps.findIndex(isPublicStatement);
  const statement = ctx.steps[statementIndex];
  const statementMs = ms(statement?.due);
  if (!statement || statementMs === undefined) return [];
  return ctx.steps.flatMap((step, index) => {
    if (!step.duty?.['before-public']) return [];
    const dutyMs = ms(step.due)!;
    if (statementMs > dutyMs || (statementMs === dutyMs && index < statementIndex)) return [];
    return [
      problemAt(
        ctx.rootAt('targets'),
        'warning',
        'regulatory.after-public',
        say('problem.lint.regulatorFirst', {
          statement: statement.id,
          statementDue: statement.due ?? '',
          step: step.id,
          deadline: step.duty.deadline,
          citation: step.duty.citation,
        }),
      ),
    ];
  });
};

/**
 * What is wrong with an input's `default`, if anything: only a yes-no (true or false) or a choice (one of its
 * choices) takes one. A choice without choices is reported as such, not twice.
 */
function defaultFault(input: Input): Said | undefined {
  const value = input.default;
  if (value === undefined) return undefined;
  const shown = JSON.stringify(value);
  if (input.type === 'yes-no')
    return typeof value === 'boolean' ? undefined : say('problem.lint.defaultYesNo', { id: input.id, value: shown });
  if (input.type === 'choice') {
    const choices = input.choices;
    if (!choices || valueFits(value, input)) return undefined;
    return say('problem.lint.defaultChoice', {
      id: input.id,
      value: shown,
      choices: choices.map((c) => c.value).join(', '),
    });
  }
  return say('problem.lint.defaultType', { id: input.id, type: input.type });
}

const unknownRole = (field: string, role: string): Said => say('problem.lint.unknownRole', { field, role });

/** Every rule, in the order their problems are listed for one position. */
export const RULES: readonly Rule[] = [
  uniquePhaseIds,
  uniqueStepsAndInputs,
  ownersAndApprovers,
  dueNamesTarget,
  statements,
  channelSpelling,
  severityScaling,
  statementContent,
  checklistLength,
  conditions,
  dueOrder,
  pausePoints,
  reviewLink,
  principleCoverage,
  regulatorFirst,
];

/**
 * Rules that only ever warn. A caller that needs only a plan's errors (`start`, `show`, `checklist`: a plan
 * validate would reject does not run) skips them; the statement checks are most of lint's work on a first run.
 */
export const WARNING_RULES: ReadonlySet<Rule> = new Set([
  channelSpelling,
  statementContent,
  checklistLength,
  dueOrder,
  pausePoints,
  principleCoverage,
  regulatorFirst,
]);

/** The rules that can report an error (some warn as well), in RULES order: every error lintPlan reports. */
export const ERROR_RULES: readonly Rule[] = RULES.filter((rule) => !WARNING_RULES.has(rule));

/** Could this condition ever hold, given each fact's type and choices? */
function canHold(cond: Condition, facts: ReadonlyMap<string, Input>): boolean {
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
