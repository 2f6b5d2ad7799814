import { screenTime } from '../playbook/dates.js';
import { parseDuration } from '../playbook/duration.js';
import type { PlanStep } from '../playbook/compose.js';
import { localize, roleTitle } from '../playbook/text.js';
import type { Input, Lang, Scalar } from '../playbook/types.js';
import { renderStepScreen, type ScreenStyle } from '../render/step-screen.js';
import { sanitizeLine, sanitizeText } from '../text/sanitize.js';
import type { Action } from '../session/decide.js';
import type { StoredEvent } from '../session/events.js';
import { coerceInput } from '../session/inputs.js';
import { DEFAULT_BLOCKED_RETURN, typingTime, visibleSteps, type BlockedReturn } from '../session/progress.js';
import { isOpen, stepState } from '../session/replay.js';
import {
  DRILL_PLACEHOLDER,
  draftFindings,
  factsNamed,
  fillStatement,
  incompleteParts,
  nextUpdateDefault,
  openLegalChecks,
  statementInputs,
} from '../session/statement.js';
import { messagesFor, msg, sayIn } from '../text/messages.js';
import { channelWord, eventTypeWords } from '../render/state-words.js';
import { typedInputLabel } from './input-hint.js';
import { othersOpen, type Driver, type Move, type View } from './driver.js';
import { PromptBack, PromptInterrupted, type Prompter } from './prompter.js';
import { own } from '../text/own.js';

type Choice =
  'done' | 'issue' | 'skip' | 'block' | 'note' | 'decision' | 'assign' | 'handoff' | 'goto' | 'undo' | 'pause';

/** The "back" entry of a sub-menu: the same as Esc. */
const BACK = ':back';

/**
 * The step the last undoable action closed: the most recent done, skipped or
 * blocked step. An issued statement is out in the world and cannot be undone.
 */
export function lastClosed(state: View['session']['state']): string | undefined {
  let best: { id: string; seq: number } | undefined;
  for (const [id, st] of Object.entries(state.steps)) {
    if (st.status === 'open' || st.issued || st.seq === undefined) continue;
    if (!best || st.seq > best.seq) best = { id, seq: st.seq };
  }
  return best?.id;
}

/**
 * A person at a terminal: shows the step, asks what happened, and turns the
 * answer into actions. Statement steps queue draft -> approval -> issue so
 * the log shows each as its own event.
 */
export class InteractiveDriver implements Driver {
  private queue: Action[] = [];
  /** the language of the last view, for callbacks that get no view */
  private lang: Lang = 'en';
  /** the step whose questions are open, and what was typed before an Esc, per step and question */
  private step = '';
  private drafts = new Map<string, string>();
  /**
   * Questions answered for the action not yet recorded: their answers wait as drafts while it may still be
   * refused (to be corrected, not typed again), and are dropped once it is recorded (a second note starts empty).
   */
  private answered: string[] = [];
  private statementDrafts = new Map<string, { typed: Record<string, Scalar>; edited: Record<string, string> }>();
  private askedCheckBacks = new Set<string>();
  /** the step a note or a decision was just given for: it is shown again briefly, its guidance still above */
  private noted = '';
  /** a blocked step comes back after a few steps or near its due time (CRISIS_BLOCKED_AFTER sets the steps) */
  blockedReturn: BlockedReturn = DEFAULT_BLOCKED_RETURN;

  constructor(
    private readonly prompter: Prompter,
    private readonly print: (line?: string) => void,
    private readonly style: ScreenStyle,
    /** the terminal's width when the screen is one (the step screen's owner and due lines fit it) */
    private readonly columns: () => number | undefined = () => undefined,
  ) {}

  async next(view: View): Promise<Move> {
    try {
      return await this.choose(view);
    } catch (error) {
      if (error instanceof PromptInterrupted) return { type: 'stop', reason: 'paused' };
      throw error;
    }
  }

