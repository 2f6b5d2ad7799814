import { messagesFor } from '../text/messages.js';
import { eventTypeWords } from './state-words.js';
import { durationWords, formatDuration } from '../playbook/duration.js';
import type { ReviewData } from './review-data.js';
import { escapeHtml as e } from '../text/sanitize.js';
import { aside, decidedBy, followUpMeta, planChangeText, severityText, spanText } from './review-words.js';
import { timelineHeader } from './timeline.js';

const COLORS = {
  statement: '#1565c0',
  assessment: '#2e7d32',
  step: '#888',
  inject: '#e65100',
  decision: '#6a1b9a',
} as const;

/** Inline SVG: a time axis, target deadlines as dashed red lines, events as dots per row. */
export function svgChart(chart: ReviewData['chart'], lang = 'en'): string {
  const m = messagesFor(lang);
  // Durations in the reader's words (T+5天, 30分钟), as the text chart says them.
  const duration = (ms: number) => e(durationWords(formatDuration(ms), lang));
  const rowLabel = {
    statement: m('review.chart.statements'),
    assessment: m('review.chart.assessment'),
    step: m('review.chart.steps'),
    inject: m('review.chart.injects'),
    decision: m('review.chart.decisions'),
  } as const;
  const W = 760,
    left = 90,
    right = 20,
    rowH = 26;
  const rows = (['statement', 'assessment', 'step', 'inject', 'decision'] as const).filter((k) =>
    chart.marks.some((m) => m.kind === k),
  );
  // One line of its own for each target's label under the rows (two at least, as the chart always had): labels of
  // deadlines that fall together (first statement and two reports, all at 4h) were drawn over each other.
  const labelLines = Math.max(2, chart.targets.length);
  const plotBottom = 40 + rows.length * rowH;
  const H = plotBottom + 16 + labelLines * 13;
  const x = (at: number) => left + (at / chart.span) * (W - left - right);
  const parts: string[] = [
    `<svg viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="${e(m('review.timelineChart'))}">`,
  ];
  // The axis to the minute, as the report's T+ times read (T+2d4h42m, not T+2d4h42m30s); the last label ends at its
  // line, so a long span's (T+8d18h50m) stays inside the chart instead of being cut at its right edge.
  for (let i = 0; i <= 4; i++) {
    const at = (chart.span * i) / 4;
    const anchor = i === 4 ? 'end' : 'middle';
    parts.push(
      `<line x1="${x(at)}" y1="30" x2="${x(at)}" y2="${plotBottom + 22}" stroke="#eee"/>` +
        `<text x="${x(at)}" y="20" font-size="11" text-anchor="${anchor}" fill="#555">` +
        `T+${duration(Math.floor(at / 60_000) * 60_000)}</text>`,
    );
  }
  chart.targets.forEach((t, i) => {
    // A label right of the middle ends at its line, so one at the last moment stays inside the chart.
    const right = x(t.at) > W / 2;
    const anchor = right ? ` text-anchor="end"` : '';
    parts.push(
      `<line x1="${x(t.at)}" y1="30" x2="${x(t.at)}" y2="${plotBottom + 12}" stroke="#c62828"` +
        ` stroke-dasharray="4 3"/>` +
        `<text x="${x(t.at) + (right ? -3 : 3)}" y="${H - 6 - i * 13}" font-size="10"${anchor}` +
        ` fill="#c62828">${e(t.label)} ${duration(t.at)}</text>`,
    );
  });
  rows.forEach((kind, r) => {
    const y = 45 + r * rowH;
    parts.push(`<text x="4" y="${y + 4}" font-size="11" fill="#333">${e(rowLabel[kind])}</text>`);
    for (const m of chart.marks.filter((mm) => mm.kind === kind))
      parts.push(
        `<circle cx="${x(m.at).toFixed(1)}" cy="${y}" r="5" fill="${COLORS[kind]}">` +
          `<title>T+${duration(m.at)} ${e(m.label)}</title></circle>`,
      );
  });
  parts.push('</svg>');
  return parts.join('');
}

