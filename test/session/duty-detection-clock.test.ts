/**
 * A reporting duty's legal clock runs from detection, not from the moment someone started the session: when the
 * session recorded a detection time (`detected-at`) that can be placed and lies before the start, every duty's
 * deadline counts from it (status targets, the step screen, the review, a drill's targets-met). Before, an incident
 * detected at 07:30 and worked from 09:00 had its 4h report due at 13:00, an hour and a half after the law's 11:30.
 */
import { describe, expect, it } from 'vitest';
import type { PlanStep } from '../../src/playbook/compose.js';
import { DRILL_TIME } from '../../src/playbook/constants.js';
import type { Scalar } from '../../src/playbook/types.js';
import { buildReview } from '../../src/render/review-data.js';
import { renderReviewMarkdown } from '../../src/render/review-md.js';
import { renderStepScreen } from '../../src/render/step-screen.js';
import { checkExpectations } from '../../src/session/expectations.js';
import { doneTime, dutyClock, stepDueAt, targetStatus } from '../../src/session/progress.js';
import { initialState, type SessionState } from '../../src/session/replay.js';
import { H, T0, dutyPlan, origin, report } from '../helpers/duty-plan.js';

const assess: PlanStep = { origin, id: 'assess', title: 'Assess', phase: 'main', source: 'demo', due: '1h' };
const plan = dutyPlan([assess]);

/** A session started at T0 with `facts`; the report recorded done at T+3h unless `open`. */
function session(facts: Record<string, Scalar>, options: { open?: boolean; drill?: boolean } = {}): SessionState {
  const state = initialState();
  Object.assign(state, { id: 'demo-session', crisis: 'demo', severity: 'high', startedAt: T0, status: 'ended' });
  state.lastAt = T0 + 3 * H;
  state.steps['assess'] = { status: 'done', at: T0 + 0.5 * H, seq: 1 };
  if (!options.open) state.steps['report-cac'] = { status: 'done', at: T0 + 3 * H, seq: 2 };
  state.facts = facts;
  if (options.drill) state.drill = { id: 'demo-drill' };
  return state;
}
const target = (state: SessionState) => targetStatus(plan, state, state.lastAt)[0]!;
const plainStyle = { bold: String, dim: String, red: String, yellow: String, cyan: String };
const screen = (state: SessionState, lang: 'en' | 'zh') =>
  renderStepScreen(plan, state, report, { n: 2, total: 2 }, T0 + 2 * H, lang, plainStyle).join('\n');

describe('a duty detected at 07:30, worked from 09:00, reported at 12:00: 4h from detection was 11:30', () => {
  const state = session({ 'detected-at': '2026-01-01T07:30Z' });

  it('the clock starts at detection, the deadline is T+02:30 and the report at T+03:00 is late', () => {
    expect(dutyClock(state)).toEqual({ at: T0 - 1.5 * H, detectedAt: T0 - 1.5 * H });
    expect(stepDueAt(plan, state, report)).toBe(T0 + 2.5 * H);
    expect(target(state)).toEqual({
      target: 'duty-cac',
      deadline: T0 + 2.5 * H,
      metAt: T0 + 3 * H,
      detectedAt: T0 - 1.5 * H,
      overdue: true,
    });
  });

  it('other steps still count from the start', () => {
    expect(stepDueAt(plan, state, assess)).toBe(T0 + H);
  });

  it('the step screen says from when, in English and Chinese', () => {
    const open = session({ 'detected-at': '2026-01-01T07:30Z' }, { open: true });
    expect(screen(open, 'en')).toContain('due T+02:30 (4h from detection at T-01:30), 30m left');
    expect(screen(open, 'zh')).toContain('时限 T+02:30（自发现时 T-01:30 起 4小时），还剩 30分钟');
  });

  it("without detection the step screen gives the law's period too, not the deadline's id", () => {
    const open = session({}, { open: true });
    expect(screen(open, 'en')).toContain('due T+04:00 (4h), 2h left');
    expect(screen(open, 'en')).not.toContain('duty-cac');
    expect(screen(open, 'zh')).toContain('时限 T+04:00（4小时），还剩 2小时');
  });

  it('the review counts the time taken from detection and lists the report as late', () => {
    const data = buildReview(plan, state, [], { lang: 'en' });
    expect(renderReviewMarkdown(data, 'en')).toContain(
      '| Report to the cyberspace office | 4h from detection | 4h30m | ✗ |',
    );
    expect(data.deviations.filter((d) => d.kind === 'late').map((d) => d.step)).toEqual(['report-cac']);
    const zh = buildReview(plan, state, [], { lang: 'zh' });
    expect(renderReviewMarkdown(zh, 'zh')).toContain(
      '| Report to the cyberspace office | 自发现起 4小时 | 4小时30分钟 | ✗ |',
    );
  });

  it("a drill's targets-met check counts the same way", () => {
    const [met] = checkExpectations(plan, state, [{ 'targets-met': ['duty-cac'] }], state.lastAt);
    expect(met).toMatchObject({ ok: false });
  });

  it('a report sent after detection but before the session started counts at its send time', () => {
    const early = session({ 'detected-at': '2026-01-01T07:30Z', 'cac-at': '2026-01-01T08:30Z' });
    expect(doneTime(report, early)).toEqual({ at: T0 - 0.5 * H, recordedAt: T0 + 3 * H });
    expect(target(early)).toMatchObject({ metAt: T0 - 0.5 * H, overdue: false });
  });
});

describe('the clock stays at the start', () => {
  it('when detection is recorded after the start (the start is the earlier, stricter clock)', () => {
    const later = session({ 'detected-at': '2026-01-01T10:00Z' });
    expect(dutyClock(later)).toEqual({ at: T0 });
    expect(target(later)).toMatchObject({ deadline: T0 + 4 * H, overdue: false });
    expect(target(later)).not.toHaveProperty('detectedAt');
  });

  it('when no detection time is recorded, or a drill left its placeholder', () => {
    expect(dutyClock(session({}))).toEqual({ at: T0 });
    expect(dutyClock(session({ 'detected-at': DRILL_TIME }, { drill: true }))).toEqual({ at: T0 });
  });

  it('when a local time cannot be placed: no zone known, and the review says so; with the zone it is placed', () => {
    const local = session({ 'detected-at': '2026-01-01 15:30' });
    expect(dutyClock(local)).toEqual({ at: T0, ignored: { value: '2026-01-01 15:30', why: 'no-zone' } });
    expect(target(local)).toMatchObject({ deadline: T0 + 4 * H, detectionIgnored: { why: 'no-zone' } });
    const md = renderReviewMarkdown(buildReview(plan, local, [], { lang: 'en' }), 'en');
    expect(md).toContain(
      '- Reporting duties: the detection time typed, "2026-01-01 15:30", has no time zone and the ' +
        'session knows none (profile time-zone), so it could not be placed; the reporting clock is counted from the ' +
        'start of the session.',
    );
    // 15:30 in Shanghai is 07:30Z
    const placed = session({ 'detected-at': '2026-01-01 15:30', 'org-time-zone': 'Asia/Shanghai' });
    expect(dutyClock(placed)).toEqual({ at: T0 - 1.5 * H, detectedAt: T0 - 1.5 * H });
  });
});
