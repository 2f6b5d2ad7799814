import { holds } from '../playbook/condition.js';
import { localize } from '../playbook/text.js';
import type { InjectWhen, Lang, Patterns } from '../playbook/types.js';
import { LANGUAGES } from '../playbook/constants.js';
import type { SessionState } from './replay.js';

/** The session's language as a catalogue language (English when the log holds another). */
export const sessionLang = (state: SessionState): Lang =>
  (LANGUAGES as readonly string[]).includes(state.lang) ? (state.lang as Lang) : 'en';

/** The texts to look for, in the session's language. */
export function patternTexts(patterns: Patterns, lang: Lang): string[] {
  return (Array.isArray(patterns) ? patterns : [patterns]).map((p) => localize(p, lang)).filter((t) => t !== '');
}

/**
 * The first pattern found in the text, case-insensitive. A substring, not a
 * regular expression: drill files are shared and a pattern must not be able
 * to hang the run.
 */
export function findPattern(text: string, patterns: readonly string[]): string | undefined {
  const hay = text.toLocaleLowerCase();
  return patterns.find((p) => hay.includes(p.toLocaleLowerCase()));
}

/** The recorded decisions (at or before `until`) whose text contains one of the patterns. */
export function matchingDecisions(
  state: SessionState,
  patterns: readonly string[],
  until = Number.POSITIVE_INFINITY,
  step?: string,
): SessionState['decisions'] {
  return state.decisions.filter(
    (d) => d.at <= until && (step === undefined || d.step === step) && findPattern(d.decision, patterns) !== undefined,
  );
}

/** Whether a branching inject fires on the session as it stands when its time comes. */
export function injectFires(when: InjectWhen | undefined, state: SessionState): boolean {
  if (when === undefined) return true;
  if ('decision' in when) return matchingDecisions(state, patternTexts(when.decision, sessionLang(state))).length > 0;
  return holds(when, state.facts, state.severity);
}
