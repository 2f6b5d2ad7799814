import { describe, expect, it } from 'vitest';
import { compose } from '../../src/playbook/compose.js';
import { checkLibrary, formatProblem, formatProblemIn } from '../../src/playbook/library.js';
import '../helpers/languages.js';
import { MAX_CHECKLIST_ITEMS, lintPlan } from '../../src/playbook/lint.js';
import type { Problem } from '../../src/playbook/types.js';
import { COMMS, CRISIS, FIXTURE_FILES, TASK_FORCE, posOf } from '../helpers/fixtures.js';
import { libraryOf, plain } from '../helpers/library.js';

const CRISIS_FILE = 'crises/widget-recall.yaml';

/** The fixture library with some files changed or added; every problem checkLibrary finds. */
function check(changes: Record<string, string>): Problem[] {
  return plain(checkLibrary(libraryOf({ ...FIXTURE_FILES, ...changes }))) as Problem[];
}
/** The crisis fixture with one text replaced (the text must be there). */
function crisisWith(from: string, to: string): string {
  expect(CRISIS).toContain(from);
  return CRISIS.replace(from, to);
}
const withCode = (problems: Problem[], code: string) => problems.filter((p) => p.code === code);

describe('the fixture library', () => {
  it('is clean: no errors, no warnings', () => {
    expect(checkLibrary(libraryOf(FIXTURE_FILES)).map(formatProblem)).toEqual([]);
  });
});

