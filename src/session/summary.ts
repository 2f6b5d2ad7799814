import { planHash, type Plan } from '../playbook/compose.js';
import { sessionZone, visibleSteps } from './progress.js';
import { isOpen } from './replay.js';
import type { SessionState } from './replay.js';
import type { SessionSummary } from './summary-check.js';

export { checkSummary, type LogHead, type SessionSummary, type StoredSummary } from './summary-check.js';

export function summarize(plan: Plan | undefined, state: SessionState): SessionSummary {
  const steps = plan ? visibleSteps(plan, state) : [];
  const done = steps.filter((s) => !isOpen(state, s.id)).length;
  const zone = sessionZone(state);
  return {
    v: 3,
    session: state.id,
    crisis: state.crisis,
    severity: state.severity,
    operator: state.operator,
    drill: state.drill?.id ?? null,
    startedAt: state.startedAt,
    lastAt: state.lastAt,
    state: state.status,
    progress: { done, total: steps.length },
    events: state.events,
    // The plan's hash is kept per plan object: a run or a replay that has hashed it already (start, resume) pays once.
    ...(plan && state.planHash && planHash(plan) !== state.planHash ? { planChanged: true as const } : {}),
    ...(zone === undefined ? {} : { zone }),
  };
}