  recorded(event: StoredEvent): void {
    for (const key of this.answered) this.drafts.delete(key);
    this.answered = [];
    const t = messagesFor(this.lang);
    this.print(
      this.style.dim(
        `  ${
          event.step
            ? t('screen.recordedStep', { seq: event.seq, type: eventTypeWords(event.type, t), step: event.step })
            : t('screen.recorded', { seq: event.seq, type: eventTypeWords(event.type, t) })
        }`,
      ),
    );
  }

  refused(_action: Action, message: string, hint?: string): void {
    this.queue = [];
    this.print(this.style.red(`  ${msg(this.lang, 'screen.notRecorded', { message })}`));
    if (hint) this.print(`    ${hint}`);
  }

  announce(message: string): void {
    this.print(this.style.red(`⚠ ${message}`));
  }

  private async choose(view: View): Promise<Move> {
    const queued = this.queue.shift();
    if (queued) return queued;
    const { session, step } = view;
    const { plan, state } = session;
    const now = session.clock.now();
    const t = messagesFor(view.lang);
    this.lang = view.lang;

    for (const s of visibleSteps(plan, state)) {
      const st = stepState(state, s.id);
      const key = `${s.id}@${st.checkBackAt}`;
      if (
        st.checkBackAt !== undefined &&
        st.checkBackAt <= now &&
        isOpen(state, s.id) &&
        !this.askedCheckBacks.has(key)
      ) {
        this.askedCheckBacks.add(key);
        const title = sanitizeLine(localize(s.title, view.lang));
        const due = screenTime(st.checkBackAt, view.lang, view.clock);
        const go = await this.prompter.confirm(
          t('ask.checkBack', { name: sanitizeLine(st.assignedTo ?? '?'), title, at: due }),
          true,
        );
        if (go && s.id !== step?.id) return { type: 'focus', step: s.id };
      }
    }

    if (!step && othersOpen(view)) {
      this.print();
      this.print(this.style.bold(t('end.yoursDone', { role: view.as ?? '' })));
      return { type: 'stop', reason: 'paused' };
    }
    if (!step) {
      this.print();
      this.print(this.style.bold(t('end.allDone')));
      const end = await this.prompter.confirm(t('end.confirm'), true);
      return end ? { type: 'end' } : { type: 'stop', reason: 'paused' };
    }

    this.print();
    const brief = this.noted === step.id;
    this.noted = '';
    for (const line of renderStepScreen(plan, state, step, view.counter, now, view.lang, this.style, view.clock, {
      brief,
      columns: this.columns(),
    }))
      this.print(line);
    const choices: Array<{ value: Choice; name: string }> = [
      step.statement
        ? { value: 'issue', name: t('menu.issue') }
        : { value: 'done', name: step.inputs?.length ? t('menu.doneInputs') : t('menu.done') },
      { value: 'skip', name: t('menu.skip') },
      { value: 'block', name: t('menu.block') },
      { value: 'note', name: t('menu.note') },
      { value: 'decision', name: t('menu.decision') },
      { value: 'assign', name: t('menu.assign') },
      { value: 'handoff', name: t('menu.handoff') },
      { value: 'goto', name: t('menu.goto') },
      ...(lastClosed(state) ? [{ value: 'undo' as const, name: t('menu.undo') }] : []),
      { value: 'pause', name: t('menu.pause') },
    ];
    for (;;) {
      let choice: Choice;
      try {
        choice = await this.prompter.select(t('screen.whatNow'), choices, choices[0]!.value);
      } catch (error) {
        // Esc on the step menu itself: there is nothing before it to go back to; the menu is asked again.
        if (error instanceof PromptBack) continue;
        throw error;
      }
      try {
        const move = await this.act(choice, step, view);
        if (move.type === 'note' || move.type === 'decision') this.noted = step.id;
        return move;
      } catch (error) {
        // Esc in any question after the menu: back to the menu, what was typed kept as a draft.
        if (!(error instanceof PromptBack)) throw error;
        this.print(this.style.dim(`  ${t('menu.back')}`));
      }
    }
  }

