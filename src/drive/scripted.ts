import { CrisisError, ExitCode, say, type Said } from '../errors.js';
import type { PlanStep } from '../playbook/compose.js';
import { parseDuration } from '../playbook/duration.js';
import { localize, roleTitle } from '../playbook/text.js';
import { msg } from '../text/messages.js';
import { sanitizeLine } from '../text/sanitize.js';
import type { Inject, Input, Response, Scalar } from '../playbook/types.js';
import type { Action } from '../session/decide.js';
import { statementStepInputs } from '../session/answers.js';
import { coerceInput, defaultValue } from '../session/inputs.js';
import { typingTime, visibleSteps } from '../session/progress.js';
import { isOpen, stepState } from '../session/replay.js';
import { DRILL_APPROVER, DRILL_PLACEHOLDER, factsNamed, fillStatement, missingFacts } from '../session/statement.js';
import { injectFires } from '../session/judgement.js';
import { othersOpen, type Driver, type Move, type View } from './driver.js';
import type { VirtualClock } from './live-session.js';

export type Unlisted = 'fail' | 'done' | 'skip';

/** One entry of a script: a response or an inject, at a time from the start. */
type Entry = { at?: number; response: Response; index: number } | { at: number; inject: Inject; index: number };

export interface Refusal {
  index: number;
  what: string;
  /** in the session's language, as the driver was told */
  message: string;
  /** the refusal as a catalogued sentence, for words in any language (the drill's English JUnit) */
  said?: Said;
}

/**
 * Answers every prompt from a script (an answers file or a drill). With a
 * virtual clock, each entry moves time to its `at` before it acts, so timed
 * injects and deadlines are exact and instant.
 */
export class ScriptedDriver implements Driver {
  private entries: Entry[];
  /** steps the script names: the unlisted policy leaves them alone */
  private readonly scriptedSteps: ReadonlySet<string>;
  private cursor = 0;
  private current?: Entry;
  /** the issue that follows a draft recording a statement's inputs, taken before the next entry */
  private queue: Action[] = [];
  readonly refusals: Refusal[] = [];
  /** steps completed by the unlisted policy rather than the script */
  readonly unscripted: string[] = [];
  /** indexes of branching injects that did not fire (their `when` did not hold at their time) */
  readonly withheld: number[] = [];

  constructor(
    responses: readonly Response[],
    private readonly options: {
      unlisted: Unlisted;
      clock?: VirtualClock;
      start?: number;
      injects?: readonly Inject[];
      lang: 'en' | 'zh';
      onRefused: 'collect' | 'throw';
      /** indexes of responses already in the log (a resume with the same answers file): not acted on again */
      skip?: ReadonlySet<number>;
    },
  ) {
    const timed: Entry[] = [];
    let last = 0;
    responses.forEach((response, index) => {
      const at = response.at !== undefined ? parseDuration(response.at)! : undefined;
      if (at !== undefined) last = at;
      timed.push({ at: at ?? last, response, index });
    });
    (options.injects ?? []).forEach((inject, index) => timed.push({ at: parseDuration(inject.at)!, inject, index }));
    // Stable by time; an inject at the same minute as a response comes first: the news arrives, then the team acts.
    this.entries = timed
      .map((e, order) => ({ e, order }))
      .sort(
        (a, b) =>
          (a.e.at ?? 0) - (b.e.at ?? 0) || Number('response' in a.e) - Number('response' in b.e) || a.order - b.order,
      )
      .map(({ e }) => e);
    // Steps a skipped response names are still the script's, never the unlisted policy's.
    this.scriptedSteps = new Set(responses.flatMap((r) => (r.step ? [r.step] : [])));
    if (options.skip?.size) this.entries = this.entries.filter((e) => !('response' in e && options.skip!.has(e.index)));
  }

