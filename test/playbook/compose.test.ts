import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  compose,
  planContent,
  planHash,
  planInputs,
  planSteps,
  type Plan,
} from '../../src/playbook/compose.js';
import { CRISIS, FIXTURE_FILES, MEDIUM_STEPS, posOf } from '../helpers/fixtures.js';
import { libraryOf, plain } from '../helpers/library.js';

const library = libraryOf(FIXTURE_FILES);

function plan(id: string, options: Parameters<typeof compose>[2] = {}): Plan {
  const result = compose(library, id, options);
  expect(plain(result.problems)).toEqual([]);
  return result.plan!;
}
const stepIds = (p: Plan) => planSteps(p).map((s) => s.id);

/** Two strategies that use each other. */
const cycle = (a: string, b: string) => ({
  [`${a}.yaml`]: `id: ${a}\nkind: strategy\ntitle: A\nphases:\n  - use: ${b}\n`,
  [`${b}.yaml`]: `id: ${b}\nkind: strategy\ntitle: B\nphases:\n  - id: ${b}-p\n    title: P\n    steps:\n      - { id: ${b}-s, title: S }\n  - use: ${a}\n`,
});

describe('compose: use splicing', () => {
  it('splices each used strategy in place, between the crisis phases', () => {
    const p = plan('widget-recall');
    expect(p.phases.map((ph) => [ph.id, ph.source])).toEqual([
      ['wr-assess', 'widget-recall'],
      ['tf-mobilise', 'task-force'],
      ['wr-act', 'widget-recall'],
      ['cm-statement', 'comms'],
    ]);
    expect(p.strategies).toEqual(['task-force', 'comms']);
    expect(stepIds(p)).toEqual(MEDIUM_STEPS);
  });

  it('marks each step with its phase and the playbook it comes from', () => {
    const steps = planSteps(plan('widget-recall'));
    expect(steps.find((s) => s.id === 'tf-name-leads')).toMatchObject({ phase: 'tf-mobilise', source: 'task-force' });
    expect(steps.find((s) => s.id === 'wr-confirm')).toMatchObject({ phase: 'wr-assess', source: 'widget-recall' });
  });

  it('collects the standard roles from task-force, then the playbook roles', () => {
    expect(plan('widget-recall').roles.map((r) => [r.id, r.source])).toEqual([
      ['incident-lead', 'task-force'],
      ['spokesperson', 'task-force'],
      ['legal', 'task-force'],
      ['quality-lead', 'widget-recall'],
    ]);
  });

  it('keeps the crisis targets, summary and review link', () => {
    expect(plan('widget-recall')).toMatchObject({
      id: 'widget-recall',
      kind: 'crisis',
      title: { en: 'Widget recall', zh: '小部件召回' },
      summary: 'A batch of widgets is faulty.',
      targets: { assessment: '30m', 'first-statement': '1h', 'update-every': '4h' },
      review: 'post-crisis',
    });
  });

  it('a strategy used twice is spliced once', () => {
    const lib = libraryOf({
      ...FIXTURE_FILES,
      'twice.yaml':
        'id: twice\nkind: crisis\ntitle: T\nphases:\n  - use: media\n  - id: t-p\n    title: P\n    steps:\n      - { id: t-s, title: S }\n  - use: media\n',
    });
    const result = compose(lib, 'twice');
    expect(result.plan!.strategies).toEqual(['media']);
    expect(planSteps(result.plan!).map((s) => s.id)).toEqual(['md-brief', 't-s']);
  });

  describe('use: with phases:', () => {
    const TWO =
      'id: two\nkind: strategy\ntitle: Two\nphases:\n  - id: two-a\n    title: A\n    steps: [ { id: two-a1, title: A1 } ]\n  - id: two-b\n    title: B\n    steps: [ { id: two-b1, title: B1 } ]\n';
    const user = (phases: string) =>
      `id: user\nkind: crisis\ntitle: U\nphases:\n  - use: two\n    phases: ${phases}\n  - id: u-mid\n    title: Mid\n    steps: [ { id: u-1, title: One } ]\n  - use: two\n`;

    it('splices only the chosen phases there; a later plain use brings the rest, each phase once', () => {
      const result = compose(libraryOf({ 'two.yaml': TWO, 'user.yaml': user('[two-b]') }), 'user');
      expect(plain(result.problems)).toEqual([]);
      expect(result.plan!.phases.map((p) => p.id)).toEqual(['two-b', 'u-mid', 'two-a']);
      expect(result.plan!.strategies).toEqual(['two']);
    });

    it('--with a strategy already spliced adds only its phases not yet in the plan', () => {
      const result = compose(
        libraryOf({
          'two.yaml': TWO,
          'user.yaml': 'id: user\nkind: crisis\ntitle: U\nphases:\n  - use: two\n    phases: [two-a]\n',
        }),
        'user',
        { with: ['two'] },
      );
      expect(result.plan!.phases.map((p) => p.id)).toEqual(['two-a', 'two-b']);
    });

    it('a phase the strategy does not have: compose.unknown-phase at that entry', () => {
      const text = user('[two-a, two-c]');
      const result = compose(libraryOf({ 'two.yaml': TWO, 'user.yaml': text }), 'user');
      expect(result.plan).toBeUndefined();
      expect(plain(result.problems)).toEqual([
        {
          file: 'user.yaml',
          ...posOf(text, 'two-c'),
          severity: 'error',
          code: 'compose.unknown-phase',
          message: 'use: strategy "two" has no phase "two-c" (phases: two-a, two-b)',
        },
      ]);
    });
  });

  it('unknown use: compose.unknown-use at the use value, no plan', () => {
    const text = CRISIS.replace('  - use: comms', '  - use: comms-typo');
    const lib = libraryOf({ ...FIXTURE_FILES, 'crises/widget-recall.yaml': text });
    const result = compose(lib, 'widget-recall');
    expect(result.plan).toBeUndefined();
    expect(plain(result.problems)).toEqual([
      {
        file: 'crises/widget-recall.yaml',
        ...posOf(text, 'comms-typo'),
        severity: 'error',
        code: 'compose.unknown-use',
        message: 'use: unknown strategy "comms-typo"',
      },
    ]);
  });

  it('use cycle a -> b -> a: compose.use-cycle in the file that closes it', () => {
    const files = cycle('alpha', 'beta');
    const lib = libraryOf(files);
    expect(plain(compose(lib, 'alpha').problems)).toEqual([
      {
        file: 'beta.yaml',
        ...posOf(files['beta.yaml']!, 'alpha'),
        severity: 'error',
        code: 'compose.use-cycle',
        message: 'use: cycle alpha -> beta -> alpha',
      },
    ]);
    expect(plain(compose(lib, 'beta').problems)).toEqual([
      {
        file: 'alpha.yaml',
        ...posOf(files['alpha.yaml']!, 'beta'),
        severity: 'error',
        code: 'compose.use-cycle',
        message: 'use: cycle beta -> alpha -> beta',
      },
    ]);
  });

  it('a playbook that uses itself is a cycle', () => {
    const source = 'id: selfish\nkind: strategy\ntitle: S\nphases:\n  - use: selfish\n';
    const result = compose(libraryOf({ 's.yaml': source }), 'selfish');
    expect(result.problems).toMatchObject([
      { code: 'compose.use-cycle', message: 'use: cycle selfish -> selfish', line: 5, col: 10 },
    ]);
  });

  it('use of a crisis (not a strategy) is compose.use-kind', () => {
    const lib = libraryOf({
      ...FIXTURE_FILES,
      'u.yaml': 'id: user\nkind: crisis\ntitle: U\nphases:\n  - use: widget-recall\n',
    });
    expect(compose(lib, 'user').problems).toMatchObject([
      {
        code: 'compose.use-kind',
        message: 'use: "widget-recall" is a crisis playbook, not a strategy',
        line: 5,
        col: 10,
      },
    ]);
  });

  it('an unknown root is compose.unknown-playbook', () => {
    expect(plain(compose(library, 'nope').problems)).toEqual([
      { file: 'nope', severity: 'error', code: 'compose.unknown-playbook', message: 'unknown playbook "nope"' },
    ]);
    expect(compose(library, 'nope').plan).toBeUndefined();
  });
});