describe('reference checks (errors)', () => {
  it('ids.duplicate-step: a step id used twice across the composed plan', () => {
    const text = crisisWith('- id: wr-apology', '- id: tf-name-leads');
    expect(check({ [CRISIS_FILE]: text })).toEqual([
      {
        file: CRISIS_FILE,
        ...posOf(text, 'tf-name-leads'),
        severity: 'error',
        code: 'ids.duplicate-step',
        message: 'step id "tf-name-leads" is used twice in plan widget-recall (also in task-force)',
      },
    ]);
  });

  // Regression: a duplicate inside one phase was reported at the first step.
  it('ids.duplicate-step inside one phase points at the second step', () => {
    const text = crisisWith('- id: wr-apology', '- id: wr-recall');
    const found = withCode(check({ [CRISIS_FILE]: text }), 'ids.duplicate-step');
    expect(found).toMatchObject([{ ...posOf(text, 'wr-recall', CRISIS.indexOf('wr-apology') - 20) }]);
  });

  it('ids.duplicate-input: two steps record the same fact', () => {
    const text = crisisWith(
      'tags: [apology-decision]',
      'tags: [apology-decision]\n        inputs: [ { id: safety-risk, label: Again, type: yes-no } ]',
    );
    expect(check({ [CRISIS_FILE]: text })).toEqual([
      {
        file: CRISIS_FILE,
        ...posOf(text, 'safety-risk, label: Again'),
        severity: 'error',
        code: 'ids.duplicate-input',
        message: 'input id "safety-risk" is recorded by two steps in plan widget-recall',
      },
    ]);
  });

  it('ids.duplicate-file: two files with one id in the same directory', () => {
    const copy = TASK_FORCE.replace('title: { en: Task force, zh: 工作组 }', 'title: Copy');
    expect(check({ 'strategies/task-force-copy.yaml': copy })).toEqual([
      {
        file: 'strategies/task-force-copy.yaml',
        line: 1,
        col: 5,
        severity: 'error',
        code: 'ids.duplicate-file',
        message: 'id "task-force" is already used by strategies/task-force.yaml',
      },
    ]);
  });

  it.each([
    [
      'owner',
      'owner: quality-lead\n        tags: [corrective-action]',
      'owner: nobody\n        tags: [corrective-action]',
      'nobody',
      'owner: unknown role "nobody" (define it in roles: or use a task-force role)',
    ],
    ['approve-by', 'approve-by: legal', 'approve-by: lawyers', 'lawyers', 'approve-by: unknown role "lawyers"'],
    [
      'assigns-role',
      'type: text, required: true }',
      'type: person, assigns-role: auditor }',
      'auditor',
      'assigns-role: unknown role "auditor"',
    ],
  ])('roles.unknown: %s', (_field, from, to, needle, message) => {
    const text = crisisWith(from, to);
    expect(withCode(check({ [CRISIS_FILE]: text }), 'roles.unknown')).toEqual([
      { file: CRISIS_FILE, ...posOf(text, needle), severity: 'error', code: 'roles.unknown', message },
    ]);
  });

  it('roles.unknown: a role defined in another crisis does not count', () => {
    const other = crisisWith('id: widget-recall', 'id: other-crisis').replace('owner: quality-lead', 'owner: auditor');
    const found = check({
      'crises/other.yaml': other.replace('- { id: quality-lead', '- { id: auditor, title: A }\n  - { id: quality-lead'),
    });
    expect(found).toEqual([]);
    const found2 = check({ 'crises/other.yaml': other });
    expect(found2).toMatchObject([
      {
        file: 'crises/other.yaml',
        code: 'roles.unknown',
        message: 'owner: unknown role "auditor" (define it in roles: or use a task-force role)',
      },
    ]);
  });

  it('due.unknown-target: a due that names no target', () => {
    const text = crisisWith('due: assessment', 'due: assesment');
    expect(check({ [CRISIS_FILE]: text })).toEqual([
      {
        file: CRISIS_FILE,
        ...posOf(text, 'assesment'),
        severity: 'error',
        code: 'due.unknown-target',
        message:
          'due: "assesment" is neither a duration (45s, 30m, 4h, 2d) nor a target of widget-recall (assessment, first-statement, update-every)',
      },
    ]);
  });

  it("due.unknown-target: a crisis gets no standard targets it did not define; its strategies' dues fail in its plan", () => {
    const text = crisisWith('  first-statement: 1h\n', '');
    const message =
      'due: "first-statement" is neither a duration (45s, 30m, 4h, 2d) nor a target of widget-recall (assessment, update-every)';
    const comms = FIXTURE_FILES['strategies/comms.yaml']!;
    expect(withCode(check({ [CRISIS_FILE]: text }), 'due.unknown-target')).toEqual([
      {
        file: CRISIS_FILE,
        ...posOf(text, 'first-statement', text.indexOf('wr-statement')),
        severity: 'error',
        code: 'due.unknown-target',
        message,
      },
      {
        file: 'strategies/comms.yaml',
        ...posOf(comms, 'first-statement'),
        severity: 'error',
        code: 'due.unknown-target',
        message,
      },
      {
        file: 'strategies/comms.yaml',
        ...posOf(
          comms,
          'first-statement',
          comms.indexOf('due: first-statement', comms.indexOf('id: cm-first-statement')),
        ),
        severity: 'error',
        code: 'due.unknown-target',
        message,
      },
    ]);
  });

  it('due: a strategy may name the standard targets; a duration always parses', () => {
    const found = check({
      'strategies/extra.yaml':
        'id: extra\nkind: strategy\ntitle: E\nphases:\n  - id: e\n    title: E\n    steps:\n      - { id: e1, title: A, owner: legal, due: update-every }\n      - { id: e2, title: B, owner: legal, due: 2d }\n',
    });
    expect(found).toEqual([]);
  });

  it.each([
    ['a plain fact condition', 'when: { fact: safety-risks, equals: true }'],
    ['inside all', 'when: { all: [ { fact: affected-batches, equals: B-1 }, { fact: safety-risks, equals: true } ] }'],
    ['inside not', 'when: { not: { fact: safety-risks, in: [ true ] } }'],
  ])('when.unknown-fact: a condition on a fact nobody records (%s)', (_name, when) => {
    const text = crisisWith(
      'when: { any: [ { fact: safety-risk, equals: true }, { severity-at-least: critical } ] }',
      when,
    );
    expect(check({ [CRISIS_FILE]: text })).toEqual([
      {
        file: CRISIS_FILE,
        ...posOf(text, 'safety-risks'),
        severity: 'error',
        code: 'when.unknown-fact',
        message: 'when: fact "safety-risks" is not an input of plan widget-recall',
      },
    ]);
  });

  // Regression: lint ran on the plan composed at the default severity, where
  // `any: [fact, severity]` is already simplified, so the path no longer matched the file.
  it('when.unknown-fact inside any: [fact, severity-at-least] points at the fact', () => {
    const text = crisisWith('fact: safety-risk, equals: true', 'fact: safety-risks, equals: true');
    expect(check({ [CRISIS_FILE]: text })).toEqual([
      {
        file: CRISIS_FILE,
        ...posOf(text, 'safety-risks'),
        severity: 'error',
        code: 'when.unknown-fact',
        message: 'when: fact "safety-risks" is not an input of plan widget-recall',
      },
    ]);
  });

  // Regression: a step that only applies above the default severity was never
  // checked (owner, due, holes and when facts could be anything).
  it('references in a step that the default severity drops are still checked', () => {
    const text = crisisWith(
      'title: Brief the board\n        owner: incident-lead',
      'title: Brief the board\n        owner: nobody\n        due: never-defined',
    ).replace(
      'when: { severity-at-least: high }',
      'when: { all: [ { severity-at-least: high }, { fact: typo-fact, equals: true } ] }',
    );
    expect(
      check({ [CRISIS_FILE]: text })
        .map((p) => p.code)
        .sort(),
    ).toEqual(['due.unknown-target', 'roles.unknown', 'when.unknown-fact']);
  });

  it('when: facts recorded by task-force are known to every plan', () => {
    const text = crisisWith('{ fact: safety-risk, equals: true }', '{ fact: spokesperson-name, equals: Ann }');
    expect(check({ [CRISIS_FILE]: text })).toEqual([]);
  });

  it('statement.unknown-fact: a {{hole}} that names no input', () => {
    const text = crisisWith('{{affected-batches}}', '{{affected-batch}}');
    expect(check({ [CRISIS_FILE]: text })).toEqual([
      {
        file: CRISIS_FILE,
        ...posOf(text, '"Batches'),
        severity: 'error',
        code: 'statement.unknown-fact',
        message: 'statement website: {{affected-batch}} names no input of plan widget-recall',
      },
    ]);
  });

  it('statement.unknown-fact: a strategy template may only use task-force facts', () => {
    const comms = FIXTURE_FILES['strategies/comms.yaml']!.replace('{{spokesperson-name}}', '{{affected-batches}}');
    expect(withCode(check({ 'strategies/comms.yaml': comms }), 'statement.unknown-fact')).toMatchObject([
      {
        file: 'strategies/comms.yaml',
        message: 'statement website: {{affected-batches}} names no input of plan comms',
      },
    ]);
  });

  it('statement.channel-spelling: a channel two edits from a built-in one warns, naming it, in both languages', () => {
    const text = crisisWith('          website: "Batches', '          webzite: "Batches');
    const found = check({ [CRISIS_FILE]: text });
    expect(found).toEqual([
      {
        file: CRISIS_FILE,
        ...posOf(text, '"Batches'),
        severity: 'warning',
        code: 'statement.channel-spelling',
        message:
          'statement step "wr-statement": "webzite" is not a built-in channel; did you mean website? ' +
          '(a channel of your own may be any id)',
      },
    ]);
    const [said] = checkLibrary(libraryOf({ ...FIXTURE_FILES, [CRISIS_FILE]: text }));
    expect(formatProblemIn('zh')(said!)).toBe(
      `${CRISIS_FILE}:${found[0]!.line}:${found[0]!.col}：警告：声明步骤“wr-statement”：“webzite”不是内置渠道，` +
        '是否想写 website？（自定义渠道可以使用任意 ID） [statement.channel-spelling]',
    );
  });

  it('statement.channel-spelling: a swap, a dropped letter; a channel of its own far from every built-in is left alone', () => {
    const spelled = (channel: string) =>
      withCode(
        check({ [CRISIS_FILE]: crisisWith('          website: "Batches', `          ${channel}: "Batches`) }),
        'statement.channel-spelling',
      ).map((p) => p.message.match(/did you mean ([a-z-]+)\?/)?.[1]);
    expect(spelled('wesbite')).toEqual(['website']);
    expect(spelled('pressrelease')).toEqual(['press-release']);
    expect(spelled('regulatr')).toEqual(['regulator']);
    expect(spelled('e-mail')).toEqual(['email']);
    expect(spelled('wechat')).toEqual([]);
    expect(spelled('intranet')).toEqual([]);
  });

  it('inputs.choices: a choice input without choices', () => {
    const text = crisisWith('type: yes-no }', 'type: choice }');
    expect(withCode(check({ [CRISIS_FILE]: text }), 'inputs.choices')).toEqual([
      {
        file: CRISIS_FILE,
        ...posOf(text, '{ id: safety-risk'),
        severity: 'error',
        code: 'inputs.choices',
        message: 'input "safety-risk" is a choice but has no choices',
      },
    ]);
  });

  describe('inputs.default: an input default that fits its input', () => {
    const SAFETY = '{ id: safety-risk, label: Safety risk?, type: yes-no }';
    const BATCHES = '{ id: affected-batches, label: Affected batches, type: text, required: true }';
    const SCOPE =
      '\n          - { id: recall-scope, label: Scope, type: choice, ' +
      'choices: [ { value: batch, label: One batch }, { value: all, label: All batches } ]';

    it('a default on a text input is refused, at the default, in both languages', () => {
      const text = crisisWith(BATCHES, BATCHES.replace(' }', ', default: B-17 }'));
      const found = check({ [CRISIS_FILE]: text });
      expect(found).toEqual([
        {
          file: CRISIS_FILE,
          ...posOf(text, 'B-17'),
          severity: 'error',
          code: 'inputs.default',
          message: 'input "affected-batches" is text: only a yes-no or a choice input takes a default',
        },
      ]);
      const [said] = checkLibrary(libraryOf({ ...FIXTURE_FILES, [CRISIS_FILE]: text }));
      expect(formatProblemIn('zh')(said!)).toBe(
        `${CRISIS_FILE}:${found[0]!.line}:${found[0]!.col}：错误：输入项“affected-batches”的类型是 \`text\`：` +
          '只有是非题（`yes-no`）和选择题（`choice`）可以设 `default` [inputs.default]',
      );
    });

    it('a yes-no default that is not a boolean is refused (yes unquoted is text in YAML 1.2)', () => {
      for (const [value, shown] of [
        ['yes', '"yes"'],
        ['1', '1'],
      ]) {
        const text = crisisWith(SAFETY, SAFETY.replace(' }', `, default: ${value} }`));
        expect(check({ [CRISIS_FILE]: text })).toEqual([
          {
            file: CRISIS_FILE,
            ...posOf(text, `${value} }`, text.indexOf(SAFETY.slice(0, 20))),
            severity: 'error',
            code: 'inputs.default',
            message: `input "safety-risk" is yes-no: its default must be true or false, not ${shown}`,
          },
        ]);
      }
    });

    it('a choice default that is not among the choices is refused, naming them', () => {
      const text = crisisWith(SAFETY, `${SAFETY}${SCOPE}, default: everything }`);
      expect(check({ [CRISIS_FILE]: text })).toEqual([
        {
          file: CRISIS_FILE,
          ...posOf(text, 'everything'),
          severity: 'error',
          code: 'inputs.default',
          message: 'input "recall-scope": default "everything" is not one of its choices (batch, all)',
        },
      ]);
    });

    it('a boolean on a yes-no and one of the choices on a choice are accepted: the library stays clean', () => {
      const text = crisisWith(SAFETY, `${SAFETY.replace(' }', ', default: true }')}${SCOPE}, default: all }`);
      expect(check({ [CRISIS_FILE]: text })).toEqual([]);
      const falseToo = crisisWith(SAFETY, SAFETY.replace(' }', ', default: false }'));
      expect(check({ [CRISIS_FILE]: falseToo })).toEqual([]);
    });
  });

  it('review.unknown: review names something that is not a review', () => {
    const text = crisisWith('review: post-crisis', 'review: media');
    expect(check({ [CRISIS_FILE]: text })).toEqual([
      {
        file: CRISIS_FILE,
        ...posOf(text, 'media'),
        severity: 'error',
        code: 'review.unknown',
        message: 'review: "media" is not a review playbook',
      },
    ]);
  });

  it('compose errors surface through checkLibrary, once each', () => {
    const text = crisisWith('  - use: comms', '  - use: comms-typo');
    expect(check({ [CRISIS_FILE]: text }).filter((p) => p.file === CRISIS_FILE)).toEqual([
      {
        file: CRISIS_FILE,
        ...posOf(text, 'comms-typo'),
        severity: 'error',
        code: 'compose.unknown-use',
        message: 'use: unknown strategy "comms-typo"',
      },
    ]);
  });

  // Regression: a drill inherited its playbook's compose problems at the
  // playbook's line:col, a position that means nothing in the drill.
  it('a drill of a playbook that does not compose is told so at its playbook: field', () => {
    const text = crisisWith('  - use: comms', '  - use: comms-typo');
    expect(check({ [CRISIS_FILE]: text }).filter((p) => p.file === 'drills/widget-drill.yaml')).toMatchObject([
      { line: 4, col: 11 },
    ]);
  });

  it('drill.unknown-playbook and drill.unknown-step', () => {
    const drill = FIXTURE_FILES['drills/widget-drill.yaml']!;
    expect(
      check({ 'drills/widget-drill.yaml': drill.replace('playbook: widget-recall', 'playbook: nope') }),
    ).toMatchObject([
      { code: 'drill.unknown-playbook', line: 4, col: 11, message: 'playbook: unknown playbook "nope"' },
    ]);
    const typo = drill.replace('completed: [wr-confirm]', 'completed: [wr-confirmed]');
    expect(check({ 'drills/widget-drill.yaml': typo })).toMatchObject([
      {
        code: 'drill.unknown-step',
        ...posOf(typo, 'completed'),
        message: 'expect[0]: no step "wr-confirmed" in plan widget-recall',
      },
    ]);
  });

  it('a drill may respond to a step that only a higher severity keeps', () => {
    const drill = FIXTURE_FILES['drills/widget-drill.yaml']!.replace(
      'completed: [wr-confirm]',
      'completed: [wr-escalate]',
    );
    expect(check({ 'drills/widget-drill.yaml': drill })).toEqual([]);
  });
});

