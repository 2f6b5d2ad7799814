import { describe, expect, it } from 'vitest';
import { buildReview } from '../../src/render/review-data.js';
import { renderReviewHtml } from '../../src/render/review-html.js';
import { renderReviewMarkdown } from '../../src/render/review-md.js';
import { Harness } from '../helpers/session-plan.js';

/**
 * A review of the fixture session (assessment due at 30m, first statement at 1h) `minutes` after it started:
 * paused, as a sit-rep mid-incident, or ended.
 */
function reviewAfter(minutes: number, how: 'pause' | 'end', lang: 'en' | 'zh' = 'en') {
  const h = Harness.started();
  h.after(5).act({ type: 'note', step: 'apology', text: 'draft with legal' });
  h.after(minutes - 5).act(how === 'pause' ? { type: 'pause', reason: 'shift change' } : { type: 'end' });
  const data = buildReview(h.plan, h.state, h.store.events, { lang });
  return { md: renderReviewMarkdown(data, lang), html: renderReviewHtml(data, lang) };
}
const measureRows = (md: string) => md.split('\n').filter((l) => /^\| time to|^\| 完成评估|^\| 首次公开/.test(l));
const deviations = (md: string) => md.split('\n').filter((l) => l.startsWith('- **'));

describe('a review of a session still under way', () => {
  it('a deadline still ahead is "not yet", with no ✗; steps nobody reached are one line, "not reached yet"', () => {
    const { md, html } = reviewAfter(10, 'pause');
    expect(measureRows(md)).toEqual([
      '| time to assessment | 30m | not yet | |',
      '| time to first public statement | 1h | not yet | |',
    ]);
    expect(deviations(md)).toEqual([
      '- **left open** `apology`: worked on, not finished: 1 note',
      '- **not reached yet**: confirm, name-leads, holding-statement, quick-post (4 steps)',
    ]);
    expect(html).toContain('<td>not yet</td><td></td></tr>');
    expect(html).toContain('<li><strong>not reached yet</strong>: confirm, name-leads, holding-statement, quick-post');
    expect(html).not.toContain('never');
  });

  it('a deadline its last event passed is "not yet" with ✗, and the late steps are listed as late', () => {
    const { md } = reviewAfter(300, 'pause');
    expect(measureRows(md)).toEqual([
      '| time to assessment | 30m | not yet | ✗ |',
      '| time to first public statement | 1h | not yet | ✗ |',
    ]);
    expect(deviations(md)).toContain('- **late** `confirm`: due T+00:30, not done');
  });

  it('once ended, what nobody reached was "never" reached, in one line, in Chinese too', () => {
    const en = reviewAfter(10, 'end').md;
    expect(measureRows(en)).toEqual([
      '| time to assessment | 30m | never | ✗ |',
      '| time to first public statement | 1h | never | ✗ |',
    ]);
    expect(deviations(en)).toContain(
      '- **never reached**: confirm, name-leads, holding-statement, quick-post (4 steps)',
    );
    const zh = reviewAfter(10, 'end', 'zh').md;
    expect(measureRows(zh)).toEqual([
      '| 完成评估用时 | 30分钟 | 未达成 | ✗ |',
      '| 首次公开声明用时 | 1小时 | 未达成 | ✗ |',
    ]);
    expect(deviations(zh)).toContain('- **未执行**：confirm、name-leads、holding-statement、quick-post（共 4 个步骤）');
    expect(deviations(reviewAfter(10, 'pause', 'zh').md)).toContain(
      '- **尚未执行**：confirm、name-leads、holding-statement、quick-post（共 4 个步骤）',
    );
    expect(measureRows(reviewAfter(10, 'pause', 'zh').md)[0]).toBe('| 完成评估用时 | 30分钟 | 尚未达成 | |');
  });
});

describe('out of order in the review', () => {
  const outOfOrder = (blockFirst: boolean) => {
    const h = Harness.started();
    if (blockFirst) h.after(1).act({ type: 'block', step: 'confirm', reason: 'waiting for the lab' });
    h.after(2).act({
      type: 'complete',
      step: 'name-leads',
      inputs: { 'lead-name': 'Lee', 'spokesperson-name': 'Bob' },
    });
    h.after(3).act({ type: 'complete', step: 'confirm', inputs: { 'affected-batches': 'B-7' } });
    h.after(1).act({ type: 'end' });
    return deviations(renderReviewMarkdown(buildReview(h.plan, h.state, h.store.events, { lang: 'en' }), 'en')).filter(
      (l) => l.includes('out of order'),
    );
  };

  it('a step done after a later one by choice is out of order', () => {
    expect(outOfOrder(false)).toEqual([
      '- **out of order** `confirm`: done at T+00:05, after steps that come later in the plan',
    ]);
  });

  it('a step blocked with a reason and done once it came back is not', () => {
    expect(outOfOrder(true)).toEqual([]);
  });
});
