/**
 * A reporting duty's deadline is judged by the time the report was sent (`<duty>-at`, typed on its step), not by
 * the time the step was recorded as done, when the typed time can be placed and lies between the session's start and
 * the recording: status, review, the drill's `targets-met` and `before:` all agree. Before, a report sent at T+3h
 * and recorded at T+5h was a missed 4h deadline everywhere.
 */
import { describe, expect, it } from 'vitest';
import { DRILL_TIME } from '../../src/playbook/constants.js';
import type { Scalar } from '../../src/playbook/types.js';
import { buildReview } from '../../src/render/review-data.js';
import { renderReviewHtml } from '../../src/render/review-html.js';
import { renderReviewMarkdown } from '../../src/render/review-md.js';
import { checkExpectations } from '../../src/session/expectations.js';
import { doneTime, targetStatus } from '../../src/session/progress.js';
import { initialState, type SessionState } from '../../src/session/replay.js';
import { H, T0, dutyPlan, report } from '../helpers/duty-plan.js';

const plan = dutyPlan();

/** The report step recorded done at T+5h with the send time `sent` typed (and more facts); ended then. */
function recordedAtFive(sent: Scalar | undefined, facts: Record<string, Scalar> = {}, drill = false): SessionState {
  const state = initialState();
  Object.assign(state, { id: 'demo-session', crisis: 'demo', severity: 'high', startedAt: T0, status: 'ended' });
  state.lastAt = T0 + 5 * H;
  state.steps['report-cac'] = { status: 'done', at: T0 + 5 * H, seq: 2 };
  state.facts = { ...facts, ...(sent === undefined ? {} : { 'cac-at': sent }) };
  if (drill) state.drill = { id: 'demo-drill' };
  return state;
}

const target = (state: SessionState) => targetStatus(plan, state, state.lastAt)[0]!;
const review = (state: SessionState, lang: 'en' | 'zh' = 'en') => {
  const data = buildReview(plan, state, [], { lang });
  return { data, md: renderReviewMarkdown(data, lang), html: renderReviewHtml(data, lang) };
};
const checks = (state: SessionState) =>
  checkExpectations(
    plan,
    state,
    [{ before: { step: 'report-cac', deadline: '4h' } }, { 'targets-met': ['duty-cac'] }],
    state.lastAt,
  );

describe('a duty sent at T+3h and recorded at T+5h met its 4h deadline', () => {
  const state = recordedAtFive('2026-01-01T12:00Z');

  it('targetStatus: met at the send time, the recorded time kept, not overdue', () => {
    expect(target(state)).toEqual({
      target: 'duty-cac',
      deadline: T0 + 4 * H,
      metAt: T0 + 3 * H,
      recordedAt: T0 + 5 * H,
      overdue: false,
    });
    expect(doneTime(report, state)).toEqual({ at: T0 + 3 * H, recordedAt: T0 + 5 * H });
  });

  it('the review shows both times with ✓ and lists no late step, in English and Chinese', () => {
    const en = review(state);
    expect(en.md).toContain('| Report to the cyberspace office | 4h | sent T+03:00 (recorded T+05:00) | ✓ |');
    expect(en.data.deviations.filter((d) => d.kind === 'late')).toEqual([]);
    expect(en.data.counts.overdue).toBe(0);
    expect(en.html).toContain('<td>sent T+03:00 (recorded T+05:00)</td><td class="ok">✓</td>');
    expect(review(state, 'zh').md).toContain(
      '| Report to the cyberspace office | 4小时 | T+03:00 报送（T+05:00 记录） | ✓ |',
    );
  });

  it("the drill's before: and targets-met checks hold, and say which time counted", () => {
    const [before, targets] = checks(state);
    expect(before).toMatchObject({
      name: 'report-cac done before 4h',
      ok: true,
      actual: 'sent at T+03:00 (recorded T+05:00)',
    });
    expect(targets).toMatchObject({ ok: true, actual: 'all met on time' });
  });

  it('a local time is placed in the zone the profile recorded (org-time-zone): 20:00 in Shanghai is 12:00Z', () => {
    const local = recordedAtFive('2026-01-01 20:00', { 'org-time-zone': 'Asia/Shanghai' });
    expect(target(local)).toMatchObject({ metAt: T0 + 3 * H, recordedAt: T0 + 5 * H, overdue: false });
    expect(checks(local).map((r) => r.ok)).toEqual([true, true]);
  });
});

