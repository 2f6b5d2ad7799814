/**
 * The built-in library as a whole: it validates with zero problems (the
 * `crisis validate --strict` bar), it has the ten playbooks of the brief with
 * the right kinds, every crisis links its strategies and the post-crisis
 * review, sets the three standard targets, and is laid out in the order a
 * responder works.
 */
import { isPublicStatement } from '../../src/playbook/constants.js';
import { describe, expect, it } from 'vitest';
import { planSteps } from '../../src/playbook/compose.js';
import { parseDuration } from '../../src/playbook/duration.js';
import { checkLibrary, formatProblem } from '../../src/playbook/library.js';
import { MAX_CHECKLIST_ITEMS } from '../../src/playbook/lint.js';
import { PRINCIPLES, SEVERITIES, STEP_TAGS } from '../../src/playbook/schema.js';
import type { Playbook } from '../../src/playbook/types.js';
import { CRISES, REVIEWS, STRATEGIES, builtin, builtinFiles, library, ownSteps, plan } from './builtin.js';

const data = (id: string): Playbook => {
  const entry = library().get(id);
  if (!entry) throw new Error(`no playbook "${id}"`);
  return entry.data;
};

describe('the whole built-in library validates cleanly', () => {
  it('every file parses against the schema', () => {
    const { files } = builtin();
    expect(files.length).toBeGreaterThanOrEqual(10);
    const broken = files
      .filter((f) => !f.parsed.data)
      .map((f) => `${f.file}: ${f.parsed.problems.map((p) => p.message).join('; ')}`);
    expect(broken, broken.join('\n')).toEqual([]);
  });

  it('checkLibrary reports zero problems, warnings included (validate --strict)', () => {
    const problems = checkLibrary(library());
    expect(problems, `expected no problems, got:\n${problems.map(formatProblem).join('\n')}`).toHaveLength(0);
  });

  it('compose succeeds with no problem for every playbook at every severity', () => {
    for (const entry of library().playbooks)
      for (const severity of SEVERITIES) {
        const p = plan(entry.id, severity);
        expect(p.id).toBe(entry.id);
        expect(p.severity).toBe(severity);
      }
  });

  it('no built-in file overrides another (ids are unique across the library)', () => {
    for (const entry of library().playbooks) expect(entry.overrides, entry.id).toEqual([]);
    expect(library().problems).toEqual([]);
  });
});

describe('the ten playbooks of the brief, and the severity rating', () => {
  it('has exactly the four crises, five strategies plus severity-rating and stakeholders and the two reviews, with the right kinds', () => {
    const kinds = Object.fromEntries(library().playbooks.map((e) => [e.id, e.kind]));
    expect(kinds).toEqual({
      ...Object.fromEntries(CRISES.map((id) => [id, 'crisis'])),
      ...Object.fromEntries(STRATEGIES.map((id) => [id, 'strategy'])),
      ...Object.fromEntries(REVIEWS.map((id) => [id, 'review'])),
    });
  });

  it('files sit in the folder of their kind and are named after their id', () => {
    const folder = { crisis: 'crises', strategy: 'strategies', review: 'review' } as const;
    for (const entry of library().playbooks) expect(entry.file).toBe(`${folder[entry.kind]}/${entry.id}.yaml`);
    const playbookFiles = builtinFiles().filter((f) => !f.startsWith('drills/') && !f.startsWith('duties/'));
    expect(playbookFiles).toHaveLength(13);
    for (const entry of library().catalogues) expect(entry.file).toBe(`duties/${entry.id}.yaml`);
  });

  it('task-force defines the standard roles once; no other playbook redefines them', () => {
    const standard = [
      'incident-lead',
      'spokesperson',
      'pr',
      'marketing',
      'sales',
      'customer-service',
      'legal',
      'security',
      'quality',
      'leadership',
    ];
    expect((data('task-force').roles ?? []).map((r) => r.id)).toEqual(standard);
    for (const entry of library().playbooks) {
      if (entry.id === 'task-force') continue;
      const redefined = (entry.data.roles ?? []).map((r) => r.id).filter((id) => standard.includes(id));
      expect(redefined, entry.id).toEqual([]);
    }
  });

  it('task-force records the incident lead and spokesperson as person inputs that assign the roles', () => {
    const inputs = ownSteps('task-force').flatMap((s) => s.inputs ?? []);
    expect(inputs.find((i) => i.id === 'spokesperson-name')).toMatchObject({
      type: 'person',
      'assigns-role': 'spokesperson',
      required: true,
    });
    expect(inputs.find((i) => i.id === 'incident-lead-name')).toMatchObject({
      type: 'person',
      'assigns-role': 'incident-lead',
      required: true,
    });
  });

  it('strategies prefix their step ids (tf-, rp-, mc-, md-, sm-) and the review uses pc-', () => {
    const prefix: Record<string, string> = {
      'task-force': 'tf-',
      'response-plan': 'rp-',
      'multi-channel': 'mc-',
      media: 'md-',
      'social-media': 'sm-',
      'post-crisis': 'pc-',
    };
    for (const [id, p] of Object.entries(prefix)) {
      const bad = ownSteps(id)
        .filter((s) => !s.id.startsWith(p))
        .map((s) => s.id);
      expect(bad, id).toEqual([]);
    }
  });
});

