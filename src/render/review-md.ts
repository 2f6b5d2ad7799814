import { durationWords, formatDuration } from '../playbook/duration.js';
import type { ReviewData } from './review-data.js';
import { escapeMarkdown, markdownHeader, markdownQuote, markdownRow } from '../text/markdown.js';
import { sanitizeText } from '../text/sanitize.js';
import { messagesFor } from '../text/messages.js';
import {
  aside,
  decidedBy,
  decisionStep,
  followUpMeta,
  planChangeText,
  severityName,
  spanText,
} from './review-words.js';
import { displayWidth, padEnd } from './width.js';
import { timelineMarkdown } from './timeline.js';

const WIDTH = 60;
/** Row labels' column: the longest label (注入事件 is 8 columns, "statements" 10) and a space. */
const LABEL = 11;

/** A compact text chart: one row per kind of event, targets marked with │. */
export function textChart(chart: ReviewData['chart'], lang = 'en'): string[] {
  const m = messagesFor(lang);
  const col = (at: number) => Math.min(WIDTH - 1, Math.max(0, Math.round((at / chart.span) * (WIDTH - 1))));
  const row = (label: string, cells: number[], mark: string) => {
    const line = Array.from({ length: WIDTH }, () => ' ');
    for (const t of chart.targets) line[col(t.at)] = '│';
    for (const c of cells) line[c] = mark;
    return `${padEnd(label, LABEL)}${line.join('')}`;
  };
  const kinds: Array<[string, ReviewData['chart']['marks'][number]['kind'], string]> = [
    [m('review.chart.statements'), 'statement', 'S'],
    [m('review.chart.assessment'), 'assessment', 'A'],
    [m('review.chart.steps'), 'step', '·'],
    [m('review.chart.injects'), 'inject', '!'],
    [m('review.chart.decisions'), 'decision', 'D'],
  ];
  // Durations in the reader's words (5天, 30分钟): the span ends flush with the rows, counted in display columns.
  const duration = (ms: number) => durationWords(formatDuration(ms), lang);
  const span = duration(chart.span);
  const out = [`${''.padEnd(LABEL)}T+0${' '.repeat(Math.max(1, WIDTH - 3 - displayWidth(span)))}${span}`];
  for (const [label, kind, mark] of kinds) {
    const cells = chart.marks.filter((m) => m.kind === kind).map((m) => col(m.at));
    if (cells.length) out.push(row(label, cells, mark));
  }
  // Each deadline on a line of its own, at its column: side by side they ran into one another.
  for (const t of chart.targets)
    out.push(`${''.padEnd(LABEL)}${' '.repeat(col(t.at))}│ ${t.label.replaceAll('`', "'")} ${duration(t.at)}`);
  return out;
}

const cell = escapeMarkdown;

/** The post-crisis review as GitHub-flavoured Markdown. */
export function renderReviewMarkdown(
  d: ReviewData,
  lang = 'en',
  // the command that verifies the log where it was read (`crisis verify ID --store URL` in team mode)
  verify = `crisis verify ${d.session}`,
): string {
  const m = messagesFor(lang);
  const out: string[] = [];
  out.push(`# ${m('review.title', { title: cell(d.title) })}${d.drill ? ` ${m('review.drillMark')}` : ''}`, '');
  const colon = m('review.colon');
  out.push(
    `- ${m('review.session')}${colon}\`${d.session}\`` +
      `${d.drill ? ` — ${m('review.meta.drill')} \`${d.drill.id}\`` : ''}`,
  );
  out.push(`- ${m('review.chainHead', { command: `${verify} --head …` })}${colon}\`${d.chainHead}\``);
  out.push(
    `- ${m('review.meta.crisisLine', {
      crisis: cell(d.crisis),
      severity: severityName(d.severity, m),
      operator: cell(d.operator),
    })}`,
  );
  out.push(`- ${spanText(d, m, lang)}`, '');
  const changed = planChangeText(d, m, cell);
  if (changed) out.push(`> ⚠ ${changed}`, '');
  out.push(
    `## ${m('review.measures')}`,
    '',
    ...markdownHeader([m('review.col.measure'), m('review.col.target'), m('review.col.actual'), '']),
  );
  for (const x of d.measures)
    out.push(
      markdownRow([cell(x.name), cell(x.target ?? ''), cell(x.actual), x.ok === undefined ? '' : x.ok ? '✓' : '✗']),
    );
  // What a measure was judged by when the typed time could not be: under the table, a sentence each.
  const notes = d.measures.flatMap((x) => (x.note ? [cell(x.note)] : []));
  if (notes.length) out.push('', ...notes.map((n) => `- ${n}`));
  out.push('', m('review.counts', d.counts), '');
  out.push(
    `## ${m('review.timelineChart')}`,
    '',
    '```text',
    ...textChart(d.chart, lang).map((l) => sanitizeText(l).replaceAll('`', "'")),
    '```',
    '',
    m('review.chart.legend'),
    '',
  );
  if (d.drill?.results) {
    out.push(`## ${m('review.drillExpectations')}`, '');
    for (const r of d.drill.results)
      out.push(
        `- ${r.ok ? '✓' : '✗'} ${cell(r.name)}` +
          `${r.ok ? '' : m('review.expectedActual', { expected: cell(r.expected), actual: cell(r.actual) })}`,
      );
    out.push('');
  }
  out.push(`## ${m('review.statementsIssued')}`, '');
  if (d.statements.length === 0) out.push(m('review.none'), '');
  for (const s of d.statements)
    out.push(`### ${s.at} · ${cell(s.channel)}${aside(s.step, m, cell)}`, '', ...markdownQuote(s.text), '');
  const list = (title: string, rows: string[]) => {
    out.push(`## ${title}`, '');
    out.push(...(rows.length ? rows : [m('review.none')]), '');
  };
  list(
    m('review.decisions'),
    d.decisions.map(
      (x) => `- ${x.at} — **${cell(x.decision)}**${decidedBy(x, m, cell)}${decisionStep(x.step, m, cell)}`,
    ),
  );
  list(
    m('review.followUps'),
    d.followUps.map((x) => `- [ ] ${cell(x.text)}${followUpMeta(x, m, cell)}`),
  );
  list(
    m('review.handoffs'),
    d.handoffs.map((x) => `- ${x.at} — ${cell(x.role)}${colon}${cell(x.from ?? m('review.nobody'))} → ${cell(x.to)}`),
  );
  list(
    m('review.approvals'),
    d.approvals.map((x) => `- ${x.at} — ${m('review.approvedBy', { step: cell(x.step), approver: cell(x.approver) })}`),
  );
  list(
    m('review.deviations'),
    d.deviations.map(
      (x) =>
        `- **${m(`review.deviation.${x.kind}`)}**${x.step ? ` \`${x.step}\`` : ''}${colon}${cell(x.detail)}` +
        `${x.proposal ? `\n  - ${m('review.proposedChange')}${colon}${cell(x.proposal)}` : ''}`,
    ),
  );
  list(
    m('review.prevention'),
    d.review.map(
      (r) =>
        `- **${cell(r.title)}**${aside(r.at, m, String)}${colon}${Object.entries(r.facts)
          .map(([k, v]) => `${cell(k)}${colon}${cell(String(v))}`)
          .join(m('common.listSep'))}`,
    ),
  );
  out.push(`## ${m('review.fullTimeline')}`, '', ...timelineMarkdown(d.timeline, lang), '');
  return out.join('\n');
}
