import { planInputs, type Plan, type PlanStep } from '../playbook/compose.js';
import { BREACH_FACT, ROOT_CAUSE_FACT, promisesNextUpdate } from '../playbook/lint.js';
import { checkStatement, type StatementFinding } from '../playbook/statement-checks.js';
import { factTitle, localize } from '../playbook/text.js';
import type { Input, Lang, Scalar } from '../playbook/types.js';
import { localizeFactValue, statementDate, typedTime } from '../playbook/dates.js';
import { parseDuration } from '../playbook/duration.js';
import { STATEMENT_DATE, isTimeZone, signerFact, signerTitleFact } from '../playbook/profile.js';
import { factInputs } from '../playbook/fact-inputs.js';
import { fillTemplate, visibleSteps } from './progress.js';
import { templateHoles } from '../playbook/template.js';
import { stepState, type SessionState } from './replay.js';
import { msg } from '../text/messages.js';
import { sanitizeLine } from '../text/sanitize.js';

/**
 * What a drill records for a fact nobody gave; never allowed into a live session's statement. Data, not words: drill
 * files and logs hold it as it is, in every language; a list of what is missing names it through the catalogue
 * (`fact.drillPlaceholder`).
 */
export const DRILL_PLACEHOLDER = '(not recorded in drill)';
/** The approver the unlisted policy names; only a drill may approve this way. */
export const DRILL_APPROVER = 'drill (unlisted: done)';

/** Every hole of a statement step, over all its channels and languages. */
export function statementHoles(step: PlanStep): string[] {
  const holes = new Set<string>();
  for (const template of Object.values(step.statement ?? {})) {
    const texts = typeof template === 'string' ? [template] : Object.values(template);
    for (const text of texts) for (const hole of templateHoles(text ?? '')) holes.add(hole);
  }
  return [...holes];
}

/**
 * The facts a statement is filled from: the recorded facts (the organisation
 * profile's among them), with every fact that names a role holder (an input
 * with `assigns-role`) replaced by whoever holds that role now. A handoff
 * therefore reaches the next statement: it is signed by the new
 * spokesperson, not the one recorded at the start. Each role's signer
 * (`signer-<role>`) is its holder, else the profile's signatory; its title
 * defaults to the role's title. The statement date is the day of the last
 * recorded action in the organisation's time zone, and every date or time
 * reads as words in the statement's language (2026年1月1日, 1 January 2026).
 */
export function statementFacts(
  plan: Plan,
  state: SessionState,
  lang: Lang = sessionLang(state),
  clockZone?: string,
): Record<string, Scalar> {
  const facts: Record<string, Scalar> = { ...state.facts };
  for (const [id, input] of planInputs(plan)) {
    // A choice reads as its label in the statement's language ("Relatively major", 较大), never its id.
    const choice = input.choices?.find((c) => c.value === facts[id]);
    if (input.type === 'choice' && choice) facts[id] = localize(choice.label, lang);
    const role = input['assigns-role'];
    const holder = role && Object.hasOwn(state.roles, role) ? state.roles[role] : undefined;
    if (holder) facts[id] = holder;
  }
  for (const role of plan.roles) {
    const holder = Object.hasOwn(state.roles, role.id) ? state.roles[role.id] : undefined;
    if (holder) facts[signerFact(role.id)] = holder;
    // "Leadership" names a body, not a title: whoever signs for it gives theirs (profile or screen).
    if (role.id !== 'leadership' && !Object.hasOwn(facts, signerTitleFact(role.id)))
      facts[signerTitleFact(role.id)] = localize(role.title, lang);
  }
  const zone = orgZone(facts) ?? clockZone;
  if (!Object.hasOwn(facts, STATEMENT_DATE) && state.lastAt > 0)
    facts[STATEMENT_DATE] = statementDate(state.lastAt, lang, zone);
  for (const [id, value] of Object.entries(facts))
    if (typeof value === 'string') facts[id] = localizeFactValue(value, lang, zone);
  return facts;
}

/** The organisation's zone, when the profile gave one this runtime knows. */
function orgZone(facts: Readonly<Record<string, Scalar>>): string | undefined {
  const zone = Object.hasOwn(facts, 'org-time-zone') ? facts['org-time-zone'] : undefined;
  return typeof zone === 'string' && isTimeZone(zone) ? zone : undefined;
}

const sessionLang = (state: SessionState): Lang => (state.lang === 'zh' ? 'zh' : 'en');

/**
 * What a statement hole may name, beyond the plan's inputs: the profile's
 * facts, each role's signer and title, and the statement date. The statement
 * screen asks for a missing one with its label; decide() accepts it typed in.
 */
export function statementInputs(plan: Plan): Map<string, Input> {
  return factInputs(plan);
}

/**
 * Facts as a person reads a list of them: each by its label in the playbook (or the profile's), quoted, as the
 * screen asks for it, made safe for a terminal; a fact with no label by its id. An id is what a playbook author
 * reads; the operator sees the question.
 */
export function factsNamed(plan: Plan, ids: readonly string[], lang: Lang): string {
  const inputs = statementInputs(plan);
  return ids
    .map((id) =>
      // incompleteParts lists the drill's stand-in text itself: said as what it is, in the reader's language
      id === DRILL_PLACEHOLDER
        ? msg(lang, 'fact.drillPlaceholder', { text: DRILL_PLACEHOLDER })
        : msg(lang, 'fact.named', { fact: sanitizeLine(factTitle(inputs, id, lang)) }),
    )
    .join(msg(lang, 'fact.listSep'));
}

