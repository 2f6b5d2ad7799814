import { LiveSession } from '../drive/live-session.js';
import { planHash } from '../playbook/compose.js';
import type { Severity } from '../playbook/types.js';
import { FileEventLog } from '../store/file-log.js';
import { FileStore } from '../store/file-store.js';
import type { EventStore } from '../session/event-store.js';
import { sanitizeLine } from '../text/sanitize.js';
import type { Ctx } from './context.js';
import { assertId, jurisdictionsOption, openLibrary, requirePlan } from './library.js';
import { ensureSomeoneAnswers, runLive } from './run-live.js';
import { freshSessionId, logDir, readAnswers } from './sessions.js';

export interface StartOptions {
  severity?: Severity;
  operator?: string;
  answers?: string;
  with?: string[];
  jurisdiction?: string[];
  as?: string;
}

export async function run(ctx: Ctx, crisis: string, options: StartOptions): Promise<number> {
  assertId(crisis, 'playbook');
  const library = await openLibrary(ctx);
  const plan = await requirePlan(ctx, library, crisis, {
    severity: options.severity,
    with: options.with,
    jurisdictions: jurisdictionsOption(options.jurisdiction),
  });
  if (options.as !== undefined && !plan.roles.some((r) => r.id === options.as)) {
    const { CrisisError, ExitCode } = await import('../errors.js');
    throw new CrisisError(`--as: unknown role "${options.as}"`, {
      hint: `roles: ${plan.roles.map((r) => r.id).join(', ')}`,
      exitCode: ExitCode.usage,
    });
  }
  ensureSomeoneAnswers(ctx, options.answers);
  const answers = options.answers ? await readAnswers(options.answers, ctx.deps.cwd) : undefined;
  const operator = options.operator ?? answers?.operator ?? ctx.deps.username();
  const now = ctx.deps.now();
  const owner = { pid: ctx.deps.pid, host: ctx.deps.hostname };
  const log = ctx.store
    ? await (await import('../store/postgres.js')).PgStore.open(ctx.store, freshSessionId(plan.id, now))
    : new FileStore(FileEventLog.createFresh(logDir(ctx), () => freshSessionId(plan.id, now), owner, now));
  const id = log.session;
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
      },
    }),
  );
  ctx.err(`session ${id} started (${plan.id}, severity ${plan.severity}, operator ${sanitizeLine(operator)})`);
  ctx.err(`log: ${log.location}`);
  if (ctx.store) ctx.err(`others join with: crisis join ${id} --as ROLE --store …`);
  return runLive(ctx, session, log, { answers: options.answers, as: options.as });
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
