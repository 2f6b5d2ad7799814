import { existsSync } from 'node:fs';
import { CrisisError, ExitCode, say } from '../errors.js';
import { ID_PATTERN } from '../playbook/constants.js';
import { SESSION_ID_PATTERN } from '../session/ids.js';
import { listSessions, sessionPaths } from '../store/file-log.js';
import { readSessionHeader, savedShownState, type SessionHeader } from '../store/session-index.js';
import type { PgSessionHead } from '../store/postgres.js';
import { readSessionSummary } from '../store/session-summary.js';
import { msg } from '../text/messages.js';
import { sanitizeLine } from '../text/sanitize.js';
import type { Ctx } from './context.js';
import { commandHint, typedCommand, withPasswordSource } from './invoked.js';
import { sessionTimeIn } from './session-time.js';
import { logDir } from './sessions.js';

export interface SessionQuery {
  /** `--crisis ID`: the newest session of this crisis */
  crisis?: string;
  /** skip sessions known to have ended (resume) */
  unfinished?: boolean;
  /** nothing named: the one session that may be resumed, when there is exactly one (resume; soleResumable) */
  sole?: boolean;
}

/** What may be a shortened id: the characters of a session id, starting with its date. */
const PREFIX = /^\d[0-9a-z-]*$/;

/**
 * What the user typed for a session, made into one id: the full id, any
 * unique prefix of one (`20261130-1036`), `latest`, or nothing with
 * `--crisis ID`. `latest` and `--crisis` pass over drill sessions: during an
 * incident "the latest" means the incident, not last week's rehearsal.
 * Anything else (a path to a .jsonl file, a malformed id) goes on unchanged,
 * and the command refuses or opens it as before. Undefined: nothing asked
 * (a bare `crisis status` lists them all).
 */
export async function sessionRef(
  ctx: Ctx,
  ref: string | undefined,
  query: SessionQuery = {},
): Promise<string | undefined> {
  if (ref !== undefined && query.crisis !== undefined)
    throw new CrisisError(say('error.session.both'), {
      hint: commandHint(ctx, 'error.session.both.hint', `resume --crisis ${sanitizeLine(query.crisis)}`),
      exitCode: ExitCode.usage,
    });
  if (ref === undefined && query.crisis === undefined) return query.sole ? soleResumable(ctx) : undefined;
  // `--crisis ../x` is no crisis: refused before it names a log dir search or a `start` command to type.
  if (query.crisis !== undefined && (query.crisis.length > 64 || !ID_PATTERN.test(query.crisis)))
    throw new CrisisError(
      say('error.id.invalid', { what: '--crisis', id: JSON.stringify(query.crisis).slice(1, -1).slice(0, 80) }),
      {
        hint: say('error.id.invalid.hint'),
        exitCode: ExitCode.usage,
        code: 'id.invalid',
      },
    );
  if (ref !== undefined && ref !== 'latest' && !PREFIX.test(ref)) return ref;
  if (ref !== undefined && ref.length > 120) return ref;
  // A whole id whose log is there needs no listing (what byPrefix would answer): `status ID` and `log ID` then
  // cost the same beside 10,000 other sessions as alone, where reading 20,000 names took ~30 ms.
  if (ref !== undefined && !ctx.store && SESSION_ID_PATTERN.test(ref) && existsSync(sessionPaths(logDir(ctx), ref).log))
    return ref;
  const where = ctx.store ? (await import('../store/postgres.js')).describeUrl(ctx.store) : logDir(ctx);
  // Newest first: ids start with their UTC start time.
  const pg = ctx.store ? await import('../store/postgres.js') : undefined;
  if (ref !== undefined && ref !== 'latest')
    return byPrefix(ctx, pg && ctx.store ? await pg.listPgSessions(ctx.store) : listSessions(logDir(ctx)), ref, where);
  // A team's `latest` and `--crisis` skip drills (and ended sessions where asked), as a log dir's do.
  const heads = pg && ctx.store ? await pg.listPgSessionHeads(ctx.store) : undefined;
  const ids = heads ? heads.map((h) => h.session) : listSessions(logDir(ctx));
  const picked = newest(ctx, ids, query, heads && new Map(heads.map((h) => [h.session, h])));
  if (picked) return picked;
  const crisis = query.crisis === undefined ? undefined : sanitizeLine(query.crisis);
  const what =
    crisis === undefined
      ? say('error.session.noneIn', { where })
      : say(query.unfinished ? 'error.session.noUnfinishedOf' : 'error.session.noneOf', { crisis, where });
  throw new CrisisError(what, {
    hint:
      crisis === undefined
        ? ctx.store
          ? commandHint(ctx, 'error.session.noneIn.storeHint', 'status')
          : say('error.session.noneIn.hint')
        : withPasswordSource(
            say('error.session.noneOf.hint', {
              start: typedCommand(ctx.deps.env, `start ${crisis}`, ctx.store),
              status: typedCommand(ctx.deps.env, 'status', ctx.store),
            }),
            ctx.store,
          ),
    exitCode: ExitCode.usage,
    code: 'session.unknown',
  });
}

