import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { CrisisError, ExitCode } from '../errors.js';
import type { Plan } from '../playbook/compose.js';
import type { Severity } from '../playbook/types.js';
import { buildChecklist, checklistCards, type ChecklistData } from '../render/checklist-data.js';
import { renderChecklistCardsHtml, renderChecklistHtml } from '../render/checklist-html.js';
import { renderChecklistCardsMarkdown, renderChecklistMarkdown } from '../render/checklist-md.js';
import type { Ctx } from './context.js';
import { openLibrary, printable, requirePlan } from './library.js';

export type ChecklistFormat = 'md' | 'html' | 'json';

export interface ChecklistCommandOptions {
  format?: ChecklistFormat;
  severity?: Severity;
  role?: string;
  cards?: boolean;
  with?: string[];
  output?: string;
}

/** `crisis checklist <id>`: the composed plan as a Markdown, HTML or JSON checklist, or as role cards. */
export async function run(ctx: Ctx, id: string, options: ChecklistCommandOptions = {}): Promise<number> {
  const library = openLibrary(ctx);
  const plan = requirePlan(ctx, library, id, { severity: options.severity, with: options.with });
  const role = options.role === undefined ? undefined : requireRole(plan, options.role);
  const data = buildChecklist(plan, ctx.lang, { role });
  const text = render(data, options.format ?? 'md', options.cards === true);
  if (options.output === undefined || options.output === '-') {
    ctx.deps.stdout.write(text);
    return 0;
  }
  const file = path.resolve(ctx.deps.cwd, options.output);
  try {
    await writeFile(file, text, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const hint =
      code === 'ENOENT' ? `create the folder ${path.dirname(file)} first` : code === 'EISDIR' ? 'give a file name, not a folder' : code === 'EACCES' || code === 'EPERM' ? 'choose a place you can write to' : undefined;
    throw new CrisisError(`cannot write ${file}: ${(error as Error).message}`, { hint, exitCode: ExitCode.environment, code: 'checklist.write' });
  }
  ctx.err(`checklist written to ${file}`);
  return 0;
}

/** --role must name a role of the composed plan; the hint lists them. */
function requireRole(plan: Plan, role: string): string {
  if (plan.roles.some((r) => r.id === role)) return role;
  throw new CrisisError(`unknown role "${printable(role)}" in ${plan.id}`, {
    hint: `roles: ${plan.roles.map((r) => r.id).join(', ')}`,
    exitCode: ExitCode.usage,
    code: 'checklist.unknown-role',
  });
}

function render(data: ChecklistData, format: ChecklistFormat, cards: boolean): string {
  switch (format) {
    case 'html':
      return cards ? renderChecklistCardsHtml(data) : renderChecklistHtml(data);
    case 'json':
      return `${JSON.stringify(cards ? { ...header(data), cards: checklistCards(data) } : data, null, 2)}\n`;
    case 'md':
      return cards ? renderChecklistCardsMarkdown(data) : renderChecklistMarkdown(data);
    default:
      throw new CrisisError(`unknown format "${printable(String(format))}"`, { hint: 'use md, html or json', exitCode: ExitCode.usage });
  }
}

/** The checklist without its phases: what a JSON list of cards is about. */
function header(data: ChecklistData): Omit<ChecklistData, 'phases'> {
  const { phases: _phases, ...rest } = data;
  return rest;
}