const STYLE = [
  'body{font:14px/1.5 system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC","PingFang SC",sans-serif;' +
    'max-width:900px;margin:2em auto;padding:0 1em;color:#222}',
  'h1{font-size:1.6em;margin-bottom:.2em}h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:1.6em}',
  'table{border-collapse:collapse;width:100%}' +
    'td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}th{background:#f4f4f4}',
  '.ok{color:#2e7d32}.bad{color:#c62828;font-weight:600}' +
    '.drill{background:#fff3e0;border:1px solid #e65100;padding:2px 8px;border-radius:4px}',
  'blockquote{white-space:pre-wrap;border-left:3px solid #1565c0;margin:.5em 0;padding:.3em .8em;background:#f7f9fc}' +
    '.none{color:#777}',
  '.warning{background:#fff8e1;border-left:3px solid #c62828;padding:.4em .8em}',
  '.meta{color:#555}.statements .items{columns:2 300px;column-gap:16px}',
  '.statements h3{margin:.6em 0 .2em;font-size:1em}.timeline{font-size:.9em}.timeline .day{white-space:nowrap}',
  // Print: the printer's paper (A4 or Letter, margins that fit both), headings kept with what follows,
  // a short section never split, long ones (statements, timeline) flowing with the table header repeated.
  '@page{margin:10mm 10mm 12mm}',
  '@media print{body{margin:0;max-width:none;font-size:8pt;line-height:1.25}li{margin:0}h1{font-size:16pt}' +
    'h2{font-size:12pt;margin-top:1.1em;break-after:avoid}h3{break-after:avoid}section.small{break-inside:avoid}' +
    'thead{display:table-header-group}tr{break-inside:avoid}td,th{padding:2px 5px}' +
    // The timeline keeps the local time (its date only on the first row and where the day changes) and T+, in
    // columns as wide as `2026-01-06` and `T+2d23:10`, `statement.approved` and `drill facilitator`.
    '.timeline{font-size:6.5pt;line-height:1.1;table-layout:fixed}.timeline td{padding:0 3px}' +
    '.timeline .local{white-space:nowrap;font-variant-numeric:tabular-nums}.timeline .day{display:block}' +
    '.timeline .same{display:none}' +
    '.timeline th:nth-child(1){width:3%}.timeline th:nth-child(2){width:7.5%}.timeline th:nth-child(3){width:6.5%}' +
    '.timeline th:nth-child(4){width:12.5%}.timeline th:nth-child(5){width:15%}.timeline th:nth-child(6){width:9.5%}' +
    'td{overflow-wrap:anywhere}' +
    'blockquote{font-size:8pt;line-height:1.3;padding:.2em .6em;margin:.2em 0}.statements h3{margin-top:.4em}}',
].join('\n');

type Messages = ReturnType<typeof messagesFor>;

function metaLine(d: ReviewData, m: Messages, lang: string): string {
  const drill = d.drill ? ` — ${m('review.meta.drill')} <code>${e(d.drill.id)}</code>` : '';
  // One printed line: the command to check it is in the Markdown report and the README.
  return (
    `<p class="meta">${m('review.session')} <code>${e(d.session)}</code>${drill} · ${e(d.crisis)}, ` +
    `${e(severityText(d.severity, m))} · ${m('review.operator')} ${e(d.operator)}<br>${e(spanText(d, m, lang))}` +
    `<br>${e(m('review.chainHeadLabel'))} <code>${e(d.chainHead)}</code></p>`
  );
}

/** The warning that the playbook changed since the session started, as a paragraph of its own (none if not). */
function planChangeParagraph(d: ReviewData, m: Messages): string[] {
  const changed = planChangeText(d, m, e);
  return changed ? [`<p class="warning">⚠ ${changed}</p>`] : [];
}

function measuresSection(d: ReviewData, m: Messages): string {
  const mark = (ok: boolean | undefined) => (ok === undefined ? '' : ok ? '✓' : '✗');
  const rows = d.measures.map(
    (x) =>
      `<tr><td>${e(x.name)}</td><td>${e(x.target ?? '')}</td><td>${e(x.actual)}</td>` +
      `<td${x.ok === undefined ? '' : ` class="${x.ok ? 'ok' : 'bad'}"`}>${mark(x.ok)}</td></tr>`,
  );
  const head = ['review.col.measure', 'review.col.target', 'review.col.actual'] as const;
  // What a measure was judged by when the typed time could not be: under the table, a sentence each.
  const notes = d.measures.map((x) => (x.note ? `<p>${e(x.note)}</p>` : '')).join('');
  return [
    `<section><h2>${m('review.measures')}</h2><table><tr>${head.map((k) => `<th>${m(k)}</th>`).join('')}<th></th></tr>`,
    rows.join('\n'),
    `</table>${notes}<p>${m('review.counts', d.counts)}</p></section>`,
  ].join('\n');
}

function drillSection(d: ReviewData, m: Messages): string {
  if (!d.drill?.results) return '';
  const items = d.drill.results.map(
    (r) =>
      `<li class="${r.ok ? 'ok' : 'bad'}">${r.ok ? '✓' : '✗'} ${e(r.name)}` +
      `${r.ok ? '' : m('review.expectedActual', { expected: e(r.expected), actual: e(r.actual) })}</li>`,
  );
  return `<section><h2>${m('review.drillExpectations')}</h2><ul>${items.join('')}</ul></section>`;
}

