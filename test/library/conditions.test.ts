/**
 * Where the brief says a step applies only sometimes, the built-in playbooks
 * carry a `when`, and it holds exactly in the cases the brief names:
 * recall only with a safety risk or a confirmed defect; the CAC report by the
 * incident grade and operator type; user notification only when personal
 * data is involved; legal action only for
 * malicious attacks; a press conference only at high and critical severity.
 */
import { describe, expect, it } from 'vitest';
import { holds, type Facts } from '../../src/playbook/condition.js';
import { planSteps } from '../../src/playbook/compose.js';
import { SEVERITIES } from '../../src/playbook/schema.js';
import type { Condition, Severity } from '../../src/playbook/types.js';
import { CRISES, STRATEGIES, REVIEWS, ownSteps, plan, step, steps } from './builtin.js';

const RECALL_WHEN: Condition = {
  any: [
    { fact: 'safety-risk', equals: true },
    { fact: 'defect-confirmed', equals: true },
  ],
};

/** Input of a playbook's own steps, by fact id. */
const ownInput = (playbook: string, fact: string) =>
  ownSteps(playbook)
    .flatMap((s) => s.inputs ?? [])
    .find((i) => i.id === fact);

/** Choice values of a choice input. */
const choiceValues = (playbook: string, fact: string) => (ownInput(playbook, fact)?.choices ?? []).map((c) => c.value);

describe('product-quality: recall only with a safety risk or a confirmed defect', () => {
  const recall = () => {
    const found = ownSteps('product-quality').filter(
      // The recall notice (a statement, after the remedy is decided) shares the condition.
      (s) => s.id.includes('recall') && !s.statement && JSON.stringify(s.when) === JSON.stringify(RECALL_WHEN),
    );
    expect(found.map((s) => s.id)).toEqual(['recall-product']);
    return found[0]!;
  };

  it('has exactly one recall step, conditional on any of safety-risk or defect-confirmed', () => {
    expect(recall().when).toEqual(RECALL_WHEN);
  });

  it('both facts are yes-no inputs recorded before the recall step; safety-risk is required', () => {
    expect(ownInput('product-quality', 'safety-risk')).toMatchObject({ type: 'yes-no', required: true });
    expect(ownInput('product-quality', 'defect-confirmed')).toMatchObject({ type: 'yes-no' });
    const all = steps('product-quality', 'high');
    const at = (fact: string) => all.findIndex((s) => s.inputs?.some((i) => i.id === fact));
    const recallAt = all.findIndex((s) => s.id === 'recall-product');
    expect(at('safety-risk')).toBeLessThan(recallAt);
    expect(at('defect-confirmed')).toBeLessThan(recallAt);
  });

  it.each([
    [true, true, true],
    [true, false, true],
    [false, true, true],
    [false, false, false],
  ])('safety-risk=%s defect-confirmed=%s -> recall applies: %s', (safety, defect, expected) => {
    const facts: Facts = { 'safety-risk': safety, 'defect-confirmed': defect };
    for (const severity of SEVERITIES) {
      // The condition survives composing at every severity; nothing drops or forces it.
      const s = step('product-quality', severity, 'recall-product');
      expect(s.when).toEqual(RECALL_WHEN);
      expect(holds(s.when, facts, severity), severity).toBe(expected);
    }
  });

  it('does not apply before either fact is recorded', () => {
    expect(holds(recall().when, {}, 'critical')).toBe(false);
    expect(holds(recall().when, { 'safety-risk': false }, 'critical')).toBe(false);
  });

  it('is owned by quality', () => {
    expect(recall().owner).toBe('quality');
  });

  it('the regulator report holds only with a safety risk; stop-sales is skipped only for usability', () => {
    const regulator = step('product-quality', 'high', 'notify-regulator');
    expect(regulator.when).toEqual({ fact: 'safety-risk', equals: true });
    // The regulator hears about a safety risk before the public does.
    const order = steps('product-quality', 'high').map((s) => s.id);
    expect(order.indexOf('notify-regulator')).toBeLessThan(order.indexOf('issue-first-statement'));
    expect(holds(regulator.when, { 'safety-risk': true }, 'low')).toBe(true);
    expect(holds(regulator.when, { 'safety-risk': false, 'defect-confirmed': true }, 'critical')).toBe(false);

    const stop = step('product-quality', 'high', 'stop-sales');
    const usability = step('product-quality', 'high', 'help-with-usability');
    const kinds = choiceValues('product-quality', 'problem-type');
    expect(kinds).toEqual(['design-defect', 'production-defect', 'usability', 'unclear']);
    for (const kind of kinds) {
      expect(holds(stop.when, { 'problem-type': kind }, 'high'), kind).toBe(kind !== 'usability');
      expect(holds(usability.when, { 'problem-type': kind }, 'high'), kind).toBe(kind === 'usability');
    }
  });
});

