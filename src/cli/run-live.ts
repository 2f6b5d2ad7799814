import { CrisisError, ExitCode, say } from '../errors.js';
import type { Driver } from '../drive/driver.js';
import type { LiveSession } from '../drive/live-session.js';
import { sanitizeLine, sanitizeText } from '../text/sanitize.js';
import { ignoreLaterHangups, watchHangup } from '../drive/hangup.js';
import { holdOutput, outputIsClosed } from './output-closed.js';
import { letSignalsIn, takeHeldSignal } from './held-signals.js';
import { runSession, type RunHooks, type RunResult } from '../drive/runner.js';
import type { StoredEvent } from '../session/events.js';
import type { Action } from '../session/decide.js';
import { durationWords, formatDuration } from '../playbook/duration.js';
import { roleTitle } from '../playbook/text.js';
import type { Lang, Text } from '../playbook/types.js';
import type { EventStore } from '../session/event-store.js';
import { sessionPaths, writeStatementFile, type SessionPaths } from '../store/file-log.js';
import { writeSessionSummary } from '../store/session-summary.js';
import { summarize } from '../session/summary.js';
import { machineZoneLater, type Ctx } from './context.js';
import { logDir, readAnswers, summaryLines } from './sessions.js';
import { makeStyle } from './style.js';
import { statementFileText, statementNames } from './statement-files.js';
import { wroteLine } from './output.js';
import { commandHint, commandLine, invokedAs } from './invoked.js';
import { messagesFor, msg, placeIn, type MessageKey } from '../text/messages.js';
import { actionWords, channelWord, eventTypeWords } from '../render/state-words.js';
import { inOrder, settled, settledPrompter, wrappedOut } from './wrapped-out.js';

export { wrappedOut };

/**
 * Drive a live session (start or resume) to its end or a pause, with the
 * operator at a terminal or an answers file. Returns the exit code.
 */