describe('procedure lint (warnings)', () => {
  it('procedure.owner: a step with no owner', () => {
    const text = crisisWith(
      'title: Decide on apology and compensation\n        owner: incident-lead\n',
      'title: Decide on apology and compensation\n',
    );
    expect(check({ [CRISIS_FILE]: text })).toEqual([
      {
        file: CRISIS_FILE,
        ...posOf(text, 'id: wr-apology'),
        severity: 'warning',
        code: 'procedure.owner',
        message: 'step "wr-apology" has no owner (every step needs one person accountable)',
      },
    ]);
  });

  it('procedure.approver: a statement step with no approve-by', () => {
    const text = crisisWith(
      '        approve-by: legal\n        statement:\n          website: "Batches',
      '        statement:\n          website: "Batches',
    );
    expect(withCode(check({ [CRISIS_FILE]: text }), 'procedure.approver')).toEqual([
      {
        file: CRISIS_FILE,
        ...posOf(text, 'id: wr-statement'),
        severity: 'warning',
        code: 'procedure.approver',
        message:
          'statement step "wr-statement" has no approve-by role (external messages are approved before they go out)',
      },
    ]);
  });

  it.each([
    [MAX_CHECKLIST_ITEMS, 0],
    [MAX_CHECKLIST_ITEMS + 1, 1],
  ])('procedure.checklist-length: %i items -> %i warning(s)', (n, warnings) => {
    const items = Array.from({ length: n }, (_, i) => `Item ${i + 1}`).join(', ');
    const text = crisisWith('checklist: [Collect samples, Check the batch records]', `checklist: [${items}]`);
    const found = check({ [CRISIS_FILE]: text });
    expect(found).toEqual(
      warnings === 0
        ? []
        : [
            {
              file: CRISIS_FILE,
              ...posOf(text, '[Item 1'),
              severity: 'warning',
              code: 'procedure.checklist-length',
              message: `step "wr-confirm" has ${n} checklist items; keep it to 9 or fewer (checklist practice)`,
            },
          ],
    );
  });

  const doConfirm = (items: [number, number], pausePoint = true) => {
    const list = (n: number, p: string) => `[${Array.from({ length: n }, (_, i) => `${p}${i + 1}`).join(', ')}]`;
    return [
      'id: checks',
      'kind: strategy',
      'title: Checks',
      'phases:',
      '  - id: ck',
      '    title: Check',
      '    mode: do-confirm',
      ...(pausePoint ? ['    pause-point: Before the first statement'] : []),
      '    steps:',
      `      - { id: ck-a, title: A, owner: legal, checklist: ${list(items[0], 'a')} }`,
      `      - { id: ck-b, title: B, owner: legal, checklist: ${list(items[1], 'b')} }`,
      '',
    ].join('\n');
  };

  it('procedure.pause-point-length: a do-confirm phase carrying more than 9 items in all', () => {
    const text = doConfirm([5, 5]);
    expect(check({ 'strategies/checks.yaml': text })).toEqual([
      {
        file: 'strategies/checks.yaml',
        ...posOf(text, '{ id: ck-a'),
        severity: 'warning',
        code: 'procedure.pause-point-length',
        message: 'phase "ck" pause point carries 10 checklist items; keep it to 9 or fewer (checklist practice)',
      },
    ]);
    expect(check({ 'strategies/checks.yaml': doConfirm([5, 4]) })).toEqual([]);
  });

  it('procedure.order: a step due much later than the steps after it', () => {
    const tf = TASK_FORCE.replace('due: 15m', 'due: 3d');
    expect(check({ 'strategies/task-force.yaml': tf })).toEqual([
      {
        file: 'strategies/task-force.yaml',
        ...posOf(tf, '3d'),
        severity: 'warning',
        code: 'procedure.order',
        message:
          'step "tf-name-leads" (due 3d) comes before 3 steps due much sooner in plan widget-recall (first: "wr-statement", due first-statement); move it later, or splice its phase in later with use: … phases:',
      },
    ]);
  });

  it('procedure.order: small inversions are not flagged (less than twice as late or under two hours apart)', () => {
    expect(check({ 'strategies/task-force.yaml': TASK_FORCE.replace('due: 15m', 'due: 2h') })).toEqual([]);
    expect(check({ 'strategies/task-force.yaml': TASK_FORCE.replace('due: 15m', 'due: 90m') })).toEqual([]);
  });

  it('procedure.pause-point: a do-confirm phase without pause-point text', () => {
    const text = doConfirm([1, 1], false);
    expect(check({ 'strategies/checks.yaml': text })).toEqual([
      {
        file: 'strategies/checks.yaml',
        ...posOf(text, '{ id: ck-a'),
        severity: 'warning',
        code: 'procedure.pause-point',
        message: 'do-confirm phase "ck" has no pause-point text',
      },
    ]);
  });

  it.each([
    ['yes-no compared with a string', '{ fact: safety-risk, equals: true }', '{ fact: safety-risk, equals: "yes" }'],
    ['yes-no compared with a number', '{ fact: safety-risk, equals: true }', '{ fact: safety-risk, equals: 1 }'],
    ['text compared with a boolean', '{ fact: safety-risk, equals: true }', '{ fact: affected-batches, equals: true }'],
    ['in: no value fits', '{ fact: safety-risk, equals: true }', '{ fact: safety-risk, in: [ "yes", "no" ] }'],
  ])('procedure.unreachable: %s', (_name, from, to) => {
    // the step's when is `any: [<this>, severity-at-least: critical]`; drop the severity branch so only the fact decides
    const text = crisisWith(`when: { any: [ ${from}, { severity-at-least: critical } ] }`, `when: ${to}`);
    expect(check({ [CRISIS_FILE]: text })).toEqual([
      {
        file: CRISIS_FILE,
        ...posOf(text, to),
        severity: 'warning',
        code: 'procedure.unreachable',
        message: 'step "wr-recall" is unreachable: its when can never hold given the inputs\' types and choices',
      },
    ]);
  });

  it('procedure.unreachable: a choice value that is not one of the choices', () => {
    // Without the severity branch: `any: [..., severity-at-least: critical]` can hold at critical.
    const text = crisisWith(
      'type: yes-no }',
      'type: choice, choices: [ { value: low, label: Low }, { value: high, label: High } ] }',
    ).replace(
      '{ any: [ { fact: safety-risk, equals: true }, { severity-at-least: critical } ] }',
      '{ fact: safety-risk, in: [ medium ] }',
    );
    expect(withCode(check({ [CRISIS_FILE]: text }), 'procedure.unreachable')).toHaveLength(1);
    const ok = text.replace('in: [ medium ]', 'in: [ medium, high ]');
    expect(check({ [CRISIS_FILE]: ok })).toEqual([]);
  });
});

