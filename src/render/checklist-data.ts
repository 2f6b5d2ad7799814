import { describeCondition } from '../playbook/condition.js';
import { planSteps, type Plan, type PlanStep } from '../playbook/compose.js';
import { factInputs } from '../playbook/fact-inputs.js';
import { durationWords, formatDuration, parseDuration } from '../playbook/duration.js';
import { localize } from '../playbook/text.js';
import { PROFILE_FACTS } from '../playbook/profile.js';
import type { Condition, Input, Lang, Scalar, Severity, Text } from '../playbook/types.js';
import { messagesFor, msg, type MessageKey } from '../text/messages.js';
import { own } from '../text/own.js';
import { targetLabel, targetName } from './review-words.js';
import { formatLocal } from './time.js';
import { channelWord } from './state-words.js';

/**
 * A composed plan as a checklist: every text already in one language,
 * conditions in words, owners as role titles. The Markdown, HTML and JSON
 * renderers all start from this, so they cannot disagree about what is on
 * the list. Text here is raw playbook text: the renderers escape it.
 */
export interface ChecklistData {
  /** format marker for `--format json` consumers */
  format: 'crisis-checklist';
  version: 1;
  lang: Lang;
  id: string;
  kind: Plan['kind'];
  title: string;
  summary?: string;
  severity: Severity;
  strategies: string[];
  /** set when the checklist is cut down to one role (`--role`) */
  role?: ChecklistRole;
  targets: ChecklistTarget[];
  /** every role of the plan, in plan order */
  roles: ChecklistRole[];
  /** phases with at least one item (after the role filter) */
  phases: ChecklistPhase[];
  /** `--session`: what the header's blanks would ask for, filled from the log (local date and start time) */
  session?: { id: string; date: string; started: string };
}

export interface ChecklistRole {
  id: string;
  title: string;
  description?: string;
}

export interface ChecklistTarget {
  id: string;
  /** `assessment` -> "Assessment"; names the playbook invents stay as they are */
  label: string;
  /** duration from the start, e.g. `30m` */
  duration: string;
  /** a cadence (`update-every`) rather than a deadline */
  repeats: boolean;
  /** a reporting duty's deadline: the law counts it from detection, not from T (the start) */
  fromDetection?: true;
  /** `--session` with a detection time before its start: the deadline from T, e.g. `2h30m` or `-1h` */
  at?: string;
}

export type ChecklistMode = 'read-do' | 'do-confirm';

export interface ChecklistPhase {
  id: string;
  /** 1-based position in the full plan; kept when a role filter drops phases */
  number: number;
  title: string;
  /** playbook the phase comes from (the crisis or a strategy) */
  source: string;
  /** read-do: numbered steps done as read; do-confirm: confirmed at the pause point */
  mode: ChecklistMode;
  /** do-confirm only: when to stop and confirm */
  pausePoint?: string;
  items: ChecklistItem[];
}

export type ChecklistStatus = 'open' | 'done' | 'skipped' | 'blocked';

export interface ChecklistItem {
  id: string;
  /** `phase.step` in the full plan, e.g. `2.3`; stable under `--role` */
  number: string;
  title: string;
  owner?: ChecklistRole;
  due?: ChecklistDue;
  /** the step's `when` in plain words, without the "only if" */
  condition?: string;
  checklist: string[];
  /** what to write down when the step is done (the step's inputs) */
  records: ChecklistRecord[];
  statement?: { channels: string[]; approveBy?: ChecklistRole };
  status: ChecklistStatus;
  /** why it was skipped or is blocked, when it was or is */
  reason?: string;
  /** the person the step was assigned to in the session, when it was */
  assignedTo?: string;
}