describe('each crisis playbook', () => {
  const expectedStrategies: Record<(typeof CRISES)[number], string[]> = {
    'product-quality': [
      'task-force',
      'severity-rating',
      'response-plan',
      'multi-channel',
      'media',
      'social-media',
      'stakeholders',
    ],
    'customer-service': [
      'task-force',
      'severity-rating',
      'response-plan',
      'multi-channel',
      'social-media',
      'stakeholders',
    ],
    'brand-image': [
      'task-force',
      'severity-rating',
      'response-plan',
      'multi-channel',
      'social-media',
      'media',
      'stakeholders',
    ],
    cybersecurity: [
      'task-force',
      'severity-rating',
      'response-plan',
      'multi-channel',
      'social-media',
      'media',
      'stakeholders',
    ],
  };

  it.each(CRISES)('%s links review: post-crisis, and the review is a review playbook', (id) => {
    expect(data(id).review).toBe('post-crisis');
    expect(library().get('post-crisis')?.kind).toBe('review');
    expect(plan(id, 'high').review).toBe('post-crisis');
  });

  it.each(CRISES)('%s use:s task-force first, then multi-channel and the other strategies that fit it', (id) => {
    const uses = data(id).phases.flatMap((p) => ('use' in p ? [p.use] : []));
    // A strategy may be spliced phase by phase (use: … phases:) to keep the walk in deadline order.
    expect(uses[0]).toBe('task-force');
    expect(planSteps(plan(id, 'critical'))[0]!.source).toBe('task-force');
    expect(uses).toContain('multi-channel');
    expect(new Set(uses)).toEqual(new Set(expectedStrategies[id]));
    for (const u of uses) expect(library().get(u)?.kind, u).toBe('strategy');
    expect(new Set(plan(id, 'critical').strategies)).toEqual(new Set(expectedStrategies[id]));
    // Every phase of every used strategy lands in the plan exactly once.
    const p = plan(id, 'critical');
    for (const s of expectedStrategies[id]) {
      const phases = library()
        .get(s)!
        .data.phases.flatMap((ph) => ('id' in ph ? [ph.id] : []));
      const placed = p.phases.filter((ph) => ph.source === s).map((ph) => ph.id);
      expect(new Set(placed), s).toEqual(new Set(phases));
      expect(placed.length, s).toBe(new Set(placed).size);
    }
  });

  it('every strategy is used by at least one crisis', () => {
    const used = new Set(CRISES.flatMap((id) => plan(id, 'critical').strategies));
    for (const s of STRATEGIES) expect(used.has(s), s).toBe(true);
  });

  it.each(CRISES)(
    '%s sets the assessment, first-statement and update-every targets, assessment no later than the first statement',
    (id) => {
      const targets = data(id).targets ?? {};
      for (const t of ['assessment', 'first-statement', 'update-every']) expect(targets[t], t).toMatch(/^\d+[smhd]$/);
      const assessment = parseDuration(targets['assessment']!)!;
      const firstStatement = parseDuration(targets['first-statement']!)!;
      expect(assessment).toBeLessThanOrEqual(firstStatement);
      // "at once": the first statement is due within hours, not days.
      expect(firstStatement).toBeLessThanOrEqual(parseDuration('4h')!);
    },
  );

  it.each(CRISES)('%s has a default severity and a summary', (id) => {
    expect(data(id).severity?.default).toMatch(/^(low|medium|high|critical)$/);
    expect(data(id).summary).toBeDefined();
  });

  it.each(CRISES)(
    '%s: the assessment step is due at the assessment target and the first statement at the first-statement target',
    (id) => {
      const steps = planSteps(plan(id, 'high'));
      const assessment = steps.filter((s) => s.source === id && s.tags?.includes('assessment'));
      expect(assessment.length, 'one assessment step of its own').toBeGreaterThanOrEqual(1);
      expect(assessment[0]!.due).toBe('assessment');
      const first = steps.find(isPublicStatement);
      expect(first?.source).toBe(id);
      expect(first?.due).toBe('first-statement');
    },
  );

  it.each(CRISES)(
    '%s carries every principle-lint marker in its own steps (assessment, legal-review, apology-decision, corrective-action, monitoring)',
    (id) => {
      const tags = new Set(ownSteps(id).flatMap((s) => s.tags ?? []));
      for (const tag of ['assessment', 'legal-review', 'apology-decision', 'corrective-action', 'monitoring'])
        expect(tags.has(tag as never), tag).toBe(true);
    },
  );

  it.each(CRISES)('%s ends by handing over to the post-crisis review', (id) => {
    const phases = data(id).phases;
    const last = phases[phases.length - 1]!;
    expect('steps' in last, "the last phase is the crisis's own close phase, not a use:").toBe(true);
    for (const severity of SEVERITIES) {
      const steps = planSteps(plan(id, severity));
      const final = steps[steps.length - 1]!;
      expect(final.id, severity).toBe('hand-over-to-review');
      expect(final.source).toBe(id);
      expect(final.owner).toBe('incident-lead');
      expect(final.when).toBeUndefined();
    }
  });
});

