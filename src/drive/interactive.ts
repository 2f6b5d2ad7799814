import { formatOffset, parseDuration } from '../playbook/duration.js';
import type { PlanStep } from '../playbook/compose.js';
import { localize } from '../playbook/text.js';
import type { Input, Scalar } from '../playbook/types.js';
import { renderStepScreen, type ScreenStyle } from '../render/step-screen.js';
import { sanitizeLine, sanitizeText } from '../text/sanitize.js';
import type { Action } from '../session/decide.js';
import type { StoredEvent } from '../session/events.js';
import { coerceInput } from '../session/inputs.js';
import { fillTemplate, isOpen, stepState, visibleSteps } from '../session/progress.js';
import { othersOpen, type Driver, type Move, type View } from './driver.js';
import { PromptInterrupted, type Prompter } from './prompter.js';

type Choice = 'done' | 'issue' | 'skip' | 'block' | 'note' | 'decision' | 'assign' | 'handoff' | 'goto' | 'pause';

/**
 * A person at a terminal: shows the step, asks what happened, and turns the
 * answer into actions. Statement steps queue draft -> approval -> issue so
 * the log shows each as its own event.
 */
export class InteractiveDriver implements Driver {
  private queue: Action[] = [];
  private askedCheckBacks = new Set<string>();

  constructor(
    private readonly prompter: Prompter,
    private readonly print: (line?: string) => void,
    private readonly style: ScreenStyle,
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
    this.print(this.style.dim(`  ✓ recorded #${event.seq} ${event.type}${event.step ? ` ${event.step}` : ''}`));
  }