export interface ChecklistDue {
  /** as written in the playbook: `30m` or a target name */
  spec: string;
  /** offset from the start, e.g. `45m`; absent for an unknown target */
  after?: string;
  /** the target the due refers to */
  target?: string;
  /** for a cadence target (update-every): the interval */
  every?: string;
  /** a reporting duty's step: its deadline counts from detection, not from T (the start) */
  fromDetection?: true;
  /** `--session` with a detection time before its start: the deadline from T, e.g. `2h30m` or `-1h` */
  at?: string;
}

export interface ChecklistRecord {
  id: string;
  label: string;
  type: Input['type'];
  required: boolean;
}

export interface ChecklistOptions {
  /** keep only the steps this role owns */
  role?: string;
  /** step ids already done (from a session log), ticked in the output */
  done?: ReadonlySet<string>;
  /** step id -> reason, for steps skipped in a session */
  skipped?: ReadonlyMap<string, string>;
  /** step id -> reason, for steps blocked in a session (still to be done) */
  blocked?: ReadonlyMap<string, string>;
  /** step id -> the person it was assigned to in a session */
  assigned?: ReadonlyMap<string, string>;
  /**
   * the session ticked from: its id, when it started (ms), the zone its times are shown in (sessionClock), and when
   * the incident was detected (ms) when the session recorded a time before its start that its duties count from
   * (progress.ts dutyClock)
   */
  session?: { id: string; startedAt: number; zone: string; detectedAt?: number };
  /**
   * With a session: the steps that may apply to it (no `when`, or one not false on its facts so far). A step its
   * facts rule out is left out, as `status` and `review` leave it out: an open box would say work remains.
   */
  applies?: ReadonlySet<string>;
}

/** Targets that set a rhythm (every 4h) rather than a deadline from the start. */
const CADENCE_TARGETS = new Set(['update-every']);