  async next(view: View): Promise<Move> {
    const queued = this.queue.shift();
    if (queued) return queued;
    this.passOverWithheld(view);
    const entry = this.entries[this.cursor];
    // With unlisted: done|skip the team works the plan in order: steps the
    // script never names, before the step a response acts on, come first.
    if (entry && 'response' in entry && entry.response.step && this.options.unlisted !== 'fail') {
      const earlier = this.unscriptedBefore(entry.response.step, view);
      if (earlier) {
        if (this.options.clock && this.options.start !== undefined && entry.at !== undefined)
          this.options.clock.advanceTo(this.options.start + entry.at);
        return this.unlistedMove(earlier, view);
      }
    }
    if (entry) {
      this.cursor += 1;
      this.current = entry;
      if (this.options.clock && this.options.start !== undefined && entry.at !== undefined)
        this.options.clock.advanceTo(this.options.start + entry.at);
      if ('inject' in entry)
        return {
          type: 'inject',
          message: localize(entry.inject.message, this.options.lang),
          facts: entry.inject.facts,
        };
      return this.toAction(entry.response, view);
    }
    this.current = undefined;
    if (!view.step) return othersOpen(view) ? { type: 'stop', reason: 'exhausted' } : { type: 'end' };
    if (this.options.unlisted === 'fail') return { type: 'stop', reason: 'exhausted' };
    // Only steps the script never names are the policy's to work; a scripted
    // step left open (its response was refused) stays open for the report.
    const { plan, state } = view.session;
    const step = visibleSteps(plan, state, view.as).find((s) => isOpen(state, s.id) && !this.scriptedSteps.has(s.id));
    if (!step) return { type: 'stop', reason: 'exhausted' };
    return this.unlistedMove(step, view);
  }

  /**
   * A branching inject whose `when` does not hold when its time comes never
   * fires: the clock still reaches its time (the facilitator looked then), and
   * `withheld` lists it for the report.
   */
  private passOverWithheld(view: View): void {
    for (let entry = this.entries[this.cursor]; entry && 'inject' in entry; entry = this.entries[this.cursor]) {
      if (this.options.clock && this.options.start !== undefined)
        this.options.clock.advanceTo(this.options.start + entry.at);
      if (injectFires(entry.inject.when, view.session.state)) return;
      this.withheld.push(entry.index);
      this.cursor += 1;
    }
  }

  private unscriptedBefore(target: string, view: View): PlanStep | undefined {
    const { plan, state } = view.session;
    const steps = visibleSteps(plan, state, view.as);
    const index = steps.findIndex((s) => s.id === target);
    return steps
      .slice(0, Math.max(0, index))
      .find((s) => stepState(state, s.id).status === 'open' && !this.scriptedSteps.has(s.id));
  }

  private unlistedMove(step: PlanStep, view: View): Action {
    this.current = undefined;
    if (!this.unscripted.includes(step.id)) this.unscripted.push(step.id);
    if (this.options.unlisted === 'skip')
      return { type: 'skip', step: step.id, reason: msg(this.options.lang, 'unlisted.skip') };
    const cannot = this.liveCannot(step, view);
    if (cannot) return { type: 'skip', step: step.id, reason: cannot };
    return this.completeDefault(step, view);
  }

  refused(action: Action, message: string, _hint?: string, error?: CrisisError): void {
    // A refused draft takes its issue with it: one refusal per response, and nothing issued without its facts.
    this.queue = [];
    const entry = this.current;
    const what = entry
      ? 'inject' in entry
        ? `injects[${entry.index}]`
        : `responses[${entry.index}] (${entry.response.action}${entry.response.step ? ` ${entry.response.step}` : ''})`
      : `unlisted step ${'step' in action ? action.step : ''}`;
    if (this.options.onRefused === 'throw')
      throw new CrisisError(say('error.answers.refused', { what, message: error?.said ?? message }), {
        exitCode: ExitCode.usage,
        hint: say('error.answers.refused.hint'),
      });
    this.refusals.push({ index: entry?.index ?? -1, what, message, ...(error ? { said: error.said } : {}) });
  }

  private toAction(r: Response, view: View): Action {
    const step = r.step ?? '';
    const planStep = view.session.plan.phases.flatMap((p) => p.steps).find((s) => s.id === step);
    switch (r.action) {
      case 'done':
        if (planStep?.statement) return this.issue(planStep, view, r);
        return { type: 'complete', step, inputs: this.typedInputs(planStep?.inputs ?? [], view, r.inputs) };
      case 'skip':
        return { type: 'skip', step, reason: r.reason ?? '' };
      case 'block':
        return { type: 'block', step, reason: r.reason ?? '' };
      case 'note':
        return { type: 'note', step: r.step, text: r.text ?? '' };
      case 'decision':
        return { type: 'decision', step: r.step, decision: r.text ?? '', options: r.options ?? [], decidedBy: r.by };
      case 'approve':
        return { type: 'approve', step, approver: r.by ?? view.session.actor };
      case 'statement':
        return planStep ? this.issue(planStep, view, r) : { type: 'issue', step, channels: {} };
    }
  }

