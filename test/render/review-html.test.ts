import { describe, expect, it } from 'vitest';
import { buildReview } from '../../src/render/review-data.js';
import { renderReviewHtml, svgChart } from '../../src/render/review-html.js';
import type { TimelineRow } from '../../src/render/timeline.js';
import { Harness } from '../helpers/session-plan.js';

/**
 * The review's full timeline in HTML: every row's local time is a date span and a time of day, so the print
 * stylesheet can keep the time on paper and show the date only where it changes. (The print stylesheet used to hide
 * the whole local-time column; test/outputs/print.test.ts reads the times back from a printed PDF.)
 */
const row = (seq: number, local: string, offset: string): TimelineRow => ({
  seq,
  ts: '',
  local,
  offset,
  type: 'note.added',
  actor: 'alice',
  step: '',
  summary: 'note',
});

function timelineHtml(): string {
  const h = Harness.started();
  const data = buildReview(h.plan, h.state, h.store.events, { lang: 'en' });
  const html = renderReviewHtml({
    ...data,
    timeline: [
      row(1, '2026-01-01 23:58:00', 'T+00:00'),
      row(2, '2026-01-01 23:59:30', 'T+01:30'),
      row(3, '2026-01-02 00:00:10', 'T+02:10'),
    ],
  });
  return html;
}

describe('review HTML: the timeline keeps the local time in print', () => {
  it("marks each row's date, and those the row before already showed", () => {
    const html = timelineHtml();
    expect(html).toContain(
      '<tr><td>1</td><td class="local"><span class="day">2026-01-01</span> 23:58:00</td><td>T+00:00</td>',
    );
    expect(html).toContain(
      '<tr><td>2</td><td class="local"><span class="day same">2026-01-01</span> 23:59:30</td><td>T+01:30</td>',
    );
    expect(html).toContain(
      '<tr><td>3</td><td class="local"><span class="day">2026-01-02</span> 00:00:10</td><td>T+02:10</td>',
    );
  });

  it('the print stylesheet hides only the repeated dates, never the local-time column', () => {
    const print = /@media print\{(.*)\}$/m.exec(timelineHtml())![1]!;
    expect(print).toContain('.timeline .same{display:none}');
    expect(print).not.toMatch(/\.local\{[^}]*display:none/);
    expect(print).toContain('.timeline .local{white-space:nowrap;');
  });
});

describe('review HTML: the chart axis', () => {
  /** A session eight days and some seconds long: its quarter marks fall on odd seconds. */
  const chart = {
    span: ((8 * 24 + 18) * 60 + 50) * 60_000 + 1_000,
    targets: [],
    marks: [{ kind: 'statement' as const, at: 3_600_000, label: 'website' }],
  };
  const ticks = (svg: string) =>
    [...svg.matchAll(/<text x="[\d.]+" y="20" font-size="11" text-anchor="(\w+)" fill="#555">([^<]*)<\/text>/g)].map(
      (m) => `${m[1]} ${m[2]}`,
    );

  it('reads to the minute, the last label ending at its line so it is not cut at the chart edge', () => {
    expect(ticks(svgChart(chart, 'en'))).toEqual([
      'middle T+0s',
      'middle T+2d4h42m',
      'middle T+4d9h25m',
      'middle T+6d14h7m',
      'end T+8d18h50m',
    ]);
  });

  it('in Chinese in words', () => {
    expect(ticks(svgChart(chart, 'zh'))).toEqual([
      'middle T+0秒',
      'middle T+2天4小时42分钟',
      'middle T+4天9小时25分钟',
      'middle T+6天14小时7分钟',
      'end T+8天18小时50分钟',
    ]);
  });
});

describe('review HTML: target labels under the chart', () => {
  it('each on a line of its own, so deadlines that fall together are not drawn over each other', () => {
    const H4 = 4 * 3_600_000;
    const svg = svgChart({
      span: 31 * 3_600_000,
      targets: [
        { name: 'assessment', label: 'Assessment', at: 3_600_000 },
        { name: 'first-statement', label: 'First statement', at: H4 },
        { name: 'duty-cn-cyber-report-other', label: 'Report the incident to the cyberspace office', at: H4 },
        { name: 'duty-cn-pipl-leak-notice', label: 'Notify the people affected', at: H4 },
      ],
      marks: [{ kind: 'statement', at: H4, label: 'website' }],
    });
    const labels = [...svg.matchAll(/<text x="[\d.]+" y="(\d+)" font-size="10"[^>]*>([^<]*)<\/text>/g)].map(
      (m) => `${m[1]} ${m[2]}`,
    );
    const height = Number(/viewBox="0 0 \d+ (\d+)"/.exec(svg)![1]);
    expect(labels).toEqual([
      `${height - 6} Assessment 1h`,
      `${height - 19} First statement 4h`,
      `${height - 32} Report the incident to the cyberspace office 4h`,
      `${height - 45} Notify the people affected 4h`,
    ]);
    // the first label line lies below the rows of dots (one row here: statements at y 45)
    expect(height - 45 - 10).toBeGreaterThan(45 + 5);
  });
});
