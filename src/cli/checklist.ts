import { CrisisError, ExitCode, say } from '../errors.js';
import type { Plan } from '../playbook/compose.js';
import type { Severity } from '../playbook/types.js';
import { buildChecklist, checklistCards, checklistRole, type ChecklistData } from '../render/checklist-data.js';
import { renderChecklistCardsHtml, renderChecklistHtml } from '../render/checklist-html.js';
import { renderChecklistCardsMarkdown, renderChecklistMarkdown } from '../render/checklist-md.js';
import { machineZone, type Ctx } from './context.js';
import { sessionClock } from '../playbook/profile.js';
import { jurisdictionsOption, openLibrary, printable, requirePlan } from './library.js';
import { loadSession, warnDamaged } from './load-session.js';
import { isStdout, planFiles, writeOutput } from './output.js';
import { replay } from '../session/replay.js';
import { dutyClock, replayContext } from '../session/progress.js';
import { mayHold } from '../playbook/condition.js';
import { compose, planSteps } from '../playbook/compose.js';
import type { Library } from '../playbook/library.js';

export type ChecklistFormat = 'md' | 'html' | 'json';

export interface ChecklistCommandOptions {
  format?: ChecklistFormat;
  severity?: Severity;
  role?: string;
  cards?: boolean;
  with?: string[];
  jurisdiction?: string[];
  output?: string;
  /** tick progress from this session's log */
  session?: string;
}

/** `crisis checklist <id>`: the composed plan as a Markdown, HTML or JSON checklist, or as role cards. */
export async function run(ctx: Ctx, id: string | undefined, options: ChecklistCommandOptions = {}): Promise<number> {
  const library = await openLibrary(ctx);
  const progress = options.session === undefined ? undefined : await sessionProgress(ctx, library, options.session);
  if (progress && id !== undefined && id !== progress.crisis) {
    throw new CrisisError(
      say('error.checklist.otherCrisis', { session: String(options.session), crisis: progress.crisis, id }),
      {
        hint: say('error.checklist.otherCrisis.hint', { session: String(options.session) }),
        exitCode: ExitCode.usage,
      },
    );
  }
  const crisis = progress?.crisis ?? id;
  if (crisis === undefined)
    throw new CrisisError(say('error.checklist.which'), {
      hint: say('error.checklist.which.hint'),
      exitCode: ExitCode.usage,
    });
  const plan = await requirePlan(
    ctx,
    library,
    crisis,
    progress
      ? { severity: progress.severity, with: progress.with, jurisdictions: progress.jurisdictions }
      : { severity: options.severity, with: options.with, jurisdictions: jurisdictionsOption(options.jurisdiction) },
  );
  const role = options.role === undefined ? undefined : requireRole(plan, options.role);
  const cards = options.cards === true;
  // Cards are cut from the whole checklist: a role's card also lists the
  // statements it approves, which other roles own.
  const data = buildChecklist(plan, ctx.lang, {
    role: cards ? undefined : role,
    done: progress?.done,
    skipped: progress?.skipped,
    blocked: progress?.blocked,
    assigned: progress?.assigned,
    applies: progress?.applies,
    ...(progress
      ? {
          session: {
            id: progress.id,
            startedAt: progress.startedAt,
            zone: progress.zone,
            ...(progress.detectedAt === undefined ? {} : { detectedAt: progress.detectedAt }),
          },
        }
      : {}),
  });
  const text = render(data, options.format ?? 'md', cards, role);
  // Progress from a damaged log: the checklist of its good part, and exit 1 (README, exit codes).
  const exit = progress?.damaged ? ExitCode.problems : ExitCode.ok;
  if (options.output === undefined || isStdout(options.output)) {
    ctx.deps.stdout.write(text);
    return exit;
  }
  // Never over the playbooks read or the session's log (-o logs/ID.jsonl replaced the history).
  const inputs = [...planFiles(library, plan), ...(progress ? [progress.log] : [])];
  writeOutput(ctx, options.output, text, { code: 'checklist.write', flag: '-o', inputs });
  return exit;
}

/** --role must name a role of the composed plan; the hint lists them. */
function requireRole(plan: Plan, role: string): string {
  if (plan.roles.some((r) => r.id === role)) return role;
  throw new CrisisError(say('error.role.unknownIn', { role: printable(role), plan: plan.id }), {
    hint: say('error.role.list', { roles: plan.roles.map((r) => r.id).join(', ') }),
    exitCode: ExitCode.usage,
    code: 'checklist.unknown-role',
  });
}

function render(data: ChecklistData, format: ChecklistFormat, cards: boolean, role: string | undefined): string {
  switch (format) {
    case 'html':
      return cards ? renderChecklistCardsHtml(data, role) : renderChecklistHtml(data);
    case 'json':
      return `${JSON.stringify(cards ? cardsJson(data, role) : data, null, 2)}\n`;
    case 'md':
      return cards ? renderChecklistCardsMarkdown(data, role) : renderChecklistMarkdown(data);
    default:
      throw new CrisisError(say('error.checklist.format', { format: printable(String(format)) }), {
        hint: say('error.checklist.format.hint'),
        exitCode: ExitCode.usage,
      });
  }
}

/** `--cards --format json`: the checklist's header with the cards instead of the phases. */
function cardsJson(data: ChecklistData, role: string | undefined) {
  const { phases: _phases, ...head } = data;
  return {
    ...head,
    ...(role === undefined ? {} : { role: checklistRole(data, role) }),
    cards: checklistCards(data, role),
  };
}

/** Done, skipped and blocked steps from a session's log, whom steps were assigned to, and the plan it runs. */
async function sessionProgress(ctx: Ctx, library: Library, ref: string) {
  const { sessionRef } = await import('./session-ref.js');
  const { log, first, id, paths } = await loadSession(ctx, (await sessionRef(ctx, ref)) ?? ref);
  const damaged = warnDamaged(ctx, id, log);
  const plan = compose(library, first.data.crisis, {
    severity: first.data.severity,
    with: first.data.with,
    jurisdictions: first.data.jurisdictions,
  }).plan;
  const state = replay(log.events, plan ? replayContext(plan) : undefined);
  const done = new Set<string>();
  const skipped = new Map<string, string>();
  const blocked = new Map<string, string>();
  const assigned = new Map<string, string>();
  // Left out only when its condition is false on the facts recorded so far. A step that waits on a fact nobody has
  // recorded yet stays on paper, its condition printed with it: whoever works from the sheet must see that it may
  // come (status counts it once its condition holds).
  const applies = plan
    ? new Set(
        planSteps(plan)
          .filter((s) => mayHold(s.when, state.facts, state.severity))
          .map((s) => s.id),
      )
    : undefined;
  for (const [step, st] of Object.entries(state.steps)) {
    if (st.status === 'done') done.add(step);
    if (st.status === 'skipped') skipped.set(step, st.reason ?? '');
    if (st.status === 'blocked') blocked.set(step, st.reason ?? '');
    if (st.assignedTo !== undefined) assigned.set(step, st.assignedTo);
  }
  return {
    id,
    /** the log read, which -o must not replace */
    log: paths.log,
    damaged,
    startedAt: state.startedAt,
    /** the zone the session shows times in, as its step screen did */
    zone: sessionClock(state.facts, machineZone(ctx.deps.env)).zone,
    /** when the incident was detected, before the start, as the duties count from it (else undefined) */
    detectedAt: dutyClock(state).detectedAt,
    crisis: first.data.crisis,
    severity: first.data.severity,
    with: first.data.with,
    jurisdictions: first.data.jurisdictions,
    done,
    skipped,
    blocked,
    assigned,
    applies,
  };
}
