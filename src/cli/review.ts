import { loadLanguage, msg, sayIn } from '../text/messages.js';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { CrisisError, ExitCode, say } from '../errors.js';
import { LiveSession } from '../drive/live-session.js';
import type { Prompter } from '../drive/prompter.js';
import { PromptInterrupted } from '../drive/prompter.js';
import { typedInputLabel } from '../drive/input-hint.js';
import { compose, planSteps, type Plan } from '../playbook/compose.js';
import type { Library } from '../playbook/library.js';
import { localize } from '../playbook/text.js';
import type { Drill } from '../playbook/types.js';
import type { Scalar } from '../playbook/types.js';
import { buildReview } from '../render/review-data.js';
import { renderReviewHtml } from '../render/review-html.js';
import { renderReviewMarkdown } from '../render/review-md.js';
import { sanitizeLine, sanitizeText } from '../text/sanitize.js';
import { checkExpectations } from '../session/expectations.js';
import { sessionLang } from '../session/judgement.js';
import { coerceInput } from '../session/inputs.js';
import { replayContext, typingTime } from '../session/progress.js';
import { replay } from '../session/replay.js';
import type { StoredEvent } from '../session/events.js';
import { acquireLock, tookOverNotice, FileEventLog, releaseLock } from '../store/file-log.js';
import { FileStore } from '../store/file-store.js';
import type { EventStore } from '../session/event-store.js';
import { readFiles } from '../store/library-files.js';
import { readLog } from '../store/log-reader.js';
import { machineZone, machineZoneLater, type Ctx } from './context.js';
import { sessionClock, sessionClockLater } from '../playbook/profile.js';
import { openLibrary, requirePlan } from './library.js';
import { loadSession, warnDamaged } from './load-session.js';
import { reconcileStatementFiles, reportStatementRepairs } from './statement-files.js';
import { warnPlanChanged } from './plan-change.js';
import { isStdout, planFiles, refuseOwnFiles, writeOutput } from './output.js';
import { own } from '../text/own.js';
import { SESSION_ID_PATTERN } from '../session/ids.js';
import { commandLine, shellWord, storeCommands, verifyCommand } from './invoked.js';

export interface ReviewOptions {
  format: 'md' | 'html';
  output?: string;
  interactive?: boolean;
  /** who records the walk's answers */
  operator?: string;
}

export async function run(ctx: Ctx, ref: string, options: ReviewOptions): Promise<number> {
  // Any log file too (a copy attached to a ticket): reported, never walked (the walk writes to the session).
  const loaded = await loadSession(ctx, ref, { anyFile: true });
  const { first, paths, id } = loaded;
  let { log } = loaded;
  const library = await openLibrary(ctx);
  const plan = await requirePlan(ctx, library, first.data.crisis, {
    severity: first.data.severity,
    with: first.data.with,
    jurisdictions: first.data.jurisdictions,
  });
  const reviewPlan = plan.review ? compose(library, plan.review).plan : undefined;
  // Before the walk appends anything: -o must not name the log reviewed, a playbook read or a session file.
  const inputs = [paths.log, ...planFiles(library, plan)];
  if (options.output !== undefined) refuseOwnFiles(ctx, '-o', options.output, inputs);
  const canAsk = ctx.deps.prompter !== undefined || (ctx.deps.stdin.isTTY === true && ctx.deps.stdout.isTTY === true);
  // The walk appends to the session itself: the locked file log, or the team store (not the read-only copy).
  const copy = !SESSION_ID_PATTERN.test(id);
  if (options.interactive !== false && canAsk && reviewPlan && !log.break && !copy) {
    // Ctrl-C stops the walk and the command: what was answered is in the log, no report is printed.
    if ((await walkReview(ctx, paths, id, plan, reviewPlan, log.events, options.operator)) === 'interrupted') {
      ctx.err(commandLine(ctx, 'reviewWalk.interrupted', `review ${id}`));
      return ExitCode.interrupted;
    }
    ({ log } = await loadSession(ctx, ref, { anyFile: true }));
  }
  const exit = warnDamaged(ctx, id, log) ? ExitCode.problems : ExitCode.ok;
  const state = replay(log.events, replayContext(plan));
  if (!paths.external && !existsSync(paths.lock))
    reportStatementRepairs(ctx, reconcileStatementFiles(paths, plan, state.issued));
  const drill = state.drill ? await recordedDrill(library, state.drill) : undefined;
  // The drill's own words (an unlisted step's skip reason) are recognised in the language it ran in.
  if (drill) await loadLanguage(sessionLang(state));
  const drillResults = drill ? checkExpectations(plan, state, drill.expect, state.lastAt) : undefined;
  // The session's times in its zone, as its step screen showed them (the organisation's, else this machine's).
  const clock = sessionClock(state.facts, machineZone(ctx.deps.env));
  const data = buildReview(plan, state, log.events, { lang: ctx.lang, reviewPlan, drillResults, clock });
  // The report carries the warning itself; stderr has it for whoever runs the command, as resume says it.
  warnPlanChanged(ctx, plan, data.planChange);
  // Typed again later, it checks the same log: in the same store, or the same file when a file was named.
  const verify = sanitizeLine(verifyCommand(ctx.deps.env, paths.external ? shellWord(paths.log) : id, ctx.store));
  const text =
    options.format === 'html' ? renderReviewHtml(data, ctx.lang) : renderReviewMarkdown(data, ctx.lang, verify);
  if (options.output === undefined || isStdout(options.output)) {
    ctx.deps.stdout.write(text);
    return exit;
  }
  const drillFile = [state.drill?.file, state.drill && library.getDrill(state.drill.id)?.file].filter(
    (f): f is string => typeof f === 'string' && f !== '',
  );
  writeOutput(ctx, options.output, text, { code: 'review.write', flag: '-o', inputs: [...inputs, ...drillFile] });
  return exit;
}

