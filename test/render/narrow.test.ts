import fc from 'fast-check';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { narrowWidth, narrowWrapHanging, narrowWrapLine } from '../../src/render/narrow.js';
import { displayWidth, wrapHanging, wrapLine } from '../../src/render/width.js';

const bold = (s: string) => `\x1b[1m${s}\x1b[22m`;
const red = (s: string) => `\x1b[31m${s}\x1b[39m`;

describe('narrow widths: what string-width says, without it', () => {
  it.each<[string, number | undefined]>([
    ['abc', 3],
    ['', 0],
    ['exposé – “quoted” … • ok', 24],
    [bold('[1/55] Mobilise') + '   ' + red('T+00:00'), 25],
    ['\x1b[2m\x1b[22m', 0],
    ['产品质量', 8],
    ['级别：高', 8],
    [bold('产品'), 4],
    ['\u3000全角空格', 10],
    // these need string-width: combining, emoji, invisible, tab, other escape sequences
    ['e\u0301', undefined],
    ['✓ recorded', undefined],
    ['⚠ overdue', undefined],
    ['ok 👍', undefined],
    ['a\u200bb', undefined],
    ['a\tb', undefined],
    ['\x1b]8;;https://example.com\x07link\x1b]8;;\x07', undefined],
    ['\x1b[2Kline', undefined],
  ])('%j', (text, width) => {
    expect(narrowWidth(text)).toBe(width);
    if (width !== undefined) expect([stringWidth(text), displayWidth(text)]).toEqual([width, width]);
  });

  it('agrees with string-width on generated lines of one-column text and colour codes', () => {
    const piece = fc.oneof(
      fc.constantFrom('a', 'Z', ' ', '-', '•', '[', ']', 'é', 'ß', 'Ł', 'ʔ', '–', '—', '“', '”', '…', '\u00a0'),
      fc.constantFrom('\x1b[1m', '\x1b[22m', '\x1b[2m', '\x1b[31m', '\x1b[39m', '\x1b[36m', '\x1b[0m', '\x1b[m'),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (pieces) => {
        const text = pieces.join('');
        expect(narrowWidth(text)).toBe(stringWidth(text));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('narrow wrapping: the lines wrapLine gives, without string-width or wrap-ansi', () => {
  it('wraps English between words, keeping the indent and hanging list items, like wrapLine', () => {
    const cases: Array<[string, number]> = [
      ['  Food is the classic case: someone must own the deadline before anyone calls the press.', 30],
      ['  - check the batch numbers against the shipping records', 30],
      ['  [ ] All staff told that only the spokesperson speaks to press and public', 60],
      ['  [12/55] Tell the exchange and investors, as the listing rules require (sh-investor-notice)', 60],
      ['  [+] Tell the exchange and investors, as the listing rules require (sh-investor-notice)', 40],
      ['resume with: crisis resume 20261130-103611-product-quality-3f9a', 30],
      ['done', 60],
      ['', 60],
      ['•   spaced    out     words      here', 12],
      ['- ', 1],
      ['word', 2],
    ];
    for (const [line, columns] of cases) expect(narrowWrapLine(line, columns), line).toEqual(wrapLine(line, columns));
    expect(narrowWrapLine(cases[4]![0], 40)).toEqual([
      '  [+] Tell the exchange and investors,',
      '      as the listing rules require',
      '      (sh-investor-notice)',
    ]);
    expect(narrowWrapLine(cases[0]![0], 30)).toEqual([
      '  Food is the classic case:',
      '  someone must own the',
      '  deadline before anyone calls',
      '  the press.',
    ]);
  });

  it('wraps plain Chinese by the same rules as wrapLine', () => {
    const cases: Array<[string, number]> = [
      ['请核实受影响的批次，并在三十分钟内通知质量负责人。', 20],
      ['  - 还剩 15 分钟：在 T+1天02:05 之前发出第一份声明（官网、微博）', 24],
      ['  [ ] 所有员工都已知道：只有发言人对媒体和公众讲话', 30],
      ['  [+] 帮用户用好产品，并把问题反馈给设计部门 (help-with-usability)', 30],
      ['\u3000\u3000全角缩进的一段话，用来检查悬挂缩进的宽度是否按两列计算。', 16],
      ['批次 A-17 的召回范围 2026年11月30日 起', 12],
      ['会话', 1],
    ];
    for (const [line, columns] of cases) expect(narrowWrapLine(line, columns), line).toEqual(wrapLine(line, columns));
    expect(narrowWrapLine(cases[0]![0], 20)).toEqual(['请核实受影响的批次，', '并在三十分钟内通知质', '量负责人。']);
  });

  it('leaves to wrapLine what needs string-width or wrap-ansi', () => {
    // an emoji, a combining mark, a check box with a tick, wide characters of no CJK script: string-width measures them
    expect(narrowWrapLine('ship it 🚀 now', 80)).toBeUndefined();
    expect(narrowWrapLine('cafe\u0301', 80)).toBeUndefined();
    expect(narrowWrapLine('  [✓] done', 80)).toBeUndefined();
    expect(narrowWrapLine('a long line of text with ꀀꀁꀂ Yi syllables in it', 20)).toBeUndefined();
    // a coloured line that fits is measured here; one that must be wrapped goes to wrap-ansi, which carries colours over
    expect(narrowWrapLine(bold('Name the incident lead'), 40)).toEqual([bold('Name the incident lead')]);
    expect(narrowWrapLine(bold('Name the incident lead and the spokesperson'), 20)).toBeUndefined();
    expect(narrowWrapLine(bold('通知质量负责人和发言人'), 10)).toBeUndefined();
  });

  it('gives wrapLine’s lines for generated Chinese and mixed text at any width', () => {
    const piece = fc.oneof(
      fc.constantFrom('危', '机', '批', '次', '召', '回', '分钟', '小时', '天', '年', '个月', '星期', '秒'),
      fc.constantFrom('，', '。', '、', '：', '；', '（', '）', '《', '》', '“', '”', '…', '—', '\u3000', '！', '％'),
      fc.constantFrom(
        ' ',
        ' ',
        'A-17',
        '15',
        'T+1天02:05',
        'T+00:30',
        '2026',
        'crisis',
        '-',
        '[ ]',
        '[+]',
        '[3/55]',
        '•',
        '(',
        ')',
      ),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), fc.integer({ min: 1, max: 90 }), (pieces, columns) => {
        const line = pieces.join('');
        expect(narrowWidth(line)).toBe(stringWidth(line));
        expect(narrowWrapLine(line, columns)).toEqual(wrapLine(line, columns));
      }),
      { numRuns: 3000 },
    );
  });

  it('gives wrapLine’s lines for generated one-column text at any width', () => {
    const char = fc.constantFrom(' ', ' ', ' ', 'a', 'b', 'x', '-', '*', '•', '[', ']', 'é', '—', '…', '\u00a0', '.');
    const word = fc.oneof(
      fc.constantFrom(
        'the',
        'spokesperson',
        'T+00:15',
        '-',
        '*',
        '•',
        '[ ]',
        '[x]',
        '[+]',
        '[3/55]',
        '  ',
        '\u00a0',
        '',
      ),
      fc.string({ unit: char, maxLength: 14 }),
    );
    fc.assert(
      fc.property(fc.array(word, { maxLength: 40 }), fc.integer({ min: 1, max: 90 }), (words, columns) => {
        const line = words.join(' ');
        expect(narrowWrapLine(line, columns)).toEqual(wrapLine(line, columns));
      }),
      { numRuns: 3000 },
    );
  });

  it('hangs later rows as wrapHanging does, for English and Chinese, and leaves the rest to it', () => {
    const cases: Array<[string, number]> = [
      [
        'playbooks/x.yaml:12:5: error: step "tf-name-leads" has no owner; give it one of the roles the playbook names',
        40,
      ],
      ['playbooks/x.yaml:12:5: 错误：步骤 "tf-name-leads" 没有负责人；请从预案列出的角色中指定一个', 30],
      ['2026-11-30 10:36  note.added  批次 A-17 已下架，等待质检结果后再决定是否扩大召回范围', 36],
      ['short', 40],
    ];
    for (const [line, columns] of cases) {
      expect(narrowWrapHanging(line, columns), line).toEqual(wrapHanging(line, columns));
      expect(
        narrowWrapHanging(line, columns)!
          .slice(1)
          .every((row) => row.startsWith('  ')),
      ).toBe(true);
    }
    expect(narrowWrapHanging('x.yaml:1:1: warning: 🚀 is not a channel', 20)).toBeUndefined();
  });

  it('a long line with long runs of spaces: the same lines', () => {
    const line = `  - ${'word '.repeat(2_000)}${' '.repeat(20_000)}x${' '.repeat(20_000)}`;
    const lines = narrowWrapLine(line, 80)!;
    expect(lines.length).toBeGreaterThan(100);
    expect(lines).toEqual(wrapLine(line, 80));
  });
});