function byPrefix(ctx: Ctx, ids: readonly string[], ref: string, where: string): string {
  if (ids.includes(ref)) return ref;
  const matches = ids.filter((id) => id.startsWith(ref));
  if (matches.length === 1) return matches[0]!;
  // A whole id that is not there: the command says "no session log" with the path it looked at.
  if (matches.length === 0 && SESSION_ID_PATTERN.test(ref)) return ref;
  if (matches.length === 0)
    throw new CrisisError(say('error.session.noPrefix', { ref, where }), {
      hint: commandHint(ctx, 'error.session.noPrefix.hint', 'status'),
      exitCode: ExitCode.usage,
      code: 'session.unknown',
    });
  const shown = matches.slice(0, 5).join(', ') + (matches.length > 5 ? ', …' : '');
  throw new CrisisError(say('error.session.ambiguous', { ref, count: matches.length, shown }), {
    hint: say('error.session.ambiguous.hint'),
    exitCode: ExitCode.usage,
    code: 'session.ambiguous',
  });
}

function newest(
  ctx: Ctx,
  ids: readonly string[],
  query: SessionQuery,
  heads?: ReadonlyMap<string, PgSessionHead>,
): string | undefined {
  for (const id of ids) {
    if (!SESSION_ID_PATTERN.test(id)) continue;
    // The crisis is in the id (`<date>-<time>-<crisis>-<4 hex>`): most ids are passed over without a read.
    if (query.crisis !== undefined && id.slice(16, -5) !== query.crisis) continue;
    // A team session's head came with the listing; a file session's is its log's first line.
    const paths = heads ? undefined : sessionPaths(logDir(ctx), id);
    const header = heads ? heads.get(id)?.header : readSessionHeader(paths!.log);
    if (!header || header.drill) continue;
    if (query.crisis !== undefined && header.crisis !== query.crisis) continue;
    const ended = () => (heads ? heads.get(id)!.ended : readSessionSummary(paths!, id)?.state === 'ended');
    if (query.unfinished && ended()) continue;
    return id;
  }
  return undefined;
}

/** How many of several resumable sessions `resume` lists before "…". */
const LISTED = 10;

/**
 * `crisis resume` with nothing named: the one session that may be resumed, said in one line on stderr. Resumable as
 * `start` judges it (offerResume): not a drill (as for `latest`), not ended, and in a log dir not being worked by a
 * live process now (paused or interrupted). None: undefined, and the command asks which session as before. Several:
 * refused, each listed with its crisis and start (as `status` shows them), with the command to type.
 */
async function soleResumable(ctx: Ctx): Promise<string | undefined> {
  const found: { id: string; header: SessionHeader }[] = [];
  if (ctx.store) {
    for (const head of await (await import('../store/postgres.js')).listPgSessionHeads(ctx.store))
      if (head.header && !head.header.drill && !head.ended) found.push({ id: head.session, header: head.header });
  } else {
    const dir = logDir(ctx);
    for (const id of listSessions(dir)) {
      if (!SESSION_ID_PATTERN.test(id)) continue;
      const paths = sessionPaths(dir, id);
      const header = readSessionHeader(paths.log);
      if (!header || header.drill) continue;
      const state = savedShownState(paths, id, ctx.deps.hostname, ctx.deps.now());
      if (state === 'paused' || state === 'interrupted') found.push({ id, header });
    }
  }
  const line = ({ id, header }: (typeof found)[number]) => ({
    id,
    crisis: sanitizeLine(header.crisis),
    started: sessionTimeIn(header.zone, ctx.deps.env)(header.startedAt),
  });
  if (found.length === 0) return undefined;
  if (found.length === 1) {
    ctx.err(msg(ctx.lang, 'resume.sole', line(found[0]!)));
    return found[0]!.id;
  }
  // One line each, as `status` lists them: id, crisis, start.
  const rows = found.slice(0, LISTED).map((f) => Object.values(line(f)).join('  '));
  const more = found.length - rows.length;
  throw new CrisisError(
    say('error.resume.several', {
      command: 'resume',
      count: found.length,
      list: rows.map((row) => `  ${row}`).join('\n'),
      more: more > 0 ? say('error.resume.several.more', { count: more }) : '',
    }),
    {
      hint: commandHint(ctx, 'error.resume.several.hint', 'resume <id>'),
      exitCode: ExitCode.usage,
      code: 'session.several',
    },
  );
}
