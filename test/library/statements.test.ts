/**
 * Public statements in the built-in crises: a spokesperson is assigned before
 * anything goes out, the first statement has templates for all five channels
 * in both languages, and every {{hole}} is filled by a fact the team has
 * already recorded by the time the statement is issued.
 */
import { isPublicStatement } from '../../src/playbook/constants.js';
import { describe, expect, it } from 'vitest';
import { planSteps, type PlanStep } from '../../src/playbook/compose.js';
import { SEVERITIES } from '../../src/playbook/schema.js';
import type { Severity } from '../../src/playbook/types.js';
import { profileInputs } from '../../src/playbook/profile.js';
import { CHANNELS, CRISES, holes, library, plan } from './builtin.js';

/** Holes the organisation profile fills (company, signers, the date): no step records them. */
const fromProfile = (severity: Severity, id: string) =>
  new Set(profileInputs(plan(id, severity).roles).map((i) => i.id));

const HIGH_AND_ABOVE: Severity[] = ['high', 'critical'];

const bilingual = (text: unknown): text is { en: string; zh: string } =>
  typeof text === 'object' &&
  text !== null &&
  typeof (text as { en?: unknown }).en === 'string' &&
  typeof (text as { zh?: unknown }).zh === 'string';

const templates = (step: PlanStep) => Object.entries(step.statement ?? {});

describe.each(CRISES)('%s statements', (id) => {
  it.each(SEVERITIES)(
    'at %s: the step that assigns the spokesperson comes before the first public statement',
    (severity) => {
      const steps = planSteps(plan(id, severity));
      const assign = steps.findIndex((s) =>
        s.inputs?.some(
          (i) =>
            i.id === 'spokesperson-name' &&
            i['assigns-role'] === 'spokesperson' &&
            i.type === 'person' &&
            i.required === true,
        ),
      );
      const first = steps.findIndex(isPublicStatement);
      expect(assign, 'a step records spokesperson-name').toBeGreaterThanOrEqual(0);
      expect(first, 'a statement step').toBeGreaterThanOrEqual(0);
      expect(assign).toBeLessThan(first);
      expect(steps[assign]!.id).toBe('tf-name-leads');
      expect(steps[assign]!.when).toBeUndefined();
      expect(plan(id, severity).roles.some((r) => r.id === 'spokesperson')).toBe(true);
    },
  );

  it.each(HIGH_AND_ABOVE)('at %s: some statement goes out on at least three channels', (severity) => {
    const widest = Math.max(...planSteps(plan(id, severity)).map((s) => Object.keys(s.statement ?? {}).length));
    expect(widest).toBeGreaterThanOrEqual(3);
  });

  it.each(HIGH_AND_ABOVE)(
    'at %s: the first statement has all five channels, each in English and Chinese',
    (severity) => {
      const first = planSteps(plan(id, severity)).find(isPublicStatement)!;
      expect(first.id).toBe('issue-first-statement');
      expect(first.source).toBe(id);
      expect(first.when).toBeUndefined();
      expect(first.owner).toBe('spokesperson');
      expect(Object.keys(first.statement!).sort()).toEqual([...CHANNELS].sort());
      for (const [channel, text] of templates(first)) {
        expect(bilingual(text), channel).toBe(true);
        if (!bilingual(text)) continue;
        expect(text.en.trim().length, `${channel} en`).toBeGreaterThan(0);
        expect(text.zh.trim().length, `${channel} zh`).toBeGreaterThan(0);
      }
    },
  );

  it.each(HIGH_AND_ABOVE)(
    'at %s: every {{hole}} of the first statement names a required input recorded by an earlier, unconditional step',
    (severity) => {
      const steps = planSteps(plan(id, severity));
      const firstAt = steps.findIndex(isPublicStatement);
      const earlier = steps.slice(0, firstAt);
      const recorded = new Map(
        earlier.filter((s) => s.when === undefined).flatMap((s) => (s.inputs ?? []).map((i) => [i.id, i] as const)),
      );
      const missing: string[] = [];
      const profile = fromProfile(severity, id);
      for (const [channel, text] of templates(steps[firstAt]!))
        for (const lang of ['en', 'zh'] as const) {
          const t = bilingual(text) ? text[lang] : String(text);
          for (const hole of holes(t))
            if (!profile.has(hole) && !recorded.get(hole)?.required) missing.push(`${channel}.${lang}: {{${hole}}}`);
        }
      expect(missing, missing.join('\n')).toEqual([]);
    },
  );

  it('the first statement names the spokesperson ({{spokesperson-name}}) in some channel', () => {
    const first = planSteps(plan(id, 'high')).find(isPublicStatement)!;
    const used = new Set(templates(first).flatMap(([, t]) => (bilingual(t) ? [...holes(t.en), ...holes(t.zh)] : [])));
    expect(used.has('spokesperson-name'), 'spokesperson-name is used in some channel').toBe(true);
  });

  it.each(SEVERITIES)(
    'at %s: every hole of every statement is recorded earlier, by a step that applies whenever the statement does',
    (severity) => {
      const steps = planSteps(plan(id, severity));
      const problems: string[] = [];
      const profile = fromProfile(severity, id);
      steps.forEach((s, at) => {
        for (const [channel, text] of templates(s))
          for (const t of bilingual(text) ? [text.en, text.zh] : [String(text)])
            for (const hole of holes(t)) {
              if (profile.has(hole)) continue;
              // A written report to a regulator goes when its duty applies, often before the whole picture is
              // recorded: its holes are its own inputs or inputs of the plan, and the statement screen asks for
              // any not yet recorded (the CAC Measures allow the first two sections first).
              if (s.source === 'duties') {
                if (!steps.some((x) => x.inputs?.some((i) => i.id === hole)))
                  problems.push(`${s.id}.${channel}: {{${hole}}} is recorded by no step of the plan`);
                continue;
              }
              const by = steps.findIndex((x) => x.inputs?.some((i) => i.id === hole));
              const input = steps[by]?.inputs?.find((i) => i.id === hole);
              if (by < 0 || by >= at)
                problems.push(`${s.id}.${channel}: {{${hole}}} is not recorded before the statement`);
              else if (!input?.required) problems.push(`${s.id}.${channel}: {{${hole}}} is an optional input`);
              else if (steps[by]!.when !== undefined && JSON.stringify(steps[by]!.when) !== JSON.stringify(s.when))
                problems.push(
                  `${s.id}.${channel}: {{${hole}}} comes from ${steps[by]!.id}, which applies only sometimes`,
                );
            }
      });
      expect([...new Set(problems)], problems.join('\n')).toEqual([]);
    },
  );
});