  private async act(choice: Choice, step: PlanStep, view: View): Promise<Move> {
    const { session } = view;
    const { plan, state } = session;
    const t = messagesFor(view.lang);
    this.step = step.id;
    switch (choice) {
      case 'done': {
        const phase = plan.phases.find((p) => p.id === step.phase);
        // One Enter marks a step done, and undo takes it back; only a pause point asks first.
        if (!step.inputs?.length && phase?.mode === 'do-confirm') {
          const pause = phase['pause-point'] ? sanitizeLine(localize(phase['pause-point'], view.lang)) : '';
          const title = sanitizeLine(localize(step.title, view.lang));
          if (!(await this.prompter.confirm(`${pause ? `${pause} ` : ''}${t('ask.confirmDone', { title })}`, true)))
            throw new PromptBack();
        }
        return { type: 'complete', step: step.id, inputs: await this.askInputs(step, view) };
      }
      case 'undo': {
        const last = lastClosed(state);
        if (!last) throw new PromptBack();
        const reason = await this.required(t('ask.undoWhy', { title: this.stepTitle(plan, last, view.lang) }));
        return { type: 'reopen', step: last, reason };
      }
      case 'issue':
        return this.statementFlow(step, view);
      case 'skip':
        return { type: 'skip', step: step.id, reason: await this.required(t('ask.skipWhy')) };
      case 'block':
        return { type: 'block', step: step.id, reason: await this.required(t('ask.blockWhy')) };
      case 'note':
        return { type: 'note', step: step.id, text: await this.required(t('ask.note')) };
      case 'decision': {
        const decision = await this.required(t('ask.decision'));
        // A Chinese keyboard types the full-width ；: it separates options as ; does.
        const options = (await this.ask(t('ask.options'), { default: '' }))
          .split(/[;；]/)
          .map((o) => o.trim())
          .filter(Boolean);
        const decidedBy = await this.ask(t('ask.decidedBy'), { default: session.actor });
        return { type: 'decision', step: step.id, decision, options, decidedBy };
      }
      case 'assign': {
        const to = await this.required(t('ask.assignTo'));
        const when = await this.ask(t('ask.checkBackIn'), {
          default: '10m',
          validate: (v) => (parseDuration(v.replace(/^in\s+/, '').trim()) ? true : t('ask.durationInvalid')),
        });
        return { type: 'assign', step: step.id, to, checkBackInMs: parseDuration(when.replace(/^in\s+/, '').trim())! };
      }
      case 'handoff': {
        // The holdings this list shows, taken now (replay updates the state in place): if someone hands the
        // chosen role over meanwhile, this handoff is refused rather than silently replacing theirs.
        const sight = new Map(plan.roles.map((r) => [r.id, own(state.heldSince, r.id)?.seq ?? 0]));
        const role = await this.prompter.select(
          t('ask.whichRole'),
          plan.roles
            .map((r) => ({
              value: r.id,
              name:
                sanitizeLine(localize(r.title, view.lang)) +
                (own(state.roles, r.id) ? ` — ${sanitizeLine(own(state.roles, r.id)!)}` : ''),
            }))
            .concat({ value: BACK, name: t('menu.back') }),
        );
        if (role === BACK) throw new PromptBack();
        return { type: 'handoff', role, to: await this.required(t('ask.handTo')), replaces: sight.get(role) ?? 0 };
      }
      case 'goto': {
        const open = visibleSteps(plan, state, view.as).filter((s) => isOpen(state, s.id) && s.id !== step.id);
        if (open.length === 0) {
          this.print(t('ask.noOtherOpen'));
          throw new PromptBack();
        }
        const target = await this.prompter.select(
          t('ask.gotoWhich'),
          open
            .map((s) => ({
              value: s.id,
              name:
                `${sanitizeLine(localize(s.title, view.lang))}${t('common.aside', { text: s.id })}` +
                (stepState(state, s.id).status === 'blocked' ? ` ${t('ask.blockedMark')}` : ''),
            }))
            .concat({ value: BACK, name: t('menu.back') }),
        );
        if (target === BACK) throw new PromptBack();
        return { type: 'focus', step: target };
      }
      case 'pause':
        return { type: 'stop', reason: 'paused' };
    }
  }