/**
 * The drill a session ran: the file recorded in its log when that is an
 * absolute path that still holds a valid drill of the same id (a drill run
 * from outside the search path), else the library's drill with that id.
 */
async function recordedDrill(library: Library, drill: { id: string; file?: string }): Promise<Drill | undefined> {
  if (drill.file !== undefined && path.isAbsolute(drill.file)) {
    const [found] = await readFiles([{ path: drill.file, file: drill.file, source: '(recorded)' }]);
    const data = found?.parsed.data;
    if (found?.parsed.problems.length === 0 && data?.kind === 'drill' && data.id === drill.id) return data;
  }
  return library.getDrill(drill.id)?.data;
}

/** Walk the post-crisis review playbook and record each answer in the session's own log. */
async function walkReview(
  ctx: Ctx,
  paths: Parameters<typeof FileEventLog.open>[0],
  id: string,
  plan: Plan,
  reviewPlan: Plan,
  events: readonly StoredEvent[],
  operator: string | undefined,
): Promise<'walked' | 'interrupted'> {
  // The walk's lines are wrapped at the terminal's width, between words, and each question waits for them.
  const { wrappedOut, settledPrompter, settled } = await import('./wrapped-out.js');
  const out = await wrappedOut(ctx);
  const prompter: Prompter = settledPrompter(
    ctx,
    ctx.deps.prompter ??
      (await import('../drive/inquirer-prompter.js')).inquirerPrompter({
        input: ctx.deps.stdin,
        output: ctx.deps.stdout,
        lang: ctx.lang,
      }),
  );
  const state = replay(events, replayContext(plan));
  const pending = planSteps(reviewPlan).filter((s) => !own(state.review, s.id));
  if (pending.length === 0) return 'walked';
  try {
    const go = await prompter.confirm(
      msg(ctx.lang, 'reviewWalk.ask', { count: pending.length }),
      Object.keys(state.review).length === 0,
    );
    if (!go) return 'walked';
  } catch (error) {
    if (error instanceof PromptInterrupted) return 'interrupted';
    throw error;
  }
  // The answers are recorded as whoever gives them: --operator, else in a team the login name (as join does),
  // else the session's operator (one person's file log). A team member's answers were credited to the starter.
  const by = operator ?? (ctx.store ? ctx.deps.username() : state.operator);
  const { log, session } = ctx.store
    ? await openTeamWalk(ctx, ctx.store, id, plan, by)
    : openFileWalk(ctx, paths, id, plan, by);
  try {
    for (const step of pending) {
      out();
      out(sanitizeLine(localize(step.title, ctx.lang)) + ` (${step.id})`);
      if (step.guidance) out(sanitizeText(localize(step.guidance, ctx.lang)));
      const choice = await prompter.select(msg(ctx.lang, 'reviewWalk.item'), [
        { value: 'record', name: msg(ctx.lang, 'reviewWalk.record') },
        { value: 'later', name: msg(ctx.lang, 'reviewWalk.later') },
        { value: 'stop', name: msg(ctx.lang, 'reviewWalk.stop') },
      ]);
      if (choice === 'stop') break;
      if (choice === 'later') continue;
      // Team mode: others may have answered meanwhile (the locked file log has no one else).
      if (ctx.store) await session.refresh();
      if (own(session.state.review, step.id)) {
        out(msg(ctx.lang, 'reviewWalk.taken'));
        continue;
      }
      const facts: Record<string, Scalar> = {};
      const clock = sessionClockLater(session.state.facts, machineZoneLater(ctx.deps.env));
      const typed = () => typingTime(session.state, ctx.deps.now(), clock, true);
      for (const input of step.inputs ?? []) {
        const raw = await prompter.input(
          typedInputLabel(sanitizeLine(localize(input.label, ctx.lang)), input.type, ctx.lang),
          { validate: (v) => (v.trim() === '' ? true : (coerceInput(input, v, ctx.lang, typed()).error ?? true)) },
        );
        const { value, assumed } = coerceInput(input, raw, 'en', typed());
        if (assumed) out(`  ${sanitizeLine(sayIn(ctx.lang, assumed))}`);
        if (value !== undefined) facts[input.id] = value;
      }
      if (Object.keys(facts).length === 0) facts.done = true;
      await session.act({ type: 'review', step: step.id, inputs: facts });
      out(msg(ctx.lang, 'reviewWalk.recorded'));
    }
  } catch (error) {
    if (!(error instanceof PromptInterrupted)) throw error;
    return 'interrupted';
  } finally {
    // Every wrapped line is out before the report (or the stop line) is written.
    await settled(ctx).catch(() => undefined);
    await log.close();
  }
  return 'walked';
}

