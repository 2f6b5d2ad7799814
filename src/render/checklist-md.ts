import {
  aside,
  checklistCards,
  checklistLabels,
  checklistRole,
  dueWords,
  onlyIfWords,
  progressNotes,
  targetWords,
  type ChecklistData,
  type ChecklistItem,
  type ChecklistPhase,
  type ChecklistRole,
  channelWords,
  hasDeadlines,
} from './checklist-data.js';
import { escapeMarkdown, markdownHeader, markdownRow } from '../text/markdown.js';

/** Playbook text as inline GitHub Markdown, safe at the start of a line too. */
const md = (text: string): string => escapeMarkdown(text.trim());

/** A blank to write on; underscores between spaces are literal in CommonMark. */
const BLANK = '________________________';
const SHORT_BLANK = '____________';

/**
 * The checklist as GitHub-flavoured Markdown: a header with blanks for the
 * incident and date, the targets table, then one section per phase with a
 * task list. do-confirm phases sit in a block quote headed by their pause
 * point; read-do steps carry their number (`2.3`).
 */
export function renderChecklistMarkdown(data: ChecklistData): string {
  const words = checklistLabels(data.lang);
  const out = header(data, words.checklist);
  if (data.phases.length === 0) out.push(`*${md(words.noSteps)}*`, '');
  for (const phase of data.phases) {
    out.push(`## ${phase.number}. ${md(phase.title)}`, '');
    out.push(...phaseLines(data, phase));
  }
  return finish(out);
}

/**
 * One compact card per role, separated by rules: what each person carries.
 * `data` is the whole checklist; `role` picks one card (see checklistCards).
 */
export function renderChecklistCardsMarkdown(data: ChecklistData, role?: string): string {
  const words = checklistLabels(data.lang);
  const out = header(data, words.cards, role === undefined ? undefined : checklistRole(data, role));
  const cards = checklistCards(data, role);
  if (cards.length === 0) out.push(`*${md(words.noSteps)}*`, '');
  cards.forEach((card, i) => {
    if (i > 0) out.push('---', '');
    out.push(`## ${md(card.role.title)}`, '');
    if (card.role.description) out.push(`*${md(card.role.description)}*`, '');
    out.push(`**${words.heldBy}${words.colon.trimEnd()}** ${BLANK}`, '');
    for (const item of card.items) {
      const number = item.mode === 'read-do' ? `${item.number} ` : '';
      const tail = [
        item.due ? md(dueWords(item.due, data.lang)) : undefined,
        item.mode === 'do-confirm' ? md(words.confirmAtPause) : undefined,
        item.condition ? `*${md(onlyIfWords(item.condition, data.lang))}*` : undefined,
        ...progressNotes(item, data.lang).map((note) => md(note.text)),
      ].filter((s): s is string => s !== undefined);
      out.push(`- ${box(item)} **${number}${md(item.title)}**${tail.length > 0 ? ` · ${tail.join(' · ')}` : ''}`);
    }
    if (card.approves.length > 0) {
      if (card.items.length > 0) out.push('');
      // Trailing punctuation: a bold line alone reads as a fake heading to markdownlint (MD036).
      out.push(`**${md(words.approves)}${words.colon.trimEnd()}**`, '');
      for (const a of card.approves)
        out.push(`- [ ] ${a.number} ${md(a.title)}${a.due ? ` · ${md(dueWords(a.due, data.lang))}` : ''}`);
    }
    out.push('');
  });
  return finish(out);
}

function header(data: ChecklistData, what: string, role = data.role): string[] {
  const words = checklistLabels(data.lang);
  const sep = words.colon.trimEnd();
  const out = [`# ${md(data.title)}${words.colon}${md(what)}`, ''];
  if (data.summary) out.push(md(data.summary), '');
  // A quote, not emphasis: markdownlint reads a paragraph that is all emphasis as a heading (MD036).
  if (hasDeadlines(data)) out.push(`> ${md(words.defaultsNote)}`, '');
  out.push(`- **${words.crisis}${sep}** ${md(data.title)} \`${data.id}\``);
  out.push(`- **${words.severity}${sep}** ${md(words.severities[data.severity])}`);
  if (role) out.push(`- **${words.role}${sep}** ${roleText(role)}`);
  // From a session (--session) the blanks are filled: its id, the day and time it started.
  const s = data.session;
  out.push(`- **${words.incident}${sep}** ${s ? `\`${s.id}\`` : BLANK}`);
  out.push(
    `- **${words.date}${sep}** ${s ? s.date : SHORT_BLANK} **${words.started}${sep}** ${s ? s.started : SHORT_BLANK}`,
  );
  out.push('');
  if (data.targets.length > 0) {
    out.push(`**${words.targets}**${aside(md(words.targetsNote), data.lang)}`, '');
    out.push(...markdownHeader([words.target, words.deadline]));
    for (const target of data.targets) out.push(markdownRow([md(target.label), md(targetWords(target, data.lang))]));
    out.push('');
  }
  return out;
}

const roleText = (role: ChecklistRole) => `${md(role.title)} \`${role.id}\``;

const box = (item: ChecklistItem) => (item.status === 'done' ? '[x]' : '[ ]');

function phaseLines(data: ChecklistData, phase: ChecklistPhase): string[] {
  const words = checklistLabels(data.lang);
  const sep = words.colon;
  const lines: string[] = [];
  for (const item of phase.items) {
    const number = phase.mode === 'read-do' ? `${item.number} ` : '';
    const title = item.status === 'skipped' ? `~~${md(item.title)}~~` : md(item.title);
    const meta = [
      item.owner ? `${words.owner}${sep}${md(item.owner.title)}` : undefined,
      item.due ? `${words.due}${sep}${md(dueWords(item.due, data.lang))}` : undefined,
      // From a session (--session): skipped or blocked with the reason, and the person it was assigned to.
      ...progressNotes(item, data.lang).map((note) => md(note.text)),
    ].filter((s): s is string => s !== undefined);
    const first = `- ${box(item)} **${number}${title}**${meta.length > 0 ? ` — ${meta.join(' · ')}` : ''}`;
    // The condition goes on its own line inside the item: a backslash is a
    // hard line break in CommonMark, so it stays part of this task.
    if (item.condition) lines.push(`${first}\\`, `  *${md(onlyIfWords(item.condition, data.lang))}*`);
    else lines.push(first);
    for (const sub of item.checklist) lines.push(`  - ${box(item)} ${md(sub)}`);
    if (item.records.length > 0)
      lines.push(`  - ${words.record}${sep}${item.records.map((r) => md(r.label)).join(words.listSep)}`);
    if (item.statement) {
      const approve = item.statement.approveBy
        ? ` · ${words.approvedBy}${sep}${md(item.statement.approveBy.title)}`
        : '';
      const channels = channelWords(item.statement.channels, data.lang, md);
      lines.push(`  - ${words.statementOn}${sep}${channels}${approve}`);
    }
  }
  if (phase.mode !== 'do-confirm') return [...lines, ''];
  // The pause point is a block quote (GitHub draws it as a box) above the
  // items. The items stay outside it: cmark-gfm, GitHub's parser, does not
  // turn `- [ ]` inside a block quote into checkboxes.
  const head = `> **■ ${words.pausePoint}${words.colon.trimEnd()}** ${md(phase.pausePoint ?? words.pauseDefault)}`;
  return [head, '', ...lines, ''];
}

/** One trailing newline, no trailing blank lines. */
const finish = (lines: string[]) => `${lines.join('\n').replace(/\n+$/, '')}\n`;