describe('compose: --with', () => {
  it('appends strategies not already used, in the order given', () => {
    const p = plan('widget-recall', { with: ['media', 'social-media'] });
    expect(p.strategies).toEqual(['task-force', 'comms', 'media', 'social-media']);
    expect(p.phases.map((ph) => ph.id)).toEqual([
      'wr-assess',
      'tf-mobilise',
      'wr-act',
      'cm-statement',
      'md-press',
      'sm-watch',
    ]);
    expect(stepIds(p)).toEqual([...MEDIUM_STEPS, 'md-brief', 'sm-monitor']);
  });

  it.each([
    [['comms'], ['task-force', 'comms']],
    [
      ['task-force', 'media'],
      ['task-force', 'comms', 'media'],
    ],
    [
      ['media', 'media'],
      ['task-force', 'comms', 'media'],
    ],
    [
      ['social-media', 'media', 'social-media'],
      ['task-force', 'comms', 'social-media', 'media'],
    ],
  ])('--with %j gives strategies %j (no duplicates)', (extra, strategies) => {
    const p = plan('widget-recall', { with: extra });
    expect(p.strategies).toEqual(strategies);
    const ids = stepIds(p);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('--with the root strategy itself adds nothing', () => {
    expect(plan('media', { with: ['media'] }).strategies).toEqual([]);
  });

  it('--with an unknown strategy: compose.unknown-with, no plan', () => {
    expect(plain(compose(library, 'widget-recall', { with: ['media', 'nope'] }).problems)).toEqual([
      { file: '--with', severity: 'error', code: 'compose.unknown-with', message: '--with: unknown strategy "nope"' },
    ]);
    expect(compose(library, 'widget-recall', { with: ['media', 'nope'] }).plan).toBeUndefined();
  });

  it('--with a crisis: compose.with-kind', () => {
    expect(compose(library, 'media', { with: ['widget-recall'] }).problems).toMatchObject([
      { code: 'compose.with-kind', message: '--with: "widget-recall" is a crisis playbook, not a strategy' },
    ]);
  });
});

describe('compose: severity', () => {
  it('defaults to the playbook default, then medium', () => {
    expect(plan('widget-recall').severity).toBe('medium');
    expect(plan('media').severity).toBe('medium');
    const lib = libraryOf({
      ...FIXTURE_FILES,
      'crises/widget-recall.yaml': CRISIS.replace('default: medium', 'default: critical'),
    });
    expect(compose(lib, 'widget-recall').plan!.severity).toBe('critical');
  });

  it('drops a severity-at-least: high step at medium and keeps it at high', () => {
    expect(stepIds(plan('widget-recall', { severity: 'medium' }))).not.toContain('wr-escalate');
    const high = plan('widget-recall', { severity: 'high' });
    expect(stepIds(high)).toEqual([
      'wr-confirm',
      'tf-name-leads',
      'wr-recall',
      'wr-escalate',
      'wr-apology',
      'wr-statement',
      'cm-legal-check',
      'cm-first-statement',
    ]);
    // the condition is settled by the severity, so the kept step has none left
    expect(planSteps(high).find((s) => s.id === 'wr-escalate')!.when).toBeUndefined();
  });

  it.each([
    ['low', { fact: 'safety-risk', equals: true }],
    ['medium', { fact: 'safety-risk', equals: true }],
    ['high', { fact: 'safety-risk', equals: true }],
    ['critical', undefined],
  ] as const)('at %s the recall step keeps when = %j', (severity, when) => {
    expect(planSteps(plan('widget-recall', { severity })).find((s) => s.id === 'wr-recall')!.when).toEqual(when);
  });

  it('a phase whose steps are all dropped disappears', () => {
    const lib = libraryOf({
      ...FIXTURE_FILES,
      'x.yaml':
        'id: x\nkind: strategy\ntitle: X\nphases:\n  - id: x-a\n    title: A\n    steps:\n      - { id: x-a1, title: A1 }\n  - id: x-b\n    title: B\n    steps:\n      - { id: x-b1, title: B1, when: { severity-at-least: critical } }\n',
    });
    expect(compose(lib, 'x', { severity: 'high' }).plan!.phases.map((p) => p.id)).toEqual(['x-a']);
    expect(compose(lib, 'x', { severity: 'critical' }).plan!.phases.map((p) => p.id)).toEqual(['x-a', 'x-b']);
  });
});

describe('compose: phases made once', () => {
  it('plans of one library share a phase made with the same options; other options make their own', () => {
    const a = compose(library, 'widget-recall', { severity: 'medium' }).plan!;
    const b = compose(library, 'widget-recall', { severity: 'medium' }).plan!;
    expect(a).not.toBe(b);
    expect(a.phases.map((p) => p.id)).toEqual(['wr-assess', 'tf-mobilise', 'wr-act', 'cm-statement']);
    a.phases.forEach((phase, i) => expect(b.phases[i]).toBe(phase));
    const high = compose(library, 'widget-recall', { severity: 'high' }).plan!;
    // wr-act holds wr-escalate at high only: a phase made for medium would have lost it
    expect(high.phases[2]).not.toBe(a.phases[2]);
    expect(high.phases[2]!.steps.map((s) => s.id)).toContain('wr-escalate');
    expect(a.phases[2]!.steps.map((s) => s.id)).not.toContain('wr-escalate');
    // another library composes its own, though its files say the same
    const other = compose(libraryOf(FIXTURE_FILES), 'widget-recall', { severity: 'medium' }).plan!;
    expect(other.phases[1]).not.toBe(a.phases[1]);
    expect(other.phases[1]).toEqual(a.phases[1]);
  });
});

describe('origins', () => {
  it('every phase, step and input says which file and path it was written at', () => {
    const p = plan('widget-recall');
    const mobilise = p.phases.find((ph) => ph.id === 'tf-mobilise')!;
    expect(mobilise.origin).toEqual({
      playbook: 'task-force',
      file: 'strategies/task-force.yaml',
      path: ['phases', 0],
    });
    const leads = planSteps(p).find((s) => s.id === 'tf-name-leads')!;
    expect(leads.origin).toEqual({
      playbook: 'task-force',
      file: 'strategies/task-force.yaml',
      path: ['phases', 0, 'steps', 0],
    });
    expect(leads.inputs![0]!.origin.path).toEqual(['phases', 0, 'steps', 0, 'inputs', 0]);
    expect(library.get('task-force')!.locate(leads.inputs![0]!.origin.path)).toEqual({ line: 18, col: 13 });
  });

  it('the plan hash and the plan JSON leave origins out: moving a file is no playbook change', () => {
    const moved = libraryOf(
      Object.fromEntries(Object.entries(FIXTURE_FILES).map(([file, text]) => [`elsewhere/${file}`, text])),
    );
    const there = compose(moved, 'widget-recall').plan!;
    expect(planSteps(there)[0]!.origin.file).toBe('elsewhere/crises/widget-recall.yaml');
    expect(planHash(there)).toBe(planHash(plan('widget-recall')));
    expect(JSON.stringify(planContent(there))).not.toContain('origin');
  });
});

describe('planInputs, planHash, canonicalJson', () => {
  it('lists every input of the plan with the step that records it', () => {
    expect([...planInputs(plan('widget-recall')).entries()].map(([id, i]) => [id, i.type, i.step])).toEqual([
      ['affected-batches', 'text', 'wr-confirm'],
      ['safety-risk', 'yes-no', 'wr-confirm'],
      ['spokesperson-name', 'person', 'tf-name-leads'],
    ]);
  });

  it('the plan hash is stable and changes with the plan', () => {
    const medium = planHash(plan('widget-recall'));
    expect(medium).toMatch(/^[0-9a-f]{64}$/);
    expect(planHash(plan('widget-recall'))).toBe(medium);
    expect(planHash(plan('widget-recall', { severity: 'high' }))).not.toBe(medium);
    expect(planHash(plan('widget-recall', { with: ['media'] }))).not.toBe(medium);
  });

  it.each([
    [{ b: 1, a: [3, { d: undefined, c: null }] }, '{"a":[3,{"c":null}],"b":1}'],
    [[undefined, 'x'], '[null,"x"]'],
    ['s', '"s"'],
    [null, 'null'],
  ])('canonicalJson(%j) = %s', (value, text) => {
    expect(canonicalJson(value)).toBe(text);
  });
});
