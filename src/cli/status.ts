import { existsSync } from 'node:fs';
import type { Plan } from '../playbook/compose.js';
import type { StepState } from '../session/replay.js';
import type { TargetStatus } from '../session/progress.js';
import type { replayContext as ReplayContextOf } from '../session/progress.js';
import { CrisisError, ExitCode, say } from '../errors.js';
import { sessionTimeIn } from './session-time.js';
import { sanitizeLine } from '../text/sanitize.js';
import { narrowTable } from '../render/table.js';
import { logDirNames, sessionIdsIn, sessionPaths, type SessionPaths } from '../store/session-files.js';
import { lockHolder, shownState, type LockHolder } from '../store/session-index.js';
import { commandLine, invokedAs, verifyCommand } from './invoked.js';
import { readSessionSummary, writeSessionSummary } from '../store/summary-file.js';
import { warnPlanChanged } from './plan-change.js';
import { listSummaries } from '../store/status-index.js';
import type { SessionSummary } from '../session/summary-check.js';
import type { Library } from '../playbook/library.js';
import type { Ctx } from './context.js';
import { logDir } from './log-dir.js';
import { messagesFor } from '../text/messages.js';
import { sessionStateName, severityName } from '../render/state-words.js';

const COLUMNS = [
  'status.col.session',
  'status.col.crisis',
  'status.col.started',
  'status.col.progress',
  'status.col.state',
] as const;

/**
 * What a replay needs (the library, compose, the fold): loaded when some log has to be replayed. A listing from
 * saved summaries, the common case, loads none of it.
 */
const replayCode = async () => {
  const [compose, progress, replay, summary, duration, library, sessions, head, words, text, change] =
    await Promise.all([
      import('../playbook/compose.js'),
      import('../session/progress.js'),
      import('../session/replay.js'),
      import('../session/summary.js'),
      import('../playbook/duration.js'),
      import('./library.js'),
      import('./sessions.js'),
      import('./head.js'),
      import('../render/review-words.js'),
      import('../playbook/text.js'),
      import('../session/plan-change.js'),
    ]);
  return {
    ...compose,
    ...progress,
    ...replay,
    ...summary,
    ...duration,
    ...library,
    ...sessions,
    ...head,
    ...words,
    ...text,
    ...change,
  };
};

