import { z } from 'zod';

/**
 * The playbook format, defined once. Every type in the code base comes from
 * these schemas (z.infer); the JSON Schema files under playbooks/schema/ are
 * generated from them (`crisis schema`), so `.describe()` text shows up in
 * editors.
 */

import { isStoreUrl, isTimeZone } from './profile.js';
import { DURATION_PATTERN, ID_PATTERN, LANGUAGES, SEVERITIES } from './constants.js';
// A message of the schema's own is a catalogued sentence: load.ts words it in the reader's language.
import { msg } from '../text/messages.js';

export { DURATION_PATTERN, ID_PATTERN, LANGUAGES, SEVERITIES };

export const Id = z
  .string()
  .max(64)
  .regex(ID_PATTERN, msg('en', 'problem.schema.id'))
  .describe('lower-kebab-case identifier');

export const Lang = z.enum(LANGUAGES);

export const Text = z
  .union([
    z.string().min(1),
    z.strictObject({
      en: z.string().min(1).describe('English text (required; the fallback language)'),
      zh: z.string().min(1).optional().describe('Simplified Chinese text'),
    }),
  ])
  .describe('A plain string, or a map of language to string with `en` required');

export const Severity = z.enum(SEVERITIES).describe('low | medium | high | critical');

export const Duration = z
  .string()
  .regex(DURATION_PATTERN, msg('en', 'problem.schema.duration'))
  .describe('A duration: a whole number followed by s, m, h or d');

/** One regex rather than a refine: the generated quick check (schema-check.gen.ts) reproduces regexes, not code. */
const DUE_PATTERN = new RegExp(`${DURATION_PATTERN.source}|${ID_PATTERN.source}`);

export const Due = z
  .string()
  .regex(DUE_PATTERN, msg('en', 'problem.schema.due'))
  .describe('A duration from session start (30m, 4h) or the name of a target (first-statement)');

export const PRINCIPLES = ['rapid-response', 'transparency', 'responsibility', 'prevention'] as const;
export const Principle = z.enum(PRINCIPLES);

/**
 * Markers the principle-coverage lint looks for. They say what a step is for,
 * independent of its wording or language.
 */
export const STEP_TAGS = [
  'assessment',
  'legal-review',
  'apology-decision',
  'corrective-action',
  'monitoring',
  'role-assignment',
  'regulator-report',
] as const;
export const StepTag = z.enum(STEP_TAGS);

export const Scalar = z.union([z.string(), z.number(), z.boolean()]);

/**
 * Conditions are data, never code. The TypeScript type is written out here
 * because zod cannot infer a recursive union; the schema below is checked
 * against it by the annotation.
 */
export type Condition =
  | { fact: string; equals: string | number | boolean }
  | { fact: string; in: Array<string | number | boolean> }
  | { 'severity-at-least': (typeof SEVERITIES)[number] }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

export const Condition: z.ZodType<Condition> = z
  .lazy(() =>
    z.union([
      z.strictObject({ fact: Id, equals: Scalar }),
      z.strictObject({ fact: Id, in: z.array(Scalar).min(1) }),
      z.strictObject({ 'severity-at-least': Severity }),
      z.strictObject({ all: z.array(Condition).min(1) }),
      z.strictObject({ any: z.array(Condition).min(1) }),
      z.strictObject({ not: Condition }),
    ]),
  )
  .describe('fact/equals, fact/in, severity-at-least, all, any, not');

export const INPUT_TYPES = ['text', 'yes-no', 'number', 'choice', 'date', 'time', 'person'] as const;

export const Choice = z.strictObject({ value: Id, label: Text });

