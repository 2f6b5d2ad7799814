/**
 * Severity changes the plan: the rating step, the channels a statement uses,
 * the update cadence and the steps that drop out at low severity (issue 14,
 * "a severity decision that changes the plan").
 */
import { isPublicStatement } from '../../src/playbook/constants.js';
import { describe, expect, it } from 'vitest';
import { compose, planSteps } from '../../src/playbook/compose.js';
import { SEVERITIES } from '../../src/playbook/schema.js';
import { problemsOf, libraryOf, yaml } from '../helpers/library.js';
import { CRISES, plan, steps } from './builtin.js';

const pressRelease = (id: string, severity: (typeof SEVERITIES)[number]) =>
  steps(id, severity).filter((s) => s.id === 'md-press-release' || Object.hasOwn(s.statement ?? {}, 'press-release'));

describe.each(CRISES)('%s scales with severity', (id) => {
  it('low has no press release, and fewer steps than high', () => {
    expect(pressRelease(id, 'low').map((s) => s.id)).toEqual([]);
    expect(steps(id, 'low').length).toBeLessThan(steps(id, 'high').length);
    expect(steps(id, 'low').length).toBeLessThanOrEqual(steps(id, 'medium').length);
  });

  it('low answers where people asked: the first statement goes to social and the hotline only', () => {
    const first = steps(id, 'low').find((s) => s.id === 'issue-first-statement')!;
    expect(Object.keys(first.statement!).sort()).toEqual(['hotline', 'social']);
    expect(first['channel-severity']).toBeUndefined();
  });

  it('medium is a holding statement: website and e-mail, still no press release', () => {
    const first = steps(id, 'medium').find((s) => s.id === 'issue-first-statement')!;
    expect(Object.keys(first.statement!).sort()).toEqual(['email', 'hotline', 'social', 'website']);
    expect(pressRelease(id, 'medium')).toEqual([]);
  });

  it('high and critical are proactive: one press release, in the first statement, plus its distribution step', () => {
    for (const severity of ['high', 'critical'] as const) {
      const withText = steps(id, severity).filter((s) => Object.hasOwn(s.statement ?? {}, 'press-release'));
      expect(withText.map((s) => s.id)).toEqual(['issue-first-statement']);
    }
  });

  it('updates every 4h at critical, 12h at high, daily at medium and low', () => {
    expect(SEVERITIES.map((s) => plan(id, s).targets['update-every'])).toEqual(['1d', '1d', '12h', '4h']);
  });

  it('rates the severity by the assessment deadline, with criteria on every choice', () => {
    const rate = steps(id, 'high').find((s) => s.id === 'rate-severity')!;
    expect(rate).toMatchObject({ due: 'assessment', owner: 'incident-lead', source: 'severity-rating' });
    expect(rate.inputs!.map((i) => i.id)).toEqual([
      'sev-harm',
      'sev-reach',
      'sev-spread',
      'sev-regulatory',
      'severity-rating',
      'posture',
    ]);
    for (const input of rate.inputs!.slice(0, 4)) {
      const labels = input.choices!.map((c) => (typeof c.label === 'string' ? c.label : c.label.en));
      expect(
        labels.map((l) => l.split(':')[0]),
        input.id,
      ).toEqual([...SEVERITIES]);
    }
    const first = steps(id, 'high').findIndex(isPublicStatement);
    expect(steps(id, 'high').indexOf(rate)).toBeLessThan(first);
  });
});

describe('the first statement deadline relaxes at low severity where the playbook says so', () => {
  it.each([
    ['product-quality', '4h', '1h'],
    ['brand-image', '4h', '2h'],
    ['customer-service', '4h', '2h'],
    // The CAC report clock is the same at every severity: the statement stays at 4h.
    ['cybersecurity', '4h', '4h'],
  ])('%s: %s at low, %s at high', (id, low, high) => {
    expect(plan(id, 'low').targets['first-statement']).toBe(low);
    expect(plan(id, 'high').targets['first-statement']).toBe(high);
  });
});

const scaled = yaml`
  id: scaled
  kind: crisis
  title: Scaled
  targets: { first-statement: 1h, update-every: 12h }
  severity-targets:
    critical: { update-every: 4h }
    low: { first-statement: 4h }
  phases:
    - id: say
      title: Say
      steps:
        - id: tell
          title: Tell
          statement: { social: hi, press-release: release }
          channel-severity: { press-release: high }
`;

describe('compose: severity-targets and channel-severity', () => {
  const lib = libraryOf({ 'scaled.yaml': scaled });
  const at = (severity: (typeof SEVERITIES)[number]) => compose(lib, 'scaled', { severity }).plan!;

  it('replaces only the targets named for the severity', () => {
    expect(at('low').targets).toEqual({ 'first-statement': '4h', 'update-every': '12h' });
    expect(at('high').targets).toEqual({ 'first-statement': '1h', 'update-every': '12h' });
    expect(at('critical').targets).toEqual({ 'first-statement': '1h', 'update-every': '4h' });
  });

  it('drops a channel below its severity and keeps it from there up', () => {
    const channels = (s: (typeof SEVERITIES)[number]) => Object.keys(planSteps(at(s))[0]!.statement!);
    expect(channels('medium')).toEqual(['social']);
    expect(channels('high')).toEqual(['social', 'press-release']);
  });

  it('the linter reads the plan as written: every channel, the base targets', () => {
    const all = compose(lib, 'scaled', { allSeverities: true }).plan!;
    expect(all.targets).toEqual({ 'first-statement': '1h', 'update-every': '12h' });
    expect(Object.keys(planSteps(all)[0]!.statement!)).toEqual(['social', 'press-release']);
  });
});

describe('lint: severity scaling', () => {
  const codes = (text: string) =>
    problemsOf({ 'scaled.yaml': text })
      .filter((p) => p.code.startsWith('severity.'))
      .map((p) => `${p.code} ${p.line}:${p.col}`);

  it('is quiet on a consistent scale', () => {
    expect(codes(scaled)).toEqual([]);
  });

  it('flags a channel-severity for a channel the statement lacks', () => {
    expect(codes(scaled.replace('{ press-release: high }', '{ press-release: high, sms: low }'))).toEqual([
      'severity.unknown-channel 15:55',
    ]);
  });

  it('flags a statement left with no channel at a severity it applies at', () => {
    expect(codes(scaled.replace('{ press-release: high }', '{ press-release: high, social: medium }'))).toEqual([
      'severity.no-channel 15:27',
    ]);
  });

  it('is quiet when the step itself only applies where a channel is left', () => {
    const gated = scaled.replace(
      '        title: Tell\n',
      '        title: Tell\n        when: { severity-at-least: high }\n',
    );
    expect(gated).toContain('when:');
    expect(codes(gated.replace('{ press-release: high }', '{ press-release: high, social: high }'))).toEqual([]);
  });

  it('warns when severity-targets retunes a target the playbook does not define', () => {
    expect(codes(scaled.replace('low: { first-statement: 4h }', 'low: { first-answer: 4h }'))).toEqual([
      'severity.unknown-target 7:24',
    ]);
  });
});
