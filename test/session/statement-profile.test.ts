/**
 * Statements filled from the organisation profile: who signs for a role (the
 * holder named in the session wins over the profile), the title under the
 * name, the statement date, and the profile facts the screen may be given.
 */
import { describe, expect, it } from 'vitest';
import { planSteps } from '../../src/playbook/compose.js';
import { initialState, type SessionState } from '../../src/session/replay.js';
import { missingFacts, statementFacts, statementInputs } from '../../src/session/statement.js';
import { plan } from '../library/builtin.js';

const p = plan('customer-service', 'high');
const at = Date.UTC(2026, 0, 1, 1, 30);
const state = (patch: Partial<SessionState>): SessionState => ({ ...initialState(), lastAt: at, ...patch });

describe('statementFacts with a profile', () => {
  it('the profile signs for a role nobody holds; a role holder named in the session signs instead', () => {
    const profile = { 'signer-leadership': 'Zhang Wei', 'signer-leadership-title': 'CEO' };
    expect(statementFacts(p, state({ facts: profile }), 'en')).toMatchObject({
      'signer-leadership': 'Zhang Wei',
      'signer-leadership-title': 'CEO',
    });
    const held = state({ facts: profile, roles: { leadership: 'Zhou Min' } });
    expect(statementFacts(p, held, 'en')['signer-leadership']).toBe('Zhou Min');
  });

  it("a role's title defaults to its title in the playbook, in the statement's language; leadership's does not", () => {
    const facts = statementFacts(p, state({ roles: { spokesperson: 'Li Na' } }), 'zh');
    expect(facts['signer-spokesperson']).toBe('Li Na');
    expect(facts['signer-spokesperson-title']).toBe('新闻发言人');
    expect(Object.hasOwn(facts, 'signer-leadership-title')).toBe(false);
  });

  it('dates the statement in the profile time zone, and words recorded times', () => {
    const facts = statementFacts(
      p,
      state({ facts: { 'org-time-zone': 'Asia/Shanghai', 'next-update-time': '2026-01-01 18:00' } }),
      'zh',
    );
    expect(facts['statement-date']).toBe('2026年1月1日');
    expect(facts['next-update-time']).toBe('2026年1月1日 18:00');
  });

  it('without a profile the company, the signer and its title are what the first statement still lacks', () => {
    const step = planSteps(p).find((s) => s.id === 'issue-first-statement')!;
    const missing = missingFacts(p, state({}), step);
    expect(missing).toEqual(expect.arrayContaining(['org-company', 'signer-leadership', 'signer-leadership-title']));
    expect(missing).not.toContain('statement-date');
  });

  it('the screen may be given profile facts: they are inputs of the statement, with labels', () => {
    const inputs = statementInputs(p);
    expect(inputs.get('org-company')?.label).toEqual({
      en: 'Company name, as statements are issued',
      zh: '发布声明所用的公司名称',
    });
    expect(inputs.get('signer-leadership')?.type).toBe('person');
    expect(inputs.get('service-contact')).toBeDefined();
  });
});