export async function runLive(
  ctx: Ctx,
  session: LiveSession,
  log: EventStore & { paths?: SessionPaths },
  options: { answers?: string; as?: string; skipResponses?: ReadonlySet<number> },
): Promise<number> {
  // Team mode: statement files go to this machine's log dir; the log itself is the database.
  const paths = log.paths ?? sessionPaths(logDir(ctx), log.session);
  const team = log.paths === undefined;
  const abort = new AbortController();
  // SIGTERM/SIGHUP, or the terminal gone: abort the open prompt, which pauses the session like Ctrl-C.
  let signalled: string | undefined;
  const stop = (reason: string) => {
    signalled ??= reason;
    abort.abort();
  };
  // Nobody reads the output any more (`… --answers a.yaml | head`): stop at the next action, like a
  // signal (start, resume and join held the output from their first line, so it may be closed already).
  holdOutput(() => stop('output closed'));
  if (outputIsClosed()) stop('output closed');
  const style = await makeStyle(ctx.color);
  const onSignal = (signal: NodeJS.Signals) => {
    if (signal === 'SIGHUP') ignoreLaterHangups();
    stop(signal);
  };
  const hangup = options.answers ? undefined : watchHangup(ctx.deps.stdin, () => stop('terminal closed'));
  // Team mode: each prompt also has a withdraw signal, aborted when someone else records something
  // (`changed`) or the connection to the database is lost or back.
  const withdraw = { controller: new AbortController(), changed: false };
  const promptSignal = () => {
    // A terminal that hung up between prompts never ends an input nobody was reading: ask it first.
    hangup?.check();
    return team ? AbortSignal.any([abort.signal, withdraw.controller.signal]) : abort.signal;
  };
  const driver = await chooseDriver(ctx, options.answers, promptSignal, options.skipResponses);
  // Not wrapped, but after the screen lines before them (wrapped-out.ts).
  const err = inOrder(ctx, ctx.err);
  const onStatement = (event: StoredEvent) => {
    if (event.type !== 'statement.issued') return;
    const issued = { step: event.step, channels: event.data.channels };
    const names = statementNames(session.plan, [...session.state.issued, issued]);
    for (const [channel, text] of Object.entries(event.data.channels)) {
      try {
        const file = writeStatementFile(paths, names(event.step, channel), statementFileText(text));
        err(style.dim(`  ${wroteLine(ctx, file)}`));
      } catch (error) {
        const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
        // The channel as people read it (邮件, not email), as the other statement notes name it.
        const said = sanitizeLine(channelWord(channel, messagesFor(ctx.lang)));
        err(style.yellow(`  ${msg(ctx.lang, 'statement.fileFailed', { channel: said, reason })}`));
      }
    }
  };
  const following = team ? followOthers(ctx, session, style, withdraw) : undefined;
  const unwatch = following?.unwatch;
  // Team mode: an action met by a database that does not answer (a restart) waits for it, said once, before
  // giving up; Ctrl-C stops the wait. Whatever stops the run unrecorded, what was typed for it is printed.
  let unrecorded: { action: Action; error: CrisisError } | undefined;
  if (team) {
    const say = inOrder(ctx, ctx.out);
    log.patience = {
      ms: databaseWait(ctx.deps.env),
      signal: abort.signal,
      waiting: (where, ms) => {
        const wait = durationWords(formatDuration(ms), ctx.lang);
        say(style.yellow(`  ${msg(ctx.lang, 'team.dbWaiting', { where: sanitizeLine(where), wait })}`));
      },
    };
  }
  // on, not once: Node drops a once-listener before calling it, and Inquirer's
  // own exit handler would then re-raise the signal and kill the process.
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
  process.on('SIGINT', onSignal);
  // A signal since the session was locked (start, resume, join held them): stop before the first prompt.
  const early = takeHeldSignal();
  if (early) stop(early);
  await letSignalsIn();
  let result: RunResult;
  try {
    result = await runSession(session, driver, {
      lang: ctx.lang,
      as: options.as,
      signal: abort.signal,
      hooks: {
        ...following?.hooks,
        onRecorded: onStatement,
        notRecorded: (action, error) => (unrecorded = { action, error }),
      },
      timeZone: machineZoneLater(ctx.deps.env),
    });
  } catch (error) {
    await settled(ctx).catch(() => undefined);
    unwatch?.();
    if (team && unrecorded && unrecorded.error.exitCode === ExitCode.environment) {
      await log.close();
      throw typedAgain(ctx, unrecorded.action, unrecorded.error, session.state.id, options.as);
    }
    // A run stopped by a refused response or a failure is paused, not left looking active; a
    // failed write may refuse this too, and everything before it is on disk either way.
    if (!team) {
      const refused = error instanceof CrisisError && error.exitCode === ExitCode.usage;
      await session.act({ type: 'pause', reason: refused ? 'answers refused' : 'error' }).catch(() => undefined);
    }
    await log.close();
    throw error;
  } finally {
    hangup?.dispose();
    // The run is over but still records its end or pause and returns its code: the launcher must
    // not exit under it when the summary lines find the pipe closed.
    holdOutput();
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
    process.off('SIGINT', onSignal);
  }
  await settled(ctx);
  const id = session.state.id;
  const outcome = signalled ? 'paused' : result.outcome;
  // The closing lines wrapped to the terminal like the screen above them: at 60 columns the terminal cut the log's
  // path and the resume command inside the session id, the line to copy.
  const say = await wrappedOut(ctx);
  say();
  for (const line of summaryLines(session.plan, session.state, session.clock.now(), style, ctx.lang)) say(line);
  if (outcome === 'finished') {
    unwatch?.();
    await log.close();
    if (!team) writeSessionSummary(paths, summarize(session.plan, session.state));
    say(`\n${msg(ctx.lang, 'session.ended', { path: placeIn(ctx.lang, log.location) })}`);
    say(commandLine(ctx, 'session.next', `review ${id}`));
    await settled(ctx);
    return ExitCode.ok;
  }
  if (team) {
    // One responder leaving does not pause the session for the others.
    unwatch?.();
    await log.close();
    say(`\n${msg(ctx.lang, 'team.left', { id, path: placeIn(ctx.lang, log.location) })}`);
    say(commandLine(ctx, 'team.rejoin', `join ${id}${options.as ? ` --as ${options.as}` : ''}`));
    await settled(ctx);
    return interrupted(outcome, signalled, options.answers);
  }
  try {
    await session.act({
      type: 'pause',
      reason: signalled ?? (outcome === 'exhausted' ? 'answers exhausted' : 'operator'),
    });
  } catch {
    /* the pause marker is a courtesy: every action before it is already on disk */
  }
  unwatch?.();
  await log.close();
  writeSessionSummary(paths, summarize(session.plan, session.state));
  say(`\n${msg(ctx.lang, 'session.paused', { path: placeIn(ctx.lang, log.location) })}`);
  say(msg(ctx.lang, 'session.resumeWith', { command: `${invokedAs(ctx.deps.env)} resume ${id}` }));
  await settled(ctx);
  if (signalled) return ExitCode.interrupted;
  if (result.refusals.length > 0) return ExitCode.problems;
  return interrupted(outcome, signalled, options.answers);
}