/**
 * Each channel's text, filled from the statement facts (plus `extra`, e.g. facts typed in just now). `clockZone`: the
 * zone the session shows its times in (the adapter's sessionClock: the organisation's, else the machine's, UTC in a
 * scripted drill), which a statement's times and date are written in, the zone named, when the session has no
 * organisation zone; without it, UTC.
 */
export function fillStatement(
  plan: Plan,
  state: SessionState,
  step: PlanStep,
  lang: Lang,
  extra: Readonly<Record<string, Scalar>> = {},
  clockZone?: string,
): Record<string, string> {
  const facts = statementFacts(plan, state, lang, clockZone);
  // Facts typed on the statement screen read like recorded ones: a time typed there is worded too.
  const zone = orgZone(facts) ?? clockZone;
  for (const [id, value] of Object.entries(extra))
    facts[id] = typeof value === 'string' ? localizeFactValue(value, lang, zone) : value;
  return Object.fromEntries(
    Object.entries(step.statement ?? {}).map(([channel, template]) => [
      channel,
      fillTemplate(localize(template, lang), facts, lang),
    ]),
  );
}

/**
 * Why a statement's text cannot be issued as it stands: holes still showing
 * as `[fact-id]`, and (outside drills) drill placeholder text. Empty when it
 * is complete. Used by decide() to refuse the issue and by the screen to ask
 * for the missing facts; content checks (clichés, lengths) live elsewhere.
 */
export function incompleteParts(
  step: PlanStep,
  channels: Readonly<Record<string, string>>,
  options: { drill: boolean },
): string[] {
  const holes = statementHoles(step);
  const found = new Set<string>();
  for (const text of Object.values(channels)) {
    for (const hole of holes) if (text.includes(`[${hole}]`)) found.add(hole);
    if (!options.drill && text.includes(DRILL_PLACEHOLDER)) found.add(DRILL_PLACEHOLDER);
  }
  return [...found];
}

/**
 * Content warnings on a filled draft, channel by channel (statement-checks.ts):
 * what a communications lead would query before it goes out. The screen shows
 * them beside the draft; they never block the issue.
 */
export function draftFindings(
  state: SessionState,
  step: PlanStep,
  channels: Readonly<Record<string, string>>,
  lang: Lang,
): StatementFinding[] {
  const rootCause = state.facts[ROOT_CAUSE_FACT];
  return Object.entries(channels).flatMap(([channel, text]) => {
    const template = step.statement?.[channel];
    return checkStatement(text, {
      channel,
      lang,
      template: template === undefined ? undefined : localize(template, lang),
      beforeRootCause: rootCause === undefined || rootCause === '',
      breach: state.facts[BREACH_FACT] === true,
      needsNextUpdate: promisesNextUpdate(step),
    });
  });
}

/** The facts a statement still lacks, in template order: what the operator is asked for. */
export function missingFacts(plan: Plan, state: SessionState, step: PlanStep): string[] {
  const facts = statementFacts(plan, state);
  return statementHoles(step).filter(
    (id) =>
      !Object.hasOwn(facts, id) || facts[id] === '' || (state.drill === undefined && facts[id] === DRILL_PLACEHOLDER),
  );
}

/** An input that records when the next update will be: next-update-time, next-update-at, mc-next-update. */
const NEXT_UPDATE_INPUT = /(?:^|-)(?:next-update|update-time|update-at)(?:-|$)/;
const QUARTER_HOUR = 15 * 60_000;

/**
 * What to offer for "when is the next update": the plan's update cadence from
 * now, down to the quarter hour so the promise is never later than the cadence,
 * as a local time in the session's zone ("2026-11-30 18:00"). Statements write
 * it out in their own language (30 November 2026, 18:00; 2026年11月30日 18:00).
 * Undefined for other inputs or a plan without a cadence.
 */
export function nextUpdateDefault(plan: Plan, input: Input, now: number, zone: string): string | undefined {
  if (!NEXT_UPDATE_INPUT.test(input.id) || (input.type !== 'text' && input.type !== 'time')) return undefined;
  const cadence = parseDuration(plan.targets['update-every'] ?? '');
  if (!cadence) return undefined;
  return typedTime(Math.floor((now + cadence) / QUARTER_HOUR) * QUARTER_HOUR, zone);
}

/**
 * The legal checks a statement still waits for: the steps tagged
 * `legal-review` that apply, come before it in the plan, and are not done
 * (open, blocked or skipped). The playbook says a statement needs legal
 * review by placing such a step before it (lint's principle check requires
 * one before the first statement). A check placed after a statement reviews
 * something else and does not hold it up. The screen warns and asks before
 * issuing; the driver records going ahead anyway as a decision.
 */
export function openLegalChecks(plan: Plan, state: SessionState, stepId: string): PlanStep[] {
  const steps = visibleSteps(plan, state);
  const at = steps.findIndex((s) => s.id === stepId);
  if (at < 0) return [];
  return steps.slice(0, at).filter((s) => s.tags?.includes('legal-review') && stepState(state, s.id).status !== 'done');
}
