import { localize } from '../playbook/text.js';
import type { Library } from '../playbook/library-build.js';
import { sanitizeLine } from '../text/sanitize.js';
import { narrowTable, narrowTruncate, plainWidth } from '../render/table.js';
import { builtinIndexSize, indexEntryOf } from '../store/library-files.js';
import type { Ctx } from './context.js';
import { openLibrary, warnBrokenFiles } from './library-open.js';
import { msg } from '../text/messages.js';
import { makeStyle } from './style.js';
import { byName } from '../text/order.js';

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

/**
 * Each playbook's composed step count from the build-time index (scripts/build-index.mjs), when the library
 * is exactly the built-ins it was computed from: every entry read from the index, none overridden, none
 * missing, no problem. Otherwise undefined: a user file may change what a playbook composes to.
 */
export function indexedStepCounts(library: Library): Map<string, number> | undefined {
  const entries = [...library.playbooks, ...library.drills, ...library.catalogues];
  if (library.problems.length > 0 || entries.length !== builtinIndexSize()) return undefined;
  const counts = new Map<string, number>();
  for (const entry of entries) {
    const indexed = indexEntryOf(entry.data);
    if (!indexed || entry.source !== 'built-in' || entry.overrides.length > 0) return undefined;
    // a drill's count is its responses, shown on its own row; a drill id may be a playbook's too
    if (indexed.steps !== undefined && entry.data.kind !== 'drill') counts.set(entry.id, indexed.steps);
  }
  return library.playbooks.every((p) => counts.has(p.id)) ? counts : undefined;
}

/** The STEPS column: from the index over the built-ins alone, else composed (compose is loaded only then). */
async function stepCounts(library: Library): Promise<Map<string, number>> {
  const indexed = indexedStepCounts(library);
  if (indexed) return indexed;
  const { compose, planSteps } = await import('../playbook/compose.js');
  return new Map(
    library.playbooks.map((p) => {
      const plan = compose(library, p.id).plan;
      return [p.id, plan ? planSteps(plan).length : 0];
    }),
  );
}

export async function run(ctx: Ctx, options: { kind?: Kind; json?: boolean }): Promise<number> {
  const library = await openLibrary(ctx);
  const steps = await stepCounts(library);
  const rows: ListedPlaybook[] = [
    ...library.playbooks.map((p) => ({
      id: p.id,
      kind: p.kind as Kind,
      title: sanitizeLine(localize(p.data.title, ctx.lang)),
      steps: steps.get(p.id)!,
      file: p.file,
      source: p.source,
      overrides: p.overrides,
    })),
    ...library.drills.map((d) => ({
      id: d.id,
      kind: 'drill' as const,
      title: sanitizeLine(localize(d.data.title, ctx.lang)),
      // from the build-time index when the drill is a built-in the build saw: its responses are then not read
      steps: (d.source === 'built-in' ? indexEntryOf(d.data)?.steps : undefined) ?? d.data.responses.length,
      file: d.file,
      source: d.source,
      overrides: d.overrides,
    })),
  ]
    .filter((r) => options.kind === undefined || r.kind === options.kind)
    .sort((a, b) => KINDS.indexOf(a.kind) - KINDS.indexOf(b.kind) || byName(a.id, b.id));

  if (options.json) {
    ctx.out(JSON.stringify(rows, null, 2));
    warnBrokenFiles(ctx, library);
    return 0;
  }
  const style = await makeStyle(ctx.color);
  // A narrow terminal folds a table's rows mid-title: below 80 columns each playbook is an id line and a details line.
  const { columns, isTTY } = ctx.deps.stdout;
  const narrow = isTTY === true && columns !== undefined && columns < 80;
  const width = Math.max(60, columns ?? 100);
  const titleWidth = Math.max(20, width - 60);
  // `--json` keeps the source as found (`built-in` or a directory); the table says built-in in the reader's language
  const sourceSaid = (source: string) => (source === 'built-in' ? msg(ctx.lang, 'list.builtIn') : source);
  const sourceCell = (r: ListedPlaybook) =>
    sanitizeLine(
      r.overrides.length > 0
        ? `${sourceSaid(r.source)} (${msg(ctx.lang, 'list.overrides')} ${r.overrides.join(', ')})`
        : sourceSaid(r.source),
    );
  // Text of one column per character is cut and aligned by length; other text (Chinese) by display width.
  let wide: typeof import('../render/width.js') | undefined;
  const widthCode = async () => (wide ??= await import('../render/width.js'));
  const cut = async (text: string, room: number) =>
    narrowTruncate(text, room) ?? (await widthCode()).truncate(text, room);
  let first = true;
  for (const kind of KINDS) {
    const group = rows.filter((r) => r.kind === kind);
    if (group.length === 0) continue;
    if (!first) ctx.out();
    first = false;
    ctx.out(style.bold(`${msg(ctx.lang, `list.kind.${kind}`)} (${group.length})`));
    if (narrow) {
      const details = group.map((r) => [msg(ctx.lang, 'list.stepCount', { count: r.steps }), sourceCell(r)]);
      const detailsLines = narrowTable(details) ?? (await widthCode()).table(details);
      const measure = async (text: string) => plainWidth(text) ?? (await widthCode()).displayWidth(text);
      let detailsWidth = 0;
      for (const line of detailsLines) detailsWidth = Math.max(detailsWidth, await measure(line));
      // the titles take what the indent, the gap and the widest details leave of the line, aligned as a column
      const room = Math.max(20, columns - 6 - detailsWidth);
      const cells = await Promise.all(group.map(async (r, i) => [await cut(r.title, room), detailsLines[i]!]));
      const lines = narrowTable(cells) ?? (await widthCode()).table(cells);
      ctx.out(group.map((r, i) => `  ${r.id}\n    ${lines[i]}`).join('\n'));
      continue;
    }
    const cells = [
      [
        msg(ctx.lang, 'list.column.id'),
        msg(ctx.lang, 'list.column.title'),
        msg(ctx.lang, 'list.column.steps'),
        msg(ctx.lang, 'list.column.source'),
      ],
      ...(await Promise.all(
        group.map(async (r) => [r.id, await cut(r.title, titleWidth), String(r.steps), sourceCell(r)]),
      )),
    ];
    const lines = narrowTable(cells) ?? (await widthCode()).table(cells);
    lines.forEach((line, i) => ctx.out(i === 0 ? style.dim(`  ${line}`) : `  ${line}`));
  }
  if (rows.length === 0) ctx.out(msg(ctx.lang, 'list.none'));
  warnBrokenFiles(ctx, library);
  return 0;
}
