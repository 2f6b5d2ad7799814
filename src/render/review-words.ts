import { durationWords, formatDuration } from '../playbook/duration.js';
import { planSteps, type Plan } from '../playbook/compose.js';
import { localize } from '../playbook/text.js';
import type { Lang } from '../playbook/types.js';
import { isMessageKey, msg, type messagesFor } from '../text/messages.js';
import { sanitizeLine } from '../text/sanitize.js';
import type { ReviewData } from './review-data.js';
import { formatLocal, formatUtcOffset } from './time.js';
import { sessionStateName, severityName } from './state-words.js';

type Say = ReturnType<typeof messagesFor>;

/** The review's sentences Markdown and HTML both print; `escape` is the format's own. */

/**
 * `(T+00:05, alice)` after a follow-up, `[step]` after a decision, `(T+00:05)` after a review answer: the brackets
 * and commas of the reader's language (（T+00:05，alice）), with the space English puts before them. A T+ offset
 * needs no escaping in either format.
 */
export const followUpMeta = (x: { at: string; actor: string }, m: Say, escape: (s: string) => string): string =>
  m('review.followUpMeta', { at: x.at, actor: escape(x.actor) });

export const decisionStep = (step: string | undefined, m: Say, escape: (s: string) => string): string =>
  step ? m('review.decisionStep', { step: escape(step) }) : '';

export const aside = (text: string, m: Say, escape: (s: string) => string): string =>
  m('common.aside', { text: escape(text) });

export { severityName, sessionStateName };

export function severityText(severity: string, m: Say): string {
  return m('review.meta.severity', { severity: severityName(severity, m) });
}

export function spanText(d: ReviewData, m: Say, lang: string): string {
  const startZone = formatUtcOffset(d.startedAt, d.zone);
  const endZone = formatUtcOffset(d.endedAt, d.zone);
  return m('review.meta.span', {
    // The session's times (its zone, as its step screen showed them) carry their zone once, here: a report is
    // read by people elsewhere, afterwards.
    start: formatLocal(d.startedAt, d.zone) + m('review.zone', { zone: startZone }),
    // Across a daylight-saving change the last event has its own offset: under the start's, 01:00 to 05:00
    // read as 4h where 3h had passed.
    end: formatLocal(d.endedAt, d.zone) + (endZone === startZone ? '' : m('review.zone', { zone: endZone })),
    duration: durationWords(formatDuration(d.endedAt - d.startedAt), lang),
    status: sessionStateName(d.status, m),
  });
}

/**
 * The warning a report carries at its top when the playbook changed since the session started: in the document,
 * since a report is read without the stderr of the run that made it. `escape` is the format's own.
 */
export function planChangeText(d: ReviewData, m: Say, escape: (s: string) => string): string | undefined {
  if (!d.planChange) return undefined;
  const gone = d.planChange.loggedStepsNotInPlan;
  return [
    m('review.planChanged', { id: escape(d.crisis) }),
    gone.length > 0
      ? m('review.planChanged.gone', { steps: gone.map(escape).join(m('common.listSep')) })
      : m('review.planChanged.same'),
    m('review.planChanged.counted'),
  ].join(m('review.sentenceSep'));
}

/** `(decided by …)`, with the space English puts before it (Chinese brackets carry their own). */
export function decidedBy(x: ReviewData['decisions'][number], m: Say, escape: (s: string) => string): string {
  const options = x.options.length
    ? m('review.options', { list: x.options.map(escape).join(m('common.listSep')) })
    : '';
  return m('review.decidedBy', { who: escape(x.decidedBy), options });
}

/**
 * A target in the reader's words: the catalogue's for a standard one (First statement, 首次声明), in Chinese a
 * reporting duty's clock as 法定报告时限 (English says its id, as the playbook does), any other by its id. The one
 * naming the step screen, the checklist, status and the review use.
 */
export function targetName(id: string, lang: Lang): string {
  const key = `target.${id}`;
  if (isMessageKey(key)) return msg(lang, key);
  if (lang === 'zh' && id.startsWith('duty-')) return msg(lang, 'target.duty');
  return id;
}

/**
 * A deadline's name for a reader, in `lang`: the catalogue's words for a standard target, else the title of the
 * step it times (a reporting duty's report), else its id.
 */
export function targetLabel(plan: Plan, target: string, lang: Lang): string {
  if (isMessageKey(`target.${target}`)) return targetName(target, lang);
  // The report step of a duty first (other steps may share its deadline), then any step timed by it.
  const steps = planSteps(plan).filter((x) => x.due === target);
  const step = steps.find((x) => x.duty) ?? steps[0];
  return step ? sanitizeLine(localize(step.title, lang)) : target;
}
