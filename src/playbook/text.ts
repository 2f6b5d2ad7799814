import type { Lang, Text } from './types.js';

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
 * A fact as people read it: the label (question) of the input that records it, in `lang`, or its id when the plan
 * has no such input. Not sanitised: the caller does, for the place it writes to.
 */
export function factTitle(inputs: ReadonlyMap<string, { label: Text }>, id: string, lang: Lang): string {
  const input = inputs.get(id);
  return input ? localize(input.label, lang) : id;
}