  /**
   * Issue a statement step's text. With `inputs` (a regulator report's sections, a fact the text names) the facts
   * are recorded first, with the text they fill, as a draft: what the statement screen's Fill records.
   */
  private issue(step: PlanStep, view: View, r?: Response): Action {
    const { plan } = view.session;
    const given = this.statementFacts(step, view, r?.inputs);
    // Filled as if the facts were recorded already, so they read as recorded ones do (a choice by its label).
    const state = { ...view.session.state, facts: { ...view.session.state.facts, ...given } };
    // A drill may go on without every fact: its statements say so in placeholder text.
    const stand = state.drill
      ? Object.fromEntries(missingFacts(plan, state, step).map((id) => [id, DRILL_PLACEHOLDER]))
      : {};
    const filled = fillStatement(plan, state, step, this.options.lang, stand, view.clock.zone);
    const channels = Object.fromEntries(
      Object.entries(filled)
        .filter(([channel]) => r?.channel === undefined || channel === r.channel)
        .map(([channel, text]) => [channel, r?.text ?? text]),
    );
    const issue: Action = { type: 'issue', step: step.id, channels };
    if (Object.keys(given).length === 0) return issue;
    this.queue = [issue];
    return { type: 'draft', step: step.id, channels, facts: given };
  }

  /**
   * A response's inputs, each `time` one as typed at this response's time in the session's zone: a bare `11:15` is
   * that time on the day of the drill's virtual clock (or the real one, for an answers file). Any other, and one that
   * does not fit, goes as given, for the session to judge.
   */
  private typedInputs(inputs: readonly Input[], view: View, given: Response['inputs'] | undefined) {
    return Object.fromEntries(
      Object.entries(given ?? {}).map(([id, raw]) => {
        const input = inputs.find((i) => i.id === id && i.type === 'time');
        return [id, (input && coerceInput(input, raw, 'en', this.typing(view)).value) ?? raw];
      }),
    );
  }

  private typing(view: View) {
    return typingTime(view.session.state, view.session.clock.now(), view.clock);
  }

  /** A response's inputs for a statement, each of its fact's type; one that does not fit goes as given, refused. */
  private statementFacts(step: PlanStep, view: View, inputs: Response['inputs'] | undefined): Record<string, Scalar> {
    const accepted = statementStepInputs(view.session.plan, step);
    return Object.fromEntries(
      Object.entries(inputs ?? {}).map(([id, raw]) => {
        const input = accepted.get(id);
        const value = input ? coerceInput(input, raw, 'en', this.typing(view)).value : undefined;
        return [id, value ?? raw];
      }),
    );
  }

  /**
   * In a drill the unlisted policy may invent: placeholder facts, a stand-in
   * approver. In a live session it invents nothing: a step that needs a fact
   * nobody gave, or a statement that is incomplete or has no named approver,
   * is skipped with a reason saying so (visible in status, log and review),
   * never filled with placeholder text or approved by "drill".
   */
  private liveCannot(step: PlanStep, view: View): string | undefined {
    const { plan, state } = view.session;
    if (state.drill !== undefined) return undefined;
    // Recorded in the session's language, as a person running it would type a reason; each fact by its question
    // in the playbook, as the screen asks it (factsNamed).
    const { lang } = this.options;
    if (step.statement) {
      if (step['approve-by'] && !stepState(state, step.id).approvedBy)
        return msg(lang, 'unlisted.needsApproval', {
          role: sanitizeLine(roleTitle(plan.roles, step['approve-by'], lang)),
        });
      const missing = missingFacts(plan, state, step);
      if (missing.length > 0) return msg(lang, 'unlisted.incomplete', { facts: factsNamed(plan, missing, lang) });
      return undefined;
    }
    const missing = (step.inputs ?? []).filter((i) => i.required && !Object.hasOwn(state.facts, i.id)).map((i) => i.id);
    if (missing.length > 0) return msg(lang, 'unlisted.noFacts', { facts: factsNamed(plan, missing, lang) });
    return undefined;
  }

  /** unlisted: done: complete with placeholder inputs; a statement is approved by "drill" first. */
  private completeDefault(step: PlanStep, view: View): Action {
    if (step.statement) {
      if (step['approve-by'] && !stepState(view.session.state, step.id).approvedBy)
        return { type: 'approve', step: step.id, approver: DRILL_APPROVER };
      return this.issue(step, view);
    }
    // A fact an inject or the drill already revealed is kept, not overwritten by a placeholder.
    const facts = view.session.state.facts;
    const inputs = Object.fromEntries(
      (step.inputs ?? [])
        .filter((i) => i.required || Object.hasOwn(facts, i.id))
        .map((i) => [i.id, Object.hasOwn(facts, i.id) ? facts[i.id]! : defaultValue(i)]),
    );
    return { type: 'complete', step: step.id, inputs };
  }
}
