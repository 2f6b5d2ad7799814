import { describe, expect, it } from 'vitest';
import { escapeMarkdown } from '../../src/text/markdown.js';
import { escapeHtml, neutraliseMarkup, sanitizeLine, sanitizeText } from '../../src/text/sanitize.js';

/**
 * Invisible characters that make text read differently from what it is, or
 * break it into lines where none shows: every Bidi_Control character (U+061C,
 * U+200E, U+200F, U+202A–U+202E, U+2066–U+2069), the line and paragraph
 * separators U+2028 and U+2029, and U+FEFF (a zero-width no-break space
 * anywhere in text) each become U+FFFD, as U+202E always has.
 */
describe('sanitizeText: bidi controls and invisible separators', () => {
  it.each([
    ['U+061C arabic letter mark', 'pay \u061cto account 1234', 'pay \uFFFDto account 1234'],
    ['U+200E left-to-right mark', 'a\u200eb', 'a\uFFFDb'],
    ['U+200F right-to-left mark', 'a\u200fb', 'a\uFFFDb'],
    ['U+202A..U+202D embeddings and overrides', '\u202a1\u202b2\u202c3\u202d4', '\uFFFD1\uFFFD2\uFFFD3\uFFFD4'],
    ['U+202E right-to-left override', 'invoice\u202egpj.exe', 'invoice\uFFFDgpj.exe'],
    ['U+2066..U+2069 isolates', '\u2066a\u2067b\u2068c\u2069', '\uFFFDa\uFFFDb\uFFFDc\uFFFD'],
    ['U+2028 line separator', 'Statement\u2028# Heading', 'Statement\uFFFD# Heading'],
    ['U+2029 paragraph separator', 'one\u2029two', 'one\uFFFDtwo'],
    ['U+FEFF mid-text', 'ad\ufeffmin', 'ad\uFFFDmin'],
    ['U+FEFF at the start', '\ufeffadmin', '\uFFFDadmin'],
  ])('%s', (_name, input, expected) => {
    expect(sanitizeText(input)).toBe(expected);
    expect(sanitizeLine(input)).toBe(expected);
    expect(neutraliseMarkup(input)).toBe(expected);
    expect(escapeHtml(input)).toBe(expected);
  });

  it('the same characters never reach Markdown output', () => {
    expect(escapeMarkdown('Recall\u2028# Fake heading\u2029\u061cx\ufeffy')).toBe(
      'Recall\uFFFD\\# Fake heading\uFFFD\uFFFDx\uFFFDy',
    );
  });

  it('keeps Chinese, Arabic and Hebrew letters, emoji sequences, newlines and tabs intact', () => {
    const text = [
      '艾克美家电有限公司：关于产品质量问题的致歉声明。',
      'عميل — לקוח',
      '🚨 👩‍👩‍👧 ❤️ 👍🏽 🇨🇳 🏴󠁧󠁢󠁳󠁣󠁴󠁿',
      'ZWNJ in Persian: می‌خواهم',
      'tab\there',
    ].join('\n');
    expect(sanitizeText(text)).toBe(text);
    expect(neutraliseMarkup(text)).toBe(text);
    expect(sanitizeLine(text)).toBe(text.replace(/[\n\t]+/g, ' '));
  });
});
