import { planSteps, type Plan } from '../playbook/compose.js';
import type { Problem, Response } from '../playbook/types.js';
import { coerceInput } from './inputs.js';

type Locate = (path: ReadonlyArray<string | number>) => { line: number; col: number } | undefined;

/**
 * Every mistake of an answers file against the composed plan, found before
 * a session exists: unknown steps, inputs and choices, a missing required
 * input, a skip or block without a reason, an approval without a named
 * approver, a statement response on a step that has no statement. All
 * problems at once, each with its position; empty when the file is usable.
 */
export function checkResponses(plan: Plan, responses: readonly Response[], file: string, locate: Locate): Problem[] {
  const problems: Problem[] = [];
  const steps = new Map(planSteps(plan).map((s) => [s.id, s]));
  const problem = (path: Array<string | number>, code: string, message: string) => {
    const pos = locate(path) ?? locate(path.slice(0, 2));
    problems.push({ file, line: pos?.line, col: pos?.col, severity: 'error', code, message });
  };
  responses.forEach((r, i) => {
    const at = (...rest: Array<string | number>) => ['responses', i, ...rest];
    const where = `responses[${i}]`;
    const needsStep = ['done', 'skip', 'block', 'approve', 'statement'].includes(r.action);
    if (r.step === undefined) {
      if (needsStep) problem(at(), 'answers.no-step', `${where}: ${r.action} needs a step:`);
    } else if (!steps.has(r.step)) {
      problem(at('step'), 'answers.unknown-step', `${where}.step: no step "${r.step}" in plan ${plan.id}`);
      return;
    }
    const step = r.step === undefined ? undefined : steps.get(r.step);
    switch (r.action) {
      case 'done': {
        if (!step) break;
        if (step.statement) {
          if (r.inputs)
            problem(at('inputs'), 'answers.input', `${where}: "${step.id}" is a statement; it records no inputs`);
          break;
        }
        const inputs = step.inputs ?? [];
        for (const [id, value] of Object.entries(r.inputs ?? {})) {
          const input = inputs.find((x) => x.id === id);
          if (!input) {
            problem(
              at('inputs', id),
              'answers.unknown-input',
              `${where}.inputs.${id}: step "${step.id}" records no input "${id}"${inputs.length ? ` (inputs: ${inputs.map((x) => x.id).join(', ')})` : ''}`,
            );
            continue;
          }
          const { error } = coerceInput(input, value);
          if (error) problem(at('inputs', id), 'answers.input-type', `${where}.inputs.${id}: ${error}`);
        }
        for (const input of inputs)
          if (input.required && !Object.hasOwn(r.inputs ?? {}, input.id))
            problem(
              at(r.inputs ? 'inputs' : 'action'),
              'answers.input-required',
              `${where}: step "${step.id}" needs the input "${input.id}"`,
            );
        break;
      }
      case 'skip':
      case 'block':
        if (!r.reason?.trim()) problem(at('action'), 'answers.no-reason', `${where}: ${r.action} needs a reason:`);
        break;
      case 'note':
      case 'decision':
        if (!r.text?.trim()) problem(at('action'), 'answers.no-text', `${where}: ${r.action} needs a text:`);
        break;
      case 'approve':
        if (step && !step['approve-by'])
          problem(at('step'), 'answers.no-approval', `${where}: statement "${step.id}" needs no approval`);
        if (step && !step.statement)
          problem(at('step'), 'answers.not-statement', `${where}: step "${step.id}" is not a statement`);
        if (!r.by?.trim())
          problem(at('action'), 'answers.no-approver', `${where}: an approval names who approved (by: NAME)`);
        break;
      case 'statement':
        if (step && !step.statement)
          problem(at('step'), 'answers.not-statement', `${where}: step "${step.id}" is not a statement`);
        else if (step && r.channel !== undefined && !Object.hasOwn(step.statement ?? {}, r.channel))
          problem(
            at('channel'),
            'answers.unknown-channel',
            `${where}.channel: statement "${step.id}" has no channel "${r.channel}" (channels: ${Object.keys(step.statement ?? {}).join(', ')})`,
          );
        break;
    }
  });
  return problems;
}