/** CRISIS_DB_WAIT: how many seconds an action waits for a database that does not answer (default 30). */
function databaseWait(env: Readonly<Record<string, string | undefined>>): number {
  const seconds = Number(env.CRISIS_DB_WAIT);
  return env.CRISIS_DB_WAIT !== undefined &&
    env.CRISIS_DB_WAIT.trim() !== '' &&
    Number.isFinite(seconds) &&
    seconds >= 0
    ? seconds * 1000
    : 30_000;
}

/**
 * A team action the database never took (it stayed away): the operator's words are not lost with the process.
 * They are printed, field by field as typed, before the error; the error's hint says how to go on, typeable.
 */
function typedAgain(ctx: Ctx, action: Action, error: CrisisError, id: string, as: string | undefined): CrisisError {
  const lines: string[] = [];
  const put = (name: string, value: unknown) => {
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return;
    if (typeof value === 'object' && !Array.isArray(value))
      for (const [key, v] of Object.entries(value as Record<string, unknown>)) put(`${name}.${key}`, v);
    else {
      const [first, ...rest] = sanitizeText(Array.isArray(value) ? value.join('; ') : String(value)).split('\n');
      lines.push(`    ${sanitizeLine(name)}: ${first}`, ...rest.map((l) => `      ${l}`));
    }
  };
  for (const [key, value] of Object.entries(action))
    if (!['type', 'step', 'replaces', 'checkBackInMs', 'data', 'forced', 'planChanged'].includes(key)) put(key, value);
  if (action.type === 'assign') put('checkBackIn', formatDuration(action.checkBackInMs));
  const step = 'step' in action && action.step ? ` ${sanitizeLine(action.step)}` : '';
  if (lines.length > 0) {
    ctx.out(msg(ctx.lang, 'team.typedNotRecorded', { action: actionWords(action.type, messagesFor(ctx.lang)), step }));
    for (const line of lines) ctx.out(line);
  }
  // The store's hint says resume; this screen joined as a role, and the command that goes on joins as it again.
  const words = `join ${id}${as ? ` --as ${as}` : ''}`;
  if (error.code !== 'store.unreachable') {
    ctx.out(commandLine(ctx, 'team.resumeWith', words));
    return error;
  }
  return new CrisisError(error.said, { ...error.options, hint: commandHint(ctx, 'error.db.notRecorded.hint', words) });
}

/**
 * 130 when the run was cut short from outside (a signal, the terminal or the output gone), even an
 * answers run: a script must not read a run that stopped half-way as done. An answers file that
 * pauses or runs out is the run it asked for: 0.
 */
function interrupted(outcome: string, signalled: string | undefined, answers: string | undefined): number {
  if (signalled) return ExitCode.interrupted;
  return outcome === 'paused' && !answers ? ExitCode.interrupted : ExitCode.ok;
}

/**
 * Team mode: fold in what others record and show each as a one-line notice
 * between prompts. A prompt open when someone else records something is
 * withdrawn (its signal aborted): the notices print and the step menu is
 * drawn again from the new state, so nobody answers a step already done.
 * A lost connection is said the same way, when it goes and when it is back
 * (the store reconnects by itself, then this screen reads what it missed).
 */
function followOthers(
  ctx: Ctx,
  session: LiveSession,
  style: Awaited<ReturnType<typeof makeStyle>>,
  withdraw: { controller: AbortController; changed: boolean },
): { hooks: RunHooks; unwatch: () => void } {
  const out = inOrder(ctx, ctx.out);
  session.onOthers = (event) => {
    if (event.actor === session.actor && event.type === 'session.started') return;
    out(style.yellow(`  » ${noticeText(event, ctx.lang, session.plan.roles)}`));
  };
  // Aborting a controller no prompt holds yet is harmless: beforeAsk hands the next prompt a fresh one.
  const unwatch = session.store.watch((seq) => {
    if (seq !== undefined && seq <= session.seq) return;
    withdraw.changed = true;
    withdraw.controller.abort();
  });
  // The connection's notices wait for the prompt to be withdrawn (or the next one): never across a drawn prompt.
  const link = { down: false, notices: [] as string[] };
  const unlink = session.store.watchLink?.((up, where) => {
    link.down = !up;
    const notice = msg(ctx.lang, up ? 'team.linkBack' : 'team.linkLost', { where: sanitizeLine(where) });
    link.notices.push(up ? style.green(`  ${notice}`) : style.yellow(`  ${notice}`));
    withdraw.controller.abort();
  });
  const sayLink = () => {
    for (const line of link.notices.splice(0)) out(line);
  };
  const hooks: RunHooks = {
    beforeAsk: async () => {
      withdraw.controller = new AbortController();
      withdraw.changed = false;
      sayLink();
      // Away from the database: the menu is drawn from what is known; the store wakes this screen once it is back.
      if (link.down) return;
      await session.refresh();
    },
    withdrawn: () => {
      // An interrupted run is not asked again: the runner checks its own signal first.
      const was = withdraw.controller.signal.aborted;
      sayLink();
      if (was && withdraw.changed) out(style.dim(`  ${msg(ctx.lang, 'team.withdrawn')}`));
      return was;
    },
  };
  return {
    hooks,
    unwatch: () => {
      unwatch();
      unlink?.();
    },
  };
}