export async function run(
  ctx: Ctx,
  ref: string | undefined,
  options: { json?: boolean; drills?: boolean },
): Promise<number> {
  const m = messagesFor(ctx.lang);
  const stateName = (state: string) => sessionStateName(state, m);
  // Team sessions have no lock file: the database is shared, and "active" is what the log says.
  const holderOf = (paths: SessionPaths): LockHolder =>
    ctx.store ? 'elsewhere' : lockHolder(paths, ctx.deps.hostname, undefined, ctx.deps.now());
  // The library is read only when some log has to be replayed: a listing of saved summaries needs none.
  let opened: Library | undefined;
  // Streams the log: status of a million-event session needs the state, not the events.
  const summarize = async (ref: string) => {
    const {
      openLibrary,
      sessionSource,
      composeOnce,
      planHash,
      replayContext,
      applyEvent,
      initialState,
      visibleSteps,
      isOpen,
      formatHead,
    } = await replayCode();
    const library = (opened ??= await openLibrary(ctx));
    const { id, paths, label } = await sessionSource(ctx, ref);
    if (!existsSync(paths.log))
      throw new CrisisError(say('error.log.none', { file: paths.log }), {
        hint: say('error.log.none.hint'),
        exitCode: ExitCode.usage,
      });
    let plan: Plan | undefined;
    let context: ReturnType<typeof ReplayContextOf> | undefined;
    let state = initialState();
    // Loaded here: the reader brings the event schemas (zod), which a listing from summaries never needs.
    const { verifyLogFile, expectedSession } = await import('../store/log-reader.js');
    const result = await verifyLogFile(
      paths.log,
      (event) => {
        if (event.type === 'session.started' && state.events === 0) {
          // Once per plan in a listing that replays many sessions of one crisis: composed, and hashed, once.
          plan = composeOnce(library, event.data.crisis, {
            severity: event.data.severity,
            with: event.data.with,
            jurisdictions: event.data.jurisdictions,
          }).plan;
          context = plan ? replayContext(plan) : undefined;
        }
        state = applyEvent(state, event, context);
      },
      { session: expectedSession(paths) },
    );
    if (state.events === 0 || !state.crisis)
      throw new CrisisError(
        say('error.log.broken', { file: label, problem: result.break?.said ?? say('error.log.noStart') }),
        {
          hint: say('error.log.broken.hint', { command: verifyCommand(ctx.deps.env, id, ctx.store) }),
          exitCode: ExitCode.problems,
        },
      );
    const steps = plan ? visibleSteps(plan, state) : [];
    const done = steps.filter((s) => !isOpen(state, s.id)).length;
    const locked = existsSync(paths.lock);
    return {
      id,
      crisis: state.crisis,
      severity: state.severity,
      operator: state.operator,
      drill: state.drill?.id ?? null,
      started: new Date(state.startedAt).toISOString(),
      lastEvent: new Date(state.lastAt).toISOString(),
      state: shownState(state.status, holderOf(paths)),
      locked,
      progress: { done, total: steps.length },
      events: state.events,
      intact: !result.break,
      // counted against a plan other than the one the session started with
      planChanged: plan !== undefined && planHash(plan) !== state.planHash,
      head: formatHead(result.head),
      plan,
      damage: result.break?.message,
      sessionState: state,
      paths,
    };
  };
  if (ref === undefined) {
    const pg = ctx.store ? await import('../store/postgres.js') : undefined;
    const dir = pg && ctx.store ? pg.describeUrl(ctx.store) : logDir(ctx);
    // One readdir gives the sessions, their lock files and which summary files are there.
    const names = ctx.store ? [] : logDirNames(dir);
    const ids = pg && ctx.store ? await pg.listPgSessions(ctx.store) : sessionIdsIn(names);
    const rows: Array<Listed | { id: string; error: string }> = [];
    // Summaries are a cache in the log dir; a team session is read from the database each time.
    // A name that is not a session id (say, one carrying escape sequences) is an unreadable row, not a crash.
    // (listSummaries skips them: only a checked id becomes a path.)
    const indexed = ctx.store ? undefined : listSummaries(dir, ids, names);
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      const saved = indexed?.summaries.get(id);
      if (saved) {
        const locked = indexed!.locked.has(id);
        // The listing's one readdir says whether a lock file is there: only an existing lock is opened.
        rows.push(rowOf(saved, locked, locked ? holderOf(sessionPaths(dir, id)) : 'none'));
        continue;
      }
      try {
        const {
          plan,
          sessionState,
          damage: _d,
          head: _h,
          started: _s,
          lastEvent: _l,
          paths: _p,
          ...row
        } = await summarize(id);
        rows.push({
          ...row,
          startedAt: sessionState.startedAt,
          lastAt: sessionState.lastAt,
          zone: orgZone(sessionState.facts),
        });
        // Rebuilt: save it for next time (a log being written gets a fresh one when its session pauses or ends).
        if (row.intact && !row.locked && indexed) {
          const { summarize: summaryOf } = await replayCode();
          if (writeSessionSummary(sessionPaths(dir, id), summaryOf(plan, sessionState), false)) indexed.add(id);
        }
      } catch (error) {
        // --json is for programs: English, like every JSON error.
        const worded = error instanceof CrisisError && !options.json ? error.inLang(ctx.lang).message : undefined;
        rows.push({ id, error: worded ?? (error as Error).message });
      }
    }
    indexed?.save();
    // Drills are rehearsals: listed among live incidents, they hide the one that matters.
    const shown = options.drills ? rows : rows.filter((r) => 'error' in r || !r.drill);
    const hidden = rows.length - shown.length;
    if (options.json) {
      ctx.out(
        JSON.stringify(
          shown.map((r) => ('error' in r ? r : jsonRow(r))),
          null,
          2,
        ),
      );
      return 0;
    }
    const drillsCmd = `${invokedAs(ctx.deps.env)} status --drills`;
    const drillsNote = m('status.drillsHidden', { count: hidden, command: drillsCmd });
    if (shown.length === 0) {
      ctx.out(m('status.none', { dir }));
      if (hidden) ctx.out(drillsNote);
      return 0;
    }
    // Each distinct value worded once per listing: a CI job's drills share their playbook, their start (the drill's
    // virtual clock) and their state, and formatting a time is most of a row's cost in a fresh process.
    const crisisCell = once(sanitizeLine);
    // Each session's start in its zone, as its step screen showed it: the organisation's (labelled when it is not
    // this machine's), else this machine's. A formatter per zone, a cell per distinct start in it.
    const startedIn = once((zone: string | undefined) => once(sessionTimeIn(zone, ctx.deps.env)));
    const stateCell = once(stateName);
    const [drillMark, damagedMark, changedMark] = [
      m('status.drillMark'),
      m('status.damagedMark'),
      m('status.planChangedMark'),
    ];
    const cells = shown.map((r) =>
      'error' in r
        ? [sanitizeLine(r.id), '?', '?', '?', m('status.unreadable')]
        : [
            r.id,
            crisisCell(r.crisis),
            startedIn(r.zone)(r.startedAt),
            `${r.progress.done}/${r.progress.total}${r.planChanged ? changedMark : ''}`,
            `${stateCell(r.state)}${r.drill ? drillMark : ''}${r.intact ? '' : damagedMark}`,
          ],
    );
    // A narrow terminal folds a table's rows mid-id: below 80 columns each session is an id line and a details line.
    const { columns, isTTY } = ctx.deps.stdout;
    const lines =
      isTTY && columns && columns < 80
        ? cells.flatMap(([id, ...rest]) => [id!, `  ${rest.join('  ')}`])
        : await aligned([COLUMNS.map((k) => m(k)), ...cells]);
    // Said once under the table: the marked rows' progress is counted against the playbook as it is now.
    const changedNote = shown.some((r) => !('error' in r) && r.planChanged)
      ? [m('status.planChangedNote', { command: `${invokedAs(ctx.deps.env)} status <session>` })]
      : [];
    // One write: 10,000 rows written a line at a time spent a tenth of the listing in write calls.
    ctx.out(
      [
        m('status.in', { dir }),
        ...lines.map((line) => `  ${line}`),
        ...changedNote,
        ...(hidden ? [drillsNote] : []),
      ].join('\n'),
    );
    return 0;
  }
  const s = await summarize(ref);
  const { targetStatus, formatOffset, isOpen, visibleSteps, stepState, targetLabel, localize, planChangeSince } =
    await replayCode();
  const { plan, sessionState: state, damage, paths, ...row } = s;
  const planChange = plan ? planChangeSince(plan, state) : undefined;
  // On stderr, JSON or not: a script reading stdout gets valid JSON (intact: false), whoever runs it the warning.
  const warnDamage = () => {
    if (damage) ctx.err(m('status.logBreaks', { problem: sanitizeLine(damage) }));
  };
  if (options.json) {
    warnDamage();
    ctx.out(
      JSON.stringify(
        {
          ...row,
          facts: state.facts,
          roles: state.roles,
          steps: Object.fromEntries(Object.entries(state.steps).map(([id, step]) => [id, stepJson(step)])),
          targets: plan ? targetStatus(plan, state, ctx.deps.now()).map(targetJson) : [],
          // null: the plan is the one the session started with (or no playbook was found to tell).
          planChanged: planChange ?? null,
        },
        null,
        2,
      ),
    );
    return damagedExit(row.intact);
  }
  // Wrapped at the terminal's width, between words (a narrow terminal cut "共 6" / "条事件" and step ids mid-id).
  const { wrappedOut, settled } = await import('./wrapped-out.js');
  const out = await wrappedOut(ctx);
  const drill = row.drill ? m('status.titleDrill', { id: sanitizeLine(row.drill) }) : '';
  const severity = severityName(row.severity, m);
  out(
    m('status.title', { id: row.id, crisis: sanitizeLine(row.crisis), severity, state: stateName(row.state), drill }),
  );
  out(
    m('status.started', {
      at: sessionTimeIn(orgZone(state.facts), ctx.deps.env)(state.startedAt),
      operator: sanitizeLine(row.operator),
      offset: formatOffset(state.lastAt - state.startedAt, ctx.lang),
      events: row.events,
      damaged: row.intact ? '' : m('status.damaged'),
    }),
  );
  out(m('status.head', { head: row.head }) + (row.intact ? '' : m('verify.lastGood')));
  warnDamage();
  // A session of a playbook this run cannot find (a team's own, without its --playbooks): say why there is no count.
  if (!plan) ctx.err(m('status.noPlaybook', { crisis: sanitizeLine(row.crisis) }));
  if (plan && planChange) {
    warnPlanChanged(ctx, plan, planChange);
    // The listing shows the progress saved when the session was last written, counted against the playbook as it
    // was then; counting it again for every listed session would mean composing every plan at each listing.
    const listed = ctx.store ? undefined : readSessionSummary(paths, row.id)?.progress;
    const differs = listed && (listed.done !== row.progress.done || listed.total !== row.progress.total);
    ctx.err(m('status.planCounted', { listed: differs ? m('status.planCountedListed', listed) : '' }));
  }
  out(m('status.progress', { done: row.progress.done, total: row.progress.total }));
  // Roles and deadlines by their names in the session's language (the ids are what people type, not read).
  for (const [role, person] of Object.entries(state.roles)) {
    const title = plan?.roles.find((r) => r.id === role)?.title;
    const name = title ? sanitizeLine(localize(title, ctx.lang)) : role;
    out(`  ${name}${m('review.colon')}${sanitizeLine(person)}`);
  }
  if (plan) {
    for (const t of targetStatus(plan, state, ctx.deps.now())) {
      const offset = (ms: number) => formatOffset(ms - state.startedAt, ctx.lang);
      // A duty met at the time its report was sent, recorded later: both, as the review shows them.
      const met = t.metUnknown
        ? m('status.targetUnknown')
        : t.metAt === undefined
          ? ''
          : t.recordedAt !== undefined
            ? m('status.targetSent', { at: offset(t.metAt), recorded: offset(t.recordedAt) })
            : m('status.targetMet', { at: offset(t.metAt) });
      // A duty whose clock started at detection, before the session: its deadline is that much earlier.
      const due =
        offset(t.deadline) +
        (t.detectedAt === undefined ? '' : m('status.targetDetected', { detected: offset(t.detectedAt) }));
      const target = targetLabel(plan, t.target, ctx.lang);
      // The update cadence's missed gaps, as the review counts them (✗) and --json gives them.
      const missed = t.missed ? m('status.targetMissed', { count: t.missed }) : '';
      const overdue = t.overdue ? m('status.overdue') : '';
      // An ended session has no next update due: its cadence says only how often it was missed. A fixed target keeps
      // its deadline, which says whether it was met in time.
      if (state.status === 'ended' && t.target === 'update-every')
        out(m('status.targetEnded', { target, met, missed, overdue }));
      else out(m('status.target', { target, due, met, missed, overdue }));
    }
    const open = visibleSteps(plan, state).filter((st) => isOpen(state, st.id));
    if (open.length)
      out(
        m('status.next', {
          steps:
            open
              .slice(0, 5)
              .map((st) => `${st.id}${stepState(state, st.id).status === 'blocked' ? m('status.blockedMark') : ''}`)
              // 、 between them in Chinese, as every list of the Chinese screens
              .join(m('common.wordSep')) + (open.length > 5 ? `${m('common.wordSep')}…` : ''),
        }),
      );
  }
  // A team store holds no lock (holderOf): its active session is one nobody paused or ended, not one a terminal
  // is known to hold. Saying a lock is held told of a terminal that may not exist; the line says how to join.
  if (row.state === 'active' && ctx.store) {
    out(m('status.teamNoLock'));
    out(commandLine(ctx, 'status.joinWith', `join ${row.id} --as ROLE`));
  } else if (row.state === 'active') out(m('status.lockHeld'));
  else if (row.state !== 'ended') out(commandLine(ctx, 'session.resumeWith', `resume ${row.id}`));
  await settled(ctx);
  return damagedExit(row.intact);
}

