import { LiveSession } from '../drive/live-session.js';
import { planHash, planSteps, type Plan } from '../playbook/compose.js';
import type { Profile, Severity } from '../playbook/types.js';
import { profileChannelGaps, profileFacts } from '../playbook/profile.js';
import { readProfile } from '../store/profile-file.js';
import { displayPath } from '../store/library-files.js';
import { FileEventLog, listSessions, sessionPaths } from '../store/file-log.js';
import { readSessionHeader, savedShownState } from '../store/session-index.js';
import { SESSION_ID_PATTERN } from '../session/ids.js';
import { sessionTimeIn } from './session-time.js';
import { CrisisError, ExitCode, say } from '../errors.js';
import { FileStore } from '../store/file-store.js';
import type { EventStore } from '../session/event-store.js';
import { sanitizeLine } from '../text/sanitize.js';
import { locateProfile, type Ctx } from './context.js';
import { msg, placeIn } from '../text/messages.js';
import { commandLine, invokedAs, storeCommands } from './invoked.js';
import { assertId, jurisdictionsOption, openLibrary, requirePlan } from './library.js';
import { ensureSomeoneAnswers, runLive, wrappedOut } from './run-live.js';
import { checkedAnswers, freshSessionId, logDir } from './sessions.js';
import { holdOutput } from './output-closed.js';
import { holdSignals, takeHeldSignal } from './held-signals.js';
import { inOrder } from './wrapped-out.js';

export interface StartOptions {
  severity?: Severity;
  operator?: string;
  answers?: string;
  with?: string[];
  jurisdiction?: string[];
  as?: string;
  profile?: string;
}

export async function run(ctx: Ctx, crisis: string, options: StartOptions): Promise<number> {
  // A closed output must not end the process between the lock and the run: the run stops by itself.
  holdOutput();
  assertId(crisis, 'playbook');
  const library = await openLibrary(ctx);
  const profile = await loadProfile(ctx, options.profile);
  const plan = await requirePlan(ctx, library, crisis, {
    severity: options.severity,
    with: options.with,
    jurisdictions: jurisdictionsOption(options.jurisdiction) ?? profile?.profile.jurisdictions,
  });
  if (options.as !== undefined && !plan.roles.some((r) => r.id === options.as)) {
    throw new CrisisError(say('error.role.as', { role: options.as }), {
      hint: say('error.role.list', { roles: plan.roles.map((r) => r.id).join(', ') }),
      exitCode: ExitCode.usage,
    });
  }
  ensureSomeoneAnswers(ctx, options.answers);
  const answers = options.answers ? await checkedAnswers(ctx, options.answers, plan) : undefined;
  if (!ctx.store) {
    const resumeId = await offerResume(ctx, plan.id, options.answers !== undefined);
    if (resumeId)
      return (await import('./resume.js')).run(ctx, resumeId, { operator: options.operator, as: options.as });
  }
  const operator = options.operator ?? answers?.operator ?? ctx.deps.username();
  const now = ctx.deps.now();
  const owner = { pid: ctx.deps.pid, host: ctx.deps.hostname };
  // From the session's first write on, a signal pauses it (runLive takes it over) instead of killing the process.
  holdSignals();
  try {
    const log = ctx.store
      ? await (
          await import('../store/postgres.js')
        ).PgStore.createFresh(ctx.store, () => freshSessionId(plan.id, now), storeCommands(ctx.deps.env, ctx.store))
      : new FileStore(FileEventLog.createFresh(logDir(ctx), () => freshSessionId(plan.id, now), owner, now));
    const clock = { now: () => ctx.deps.now() };
    const session = new LiveSession(plan, log, clock, operator);
    await startOrClose(log, () =>
      session.act({
        type: 'start',
        data: {
          crisis: plan.id,
          severity: plan.severity,
          with: options.with ?? [],
          jurisdictions: plan.jurisdictions ?? [],
          planHash: planHash(plan),
          operator,
          lang: ctx.lang,
          ...(options.as ? { as: options.as } : {}),
          ...(profile ? { facts: profileFacts(profile.profile, ctx.lang), profile: profile.shown } : {}),
        },
      }),
    );
    // Read after the start: a PostgreSQL store redraws an id that was taken at its first append.
    const id = log.session;
    const tell = await wrappedOut(ctx, 'err');
    tell(
      msg(ctx.lang, 'session.started', {
        id,
        crisis: plan.id,
        severity: msg(ctx.lang, `severity.${plan.severity}`),
        operator: sanitizeLine(operator),
      }),
    );
    tell(msg(ctx.lang, 'session.log', { path: placeIn(ctx.lang, log.location) }));
    if (profile) tell(msg(ctx.lang, 'session.profile', { path: profile.shown }));
    if (profile?.profile.channels) {
      // The profile says where the organisation publishes: a plan channel it lacks, or a name no statement uses,
      // is said.
      const gaps = profileChannelGaps(planSteps(plan), profile.profile.channels);
      const listed = profile.profile.channels.join(', ') || '-';
      if (gaps.missing.length > 0)
        tell(msg(ctx.lang, 'session.profile.missing', { channels: gaps.missing.join(', '), listed }));
      if (gaps.unknown.length > 0)
        tell(msg(ctx.lang, 'session.profile.unknown', { channels: gaps.unknown.join(', '), used: usedChannels(plan) }));
    }
    // Said once before the first step, as show and the checklist say it. Not an event: the log records what was done,
    // and the plan it ran (planHash in session.started) already fixes the deadlines the note is about.
    if (planSteps(plan).some((s) => s.due !== undefined)) tell(msg(ctx.lang, 'plan.defaultsNote'));
    if (ctx.store) {
      // Not wrapped, but after the lines above (wrapped-out.ts).
      const err = inOrder(ctx, ctx.err);
      // In a team the name is on every notice the others see; a login name may not be the one they know.
      if (options.operator === undefined && answers?.operator === undefined)
        err(msg(ctx.lang, 'start.asLogin', { operator: sanitizeLine(operator) }));
      err(commandLine(ctx, 'join.othersJoin', `join ${id} --as ROLE`));
    }
    return await runLive(ctx, session, log, { answers: options.answers, as: options.as });
  } catch (error) {
    // Failed before runLive took the signals over: they are Node's again.
    takeHeldSignal();
    throw error;
  }
}

