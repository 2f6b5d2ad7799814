import { describe, expect, it } from 'vitest';
import { buildReview } from '../../src/render/review-data.js';
import { renderReviewHtml } from '../../src/render/review-html.js';
import { renderReviewMarkdown } from '../../src/render/review-md.js';
import { Harness } from '../helpers/session-plan.js';

/** The lines of one `## ` section of the Markdown review, blank lines left out. */
function section(md: string, title: string): string[] {
  const lines = md.split('\n');
  const start = lines.indexOf(`## ${title}`);
  const end = lines.findIndex((l, i) => i > start && l.startsWith('## '));
  return lines.slice(start + 1, end).filter(Boolean);
}

/** A follow-up and a plain note, neither at a step, ten minutes apart; then the session ends. */
function review(lang: 'en' | 'zh') {
  const h = Harness.started();
  h.after(5).act({ type: 'note', text: 'TODO: call the supplier' });
  h.after(10).act({ type: 'note', text: 'the lab rang back' });
  h.after(1).act({ type: 'end' });
  const data = buildReview(h.plan, h.state, h.store.events, { lang });
  return { md: renderReviewMarkdown(data, lang), html: renderReviewHtml(data, lang) };
}

describe('notes in the review', () => {
  it('a TODO note is a follow-up only, not ad hoc work too; a plain note stays ad hoc', () => {
    const { md, html } = review('en');
    expect(section(md, 'Follow-ups (TODO)')).toEqual(['- [ ] call the supplier (T+00:05, alice)']);
    const deviations = section(md, 'Deviations from the playbook').filter((l) => l.startsWith('- **ad hoc**'));
    expect(deviations).toEqual(['- **ad hoc**: note at T+00:15: the lab rang back']);
    expect(html.match(/call the supplier/g)).toHaveLength(2); // the follow-up and the full timeline's note
  });

  it('in Chinese too', () => {
    const { md } = review('zh');
    expect(section(md, '待办跟进')).toEqual(['- [ ] call the supplier（T+00:05，alice）']);
    expect(section(md, '偏离预案之处').filter((l) => l.includes('备注'))).toEqual([
      '- **预案外处置**：T+00:15 的备注：the lab rang back',
    ]);
  });
});