describe('principle coverage (warnings, crisis playbooks only)', () => {
  /** A crisis that covers nothing: every principle rule fires. */
  const BARE =
    'id: bare\nkind: crisis\ntitle: Bare\nphases:\n  - id: b\n    title: B\n    steps:\n      - { id: b1, title: One, owner: incident-lead }\n';
  const bare = () =>
    plain(
      checkLibrary(
        libraryOf({
          'strategies/task-force.yaml': TASK_FORCE.replace(/ {2}- \{ id: spokesperson.*\n/, '').replace(
            ', assigns-role: spokesperson',
            '',
          ),
          'crises/bare.yaml': BARE,
        }),
      ),
    );

  // Missing targets/roles point at the document (there is no node), the rest at the id.
  it.each([
    [
      'principle.rapid-response',
      1,
      'no first-statement target: set a deadline for the first public statement (principle: rapid-response)',
    ],
    [
      'principle.rapid-response',
      1,
      'no assessment target: set a deadline for the assessment (principle: rapid-response)',
    ],
    ['principle.rapid-response', 5, 'no step is tagged assessment (principle: rapid-response)'],
    [
      'principle.transparency',
      1,
      'no spokesperson role: one designated voice keeps every message consistent (principle: transparency)',
    ],
    ['principle.transparency', 5, 'no public statement step (a step with statement:) (principle: transparency)'],
    [
      'principle.transparency',
      1,
      'no update-every target: set the cadence of public updates (principle: transparency)',
    ],
    [
      'principle.responsibility',
      5,
      'no apology/compensation decision step (tag: apology-decision) (principle: responsibility)',
    ],
    ['principle.responsibility', 5, 'no corrective-action step (tag: corrective-action) (principle: responsibility)'],
    ['principle.prevention', 5, 'no link to the post-crisis review (review: post-crisis) (principle: prevention)'],
  ])('%s (1:%i): %s', (code, col, message) => {
    const found = bare().filter((p) => p.message === message);
    expect(found).toEqual([{ file: 'crises/bare.yaml', line: 1, col, severity: 'warning', code, message }]);
  });

  it('a bare crisis gets exactly those nine warnings and no errors', () => {
    const found = bare();
    expect(found.filter((p) => p.severity === 'error')).toEqual([]);
    expect(found.map((p) => p.code).sort()).toEqual([
      'principle.prevention',
      'principle.rapid-response',
      'principle.rapid-response',
      'principle.rapid-response',
      'principle.responsibility',
      'principle.responsibility',
      'principle.transparency',
      'principle.transparency',
      'principle.transparency',
    ]);
  });

  it('principle.transparency: the first statement needs a legal check before it', () => {
    // move the legal approval away: the first statement (wr-statement) now
    // comes before the legal-review step (in comms) and legal does not approve it
    const text = crisisWith(
      '        approve-by: legal\n        statement:\n          website: "Batches',
      '        approve-by: spokesperson\n        statement:\n          website: "Batches',
    );
    expect(check({ [CRISIS_FILE]: text })).toEqual([
      {
        file: CRISIS_FILE,
        ...posOf(text, 'widget-recall'),
        severity: 'warning',
        code: 'principle.transparency',
        message:
          'no legal/compliance check before the first disclosure: tag a step legal-review before it, or have legal approve it (principle: transparency)',
      },
    ]);
  });

  it('principle.transparency: a legal-review step before the first statement is enough', () => {
    const text = crisisWith('approve-by: legal', 'approve-by: spokesperson').replace(
      'tags: [assessment]',
      'tags: [assessment, legal-review]',
    );
    expect(check({ [CRISIS_FILE]: text })).toEqual([]);
  });

  it.each([
    ['targets', crisisWith('  update-every: 4h\n', ''), 'principle.transparency', 'assessment: 30m'],
    ['review', crisisWith('review: post-crisis\n', ''), 'principle.prevention', 'id: widget-recall'],
    [
      'apology tag',
      crisisWith('tags: [apology-decision]', 'tags: []'),
      'principle.responsibility',
      'id: widget-recall',
    ],
  ])('one gap, one warning (%s)', (_name, text, code, needle) => {
    const found = check({ [CRISIS_FILE]: text });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      severity: 'warning',
      code,
      ...posOf(text, needle.startsWith('id:') ? needle.slice(4) : needle),
    });
  });

  it('strategies and reviews get no principle warnings', () => {
    const found = checkLibrary(
      libraryOf({
        'a.yaml':
          'id: a\nkind: strategy\ntitle: A\nphases:\n  - id: p\n    title: P\n    steps:\n      - { id: s, title: S, owner: x }\n',
      }),
    );
    expect(found.filter((p) => p.code.startsWith('principle.'))).toEqual([]);
  });
});

