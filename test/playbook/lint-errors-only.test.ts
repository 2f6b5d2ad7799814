/**
 * lintPlan(plan, lookup, { errorsOnly: true }): what `start`, `show` and `checklist` ask before they run a plan
 * (requirePlan refuses a plan with an error and drops the warnings). It must report exactly the errors of a
 * whole lint, in the same order, and skip the rules that only warn: the statement checks are counted.
 */
import { describe, expect, it, vi } from 'vitest';
import { compose, type ComposeOptions } from '../../src/playbook/compose.js';
import { ERROR_RULES, RULES, WARNING_RULES, lintPlan } from '../../src/playbook/lint.js';
import type { Library } from '../../src/playbook/library.js';
import { CRISES, library as builtinLibrary } from '../library/builtin.js';
import { CRISIS, FIXTURE_FILES } from '../helpers/fixtures.js';
import { libraryOf, plain } from '../helpers/library.js';

const calls = vi.hoisted(() => ({ checkStatement: 0 }));
vi.mock('../../src/playbook/statement-checks.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/playbook/statement-checks.js')>();
  return {
    ...actual,
    checkStatement: (...args: Parameters<typeof actual.checkStatement>) => {
      calls.checkStatement += 1;
      return actual.checkStatement(...args);
    },
  };
});

/** The fixture crisis with errors of several rules and warnings of every warn-only rule it can show. */
const BROKEN = CRISIS.replace('owner: quality-lead\n        due: assessment', 'owner: nobody\n        due: someday')
  .replace(
    'checklist: [Collect samples, Check the batch records]',
    `checklist: [${Array.from({ length: 11 }, (_, i) => `Item ${i}`).join(', ')}]`,
  )
  .replace('- id: wr-apology', '- id: wr-recall')
  .replace(
    'website: "Batches {{affected-batches}} are being recalled."',
    'website: "We take this very seriously. Batches {{affected-batches}} and {{no-such-fact}} are recalled."',
  )
  .replace('review: post-crisis', 'review: no-such-review')
  .replace('{ fact: safety-risk, equals: true }', '{ fact: not-recorded, equals: true }');

function lintBoth(library: Library, id: string, options: ComposeOptions = {}) {
  const plan = compose(library, id, options).plan;
  if (!plan) throw new Error(`${id} does not compose`);
  calls.checkStatement = 0;
  const all = lintPlan(plan, library);
  const statementChecks = calls.checkStatement;
  calls.checkStatement = 0;
  const errors = lintPlan(plan, library, { errorsOnly: true });
  return { all, errors, statementChecks, statementChecksErrorsOnly: calls.checkStatement };
}

describe('lint with errorsOnly', () => {
  it('the warn-only rules are a part of RULES, and ERROR_RULES the rest in RULES order', () => {
    expect(WARNING_RULES.size).toBe(7);
    for (const rule of WARNING_RULES) expect(RULES).toContain(rule);
    expect(ERROR_RULES).toEqual(RULES.filter((r) => !WARNING_RULES.has(r)));
  });

  it('a plan with errors and warnings: the same errors in the same order, no warning rule run', () => {
    expect(BROKEN).not.toBe(CRISIS);
    const library = libraryOf({ ...FIXTURE_FILES, 'crises/widget-recall.yaml': BROKEN });
    const { all, errors, statementChecks, statementChecksErrorsOnly } = lintBoth(library, 'widget-recall', {
      allSeverities: true,
    });
    const allErrors = all.filter((p) => p.severity === 'error');
    expect(plain(allErrors).map((p) => p.code)).toEqual([
      'ids.duplicate-step',
      'roles.unknown',
      'due.unknown-target',
      'statement.unknown-fact',
      'when.unknown-fact',
      'review.unknown',
    ]);
    expect(plain(errors.filter((p) => p.severity === 'error'))).toEqual(plain(allErrors));
    // The warnings the whole lint gives that only warn-only rules give are gone.
    const codes = (ps: typeof all) => new Set(ps.map((p) => p.code));
    expect(codes(all)).toContain('statement.cliche');
    expect(codes(all)).toContain('procedure.checklist-length');
    expect(codes(errors)).not.toContain('statement.cliche');
    expect(codes(errors)).not.toContain('procedure.checklist-length');
    expect([...codes(errors)].filter((c) => c.startsWith('principle.'))).toEqual([]);
    // The work: every statement text checked by the whole lint, none by the errors-only one.
    expect(statementChecks).toBeGreaterThanOrEqual(1);
    expect(statementChecksErrorsOnly).toBe(0);
  });

  it.each(CRISES)('built-in %s at every severity and jurisdiction: the errors of the whole lint (none)', (id) => {
    const library = builtinLibrary();
    const jurisdictions = [...new Set((library.duties?.() ?? []).map((d) => d.jurisdiction))];
    const { all, errors, statementChecks, statementChecksErrorsOnly } = lintBoth(library, id, {
      allSeverities: true,
      jurisdictions,
    });
    expect(errors.filter((p) => p.severity === 'error')).toEqual(all.filter((p) => p.severity === 'error'));
    expect(statementChecks).toBeGreaterThan(10);
    expect(statementChecksErrorsOnly).toBe(0);
  });
});
