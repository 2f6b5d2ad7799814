import { channelSaid, isMessageKey, type messagesFor } from '../text/messages.js';

// A severity's and a session state's words, apart from the review's sentences (review-words.ts): a `status`
// listing prints states and loads neither the review text nor the duration formatter.

type Say = ReturnType<typeof messagesFor>;

/** The catalogue's words for `id` under `prefix` (`severity.high`), or the id itself where it has none. */
const catalogued =
  (prefix: string) =>
  (id: string, m: Say): string => {
    const key = `${prefix}.${id}`;
    return isMessageKey(key) ? m(key) : id;
  };

export const severityName = catalogued('severity');

/** active, paused, interrupted, ended in words (the id where the catalogue has none). */
export const sessionStateName = catalogued('session.state');

/**
 * An event's type in words, "skipped step", 跳过步骤, where a person reads it (a type the catalogue has no words
 * for, from a newer build, as it is). Machine output keeps the type: the log, --json, CSV.
 */
export const eventTypeWords = catalogued('event');

/** An action the operator took (the Action's type: note, skip, …) in words, "note", 备注; an unknown type as it is. */
export const actionWords = catalogued('action');

/** A statement channel as people read it: the catalogue's word for a known channel (官网, 社交媒体), else its id. */
export function channelWord(channel: string, m: Say): string {
  const said = channelSaid(channel);
  return typeof said === 'string' ? said : m(said.key);
}

/** Why a session paused, as the tool records it ('operator', 'answers exhausted', …), in words; other text as is. */
const PAUSE_REASONS: Readonly<Record<string, string>> = {
  operator: 'pause.operator',
  'answers exhausted': 'pause.answersExhausted',
  'answers refused': 'pause.answersRefused',
  'output closed': 'pause.outputClosed',
  'terminal closed': 'pause.terminalClosed',
  error: 'pause.error',
};
export function pauseReasonWords(reason: string, m: Say): string {
  const key = Object.hasOwn(PAUSE_REASONS, reason) ? PAUSE_REASONS[reason]! : '';
  return isMessageKey(key) ? m(key) : reason;
}