describe('phases in the order a responder works', () => {
  const firstIndex = (id: string, pred: (s: ReturnType<typeof planSteps>[number]) => boolean) =>
    planSteps(plan(id, 'critical')).findIndex(pred);

  it.each(CRISES)(
    '%s: roles named, then assessment, legal check, first statement, then monitoring and corrective action, review hand-over last',
    (id) => {
      const steps = planSteps(plan(id, 'critical'));
      const at = (tag: string) => steps.findIndex((s) => s.tags?.includes(tag as never));
      const roles = at('role-assignment');
      const assessment = at('assessment');
      const legal = at('legal-review');
      const statement = steps.findIndex(isPublicStatement);
      const corrective = at('corrective-action');
      // Monitoring runs throughout (brand-image also watches its risk points early); its last step comes after the fix.
      const ownMonitoring = steps
        .map((s) => s.source === id && (s.tags?.includes('monitoring') ?? false))
        .lastIndexOf(true);
      const handOver = steps.findIndex((s) => s.id === 'hand-over-to-review');
      const order = { roles, assessment, legal, statement, corrective, ownMonitoring, handOver };
      for (const [k, v] of Object.entries(order)) expect(v, k).toBeGreaterThanOrEqual(0);
      expect(roles).toBeLessThan(assessment);
      expect(assessment).toBeLessThan(legal);
      expect(legal).toBeLessThan(statement);
      expect(statement).toBeLessThan(corrective);
      // Monitoring (due every update) comes before the multi-day fixes since the walk follows deadlines.
      expect(statement).toBeLessThan(ownMonitoring);
      expect(corrective).toBeLessThan(handOver);
      expect(ownMonitoring).toBeLessThan(handOver);
      expect(handOver).toBe(steps.length - 1);
    },
  );

  it.each(CRISES)('%s: the apology/compensation decision comes after the assessment', (id) => {
    expect(firstIndex(id, (s) => s.tags?.includes('apology-decision') ?? false)).toBeGreaterThan(
      firstIndex(id, (s) => s.tags?.includes('assessment') ?? false),
    );
  });

  it.each(CRISES)('%s: its own phases run in order of their earliest deadline', (id) => {
    const p = plan(id, 'critical');
    const deadline = (due: string) => parseDuration(due) ?? parseDuration(p.targets[due] ?? '');
    const own = p.phases.filter((ph) => ph.source === id);
    const earliest = own
      .map((ph) => ({
        phase: ph.id,
        at: Math.min(...ph.steps.map((s) => (s.due === 'update-every' ? Infinity : (deadline(s.due!) ?? Infinity)))),
      }))
      // A do-confirm phase worked at every update has no fixed deadline; it sits where it is read.
      .filter((e) => Number.isFinite(e.at));
    expect(earliest.length).toBeGreaterThanOrEqual(4);
    for (let i = 1; i < earliest.length; i++)
      expect(earliest[i]!.at, `${earliest[i]!.phase} starts before ${earliest[i - 1]!.phase}`).toBeGreaterThanOrEqual(
        earliest[i - 1]!.at,
      );
  });

  it.each(CRISES)('%s: every do-confirm phase has a pause point', (id) => {
    for (const ph of plan(id, 'critical').phases) {
      if (ph.mode === 'do-confirm') expect(ph['pause-point'], ph.id).toBeDefined();
    }
  });
});