export const Input = z
  .strictObject({
    id: Id.describe('fact id; unique across the composed plan'),
    label: Text,
    type: z
      .enum(INPUT_TYPES)
      .describe(
        'text | yes-no | number | choice | date (YYYY-MM-DD) | ' +
          'time (YYYY-MM-DD HH:MM, optional zone; hour-level clocks) | person',
      ),
    required: z.boolean().optional(),
    choices: z.array(Choice).min(1).optional().describe('for type: choice'),
    'assigns-role': Id.optional().describe('for type: person; the person recorded here holds this role'),
    default: Scalar.optional().describe(
      'for type: yes-no, true or false; for type: choice, one of its choice values: the answer the prompt ' +
        'offers first (Enter takes it) and a drill records for a step its script leaves out',
    ),
  })
  .describe('A value the operator records when the step is done; it becomes a session fact');

export const Step = z.strictObject({
  id: Id,
  title: Text.describe('imperative, understood in one read'),
  guidance: Text.optional().describe('why and how, two to five sentences'),
  owner: Id.optional().describe('the role that owns this step'),
  due: Due.optional(),
  principles: z.array(Principle).optional(),
  tags: z.array(StepTag).optional().describe('what the step is for, read by the principle lint'),
  checklist: z.array(Text).optional(),
  inputs: z.array(Input).optional(),
  when: Condition.optional().describe('the step applies only while this holds'),
  statement: z
    .record(Id, Text)
    .optional()
    .describe('per-channel templates with {{fact-id}} holes; makes this a public statement step'),
  'approve-by': Id.optional().describe('the role that must approve the statement before it is issued'),
  'channel-severity': z
    .record(Id, Severity)
    .optional()
    .describe(
      'per statement channel, the lowest severity that uses it (press-release: high leaves the press out below high)',
    ),
  'replaced-by-duties': z
    .boolean()
    .optional()
    .describe(
      'a generic step dropped when the chosen jurisdictions bring reporting duties from the catalogue into the plan',
    ),
});

export const CHECKLIST_MODES = ['read-do', 'do-confirm'] as const;

export const Phase = z.strictObject({
  id: Id,
  title: Text,
  mode: z
    .enum(CHECKLIST_MODES)
    .optional()
    .describe('read-do: do each item as read; do-confirm: work from memory, confirm at the pause point'),
  'pause-point': Text.optional().describe('for do-confirm phases: when to stop and confirm'),
  steps: z.array(Step).min(1),
});

export const UsePhase = z.strictObject({
  use: Id.describe("splice a strategy playbook's phases in here"),
  phases: z
    .array(Id)
    .min(1)
    .optional()
    .describe('only these phases of the strategy (default: every phase not spliced in yet)'),
});

export const Jurisdiction = Id.describe('a jurisdiction code: cn, eu, us, ...');

export const Role = z.strictObject({ id: Id, title: Text, description: Text.optional() });

export const PLAYBOOK_KINDS = ['crisis', 'strategy', 'review'] as const;

export const Playbook = z
  .strictObject({
    id: Id,
    kind: z.enum(PLAYBOOK_KINDS),
    title: Text,
    summary: Text.optional(),
    severity: z.strictObject({ default: Severity }).optional(),
    roles: z.array(Role).optional(),
    targets: z
      .record(Id, Duration)
      .optional()
      .describe('deadlines from session start: assessment, first-statement, update-every (a cadence), ...'),
    'severity-targets': z
      .partialRecord(Severity, z.record(Id, Duration))
      .optional()
      .describe('per severity, targets that replace those in `targets` (e.g. critical: { update-every: 4h })'),
    review: Id.optional().describe('the post-crisis review playbook this crisis links to'),
    jurisdictions: z
      .array(Jurisdiction)
      .optional()
      .describe('default jurisdictions whose reporting duties apply (crisis start --jurisdiction overrides)'),
    phases: z.array(z.union([Phase, UsePhase])).min(1),
  })
  .describe('A crisis, strategy or review playbook');

export type Text = z.infer<typeof Text>;
export type Severity = z.infer<typeof Severity>;
export type Input = z.infer<typeof Input>;
export type Step = z.infer<typeof Step>;
export type Phase = z.infer<typeof Phase>;
export type UsePhase = z.infer<typeof UsePhase>;
export type Role = z.infer<typeof Role>;
export type Playbook = z.infer<typeof Playbook>;
export type Principle = z.infer<typeof Principle>;
export type Scalar = z.infer<typeof Scalar>;

