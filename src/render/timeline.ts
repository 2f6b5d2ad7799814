import { formatOffset } from '../playbook/duration.js';
import { roleTitle } from '../playbook/text.js';
import { localize } from '../playbook/text.js';
import type { Input, Lang, Text } from '../playbook/types.js';
import type { StoredEvent } from '../session/events.js';
import { escapeMarkdown, markdownHeader, markdownRow } from '../text/markdown.js';
import { sanitizeLine, sanitizeText } from '../text/sanitize.js';
import { messagesFor } from '../text/messages.js';
import { severityName } from './review-words.js';
import { channelWord, eventTypeWords, pauseReasonWords } from './state-words.js';
import { formatLocal } from './time.js';
import { zoneLabel, type ScreenClock } from '../playbook/dates.js';
import type { Scalar } from '../playbook/types.js';
import { own } from '../text/own.js';

export interface TimelineRow {
  seq: number;
  ts: string;
  /** the time in the session's zone, `2026-03-02 08:10:00` */
  local: string;
  /** that zone's offset (`GMT+8`) when the text says it: the zone is not this machine's (ScreenClock.label) */
  zone?: string;
  offset: string;
  type: string;
  actor: string;
  step: string;
  summary: string;
}

type Say = ReturnType<typeof messagesFor>;

/** The plan's roles, for naming a role by its title; a role not in it (or no plan found) is named by its id. */
export type TimelineRoles = readonly { id: string; title: Text }[];

/**
 * The plan's questions by fact id, to say a choice answer by its label in the reader's language, as the step screen
 * offered it ("Production or material defect in some batches", 部分批次存在生产或材料缺陷), not its value
 * (production-defect); a value the playbook has no label for (no plan found, a changed playbook) as it is.
 */
export type TimelineInputs = ReadonlyMap<string, Pick<Input, 'choices'>>;
const NO_INPUTS: TimelineInputs = new Map();

const factList = (f: Record<string, unknown>, m: Say, lang: Lang, inputs: TimelineInputs) =>
  Object.entries(f)
    .map(([k, v]) => {
      if (typeof v === 'boolean') return `${k}=${m(v ? 'timeline.yes' : 'timeline.no')}`;
      const choice = typeof v === 'string' ? inputs.get(k)?.choices?.find((c) => c.value === v) : undefined;
      return `${k}=${choice ? localize(choice.label, lang) : String(v)}`;
    })
    .join(m('timeline.factSep'));

/** Where the timeline reads times when the caller names none: UTC, unlabelled (a test's, a pure caller's). */
const UTC_CLOCK: ScreenClock = { zone: 'UTC', label: false };

/**
 * The facts of a log that say which zone its session shows times in (org-time-zone, for sessionClock), without
 * replaying it: the last value recorded, as a replay would leave it (at the start, a step, a statement screen, an
 * inject).
 */
export function loggedZoneFacts(events: readonly StoredEvent[]): Record<string, Scalar> {
  let zone: Scalar | undefined;
  for (const e of events) {
    const facts = (e.data as { facts?: Record<string, Scalar> } | undefined)?.facts;
    if (e.type === 'review.recorded' || facts === undefined || typeof facts !== 'object') continue;
    const value = own(facts, 'org-time-zone');
    if (value !== undefined) zone = value;
  }
  return zone === undefined ? {} : { 'org-time-zone': zone };
}

/**
 * One line of plain words per event, in `lang`; a role by its title in `lang`, as `status` names it; a time in it
 * in the session's zone (`clock`); a choice answer by its label in `lang` (`inputs`).
 */