describe('cybersecurity: the regulator clock follows the incident grade; users are told when personal data is involved', () => {
  const GRADES_THAT_REPORT = ['relatively-major', 'major', 'especially-major'];

  it('personal-data-involved, the CAC grade and the operator type are required facts recorded at the assessment', () => {
    // Enter answers yes, as the label says to when unsure: the answer that brings the data-protection duties in.
    expect(ownInput('cybersecurity', 'personal-data-involved')).toMatchObject({
      type: 'yes-no',
      required: true,
      default: true,
    });
    expect(choiceValues('cybersecurity', 'cn-incident-grade')).toEqual([
      'especially-major',
      'major',
      'relatively-major',
      'ordinary',
    ]);
    expect(choiceValues('cybersecurity', 'operator-type')).toEqual(['cii', 'central-state-body', 'other']);
    for (const fact of ['personal-data-involved', 'cn-incident-grade', 'operator-type', 'detected-at']) {
      const confirm = ownSteps('cybersecurity').find((s) => s.inputs?.some((i) => i.id === fact));
      expect(confirm?.tags, fact).toContain('assessment');
    }
    expect(ownInput('cybersecurity', 'detected-at')).toMatchObject({ type: 'time', required: true });
  });

  it.each([
    ['report-cn-cyber-report-cii', 'cii'],
    ['report-cn-cyber-report-central', 'central-state-body'],
    ['report-cn-cyber-report-other', 'other'],
  ])('%s holds for grade 较大 and above of operator type %s, never on personal data alone', (id, operator) => {
    for (const severity of SEVERITIES) {
      const s = step('cybersecurity', severity, id);
      for (const grade of choiceValues('cybersecurity', 'cn-incident-grade'))
        for (const type of choiceValues('cybersecurity', 'operator-type'))
          expect(
            holds(s.when, { 'cn-incident-grade': grade, 'operator-type': type }, severity),
            `${grade}/${type}`,
          ).toBe(GRADES_THAT_REPORT.includes(grade) && type === operator);
      expect(holds(s.when, { 'personal-data-involved': true }, severity)).toBe(false);
    }
  });

  it('users and the PIPL regulator are told exactly when personal data is involved', () => {
    for (const id of ['notify-affected-users', 'report-cn-pipl-leak-notice'])
      for (const severity of SEVERITIES) {
        const s = step('cybersecurity', severity, id);
        expect(s.when, id).toEqual({ fact: 'personal-data-involved', equals: true });
        expect(holds(s.when, {}, severity)).toBe(false);
      }
    expect(step('cybersecurity', 'high', 'notify-affected-users').owner).toBe('customer-service');
  });

  it('the public statement always goes out: it depends on no fact', () => {
    expect(step('cybersecurity', 'high', 'issue-first-statement').when).toBeUndefined();
  });

  it('pursuing attackers applies to attacks only, never to human error or a plain outage', () => {
    const pursue = step('cybersecurity', 'high', 'pursue-attackers');
    const attacks = ['malware', 'phishing', 'denial-of-service', 'breach-vulnerability'];
    for (const kind of choiceValues('cybersecurity', 'incident-kind'))
      expect(holds(pursue.when, { 'incident-kind': kind }, 'high'), kind).toBe(attacks.includes(kind));
  });
});

describe('brand-image: legal action only for a malicious attack', () => {
  it('malicious-attack is a required yes-no fact, and the source choices include malicious-attack', () => {
    expect(ownInput('brand-image', 'malicious-attack')).toMatchObject({ type: 'yes-no', required: true });
    expect(choiceValues('brand-image', 'source')).toEqual([
      'quality-or-advertising',
      'service-failure',
      'viral-incident',
      'malicious-attack',
    ]);
  });

  it.each(['take-legal-action', 'publish-the-facts'])('%s holds only when malicious-attack is true', (id) => {
    for (const severity of SEVERITIES) {
      const s = step('brand-image', severity, id);
      expect(s.when).toEqual({ fact: 'malicious-attack', equals: true });
      expect(holds(s.when, { 'malicious-attack': true }, severity)).toBe(true);
      expect(holds(s.when, { 'malicious-attack': false }, severity)).toBe(false);
      expect(holds(s.when, {}, severity)).toBe(false);
      // The source choice alone does not switch it on: the yes-no fact decides.
      expect(holds(s.when, { source: 'malicious-attack' }, severity)).toBe(false);
    }
  });

  it('the legal action is owned by legal and the facts go to consumers right after it ("at the same time")', () => {
    const all = steps('brand-image', 'high');
    const legal = all.findIndex((s) => s.id === 'take-legal-action');
    expect(all[legal]!.owner).toBe('legal');
    expect(all[legal + 1]!.id).toBe('publish-the-facts');
    expect(all[legal + 1]!.due).toBe(all[legal]!.due);
  });

  it('every legal-action or pursue-attackers step of a crisis is conditional', () => {
    for (const id of CRISES)
      for (const s of ownSteps(id)) if (/legal-action|pursue/.test(s.id)) expect(s.when, `${id}/${s.id}`).toBeDefined();
  });
});