describe('a typed send time that cannot be trusted leaves the recorded time to judge', () => {
  const missed = { metAt: T0 + 5 * H, overdue: true };

  it('after the recorded time (T+6h): ignored, and the review says so', () => {
    const state = recordedAtFive('2026-01-01T15:00Z');
    expect(target(state)).toEqual({
      target: 'duty-cac',
      deadline: T0 + 4 * H,
      ...missed,
      sentIgnored: { value: '2026-01-01T15:00Z', why: 'outside' },
    });
    expect(checks(state).map((r) => [r.ok, r.actual])).toEqual([
      [false, 'done at T+05:00'],
      [false, 'duty-cac met late at T+05:00 (due T+04:00)'],
    ]);
    const { md } = review(state);
    expect(md).toContain('| Report to the cyberspace office | 4h | 5h | ✗ |');
    expect(md).toContain(
      '- Report to the cyberspace office: the send time typed, "2026-01-01T15:00Z", is not between the start of its ' +
        'clock (detection, or the start of the session) and the time the step was recorded, so it was not used; the ' +
        'deadline is judged by the recorded time.',
    );
    expect(md).toContain('- **late** `report-cac`: due T+04:00, done T+05:00');
  });

  it('before the session started: ignored', () => {
    expect(target(recordedAtFive('2026-01-01T08:59Z'))).toMatchObject({
      ...missed,
      sentIgnored: { value: '2026-01-01T08:59Z', why: 'outside' },
    });
  });

  it('a local time with no zone known: ignored, and the review says it could not be placed (en, zh)', () => {
    const state = recordedAtFive('2026-01-01 12:00');
    expect(target(state)).toMatchObject({ ...missed, sentIgnored: { value: '2026-01-01 12:00', why: 'no-zone' } });
    expect(target(state).recordedAt).toBeUndefined();
    expect(checks(state).map((r) => r.ok)).toEqual([false, false]);
    const en = review(state);
    expect(en.md).toContain(
      '- Report to the cyberspace office: the send time typed, "2026-01-01 12:00", has no time zone and the session ' +
        'knows none (profile time-zone), so it could not be placed; the deadline is judged by the time the step was ' +
        'recorded.',
    );
    expect(en.html).toContain('<p>Report to the cyberspace office: the send time typed, &quot;2026-01-01 12:00&quot;');
    expect(review(state, 'zh').md).toContain(
      '- Report to the cyberspace office：所填报送时间“2026-01-01 12:00”未注明时区，本会话也没有已知时区' +
        '（组织信息中未设时区），无法确定其时刻；时限按该步骤的记录时间判断。',
    );
  });

  it('recorded in time, an unplaced send time changes nothing: the review says nothing of it', () => {
    const state = recordedAtFive('2026-01-01 12:00');
    state.steps['report-cac']!.at = T0 + 4 * H;
    expect(target(state)).toMatchObject({ metAt: T0 + 4 * H, overdue: false, sentIgnored: { why: 'no-zone' } });
    const { data, md } = review(state);
    expect(data.measures[0]).toEqual({ name: 'Report to the cyberspace office', target: '4h', actual: '4h', ok: true });
    expect(md).not.toContain('could not be placed');
  });

  it('an org-time-zone this runtime does not know is no zone', () => {
    expect(target(recordedAtFive('2026-01-01 12:00', { 'org-time-zone': 'Mars/Olympus' }))).toMatchObject({
      sentIgnored: { why: 'no-zone' },
    });
  });

  it("a drill's stand-in time for an unscripted step is no send time, in any zone, and is not flagged", () => {
    // 09:00 UTC is the session's start: taken as a send time it would meet every deadline.
    const state = recordedAtFive(DRILL_TIME, { 'org-time-zone': 'UTC' }, true);
    expect(target(state)).toEqual({ target: 'duty-cac', deadline: T0 + 4 * H, ...missed });
    expect(review(state).data.measures[0]!.note).toBeUndefined();
  });

  it('no send time recorded: the recorded time, nothing flagged', () => {
    expect(target(recordedAtFive(undefined))).toEqual({ target: 'duty-cac', deadline: T0 + 4 * H, ...missed });
  });
});