/** A damaged log is shown as far as it is good, and exits 1 like `log` (README, exit codes), wherever it breaks. */
const damagedExit = (intact: boolean): number => (intact ? ExitCode.ok : ExitCode.problems);

/** A listing row from a saved summary: the same fields a replay gives (times stay numbers until printed). */
function rowOf(s: SessionSummary, locked: boolean, holder: LockHolder) {
  return {
    id: s.session,
    crisis: s.crisis,
    severity: s.severity,
    operator: s.operator,
    drill: s.drill,
    startedAt: s.startedAt,
    lastAt: s.lastAt,
    state: shownState(s.state, holder),
    locked,
    progress: s.progress,
    events: s.events,
    intact: true,
    planChanged: s.planChanged === true,
    /** the organisation's zone the session shows times in, when it has one (the listing prints its start there) */
    zone: s.zone as string | undefined,
  };
}
type Listed = ReturnType<typeof rowOf>;

/** The org-time-zone fact when it is a string (sessionClock checks that the runtime knows it). */
const orgZone = (facts: Readonly<Record<string, unknown>>): string | undefined => {
  const zone = Object.hasOwn(facts, 'org-time-zone') ? facts['org-time-zone'] : undefined;
  return typeof zone === 'string' ? zone : undefined;
};

/**
 * The row as `status --json` prints it: times as ISO strings, in the order the fields always had (the zone is for
 * the table's words; JSON's times are UTC).
 */
