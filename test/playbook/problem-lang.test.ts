import { describe, expect, it } from 'vitest';
import { checkLibrary, formatProblemIn } from '../../src/playbook/library.js';
import { parsePlaybookSource } from '../../src/playbook/load.js';
import { checkStatement, findingSaid } from '../../src/playbook/statement-checks.js';
import { sayIn } from '../../src/text/messages.js';
import { FIXTURE_FILES, TASK_FORCE } from '../helpers/fixtures.js';
import { libraryOf } from '../helpers/library.js';

/**
 * Problems are catalogued sentences: the English `message` stays as it was (for --json and logs), and
 * the same problem reads in Chinese with its place and code unchanged.
 */
const zh = formatProblemIn('zh');
const en = formatProblemIn('en');

const playbook = (step: string) =>
  `id: p-one\nkind: strategy\ntitle: P\nphases:\n  - id: ph\n    title: Ph\n    steps:\n      - ${step}\n`;
const schemaLines = (source: string) => parsePlaybookSource(source, 'f.yaml').problems.map(zh);

describe('schema problems in Chinese, by zod issue code', () => {
  it.each([
    [
      'a missing field (invalid_union of types)',
      playbook('{ id: s1 }'),
      '8:9',
      'phases[0].steps[0].title：缺少必填字段（应为文本或映射）',
    ],
    [
      'the wrong type (invalid_type)',
      playbook('{ id: s1, title: T, checklist: yes }'),
      '8:40',
      'phases[0].steps[0].checklist：类型不对：应为列表，实际为文本',
    ],
    ['empty text (too_small, string)', playbook("{ id: s1, title: '' }"), '8:26', 'phases[0].steps[0].title：不能为空'],
    [
      'an empty list (too_small, array)',
      playbook('{ id: s1, title: T, checklist: [] }').replace(
        'steps:\n      - { id: s1, title: T, checklist: [] }',
        'steps: []',
      ),
      '7:12',
      'phases[0].steps：至少需要 1 项',
    ],
    [
      'an id over 64 characters (too_big)',
      playbook(`{ id: ${'a'.repeat(70)}, title: T }`),
      '8:15',
      'phases[0].steps[0].id：最多 64 个字符',
    ],
    [
      'a value not in the list (invalid_value)',
      playbook('{ id: s1, title: T, principles: [speed] }'),
      '8:42',
      'phases[0].steps[0].principles[0]：取值不对：应为“rapid-response”、“transparency”、“responsibility”、“prevention”之一',
    ],
    [
      "the schema's own words (invalid_format)",
      playbook('{ id: S_1, title: T }'),
      '8:15',
      'phases[0].steps[0].id：须为小写短横线格式（a-z、0-9，单个短横线分隔），最多 64 个字符',
    ],
    [
      'an unknown field (unrecognized_keys)',
      playbook('{ id: s1, title: T, colour: red }'),
      '8:29',
      'phases[0].steps[0].colour：未知字段“colour”',
    ],
    [
      'two unknown fields (unrecognized_keys)',
      playbook('{ id: s1, title: T, colour: red, size: 2 }'),
      '8:29',
      'phases[0].steps[0].colour：未知字段“colour”、“size”',
    ],
    ['not a mapping at all', '- a\n- b\n', '1:1', '（整个文档）：类型不对：应为映射，实际为列表'],
  ])('%s', (_name, source, at, words) => {
    expect(schemaLines(source)).toEqual([`f.yaml:${at}：错误：${words} [schema]`]);
  });

  it('the English message is what zod said, and is the sentence worded in English', () => {
    const [p] = parsePlaybookSource(playbook('{ id: s1, title: T, checklist: yes }'), 'f.yaml').problems;
    expect(p!.message).toBe('phases[0].steps[0].checklist: Invalid input: expected array, received string');
    expect(sayIn('en', p!.said)).toBe(p!.message);
    expect(en(p!)).toBe(`f.yaml:8:40: error: ${p!.message} [schema]`);
  });
});