export function summarizeEvent(
  e: StoredEvent,
  lang: Lang = 'en',
  roles: TimelineRoles = [],
  clock: ScreenClock = UTC_CLOCK,
  inputs: TimelineInputs = NO_INPUTS,
): string {
  const localMinute = (iso: string) => {
    const ms = Date.parse(iso);
    if (Number.isNaN(ms)) return iso;
    const minute = formatLocal(ms, clock.zone).slice(0, 16);
    return clock.label ? `${minute} (${zoneLabel(ms, clock.zone)})` : minute;
  };
  const m = messagesFor(lang);
  const when = (cond: unknown, text: () => string) => (cond ? text() : '');
  const channels = (c: Record<string, unknown>) =>
    Object.keys(c)
      .map((x) => channelWord(x, m))
      .join(m('timeline.channelSep'));
  switch (e.type) {
    case 'session.started':
      return m('timeline.started', {
        crisis: e.data.crisis,
        severity: severityName(e.data.severity, m),
        drill: when(e.data.drill, () => m('timeline.startedDrill', { id: e.data.drill!.id })),
        with: when(e.data.with.length, () => m('timeline.startedWith', { list: e.data.with.join(', ') })),
      });
    case 'step.completed':
      return Object.keys(e.data.facts).length
        ? m('timeline.doneFacts', { facts: factList(e.data.facts, m, lang, inputs) })
        : m('timeline.done');
    case 'step.skipped':
      return m('timeline.skipped', { reason: e.data.reason });
    case 'step.blocked':
      return m('timeline.blocked', { reason: e.data.reason });
    case 'step.focused':
      return m('timeline.focused', {
        from: when(e.data.from, () => m('timeline.focusedFrom', { step: e.data.from! })),
      });
    case 'step.reopened':
      return m('timeline.reopened', { was: m(`timeline.was.${e.data.was}`), reason: e.data.reason });
    case 'step.assigned':
      // The log keeps UTC; a reader wants the clock time the timeline's own column uses.
      return m('timeline.assigned', { to: e.data.to, at: localMinute(e.data.checkBackAt) });
    case 'note.added':
      return m('timeline.note', { text: e.data.text });
    case 'decision.recorded':
      return m('timeline.decision', {
        who: e.data.decidedBy,
        decision: e.data.decision,
        options: when(e.data.options.length, () =>
          m('timeline.options', { list: e.data.options.join(m('common.listSep')) }),
        ),
      });
    case 'role.handoff':
      return m('timeline.handoff', {
        role: roleTitle(roles, e.data.role, lang),
        from: e.data.from ?? m('review.nobody'),
        to: e.data.to,
      });
    case 'statement.drafted':
      return m('timeline.drafted', { channels: channels(e.data.channels) });
    case 'statement.approved':
      return m('timeline.approved', { approver: e.data.approver });
    case 'statement.issued':
      return m('timeline.issued', { channels: channels(e.data.channels) });
    case 'inject.received':
      return m('timeline.inject', {
        message: e.data.message,
        facts: when(Object.keys(e.data.facts).length, () =>
          m('timeline.injectFacts', { facts: factList(e.data.facts, m, lang, inputs) }),
        ),
      });
    case 'review.recorded':
      return m('timeline.review', { facts: factList(e.data.facts, m, lang, inputs) });
    case 'session.paused':
      return m('timeline.paused', {
        reason: when(e.data.reason, () => m('timeline.pausedReason', { reason: pauseReasonWords(e.data.reason!, m) })),
      });
    case 'session.resumed':
      return m('timeline.resumed', {
        forced: when(e.data.forced, () => m('timeline.resumedForced')),
        changed: when(e.data.planChanged, () => m('timeline.resumedChanged')),
      });
    case 'session.ended':
      return m('timeline.ended');
  }
}

/** The timeline's column headings in `lang` (the CSV keeps its field names: it is data, not prose). */
export function timelineHeader(lang = 'en'): string[] {
  const m = messagesFor(lang);
  return [
    '#',
    m('timeline.col.local'),
    'T+',
    m('timeline.col.event'),
    m('timeline.col.step'),
    m('timeline.col.actor'),
    m('timeline.col.what'),
  ];
}

export function timelineRows(
  events: readonly StoredEvent[],
  lang: Lang = 'en',
  roles: TimelineRoles = [],
  clock: ScreenClock = UTC_CLOCK,
  inputs: TimelineInputs = NO_INPUTS,
): TimelineRow[] {
  const start = events[0] ? Date.parse(events[0].ts) : 0;
  return events.map((e) => {
    const ms = Date.parse(e.ts);
    return {
      seq: e.seq,
      ts: e.ts,
      local: formatLocal(ms, clock.zone),
      ...(clock.label ? { zone: zoneLabel(ms, clock.zone) } : {}),
      offset: formatOffset(ms - start, lang),
      type: e.type,
      actor: e.actor,
      step: e.step ?? '',
      summary: summarizeEvent(e, lang, roles, clock, inputs),
    };
  });
}

/** A row's time as text and Markdown show it: with its zone when it is not this machine's. CSV keeps it bare. */
const localText = (r: TimelineRow) => (r.zone ? `${r.local} (${r.zone})` : r.local);

/** Each event in words in `lang` ("skipped step", 跳过步骤): the row keeps its type for CSV and JSON. */
export function timelineText(rows: readonly TimelineRow[], lang = 'en'): string[] {
  const m = messagesFor(lang);
  return rows.map((r) =>
    sanitizeLine(
      `${localText(r)}  ${r.offset}  #${r.seq} ${eventTypeWords(r.type, m)}${r.step ? ` ${r.step}` : ''} ` +
        `[${r.actor}] ${r.summary}`,
    ),
  );
}

export function timelineMarkdown(rows: readonly TimelineRow[], lang = 'en'): string[] {
  const m = messagesFor(lang);
  return [
    ...markdownHeader(timelineHeader(lang)),
    ...rows.map((r) =>
      markdownRow([
        r.seq,
        localText(r),
        r.offset,
        escapeMarkdown(eventTypeWords(r.type, m)),
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
