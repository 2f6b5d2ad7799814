import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { compose, type Plan } from '../../src/playbook/compose.js';
import { durationWords } from '../../src/playbook/duration.js';
import type { Severity } from '../../src/playbook/types.js';
import {
  buildChecklist,
  checklistCards,
  dueWords,
  targetWords,
  type ChecklistDue,
} from '../../src/render/checklist-data.js';
import { renderChecklistCardsHtml, renderChecklistHtml } from '../../src/render/checklist-html.js';
import { renderChecklistCardsMarkdown, renderChecklistMarkdown } from '../../src/render/checklist-md.js';
import { libraryOf, yaml } from '../helpers/library.js';

/**
 * One small plan exercises every shape a checklist has: a read-do phase with
 * checklist items and inputs, a spliced strategy, conditions on a yes-no and
 * a choice fact, a severity condition that composing at high drops, a
 * statement step with an approver, and a do-confirm phase with a pause point.
 */
const TASK_FORCE = yaml`
  id: task-force
  kind: strategy
  title: Task force
  roles:
    - { id: incident-lead, title: { en: Incident lead, zh: 总指挥 } }
    - { id: spokesperson, title: { en: Spokesperson, zh: 发言人 }, description: { en: The one public voice., zh: 唯一对外发声的人。 } }
    - { id: legal, title: { en: Legal, zh: 法务 } }
  phases:
    - id: mobilise
      title: { en: Mobilise, zh: 集结 }
      steps:
        - id: name-leads
          title: { en: Name the leads, zh: 指定负责人 }
          owner: incident-lead
          due: 15m
          inputs:
            - { id: spokesperson-name, label: { en: Spokesperson, zh: 发言人 }, type: person, assigns-role: spokesperson }
`;

const CRISIS = yaml`
  id: demo-crisis
  kind: crisis
  title: { en: Demo crisis, zh: 演示危机 }
  summary: { en: A batch is faulty., zh: 一批产品有缺陷。 }
  severity: { default: high }
  roles:
    - { id: quality-lead, title: { en: Quality lead, zh: 质量负责人 } }
  targets: { assessment: 30m, first-statement: 1h, update-every: 4h }
  phases:
    - id: assess
      title: { en: Assess, zh: 评估 }
      mode: read-do
      steps:
        - id: confirm
          title: { en: Confirm the defect, zh: 确认缺陷 }
          owner: quality-lead
          due: assessment
          checklist: [ { en: Collect samples, zh: 收集样品 }, Check the batch records ]
          inputs:
            - { id: safety-risk, label: { en: Could anyone be hurt?, zh: 是否可能伤人？ }, type: yes-no, required: true }
            - id: problem-type
              label: { en: Problem type, zh: 问题类型 }
              type: choice
              choices:
                - { value: defect, label: { en: Defect, zh: 缺陷 } }
                - { value: usability, label: { en: Hard to use, zh: 不好用 } }
    - use: task-force
    - id: act
      title: { en: Act, zh: 处置 }
      steps:
        - id: recall
          title: { en: Recall the batches, zh: 召回 }
          owner: quality-lead
          due: 2h
          when: { fact: safety-risk, equals: true }
        - id: brief-board
          title: Brief the board
          owner: incident-lead
          when: { severity-at-least: critical }
        - id: explain-use
          title: Explain how to use it
          owner: spokesperson
          when: { fact: problem-type, in: [usability] }
        - id: notice
          title: Publish the notice
          owner: spokesperson
          due: first-statement
          approve-by: legal
          statement: { website: "We are checking {{problem-type}}." }
    - id: watch
      title: { en: Keep watching, zh: 持续监测 }
      mode: do-confirm
      pause-point: { en: "Before each update, stop and confirm.", zh: 每次通报前，停下来确认。 }
      steps:
        - id: monitor
          title: { en: Monitor mentions, zh: 监测舆情 }
          owner: spokesperson
          due: update-every
          checklist: [ { en: New complaints checked, zh: 已核查新投诉 } ]
`;

function demoPlan(severity?: Severity, files: Record<string, string> = {}): Plan {
  const library = libraryOf({ 'task-force.yaml': TASK_FORCE, 'demo-crisis.yaml': CRISIS, ...files });
  expect(library.problems).toEqual([]);
  const { plan, problems } = compose(library, 'demo-crisis', { severity });
  expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
  return plan!;
}

