import { describe, expect, it } from 'vitest';
import { CrisisError } from '../../src/errors.js';
import { planSteps } from '../../src/playbook/compose.js';
import {
  DRILL_APPROVER,
  DRILL_PLACEHOLDER,
  factsNamed,
  fillStatement,
  incompleteParts,
  missingFacts,
} from '../../src/session/statement.js';
import { Harness, refusal, sessionPlan, startAction } from '../helpers/session-plan.js';

const plan = sessionPlan();
const step = (id: string) => planSteps(plan).find((s) => s.id === id)!;

function withLeads(): Harness {
  const h = Harness.started(plan);
  h.act({ type: 'complete', step: 'confirm', inputs: { 'affected-batches': 'B-1' } });
  h.act({ type: 'complete', step: 'name-leads', inputs: { 'lead-name': 'Ann', 'spokesperson-name': 'Sam' } });
  return h;
}

describe('a statement with a hole cannot be issued', () => {
  it('decide refuses it, naming the hole; the hint says how to go on', () => {
    const h = withLeads();
    const r = refusal(() =>
      h.act({ type: 'issue', step: 'quick-post', channels: { social: 'Update on B-1: [missing-fact]' } }),
    );
    expect(r).toMatchObject({
      code: 'statement.incomplete',
      exitCode: 2,
      message: 'statement "quick-post" is incomplete: [missing-fact]',
    });
    expect(r.hint).toContain('override with a reason');
    expect(h.state.issued).toEqual([]);
  });

  it('an edited text without the hole goes out', () => {
    const h = withLeads();
    const e = h.act({ type: 'issue', step: 'quick-post', channels: { social: 'Update on B-1: recall under way' } });
    expect(e.data).toEqual({ channels: { social: 'Update on B-1: recall under way' } });
  });

  it('an override needs a reason, and the issued event records it with what was missing', () => {
    const h = withLeads();
    const text = { social: 'Update on B-1: [missing-fact]' };
    expect(refusal(() => h.act({ type: 'issue', step: 'quick-post', channels: text, override: '  ' })).code).toBe(
      'statement.incomplete',
    );
    const e = h.act({ type: 'issue', step: 'quick-post', channels: text, override: 'the regulator asked for it now' });
    expect(e.data).toEqual({
      channels: text,
      override: { reason: 'the regulator asked for it now', missing: ['missing-fact'] },
    });
  });

  it('facts typed on the statement screen are recorded with the draft and fill the next statement', () => {
    const h = Harness.started(plan);
    h.act({ type: 'complete', step: 'confirm', inputs: { 'affected-batches': 'B-2' } });
    const e = h.act({
      type: 'draft',
      step: 'holding-statement',
      channels: { website: 'x' },
      facts: { 'spokesperson-name': 'Pat' },
    });
    expect(e.data).toEqual({ channels: { website: 'x' }, facts: { 'spokesperson-name': 'Pat' } });
    expect(h.state.facts['spokesperson-name']).toBe('Pat');
    expect(h.state.roles.spokesperson).toBe('Pat');
    expect(
      refusal(() => h.act({ type: 'draft', step: 'holding-statement', channels: { website: 'x' }, facts: { nope: 1 } }))
        .code,
    ).toBe('input.unknown');
  });

  it('outside a drill, drill placeholder text and the stand-in approver are refused', () => {
    const h = withLeads();
    const r = refusal(() =>
      h.act({ type: 'issue', step: 'quick-post', channels: { social: `Update on ${DRILL_PLACEHOLDER}: soon` } }),
    );
    expect(r.message).toBe('statement "quick-post" is incomplete: the drill stand-in text "(not recorded in drill)"');
    expect(refusal(() => h.act({ type: 'approve', step: 'holding-statement', approver: DRILL_APPROVER })).code).toBe(
      'statement.auto-approve',
    );
    expect(incompleteParts(step('quick-post'), { social: `on ${DRILL_PLACEHOLDER}` }, { drill: true })).toEqual([]);
  });

  // Before: the stand-in text went into the Chinese list as if it were a fact's name, in English words and quotes.
  it("the drill's stand-in text is named as what it is, in the reader's language", () => {
    expect(factsNamed(plan, ['affected-batches', DRILL_PLACEHOLDER], 'en')).toBe(
      '"Affected batches", the drill stand-in text "(not recorded in drill)"',
    );
    expect(factsNamed(plan, ['affected-batches', DRILL_PLACEHOLDER], 'zh')).toBe(
      '“Affected batches”、演练占位文字“(not recorded in drill)”',
    );
    const h = withLeads();
    let thrown: unknown;
    try {
      h.act({ type: 'issue', step: 'quick-post', channels: { social: `On ${DRILL_PLACEHOLDER}: [missing-fact]` } });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(CrisisError);
    const error = thrown as CrisisError;
    expect(error.message).toBe(
      'statement "quick-post" is incomplete: [missing-fact], the drill stand-in text "(not recorded in drill)"',
    );
    expect(error.inLang('zh').message).toBe(
      '声明“quick-post”不完整：[missing-fact]、演练占位文字“(not recorded in drill)”',
    );
  });

  it('in a drill the stand-in approver is allowed', () => {
    const h = new Harness(plan);
    h.act(startAction(plan, { drill: { id: 'd' } }));
    expect(h.act({ type: 'approve', step: 'holding-statement', approver: DRILL_APPROVER }).data).toEqual({
      approver: DRILL_APPROVER,
    });
  });
});

describe('the signer is whoever holds the role when the statement goes out', () => {
  it('a handoff of the spokesperson reaches the next statement', () => {
    const h = withLeads();
    expect(fillStatement(plan, h.state, step('holding-statement'), 'en').website).toBe(
      'Batches B-1 are affected. Contact: Sam.',
    );
    h.act({ type: 'handoff', role: 'spokesperson', to: 'Kim' });
    expect(fillStatement(plan, h.state, step('holding-statement'), 'en').website).toBe(
      'Batches B-1 are affected. Contact: Kim.',
    );
    expect(missingFacts(plan, h.state, step('quick-post'))).toEqual(['missing-fact']);
  });

  it('a handoff before anyone recorded the fact fills the hole too', () => {
    const h = Harness.started(plan);
    h.act({ type: 'handoff', role: 'spokesperson', to: 'Kim' });
    expect(missingFacts(plan, h.state, step('holding-statement'))).toEqual(['affected-batches']);
  });
});
