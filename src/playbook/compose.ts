import { createHash } from 'node:crypto';
import { simplify } from './condition.js';
import { parseDuration } from './duration.js';
import type { PathSegment, Position } from './load.js';
import type { Condition, Duty, Input, Phase, Playbook, Problem, Role, Severity, Step, Text } from './types.js';

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

export interface PlanStep extends Step {
  phase: string;
  /** id of the playbook the step comes from (`duties` for a step generated from a reporting duty) */
  source: string;
  duty?: PlanDuty;
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
  const jurisdictions = [...new Set(options.jurisdictions ?? root.data.jurisdictions ?? [])];
  const catalogue = lookup.duties?.() ?? [];
  for (const j of options.jurisdictions ?? [])
    if (!catalogue.some((d) => d.jurisdiction === j))
      problems.push({
        file: '--jurisdiction',
        severity: 'error',
        code: 'compose.unknown-jurisdiction',
        message: `--jurisdiction: no reporting duty is catalogued for "${j}" (known: ${[...new Set(catalogue.map((d) => d.jurisdiction))].join(', ') || 'none'})`,
      });
  const duties =
    root.kind === 'crisis'
      ? catalogue.filter((d) => jurisdictions.includes(d.jurisdiction) && d['applies-to'].includes(root.id))
      : [];
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
        if (step['replaced-by-duties'] && duties.length > 0) continue;
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
  const targets: Record<string, string> = { ...(root.data.targets ?? {}) };
  const dutySteps: PlanStep[] = [];
  for (const duty of duties) {
    const step = dutyStep(duty, roles.has('legal') ? 'legal' : undefined);
    const kept = options.allSeverities ? step : applySeverity(step, severity);
    if (!kept) continue;
    targets[dutyTarget(duty)] = duty.deadline;
    dutySteps.push(kept as PlanStep);
  }
  placeDutySteps(phases, dutySteps, targets);
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
    jurisdictions: duties.length > 0 || options.jurisdictions ? jurisdictions : [],
    phases,
  };
  return { plan, problems };
}

/** The target a duty's deadline becomes. */
export const dutyTarget = (duty: Duty): string => `duty-${duty.id}`;

const DEFAULT_NOTE: Text = {
  en: 'A default to confirm with counsel.',
  zh: '此为默认设置，请与法律顾问确认。',
};

/** A reporting duty as a step: hour-level time of the report and its reference are recorded. */
function dutyStep(duty: Duty, owner: string | undefined): PlanStep {
  const text = (t: Text, lang: 'en' | 'zh') => (typeof t === 'string' ? t : lang === 'zh' ? (t.zh ?? t.en) : t.en);
  const src = duty.source;
  const citation = (lang: 'en' | 'zh') =>
    `${text(src.title, lang)}, ${src.article} (${src.issued}${src['in-force'] ? (lang === 'zh' ? `，${src['in-force']}施行` : `, in force ${src['in-force']}`) : ''})`;
  const guidance = (lang: 'en' | 'zh') => {
    const due = duty.deadline;
    const parts =
      lang === 'zh'
        ? [
            `报告对象：${text(duty.recipient, 'zh')}。时限：自发现起${due}内${duty['business-days'] ? '（法规按工作日计算，此处按自然日计，只会更早）' : ''}${duty.clock ? `；法定时限起算点：${text(duty.clock, 'zh')}` : ''}。`,
            duty['before-public'] ? '须在首次对外声明之前完成。' : '',
            `依据：${citation('zh')}。`,
            duty.statutory ? '' : '法规要求“立即”或“及时”报告，此处时限为默认值。',
            duty.verified ? '' : '出处尚未逐条核实，请法务确认。',
            text(duty.note ?? DEFAULT_NOTE, 'zh'),
          ]
        : [
            `Report to: ${text(duty.recipient, 'en')}. Deadline: within ${due} of detection${duty['business-days'] ? ' (the law counts business days; the plan counts calendar days, which is never later)' : ''}${duty.clock ? `; the legal clock starts at: ${text(duty.clock, 'en')}` : ''}.`,
            duty['before-public'] ? 'This report goes before the first public statement.' : '',
            `Source: ${citation('en')}.`,
            duty.statutory ? '' : 'The rule says "immediately" or similar; the figure is a default.',
            duty.verified ? '' : 'The citation is not yet checked article by article; legal confirms it.',
            text(duty.note ?? DEFAULT_NOTE, 'en'),
          ];
    return parts.filter((p) => p !== '').join(' ');
  };
  return {
    id: `report-${duty.id}`,
    title: duty.title,
    guidance: { en: guidance('en'), zh: guidance('zh') },
    ...(owner ? { owner } : {}),
    due: dutyTarget(duty),
    principles: ['transparency', 'responsibility'],
    tags: ['regulator-report'],
    checklist: [
      ...(duty.content ?? []),
      { en: 'Time sent and reference number recorded', zh: '已记录报送时间和受理编号' },
    ],
    inputs: [
      {
        id: `${duty.id}-at`,
        label: { en: 'Time the report was sent (YYYY-MM-DD HH:MM)', zh: '报送时间（YYYY-MM-DD HH:MM）' },
        type: 'time',
        required: true,
      },
      { id: `${duty.id}-ref`, label: { en: 'Reference number, if any', zh: '受理编号（如有）' }, type: 'text' },
    ],
    ...(duty.trigger ? { when: duty.trigger } : {}),
    phase: 'regulatory-reports',
    source: 'duties',
    duty: {
      id: duty.id,
      jurisdiction: duty.jurisdiction,
      deadline: duty.deadline,
      'before-public': duty['before-public'],
      statutory: duty.statutory,
      verified: duty.verified,
      citation: citation('en'),
    },
  };
}

/**
 * Put each duty where its deadline falls in the walk: before the first phase
 * that holds a step due later, and a duty that must precede the public
 * statement before the phase of the first statement, so a regulator who must
 * hear first is told first.
 */
function placeDutySteps(phases: PlanPhase[], steps: PlanStep[], targets: Record<string, string>): void {
  if (steps.length === 0) return;
  const ms = (due: string | undefined) =>
    due === undefined ? undefined : (parseDuration(due) ?? parseDuration(targets[due] ?? ''));
  const statementPhase = phases.findIndex((p) => p.steps.some((s) => s.statement !== undefined));
  const slots = new Map<number, PlanStep[]>();
  const sorted = [...steps].sort((a, b) => ms(a.due)! - ms(b.due)!);
  for (const step of sorted) {
    const deadline = ms(step.due)!;
    let index = phases.findIndex((p, i) => i > 0 && p.steps.some((s) => (ms(s.due) ?? -1) > deadline));
    if (index < 0) index = phases.length;
    if (step.duty?.['before-public'] && statementPhase >= 0) index = Math.min(index, statementPhase);
    slots.set(index, [...(slots.get(index) ?? []), step]);
  }
  // Insert from the end so earlier indices stay valid.
  const title: Text = { en: 'Report to the regulators', zh: '向监管部门报告' };
  let n = slots.size;
  for (const index of [...slots.keys()].sort((a, b) => b - a)) {
    const id = `regulatory-reports${n > 1 ? `-${n}` : ''}`;
    n -= 1;
    const group = slots.get(index)!.map((s) => ({ ...s, phase: id }));
    phases.splice(index, 0, { id, title, mode: 'read-do', source: 'duties', steps: group });
  }
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
