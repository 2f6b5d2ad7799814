import { planSteps, type Plan, type PlanStep } from '../playbook/compose.js';
import type { Input, Problem, Response } from '../playbook/types.js';
import { coerceInput, type TypingTime } from './inputs.js';
import { statementHoles, statementInputs } from './statement.js';
import type { StoredEvent } from './events.js';
import { problem } from '../playbook/origin.js';
import { say, type Said } from '../text/messages.js';

type Locate = (path: ReadonlyArray<string | number>) => { line: number; col: number } | undefined;
/** Report one problem of response `i` at a path under it. */
type Report = (path: Array<string | number>, code: string, said: Said) => void;

/**
 * Every mistake of an answers file against the composed plan, found before
 * a session exists: unknown steps, inputs and choices, a missing required
 * input, a skip or block without a reason, an approval without a named
 * approver, a statement response on a step that has no statement. All
 * problems at once, each with its position; empty when the file is usable. `at`: when and where it runs (a
 * bare `11:15` is a time today there), from the adapter.
 */
export function checkResponses(
  plan: Plan,
  responses: readonly Response[],
  file: string,
  locate: Locate,
  typing?: TypingTime,
): Problem[] {
  const problems: Problem[] = [];
  const steps = new Map(planSteps(plan).map((s) => [s.id, s]));
  responses.forEach((r, i) => {
    const report: Report = (path, code, said) => {
      const pos = locate(['responses', i, ...path]) ?? locate(['responses', i]);
      problems.push(problem({ file, line: pos?.line, col: pos?.col, severity: 'error', code }, said));
    };
    const where = `responses[${i}]`;
    if (r.step !== undefined && !steps.has(r.step))
      return report(
        ['step'],
        'answers.unknown-step',
        say('problem.unknownStep', { where: `${where}.step`, step: r.step, plan: plan.id }),
      );
    const step = r.step === undefined ? undefined : steps.get(r.step);
    if (!step && ['done', 'skip', 'block', 'approve', 'statement'].includes(r.action))
      return report([], 'answers.no-step', say('problem.answers.needsStep', { where, action: r.action }));
    checkOne(r, step, where, report, plan, typing);
  });
  return problems;
}

function checkOne(
  r: Response,
  step: PlanStep | undefined,
  where: string,
  report: Report,
  plan: Plan,
  typing: TypingTime | undefined,
): void {
  switch (r.action) {
    case 'done':
      return checkDone(r, step!, where, report, plan, typing);
    case 'skip':
    case 'block':
      if (!r.reason?.trim())
        report(['action'], 'answers.no-reason', say('problem.answers.needsReason', { where, action: r.action }));
      return;
    case 'note':
    case 'decision':
      if (!r.text?.trim())
        report(['action'], 'answers.no-text', say('problem.answers.needsText', { where, action: r.action }));
      return;
    case 'approve':
      if (!step!.statement)
        report(['step'], 'answers.not-statement', say('problem.answers.notStatement', { where, step: step!.id }));
      else if (!step!['approve-by'])
        report(['step'], 'answers.no-approval', say('problem.answers.noApproval', { where, step: step!.id }));
      if (!r.by?.trim()) report(['action'], 'answers.no-approver', say('problem.answers.noApprover', { where }));
      return;
    case 'statement':
      return checkStatement(r, step!, where, report, plan, typing);
  }
}

function checkDone(r: Response, step: PlanStep, where: string, report: Report, plan: Plan, typing?: TypingTime): void {
  if (step.statement) return checkStatementInputs(r, step, where, report, plan, typing);
  const inputs = step.inputs ?? [];
  const ids = inputs.map((x) => x.id).join(', ');
  for (const [id, value] of Object.entries(r.inputs ?? {})) {
    const input = inputs.find((x) => x.id === id);
    const error = input ? coerceInput(input, value, 'en', typing) : undefined;
    const at = `${where}.inputs.${id}`;
    if (!input)
      report(
        ['inputs', id],
        'answers.unknown-input',
        ids
          ? say('problem.answers.unknownInputOf', { where: at, step: step.id, input: id, inputs: ids })
          : say('problem.answers.unknownInput', { where: at, step: step.id, input: id }),
      );
    else if (error?.error !== undefined)
      report(
        ['inputs', id],
        'answers.input-type',
        say('problem.answers.inputType', { where: at, error: error.problem ?? error.error }),
      );
  }
  for (const input of inputs)
    if (input.required && !Object.hasOwn(r.inputs ?? {}, input.id))
      report(
        [r.inputs ? 'inputs' : 'action'],
        'answers.input-required',
        say('problem.answers.inputRequired', { where, step: step.id, input: input.id }),
      );
}