describe('lint and compose problems in Chinese', () => {
  const BARE =
    'id: bare\nkind: crisis\ntitle: Bare\nphases:\n  - id: b\n    title: B\n    steps:\n' +
    '      - { id: b1, title: One, owner: nobody, checklist: [a, b, c, d, e, f, g, h, i, j] }\n' +
    '      - { id: b2, title: Two, owner: incident-lead }\n  - use: no-such-strategy\n';
  const problems = () =>
    checkLibrary(libraryOf({ 'strategies/task-force.yaml': TASK_FORCE, 'crises/bare.yaml': BARE }));

  it('every problem says a sentence whose English is its message', () => {
    const found = problems();
    expect(found.length).toBeGreaterThan(0);
    for (const p of found) expect(sayIn('en', p.said)).toBe(p.message);
  });

  it('an unknown strategy in use: (compose) and an unknown owner (lint), in Chinese, at their places', () => {
    const lines = problems().map(zh);
    expect(lines).toContain('crises/bare.yaml:10:10：错误：`use`：未知策略“no-such-strategy” [compose.unknown-use]');
    const fixed = checkLibrary(
      libraryOf({ ...FIXTURE_FILES, 'crises/bare.yaml': BARE.replace('  - use: no-such-strategy\n', '') }),
    ).filter((p) => p.file === 'crises/bare.yaml');
    expect(fixed.map(zh)).toEqual(
      expect.arrayContaining([
        'crises/bare.yaml:8:38：错误：`owner`：未知角色“nobody”（请在 `roles:` 中定义，或使用 task-force 中的角色） [roles.unknown]',
        'crises/bare.yaml:8:57：警告：步骤“b1”有 10 项检查清单；请控制在 9 项以内（检查清单惯例） [procedure.checklist-length]',
        'crises/bare.yaml:1:1：警告：没有 `update-every` 时限目标：请设定公开通报的节奏（原则：公开透明） [principle.transparency]',
      ]),
    );
  });
});

describe('statement checks in Chinese', () => {
  const ctx = { channel: 'social', lang: 'zh' as const, beforeRootCause: true, breach: false, needsNextUpdate: false };

  it('a post over 微博’s 140 characters, and a cliché: the channel and language as data, worded by the reader', () => {
    const text = `我们高度重视此事。${'这'.repeat(140)}`;
    const found = checkStatement(text, ctx);
    expect(found.map((f) => [f.code, f.channel, f.lang])).toEqual([
      ['statement.cliche', 'social', 'zh'],
      ['statement.length', 'social', 'zh'],
    ]);
    expect(found.map((f) => sayIn('zh', findingSaid(f)))).toEqual([
      '社交媒体（中文）：“高度重视”是套话；请改为说明正在采取的行动',
      '社交媒体（中文）：149 个字符，超过微博的 140 字上限（信息流中只显示前140字）',
    ]);
    expect(found.map((f) => sayIn('en', findingSaid(f)))).toEqual([
      'social (Chinese): "高度重视" is a cliché; say what you are doing instead',
      "social (Chinese): 149 characters, over Weibo (微博)'s 140 (only the first 140 characters show in the feed)",
    ]);
  });

  it('a channel the catalogue does not know keeps its id', () => {
    const [f] = checkStatement('我们高度重视此事。', { ...ctx, channel: 'wechat-group' });
    expect(sayIn('zh', findingSaid(f!))).toBe('wechat-group（中文）：“高度重视”是套话；请改为说明正在采取的行动');
  });

  it("crisis validate words where a template warning was found in the reader's language", () => {
    const CLICHE =
      'id: cliche\nkind: crisis\ntitle: Cliche\nphases:\n  - id: s\n    title: S\n    steps:\n' +
      '      - id: say\n        title: Say\n        owner: spokesperson\n        statement:\n' +
      '          website: { en: "We take this very seriously.", zh: "我们高度重视此事。" }\n';
    const found = checkLibrary(libraryOf({ ...FIXTURE_FILES, 'crises/cliche.yaml': CLICHE })).filter(
      (p) => p.code === 'statement.cliche',
    );
    expect(found.map(zh)).toEqual([
      'crises/cliche.yaml:12:20：警告：官网（英文）：“We take this very seriously”是套话；请改为说明正在采取的行动 [statement.cliche]',
      'crises/cliche.yaml:12:20：警告：官网（中文）：“高度重视”是套话；请改为说明正在采取的行动 [statement.cliche]',
    ]);
    expect(found.map(en)).toEqual([
      'crises/cliche.yaml:12:20: warning: website (English): "We take this very seriously" is a cliché; say what you are doing instead [statement.cliche]',
      'crises/cliche.yaml:12:20: warning: website (Chinese): "高度重视" is a cliché; say what you are doing instead [statement.cliche]',
    ]);
  });
});
