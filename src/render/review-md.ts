import { formatDuration } from '../playbook/duration.js';
import type { ReviewData } from './review-data.js';
import { escapeMarkdown, markdownHeader, markdownQuote, markdownRow } from '../text/markdown.js';
import { sanitizeText } from '../text/sanitize.js';
import { formatLocal } from './time.js';
import { messagesFor } from '../text/messages.js';
import { timelineMarkdown } from './timeline.js';

const WIDTH = 60;

/** A compact text chart: one row per kind of event, targets marked with │. */
export function textChart(chart: ReviewData['chart']): string[] {
  const col = (at: number) => Math.min(WIDTH - 1, Math.max(0, Math.round((at / chart.span) * (WIDTH - 1))));
  const row = (label: string, cells: number[], mark: string) => {
    const line = Array.from({ length: WIDTH }, () => ' ');
    for (const t of chart.targets) line[col(t.at)] = '│';
    for (const c of cells) line[c] = mark;
    return `${label.padEnd(11)}${line.join('')}`;
  };
  const kinds: Array<[string, ReviewData['chart']['marks'][number]['kind'], string]> = [
    ['statements', 'statement', 'S'],
    ['assessment', 'assessment', 'A'],
    ['steps', 'step', '·'],
    ['injects', 'inject', '!'],
    ['decisions', 'decision', 'D'],
  ];
  const out = [
    `${''.padEnd(11)}T+0${' '.repeat(WIDTH - 3 - formatDuration(chart.span).length)}${formatDuration(chart.span)}`,
  ];
  for (const [label, kind, mark] of kinds) {
    const cells = chart.marks.filter((m) => m.kind === kind).map((m) => col(m.at));
    if (cells.length) out.push(row(label, cells, mark));
  }
  out.push(`${''.padEnd(11)}${chart.targets.map((t) => `│ ${t.name} ${formatDuration(t.at)}`).join('   ')}`);
  return out;
}

const cell = escapeMarkdown;

/** The post-crisis review as GitHub-flavoured Markdown. */
export function renderReviewMarkdown(d: ReviewData, lang = 'en'): string {
  const m = messagesFor(lang);
  const out: string[] = [];
  out.push(`# ${m('review.title', { title: cell(d.title) })}${d.drill ? ` ${m('review.drillMark')}` : ''}`, '');
  out.push(`- ${m('review.session')}: \`${d.session}\`${d.drill ? ` — drill \`${d.drill.id}\`` : ''}`);
  out.push(`- ${m('review.chainHead', { command: `crisis verify ${d.session} --head …` })}: \`${d.chainHead}\``);
  out.push(
    `- ${m('review.crisis')}: ${cell(d.crisis)}, severity ${d.severity}; ${m('review.operator')} ${cell(d.operator)}`,
  );
  out.push(
    `- Started ${formatLocal(d.startedAt)}, last event ${formatLocal(d.endedAt)}` +
      ` (${formatDuration(d.endedAt - d.startedAt)}), ${d.status}`,
    '',
  );
  out.push(`## ${m('review.measures')}`, '', ...markdownHeader(['measure', 'target', 'actual', '']));
  for (const m of d.measures)
    out.push(
      markdownRow([cell(m.name), cell(m.target ?? ''), cell(m.actual), m.ok === undefined ? '' : m.ok ? '✓' : '✗']),
    );
  const c = d.counts;
  out.push(
    '',
    `Steps: ${c.done} done, ${c.skipped} skipped, ${c.blocked} blocked, ${c.open} never reached,` +
      ` ${c.overdue} late, of ${c.total}.`,
    '',
  );
  out.push(
    `## ${m('review.timelineChart')}`,
    '',
    '```text',
    ...textChart(d.chart).map((l) => sanitizeText(l).replaceAll('`', "'")),
    '```',
    '',
    'S statement · A assessment · · step done · ! inject · D decision · │ target deadline',
    '',
  );
  if (d.drill?.results) {
    out.push(`## ${m('review.drillExpectations')}`, '');
    for (const r of d.drill.results)
      out.push(
        `- ${r.ok ? '✓' : '✗'} ${cell(r.name)}` +
          `${r.ok ? '' : ` — expected ${cell(r.expected)}; actual ${cell(r.actual)}`}`,
      );
    out.push('');
  }
  out.push(`## ${m('review.statementsIssued')}`, '');
  if (d.statements.length === 0) out.push(m('review.none'), '');
  for (const s of d.statements)
    out.push(`### ${s.at} · ${cell(s.channel)} (${cell(s.step)})`, '', ...markdownQuote(s.text), '');
  const list = (title: string, rows: string[]) => {
    out.push(`## ${title}`, '');
    out.push(...(rows.length ? rows : [m('review.none')]), '');
  };
  list(
    m('review.decisions'),
    d.decisions.map(
      (x) =>
        `- ${x.at} — **${cell(x.decision)}** (decided by ${cell(x.decidedBy)}` +
        `${x.options.length ? `; options: ${x.options.map(cell).join('; ')}` : ''})` +
        `${x.step ? ` [${cell(x.step)}]` : ''}`,
    ),
  );
  list(
    m('review.followUps'),
    d.followUps.map((x) => `- [ ] ${cell(x.text)} (${x.at}, ${cell(x.actor)})`),
  );
  list(
    m('review.handoffs'),
    d.handoffs.map((x) => `- ${x.at} — ${cell(x.role)}: ${cell(x.from ?? '(nobody)')} → ${cell(x.to)}`),
  );
  list(
    m('review.approvals'),
    d.approvals.map((x) => `- ${x.at} — ${cell(x.step)} approved by ${cell(x.approver)}`),
  );
  list(
    m('review.deviations'),
    d.deviations.map(
      (x) =>
        `- **${x.kind}**${x.step ? ` \`${x.step}\`` : ''}: ${cell(x.detail)}` +
        `${x.proposal ? `\n  - proposed change: ${cell(x.proposal)}` : ''}`,
    ),
  );
  list(
    m('review.prevention'),
    d.review.map(
      (r) =>
        `- **${cell(r.title)}** (${r.at}): ${Object.entries(r.facts)
          .map(([k, v]) => `${cell(k)}: ${cell(String(v))}`)
          .join('; ')}`,
    ),
  );
  out.push(`## ${m('review.fullTimeline')}`, '', ...timelineMarkdown(d.timeline), '');
  return out.join('\n');
}