/**
 * "Bo Li completed confirm-defect": who did what, in one line, in the session language; a role by its title in the
 * plan's `roles` (as the role menu names it), its id when the plan has none.
 */
export function noticeText(
  event: StoredEvent,
  lang: Lang = 'en',
  roles: readonly { id: string; title: Text }[] = [],
): string {
  const who = sanitizeLine(event.actor);
  const step = event.step ? ` ${sanitizeLine(event.step)}` : '';
  const verbs: Partial<Record<StoredEvent['type'], MessageKey>> = {
    'step.completed': 'notice.completed',
    'step.skipped': 'notice.skipped',
    'step.blocked': 'notice.blocked',
    'step.focused': 'notice.focused',
    'step.assigned': 'notice.assigned',
    'note.added': 'notice.note',
    'decision.recorded': 'notice.decision',
    'statement.drafted': 'notice.drafted',
    'statement.approved': 'notice.approved',
    'statement.issued': 'notice.issued',
    'review.recorded': 'notice.review',
  };
  // A handoff says which role went to whom: "Bo Li: role.handoff" told the others nothing.
  if (event.type === 'role.handoff') {
    const { role, to } = event.data;
    const title = sanitizeLine(roleTitle(roles, role, lang));
    return `${who} ${msg(lang, 'notice.handoff', { role: title, to: sanitizeLine(to) })}`;
  }
  const verb = verbs[event.type];
  if (verb) return `${who} ${msg(lang, verb)}${step || msg(lang, 'notice.theSession')}`;
  return msg(lang, 'notice.other', { who, what: eventTypeWords(event.type, messagesFor(lang)), step });
}

/** Fail before anything is created when nobody can answer: prompts need a terminal. */
export function ensureSomeoneAnswers(ctx: Ctx, answersFile?: string): void {
  const { stdin, stdout } = ctx.deps;
  if (!answersFile && !ctx.deps.prompter && !(stdin.isTTY && stdout.isTTY)) {
    throw new CrisisError(say('error.start.noTty'), {
      hint: say('error.start.noTty.hint'),
      exitCode: ExitCode.usage,
      code: 'start.no-tty',
    });
  }
}

async function chooseDriver(
  ctx: Ctx,
  answersFile: string | undefined,
  signal: AbortSignal | (() => AbortSignal),
  skip?: ReadonlySet<number>,
): Promise<Driver> {
  if (answersFile) {
    const answers = await readAnswers(answersFile, ctx.deps.cwd);
    // Imported for an answers file only: with its expectations and judgement checks, ~4 ms of a start at a terminal.
    const { ScriptedDriver } = await import('../drive/scripted.js');
    return new ScriptedDriver(answers.responses, {
      unlisted: answers.unlisted ?? 'fail',
      lang: ctx.lang,
      onRefused: 'throw',
      skip,
    });
  }
  ensureSomeoneAnswers(ctx);
  const { stdin, stdout } = ctx.deps;
  const { InteractiveDriver } = await import('../drive/interactive.js');
  const prompter = settledPrompter(
    ctx,
    ctx.deps.prompter ??
      (await import('../drive/inquirer-prompter.js')).inquirerPrompter({
        input: stdin,
        output: stdout,
        signal,
        lang: ctx.lang,
      }),
  );
  const driver = new InteractiveDriver(prompter, await wrappedOut(ctx), await makeStyle(ctx.color), () =>
    ctx.deps.stdout.isTTY ? ctx.deps.stdout.columns : undefined,
  );
  const after = ctx.deps.env.CRISIS_BLOCKED_AFTER;
  if (after !== undefined && after !== '') {
    if (!/^\d{1,4}$/.test(after))
      throw new CrisisError(say('error.env.blockedAfter', { value: sanitizeLine(after) }), {
        hint: say('error.env.blockedAfter.hint'),
        exitCode: ExitCode.usage,
      });
    driver.blockedReturn = { ...driver.blockedReturn, afterSteps: Number(after) };
  }
  return driver;
}