describe('apology in the first statement', () => {
  const first = (id: string) => planSteps(plan(id, 'high')).find(isPublicStatement)!;
  const apologises = (t: { en: string; zh: string }) => /\bsorry\b|apologi[sz]e/i.test(t.en) && /歉/.test(t.zh);

  // The brief: product quality "an apology through official channels at once",
  // customer service "public apology ... on social media", cybersecurity "and apologise".
  it.each(['product-quality', 'customer-service', 'cybersecurity'])(
    '%s apologises on every channel, in both languages',
    (id) => {
      for (const [channel, text] of templates(first(id))) {
        expect(bilingual(text) && apologises(text), channel).toBe(true);
      }
    },
  );

  it('brand-image apologises on the website and in the e-mail (its stance is in {{responsibility-position}} everywhere)', () => {
    const statement = first('brand-image').statement!;
    for (const channel of ['website', 'email']) {
      const text = statement[channel];
      expect(bilingual(text) && apologises(text), channel).toBe(true);
    }
    for (const [channel, text] of templates(first('brand-image'))) {
      if (!bilingual(text)) continue;
      expect(holes(text.en), channel).toContain('responsibility-position');
    }
  });
});

describe('statement templates across the library', () => {
  const statementSteps = () =>
    library().playbooks.flatMap((e) =>
      e.data.phases.flatMap((p) =>
        'steps' in p ? p.steps.filter((s) => s.statement).map((s) => ({ playbook: e.id, step: s })) : [],
      ),
    );

  it('use only the five standard channels', () => {
    for (const { playbook, step } of statementSteps())
      for (const channel of Object.keys(step.statement!))
        expect(CHANNELS as readonly string[], `${playbook}/${step.id}`).toContain(channel);
  });

  it('have an English and a Chinese version with the same holes in each channel', () => {
    const bad: string[] = [];
    for (const { playbook, step } of statementSteps())
      for (const [channel, text] of Object.entries(step.statement!)) {
        if (!bilingual(text)) {
          bad.push(`${playbook}/${step.id}.${channel}: not an {en, zh} map`);
          continue;
        }
        const en = [...new Set(holes(text.en))].sort();
        const zh = [...new Set(holes(text.zh))].sort();
        if (JSON.stringify(en) !== JSON.stringify(zh))
          bad.push(`${playbook}/${step.id}.${channel}: en {{${en.join(', ')}}} vs zh {{${zh.join(', ')}}}`);
      }
    expect(bad, bad.join('\n')).toEqual([]);
  });

  it('every crisis uses every channel at high and above, all but the press release at medium, no press at low; the update covers four', () => {
    for (const id of CRISES)
      for (const severity of SEVERITIES) {
        // The regulator channel carries a written report to an authority (playbooks/duties), not a public message.
        const channels = new Set(
          planSteps(plan(id, severity)).flatMap((s) => Object.keys(s.statement ?? {}).filter((c) => c !== 'regulator')),
        );
        if (severity === 'low') {
          expect(channels.has('press-release'), `${id} at low`).toBe(false);
          expect(channels.has('social') && channels.has('hotline'), `${id} at low`).toBe(true);
          continue;
        }
        const expected = HIGH_AND_ABOVE.includes(severity) ? CHANNELS : CHANNELS.filter((c) => c !== 'press-release');
        expect([...channels].sort(), `${id} at ${severity}`).toEqual([...expected].sort());
      }
    const update = statementSteps().find((x) => x.step.id === 'mc-channel-update');
    expect(Object.keys(update!.step.statement!).sort()).toEqual(['email', 'hotline', 'social', 'website']);
    expect(update!.step.due).toBe('update-every');
  });

  // One press release, not two at the same deadline: the media strategy sends the first statement's.
  it('the press release template lives only in each first statement, used from high severity up', () => {
    const withPress = statementSteps().filter((x) => x.step.statement!['press-release']);
    expect(withPress.map((x) => `${x.playbook}/${x.step.id}`).sort()).toEqual(
      CRISES.map((c) => `${c}/issue-first-statement`).sort(),
    );
    for (const { step } of withPress) expect(step['channel-severity']?.['press-release']).toBe('high');
  });
});