function statementsSection(d: ReviewData, m: Messages): string {
  const body = d.statements.length
    ? d.statements
        .map(
          (s) =>
            `<div class="item"><h3>${e(s.at)} · ${e(s.channel)}<small>${aside(s.step, m, e)}</small></h3>` +
            `<blockquote>${e(s.text)}</blockquote></div>`,
        )
        .join('\n')
    : `<p class="none">${m('review.none')}</p>`;
  const items = d.statements.length ? `<div class="items">${body}</div>` : body;
  const cls = d.statements.length ? 'statements' : 'statements small';
  return `<section class="${cls}"><h2>${m('review.statementsIssued')}</h2>${items}</section>`;
}

function listSections(d: ReviewData, m: Messages): string[] {
  const colon = m('review.colon');
  const none = `<p class="none">${m('review.none')}</p>`;
  const rows = (items: string[]) => (items.length ? `<ul>${items.join('')}</ul>` : none);
  const section = (title: string, items: string[]) =>
    `<section${items.length < 6 ? ' class="small"' : ''}><h2>${title}</h2>${rows(items)}</section>`;
  return [
    section(
      m('review.decisions'),
      d.decisions.map((x) => `<li>${e(x.at)} — <strong>${e(x.decision)}</strong>${decidedBy(x, m, e)}</li>`),
    ),
    section(
      m('review.followUps'),
      d.followUps.map((x) => `<li>☐ ${e(x.text)}<span class="meta">${followUpMeta(x, m, e)}</span></li>`),
    ),
    section(
      m('review.handoffs'),
      d.handoffs.map(
        (x) => `<li>${e(x.at)} — ${e(x.role)}${colon}${e(x.from ?? m('review.nobody'))} → ${e(x.to)}</li>`,
      ),
    ),
    section(
      m('review.approvals'),
      d.approvals.map(
        (x) => `<li>${e(x.at)} — ${m('review.approvedBy', { step: e(x.step), approver: e(x.approver) })}</li>`,
      ),
    ),
    section(
      m('review.deviations'),
      d.deviations.map(
        (x) =>
          `<li><strong>${m(`review.deviation.${x.kind}`)}</strong>` +
          `${x.step ? ` <code>${e(x.step)}</code>` : ''}${colon}${e(x.detail)}` +
          `${x.proposal ? `<br><em>${m('review.proposedChange')}${colon}</em>${e(x.proposal)}` : ''}</li>`,
      ),
    ),
    section(
      m('review.prevention'),
      d.review.map(
        (r) =>
          `<li><strong>${e(r.title)}</strong>${aside(r.at, m, e)}${colon}${Object.entries(r.facts)
            .map(([k, v]) => `${e(k)}${colon}${e(String(v))}`)
            .join(m('common.listSep'))}</li>`,
      ),
    ),
  ];
}

/**
 * The full timeline. The local time's date is a span of its own: printed, it is shown on the first row and where
 * the day changes (above the time), so the column is as wide as a time of day and the page keeps both the local
 * time and T+; on screen every row reads `2026-11-26 14:41:07` as before.
 */
function timelineSection(d: ReviewData, m: Messages, lang: string): string {
  const head = timelineHeader(lang).map(e);
  const row = (cells: string[], tag: string) =>
    `<tr>${cells.map((c, i) => `<${tag}${i === 1 ? ' class="local"' : ''}>${c}</${tag}>`).join('')}</tr>`;
  let day: string | undefined;
  const local = (text: string) => {
    const at = text.indexOf(' ');
    if (at < 0) return e(text);
    const date = text.slice(0, at);
    const same = date === day;
    day = date;
    return `<span class="day${same ? ' same' : ''}">${e(date)}</span> ${e(text.slice(at + 1))}`;
  };
  const rows = d.timeline.map((r) =>
    row(
      [String(r.seq), local(r.local), e(r.offset), e(eventTypeWords(r.type, m)), e(r.step), e(r.actor), e(r.summary)],
      'td',
    ),
  );
  return [
    `<section><h2>${m('review.fullTimeline')}</h2><table class="timeline"><thead>${row(head, 'th')}</thead><tbody>`,
    rows.join('\n'),
    '</tbody></table></section>',
  ].join('\n');
}

/** The review as one self-contained HTML page: inline CSS and SVG, no external requests. */
export function renderReviewHtml(d: ReviewData, lang = 'en'): string {
  const m = messagesFor(lang);
  const title = m('review.title', { title: e(d.title) });
  return [
    '<!doctype html>',
    `<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8">` +
      '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${title}</title>`,
    '<style>',
    STYLE,
    '</style></head><body>',
    `<h1>${title} ${d.drill ? `<span class="drill">${m('review.meta.drill').toUpperCase()}</span>` : ''}</h1>`,
    metaLine(d, m, lang),
    ...planChangeParagraph(d, m),
    measuresSection(d, m),
    `<section><h2>${m('review.timelineChart')}</h2>${svgChart(d.chart, lang)}</section>`,
    drillSection(d, m),
    statementsSection(d, m),
    ...listSections(d, m),
    timelineSection(d, m, lang),
    '</body></html>',
    '',
  ].join('\n');
}