/** Build the checklist of a composed plan in one language. Pure. */
export function buildChecklist(plan: Plan, lang: Lang, options: ChecklistOptions = {}): ChecklistData {
  const t = (text: Text | undefined) => localize(text, lang);
  const words = checklistLabels(lang);
  const roles: ChecklistRole[] = plan.roles.map((r) => ({
    id: r.id,
    title: t(r.title),
    ...(r.description ? { description: t(r.description) } : {}),
  }));
  const roleOf = (id: string): ChecklistRole => {
    const found = roles.find((r) => r.id === id);
    return found ? { id, title: found.title } : { id, title: id };
  };
  // A condition on the organisation's facts (org-listed) by its label too, as the step screen words it.
  const inputs = factInputs(plan);

  // A target no step is timed by, bar the standard ones, is a deadline nobody on the checklist meets: cybersecurity's
  // regulator-notice once the jurisdictions' reports replaced its step, printed as a bare id in the box.
  const timed = new Set(planSteps(plan).map((s) => s.due));
  // A reporting duty's deadline counts from detection (progress.ts dutyClock), which may be before T.
  const dutyTimed = new Set(planSteps(plan).flatMap((s) => (s.duty && s.due ? [s.due] : [])));
  // From a session that knows when the incident was detected, such a deadline is also a time from T, as status says.
  const detected = options.session?.detectedAt;
  const fromT = (duration: string): { at?: string } => {
    const ms = parseDuration(duration);
    return detected === undefined || ms === undefined
      ? {}
      : { at: formatDuration(detected - options.session!.startedAt + ms) };
  };
  const targets: ChecklistTarget[] = Object.entries(plan.targets)
    .filter(([id]) => (TARGET_NAMES as readonly string[]).includes(id) || timed.has(id))
    .map(([id, duration]) => ({
      id,
      // A reporting duty's deadline is named by its report step (four rows of "legal reporting deadline" say nothing).
      label: targetLabel(plan, id, lang),
      duration,
      repeats: CADENCE_TARGETS.has(id),
      ...(dutyTimed.has(id) ? { fromDetection: true as const, ...fromT(duration) } : {}),
    }));

  const due = (step: PlanStep, spec: string): ChecklistDue => {
    if (parseDuration(spec) !== undefined) return { spec, after: spec };
    const target = own(plan.targets, spec);
    if (target === undefined) return { spec, target: spec };
    if (CADENCE_TARGETS.has(spec)) return { spec, target: spec, every: target };
    // Only the duty's own step and its written report count from detection (stepDueAt); another step timed by its
    // target counts from T. A report shared by duties of different deadlines gives the earliest (reportStep).
    return {
      spec,
      target: spec,
      after: target,
      ...(step.duty || step.sends ? { fromDetection: true as const, ...fromT(target) } : {}),
    };
  };

  const item = (step: PlanStep, number: string): ChecklistItem => {
    const skipped = options.skipped?.get(step.id);
    const blocked = options.blocked?.get(step.id);
    const assignedTo = options.assigned?.get(step.id);
    const status: ChecklistStatus = options.done?.has(step.id)
      ? 'done'
      : skipped !== undefined
        ? 'skipped'
        : blocked !== undefined
          ? 'blocked'
          : 'open';
    const reason = status === 'skipped' ? skipped : status === 'blocked' ? blocked : undefined;
    return {
      id: step.id,
      number,
      title: t(step.title),
      ...(step.owner ? { owner: roleOf(step.owner) } : {}),
      ...(step.due ? { due: due(step, step.due) } : {}),
      ...(step.when ? { condition: conditionWords(step.when, lang, inputs) } : {}),
      checklist: (step.checklist ?? []).map(t),
      records: (step.inputs ?? []).map((i) => ({
        id: i.id,
        label: t(i.label),
        type: i.type,
        required: i.required === true,
      })),
      ...(step.statement
        ? {
            statement: {
              channels: Object.keys(step.statement),
              ...(step['approve-by'] ? { approveBy: roleOf(step['approve-by']) } : {}),
            },
          }
        : {}),
      status,
      ...(reason ? { reason } : {}),
      ...(assignedTo ? { assignedTo } : {}),
    };
  };

  const phases: ChecklistPhase[] = [];
  plan.phases.forEach((phase, index) => {
    const mode: ChecklistMode = phase.mode ?? 'read-do';
    const items = phase.steps
      .map((step, i) => ({ step, number: `${index + 1}.${i + 1}` }))
      .filter(({ step }) => options.role === undefined || step.owner === options.role)
      .filter(({ step }) => options.applies === undefined || options.applies.has(step.id))
      .map(({ step, number }) => item(step, number));
    if (items.length === 0) return;
    phases.push({
      id: phase.id,
      number: index + 1,
      title: t(phase.title),
      source: phase.source,
      mode,
      ...(mode === 'do-confirm'
        ? { pausePoint: phase['pause-point'] ? t(phase['pause-point']) : words.pauseDefault }
        : {}),
      items,
    });
  });

  return {
    format: 'crisis-checklist',
    version: 1,
    lang,
    id: plan.id,
    kind: plan.kind,
    title: t(plan.title),
    ...(plan.summary ? { summary: t(plan.summary) } : {}),
    severity: plan.severity,
    strategies: [...plan.strategies],
    ...(options.role !== undefined ? { role: roleOf(options.role) } : {}),
    targets,
    roles,
    phases,
    ...(options.session
      ? {
          session: {
            id: options.session.id,
            date: formatLocal(options.session.startedAt, options.session.zone).slice(0, 10),
            started: formatLocal(options.session.startedAt, options.session.zone).slice(11, 16),
          },
        }
      : {}),
  };
}

/** The checklist has deadlines, so it says once that they are defaults to tune. */
export const hasDeadlines = (data: ChecklistData): boolean =>
  data.phases.some((p) => p.items.some((i) => i.due !== undefined));

// ------------------------------------------------------------------ cards