/** A crisis whose text tries everything: HTML, Markdown syntax, terminal escapes, a bidi override. */
const HOSTILE = yaml`
  id: hostile
  kind: crisis
  title: "<script>alert(1)</script> *Big* [news](http://example.invalid) | # ~~x~~ &amp;"
  phases:
    - id: p
      title: "Phase <b>one</b>"
      steps:
        - id: s
          title: "<script>alert('x')</script> \\e[31mred\\e[0m \\u202Eevil"
          owner: incident-lead
          checklist: ["<img src=x onerror=alert(1)>", "a_b_c and \`code\`"]
`;

const en = (options: Parameters<typeof buildChecklist>[2] = {}, severity?: Severity) =>
  buildChecklist(demoPlan(severity), 'en', options);
const zh = (options: Parameters<typeof buildChecklist>[2] = {}) => buildChecklist(demoPlan(), 'zh', options);
const lines = (text: string) => text.split('\n');

describe('buildChecklist', () => {
  it('carries the header: title, summary, severity, strategies, targets and roles', () => {
    const data = en();
    expect(data).toMatchObject({
      format: 'crisis-checklist',
      version: 1,
      lang: 'en',
      id: 'demo-crisis',
      kind: 'crisis',
      title: 'Demo crisis',
      summary: 'A batch is faulty.',
      severity: 'high',
      strategies: ['task-force'],
    });
    expect(data.targets).toEqual([
      { id: 'assessment', label: 'Assessment', duration: '30m', repeats: false },
      { id: 'first-statement', label: 'First statement', duration: '1h', repeats: false },
      { id: 'update-every', label: 'Updates', duration: '4h', repeats: true },
    ]);
    expect(data.roles.map((r) => r.id)).toEqual(['incident-lead', 'spokesperson', 'legal', 'quality-lead']);
    expect(data.roles[1]).toEqual({ id: 'spokesperson', title: 'Spokesperson', description: 'The one public voice.' });
    expect(data.role).toBeUndefined();
  });

  it('numbers phases and steps in plan order; the severity decides which steps exist', () => {
    expect(en().phases.map((p) => [p.number, p.id, p.mode, p.items.map((i) => `${i.number} ${i.id}`)])).toEqual([
      [1, 'assess', 'read-do', ['1.1 confirm']],
      [2, 'mobilise', 'read-do', ['2.1 name-leads']],
      [3, 'act', 'read-do', ['3.1 recall', '3.2 explain-use', '3.3 notice']],
      [4, 'watch', 'do-confirm', ['4.1 monitor']],
    ]);
    expect(en({}, 'critical').phases[2]!.items.map((i) => `${i.number} ${i.id}`)).toEqual([
      '3.1 recall',
      '3.2 brief-board',
      '3.3 explain-use',
      '3.4 notice',
    ]);
  });

  it('describes an item: owner, due, checklist, records, statement', () => {
    const [confirm] = en().phases[0]!.items;
    expect(confirm).toEqual({
      id: 'confirm',
      number: '1.1',
      title: 'Confirm the defect',
      owner: { id: 'quality-lead', title: 'Quality lead' },
      due: { spec: 'assessment', target: 'assessment', after: '30m' },
      checklist: ['Collect samples', 'Check the batch records'],
      records: [
        { id: 'safety-risk', label: 'Could anyone be hurt?', type: 'yes-no', required: true },
        { id: 'problem-type', label: 'Problem type', type: 'choice', required: false },
      ],
      status: 'open',
    });
    expect(en().phases[2]!.items[2]!.statement).toEqual({
      channels: ['website'],
      approveBy: { id: 'legal', title: 'Legal' },
    });
  });

  it.each([
    ['15m', { spec: '15m', after: '15m' }],
    ['assessment', { spec: 'assessment', target: 'assessment', after: '30m' }],
    ['update-every', { spec: 'update-every', target: 'update-every', every: '4h' }],
  ])('resolves due %s', (spec, expected) => {
    const item = en()
      .phases.flatMap((p) => p.items)
      .find((i) => i.due?.spec === spec);
    expect(item?.due).toEqual(expected);
  });

  it('writes conditions in plain words with input and choice labels, in both languages', () => {
    const conditions = (data: ReturnType<typeof en>) =>
      data.phases
        .flatMap((p) => p.items)
        .filter((i) => i.condition)
        .map((i) => [i.id, i.condition]);
    expect(conditions(en())).toEqual([
      ['recall', '“Could anyone be hurt?” is yes'],
      ['explain-use', '“Problem type” is “Hard to use”'],
    ]);
    expect(conditions(zh())).toEqual([
      ['recall', '“是否可能伤人？”为“是”'],
      ['explain-use', '“问题类型”为“不好用”'],
    ]);
  });

  // Before: `only if org-listed is yes` / `仅当org-listed为“是”`, the id, while the step screen said the question.
  it("names an organisation's fact (org-listed) by the profile's label, as the step screen does", () => {
    const plan = demoPlan();
    plan.phases[2]!.steps[0]!.when = {
      all: [
        { fact: 'org-listed', equals: true },
        { fact: 'safety-risk', equals: true },
      ],
    };
    expect(buildChecklist(plan, 'en').phases[2]!.items[0]!.condition).toBe(
      '“Is the company listed on an exchange?” is yes and “Could anyone be hurt?” is yes',
    );
    expect(buildChecklist(plan, 'zh').phases[2]!.items[0]!.condition).toBe(
      '“公司是否为上市公司？”为“是”且“是否可能伤人？”为“是”',
    );
  });

  it('writes compound conditions: any, not, in, severity', () => {
    const plan = demoPlan();
    const recall = plan.phases[2]!.steps[0]!;
    recall.when = {
      any: [
        { not: { fact: 'problem-type', equals: 'usability' } },
        { fact: 'problem-type', in: ['defect', 'usability'] },
        { 'severity-at-least': 'critical' },
      ],
    };
    expect(buildChecklist(plan, 'en').phases[2]!.items[0]!.condition).toBe(
      'not (“Problem type” is “Hard to use”) or “Problem type” is one of “Defect”, “Hard to use” or severity is critical or higher',
    );
    expect(buildChecklist(plan, 'zh').phases[2]!.items[0]!.condition).toBe(
      '并非（“问题类型”为“不好用”）或“问题类型”为“缺陷”、“不好用”之一或级别为“严重”或更高',
    );
  });

  it('localizes every text and falls back to English', () => {
    const data = zh();
    expect(data.title).toBe('演示危机');
    expect(data.phases.map((p) => p.title)).toEqual(['评估', '集结', '处置', '持续监测']);
    expect(data.phases[0]!.items[0]!.checklist).toEqual(['收集样品', 'Check the batch records']);
    expect(data.phases[3]!.pausePoint).toBe('每次通报前，停下来确认。');
    expect(data.phases[2]!.items[1]!.title).toBe('Explain how to use it');
  });

  it('keeps only the steps a role owns, with their full-plan numbers', () => {
    const data = en({ role: 'spokesperson' });
    expect(data.role).toEqual({ id: 'spokesperson', title: 'Spokesperson' });
    expect(data.phases.map((p) => [p.number, p.items.map((i) => i.number)])).toEqual([
      [3, ['3.2', '3.3']],
      [4, ['4.1']],
    ]);
    expect(en({ role: 'legal' }).phases).toEqual([]);
  });

  it('ticks done steps and marks skipped ones with their reason (for session progress)', () => {
    const items = en({ done: new Set(['confirm']), skipped: new Map([['recall', 'no risk found']]) }).phases.flatMap(
      (p) => p.items,
    );
    expect(items.map((i) => [i.id, i.status, i.reason])).toEqual([
      ['confirm', 'done', undefined],
      ['name-leads', 'open', undefined],
      ['recall', 'skipped', 'no risk found'],
      ['explain-use', 'open', undefined],
      ['notice', 'open', undefined],
      ['monitor', 'open', undefined],
    ]);
  });

  it('marks blocked steps with their reason and keeps whom a step was assigned to (for session progress)', () => {
    const items = en({
      done: new Set(['confirm']),
      blocked: new Map([['notice', 'legal is out until 3pm']]),
      assigned: new Map([
        ['notice', 'Erin'],
        ['confirm', 'Dana'],
      ]),
    }).phases.flatMap((p) => p.items);
    expect(items.map((i) => [i.id, i.status, i.reason, i.assignedTo])).toEqual([
      ['confirm', 'done', undefined, 'Dana'],
      ['name-leads', 'open', undefined, undefined],
      ['recall', 'open', undefined, undefined],
      ['explain-use', 'open', undefined, undefined],
      ['notice', 'blocked', 'legal is out until 3pm', 'Erin'],
      ['monitor', 'open', undefined, undefined],
    ]);
  });

  it('makes one card per role that owns or approves something', () => {
    const cards = checklistCards(en());
    expect(cards.map((c) => [c.role.id, c.items.map((i) => i.number), c.approves.map((a) => a.number)])).toEqual([
      ['incident-lead', ['2.1'], []],
      ['spokesperson', ['3.2', '3.3', '4.1'], []],
      ['legal', [], ['3.3']],
      ['quality-lead', ['1.1', '3.1'], []],
    ]);
    expect(checklistCards(en(), 'legal')).toEqual([
      {
        role: { id: 'legal', title: 'Legal' },
        items: [],
        approves: [
          {
            number: '3.3',
            title: 'Publish the notice',
            due: { spec: 'first-statement', target: 'first-statement', after: '1h' },
          },
        ],
      },
    ]);
  });

  it('is plain data: JSON round-trips it unchanged', () => {
    const data = en();
    expect(JSON.parse(JSON.stringify(data))).toEqual(data);
  });
});

