import { planContent } from '../playbook/compose.js';
import { renderPlanText } from '../render/plan-text.js';
import type { Severity } from '../playbook/types.js';
import type { Ctx } from './context.js';
import { jurisdictionsOption, openLibrary, requirePlan } from './library.js';
import { makeStyle } from './style.js';

export async function run(
  ctx: Ctx,
  id: string,
  options: { severity?: Severity; with?: string[]; jurisdiction?: string[]; json?: boolean },
): Promise<number> {
  const library = await openLibrary(ctx);
  const plan = await requirePlan(ctx, library, id, {
    severity: options.severity,
    with: options.with,
    jurisdictions: jurisdictionsOption(options.jurisdiction),
  });
  if (options.json) {
    ctx.out(JSON.stringify(planContent(plan), null, 2));
    return 0;
  }
  const style = await makeStyle(ctx.color);
  // At a terminal each line is wrapped to its width between words: the terminal folded guidance inside words.
  const { wrappedOut, settled } = await import('./wrapped-out.js');
  const out = await wrappedOut(ctx);
  for (const line of renderPlanText(plan, ctx.lang, style)) out(line);
  await settled(ctx);
  return 0;
}
