import { describe, expect, it } from 'vitest';
import { buildReview } from '../../src/render/review-data.js';
import { renderReviewHtml } from '../../src/render/review-html.js';
import { renderReviewMarkdown } from '../../src/render/review-md.js';
import { Harness } from '../helpers/session-plan.js';

/** A short session: started, one step done, a note. */
function review(lang: 'en' | 'zh') {
  const h = Harness.started();
  h.after(5).act({ type: 'note', text: 'hotline opened' });
  return buildReview(h.plan, h.state, h.store.events, { lang });
}

describe('the review speaks the language it was asked for', () => {
  it('Markdown: headings and "none" in Chinese with --lang zh, in English by default', () => {
    const zh = renderReviewMarkdown(review('zh'), 'zh');
    expect(zh).toMatch(/^# 危机复盘：/);
    for (const heading of ['## 衡量指标', '## 时间线图', '## 已发布的声明', '## 决策', '## 完整时间线'])
      expect(zh).toContain(heading);
    expect(zh).toContain('无。');
    expect(zh).not.toMatch(/^## (Measures|Decisions|Full timeline)$/m);
    const en = renderReviewMarkdown(review('en'));
    expect(en).toMatch(/^# Post-crisis review: /);
    expect(en).toContain('## Statements issued\n\nNone.');
  });

  it('HTML: the title and section headings in Chinese with --lang zh', () => {
    const html = renderReviewHtml(review('zh'), 'zh');
    expect(html).toMatch(/<title>危机复盘：[^<]*<\/title>/);
    for (const heading of ['衡量指标', '时间线图', '已发布的声明', '决策', '角色交接', '复盘与预防', '完整时间线'])
      expect(html).toContain(`<h2>${heading}</h2>`);
    expect(html).toContain('<h2>已发布的声明</h2><p class="none">无。</p>');
    expect(html).not.toContain('<h2>Measures</h2>');
  });
});