describe('every step of every playbook is a usable procedure step', () => {
  const all = () => library().playbooks.flatMap((e) => ownSteps(e.id).map((s) => ({ playbook: e.id, step: s })));

  it('has an owner, a due, at least one principle, and at most nine checklist items', () => {
    const bad: string[] = [];
    for (const { playbook, step } of all()) {
      if (!step.owner) bad.push(`${playbook}/${step.id}: no owner`);
      if (!step.due) bad.push(`${playbook}/${step.id}: no due`);
      if (!step.principles || step.principles.length === 0) bad.push(`${playbook}/${step.id}: no principles`);
      if ((step.checklist?.length ?? 0) > MAX_CHECKLIST_ITEMS)
        bad.push(`${playbook}/${step.id}: ${step.checklist!.length} checklist items`);
      if (!step.checklist || step.checklist.length === 0) bad.push(`${playbook}/${step.id}: no checklist`);
      if (!step.guidance) bad.push(`${playbook}/${step.id}: no guidance`);
      for (const p of step.principles ?? [])
        if (!PRINCIPLES.includes(p)) bad.push(`${playbook}/${step.id}: principle ${p}`);
      for (const t of step.tags ?? []) if (!STEP_TAGS.includes(t)) bad.push(`${playbook}/${step.id}: tag ${t}`);
    }
    expect(bad, bad.join('\n')).toEqual([]);
  });

  it('every statement step has an approver, and the first statement of each crisis is approved by legal', () => {
    for (const { playbook, step } of all())
      if (step.statement) expect(step['approve-by'], `${playbook}/${step.id}`).toBeDefined();
    for (const id of CRISES)
      expect(planSteps(plan(id, 'high')).find(isPublicStatement)?.['approve-by'], id).toBe('legal');
  });

  it('a do-confirm phase carries at most nine checklist items in all', () => {
    for (const entry of library().playbooks)
      for (const ph of entry.data.phases) {
        if (!('steps' in ph) || ph.mode !== 'do-confirm') continue;
        const items = ph.steps.reduce((n, s) => n + (s.checklist?.length ?? 0), 0);
        expect(items, `${entry.id}/${ph.id}`).toBeLessThanOrEqual(MAX_CHECKLIST_ITEMS);
      }
  });

  it('step ids and input ids are unique in every composed plan', () => {
    for (const entry of library().playbooks) {
      const steps = planSteps(plan(entry.id, 'critical'));
      const ids = steps.map((s) => s.id);
      expect(new Set(ids).size, entry.id).toBe(ids.length);
      const inputs = steps.flatMap((s) => (s.inputs ?? []).map((i) => i.id));
      expect(new Set(inputs).size, entry.id).toBe(inputs.length);
    }
  });
});
