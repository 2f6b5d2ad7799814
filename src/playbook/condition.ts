import { SEVERITIES } from './constants.js';
import type { Condition, Scalar, Severity } from './types.js';

/** Three-valued truth: a fact not yet recorded makes a condition `unknown`. */
export type Truth = true | false | 'unknown';

export type Facts = Readonly<Record<string, Scalar>>;

export const severityRank = (s: Severity): number => SEVERITIES.indexOf(s);

/**
 * Evaluate a `when` against the facts so far. With `partial`, a missing fact
 * is `unknown` (used when composing for a severity before any fact exists);
 * otherwise a missing fact simply does not satisfy the condition.
 */
export function evaluate(cond: Condition, facts: Facts, severity: Severity, partial = false): Truth {
  if ('all' in cond) {
    const parts = cond.all.map((c) => evaluate(c, facts, severity, partial));
    if (parts.includes(false)) return false;
    return parts.includes('unknown') ? 'unknown' : true;
  }
  if ('any' in cond) {
    const parts = cond.any.map((c) => evaluate(c, facts, severity, partial));
    if (parts.includes(true)) return true;
    return parts.includes('unknown') ? 'unknown' : false;
  }
  if ('not' in cond) {
    const inner = evaluate(cond.not, facts, severity, partial);
    return inner === 'unknown' ? 'unknown' : !inner;
  }
  if ('severity-at-least' in cond) return severityRank(severity) >= severityRank(cond['severity-at-least']);
  const has = Object.hasOwn(facts, cond.fact);
  if (!has) return partial ? 'unknown' : false;
  const value = facts[cond.fact];
  if ('equals' in cond) return value === cond.equals;
  return cond.in.includes(value as Scalar);
}

export const holds = (cond: Condition | undefined, facts: Facts, severity: Severity): boolean =>
  cond === undefined || evaluate(cond, facts, severity) === true;

/**
 * Whether a condition may still hold: true, or waiting on a fact not recorded yet. What a paper checklist keeps (a
 * step that may come), where `holds` is what a count of the work to do keeps.
 */
export const mayHold = (cond: Condition | undefined, facts: Facts, severity: Severity): boolean =>
  cond === undefined || evaluate(cond, facts, severity, true) !== false;

/**
 * Drop what the severity already decides: `true` branches vanish, a `false`
 * condition returns `false`, facts are left for run time.
 */
export function simplify(cond: Condition, severity: Severity): Condition | boolean {
  const truth = evaluate(cond, {}, severity, true);
  if (truth !== 'unknown') return truth;
  if ('all' in cond) {
    const parts = cond.all.map((c) => simplify(c, severity)).filter((c) => c !== true) as Condition[];
    return parts.length === 1 ? parts[0]! : { all: parts };
  }
  if ('any' in cond) {
    const parts = cond.any.map((c) => simplify(c, severity)).filter((c) => c !== false) as Condition[];
    return parts.length === 1 ? parts[0]! : { any: parts };
  }
  return cond;
}

/** Every fact id a condition reads, with the path to it inside the condition. */
export function factRefs(
  cond: Condition,
  path: Array<string | number> = [],
): Array<{ fact: string; path: Array<string | number>; cond: Condition }> {
  if ('all' in cond) return cond.all.flatMap((c, i) => factRefs(c, [...path, 'all', i]));
  if ('any' in cond) return cond.any.flatMap((c, i) => factRefs(c, [...path, 'any', i]));
  if ('not' in cond) return factRefs(cond.not, [...path, 'not']);
  if ('fact' in cond) return [{ fact: cond.fact, path, cond }];
  return [];
}

/** Plain words for checklists and `show`: "only if safety-risk is yes". */
export function describeCondition(cond: Condition, label: (fact: string) => string = (f) => f): string {
  const show = (v: Scalar) => (v === true ? 'yes' : v === false ? 'no' : String(v));
  if ('all' in cond) return cond.all.map((c) => describeCondition(c, label)).join(' and ');
  if ('any' in cond) return cond.any.map((c) => describeCondition(c, label)).join(' or ');
  if ('not' in cond) return `not (${describeCondition(cond.not, label)})`;
  if ('severity-at-least' in cond) return `severity is ${cond['severity-at-least']} or higher`;
  if ('equals' in cond) return `${label(cond.fact)} is ${show(cond.equals)}`;
  return `${label(cond.fact)} is one of ${cond.in.map(show).join(', ')}`;
}
