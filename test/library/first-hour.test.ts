/**
 * The first hour is not overloaded (issue 14, P7): at high severity, in the
 * worst case a crisis meets, at most nine steps stand between the operator
 * and the first public statement, and every message is filled from one key
 * message. Counts come from the composed plans, not from the text.
 */
import { describe, expect, it } from 'vitest';
import { holds } from '../../src/playbook/condition.js';
import { planInputs, STANDARD_FACTS, type PlanStep } from '../../src/playbook/compose.js';
import { parseDuration } from '../../src/playbook/duration.js';
import type { Scalar } from '../../src/playbook/types.js';
import { CRISES, holes, plan, steps } from './builtin.js';

/** The facts that switch on the most conditional steps: harm, a confirmed defect, a breach, a listed company. */
const WORST_CASE: Record<(typeof CRISES)[number], Record<string, Scalar>> = {
  'product-quality': {
    'safety-risk': true,
    'harm-reported': true,
    'food-recall-level': 'level-1',
    'problem-type': 'production-defect',
    'defect-confirmed': true,
    'people-harmed': true,
    'org-listed': true,
    'sm-sentiment': 'hostile',
  },
  'customer-service': {
    'main-cause': 'wrong-orders',
    'promise-gap': true,
    'people-harmed': true,
    'org-listed': true,
    'sm-sentiment': 'hostile',
  },
  'brand-image': {
    'malicious-attack': true,
    source: 'malicious-attack',
    'people-harmed': true,
    'org-listed': true,
    'sm-sentiment': 'hostile',
  },
  cybersecurity: {
    'incident-kind': 'breach-vulnerability',
    'cn-incident-grade': 'major',
    'operator-type': 'cii',
    'personal-data-involved': true,
    'people-harmed': true,
    'org-listed': true,
    'sm-sentiment': 'hostile',
  },
};

const FIRST = 'issue-first-statement';
/** The most steps an operator should face before the first statement (CERC first-hour practice). */
const FIRST_HOUR_LIMIT = 9;

/**
 * Steps before the first statement: listed before it (the runner walks the
 * plan in order), or due strictly earlier than it. Steps due at the same
 * deadline and listed after it go out with it (staff note, media briefing).
 */
function beforeFirstStatement(id: (typeof CRISES)[number]): PlanStep[] {
  const p = plan(id, 'high');
  const applies = steps(id, 'high').filter((s) => holds(s.when, WORST_CASE[id], 'high'));
  const at = (due: string | undefined) =>
    due === undefined ? undefined : (parseDuration(due) ?? parseDuration(p.targets[due] ?? ''));
  const index = applies.findIndex((s) => s.id === FIRST);
  const deadline = at(p.targets['first-statement'])!;
  return applies.filter((s, i) => {
    if (s.id === FIRST) return false;
    const due = at(s.due);
    return i < index || (due !== undefined && due < deadline);
  });
}

describe.each(CRISES)('%s: the first hour', (id) => {
  it(`has at most ${FIRST_HOUR_LIMIT} steps before the first statement at high severity, in the worst case`, () => {
    const before = beforeFirstStatement(id);
    expect(before.length, before.map((s) => `${s.id} (${s.due})`).join(', ')).toBeLessThanOrEqual(FIRST_HOUR_LIMIT);
    // Not vacuous: the lead is named, the severity rated and a legal check made before the public hears anything.
    const ids = before.map((s) => s.id);
    expect(ids).toContain('tf-name-leads');
    expect(ids).toContain('rate-severity');
    expect(before.some((s) => s.tags?.includes('legal-review'))).toBe(true);
  });

  it('checks the statement legally after it is drafted and the regulator is told, and before it goes out', () => {
    const order = steps(id, 'high').map((s) => s.id);
    const legal = steps(id, 'high').filter((s) => s.tags?.includes('legal-review'));
    expect(legal.length).toBe(1);
    const at = order.indexOf(legal[0]!.id);
    expect(at).toBeLessThan(order.indexOf(FIRST));
    // Drafting: every step that records a fact the first statement is written from comes before the check.
    const first = steps(id, 'high').find((s) => s.id === FIRST)!;
    const used = new Set(
      Object.values(first.statement ?? {}).flatMap((t) =>
        (typeof t === 'string' ? [t] : Object.values(t)).flatMap((text) => holes(text ?? '')),
      ),
    );
    const drafting = steps(id, 'high').filter((s) => s.inputs?.some((i) => used.has(i.id)));
    expect(drafting.length).toBeGreaterThan(0);
    for (const s of drafting) expect(order.indexOf(s.id), `${s.id} before ${legal[0]!.id}`).toBeLessThan(at);
    // The legal check confirms the regulator was told: a playbook's own regulator step comes before it.
    if (order.includes('notify-regulator') && order.indexOf('notify-regulator') < order.indexOf(FIRST))
      expect(order.indexOf('notify-regulator')).toBeLessThan(at);
  });

  it('records the one key message before the first statement, and no second message input', () => {
    const inputs = planInputs(plan(id, 'high'));
    const ids = steps(id, 'high').map((s) => s.id);
    const key = inputs.get('key-message');
    expect(key?.type).toBe('text');
    expect(ids.indexOf(key!.step)).toBeLessThan(ids.indexOf(FIRST));
    for (const gone of ['rp-strategy', 'md-key-facts', 'problem-summary', 'update-summary', 'stakeholder-brief'])
      expect(inputs.has(gone), gone).toBe(false);
  });

  it('fills the updates and the direct notices from the key message', () => {
    const usesKey = (stepId: string) =>
      steps(id, 'high')
        .filter((s) => s.id === stepId)
        .flatMap((s) => Object.values(s.statement ?? {}))
        .some((t) =>
          (typeof t === 'string' ? [t] : Object.values(t)).some((text) => holes(text!).includes('key-message')),
        );
    for (const stepId of ['mc-channel-update', 'sh-employee-note', 'sh-partner-notice'])
      expect(usesKey(stepId), stepId).toBe(true);
  });
});

it('a strategy may name the key message before a crisis records it', () => {
  expect(STANDARD_FACTS).toEqual(['key-message']);
});
