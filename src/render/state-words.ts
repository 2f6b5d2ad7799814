import { isMessageKey, type messagesFor } from '../text/messages.js';

// A severity's and a session state's words, apart from the review's sentences (review-words.ts): a `status`
// listing prints states and loads neither the review text nor the duration formatter.

type Say = ReturnType<typeof messagesFor>;

export function severityName(severity: string, m: Say): string {
  const key = `severity.${severity}`;
  return isMessageKey(key) ? m(key) : severity;
}

/** active, paused, interrupted, ended in words (the id where the catalogue has none). */
export function sessionStateName(state: string, m: Say): string {
  const key = `session.state.${state}`;
  return isMessageKey(key) ? m(key) : state;
}
