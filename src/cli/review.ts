import { LiveSession } from '../drive/live-session.js';
import type { Prompter } from '../drive/prompter.js';
import { PromptInterrupted } from '../drive/prompter.js';
import { compose, planSteps, type Plan } from '../playbook/compose.js';
import { localize } from '../playbook/text.js';
import type { Scalar } from '../playbook/types.js';
import { buildReview } from '../render/review-data.js';
import { renderReviewHtml } from '../render/review-html.js';
import { renderReviewMarkdown } from '../render/review-md.js';
import { sanitizeLine, sanitizeText } from '../text/sanitize.js';
import { checkExpectations } from '../session/expectations.js';
import { coerceInput } from '../session/inputs.js';
import { replayContext } from '../session/progress.js';
import { replay } from '../session/replay.js';
import type { StoredEvent } from '../session/events.js';
import { acquireLock, FileEventLog } from '../store/file-log.js';
import { FileStore } from '../store/file-store.js';
import type { Ctx } from './context.js';
import { openLibrary, requirePlan } from './library.js';
import { loadSession } from './load-session.js';
import { isStdout, writeOutput } from './output.js';

export interface ReviewOptions {
  format: 'md' | 'html';
  output?: string;
  interactive?: boolean;
}

export async function run(ctx: Ctx, ref: string, options: ReviewOptions): Promise<number> {
  const loaded = loadSession(ctx, ref);
  const { first, paths, id } = loaded;
  let { log } = loaded;
  const library = await openLibrary(ctx);
  const plan = requirePlan(ctx, library, first.data.crisis, { severity: first.data.severity, with: first.data.with });
  const reviewPlan = plan.review ? compose(library, plan.review).plan : undefined;
  const canAsk = ctx.deps.prompter !== undefined || (ctx.deps.stdin.isTTY === true && ctx.deps.stdout.isTTY === true);
  if (options.interactive !== false && canAsk && reviewPlan && !log.break) {
    await walkReview(ctx, paths, id, plan, reviewPlan, log.events);
    ({ log } = loadSession(ctx, ref));
  }
  const state = replay(log.events, replayContext(plan));
  const drillEntry = state.drill ? library.getDrill(state.drill.id) : undefined;
  const drillResults = drillEntry ? checkExpectations(plan, state, drillEntry.data.expect, state.lastAt) : undefined;
  const data = buildReview(plan, state, log.events, { lang: ctx.lang, reviewPlan, drillResults });
  const text = options.format === 'html' ? renderReviewHtml(data, ctx.lang) : renderReviewMarkdown(data);
  if (options.output === undefined || isStdout(options.output)) {
    ctx.deps.stdout.write(text);
    return 0;
  }
  writeOutput(ctx, options.output, text, { code: 'review.write' });
  ctx.err(`wrote ${options.output}`);
  return 0;
}

/** Walk the post-crisis review playbook and record each answer in the session's own log. */
async function walkReview(
  ctx: Ctx,
  paths: Parameters<typeof FileEventLog.open>[0],
  id: string,
  plan: Plan,
  reviewPlan: Plan,
  events: readonly StoredEvent[],
): Promise<void> {
  const prompter: Prompter =
    ctx.deps.prompter ??
    (await import('../drive/inquirer-prompter.js')).inquirerPrompter({
      input: ctx.deps.stdin,
      output: ctx.deps.stdout,
    });
  const state = replay(events, replayContext(plan));
  const pending = planSteps(reviewPlan).filter((s) => !state.review[s.id]);
  if (pending.length === 0) return;
  try {
    const go = await prompter.confirm(
      `Walk the post-crisis review now? ${pending.length} item(s) open; answers are recorded in the session log`,
      Object.keys(state.review).length === 0,
    );
    if (!go) return;
  } catch (error) {
    if (error instanceof PromptInterrupted) return;
    throw error;
  }
  const owner = { pid: ctx.deps.pid, host: ctx.deps.hostname };
  acquireLock(paths.lock, id, owner, ctx.deps.now());
  const last = events[events.length - 1]!;
  const log = new FileStore(FileEventLog.open(paths, id, owner, { seq: last.seq, hash: last.hash }));
  const session = new LiveSession(plan, log, { now: () => ctx.deps.now() }, state.operator, events);
  try {
    for (const step of pending) {
      ctx.out();
      ctx.out(sanitizeLine(localize(step.title, ctx.lang)) + ` (${step.id})`);
      if (step.guidance) ctx.out(sanitizeText(localize(step.guidance, ctx.lang)));
      const choice = await prompter.select('Review item', [
        { value: 'record', name: 'Record' },
        { value: 'later', name: 'Later' },
        { value: 'stop', name: 'Stop the review walk' },
      ]);
      if (choice === 'stop') break;
      if (choice === 'later') continue;
      const facts: Record<string, Scalar> = {};
      for (const input of step.inputs ?? []) {
        const raw = await prompter.input(
          sanitizeLine(localize(input.label, ctx.lang)) + (input.type === 'date' ? ' (YYYY-MM-DD)' : ''),
          { validate: (v) => (v.trim() === '' ? true : (coerceInput(input, v).error ?? true)) },
        );
        const { value } = coerceInput(input, raw);
        if (value !== undefined) facts[input.id] = value;
      }
      if (Object.keys(facts).length === 0) facts.done = true;
      await session.act({ type: 'review', step: step.id, inputs: facts });
      ctx.out('  ✓ recorded');
    }
  } catch (error) {
    if (!(error instanceof PromptInterrupted)) throw error;
  } finally {
    await log.close();
  }
}