/**
 * `inputs` on a statement step (`done` or `statement`): the facts its text is filled from, as the statement screen's
 * Fill asks for them: the step's own inputs (a regulator report's sections) and any other fact a hole of its text
 * names that the plan or the profile knows. Each of its type; none required, for the text may come with `text:`.
 */
function checkStatementInputs(
  r: Response,
  step: PlanStep,
  where: string,
  report: Report,
  plan: Plan,
  typing?: TypingTime,
): void {
  if (!r.inputs) return;
  const accepted = statementStepInputs(plan, step);
  const ids = [...accepted.keys()].join(', ');
  if (accepted.size === 0)
    return report(['inputs'], 'answers.input', say('problem.answers.statementInputs', { where, step: step.id }));
  for (const [id, value] of Object.entries(r.inputs)) {
    const at = `${where}.inputs.${id}`;
    const input = accepted.get(id);
    if (!input) {
      report(
        ['inputs', id],
        'answers.unknown-input',
        say('problem.answers.unknownInputOf', { where: at, step: step.id, input: id, inputs: ids }),
      );
      continue;
    }
    const error = coerceInput(input, value, 'en', typing);
    if (error.error !== undefined)
      report(
        ['inputs', id],
        'answers.input-type',
        say('problem.answers.inputType', { where: at, error: error.problem ?? error.error }),
      );
  }
}

/** What an answers file may give a statement step: its own inputs, then the known facts its holes name. */
export function statementStepInputs(plan: Plan, step: PlanStep): Map<string, Input> {
  const known = statementInputs(plan);
  const accepted = new Map<string, Input>((step.inputs ?? []).map((i) => [i.id, i]));
  for (const hole of statementHoles(step)) {
    const input = known.get(hole);
    if (input && !accepted.has(hole)) accepted.set(hole, input);
  }
  return accepted;
}

function checkStatement(
  r: Response,
  step: PlanStep,
  where: string,
  report: Report,
  plan: Plan,
  typing?: TypingTime,
): void {
  if (!step.statement)
    return report(['step'], 'answers.not-statement', say('problem.answers.notStatement', { where, step: step.id }));
  checkStatementInputs(r, step, where, report, plan, typing);
  if (r.channel !== undefined && !Object.hasOwn(step.statement, r.channel))
    report(
      ['channel'],
      'answers.unknown-channel',
      say('problem.answers.unknownChannel', {
        where: `${where}.channel`,
        step: step.id,
        channel: r.channel,
        channels: Object.keys(step.statement).join(', '),
      }),
    );
}

/** An answers-file response found already in the log, by its index in the file. */
export interface RecordedResponse {
  index: number;
  what: string;
}

/**
 * The responses of an answers file that the log already holds, so a resume
 * with the same file (after a crash, a kill or a refusal) goes on from where
 * it stopped instead of recording notes twice and stopping at "already done".
 * A response matches an event by action and step (a note or decision also by
 * its text, a statement by its channel); each event matches one response at
 * most, in file order, so a note written twice in the file is recorded twice.
 */
export function recordedResponses(
  plan: Plan,
  responses: readonly Response[],
  events: readonly StoredEvent[],
): RecordedResponse[] {
  const steps = new Map(planSteps(plan).map((s) => [s.id, s]));
  const used = new Set<number>();
  const out: RecordedResponse[] = [];
  responses.forEach((r, index) => {
    const matches = responseMatcher(r, r.step === undefined ? undefined : steps.get(r.step));
    const at = events.findIndex((e, i) => !used.has(i) && matches(e));
    if (at < 0) return;
    used.add(at);
    out.push({ index, what: `responses[${index}] (${r.action}${r.step ? ` ${r.step}` : ''})` });
  });
  return out;
}

function responseMatcher(r: Response, step: PlanStep | undefined): (e: StoredEvent) => boolean {
  const text = (r.text ?? '').trim();
  const onStep = (type: StoredEvent['type']) => (e: StoredEvent) => e.type === type && e.step === r.step;
  const issued = (e: StoredEvent) =>
    e.type === 'statement.issued' &&
    e.step === r.step &&
    (r.channel === undefined || Object.hasOwn(e.data.channels, r.channel));
  switch (r.action) {
    case 'done':
      return step?.statement ? issued : onStep('step.completed');
    case 'statement':
      return issued;
    case 'skip':
      return onStep('step.skipped');
    case 'block':
      return onStep('step.blocked');
    case 'approve':
      return onStep('statement.approved');
    case 'note':
      return (e) => e.type === 'note.added' && e.step === r.step && e.data.text === text;
    case 'decision':
      return (e) => e.type === 'decision.recorded' && e.step === r.step && e.data.decision === text;
  }
}
