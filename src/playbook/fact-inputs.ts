import { planInputs, type Plan } from './compose.js';
import { profileInputs } from './profile.js';
import type { Input } from './types.js';

/**
 * Every fact a session may hold, by id, with the label a person reads it by: the plan's inputs, and beyond them the
 * profile's facts, signers and statement date (profileInputs). A plan's own input of the same id wins. A `when` on
 * an organisation's fact (`org-listed`) is worded with these wherever a condition is worded by labels: the step
 * screen, the checklist, the Chinese `show`. (Its own module: profile.ts is loaded by commands that never compose.)
 */
export function factInputs(plan: Plan): Map<string, Input> {
  const inputs = new Map<string, Input>(profileInputs(plan.roles).map((i) => [i.id, i]));
  for (const [id, input] of planInputs(plan)) inputs.set(id, input);
  return inputs;
}
