/**
 * A one-duty plan for the unit tests of reporting deadlines: the cyberspace office's 4h report (`report-cac`,
 * target `duty-cac`), before any other steps given, in one phase.
 */
import type { Plan, PlanStep } from '../../src/playbook/compose.js';
import type { Origin } from '../../src/playbook/origin.js';

export const T0 = Date.parse('2026-01-01T09:00:00.000Z');
export const H = 3_600_000;
export const origin: Origin = { playbook: 'demo', file: 'demo.yaml', path: [] };

export const report: PlanStep = {
  origin,
  id: 'report-cac',
  title: 'Report to the cyberspace office',
  phase: 'main',
  source: 'duties',
  due: 'duty-cac',
  duty: {
    id: 'cac',
    jurisdiction: 'cn',
    deadline: '4h',
    'before-public': false,
    statutory: true,
    verified: true,
    citation: 'a law, art. 4',
  },
};

/** The demo plan: `before` (steps of the playbook's own), then the report. */
export function dutyPlan(before: PlanStep[] = []): Plan {
  return {
    id: 'demo',
    kind: 'crisis',
    title: 'Demo crisis',
    severity: 'high',
    roles: [],
    targets: { 'duty-cac': '4h' },
    review: 'post-crisis',
    strategies: [],
    phases: [{ id: 'main', title: 'Main', source: 'demo', origin, steps: [...before, report] }],
  };
}
