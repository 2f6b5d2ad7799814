import type { Plan } from '../playbook/compose.js';
import type { PlanChange } from '../session/plan-change.js';
import { msg } from '../text/messages.js';
import { sanitizeLine } from '../text/sanitize.js';
import type { Ctx } from './context.js';

/**
 * Say on stderr that the playbook changed since the session started, and which steps of the log it no longer has:
 * one warning for resume, join, review and status alike.
 */
export function warnPlanChanged(ctx: Ctx, plan: Plan, change: PlanChange | undefined): void {
  if (!change) return;
  ctx.err(msg(ctx.lang, 'notice.planChanged', { id: plan.id }));
  // Step ids come from the log: a control sequence in one must not reach the terminal raw.
  for (const step of change.loggedStepsNotInPlan)
    ctx.err(msg(ctx.lang, 'notice.planStepGone', { step: sanitizeLine(step) }));
  if (change.loggedStepsNotInPlan.length === 0) ctx.err(msg(ctx.lang, 'notice.planSameSteps'));
}
