import { compose, planSteps } from '../playbook/compose.js';
import { localize } from '../playbook/text.js';
import { sanitizeLine } from '../text/sanitize.js';
import { table, truncate } from '../render/width.js';
import type { Ctx } from './context.js';
import { openLibrary, warnBrokenFiles } from './library.js';
import { msg } from '../text/messages.js';
import { makeStyle } from './style.js';

type Kind = 'crisis' | 'strategy' | 'review' | 'drill';
const KINDS: Kind[] = ['crisis', 'strategy', 'review', 'drill'];

export interface ListedPlaybook {
  id: string;
  kind: Kind;
  title: string;
  steps: number;
  file: string;
  source: string;
  overrides: string[];
}

export async function run(ctx: Ctx, options: { kind?: Kind; json?: boolean }): Promise<number> {
  const library = await openLibrary(ctx);
  const rows: ListedPlaybook[] = [
    ...library.playbooks.map((p) => ({
      id: p.id,
      kind: p.kind as Kind,
      title: sanitizeLine(localize(p.data.title, ctx.lang)),
      steps: (() => {
        const plan = compose(library, p.id).plan;
        return plan ? planSteps(plan).length : 0;
      })(),
      file: p.file,
      source: p.source,
      overrides: p.overrides,
    })),
    ...library.drills.map((d) => ({
      id: d.id,
      kind: 'drill' as const,
      title: sanitizeLine(localize(d.data.title, ctx.lang)),
      steps: d.data.responses.length,
      file: d.file,
      source: d.source,
      overrides: d.overrides,
    })),
  ]
    .filter((r) => options.kind === undefined || r.kind === options.kind)
    .sort((a, b) => KINDS.indexOf(a.kind) - KINDS.indexOf(b.kind) || a.id.localeCompare(b.id));

  if (options.json) {
    ctx.out(JSON.stringify(rows, null, 2));
    warnBrokenFiles(ctx, library);
    return 0;
  }
  const style = await makeStyle(ctx.color);
  const width = Math.max(60, ctx.deps.stdout.columns ?? 100);
  let first = true;
  for (const kind of KINDS) {
    const group = rows.filter((r) => r.kind === kind);
    if (group.length === 0) continue;
    if (!first) ctx.out();
    first = false;
    ctx.out(style.bold(`${msg(ctx.lang, `list.kind.${kind}`)} (${group.length})`));
    const lines = table([
      [
        msg(ctx.lang, 'list.column.id'),
        msg(ctx.lang, 'list.column.title'),
        msg(ctx.lang, 'list.column.steps'),
        msg(ctx.lang, 'list.column.source'),
      ],
      ...group.map((r) => [
        r.id,
        truncate(r.title, Math.max(20, width - 60)),
        String(r.steps),
        sanitizeLine(
          r.overrides.length > 0
            ? `${r.source} (${msg(ctx.lang, 'list.overrides')} ${r.overrides.join(', ')})`
            : r.source,
        ),
      ]),
    ]);
    lines.forEach((line, i) => ctx.out(i === 0 ? style.dim(`  ${line}`) : `  ${line}`));
  }
  if (rows.length === 0) ctx.out(msg(ctx.lang, 'list.none'));
  warnBrokenFiles(ctx, library);
  return 0;
}