// ---------------------------------------------------------------- drills

export const RESPONSE_ACTIONS = ['done', 'skip', 'block', 'note', 'decision', 'approve', 'statement'] as const;

export const Response = z
  .strictObject({
    at: Duration.optional().describe('virtual time from start; omitted: right after the previous response'),
    step: Id.optional().describe('the step acted on (not needed for a free note or decision)'),
    action: z.enum(RESPONSE_ACTIONS),
    inputs: z
      .record(Id, Scalar)
      .optional()
      .describe(
        'for done: the values of the step inputs; on a statement step (done or statement): the facts its text is ' +
          'filled from (a regulator report: its sections)',
      ),
    reason: z.string().optional().describe('for skip and block'),
    text: z.string().optional().describe('for note, decision, statement'),
    options: z.array(z.string()).optional().describe('for decision: the options considered'),
    channel: Id.optional().describe('for statement: issue only this channel'),
    by: z.string().optional().describe('who acted (approver, decider); defaults to the operator'),
  })
  .describe('One thing the team does');

/**
 * Text a judgement check looks for: one text or a list (any of them matches),
 * each a plain string or per language ({en, zh}); the session's language picks.
 * Matched as a case-insensitive substring, never as a regular expression.
 */
export const Patterns = z
  .union([Text, z.array(Text).min(1)])
  .describe('text to look for (case-insensitive substring): one, or a list of which any matches; per language');

export const DecisionMatch = z
  .strictObject({ decision: Patterns })
  .describe('a decision whose text contains one of these has been recorded');

export const InjectWhen = z
  .union([Condition, DecisionMatch])
  .describe('the inject fires only if this holds when its time comes: a condition over facts, or a decision');

export const Inject = z.strictObject({
  at: Duration.describe('when it arrives; with `when`, when it is considered'),
  message: Text,
  facts: z.record(Id, Scalar).optional().describe('facts the inject reveals'),
  when: InjectWhen.optional().describe(
    'branching: fires only if this holds at its time (otherwise never); fact, severity or decision',
  ),
});

export const Deadline = z.union([Duration, Id]).describe('a duration from start or a target name');

export const StatementMatch = z
  .strictObject({
    text: Patterns,
    step: Id.optional().describe('only statements issued by this step'),
    channel: Id.optional().describe('only this channel'),
    by: Deadline.optional().describe('only statements issued by then'),
  })
  .describe('which issued statements to read, and the text to look for');

export const Expectation = z.union([
  z.strictObject({ completed: z.array(Id).min(1) }),
  z.strictObject({ 'skipped-with-reason': z.array(Id).min(1) }),
  z.strictObject({ 'not-skipped': z.array(Id).min(1) }),
  z.strictObject({ before: z.strictObject({ step: Id, deadline: Deadline }) }),
  z.strictObject({ order: z.array(Id).min(2) }),
  z.strictObject({ fact: z.strictObject({ id: Id, equals: Scalar }) }),
  z.strictObject({ 'statements-on': z.array(Id).min(1) }),
  z.strictObject({ 'all-required-done': z.literal(true) }),
  z.strictObject({ 'no-overdue-targets': z.literal(true) }),
  z.strictObject({ 'statement-contains': StatementMatch }).describe('some issued statement in scope contains the text'),
  z
    .strictObject({ 'statement-not-contains': StatementMatch })
    .describe('statements were issued in scope and none contains the text'),
  z
    .strictObject({
      decision: z.strictObject({
        contains: Patterns,
        by: Deadline.optional().describe('recorded by then'),
        step: Id.optional().describe('recorded on this step'),
      }),
    })
    .describe('a decision whose text contains the pattern was recorded (by the deadline)'),
  z
    .strictObject({ 'regulator-before-public': z.union([z.literal(true), z.array(Id).min(1)]) })
    .describe(
      'the regulator reports (true: every applicable duty that must precede the public statement, else every ' +
        'step tagged regulator-report; or these steps) are done, before the first public statement',
    ),
  z
    .strictObject({ 'targets-met': z.union([z.literal(true), z.array(Id).min(1)]) })
    .describe('every target (or these) met on time; one never met fails, whenever the drill ends'),
]);