describe('due and duration words', () => {
  it.each<[ChecklistDue, string, string]>([
    [{ spec: '15m', after: '15m' }, 'T+15m', 'T+15分钟'],
    [{ spec: '90m', after: '90m' }, 'T+1h30m', 'T+1小时30分钟'],
    [{ spec: '2d', after: '2d' }, 'T+2d', 'T+2天'],
    [
      { spec: 'first-statement', target: 'first-statement', after: '1h' },
      'T+1h (First statement)',
      'T+1小时（首次声明）',
    ],
    [{ spec: 'update-every', target: 'update-every', every: '4h' }, 'every 4h', '每4小时'],
    [{ spec: 'go-live', target: 'go-live' }, 'go-live', 'go-live'],
  ])('%j -> %s / %s', (due, english, chinese) => {
    expect(dueWords(due, 'en')).toBe(english);
    expect(dueWords(due, 'zh')).toBe(chinese);
  });

  it('says targets the same way', () => {
    expect(targetWords({ id: 'assessment', label: 'Assessment', duration: '30m', repeats: false }, 'en')).toBe('T+30m');
    expect(targetWords({ id: 'update-every', label: 'Updates', duration: '4h', repeats: true }, 'zh')).toBe('每4小时');
    expect(durationWords('45s', 'zh')).toBe('45秒');
  });
});

