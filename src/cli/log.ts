import { CrisisError, say } from '../errors.js';
import { msg } from '../text/messages.js';
import {
  loggedZoneFacts,
  timelineCsv,
  timelineMarkdown,
  timelineRows,
  timelineText,
  type TimelineInputs,
  type TimelineRoles,
} from '../render/timeline.js';
import { sessionClock } from '../playbook/profile.js';
import type { StoredEvent } from '../session/events.js';
import { machineZone, type Ctx } from './context.js';
import { loadSession, warnDamaged } from './load-session.js';

export type LogFormat = 'text' | 'md' | 'json' | 'jsonl' | 'csv';

/**
 * `jsonl` is the log's own shape, one event per line, for `jq -c` and
 * streaming; `json` is one document (`{session, events}`) that JSON.parse
 * reads whole. `--bom` starts CSV with a UTF-8 byte order mark, which Excel
 * needs to read anything but ASCII.
 */
export async function run(ctx: Ctx, ref: string, options: { format: LogFormat; bom?: boolean }): Promise<number> {
  if (options.bom && options.format !== 'csv')
    throw new CrisisError(say('error.log.bom'), {
      hint: say('error.log.bom.hint'),
      exitCode: 2,
    });
  const { log, id, first } = await loadSession(ctx, ref, { anyFile: true });
  if (options.format === 'jsonl') {
    for (const e of log.events) ctx.out(JSON.stringify(e));
  } else if (options.format === 'json') {
    ctx.out(JSON.stringify({ session: id, events: log.events }, null, 2));
  } else {
    // The session's times in its zone, as its step screen showed them (the organisation's, else this machine's).
    const clock = sessionClock(loggedZoneFacts(log.events), machineZone(ctx.deps.env));
    const { roles, inputs } = await planWords(ctx, log.events, first);
    const rows = timelineRows(log.events, ctx.lang, roles, clock, inputs);
    const lines =
      options.format === 'md'
        ? [`# ${msg(ctx.lang, 'timeline.title', { id })}`, '', ...timelineMarkdown(rows, ctx.lang)]
        : options.format === 'csv'
          ? timelineCsv(rows)
          : timelineText(rows, ctx.lang);
    if (options.bom && lines[0] !== undefined) lines[0] = `\uFEFF${lines[0]}`;
    // The text timeline at a terminal: each event wrapped between words, hanging under its time (the terminal folded
    // notes and facts inside words). Files and pipes get one line per event, as do md and csv anywhere.
    const { isTTY, columns } = ctx.deps.stdout;
    const wrap = options.format === 'text' && isTTY && columns ? columns : undefined;
    // string-width only for a line that needs it (narrow.ts): its import is more than the rest of a short log
    const narrowWrapHanging = wrap ? (await import('../render/narrow.js')).narrowWrapHanging : undefined;
    const narrow = narrowWrapHanging ? lines.map((line) => narrowWrapHanging(line, wrap!)) : [];
    const wide = narrow.includes(undefined) ? await import('../render/width.js') : undefined;
    lines.forEach((line, i) => {
      for (const row of wrap ? (narrow[i] ?? wide!.wrapHanging(line, wrap)) : [line]) ctx.out(row);
    });
  }
  warnDamaged(ctx, id, log);
  // a line cut off by a crash is damage too (verify and export say 1): a script must not take the output as whole
  return log.break || log.tornBytes ? 1 : 0;
}

/**
 * What the session's playbook says that the timeline names things by, in the run's language: its roles, to name a
 * handed-over role by its title as `status` does, and its questions, to say a choice answer by its label as the step
 * screen offered it. Only a log with a handoff or an answer in words needs them: the library is opened and the plan
 * composed for those alone (a log of yes/no and numbers reads no playbook). A playbook no longer found leaves both
 * empty, and the timeline names roles by id and answers by value.
 */
async function planWords(
  ctx: Ctx,
  events: readonly StoredEvent[],
  first: StoredEvent & { type: 'session.started' },
): Promise<{ roles: TimelineRoles; inputs?: TimelineInputs }> {
  const worded = (e: StoredEvent) =>
    e.type === 'role.handoff' ||
    ((e.type === 'step.completed' || e.type === 'inject.received' || e.type === 'review.recorded') &&
      Object.values(e.data.facts).some((v) => typeof v === 'string'));
  if (!events.some(worded)) return { roles: [] };
  const [{ openLibrary }, { composeOnce, planInputs }] = await Promise.all([
    import('./library.js'),
    import('../playbook/compose.js'),
  ]);
  const { crisis, severity, with: extra, jurisdictions } = first.data;
  try {
    const plan = composeOnce(await openLibrary(ctx), crisis, { severity, with: extra, jurisdictions }).plan;
    return plan ? { roles: plan.roles, inputs: planInputs(plan) } : { roles: [] };
  } catch {
    // The record is printed whatever the playbooks say: a library that cannot be read (a broken --playbooks dir)
    // costs the titles and labels, not the log.
    return { roles: [] };
  }
}