/** What one person carries: the steps their role owns and the statements it approves. */
export interface ChecklistCard {
  role: ChecklistRole;
  items: Array<ChecklistItem & { phase: number; mode: ChecklistMode }>;
  approves: Array<{ number: string; title: string; due?: ChecklistDue }>;
}

/**
 * One card per role that owns or approves anything, in plan role order; with
 * `role`, that role's card only. Pass the whole checklist, not one cut down
 * with `--role`: a card also lists the statements its role approves, and
 * those steps belong to someone else.
 */
export function checklistCards(data: ChecklistData, role?: string): ChecklistCard[] {
  const all = data.phases.flatMap((p) => p.items.map((i) => ({ ...i, phase: p.number, mode: p.mode })));
  const cards: ChecklistCard[] = [];
  for (const r of data.roles) {
    if (role !== undefined && r.id !== role) continue;
    const items = all.filter((i) => i.owner?.id === r.id);
    const approves = all
      .filter((i) => i.statement?.approveBy?.id === r.id)
      .map((i) => ({ number: i.number, title: i.title, ...(i.due ? { due: i.due } : {}) }));
    if (items.length > 0 || approves.length > 0) cards.push({ role: r, items, approves });
  }
  return cards;
}

/** The role as the checklist names it, for headers. */
export function checklistRole(data: ChecklistData, id: string): ChecklistRole {
  const found = data.roles.find((r) => r.id === id);
  return found ? { id, title: found.title } : { id, title: id };
}

// ------------------------------------------------------- words and labels

/** The checklist's own words in both languages; the renderers share them. */
export interface ChecklistLabels {
  checklist: string;
  cards: string;
  crisis: string;
  severity: string;
  role: string;
  incident: string;
  date: string;
  started: string;
  targets: string;
  target: string;
  deadline: string;
  targetsNote: string;
  /** every deadline is a default: said once, under the summary */
  defaultsNote: string;
  owner: string;
  due: string;
  /** column headings in the HTML table */
  ownerColumn: string;
  dueColumn: string;
  step: string;
  onlyIf: string;
  record: string;
  statementOn: string;
  approvedBy: string;
  approves: string;
  heldBy: string;
  pausePoint: string;
  pauseDefault: string;
  confirmAtPause: string;
  skipped: string;
  blocked: string;
  noSteps: string;
  phase: string;
  severities: Record<Severity, string>;
  targetNames: Record<string, string>;
  yes: string;
  no: string;
  /** between list entries: `; ` or `；` */
  listSep: string;
  /** `: ` or `：` */
  colon: string;
}

const SEVERITIES: readonly Severity[] = ['low', 'medium', 'high', 'critical'];
const TARGET_NAMES = ['assessment', 'first-statement', 'update-every'] as const;

/** The checklist's words, taken from the one message catalogue (src/text/messages.ts). */
function labelsFrom(lang: Lang): ChecklistLabels {
  const m = (key: MessageKey) => msg(lang, key);
  return {
    checklist: m('checklist.checklist'),
    cards: m('checklist.cards'),
    crisis: m('checklist.crisis'),
    severity: m('checklist.severity'),
    role: m('checklist.role'),
    incident: m('checklist.incident'),
    date: m('checklist.date'),
    started: m('checklist.started'),
    targets: m('checklist.targets'),
    target: m('checklist.target'),
    deadline: m('checklist.deadline'),
    targetsNote: m('checklist.targetsNote'),
    defaultsNote: m('plan.defaultsNote'),
    owner: m('checklist.owner'),
    due: m('checklist.due'),
    ownerColumn: m('checklist.ownerColumn'),
    dueColumn: m('checklist.dueColumn'),
    step: m('checklist.step'),
    onlyIf: m('checklist.onlyIf'),
    record: m('checklist.record'),
    statementOn: m('checklist.statementOn'),
    approvedBy: m('checklist.approvedBy'),
    approves: m('checklist.approves'),
    heldBy: m('checklist.heldBy'),
    pausePoint: m('checklist.pausePoint'),
    pauseDefault: m('checklist.pauseDefault'),
    confirmAtPause: m('checklist.confirmAtPause'),
    skipped: m('checklist.skipped'),
    blocked: m('checklist.blocked'),
    noSteps: m('checklist.noSteps'),
    phase: m('checklist.phase'),
    severities: Object.fromEntries(SEVERITIES.map((s) => [s, m(`severity.${s}`)])) as Record<Severity, string>,
    targetNames: Object.fromEntries(TARGET_NAMES.map((t) => [t, m(`target.${t}`)])),
    yes: m('common.yes'),
    no: m('common.no'),
    listSep: m('common.listSep'),
    colon: m('common.colon'),
  };
}

