import type { Input, Lang } from '../playbook/types.js';
import { msg } from '../text/messages.js';

/**
 * The form an answer is typed in after its question, in brackets: "Found on (YYYY-MM-DD)", 发现时间（年-月-日，…）.
 * A question that ends in brackets of its own, a note or "(optional)", takes the form inside them, after what they
 * say: "Found on (optional; YYYY-MM-DD)", not "Found on (optional) (YYYY-MM-DD)" (the Chinese read as brackets
 * doubled, （可选）（年-月-日…）).
 */
export function hintedLabel(label: string, hint: string, lang: Lang): string {
  const aside = /^(.*?)([(（])([^()（）]*)([)）])\s*$/su.exec(label);
  if (!aside) return msg(lang, 'screen.hinted', { label, hint });
  const [, before, open, said, close] = aside;
  return `${before}${open}${msg(lang, 'screen.hintAfter', { aside: said!, hint })}${close}`;
}

/**
 * A typed question as the session prompts and the review walk ask it: a date or time question with the form to
 * type it in (screen.dateHint, screen.timeHint), in the screen's language; any other question as it is.
 */
export function typedInputLabel(label: string, type: Input['type'], lang: Lang): string {
  if (type === 'date') return hintedLabel(label, msg(lang, 'screen.dateHint'), lang);
  if (type === 'time') return hintedLabel(label, msg(lang, 'screen.timeHint'), lang);
  return label;
}