  private async required(message: string): Promise<string> {
    const required = msg(this.lang, 'screen.required');
    return this.ask(message, { validate: (v) => (v.trim() ? true : required) });
  }

  /**
   * One line of input. Esc (PromptBack) or a withdrawn prompt keeps what was
   * typed as a draft for this step and question; the next time the question
   * is asked it is on the line again, editable. An answer waits the same way
   * until its action is recorded (a refused one is asked again with it).
   */
  private async ask(
    message: string,
    options: { default?: string; validate?: (value: string) => true | string } = {},
  ): Promise<string> {
    const key = `${this.step}\u0000${message}`;
    const draft = this.drafts.get(key);
    try {
      const value = await this.prompter.input(message, draft ? { ...options, draft } : options);
      this.drafts.set(key, value);
      this.answered.push(key);
      return value;
    } catch (error) {
      // Esc, or (team mode) the prompt withdrawn because someone else acted: the text waits on the line.
      if ((error instanceof PromptBack || error instanceof PromptInterrupted) && error.typed)
        this.drafts.set(key, error.typed);
      throw error;
    }
  }

  private stepTitle(plan: View['session']['plan'], id: string, lang: Lang): string {
    const s = plan.phases.flatMap((p) => p.steps).find((x) => x.id === id);
    return s ? sanitizeLine(localize(s.title, lang)) : id;
  }

  private async askInputs(step: PlanStep, view: View): Promise<Record<string, Scalar>> {
    const values: Record<string, Scalar> = {};
    for (const input of step.inputs ?? []) {
      const value = await this.askInput(input, view);
      if (value !== undefined) values[input.id] = value;
    }
    return values;
  }

  private async askInput(input: Input, view: View): Promise<Scalar | undefined> {
    const t = messagesFor(view.lang);
    const label = optionalLabel(sanitizeLine(localize(input.label, view.lang)), input.required === true, view.lang);
    // Enter takes the playbook's default, the answer that is safe when unsure (lint checks it fits); else no.
    if (input.type === 'yes-no')
      return this.prompter.confirm(label, typeof input.default === 'boolean' && input.default);
    if (input.type === 'choice') {
      const choices = (input.choices ?? []).map((c) => ({
        value: c.value,
        name: sanitizeLine(localize(c.label, view.lang)),
      }));
      const start = choices.find((c) => c.value === input.default)?.value;
      if (!input.required) choices.push({ value: '', name: t('screen.notKnownYet') });
      const v = await this.prompter.select(label, choices, start);
      return v === '' ? undefined : v;
    }
    // A bare HH:MM is today in the zone this screen shows times in, as of when it is typed.
    const typed = () => typingTime(view.session.state, view.session.clock.now(), view.clock, true);
    const offered = nextUpdateDefault(view.session.plan, input, view.session.clock.now(), view.clock.zone);
    const raw = await this.ask(typedInputLabel(label, input.type, view.lang), {
      ...(offered ? { default: offered } : {}),
      validate: (v) => {
        if (v.trim() === '') return input.required ? t('screen.required') : true;
        // The question is on the line above: the refusal says what is wrong, not the input's id again
        // (`expected a number, got "lots"`, not `customers-affected: expected …`).
        const { problem } = coerceInput(input, v, view.lang, typed());
        return problem ? sayIn(view.lang, problem) : true;
      },
    });
    const { value, assumed } = coerceInput(input, raw, 'en', typed());
    // A local time read in this machine's zone (the session has none): which zone, under the answer.
    if (assumed) this.print(this.style.dim(`  ${sanitizeLine(sayIn(view.lang, assumed))}`));
    return value;
  }