describe('renderChecklistMarkdown', () => {
  it('prints the whole checklist of a small plan', () => {
    expect(renderChecklistMarkdown(en())).toBe(MARKDOWN);
  });

  it('has a header with the crisis, severity, blanks for incident and date, and the targets', () => {
    const md = lines(renderChecklistMarkdown(en()));
    expect(md.slice(0, 19)).toEqual([
      '# Demo crisis: checklist',
      '',
      'A batch is faulty.',
      '',
      '> every deadline and cadence is a default: tune it to your organisation (a legal reporting deadline: confirm it with counsel)',
      '',
      '- **Crisis:** Demo crisis `demo-crisis`',
      '- **Severity:** high',
      '- **Incident:** ________________________',
      '- **Date:** ____________ **Started (T):** ____________',
      '',
      '**Targets** (T = the time the response started)',
      '',
      '| Target | Deadline |',
      '| --- | --- |',
      '| Assessment | T+30m |',
      '| First statement | T+1h |',
      '| Updates | every 4h |',
      '',
    ]);
  });

  it('writes a task line with number, owner and due, and sub-items as nested tasks', () => {
    const md = lines(renderChecklistMarkdown(en()));
    const at = md.indexOf('- [ ] **1.1 Confirm the defect** — owner: Quality lead · due: T+30m (Assessment)');
    expect(at).toBeGreaterThan(0);
    expect(md.slice(at + 1, at + 4)).toEqual([
      '  - [ ] Collect samples',
      '  - [ ] Check the batch records',
      '  - Record: Could anyone be hurt?; Problem type',
    ]);
  });

  it('puts the condition on its own line inside the task ("only if …")', () => {
    const md = renderChecklistMarkdown(en());
    expect(md).toContain(
      '- [ ] **3.1 Recall the batches** — owner: Quality lead · due: T+2h\\\n  *only if “Could anyone be hurt?” is yes*\n',
    );
  });

  it('prints a do-confirm phase as a pause-point box above unnumbered items', () => {
    const md = renderChecklistMarkdown(en());
    expect(md).toContain(
      [
        '## 4. Keep watching',
        '',
        '> **■ Pause point:** Before each update, stop and confirm.',
        '',
        '- [ ] **Monitor mentions** — owner: Spokesperson · due: every 4h',
        '  - [ ] New complaints checked',
        '',
      ].join('\n'),
    );
  });

  it('shows statement channels and the approver', () => {
    expect(renderChecklistMarkdown(en())).toContain(
      '- [ ] **3.3 Publish the notice** — owner: Spokesperson · due: T+1h (First statement)\n  - Statement on: website · approved by: Legal\n',
    );
  });

  it("names statement channels in the reader's words in Chinese, in Markdown and HTML; the data keeps their ids", () => {
    expect(renderChecklistMarkdown(zh())).toContain('  - 发布渠道：官网 · ');
    expect(renderChecklistHtml(zh())).toContain('<span class="k">发布渠道：</span>官网 · ');
    expect(zh().phases[2]!.items[2]!.statement!.channels).toEqual(['website']);
  });

  it('--role: names the role and keeps only its steps', () => {
    const md = renderChecklistMarkdown(en({ role: 'spokesperson' }));
    expect(md).toContain('- **Role:** Spokesperson `spokesperson`\n');
    expect(md.match(/^- \[ \] .*$/gm)).toEqual([
      '- [ ] **3.2 Explain how to use it** — owner: Spokesperson\\',
      '- [ ] **3.3 Publish the notice** — owner: Spokesperson · due: T+1h (First statement)',
      '- [ ] **Monitor mentions** — owner: Spokesperson · due: every 4h',
    ]);
    expect(md).not.toContain('## 1. Assess');
  });

  it('says so when a role owns nothing', () => {
    expect(renderChecklistMarkdown(en({ role: 'legal' }))).toMatch(/\*This role owns no steps in this plan\.\*\n$/);
  });

  it('ticks done steps and strikes skipped ones', () => {
    const md = renderChecklistMarkdown(en({ done: new Set(['confirm']), skipped: new Map([['recall', 'no risk']]) }));
    expect(md).toContain(
      '- [x] **1.1 Confirm the defect** — owner: Quality lead · due: T+30m (Assessment)\n  - [x] Collect samples\n',
    );
    expect(md).toContain(
      '- [ ] **3.1 ~~Recall the batches~~** — owner: Quality lead · due: T+2h · skipped: no risk\\\n',
    );
  });

  it('marks blocked steps with their reason and names the assignee', () => {
    const progress = { blocked: new Map([['notice', 'legal is out']]), assigned: new Map([['notice', 'Erin']]) };
    expect(renderChecklistMarkdown(en(progress))).toContain(
      '- [ ] **3.3 Publish the notice** — owner: Spokesperson · due: T+1h (First statement) · blocked: legal is out · ' +
        'assigned to Erin\n',
    );
    expect(renderChecklistMarkdown(zh(progress))).toContain(' · 受阻：legal is out · 已指派给 Erin\n');
  });

  it('writes Chinese with Chinese punctuation', () => {
    const md = renderChecklistMarkdown(zh());
    expect(lines(md).slice(0, 12)).toEqual([
      '# 演示危机：检查清单',
      '',
      '一批产品有缺陷。',
      '',
      '> 所有时限和通报节奏均为默认值，请结合本单位实际情况调整（法定报告时限请与法律顾问确认）',
      '',
      '- **危机：** 演示危机 `demo-crisis`',
      '- **级别：** 高',
      '- **事件：** ________________________',
      '- **日期：** ____________ **启动时间 (T)：** ____________',
      '',
      '**时限目标**（T = 应急响应启动时间）',
    ]);
    expect(md).toContain('- [ ] **1.1 确认缺陷** — 负责：质量负责人 · 时限：T+30分钟（完成评估）\n');
    expect(md).toContain('- [ ] **3.1 召回** — 负责：质量负责人 · 时限：T+2小时\\\n  *仅当“是否可能伤人？”为“是”*\n');
    expect(md).toContain('> **■ 暂停确认点：** 每次通报前，停下来确认。\n');
  });

  it('escapes playbook text: no HTML, no Markdown syntax, no terminal escapes or bidi overrides', () => {
    const data = buildChecklist(hostilePlan(), 'en');
    const md = renderChecklistMarkdown(data);
    expect(md).toContain(
      '# \\<script\\>alert(1)\\</script\\> \\*Big\\* \\[news\\](<http://example.invalid>) \\| \\# \\~\\~x\\~\\~ \\&amp; checklist'.replace(
        ' checklist',
        ': checklist',
      ),
    );
    expect(md).toContain("- [ ] **1.1 \\<script\\>alert('x')\\</script\\> red \uFFFDevil** — owner: Incident lead");
    expect(md).toContain('  - [ ] \\<img src=x onerror=alert(1)\\>\n  - [ ] a\\_b\\_c and \\`code\\`\n');
    // The only unescaped `<` opens an autolink (a URL the text already held).
    expect(md).not.toMatch(/\u001b|\u202e|(?<!\\)<(?!http:\/\/example\.invalid>)/i);
  });
});

