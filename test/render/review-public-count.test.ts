import { describe, expect, it } from 'vitest';
import { buildReview } from '../../src/render/review-data.js';
import { renderReviewMarkdown } from '../../src/render/review-md.js';
import { summaryLines } from '../../src/cli/sessions.js';
import { makeStyle } from '../../src/cli/style.js';
import { SESSION_CRISIS, SESSION_FILES } from '../helpers/fixtures.js';
import { Harness, sessionPlan } from '../helpers/session-plan.js';

/** The fixture crisis plus a note to staff (e-mail) and a report to the regulator: neither speaks in public. */
const files = {
  ...SESSION_FILES,
  'crises/sess-crisis.yaml': SESSION_CRISIS.replace(
    '      - id: quick-post\n',
    [
      '      - id: staff-note',
      '        title: Tell the staff',
      '        owner: spokesperson',
      '        statement:',
      '          email: "Batches {{affected-batches}}: say nothing in public."',
      '      - id: regulator-report',
      '        title: Report to the regulator',
      '        owner: spokesperson',
      '        statement:',
      '          regulator: "Batches {{affected-batches}} are affected."',
      '      - id: quick-post',
      '',
    ].join('\n'),
  ),
};

// The summary's words without colour, as a run with colour off prints them.
const plain = await makeStyle(false);

/**
 * The regulator hears at T+10 and the staff at T+15, the holding statement goes out channel by channel (website
 * T+40, social T+41), the quick post at T+90: two public statements in four issue events, and two more that are
 * not public.
 */
function session(): Harness {
  const h = Harness.started(sessionPlan(undefined, files));
  h.after(5).act({ type: 'complete', step: 'confirm', inputs: { 'affected-batches': 'B-1' } });
  h.after(5).act({ type: 'issue', step: 'regulator-report', channels: { regulator: 'Batches B-1 are affected.' } });
  h.after(5).act({ type: 'issue', step: 'staff-note', channels: { email: 'Batches B-1: say nothing in public.' } });
  h.after(20).act({ type: 'approve', step: 'holding-statement', approver: 'Lee' });
  h.after(5).act({ type: 'issue', step: 'holding-statement', channels: { website: 'Batches B-1 are affected.' } });
  h.after(1).act({ type: 'issue', step: 'holding-statement', channels: { social: 'We are recalling B-1.' } });
  h.after(49).act({ type: 'issue', step: 'quick-post', channels: { social: 'Update on B-1.' } });
  return h;
}

describe('statements the company made in public', () => {
  it('the review counts the public statements the cadence was kept with, not every issue event', () => {
    const h = session();
    const md = renderReviewMarkdown(buildReview(h.plan, h.state, h.store.events, { lang: 'en' }), 'en');
    expect(md).toContain('| time to first public statement | 1h | 40m | ✓ |');
    // Six issue events, two of them not public and one statement sent channel by channel: two public statements.
    expect(md).toContain('| update cadence | every 4h | kept (2 statements) | ✓ |');
    const zh = renderReviewMarkdown(buildReview(h.plan, h.state, h.store.events, { lang: 'zh' }), 'zh');
    expect(zh).toContain('| 更新频率 | 每4小时一次 | 已做到（共 2 份声明） | ✓ |');
  });

  it('the end-of-run summary times the first public statement, not the regulator report before it', () => {
    const h = session();
    const lines = summaryLines(h.plan, h.state, h.now, plain, 'en');
    expect(lines).toContain('  time to first public statement: 40m');
    expect(summaryLines(h.plan, h.state, h.now, plain, 'zh')).toContain('  首次公开声明用时：40分钟');
  });

  it('with only a report to the regulator issued, the summary says no public statement was issued', () => {
    const h = Harness.started(sessionPlan(undefined, files));
    h.after(5).act({ type: 'complete', step: 'confirm', inputs: { 'affected-batches': 'B-1' } });
    h.after(5).act({ type: 'issue', step: 'regulator-report', channels: { regulator: 'Batches B-1 are affected.' } });
    expect(summaryLines(h.plan, h.state, h.now, plain, 'en')).toContain(
      '  time to first public statement: no public statement issued',
    );
    expect(summaryLines(h.plan, h.state, h.now, plain, 'zh')).toContain('  首次公开声明用时：尚未发布公开声明');
  });
});