  /**
   * Show each channel filled from the facts and the current role holders.
   * Nothing incomplete goes out: with a hole unfilled the operator fills the
   * facts here, edits the text, or overrides with a reason (logged as its own
   * decision). Then draft -> approve -> issue, each its own event.
   */
  private async statementFlow(step: PlanStep, view: View): Promise<Move> {
    const { plan, state } = view.session;
    const t = messagesFor(view.lang);
    const drill = state.drill !== undefined;
    // Facts typed and texts edited here survive Esc/Back: the statement is a draft until it goes out.
    const draft = this.statementDrafts.get(step.id) ?? { typed: {}, edited: {} };
    this.statementDrafts.set(step.id, draft);
    const { typed, edited } = draft;
    let override: string | undefined;
    let texts: Record<string, string>;
    let missing: string[];
    for (;;) {
      texts = { ...fillStatement(plan, state, step, view.lang, typed, view.clock.zone), ...edited };
      for (const [channel, text] of Object.entries(texts)) {
        this.print();
        this.print(this.style.bold(t('statement.heading', { channel: channelName(channel, view.lang) })));
        for (const line of sanitizeText(text).split('\n')) this.print(line);
      }
      missing = incompleteParts(step, texts, { drill });
      // Each by its label, as Fill asks for it; the text above shows the holes as [id].
      if (missing.length > 0)
        this.print(this.style.yellow(t('statement.missing', { facts: factsNamed(plan, missing, view.lang) })));
      // What a communications lead would query before it goes out; holes are already listed just above.
      for (const f of draftFindings(state, step, texts, view.lang))
        if (f.code !== 'statement.unfilled')
          this.print(
            this.style.yellow(
              t('statement.warning', {
                channel: channelName(f.channel, view.lang),
                message: sanitizeLine(sayIn(view.lang, f.said)),
              }),
            ),
          );
      const fillable = missing.filter((id) => id !== DRILL_PLACEHOLDER);
      const choice = await this.prompter.select(t('statement.menu'), [
        ...(missing.length === 0 ? [{ value: 'accept', name: t('statement.accept') }] : []),
        ...(fillable.length > 0 ? [{ value: 'fill', name: t('statement.fill') }] : []),
        ...Object.keys(texts).map((c) => ({
          value: `edit:${c}`,
          name: t('statement.edit', { channel: channelName(c, view.lang) }),
        })),
        ...(missing.length > 0 ? [{ value: 'override', name: t('statement.override') }] : []),
        { value: 'back', name: t('menu.back') },
      ]);
      if (choice === 'back') throw new PromptBack();
      if (choice === 'fill') {
        const inputs = statementInputs(plan);
        for (const id of fillable) {
          const input = inputs.get(id);
          const value = input
            ? await this.askInput({ ...input, required: true }, view)
            : await this.required(t('statement.factAsk', { fact: id }));
          if (value !== undefined && value !== '') typed[id] = value;
        }
        continue;
      }
      if (choice.startsWith('edit:')) {
        const channel = choice.slice(5);
        try {
          edited[channel] = await this.prompter.editor(
            t('statement.editTitle', { channel: channelName(channel, view.lang) }),
            texts[channel]!,
          );
        } catch (error) {
          // Withdrawn (team mode) while the editor was open: the text written there waits in the draft.
          if (error instanceof PromptInterrupted && error.typed && error.typed !== texts[channel])
            edited[channel] = error.typed;
          throw error;
        }
        continue;
      }
      if (choice === 'override') override = await this.required(t('statement.overrideWhy'));
      break;
    }
    const legal = await this.legalCheck(step, view);
    if (legal.type === 'focus') return legal;
    const inputs = statementInputs(plan);
    const facts = Object.fromEntries(Object.entries(typed).filter(([id]) => inputs.has(id)));
    const actions: Action[] = [];
    if (legal.type === 'decision') actions.push(legal);
    if (override)
      actions.push({
        type: 'decision',
        step: step.id,
        decision: t('statement.overrideDecision', {
          step: step.id,
          facts: factsNamed(plan, missing, view.lang),
          reason: override,
        }),
        options: [],
        decidedBy: view.session.actor,
      });
    actions.push({ type: 'draft', step: step.id, channels: texts, ...(Object.keys(facts).length ? { facts } : {}) });
    const approverRole = step['approve-by'];
    if (approverRole && !stepState(state, step.id).approvedBy) {
      const holder = own(state.roles, approverRole);
      const roleName = sanitizeLine(roleTitle(plan.roles, approverRole, view.lang));
      const ok = await this.prompter.confirm(
        holder
          ? t('statement.approvedHolder', { role: roleName, holder: sanitizeLine(holder) })
          : t('statement.approved', { role: roleName }),
        false,
      );
      if (!ok) {
        this.print(this.style.yellow(t('statement.draftOnly')));
        this.queue = actions.slice(1);
        return actions[0]!;
      }
      const approver = await this.prompter.input(t('statement.approvedByName'), {
        default: holder,
        validate: (v) => (v.trim() ? true : t('screen.required')),
      });
      actions.push({ type: 'approve', step: step.id, approver });
    }
    actions.push({ type: 'issue', step: step.id, channels: texts, ...(override ? { override } : {}) });
    this.queue = actions.slice(1);
    return actions[0]!;
  }