export const UNLISTED = ['fail', 'done', 'skip'] as const;

export const Answers = z
  .strictObject({
    operator: z.string().optional(),
    unlisted: z.enum(UNLISTED).optional().describe('what happens to steps no response names (default fail)'),
    responses: z.array(Response),
  })
  .describe('Scripted answers for `crisis start --answers`');

export const Drill = z
  .strictObject({
    id: Id,
    kind: z.literal('drill'),
    title: Text,
    summary: Text.optional(),
    playbook: Id.describe('the crisis playbook to exercise'),
    severity: Severity.optional(),
    jurisdictions: z.array(Jurisdiction).optional().describe('as crisis start --jurisdiction'),
    with: z.array(Id).optional().describe('extra strategies, as crisis start --with'),
    start: z.iso.datetime().optional().describe('virtual start time (UTC); default 2026-01-01T09:00:00.000Z'),
    operator: z.string().optional(),
    facts: z.record(Id, Scalar).optional().describe('facts known at the start'),
    unlisted: z.enum(UNLISTED).optional().describe('steps not listed: fail (left open, reported) | done | skip'),
    injects: z.array(Inject).optional(),
    responses: z.array(Response),
    expect: z.array(Expectation).min(1),
  })
  .describe('A scripted exercise of a crisis playbook');

export type Response = z.infer<typeof Response>;
export type Inject = z.infer<typeof Inject>;
export type Patterns = z.infer<typeof Patterns>;
export type InjectWhen = z.infer<typeof InjectWhen>;
export type Expectation = z.infer<typeof Expectation>;
export type Answers = z.infer<typeof Answers>;
export type Drill = z.infer<typeof Drill>;

// ---------------------------------------------------------------- reporting duties

export const DutySource = z
  .strictObject({
    title: Text.describe('the law or rule, by its official name'),
    article: z.string().min(1).describe('article (and paragraph) that sets the duty, e.g. "art. 4"'),
    issuer: Text.optional().describe('who made it (CAC, SAMR, European Parliament and Council, SEC)'),
    issued: z.iso.date().describe('date adopted or published (YYYY-MM-DD)'),
    'in-force': z.iso.date().optional().describe('date it took effect (YYYY-MM-DD)'),
    url: z.url().optional().describe('where the text can be read'),
  })
  .describe('The citation: law, article, dates');

export const RegulatorReport = z
  .strictObject({
    id: Id.describe(
      'the generated statement step is regulator-report-<id>; duties sharing one report (a YAML anchor) share the step',
    ),
    title: Text.describe('what the step does, e.g. "Write the incident report to the cyberspace office"'),
    structure: DutySource.describe('the rule (or official form) whose report contents the sections follow'),
    verified: z.boolean().describe('whether the sections were checked against the text of that rule or form'),
    verification: z.string().optional().describe('how the structure was checked, or what could not be confirmed'),
    inputs: z
      .array(Input)
      .optional()
      .describe('facts only this report needs (typed on the statement screen when the report is drafted)'),
    template: Text.describe('the report with {{fact-id}} holes, its sections in the order the cited rule lists them'),
  })
  .describe('The written report a duty sends: a bilingual template whose sections follow the cited rule');

