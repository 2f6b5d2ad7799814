import { timelineCsv, timelineMarkdown, timelineRows, timelineText } from '../render/timeline.js';
import type { Ctx } from './context.js';
import { loadSession, warnDamaged } from './load-session.js';

export async function run(ctx: Ctx, ref: string, options: { format: 'text' | 'md' | 'json' | 'csv' }): Promise<number> {
  const { log, id } = await loadSession(ctx, ref, { anyFile: true });
  if (options.format === 'json') {
    for (const e of log.events) ctx.out(JSON.stringify(e));
  } else {
    const rows = timelineRows(log.events);
    const lines =
      options.format === 'md'
        ? [`# Action log: ${id}`, '', ...timelineMarkdown(rows)]
        : options.format === 'csv'
          ? timelineCsv(rows)
          : timelineText(rows);
    for (const line of lines) ctx.out(line);
  }
  warnDamaged(ctx, id, log);
  return log.break ? 1 : 0;
}