  /**
   * Before a statement goes out while a legal check that comes before it is
   * not done: one line naming the check, then go to it (the draft waits), go
   * ahead with a reason (a decision in the log), or back. Nothing to ask
   * when every legal check before it is done.
   */
  private async legalCheck(step: PlanStep, view: View): Promise<Action | { type: 'clear' }> {
    const { plan, state } = view.session;
    const open = openLegalChecks(plan, state, step.id);
    if (open.length === 0) return { type: 'clear' };
    const t = messagesFor(view.lang);
    for (const check of open) {
      const status = stepState(state, check.id).status;
      const line = t('statement.legalOpen', {
        title: sanitizeLine(localize(check.title, view.lang)),
        step: check.id,
        state: t(`statement.legalState.${status === 'done' ? 'open' : status}`),
      });
      this.print(this.style.yellow(`⚠ ${line}`));
    }
    // A skipped check cannot be gone to (undo reopens it); an open or blocked one can.
    const reachable = open.find((s) => isOpen(state, s.id));
    const choice = await this.prompter.select(t('statement.legalMenu'), [
      ...(reachable ? [{ value: 'goto', name: t('statement.legalGoto') }] : []),
      { value: 'anyway', name: t('statement.legalAnyway') },
      { value: 'back', name: t('menu.back') },
    ]);
    if (choice === 'back') throw new PromptBack();
    if (choice === 'goto' && reachable) return { type: 'focus', step: reachable.id };
    const reason = await this.required(t('statement.legalWhy'));
    return {
      type: 'decision',
      step: step.id,
      decision: t('statement.legalDecision', { step: step.id, legal: open.map((s) => s.id).join(', '), reason }),
      options: [],
      decidedBy: view.session.actor,
    };
  }
}

/** A statement channel as the operator reads it (render/state-words.ts `channelWord`), safe on the screen. */
export const channelName = (channel: string, lang: Lang): string =>
  sanitizeLine(channelWord(channel, messagesFor(lang)));

/**
 * "(optional)" after a label, unless the label already says it is
 * conditional ("Security lead (if needed)"): two asides read as a stutter.
 */
export function optionalLabel(label: string, required: boolean, lang: Lang): string {
  if (required || /[(（][^)）]*[)）]\s*$/.test(label)) return label;
  return msg(lang, 'screen.optionalLabel', { label });
}