export const Duty = z
  .strictObject({
    id: Id.describe('unique across the catalogue; the generated step is report-<id>'),
    jurisdiction: Jurisdiction,
    title: Text.describe('what must be done, e.g. "Report the incident to the provincial cyberspace office"'),
    'applies-to': z.array(Id).min(1).describe('the crisis playbooks this duty can arise in'),
    trigger: Condition.optional().describe('when the duty arises, over session facts (omitted: always)'),
    recipient: Text.describe('who must be told'),
    deadline: Duration.describe(
      'the latest time to report, counted from detection: the session fact detected-at when earlier than the start, ' +
        'else the start',
    ),
    clock: Text.optional().describe('what starts the legal clock when it is not detection; the plan counts from start'),
    statutory: z
      .boolean()
      .describe('true: the law sets this number; false: the law says "immediately" or similar and this is a default'),
    'business-days': z
      .boolean()
      .optional()
      .describe('the law counts business days; the plan counts calendar days, which is never later'),
    'before-public': z.boolean().describe('must be done before the first public statement (lint checks the order)'),
    content: z.array(Text).optional().describe('what the report must contain'),
    report: RegulatorReport.optional().describe('the report to send, issued (and logged) before the duty is recorded'),
    source: DutySource,
    verified: z.boolean().describe('whether the citation and deadline were checked against the text of the rule'),
    verification: z.string().optional().describe('how it was checked, or what could not be confirmed'),
    note: Text.describe('that this is a default to confirm with counsel'),
  })
  .describe('One legal reporting duty');

export const DutyCatalogue = z
  .strictObject({
    id: Id,
    kind: z.literal('duties'),
    title: Text,
    summary: Text.optional(),
    duties: z.array(Duty).min(1),
  })
  .describe('A catalogue of regulatory reporting duties');

export type Duty = z.infer<typeof Duty>;
export type RegulatorReport = z.infer<typeof RegulatorReport>;
export type DutyCatalogue = z.infer<typeof DutyCatalogue>;

// ---------------------------------------------------------------- organisation profile

export const Signatory = z
  .strictObject({
    name: Text.describe('the person who signs for this role, e.g. "Li Na" or { en: Li Na, zh: 李娜 }'),
    title: Text.optional().describe("their title under the signature (default: the role's title in the playbook)"),
  })
  .describe('Who signs statements for one role');

export const Profile = z
  .strictObject({
    kind: z.literal('profile').optional().describe('optional marker: this file is an organisation profile'),
    company: Text.describe('the legal or trading name statements are issued in'),
    brand: Text.optional().describe('the brand the public knows, when it differs from the company name'),
    // A number written bare (12315) is read by YAML as a number: take it as the digits it is.
    hotline: z
      .union([z.string().min(1), z.number().int().nonnegative()])
      .optional()
      .describe('customer hotline, with opening hours if useful'),
    website: z.string().min(1).optional().describe('where statements are published'),
    email: z.string().min(1).optional().describe('the press and public contact address'),
    'time-zone': z
      .string()
      .min(1)
      .refine(isTimeZone, msg('en', 'problem.schema.timeZone'))
      .optional()
      .describe('IANA time zone dates and times in statements are shown in, e.g. Asia/Shanghai'),
    jurisdictions: z
      .array(Jurisdiction)
      .optional()
      .describe("default jurisdictions whose reporting duties join a plan (before the playbook's own default)"),
    listed: z.boolean().optional().describe('listed on an exchange: investor and exchange notices apply'),
    signatories: z
      .record(Id, Signatory)
      .optional()
      .describe('who signs for each role (spokesperson, leadership, ...); a role holder named in the session wins'),
    channels: z
      .array(Id)
      .optional()
      .describe('the statement channels the organisation publishes on (website, social, email, hotline, ...)'),
    // The message never repeats the value: a URL may carry a password.
    store: z
      .string()
      .refine((v) => v === 'file' || isStoreUrl(v), msg('en', 'problem.schema.storeUrl'))
      .optional()
      .describe('where sessions live when neither --store nor CRISIS_STORE is set: a postgres:// URL, or file'),
  })
  .describe('An organisation profile (crisis.config.yaml or org.yaml): what every statement is signed and filled with');

export type Signatory = z.infer<typeof Signatory>;
export type Profile = z.infer<typeof Profile>;
