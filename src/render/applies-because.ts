import { evaluate, factRefs, type Facts } from '../playbook/condition.js';
import { PROFILE_FACTS } from '../playbook/profile.js';
import { localize } from '../playbook/text.js';
import type { Condition, Input, Lang, Scalar, Severity } from '../playbook/types.js';
import { msg } from '../text/messages.js';
import { own } from '../text/own.js';
import { checklistLabels, conditionWords } from './checklist-data.js';

type InputMap = ReadonlyMap<string, Input>;

/**
 * The step screen's "applies because" line. When the recorded answers make the step apply, it says which answers
 * do, and only those (`any` by its first branch that holds), with each question in its short form: "applies because
 * you answered yes to “Could the product harm people or property?”". Otherwise (a fact not recorded yet, a
 * severity test), the whole condition in words, with the same short questions.
 */
export function appliesBecause(
  when: Condition,
  facts: Facts,
  severity: Severity,
  lang: Lang,
  inputs: InputMap,
): string {
  const short = new Map([...inputs].map(([id, input]) => [id, { ...input, label: shortLabel(input, lang) }]));
  const answers = answersFor(when, facts, severity);
  if (!answers) return msg(lang, 'screen.appliesBecause', { condition: conditionWords(when, lang, short) });
  const said = answers.map(({ fact, value }) =>
    msg(lang, 'screen.answerTo', {
      answer: answerWords(value, lang, short.get(fact)),
      question: `“${questionOf(fact, lang, short)}”`,
    }),
  );
  return msg(lang, 'screen.appliesBecauseAnswers', { answers: said.join(msg(lang, 'screen.answersAnd')) });
}

/**
 * A question without the help that is for answering it: a clause after a semicolon ("; if torn between two, pick
 * the higher") and anything in brackets ("(If unsure, answer yes.)", "（不确定时请选“是”）"). A label that is all
 * help is kept whole.
 */
export function shortQuestion(label: string): string {
  const bare = label
    .split(/[;；]/)[0]!
    .replace(/\s*[(（][^()（）]*[)）]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return bare || label.trim();
}

function shortLabel(input: Input, lang: Lang): string {
  return shortQuestion(localize(input.label, lang));
}

function questionOf(fact: string, lang: Lang, inputs: InputMap): string {
  const input = inputs.get(fact) ?? own(PROFILE_FACTS, fact);
  return input ? shortQuestion(localize(input.label, lang)) : fact;
}

function answerWords(value: Scalar, lang: Lang, input: Input | undefined): string {
  const words = checklistLabels(lang);
  if (typeof value === 'boolean') {
    const yesNo = value ? words.yes : words.no;
    return lang === 'zh' ? `“${yesNo}”` : yesNo;
  }
  const choice = typeof value === 'string' ? input?.choices?.find((c) => c.value === value) : undefined;
  if (choice) return `“${localize(choice.label, lang)}”`;
  return typeof value === 'string' ? `“${value}”` : String(value);
}

/** The recorded answers that make a condition hold, each fact once; undefined when it does not hold on answers. */
type Answer = { fact: string; value: Scalar };

function answersFor(cond: Condition, facts: Facts, severity: Severity): Answer[] | undefined {
  if ('all' in cond) {
    const parts = cond.all.map((c) => answersFor(c, facts, severity));
    if (parts.some((p) => p === undefined)) return undefined;
    const byFact = new Map<string, Scalar>();
    for (const { fact, value } of parts.flat() as Answer[]) if (!byFact.has(fact)) byFact.set(fact, value);
    return [...byFact].map(([fact, value]) => ({ fact, value }));
  }
  if ('any' in cond) {
    for (const c of cond.any) {
      const found = answersFor(c, facts, severity);
      if (found) return found;
    }
    return undefined;
  }
  if ('severity-at-least' in cond) return undefined;
  if (evaluate(cond, facts, severity) !== true) return undefined;
  // A fact test, or `not` of facts all recorded: the answers say why (the kind is "quality", not "usability").
  const ids = [...new Set(factRefs(cond).map((r) => r.fact))];
  if (!ids.length || ids.some((id) => !Object.hasOwn(facts, id))) return undefined;
  return ids.map((fact) => ({ fact, value: facts[fact]! }));
}
