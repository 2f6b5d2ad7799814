import {
  checklistCards,
  checklistLabels,
  checklistRole,
  dueWords,
  onlyIfWords,
  progressNotes,
  targetWords,
  type ChecklistCard,
  type ChecklistData,
  type ChecklistItem,
  type ChecklistLabels,
  type ChecklistPhase,
  type ChecklistRole,
  channelWords,
  hasDeadlines,
} from './checklist-data.js';
import { escapeHtml } from '../text/sanitize.js';

const h = escapeHtml;

/**
 * One self-contained page: inline CSS, no scripts, no fonts or images to
 * fetch, and a Content-Security-Policy that forbids loading anything even
 * if some text slipped through unescaped. Every playbook string goes
 * through escapeHtml.
 */
function page(data: ChecklistData, what: string, body: string[], role = data.role, cards = false): string {
  const words = checklistLabels(data.lang);
  return [
    '<!doctype html>',
    `<html lang="${data.lang === 'zh' ? 'zh-CN' : 'en'}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>${h(data.title)} · ${h(what)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    ...header(data, what, words, role, cards),
    ...body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** The checklist as a printable page: a section per phase, each phase on a new printed page. */
export function renderChecklistHtml(data: ChecklistData): string {
  const words = checklistLabels(data.lang);
  const body: string[] = [];
  if (data.phases.length === 0) body.push(`<p class="empty">${h(words.noSteps)}</p>`);
  // A printed page per phase of the playbook itself: the strategy phases spliced after one of its
  // phases follow on the same page, so a two-step strategy phase never gets a page of its own. The
  // strategy phases before the playbook's first own phase (mobilising the team) share its page.
  let open = false;
  let own = 0;
  for (const phase of data.phases) {
    const top = phase.source === data.id && own++ > 0;
    if (!open || top) {
      if (open) body.push('</div>');
      body.push('<div class="group">');
      open = true;
    }
    body.push(...phaseHtml(data, phase, words));
  }
  if (open) body.push('</div>');
  return page(data, words.checklist, body);
}

/**
 * One card per role, laid out two to a row; a card never splits across
 * pages. `data` is the whole checklist; `role` picks one card.
 */
export function renderChecklistCardsHtml(data: ChecklistData, role?: string): string {
  const words = checklistLabels(data.lang);
  const cards = checklistCards(data, role);
  const body =
    cards.length === 0
      ? [`<p class="empty">${h(words.noSteps)}</p>`]
      : ['<div class="cards">', ...cards.flatMap((c) => cardHtml(data, c, words)), '</div>'];
  // Cards leave the summary and the targets box out so the first cards share the first page.
  return page(data, words.cards, body, role === undefined ? undefined : checklistRole(data, role), true);
}

function header(
  data: ChecklistData,
  what: string,
  words: ChecklistLabels,
  role: ChecklistRole | undefined,
  cards: boolean,
): string[] {
  const colon = words.colon;
  const facts = [
    `<div><span class="k">${h(words.crisis)}${colon}</span>${h(data.title)} <code>${h(data.id)}</code></div>`,
    `<div><span class="k">${h(words.severity)}${colon}</span>` +
      `<strong>${h(words.severities[data.severity])}</strong></div>`,
    ...(role
      ? [
          `<div><span class="k">${h(words.role)}${colon}</span>` +
            `<strong>${h(role.title)}</strong> <code>${h(role.id)}</code></div>`,
        ]
      : []),
  ];
  // From a session (--session) the blanks are filled: its id, the day and time it started.
  const blank = (label: string, wide = false, value?: string) =>
    `<div class="fill${wide ? ' wide' : ''}"><span class="k">${h(label)}${colon}</span>` +
    (value === undefined ? '<span class="line"></span></div>' : `<span class="v">${h(value)}</span></div>`);
  const out = [
    '<header>',
    `<p class="kicker">${h(what)}</p>`,
    `<h1>${h(data.title)}</h1>`,
    ...(data.summary && !cards ? [`<p class="summary">${h(data.summary)}</p>`] : []),
    ...(hasDeadlines(data) && !cards ? [`<p class="summary defaults">${h(words.defaultsNote)}</p>`] : []),
    `<div class="facts">${facts.join('')}</div>`,
    `<div class="fills">${blank(words.incident, true, data.session?.id)}` +
      `${blank(words.date, false, data.session?.date)}${blank(words.started, false, data.session?.started)}</div>`,
  ];
  // Every card carries the targets itself; the card page keeps its header short.
  if (data.targets.length > 0 && !cards) {
    out.push(
      '<div class="targets">',
      `<p class="targets-head">${h(words.targets)} <span class="note">${h(words.targetsNote)}</span></p>`,
      '<dl>',
      ...data.targets.map((t) => `<div><dt>${h(t.label)}</dt><dd>${h(targetWords(t, data.lang))}</dd></div>`),
      '</dl>',
      '</div>',
    );
  }
  out.push('</header>');
  return out;
}

const box = (item: ChecklistItem) =>
  `<input type="checkbox"${item.status === 'done' ? ' checked' : ''} aria-label="${h(item.title)}">`;

function phaseHtml(data: ChecklistData, phase: ChecklistPhase, words: ChecklistLabels): string[] {
  const numbered = phase.mode === 'read-do';
  const rows = phase.items.map((item) => itemRow(data, item, numbered, words));
  const table = [
    '<table class="steps">',
    `<colgroup><col class="c-box">${numbered ? '<col class="c-n">' : ''}` +
      '<col><col class="c-owner"><col class="c-due"></colgroup>',
    `<thead><tr><th></th>${numbered ? '<th>#</th>' : ''}<th>${h(words.step)}</th>` +
      `<th>${h(words.ownerColumn)}</th><th>${h(words.dueColumn)}</th></tr></thead>`,
    '<tbody>',
    ...rows,
    '</tbody>',
    '</table>',
  ];
  const title = `<h2><span class="pn">${h(words.phase)} ${phase.number}</span> ${h(phase.title)}</h2>`;
  if (!numbered) {
    return [
      `<section class="phase do-confirm" id="phase-${h(phase.id)}">`,
      title,
      '<div class="pause">',
      `<p class="pause-head"><span class="tag">■ ${h(words.pausePoint)}</span> ` +
        `${h(phase.pausePoint ?? words.pauseDefault)}</p>`,
      ...table,
      '</div>',
      '</section>',
    ];
  }
  return [`<section class="phase read-do" id="phase-${h(phase.id)}">`, title, ...table, '</section>'];
}

function itemRow(data: ChecklistData, item: ChecklistItem, numbered: boolean, words: ChecklistLabels): string {
  const colon = words.colon;
  const detail: string[] = [`<div class="title">${h(item.title)}</div>`];
  if (item.condition) detail.push(`<div class="when">${h(onlyIfWords(item.condition, data.lang))}</div>`);
  // From a session (--session): skipped or blocked with the reason, and the person it was assigned to.
  detail.push(...notesHtml(item, data));
  if (item.checklist.length > 0) {
    const checked = item.status === 'done' ? ' checked' : '';
    const subs = item.checklist.map(
      (s) => `<li><input type="checkbox"${checked} aria-label="${h(s)}"><span>${h(s)}</span></li>`,
    );
    detail.push(`<ul class="sub">${subs.join('')}</ul>`);
  }
  if (item.records.length > 0)
    detail.push(
      `<div class="meta"><span class="k">${h(words.record)}${colon}</span>` +
        `${item.records.map((r) => h(r.label)).join(h(words.listSep))}</div>`,
    );
  if (item.statement) {
    const approve = item.statement.approveBy
      ? ` · ${h(words.approvedBy)}${colon}${h(item.statement.approveBy.title)}`
      : '';
    detail.push(
      `<div class="meta"><span class="k">${h(words.statementOn)}${colon}</span>` +
        `${channelWords(item.statement.channels, data.lang, h)}${approve}</div>`,
    );
  }
  const cells = [
    `<td class="c-box">${box(item)}</td>`,
    ...(numbered ? [`<td class="c-n">${h(item.number)}</td>`] : []),
    `<td class="c-step">${detail.join('')}</td>`,
    `<td class="c-owner">${item.owner ? h(item.owner.title) : ''}</td>`,
    `<td class="c-due">${item.due ? h(dueWords(item.due, data.lang)) : ''}</td>`,
  ];
  return `<tr class="${item.status}">${cells.join('')}</tr>`;
}

/** The class each progress note is drawn with. */
const NOTE_CLASS = { skipped: 'skip', blocked: 'block', assigned: 'assigned' } as const;

const notesHtml = (item: ChecklistItem, data: ChecklistData): string[] =>
  progressNotes(item, data.lang).map((note) => `<div class="${NOTE_CLASS[note.kind]}">${h(note.text)}</div>`);

function cardHtml(data: ChecklistData, card: ChecklistCard, words: ChecklistLabels): string[] {
  const colon = words.colon;
  const targets = data.targets.map((t) => `${h(t.label)} ${h(targetWords(t, data.lang))}`).join(' · ');
  const out = [
    '<section class="card">',
    `<h2>${h(card.role.title)} <code>${h(card.role.id)}</code></h2>`,
    ...(card.role.description ? [`<p class="desc">${h(card.role.description)}</p>`] : []),
    `<div class="fill"><span class="k">${h(words.heldBy)}${colon}</span><span class="line"></span></div>`,
    ...(targets ? [`<p class="card-targets">${targets}</p>`] : []),
  ];
  if (card.items.length > 0) {
    out.push('<ul class="card-items">');
    for (const item of card.items) {
      const meta = [
        item.due ? h(dueWords(item.due, data.lang)) : undefined,
        item.mode === 'do-confirm' ? h(words.confirmAtPause) : undefined,
      ].filter((s): s is string => s !== undefined);
      out.push(
        `<li class="${item.status}">${box(item)}<div>` +
          `<span class="title">${item.mode === 'read-do' ? `<span class="n">${h(item.number)}</span> ` : ''}` +
          `${h(item.title)}</span>` +
          (meta.length > 0 ? ` <span class="due">${meta.join(' · ')}</span>` : '') +
          (item.condition ? `<div class="when">${h(onlyIfWords(item.condition, data.lang))}</div>` : '') +
          notesHtml(item, data).join('') +
          '</div></li>',
      );
    }
    out.push('</ul>');
  }
  if (card.approves.length > 0) {
    out.push(`<p class="approves-head">${h(words.approves)}${colon}</p>`, '<ul class="card-items">');
    for (const a of card.approves) {
      out.push(
        `<li><input type="checkbox" aria-label="${h(a.title)}"><div><span class="title">` +
          `<span class="n">${h(a.number)}</span> ${h(a.title)}</span>` +
          `${a.due ? ` <span class="due">${h(dueWords(a.due, data.lang))}</span>` : ''}</div></li>`,
      );
    }
    out.push('</ul>');
  }
  out.push('</section>');
  return out;
}

/**
 * Screen: a centred column. Print: A4 or Letter, whichever the printer has
 * (only the orientation is fixed; the margins fit both), a new page for each
 * phase of the playbook itself with its spliced strategy phases after it,
 * table headers repeated, a step never split across pages.
 */
const CSS = `
:root { color-scheme: light; --ink: #161616; --muted: #5a5a5a; --rule: #c8c8c8; --accent: #8a1c12; --pause: #fff6db; }
* { box-sizing: border-box; }
html {
  font: 10.5pt/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "PingFang SC",
    "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif;
  color: var(--ink); background: #fff; -webkit-print-color-adjust: exact; print-color-adjust: exact;
}
body { max-width: 190mm; margin: 0 auto; padding: 24px 16px 48px; }
code {
  font: 0.85em ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace;
  color: var(--muted);
}
.kicker {
  margin: 0; text-transform: uppercase; letter-spacing: 0.08em; font-size: 8.5pt; color: var(--muted);
  font-weight: 600;
}
h1 { font-size: 20pt; line-height: 1.2; margin: 2px 0 6px; }
.summary { margin: 0 0 10px; color: #333; }
.k { color: var(--muted); }
.facts { display: flex; flex-wrap: wrap; gap: 2px 28px; margin: 0 0 10px; }
.fills { display: flex; flex-wrap: wrap; gap: 10px 24px; margin: 0 0 12px; }
.fill { display: flex; align-items: flex-end; gap: 6px; flex: 1 1 40mm; }
.fill.wide { flex: 1 1 100%; }
.fill .k { white-space: nowrap; }
.fill .line { flex: 1; border-bottom: 1px solid var(--ink); min-height: 1.4em; }
.fill .v { flex: 1; border-bottom: 1px solid var(--ink); min-height: 1.4em; font-family: ui-monospace, monospace; }
.targets { border: 2px solid var(--ink); border-radius: 6px; padding: 8px 12px 10px; margin: 0 0 18px; }
.targets-head { margin: 0 0 4px; font-weight: 700; }
.targets-head .note { font-weight: 400; color: var(--muted); font-size: 9pt; margin-left: 8px; }
.targets dl { display: flex; flex-wrap: wrap; gap: 4px 0; margin: 0; }
.targets dl > div { flex: 1 1 0; min-width: 32mm; padding: 0 12px; border-left: 1px solid var(--rule); }
.targets dl > div:first-child { padding-left: 0; border-left: 0; }
.targets dt { font-size: 9pt; color: var(--muted); }
.targets dd { margin: 0; font-size: 14pt; font-weight: 700; font-variant-numeric: tabular-nums; }
h2 {
  font-size: 13.5pt; line-height: 1.3; margin: 22px 0 6px; padding-bottom: 3px;
  border-bottom: 2px solid var(--ink); break-after: avoid; page-break-after: avoid;
}
h2 .pn { color: var(--muted); font-weight: 600; font-size: 0.8em; margin-right: 4px; }
table.steps { width: 100%; border-collapse: collapse; table-layout: fixed; }
col.c-box { width: 26px; } col.c-n { width: 3.4em; } col.c-owner { width: 21%; } col.c-due { width: 16%; }
table.steps th {
  text-align: left; font-size: 8.5pt; font-weight: 600; color: var(--muted); padding: 2px 6px;
  border-bottom: 1px solid var(--ink);
}
table.steps td { vertical-align: top; padding: 7px 6px; border-bottom: 1px solid var(--rule); overflow-wrap: anywhere; }
table.steps tr { break-inside: avoid; page-break-inside: avoid; }
table.steps thead { display: table-header-group; }
td.c-n { font-weight: 700; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.c-box { padding-top: 9px; }
td.c-owner, td.c-due { font-size: 9.5pt; }
.title { font-weight: 600; }
.when { margin-top: 2px; color: var(--accent); font-style: italic; font-size: 9.5pt; }
:lang(zh) .when { font-style: normal; }
.skip, .assigned { margin-top: 2px; color: var(--muted); font-size: 9.5pt; }
.block { margin-top: 2px; color: var(--accent); font-weight: 600; font-size: 9.5pt; }
tr.skipped .title { text-decoration: line-through; color: var(--muted); }
ul.sub { list-style: none; margin: 5px 0 0; padding: 0; }
ul.sub li { display: flex; gap: 7px; align-items: flex-start; margin: 3px 0; }
ul.sub li input { margin-top: 3px; }
.meta { margin-top: 5px; font-size: 9pt; color: var(--muted); }
input[type="checkbox"] {
  -webkit-appearance: none; appearance: none; flex: none; width: 13px; height: 13px; margin: 0;
  border: 1.5px solid var(--ink); border-radius: 2px; background: #fff; vertical-align: -2px;
}
input[type="checkbox"]:checked { background: var(--ink); box-shadow: inset 0 0 0 2px #fff; }
.pause { border: 2.5px solid var(--ink); border-radius: 8px; background: var(--pause); padding: 8px 10px 4px; }
.pause-head { margin: 0 0 6px; font-weight: 600; }
.pause-head .tag {
  display: inline-block; background: var(--ink); color: #fff; padding: 0 7px; border-radius: 3px;
  margin-right: 6px; font-size: 9pt; letter-spacing: 0.04em;
}
.pause table.steps td { border-bottom-color: #e0d3ad; }
.pause table.steps tbody tr:last-child td { border-bottom: 0; }
.empty { color: var(--muted); font-style: italic; }
.cards { columns: 2 80mm; column-gap: 8mm; }
.card { border: 1.5px dashed var(--ink); border-radius: 6px; padding: 8px 10px; margin: 0 0 8mm;
  break-inside: avoid; page-break-inside: avoid; }
.card h2 { margin: 0 0 4px; font-size: 12.5pt; border-bottom-width: 1.5px; }
.card .desc { margin: 0 0 4px; font-size: 9pt; color: #333; }
.card .fill { margin: 0 0 6px; font-size: 9.5pt; }
.card-targets { margin: 0 0 6px; font-size: 8.5pt; color: var(--muted); }
.card-items { list-style: none; margin: 0; padding: 0; }
.card-items li {
  display: flex; gap: 7px; align-items: flex-start; padding: 4px 0; border-top: 1px solid var(--rule);
  font-size: 9.5pt;
}
.card-items li input { margin-top: 3px; }
.card-items .n { font-weight: 700; font-variant-numeric: tabular-nums; }
.card-items .due { color: var(--muted); white-space: nowrap; }
.card-items .when, .card-items .skip, .card-items .block, .card-items .assigned { font-size: 9pt; }
.approves-head { margin: 8px 0 2px; font-weight: 700; font-size: 9.5pt; }
@page { size: portrait; margin: 10mm 10mm 12mm;
  @bottom-right { content: counter(page) " / " counter(pages); font-size: 8pt; color: #5a5a5a; }
}
@media print {
  html { font-size: 8.5pt; line-height: 1.18; }
  body { max-width: none; margin: 0; padding: 0; }
  .group + .group { break-inside: avoid; page-break-inside: avoid; }
  .group > .phase:first-child > h2:first-child { margin-top: 0; }
  h1 { font-size: 16pt; }
  h2 { font-size: 11.5pt; margin-top: 8px; margin-bottom: 3px; }
  col.c-owner { width: 15%; } col.c-due { width: 15%; }
  table.steps td { padding: 2px 5px; }
  td.c-box { padding-top: 5px; }
  td.c-owner, td.c-due, .when, .skip, .block, .assigned { font-size: 8pt; }
  td.c-due { overflow-wrap: normal; }
  ul.sub { columns: 2; column-gap: 14px; margin-top: 2px; }
  ul.sub li { margin: 0 0 1px; break-inside: avoid; }
  .meta { margin-top: 1px; font-size: 7.5pt; }
}
`.trim();