/**
 * The file log, locked: the log read before the prompt may be stale by now (another walk, a resume), so
 * the head is read again under the lock and the answers chain onto what is really there.
 */
function openFileWalk(
  ctx: Ctx,
  paths: Parameters<typeof FileEventLog.open>[0],
  id: string,
  plan: Plan,
  operator: string,
): { log: FileStore; session: LiveSession } {
  const owner = { pid: ctx.deps.pid, host: ctx.deps.hostname };
  const lock = acquireLock(paths.lock, id, owner, ctx.deps.now());
  if (lock.tookOver) {
    const notice = tookOverNotice(paths.lock, lock.tookOver);
    ctx.err(msg(ctx.lang, notice.key, notice.params));
  }
  try {
    const fresh = readLog(paths, false);
    if (fresh.break || fresh.tornBytes)
      throw new CrisisError(
        say('error.log.changedDamaged', { id, problem: fresh.break?.said ?? say('error.log.tornLine') }),
        {
          hint: say('error.log.changedDamaged.hint', { command: verifyCommand(ctx.deps.env, id, ctx.store) }),
          exitCode: ExitCode.problems,
        },
      );
    const last = fresh.events[fresh.events.length - 1]!;
    const log = new FileStore(FileEventLog.open(paths, id, owner, { seq: last.seq, hash: last.hash }));
    return { log, session: new LiveSession(plan, log, { now: () => ctx.deps.now() }, operator, fresh.events) };
  } catch (error) {
    releaseLock(paths.lock, owner.pid);
    throw error;
  }
}

/**
 * Team mode: the answers go through the PostgreSQL store like any other event (read and chain-checked
 * first; an append that finds newer rows re-decides on them), never into the read-only export.
 */
async function openTeamWalk(
  ctx: Ctx,
  url: string,
  id: string,
  plan: Plan,
  operator: string,
): Promise<{ log: EventStore; session: LiveSession }> {
  const log = await (await import('../store/postgres.js')).PgStore.open(url, id, storeCommands(ctx.deps.env, url));
  try {
    const events = await log.read(0);
    return { log, session: new LiveSession(plan, log, { now: () => ctx.deps.now() }, operator, events) };
  } catch (error) {
    await log.close();
    throw error;
  }
}