describe('severity-dependent steps', () => {
  const present = (playbook: string, severity: Severity, id: string) =>
    planSteps(plan(playbook, severity)).some((s) => s.id === id);
  const usesMedia = CRISES.filter((id) => plan(id, 'critical').strategies.includes('media'));

  it('the media strategy is used by product-quality, brand-image and cybersecurity', () => {
    expect(usesMedia).toEqual(['product-quality', 'brand-image', 'cybersecurity']);
  });

  it.each(['media', ...usesMedia])(
    '%s: the press conference is in the plan at high and critical, dropped at low and medium',
    (id) => {
      expect(present(id, 'low', 'md-press-conference')).toBe(false);
      expect(present(id, 'medium', 'md-press-conference')).toBe(false);
      expect(present(id, 'high', 'md-press-conference')).toBe(true);
      expect(present(id, 'critical', 'md-press-conference')).toBe(true);
      // Kept unconditionally once the severity decides it: nothing left to check at run time.
      expect(planSteps(plan(id, 'high')).find((s) => s.id === 'md-press-conference')?.when).toBeUndefined();
    },
  );

  it('the press conference is written with severity-at-least: high', () => {
    expect(ownSteps('media').find((s) => s.id === 'md-press-conference')?.when).toEqual({
      'severity-at-least': 'high',
    });
  });

  it.each([
    ['customer-service', 'escalate-to-leadership'],
    ['brand-image', 'leader-live-briefing'],
  ])('%s: %s joins the plan only at high and critical', (playbook, id) => {
    expect(SEVERITIES.filter((sev) => present(playbook, sev, id))).toEqual(['high', 'critical']);
  });

  // High: the brief's "serious" steps and the press release; medium: what low's reactive posture
  // (answer those who ask, keep monitoring) leaves out, per the severity-rating strategy.
  it('every severity condition in the library is severity-at-least high, or medium for proactive outreach', () => {
    const found: string[] = [];
    const walk = (c: Condition | undefined, where: string) => {
      if (!c) return;
      if ('severity-at-least' in c) {
        found.push(`${where}@${c['severity-at-least']}`);
      }
      if ('all' in c) c.all.forEach((x) => walk(x, where));
      if ('any' in c) c.any.forEach((x) => walk(x, where));
      if ('not' in c) walk(c.not, where);
    };
    for (const id of [
      ...CRISES,
      'media',
      'social-media',
      'multi-channel',
      'response-plan',
      'task-force',
      'post-crisis',
    ])
      for (const s of ownSteps(id)) walk(s.when, `${id}/${s.id}`);
    expect(found.sort()).toEqual([
      'brand-image/leader-live-briefing@high',
      'customer-service/escalate-to-leadership@high',
      'media/md-brief-media@medium',
      'media/md-integrate-channels@medium',
      'media/md-keep-in-touch@medium',
      'media/md-press-conference@high',
      'media/md-press-release@high',
      'multi-channel/mc-show-the-work@medium',
      'multi-channel/mc-third-party-voices@medium',
      'social-media/sm-creative-content@medium',
      'task-force/tf-alert-external-network@medium',
    ]);
  });

  // Duty steps are placed by their deadline among the targets, and targets scale with severity,
  // so they may sit elsewhere at low: compared as a set, the playbook's own steps in order.
  it('a low-severity plan is a strict subset of the critical plan, in the same order', () => {
    for (const id of CRISES) {
      const ids = (sev: Severity, duty: boolean) =>
        planSteps(plan(id, sev))
          // Duty steps and the reports they send are placed by deadline, after severity drops steps.
          .filter((s) => (s.source === 'duties') === duty)
          .map((s) => s.id);
      const low = ids('low', false);
      const critical = ids('critical', false);
      expect(critical.filter((s) => low.includes(s))).toEqual(low);
      expect(ids('critical', true)).toEqual(expect.arrayContaining(ids('low', true)));
      expect(critical.length).toBeGreaterThan(low.length);
    }
  });
});

describe('input defaults: a yes-no defaults to yes exactly where its label says to answer yes when unsure', () => {
  const UNSURE = { en: '(If unsure, answer yes.)', zh: '（不确定时请选“是”）' };
  const inputs = [...CRISES, ...STRATEGIES, ...REVIEWS].flatMap((id) =>
    ownSteps(id).flatMap((s) => (s.inputs ?? []).map((i) => ({ ...i, playbook: id }))),
  );

  it('the personal-data and safety-risk questions, and no other', () => {
    expect(inputs.filter((i) => i.default !== undefined).map((i) => [i.playbook, i.id, i.default])).toEqual([
      ['product-quality', 'safety-risk', true],
      ['cybersecurity', 'personal-data-involved', true],
    ]);
  });

  it('label and default agree, in both languages', () => {
    for (const input of inputs) {
      const label = typeof input.label === 'string' ? { en: input.label } : input.label;
      const says = label.en.endsWith(UNSURE.en);
      expect(says, input.id).toBe(input.default === true);
      if (says) expect(label.zh?.endsWith(UNSURE.zh), input.id).toBe(true);
    }
  });
});