/** Made on first use, not at import: a language's catalogue is loaded only by a run in it. */
const labels: Partial<Record<'en' | 'zh', ChecklistLabels>> = {};

export function checklistLabels(lang: Lang): ChecklistLabels {
  const key = lang === 'zh' ? 'zh' : 'en';
  return (labels[key] ??= labelsFrom(key));
}

/**
 * A statement's channels as people read them (官网、社交媒体; website, social): the catalogue's word for each known
 * one, else its id, each through `escape` (Markdown, HTML, the screen's sanitizer), joined as the language joins words.
 */
export function channelWords(channels: readonly string[], lang: Lang, escape: (text: string) => string): string {
  const m = messagesFor(lang);
  return channels.map((channel) => escape(channelWord(channel, m))).join(m('common.wordSep'));
}

/** "only if …" in the reader's language (Chinese puts no space after 仅当). */
export function onlyIfWords(condition: string, lang: Lang): string {
  return msg(lang, 'checklist.onlyIfCondition', { condition });
}

/** A parenthetical: ` (x)` in English, `（x）` in Chinese. */
export const aside = (text: string, lang: Lang): string => msg(lang, 'common.aside', { text });

const every = (duration: string, lang: Lang) => msg(lang, 'time.every', { duration: durationWords(duration, lang) });

/**
 * A reporting duty's deadline on paper: the law's period counted from detection (`4h from detection`, 自发现起 4小时),
 * as the review words it. Not `T+4h`: T is when the response started, and the incident may have been found before.
 */
const fromDetection = (duration: string, lang: Lang) =>
  msg(lang, 'review.measure.fromDetection', { target: durationWords(duration, lang) });

/** `T+2h30m (4h from detection)` once a session knows when (`at`), else `4h from detection`. */
const detectionWords = (duration: string, at: string | undefined, lang: Lang) => {
  const words = fromDetection(duration, lang);
  if (at === undefined) return words;
  // Due the moment the response started (detected 2h before, a 2h clock): T itself, not T+0s.
  const offset =
    at === '0s' ? 'T' : at.startsWith('-') ? `T-${durationWords(at.slice(1), lang)}` : `T+${durationWords(at, lang)}`;
  return `${offset}${aside(words, lang)}`;
};

/** A due in words: `T+30m`, `T+1h (First statement)`, `every 4h`, `1h from detection` (a reporting duty). */
export function dueWords(due: ChecklistDue, lang: Lang): string {
  const name = due.target ? targetName(due.target, lang) : undefined;
  if (due.every) return every(due.every, lang);
  if (due.after === undefined) return name ?? due.spec;
  if (due.fromDetection) return detectionWords(due.after, due.at, lang);
  const offset = `T+${durationWords(due.after, lang)}`;
  return name ? `${offset}${aside(name, lang)}` : offset;
}

/** What a session's log says of a step besides done: skipped or blocked (with the reason), whom it was assigned to. */
export interface ProgressNote {
  kind: 'skipped' | 'blocked' | 'assigned';
  /** raw text (the reason and the name are the log's): the renderers escape it */
  text: string;
}

