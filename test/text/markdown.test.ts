import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { escapeMarkdown, markdownHeader, markdownQuote, markdownRow } from '../../src/text/markdown.js';

/** markdown-it's default: CommonMark with raw HTML, GFM tables and strikethrough; no linkify. */
const commonmark = new MarkdownIt();
const html = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

describe('escapeMarkdown', () => {
  it.each([
    ['a_b*c `x`', 'a\\_b\\*c \\`x\\`'],
    ['- not a list', '\\- not a list'],
    ['+ not a list', '\\+ not a list'],
    ['12. not a list', '12\\. not a list'],
    ['3) not a list', '3\\) not a list'],
    ['# not a heading', '\\# not a heading'],
    ['> not a quote', '\\> not a quote'],
    ['=== not a rule', '\\=== not a rule'],
    ['a | b', 'a \\| b'],
    ['<script>alert(1)</script>', '\\<script\\>alert(1)\\</script\\>'],
    ['[x](javascript:alert(3))', '\\[x\\](javascript:alert(3))'],
    ['&amp; $x$ ~~gone~~', '\\&amp; \\$x\\$ \\~\\~gone\\~\\~'],
    ['two\nlines\tand a tab', 'two lines and a tab'],
    ['red \u001b[31mtext\u001b[0m', 'red text'],
    ['see https://example.com/a_b?q=1.', 'see <https://example.com/a_b?q=1>.'],
    ['(http://example.com)', '(<http://example.com>)'],
    ['mail press@example.com, now', 'mail <press@example.com>, now'],
    ['www.example.com', 'www\\.example.com'],
    ['https://evil.example/<script>', '<https://evil.example/>\\<script\\>'],
    ['trailing backslash \\', 'trailing backslash \\\\'],
  ])('%j -> %j', (input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });

  it('renders as exactly the characters given, as one paragraph, whatever they are (markdown-it)', () => {
    const alphabet = fc.constantFrom(
      ...'ab1 .-+=#>*_`~[]()!<>|&$\\:;/"\'{}0)9'.split(''),
      'www.',
      '&amp;',
      '1.',
      '~~',
      '**',
      '__',
    );
    fc.assert(
      fc.property(fc.array(alphabet, { minLength: 1, maxLength: 24 }), (parts) => {
        const text = parts.join('').trim();
        if (text === '') return;
        expect(commonmark.render(escapeMarkdown(text))).toBe(`<p>${html(text)}</p>\n`);
      }),
      { numRuns: 2000, seed: 16 },
    );
  });

  it('turns URLs and e-mail addresses into autolinks and nothing else into a link', () => {
    expect(commonmark.renderInline(escapeMarkdown('call https://example.com/x or a@b.example [y](z)'))).toBe(
      'call <a href="https://example.com/x">https://example.com/x</a> or <a href="mailto:a@b.example">a@b.example</a> [y](z)',
    );
  });
});

describe('markdownQuote', () => {
  it('keeps lines (hard breaks), blank lines as a bare ">", and block markers as text', () => {
    expect(markdownQuote('Title\n\n- one\n- two  \n\n# not a heading\n')).toEqual([
      '> Title',
      '>',
      '> \\- one\\',
      '> \\- two',
      '>',
      '> \\# not a heading',
    ]);
    expect(commonmark.render(markdownQuote('- one\n- two').join('\n'))).toBe(
      '<blockquote>\n<p>- one<br>\n- two</p>\n</blockquote>\n',
    );
  });
});

describe('markdown tables', () => {
  it('are in the compact style, with an empty cell as "| |"', () => {
    expect([...markdownHeader(['a', '']), markdownRow([1, ''])]).toEqual(['| a | |', '| --- | --- |', '| 1 | |']);
  });
});
