import { formatOffset } from '../playbook/duration.js';
import type { StoredEvent } from '../session/events.js';
import { escapeMarkdown, markdownHeader, markdownRow } from '../text/markdown.js';
import { sanitizeLine, sanitizeText } from '../text/sanitize.js';
import { formatLocal } from './time.js';

export interface TimelineRow {
  seq: number;
  ts: string;
  local: string;
  offset: string;
  type: string;
  actor: string;
  step: string;
  summary: string;
}

const facts = (f: Record<string, unknown>) =>
  Object.entries(f)
    .map(([k, v]) => `${k}=${typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v)}`)
    .join(', ');

/** One line of plain words per event. */
export function summarizeEvent(e: StoredEvent): string {
  switch (e.type) {
    case 'session.started':
      return (
        `started ${e.data.crisis} at severity ${e.data.severity}${e.data.drill ? ` (drill ${e.data.drill.id})` : ''}` +
        `${e.data.with.length ? ` with ${e.data.with.join(', ')}` : ''}`
      );
    case 'step.completed':
      return Object.keys(e.data.facts).length ? `done: ${facts(e.data.facts)}` : 'done';
    case 'step.skipped':
      return `skipped: ${e.data.reason}`;
    case 'step.blocked':
      return `blocked: ${e.data.reason}`;
    case 'step.focused':
      return `went to this step${e.data.from ? ` from ${e.data.from}` : ''}`;
    case 'step.reopened':
      return `undone, open again (was ${e.data.was}): ${e.data.reason}`;
    case 'step.assigned':
      return `assigned to ${e.data.to}, check back ${e.data.checkBackAt}`;
    case 'note.added':
      return `note: ${e.data.text}`;
    case 'decision.recorded':
      return (
        `decision by ${e.data.decidedBy}: ${e.data.decision}` +
        `${e.data.options.length ? ` (options: ${e.data.options.join('; ')})` : ''}`
      );
    case 'role.handoff':
      return `${e.data.role} handed from ${e.data.from ?? '(nobody)'} to ${e.data.to}`;
    case 'statement.drafted':
      return `statement drafted for ${Object.keys(e.data.channels).join(', ')}`;
    case 'statement.approved':
      return `statement approved by ${e.data.approver}`;
    case 'statement.issued':
      return `statement issued on ${Object.keys(e.data.channels).join(', ')}`;
    case 'inject.received':
      return `inject: ${e.data.message}${Object.keys(e.data.facts).length ? ` (${facts(e.data.facts)})` : ''}`;
    case 'review.recorded':
      return `review: ${facts(e.data.facts)}`;
    case 'session.paused':
      return `paused${e.data.reason ? ` (${e.data.reason})` : ''}`;
    case 'session.resumed':
      return (
        `resumed${e.data.forced ? ' (FORCED past a broken chain)' : ''}` +
        `${e.data.planChanged ? ' (playbook changed)' : ''}`
      );
    case 'session.ended':
      return 'ended';
  }
}

export function timelineRows(events: readonly StoredEvent[]): TimelineRow[] {
  const start = events[0] ? Date.parse(events[0].ts) : 0;
  return events.map((e) => {
    const ms = Date.parse(e.ts);
    return {
      seq: e.seq,
      ts: e.ts,
      local: formatLocal(ms),
      offset: formatOffset(ms - start),
      type: e.type,
      actor: e.actor,
      step: e.step ?? '',
      summary: summarizeEvent(e),
    };
  });
}

export function timelineText(rows: readonly TimelineRow[]): string[] {
  return rows.map((r) =>
    sanitizeLine(`${r.local}  ${r.offset}  #${r.seq} ${r.type}${r.step ? ` ${r.step}` : ''} [${r.actor}] ${r.summary}`),
  );
}

export function timelineMarkdown(rows: readonly TimelineRow[]): string[] {
  return [
    ...markdownHeader(['#', 'local time', 'T+', 'event', 'step', 'actor', 'what']),
    ...rows.map((r) =>
      markdownRow([
        r.seq,
        r.local,
        r.offset,
        r.type,
        escapeMarkdown(r.step),
        escapeMarkdown(r.actor),
        escapeMarkdown(r.summary),
      ]),
    ),
  ];
}

/**
 * One RFC 4180 field. Newlines inside a note stay newlines (quoted), as the
 * log has them; carriage returns go (a CSV row ends at CRLF or LF). A leading
 * =, +, -, @ or tab would run as a formula in a spreadsheet, so it gets a '.
 */
const csvCell = (v: string | number) => {
  const s = sanitizeText(String(v)).replace(/^([=+\-@\t])/, "'$1");
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

/** The timeline as CSV, one string per record (a record may span lines inside a quoted field). */
export function timelineCsv(rows: readonly TimelineRow[]): string[] {
  return [
    'seq,ts,local,offset,type,actor,step,summary',
    ...rows.map((r) => [r.seq, r.ts, r.local, r.offset, r.type, r.actor, r.step, r.summary].map(csvCell).join(',')),
  ];
}