/** `skipped: reason`, `blocked: reason`, `assigned to Dana`: the same words in every format and on the cards. */
export function progressNotes(item: ChecklistItem, lang: Lang): ProgressNote[] {
  const words = checklistLabels(lang);
  const notes: ProgressNote[] = [];
  const reason = item.reason?.trim();
  const withReason = (label: string) => (reason ? `${label}${words.colon}${reason}` : label);
  if (item.status === 'skipped') notes.push({ kind: 'skipped', text: withReason(words.skipped) });
  if (item.status === 'blocked') notes.push({ kind: 'blocked', text: withReason(words.blocked) });
  if (item.assignedTo)
    notes.push({ kind: 'assigned', text: msg(lang, 'checklist.assignedTo', { name: item.assignedTo.trim() }) });
  return notes;
}

/** A target's deadline in words: `T+30m`, `every 4h` for a cadence, `1h from detection` for a reporting duty. */
export function targetWords(target: ChecklistTarget, lang: Lang): string {
  if (target.repeats) return every(target.duration, lang);
  return target.fromDetection
    ? detectionWords(target.duration, target.at, lang)
    : `T+${durationWords(target.duration, lang)}`;
}

// ------------------------------------------------------------ conditions

type InputMap = ReadonlyMap<string, Input>;

/**
 * A `when` in plain words, naming facts by the label of the input that
 * records them and choice values by their label. English goes through
 * describeCondition, so `show` and the checklist say the same thing;
 * Chinese uses the same structure with Chinese words.
 */
export function conditionWords(cond: Condition, lang: Lang, inputs: InputMap): string {
  const label = (fact: string) => {
    // A fact the organisation profile records (org-listed) by the question the statement screen asks it with.
    const input = inputs.get(fact) ?? own(PROFILE_FACTS, fact);
    return input ? `“${localize(input.label, lang).trim()}”` : fact;
  };
  const value = (fact: string, v: Scalar): Scalar => {
    const choice = typeof v === 'string' ? inputs.get(fact)?.choices?.find((c) => c.value === v) : undefined;
    return choice ? `“${localize(choice.label, lang)}”` : v;
  };
  const plain = withValueLabels(cond, value);
  return lang === 'zh' ? describeZh(plain, label) : describeCondition(plain, label);
}

/**
 * The same condition with choice values replaced by their labels, and
 * `in` with one value read as `equals` (the same test, in fewer words).
 */
function withValueLabels(cond: Condition, value: (fact: string, v: Scalar) => Scalar): Condition {
  if ('all' in cond) return { all: cond.all.map((c) => withValueLabels(c, value)) };
  if ('any' in cond) return { any: cond.any.map((c) => withValueLabels(c, value)) };
  if ('not' in cond) return { not: withValueLabels(cond.not, value) };
  if ('severity-at-least' in cond) return cond;
  if ('equals' in cond) return { fact: cond.fact, equals: value(cond.fact, cond.equals) };
  if (cond.in.length === 1) return { fact: cond.fact, equals: value(cond.fact, cond.in[0]!) };
  return { fact: cond.fact, in: cond.in.map((v) => value(cond.fact, v)) };
}

function describeZh(cond: Condition, label: (fact: string) => string): string {
  const ZH = checklistLabels('zh');
  const show = (v: Scalar) => (v === true ? `“${ZH.yes}”` : v === false ? `“${ZH.no}”` : String(v));
  if ('all' in cond) return cond.all.map((c) => describeZh(c, label)).join('且');
  if ('any' in cond) return cond.any.map((c) => describeZh(c, label)).join('或');
  if ('not' in cond) return `并非（${describeZh(cond.not, label)}）`;
  if ('severity-at-least' in cond) return `级别为“${ZH.severities[cond['severity-at-least']]}”或更高`;
  if ('equals' in cond) return `${label(cond.fact)}为${show(cond.equals)}`;
  return `${label(cond.fact)}为${cond.in.map(show).join('、')}之一`;
}
