import { describe, expect, it } from 'vitest';
import {
  describeCondition,
  evaluate,
  factRefs,
  holds,
  mayHold,
  severityRank,
  simplify,
  type Facts,
  type Truth,
} from '../../src/playbook/condition.js';
import type { Condition, Severity } from '../../src/playbook/types.js';

const safety: Condition = { fact: 'safety-risk', equals: true };
const region: Condition = { fact: 'region', in: ['eu', 'us'] };
const atLeastHigh: Condition = { 'severity-at-least': 'high' };
const atLeastCritical: Condition = { 'severity-at-least': 'critical' };

describe('severityRank', () => {
  it('orders low < medium < high < critical', () => {
    expect((['low', 'medium', 'high', 'critical'] as const).map(severityRank)).toEqual([0, 1, 2, 3]);
  });
});

describe('evaluate', () => {
  const cases: Array<[string, Condition, Facts, Severity, boolean, Truth]> = [
    // name, condition, facts, severity, partial, expected
    ['equals: match', safety, { 'safety-risk': true }, 'low', false, true],
    ['equals: other value', safety, { 'safety-risk': false }, 'low', false, false],
    ['equals: no type coercion', { fact: 'n', equals: 1 }, { n: '1' }, 'low', false, false],
    ['equals: missing fact', safety, {}, 'low', false, false],
    ['equals: missing fact, partial', safety, {}, 'low', true, 'unknown'],
    ['in: member', region, { region: 'us' }, 'low', false, true],
    ['in: not a member', region, { region: 'cn' }, 'low', false, false],
    ['in: missing, partial', region, {}, 'low', true, 'unknown'],
    ['severity-at-least high at medium', atLeastHigh, {}, 'medium', false, false],
    ['severity-at-least high at high', atLeastHigh, {}, 'high', false, true],
    ['severity-at-least high at critical', atLeastHigh, {}, 'critical', true, true],
    ['all: true and true', { all: [safety, atLeastHigh] }, { 'safety-risk': true }, 'high', false, true],
    ['all: unknown and true', { all: [safety, atLeastHigh] }, {}, 'high', true, 'unknown'],
    ['all: unknown and false', { all: [safety, atLeastHigh] }, {}, 'low', true, false],
    ['any: unknown or true', { any: [safety, atLeastHigh] }, {}, 'high', true, true],
    ['any: unknown or false', { any: [safety, atLeastHigh] }, {}, 'low', true, 'unknown'],
    ['any: false or false', { any: [safety, atLeastHigh] }, { 'safety-risk': false }, 'low', false, false],
    ['not: true', { not: atLeastHigh }, {}, 'high', false, false],
    ['not: false', { not: atLeastHigh }, {}, 'low', false, true],
    ['not: unknown', { not: safety }, {}, 'low', true, 'unknown'],
    ['not: missing fact, not partial', { not: safety }, {}, 'low', false, true],
  ];
  it.each(cases)('%s', (_name, cond, facts, severity, partial, expected) => {
    expect(evaluate(cond, facts, severity, partial)).toBe(expected);
  });

  it('does not read inherited properties as facts', () => {
    expect(evaluate({ fact: 'constructor', in: ['x'] }, {}, 'low', true)).toBe('unknown');
  });
});

describe('holds', () => {
  it.each([
    [undefined, {}, 'low', true],
    [safety, { 'safety-risk': true }, 'low', true],
    [safety, {}, 'low', false],
    [atLeastHigh, {}, 'high', true],
  ] as Array<[Condition | undefined, Facts, Severity, boolean]>)(
    'holds(%j, %j, %s) = %s',
    (cond, facts, severity, expected) => {
      expect(holds(cond, facts, severity)).toBe(expected);
    },
  );
});

describe('mayHold: true, or waiting on a fact not recorded yet', () => {
  it.each([
    [undefined, {}, 'low', true],
    [safety, { 'safety-risk': true }, 'low', true],
    // not recorded: it may still come (holds says false)
    [safety, {}, 'low', true],
    [safety, { 'safety-risk': false }, 'low', false],
    [{ all: [safety, atLeastHigh] }, {}, 'low', false],
    [{ all: [safety, atLeastHigh] }, {}, 'high', true],
    [{ not: safety }, { 'safety-risk': true }, 'low', false],
  ] as Array<[Condition | undefined, Facts, Severity, boolean]>)(
    'mayHold(%j, %j, %s) = %s',
    (cond, facts, severity, expected) => {
      expect(mayHold(cond, facts, severity)).toBe(expected);
    },
  );
});

describe('simplify', () => {
  const cases: Array<[string, Condition, Severity, Condition | boolean]> = [
    ['severity below the bar', atLeastHigh, 'medium', false],
    ['severity at the bar', atLeastHigh, 'high', true],
    ['fact alone is left for run time', safety, 'low', safety],
    ['any(fact, critical) at medium keeps the fact', { any: [safety, atLeastCritical] }, 'medium', safety],
    ['any(fact, critical) at critical is true', { any: [safety, atLeastCritical] }, 'critical', true],
    ['all(fact, high) at high keeps the fact', { all: [safety, atLeastHigh] }, 'high', safety],
    ['all(fact, high) at medium is false', { all: [safety, atLeastHigh] }, 'medium', false],
    [
      'all(fact, fact, low) drops the true part',
      { all: [safety, region, { 'severity-at-least': 'low' }] },
      'low',
      { all: [safety, region] },
    ],
    [
      'any(fact, fact, critical) at low drops the false part',
      { any: [safety, region, atLeastCritical] },
      'low',
      { any: [safety, region] },
    ],
    ['not(high) at medium is true', { not: atLeastHigh }, 'medium', true],
    ['not(fact) is unchanged', { not: safety }, 'critical', { not: safety }],
    ['nested', { all: [{ any: [safety, atLeastCritical] }, atLeastHigh] }, 'high', safety],
  ];
  it.each(cases)('%s', (_name, cond, severity, expected) => {
    expect(simplify(cond, severity)).toEqual(expected);
  });
});

describe('factRefs and describeCondition', () => {
  it('lists every fact with its path inside the condition', () => {
    const cond: Condition = { all: [safety, { any: [atLeastHigh, { not: region }] }] };
    expect(factRefs(cond).map(({ fact, path }) => ({ fact, path }))).toEqual([
      { fact: 'safety-risk', path: ['all', 0] },
      { fact: 'region', path: ['all', 1, 'any', 1, 'not'] },
    ]);
  });

  it.each([
    [safety, 'safety-risk is yes'],
    [{ fact: 'safety-risk', equals: false }, 'safety-risk is no'],
    [region, 'region is one of eu, us'],
    [atLeastHigh, 'severity is high or higher'],
    [{ all: [safety, atLeastHigh] }, 'safety-risk is yes and severity is high or higher'],
    [{ any: [safety, region] }, 'safety-risk is yes or region is one of eu, us'],
    [{ not: safety }, 'not (safety-risk is yes)'],
  ] as Array<[Condition, string]>)('%j reads "%s"', (cond, text) => {
    expect(describeCondition(cond)).toBe(text);
  });

  it('uses the label function for facts', () => {
    expect(describeCondition(safety, (f) => f.toUpperCase())).toBe('SAFETY-RISK is yes');
  });
});
