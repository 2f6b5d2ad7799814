import { z } from 'zod';
import { Id, Scalar, Severity } from '../playbook/schema.js';

/**
 * The action log's event types, defined once. A line of the log is
 * `{v, seq, ts, session, type, actor, step?, data, prev, hash}`; `data`
 * depends on `type` and is validated by the schema below.
 */
const Facts = z.record(z.string(), Scalar);

export const EVENT_DATA = {
  'session.started': z.strictObject({
    crisis: Id,
    severity: Severity,
    with: z.array(Id),
    jurisdictions: z.array(Id).optional().describe('jurisdictions whose reporting duties are in the plan'),
    planHash: z.string(),
    operator: z.string(),
    lang: z.string(),
    as: Id.optional().describe('the role this operator works as (crisis start --as)'),
    drill: z.strictObject({ id: Id, file: z.string().optional() }).optional(),
    facts: Facts.optional().describe("facts known at the start: a drill's, and the organisation profile's (org-*)"),
    profile: z.string().optional().describe('the organisation profile file the org-* facts were read from'),
  }),
  'step.completed': z.strictObject({ facts: Facts }),
  'step.skipped': z.strictObject({ reason: z.string().min(1) }),
  'step.blocked': z.strictObject({ reason: z.string().min(1) }),
  'step.focused': z.strictObject({ from: z.string().optional() }),
  'step.reopened': z
    .strictObject({ reason: z.string().min(1), was: z.enum(['done', 'skipped', 'blocked']) })
    .describe('undo: the step is open again; the event that closed it stays in the log'),
  'step.assigned': z.strictObject({ to: z.string().min(1), checkBackAt: z.string() }),
  'note.added': z.strictObject({ text: z.string().min(1) }),
  'decision.recorded': z.strictObject({
    decision: z.string().min(1),
    options: z.array(z.string()),
    decidedBy: z.string().min(1),
  }),
  'role.handoff': z.strictObject({
    role: Id,
    from: z.string().optional(),
    to: z.string().min(1),
    replaces: z
      .number()
      .int()
      .nonnegative()
      .optional()
      .describe(
        'seq of the event that made `from` the holder (0: nobody held the role); the handoff was checked against it. ' +
          'Absent in logs written before team-mode handoff checks',
      ),
  }),
  'statement.drafted': z.strictObject({
    channels: z.record(z.string(), z.string()),
    facts: Facts.optional().describe('facts the statement lacked, typed in on the statement screen'),
  }),
  'statement.approved': z.strictObject({ approver: z.string().min(1) }),
  'statement.issued': z.strictObject({
    channels: z.record(z.string(), z.string()),
    override: z
      .strictObject({ reason: z.string().min(1), missing: z.array(z.string()) })
      .optional()
      .describe('issued with unfilled facts on purpose: why, and what was missing'),
  }),
  'inject.received': z.strictObject({ message: z.string(), facts: Facts }),
  'review.recorded': z.strictObject({ facts: Facts }),
  'session.paused': z.strictObject({ reason: z.string().optional() }),
  'session.resumed': z.strictObject({ forced: z.boolean().optional(), planChanged: z.boolean().optional() }),
  'session.ended': z.strictObject({}),
} as const;

export type EventType = keyof typeof EVENT_DATA;
export const EVENT_TYPES = Object.keys(EVENT_DATA) as EventType[];
export type EventData<T extends EventType> = z.infer<(typeof EVENT_DATA)[T]>;

/** Events about one step of the plan: they always name it. */
export const STEP_EVENTS = [
  'step.completed',
  'step.skipped',
  'step.blocked',
  'step.focused',
  'step.assigned',
  'step.reopened',
  'statement.drafted',
  'statement.approved',
  'statement.issued',
  'review.recorded',
] as const satisfies readonly EventType[];
/** Events that may be tied to a step (a note or a decision taken at one) or stand alone. */
export const STEP_OPTIONAL_EVENTS = ['note.added', 'decision.recorded'] as const satisfies readonly EventType[];

type StepEventType = (typeof STEP_EVENTS)[number];
type StepOptionalEventType = (typeof STEP_OPTIONAL_EVENTS)[number];
/** `step` is required exactly where an event is about a step, and absent where it never is. */
type StepField<T extends EventType> = T extends StepEventType
  ? { step: string }
  : T extends StepOptionalEventType
    ? { step?: string }
    : { step?: undefined };

/** What decide() returns: an event before the store numbers and chains it. */
export type EventDraft = {
  [T in EventType]: { type: T; ts: string; actor: string; data: EventData<T> } & StepField<T>;
}[EventType];

/** The rule StepField states, for a line read from a log: undefined when the event keeps it. */
function stepProblem(type: EventType, step: string | undefined): string | undefined {
  if ((STEP_EVENTS as readonly string[]).includes(type))
    return step === undefined ? `step: required on ${type}` : undefined;
  if ((STEP_OPTIONAL_EVENTS as readonly string[]).includes(type) || step === undefined) return undefined;
  return `step: not allowed on ${type}`;
}

import { GENESIS_HASH, LOG_VERSION } from './log-format.js';

export { GENESIS_HASH, LOG_VERSION };

export const StoredEventShape = z.strictObject({
  v: z.literal(LOG_VERSION),
  seq: z.number().int().positive(),
  ts: z.iso.datetime(),
  session: z.string(),
  type: z.enum(EVENT_TYPES as [EventType, ...EventType[]]),
  actor: z.string(),
  step: z.string().optional(),
  data: z.record(z.string(), z.unknown()),
  prev: z.string(),
  hash: z.string(),
});

/** An event as it sits in the log: numbered, chained, hashed. */
export type StoredEvent = EventDraft & {
  v: typeof LOG_VERSION;
  seq: number;
  session: string;
  prev: string;
  hash: string;
};

/** Check a parsed log line: the envelope, then the data of its type. */
export function parseStoredEvent(value: unknown): { event?: StoredEvent; error?: string } {
  const envelope = StoredEventShape.safeParse(value);
  if (!envelope.success)
    return { error: envelope.error.issues.map((i) => `${i.path.join('.') || 'event'}: ${i.message}`).join('; ') };
  const wrongStep = stepProblem(envelope.data.type, envelope.data.step);
  if (wrongStep) return { error: wrongStep };
  const data = EVENT_DATA[envelope.data.type].safeParse(envelope.data.data);
  if (!data.success)
    return { error: `data: ${data.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` };
  return { event: { ...envelope.data, data: data.data } as StoredEvent };
}