/**
 * A crisis already under way in a paused or interrupted session is the
 * usual reason for typing `start` again: say so before a duplicate exists.
 * At a terminal the operator chooses; an unattended run only gets a note.
 * Returns the session to resume, or undefined to start a new one.
 */
async function offerResume(ctx: Ctx, crisis: string, unattended: boolean): Promise<string | undefined> {
  const dir = logDir(ctx);
  let found: { id: string; state: string; at: string } | undefined;
  for (const id of listSessions(dir)) {
    if (id.slice(16, -5) !== crisis || !SESSION_ID_PATTERN.test(id)) continue;
    const paths = sessionPaths(dir, id);
    const header = readSessionHeader(paths.log);
    if (!header || header.drill || header.crisis !== crisis) continue;
    const state = savedShownState(paths, id, ctx.deps.hostname, ctx.deps.now());
    if (state === 'ended') continue;
    if (state === 'active') {
      ctx.err(msg(ctx.lang, 'session.busy', { id, crisis }));
      continue;
    }
    // Its start as its step screen showed times: in the organisation's zone recorded then, else this machine's.
    const at = sessionTimeIn(header.zone, ctx.deps.env)(header.startedAt);
    found = { id, state: msg(ctx.lang, `session.state.${state}`), at };
    break;
  }
  if (!found) return undefined;
  const { id } = found;
  if (unattended) {
    const command = `${invokedAs(ctx.deps.env)} resume ${id}`;
    ctx.err(msg(ctx.lang, 'session.unfinishedNote', { id, crisis, state: found.state, command }));
    return undefined;
  }
  const { PromptBack, PromptInterrupted } = await import('../drive/prompter.js');
  const prompter =
    ctx.deps.prompter ??
    (await import('../drive/inquirer-prompter.js')).inquirerPrompter({
      input: ctx.deps.stdin,
      output: ctx.deps.stdout,
      lang: ctx.lang,
    });
  ctx.out(msg(ctx.lang, 'session.unfinished', { crisis, ...found }));
  for (;;) {
    try {
      const choice = await prompter.select(
        msg(ctx.lang, 'session.resumeOrNew'),
        [
          { value: 'resume', name: msg(ctx.lang, 'session.resumeIt', { id }) },
          { value: 'new', name: msg(ctx.lang, 'session.startNew') },
        ],
        'resume',
      );
      return choice === 'resume' ? id : undefined;
    } catch (error) {
      if (error instanceof PromptBack) continue;
      if (error instanceof PromptInterrupted)
        throw new CrisisError(say('session.nothingStarted'), { exitCode: ExitCode.interrupted });
      throw error;
    }
  }
}

/**
 * The organisation profile (--profile, CRISIS_PROFILE, crisis.config.yaml or
 * org.yaml from the working directory upward, the user's config dir): its
 * facts fill statements, its jurisdictions are the default. None is fine.
 */
async function loadProfile(
  ctx: Ctx,
  flag: string | undefined,
): Promise<{ profile: Profile; shown: string } | undefined> {
  const found = await locateProfile(ctx, flag);
  if (found === undefined) return undefined;
  const shown = displayPath(found.file, ctx.deps.cwd);
  return { profile: await readProfile(found, shown), shown };
}

/** A store left open keeps the process alive (a database connection): close it when the start is refused. */
async function startOrClose(store: EventStore, start: () => Promise<unknown>): Promise<void> {
  try {
    await start();
  } catch (error) {
    await store.close();
    throw error;
  }
}

/** The statement channels of a plan, in order, the regulator's report left out. */
function usedChannels(plan: Plan): string {
  const used = new Set(planSteps(plan).flatMap((s) => Object.keys(s.statement ?? {})));
  used.delete('regulator');
  return [...used].join(', ');
}
