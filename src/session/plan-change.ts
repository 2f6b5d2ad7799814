import { planHash, planSteps, type Plan } from '../playbook/compose.js';
import type { SessionState } from './replay.js';

/**
 * How the plan composed now differs from the one a session started with. The first event keeps the composed plan's
 * hash; a playbook edited since (a step renamed, a condition changed) gives another plan, and what the log says
 * about steps it no longer has must not be read as steps nobody did. Resume, join, review and status all ask here.
 */
export interface PlanChange {
  /** the steps the log records (done, skipped, blocked, worked on) that the plan no longer has, as first logged */
  loggedStepsNotInPlan: string[];
}

/** The change since the session started, or undefined when the plan is the one it started with. */
export function planChangeSince(plan: Plan, state: SessionState): PlanChange | undefined {
  if (planHash(plan) === state.planHash) return undefined;
  return { loggedStepsNotInPlan: loggedStepsNotInPlan(plan, state) };
}

/**
 * Steps in the log that the plan has no step for. Only a changed playbook leaves any: a session records steps of
 * its plan alone (the review walk's answers are kept apart, in `state.review`).
 */
export function loggedStepsNotInPlan(plan: Plan, state: SessionState): string[] {
  const ids = new Set(planSteps(plan).map((s) => s.id));
  return Object.keys(state.steps).filter((id) => !ids.has(id));
}