function jsonRow({ startedAt, lastAt, zone: _zone, ...r }: Listed) {
  const { id, crisis, severity, operator, drill, ...rest } = r;
  const started = new Date(startedAt).toISOString();
  return { id, crisis, severity, operator, drill, started, lastEvent: new Date(lastAt).toISOString(), ...rest };
}

/** ms since epoch as `status --json` prints every time: an ISO 8601 string in UTC. */
const isoTime = (ms: number | undefined): string | undefined =>
  ms === undefined ? undefined : new Date(ms).toISOString();

/**
 * A step's state as `status --json` prints it: its times as ISO strings like `started` and `lastEvent` (they were
 * epoch milliseconds beside them), the fields in the order the replay made them.
 */
export function stepJson(step: StepState): Record<string, unknown> {
  const { at, checkBackAt, approvedAt, issuedBy } = step;
  const times: Partial<Record<keyof StepState, unknown>> = {
    at: isoTime(at),
    checkBackAt: isoTime(checkBackAt),
    approvedAt: isoTime(approvedAt),
    issuedBy:
      issuedBy &&
      Object.fromEntries(Object.entries(issuedBy).map(([channel, i]) => [channel, { by: i.by, at: isoTime(i.at) }])),
  };
  return Object.fromEntries(
    Object.entries(step).map(([key, value]) => [
      key,
      Object.hasOwn(times, key) ? times[key as keyof StepState] : value,
    ]),
  );
}

/**
 * A target as `status --json` prints it: deadline, the time it was met, the time recorded and the detection a duty's
 * clock ran from as ISO strings.
 */
export function targetJson({ target, deadline, metAt, recordedAt, detectedAt, ...flags }: TargetStatus) {
  return {
    target,
    deadline: isoTime(deadline),
    metAt: isoTime(metAt),
    ...(recordedAt === undefined ? {} : { recordedAt: isoTime(recordedAt) }),
    ...(detectedAt === undefined ? {} : { detectedAt: isoTime(detectedAt) }),
    ...flags,
  };
}

/** `f`, each result kept for the next call with the same argument. */
function once<K, V>(f: (key: K) => V): (key: K) => V {
  const seen = new Map<K, V>();
  return (key) => {
    let value = seen.get(key);
    if (value === undefined) seen.set(key, (value = f(key)));
    return value;
  };
}

/** Aligned by length when every cell is plain ASCII; only other text loads the display-width code. */
async function aligned(rows: string[][]): Promise<string[]> {
  return narrowTable(rows) ?? (await import('../render/width.js')).table(rows);
}