describe('lintPlan and checkLibrary plumbing', () => {
  it('a template two plans share is judged in each: liability before the root cause only where it is before', () => {
    const comms = COMMS.replace('We are looking into it.', 'We take full responsibility.');
    const known = CRISIS.replace('id: widget-recall', 'id: cause-known').replace(
      '- { id: safety-risk, label: Safety risk?, type: yes-no }',
      '- { id: safety-risk, label: Safety risk?, type: yes-no }\n          - { id: root-cause, label: Root cause, type: text }',
    );
    const library = libraryOf({
      ...FIXTURE_FILES,
      'strategies/comms.yaml': comms,
      'crises/cause-known.yaml': known,
    });
    const liability = (id: string) =>
      withCode(lintPlan(compose(library, id, { allSeverities: true }).plan!, library), 'statement.liability').length;
    // In turn, as validate checks a library: neither plan's findings may stand for the other's.
    expect(['widget-recall', 'cause-known', 'widget-recall', 'cause-known'].map(liability)).toEqual([1, 0, 1, 0]);
  });

  it('lintPlan takes a composed plan', () => {
    const library = libraryOf(FIXTURE_FILES);
    expect(lintPlan(compose(library, 'widget-recall', { with: ['media', 'social-media'] }).plan!, library)).toEqual([]);
  });

  it('checkLibrary can be limited to some files and sorts by position', () => {
    const text = crisisWith(
      'owner: quality-lead\n        tags: [corrective-action]',
      'owner: nobody\n        tags: [corrective-action]',
    ).replace('due: assessment', 'due: nowhere');
    const library = libraryOf({ ...FIXTURE_FILES, [CRISIS_FILE]: text });
    expect(checkLibrary(library, new Set(['strategies/media.yaml']))).toEqual([]);
    const found = checkLibrary(library, new Set([CRISIS_FILE]));
    expect(found.map((p) => p.code)).toEqual(['due.unknown-target', 'roles.unknown']);
    expect(found[0]!.line!).toBeLessThan(found[1]!.line!);
  });

  it.each([
    [
      { file: 'a.yaml', line: 3, col: 7, severity: 'error', code: 'x.y', message: 'broken' },
      'a.yaml:3:7: error: broken [x.y]',
    ],
    [{ file: 'a.yaml', line: 3, severity: 'warning', code: 'x.y', message: 'meh' }, 'a.yaml:3:1: warning: meh [x.y]'],
    [{ file: 'a.yaml', severity: 'error', code: 'file.read', message: 'gone' }, 'a.yaml: error: gone [file.read]'],
  ] as Array<[Problem, string]>)('formatProblem(%j)', (problem, text) => {
    expect(formatProblem(problem)).toBe(text);
  });
});
