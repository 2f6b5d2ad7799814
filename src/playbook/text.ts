import type { Lang, Text } from './types.js';
import { say, type Said } from '../text/messages.js';
import { sanitizeLine } from '../text/sanitize.js';

/** Pick the operator's language, falling back to English. */
export function localize(text: Text | undefined, lang: Lang): string {
  if (text === undefined) return '';
  if (typeof text === 'string') return text;
  return text[lang] ?? text.en;
}

/** Every string a Text holds, for checks that must see all languages. */
export function allTexts(text: Text | undefined): string[] {
  if (text === undefined) return [];
  return typeof text === 'string' ? [text] : Object.values(text).filter((v): v is string => typeof v === 'string');
}

/**
 * A role as people read it: its title in `lang`, or its id when the plan defines no such role. Not sanitised: the
 * caller does, for the place it writes to.
 */
export function roleTitle(roles: readonly { id: string; title: Text }[], id: string, lang: Lang): string {
  const role = roles.find((r) => r.id === id);
  return role ? localize(role.title, lang) : id;
}

/**
 * A role's title as a message parameter where the language is chosen only when the message is said (a refusal,
 * worded by sayIn in the run's language); its id when the plan has no such role. Made safe for one line of a
 * screen (sanitizeLine), as a refusal's other parts are.
 */
export function roleSaid(roles: readonly { id: string; title: Text }[], id: string): Said | string {
  const role = roles.find((r) => r.id === id);
  if (!role) return sanitizeLine(id);
  const title = (lang: Lang) => sanitizeLine(localize(role.title, lang));
  return { ...say('role.title', { title: title('zh') }), en: title('en') };
}

/**
 * A fact as people read it: the label (question) of the input that records it, in `lang`, or its id when the plan
 * has no such input. Not sanitised: the caller does, for the place it writes to.
 */
export function factTitle(inputs: ReadonlyMap<string, { label: Text }>, id: string, lang: Lang): string {
  const input = inputs.get(id);
  return input ? localize(input.label, lang) : id;
}