  refused(_action: Action, message: string, hint?: string): void {
    this.queue = [];
    this.print(this.style.red(`  ✗ not recorded: ${message}`));
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
        const due = formatOffset(st.checkBackAt - state.startedAt);
        const go = await this.prompter.confirm(
          `Check back with ${sanitizeLine(st.assignedTo ?? '?')} on "${title}" (due back ${due}). Go to it now?`,
          true,
        );
        if (go && s.id !== step?.id) return { type: 'focus', step: s.id };
      }
    }

    if (!step && othersOpen(view)) {
      this.print();
      this.print(this.style.bold(`Every ${view.as} step that applies is done; the rest of the plan is the team's.`));
      return { type: 'stop', reason: 'paused' };
    }
    if (!step) {
      this.print();
      this.print(this.style.bold('Every step that applies is done or skipped.'));
      const end = await this.prompter.confirm('End the session now?', true);
      return end ? { type: 'end' } : { type: 'stop', reason: 'paused' };
    }

    this.print();
    for (const line of renderStepScreen(
      plan,
      state,
      step,
      { n: view.position, total: view.total },
      now,
      view.lang,
      this.style,
    ))
      this.print(line);
    const choices: Array<{ value: Choice; name: string }> = [
      step.statement
        ? { value: 'issue', name: 'Review and issue the statement' }
        : { value: 'done', name: step.inputs?.length ? 'Done: record the inputs' : 'Done' },
      { value: 'skip', name: 'Skip (give a reason)' },
      { value: 'block', name: 'Blocked (give a reason; it comes back)' },
      { value: 'note', name: 'Add a note (start with TODO: for a follow-up)' },
      { value: 'decision', name: 'Record a decision' },
      { value: 'assign', name: 'Assign to someone, check back later' },
      { value: 'handoff', name: 'Hand a role over to someone else' },
      { value: 'goto', name: 'Go to another open step' },
      { value: 'pause', name: 'Pause and quit (resume later)' },
    ];
    const choice = await this.prompter.select('What now?', choices, choices[0]!.value);
    switch (choice) {
      case 'done':
        return { type: 'complete', step: step.id, inputs: await this.askInputs(step, view) };
      case 'issue':
        return this.statementFlow(step, view);
      case 'skip':
        return { type: 'skip', step: step.id, reason: await this.required('Why skip it?') };
      case 'block':
        return { type: 'block', step: step.id, reason: await this.required('What blocks it?') };
      case 'note':
        return { type: 'note', step: step.id, text: await this.required('Note:') };
      case 'decision': {
        const decision = await this.required('What was decided?');
        const options = (await this.prompter.input('Options considered (separate with ;)', { default: '' })).split(';');
        const decidedBy = await this.prompter.input('Who decided?', { default: session.actor });
        return { type: 'decision', step: step.id, decision, options, decidedBy };
      }
      case 'assign': {
        const to = await this.required('Assign to (name):');
        const when = await this.prompter.input('Check back in (e.g. 10m, 1h):', {
          default: '10m',
          validate: (v) => (parseDuration(v.replace(/^in\s+/, '').trim()) ? true : 'a duration like 10m or 1h'),
        });
        return { type: 'assign', step: step.id, to, checkBackInMs: parseDuration(when.replace(/^in\s+/, '').trim())! };
      }
      case 'handoff': {
        const role = await this.prompter.select(
          'Which role?',
          plan.roles.map((r) => ({
            value: r.id,
            name:
              sanitizeLine(localize(r.title, view.lang)) +
              (state.roles[r.id] ? ` — ${sanitizeLine(state.roles[r.id]!)}` : ''),
          })),
        );
        return { type: 'handoff', role, to: await this.required('Hand over to (name):') };
      }
      case 'goto': {
        const open = visibleSteps(plan, state, view.as).filter((s) => isOpen(state, s.id) && s.id !== step.id);
        if (open.length === 0) {
          this.print('No other open step.');
          return this.choose(view);
        }
        const target = await this.prompter.select(
          'Go to which step?',
          open.map((s) => ({
            value: s.id,
            name:
              `${sanitizeLine(localize(s.title, view.lang))} (${s.id})` +
              (stepState(state, s.id).status === 'blocked' ? ' [blocked]' : ''),
          })),
        );
        return { type: 'focus', step: target };
      }
      case 'pause':
        return { type: 'stop', reason: 'paused' };
    }
  }

  private async required(message: string): Promise<string> {
    return this.prompter.input(message, { validate: (v) => (v.trim() ? true : 'required') });
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
    const label = `${sanitizeLine(localize(input.label, view.lang))}${input.required ? '' : ' (optional)'}`;
    if (input.type === 'yes-no') return this.prompter.confirm(label, false);
    if (input.type === 'choice') {
      const choices = (input.choices ?? []).map((c) => ({
        value: c.value,
        name: sanitizeLine(localize(c.label, view.lang)),
      }));
      if (!input.required) choices.push({ value: '', name: '(not known yet)' });
      const v = await this.prompter.select(label, choices);
      return v === '' ? undefined : v;
    }
    const hint = input.type === 'date' ? ' (YYYY-MM-DD)' : input.type === 'time' ? ' (YYYY-MM-DD HH:MM)' : '';
    const raw = await this.prompter.input(label + hint, {
      validate: (v) => {
        if (v.trim() === '') return input.required ? 'required' : true;
        return coerceInput(input, v).error ?? true;
      },
    });
    return coerceInput(input, raw).value;
  }

  /** Show each channel filled from the facts, let the operator edit, then draft -> approve -> issue. */
  private async statementFlow(step: PlanStep, view: View): Promise<Move> {
    const { state } = view.session;
    const texts: Record<string, string> = {};
    for (const [channel, template] of Object.entries(step.statement ?? {}))
      texts[channel] = fillTemplate(localize(template, view.lang), state.facts);
    for (;;) {
      for (const [channel, text] of Object.entries(texts)) {
        this.print();
        this.print(this.style.bold(`── ${channel} ──`));
        for (const line of sanitizeText(text).split('\n')) this.print(line);
      }
      const missing = Object.values(texts)
        .join('\n')
        .match(/\[[a-z0-9-]+\]/g);
      if (missing) this.print(this.style.yellow(`facts not recorded yet: ${[...new Set(missing)].join(', ')}`));
      const choice = await this.prompter.select('Statement', [
        { value: 'accept', name: 'Accept all channels' },
        ...Object.keys(texts).map((c) => ({ value: `edit:${c}`, name: `Edit ${c} in $EDITOR` })),
        { value: 'back', name: 'Back' },
      ]);
      if (choice === 'back') return this.choose(view);
      if (choice.startsWith('edit:')) {
        const channel = choice.slice(5);
        texts[channel] = await this.prompter.editor(`Edit ${channel}`, texts[channel]!);
        continue;
      }
      break;
    }
    const actions: Action[] = [{ type: 'draft', step: step.id, channels: texts }];
    const approverRole = step['approve-by'];
    if (approverRole && !stepState(state, step.id).approvedBy) {
      const holder = state.roles[approverRole];
      const ok = await this.prompter.confirm(
        `Has ${approverRole}${holder ? ` (${sanitizeLine(holder)})` : ''} approved this statement?`,
        false,
      );
      if (!ok) {
        this.print(this.style.yellow('Recorded as a draft; issue it once it is approved.'));
        return actions[0]!;
      }
      const approver = await this.prompter.input('Approved by (name):', {
        default: holder,
        validate: (v) => (v.trim() ? true : 'required'),
      });
      actions.push({ type: 'approve', step: step.id, approver });
    }
    actions.push({ type: 'issue', step: step.id, channels: texts });
    this.queue = actions.slice(1);
    return actions[0]!;
  }
}