describe('Markdown line starts', () => {
  it.each([
    ['- not a list', '\\- not a list'],
    ['+ nor this', '\\+ nor this'],
    ['=== nor a heading', '\\=== nor a heading'],
    ['12. nor a numbered list', '12\\. nor a numbered list'],
    ['3) nor this', '3\\) nor this'],
    ['    not code', 'not code'],
  ])('a summary "%s" stays a paragraph', (summary, expected) => {
    const plan = demoPlan();
    plan.summary = summary;
    expect(lines(renderChecklistMarkdown(buildChecklist(plan, 'en')))[2]).toBe(expected);
  });
});

describe('renderChecklistCardsMarkdown', () => {
  it('prints one compact card per role', () => {
    const md = renderChecklistCardsMarkdown(en());
    expect(md.startsWith('# Demo crisis: role cards\n')).toBe(true);
    expect(md.slice(md.indexOf('## Incident lead'))).toBe(
      [
        '## Incident lead',
        '',
        '**Held by:** ________________________',
        '',
        '- [ ] **2.1 Name the leads** · T+15m',
        '',
        '---',
        '',
        '## Spokesperson',
        '',
        '*The one public voice.*',
        '',
        '**Held by:** ________________________',
        '',
        '- [ ] **3.2 Explain how to use it** · *only if “Problem type” is “Hard to use”*',
        '- [ ] **3.3 Publish the notice** · T+1h (First statement)',
        '- [ ] **Monitor mentions** · every 4h · confirm at the pause point',
        '',
        '---',
        '',
        '## Legal',
        '',
        '**Held by:** ________________________',
        '',
        '**Approves:**',
        '',
        '- [ ] 3.3 Publish the notice · T+1h (First statement)',
        '',
        '---',
        '',
        '## Quality lead',
        '',
        '**Held by:** ________________________',
        '',
        '- [ ] **1.1 Confirm the defect** · T+30m (Assessment)',
        '- [ ] **3.1 Recall the batches** · T+2h · *only if “Could anyone be hurt?” is yes*',
        '',
      ].join('\n'),
    );
  });

  it('with a role, prints only that card', () => {
    const md = renderChecklistCardsMarkdown(en(), 'quality-lead');
    expect(md.match(/^## .*/gm)).toEqual(['## Quality lead']);
    expect(md).toContain('- **Role:** Quality lead `quality-lead`\n');
  });
});

/** GitHub renders Markdown with cmark-gfm; when it is installed, check what it makes of ours. */
const cmark = spawnSync('cmark-gfm', ['--version'], { encoding: 'utf8' });
describe.skipIf(cmark.status !== 0)('Markdown as GitHub renders it (cmark-gfm)', () => {
  const render = (md: string) =>
    spawnSync('cmark-gfm', ['-e', 'table', '-e', 'tasklist', '-e', 'strikethrough', '-e', 'autolink'], {
      input: md,
      encoding: 'utf8',
    }).stdout;

  it('every task becomes a checkbox, the targets a table, the condition a line of the task', () => {
    const md = renderChecklistMarkdown(en({ done: new Set(['confirm']) }));
    const html = render(md);
    expect(html.match(/<input type="checkbox"/g)?.length).toBe(md.match(/^ *- \[[ x]\] /gm)?.length);
    expect(html.match(/<input type="checkbox" checked=""/g)?.length).toBe(3);
    expect(html).toContain('<td>Assessment</td>\n<td>T+30m</td>');
    expect(html).toContain(
      '<strong>3.1 Recall the batches</strong> — owner: Quality lead · due: T+2h<br />\n<em>only if “Could anyone be hurt?” is yes</em>',
    );
    expect(html).toContain(
      '<blockquote>\n<p><strong>■ Pause point:</strong> Before each update, stop and confirm.</p>\n</blockquote>',
    );
    expect(html).toContain('<li><strong>Incident:</strong> ________________________</li>');
  });

  it('hostile text stays text', () => {
    const html = render(renderChecklistMarkdown(buildChecklist(hostilePlan(), 'en')));
    expect(html).not.toMatch(/<script|<img|<b>|<del>/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; *Big* [news](');
    // A bare URL in playbook text is autolinked by GitHub, but only ever to the address it shows.
    expect(html).toContain('(<a href="http://example.invalid">http://example.invalid</a>)');
  });
});

describe('renderChecklistHtml', () => {
  const html = renderChecklistHtml(en());

  it('is one self-contained document: charset, lang, inline CSS, nothing fetched', () => {
    expect(html.startsWith('<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n')).toBe(true);
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    );
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\bsrc=|\bhref=|url\(|@import/i);
    expect(html.endsWith('</html>\n')).toBe(true);
  });

  it('prints on A4 or Letter: a @page rule without a fixed size, phase groups and rows kept whole, headers repeated', () => {
    expect(html).toMatch(/@page \{ size: portrait; margin: 10mm 10mm 12mm;/);
    expect(html).not.toMatch(/size: A4|size: letter/i);
    expect(html).toContain('.group + .group { break-inside: avoid; page-break-inside: avoid; }');
    expect(html).toContain('table.steps thead { display: table-header-group; }');
    expect(html).toContain('table.steps tr { break-inside: avoid; page-break-inside: avoid; }');
    expect(html.match(/<section class="phase /g)?.length).toBe(4);
  });

  it('puts the targets box and the blanks for incident and date at the top', () => {
    expect(html.indexOf('<div class="targets">')).toBeLessThan(html.indexOf('<section class="phase'));
    expect(html).toContain('<div><dt>Assessment</dt><dd>T+30m</dd></div>');
    expect(html).toContain('<div><dt>Updates</dt><dd>every 4h</dd></div>');
    expect(html).toContain('<div class="fill wide"><span class="k">Incident: </span><span class="line"></span></div>');
    expect(html).toContain('<div><span class="k">Severity: </span><strong>high</strong></div>');
  });

  it('has a row per step with checkbox, number, owner and due columns, and a checkbox per sub-item', () => {
    expect(html).toContain(
      '<tr class="open"><td class="c-box"><input type="checkbox" aria-label="Confirm the defect"></td><td class="c-n">1.1</td><td class="c-step"><div class="title">Confirm the defect</div>' +
        '<ul class="sub"><li><input type="checkbox" aria-label="Collect samples"><span>Collect samples</span></li><li><input type="checkbox" aria-label="Check the batch records"><span>Check the batch records</span></li></ul>' +
        '<div class="meta"><span class="k">Record: </span>Could anyone be hurt?; Problem type</div></td><td class="c-owner">Quality lead</td><td class="c-due">T+30m (Assessment)</td></tr>',
    );
    expect(html).toContain('<div class="when">only if “Could anyone be hurt?” is yes</div>');
    expect(html.match(/<input type="checkbox"/g)?.length).toBe(6 + 3);
  });

  it('prints a do-confirm phase in a pause-point box, without step numbers', () => {
    const section = html.slice(html.indexOf('<section class="phase do-confirm"'));
    expect(section).toContain(
      '<div class="pause">\n<p class="pause-head"><span class="tag">■ Pause point</span> Before each update, stop and confirm.</p>',
    );
    expect(section).not.toContain('class="c-n"');
    expect(section).toContain('<td class="c-owner">Spokesperson</td><td class="c-due">every 4h</td>');
  });

  it('escapes every playbook string', () => {
    const hostile = renderChecklistHtml(buildChecklist(hostilePlan(), 'en'));
    expect(hostile).toContain(
      '<h1>&lt;script&gt;alert(1)&lt;/script&gt; *Big* [news](http://example.invalid) | # ~~x~~ &amp;amp;</h1>',
    );
    expect(hostile).toContain(
      '<div class="title">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; red \uFFFDevil</div>',
    );
    expect(hostile).toContain('aria-label="&lt;img src=x onerror=alert(1)&gt;"');
    expect(hostile).not.toMatch(/<script|<img|<b>|\u001b|\u202e/i);
  });

  it('works in Chinese', () => {
    const page = renderChecklistHtml(zh());
    expect(page).toContain('<html lang="zh-CN">');
    expect(page).toContain('<h1>演示危机</h1>');
    expect(page).toContain('<div class="when">仅当“是否可能伤人？”为“是”</div>');
    expect(page).toContain('<th>负责</th><th>时限</th>');
  });

  it('marks blocked steps with their reason and names the assignee', () => {
    const progress = { blocked: new Map([['notice', 'legal <out>']]), assigned: new Map([['notice', 'Erin & co']]) };
    const page = renderChecklistHtml(en(progress));
    expect(page).toContain(
      '<div class="title">Publish the notice</div><div class="block">blocked: legal &lt;out&gt;</div>' +
        '<div class="assigned">assigned to Erin &amp; co</div>',
    );
    expect(page).toContain('<tr class="blocked">');
    expect(renderChecklistHtml(zh(progress))).toContain(
      '<div class="block">受阻：legal &lt;out&gt;</div><div class="assigned">已指派给 Erin &amp; co</div>',
    );
  });

  it('ticks done steps', () => {
    const page = renderChecklistHtml(en({ done: new Set(['monitor']) }));
    expect(page).toContain(
      '<tr class="done"><td class="c-box"><input type="checkbox" checked aria-label="Monitor mentions">',
    );
  });
});

describe('renderChecklistCardsHtml', () => {
  it('prints a card per role that never splits across pages', () => {
    const page = renderChecklistCardsHtml(en());
    expect(page.match(/<section class="card">/g)?.length).toBe(4);
    expect(page).toMatch(/\.card \{[^}]*break-inside: avoid; page-break-inside: avoid; \}/);
    expect(page).toContain('<h2>Legal <code>legal</code></h2>');
    expect(page).toContain('<p class="approves-head">Approves: </p>');
    expect(
      page.match(/<div class="fill"><span class="k">Held by: <\/span><span class="line"><\/span><\/div>/g)?.length,
    ).toBe(4);
    // each card carries the targets, so the page has no targets box of its own
    expect(page).not.toContain('<div class="targets">');
    expect(
      page.match(/<p class="card-targets">Assessment T\+30m · First statement T\+1h · Updates every 4h<\/p>/g)?.length,
    ).toBe(4);
    expect(page).not.toMatch(/https?:\/\//);
  });
});

function hostilePlan(): Plan {
  const library = libraryOf({ 'task-force.yaml': TASK_FORCE, 'hostile.yaml': HOSTILE });
  expect(library.problems).toEqual([]);
  return compose(library, 'hostile').plan!;
}

const MARKDOWN = `# Demo crisis: checklist

A batch is faulty.

> every deadline and cadence is a default: tune it to your organisation (a legal reporting deadline: confirm it with counsel)

- **Crisis:** Demo crisis \`demo-crisis\`
- **Severity:** high
- **Incident:** ________________________
- **Date:** ____________ **Started (T):** ____________

**Targets** (T = the time the response started)

| Target | Deadline |
| --- | --- |
| Assessment | T+30m |
| First statement | T+1h |
| Updates | every 4h |

## 1. Assess

- [ ] **1.1 Confirm the defect** — owner: Quality lead · due: T+30m (Assessment)
  - [ ] Collect samples
  - [ ] Check the batch records
  - Record: Could anyone be hurt?; Problem type

## 2. Mobilise

- [ ] **2.1 Name the leads** — owner: Incident lead · due: T+15m
  - Record: Spokesperson

## 3. Act

- [ ] **3.1 Recall the batches** — owner: Quality lead · due: T+2h\\
  *only if “Could anyone be hurt?” is yes*
- [ ] **3.2 Explain how to use it** — owner: Spokesperson\\
  *only if “Problem type” is “Hard to use”*
- [ ] **3.3 Publish the notice** — owner: Spokesperson · due: T+1h (First statement)
  - Statement on: website · approved by: Legal

## 4. Keep watching

> **■ Pause point:** Before each update, stop and confirm.

- [ ] **Monitor mentions** — owner: Spokesperson · due: every 4h
  - [ ] New complaints checked
`;
