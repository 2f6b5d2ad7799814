import { en as checklist } from './catalogue/checklist.js';
import { en as cli } from './catalogue/cli.js';
import { en as common } from './catalogue/common.js';
import { en as drill } from './catalogue/drill.js';
import { en as errors } from './catalogue/errors.js';
import { en as help } from './catalogue/help.js';
import { en as problems } from './catalogue/problems.js';
import { en as review } from './catalogue/review.js';
import { en as notices } from './catalogue/notices.js';
import { en as screen } from './catalogue/screen.js';

/**
 * The one message catalogue: every word the tool itself says (terminal,
 * checklists, reviews, errors, hints), in English and Chinese. Playbook text
 * is localised by playbook/text.ts; this is for the tool's own words.
 *
 * Keys are flat and dotted (`screen.menu.done`); each area keeps its entries
 * in its own file under catalogue/ so areas can grow without touching one
 * shared list, and its Chinese in catalogue/zh/, typed by the English, so a
 * key missing in one language fails the typecheck; test/text/messages.test.ts
 * checks that both languages use the same `{placeholders}`. A count's noun in
 * English agrees with it through `{count:event|events}` (see msg); Chinese
 * writes `{count} 个事件`, the same parameter.
 *
 * English is always here. Chinese is loaded by `loadLanguage('zh')` (the CLI
 * does it once it knows the run's language), so an English run never loads
 * it; `msg('zh', …)` before that throws rather than print English.
 */
// Object.assign, not an object literal of nine spreads: the spreads cost 5 ms at every start, Object.assign 0.7.
const en: typeof common &
  typeof cli &
  typeof checklist &
  typeof screen &
  typeof review &
  typeof notices &
  typeof errors &
  typeof problems &
  typeof drill &
  typeof help = Object.assign({}, common, cli, checklist, screen, review, notices, errors, problems, drill, help);

/** The languages loaded besides English (only `zh` exists). */
const loaded: { zh?: Readonly<Record<MessageKey, string>> } = {};

/** Load the catalogue of `lang` (once; English is always loaded, any language but `zh` reads English). */
export async function loadLanguage(lang: string): Promise<void> {
  if (lang === 'zh' && loaded.zh === undefined) loaded.zh = (await import('./catalogue/zh/index.js')).zh;
}

export type MessageKey = keyof typeof en;
export type MessageLang = 'en' | 'zh';
export type MessageParams = Readonly<Record<string, string | number>>;

/** The whole catalogue of one language (tests scan it; callers use `msg`). */
export function catalogue(lang: string): Readonly<Record<MessageKey, string>> {
  if (lang !== 'zh') return en;
  if (loaded.zh === undefined)
    throw new Error("the zh message catalogue is not loaded: await loadLanguage('zh') first");
  return loaded.zh;
}

/**
 * A placeholder: `{name}`, or `{name:one|other}`, a word that agrees with the count `name` (English
 * `{count} {count:event|events}`; Chinese has no plural and writes `{count} 个事件`).
 */
const PLACEHOLDER = /\{([a-zA-Z0-9_]+)(?::([^{}|]*)\|([^{}|]*))?\}/g;

/** The word of a `{name:one|other}` placeholder for `count` (English: `one` for 1, `other` for 0, 2, …). */
const countWord = (count: string | number, one: string, other: string): string => (Number(count) === 1 ? one : other);

/**
 * One message in `lang` (anything but `zh` reads English), with `{name}`
 * replaced by `params.name` and `{name:one|other}` by the word that agrees with
 * the count `params.name`. A placeholder without a value stays as written,
 * so a missing parameter shows up in a test instead of printing "undefined".
 */
export function msg(lang: string, key: MessageKey, params?: MessageParams): string {
  const text = catalogue(lang)[key];
  if (!params) return text;
  return text.replace(PLACEHOLDER, (whole, name: string, one?: string, other?: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return one === undefined || other === undefined ? String(value) : countWord(value, one, other);
  });
}

/**
 * One message (no parameters) in every language loaded: English, and Chinese once loaded (to recognise a text
 * a run in any of them may have written).
 */
export function msgInLoaded(key: MessageKey): string[] {
  return loaded.zh === undefined ? [en[key]] : [en[key], loaded.zh[key]];
}

/** A message function bound to one language: `const t = messagesFor(lang); t('common.none')`. */
export function messagesFor(lang: string): (key: MessageKey, params?: MessageParams) => string {
  return (key, params) => msg(lang, key, params);
}

/** True when `key` names a message (for keys built at run time, e.g. from a severity). */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}

/**
 * A sentence of the message catalogue not yet put into words: the key and its parameters. Errors are
 * thrown deep in the store or the core, which do not know the run's language; the printer does.
 * A parameter may itself be a sentence (a reason inside a message), rendered in the same language.
 */
export interface Said {
  readonly key: MessageKey;
  readonly params?: Readonly<Record<string, string | number | Said>>;
  /**
   * English words given as they are (a YAML parser's message; a duration as a drill file writes it, which JUnit's
   * case names keep): used for every language but `zh`
   */
  readonly en?: string;
}

/** `say('error.session.ended', { id })`: what a throw site passes instead of English text. */
export const say = (key: MessageKey, params?: Said['params']): Said => ({ key, params });

/**
 * A statement channel in the reader's words once worded (官网, 社交媒体 in Chinese; English says the id): a
 * channel the catalogue does not know (a playbook's own) stays its id, in every language.
 */
export function channelSaid(channel: string): Said | string {
  const key = `channel.${channel}`;
  return isMessageKey(key) ? say(key) : channel;
}

/** Where a session lives, as a message names it: a file path as it is, a sentence (a team session) in `lang`. */
export const placeIn = (lang: string, place: string | Said): string =>
  typeof place === 'string' ? place : sayIn(lang, place);

let channels: readonly string[] | undefined;
/** The statement channels the catalogue words (`channel.website` …): the built-in ones, in catalogue order. */
export function knownChannels(): readonly string[] {
  return (channels ??= Object.keys(en)
    .filter((key) => key.startsWith('channel.'))
    .map((key) => key.slice('channel.'.length)));
}

/** A sentence in `lang` (anything but `zh` reads English), its nested sentences too. */
export function sayIn(lang: string, said: Said): string {
  if (said.en !== undefined && lang !== 'zh') return said.en;
  if (!said.params) return msg(lang, said.key);
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(said.params))
    params[name] = typeof value === 'object' ? sayIn(lang, value) : value;
  return msg(lang, said.key, params);
}
