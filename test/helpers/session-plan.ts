/**
 * Session-test fixtures: a small plan built in memory from YAML, an
 * in-memory EventStore that numbers, chains and hashes like the file store,
 * and helpers that run actions through decide -> append -> applyEvent.
 *
 * Plan of sess-crisis at medium (in order):
 *   confirm            inputs: affected-batches (text, required), safety-risk (yes-no),
 *                              units (number), found-on (date), channel (choice)
 *   name-leads         [task-force] inputs: lead-name (person, required, assigns incident-lead),
 *                              spokesperson-name (person, assigns spokesperson)
 *   recall             when: { fact: safety-risk, equals: true }
 *   board              when: { severity-at-least: high }  -> dropped at medium
 *   apology            no inputs
 *   holding-statement  statement (website, social), approve-by: legal
 *   quick-post         statement (social) without approval
 */
import { SESSION_FILES } from './fixtures.js';
import { buildLibrary, type Library } from '../../src/playbook/library.js';
import { parseLibrarySource } from '../../src/playbook/load.js';
import { compose, planHash, type Plan } from '../../src/playbook/compose.js';
import type { Severity } from '../../src/playbook/types.js';
import { decide, type Action } from '../../src/session/decide.js';
import { GENESIS_HASH, type EventDraft, type StoredEvent } from '../../src/session/events.js';
import { replayContext } from '../../src/session/progress.js';
import { applyEvent, initialState, type ReplayContext, type SessionState } from '../../src/session/replay.js';
import { chainEvent } from '../../src/session/chain.js';
import type { Decider, EventStore } from '../../src/session/event-store.js';

export function sessionLibrary(files: Record<string, string> = SESSION_FILES): Library {
  return buildLibrary(
    Object.entries(files).map(([file, text]) => ({
      file,
      source: 'session-test',
      parsed: parseLibrarySource(text, file),
    })),
  );
}

/** The composed plan; throws with the problems if the fixture does not compose. */
export function sessionPlan(severity?: Severity, files: Record<string, string> = SESSION_FILES): Plan {
  const library = sessionLibrary(files);
  if (library.problems.length > 0) throw new Error(`fixture problems: ${JSON.stringify(library.problems)}`);
  const { plan, problems } = compose(library, 'sess-crisis', { severity });
  if (!plan) throw new Error(`fixture does not compose: ${JSON.stringify(problems)}`);
  return plan;
}

/** 2026-01-01T09:00:00.000Z */
export const T0 = Date.parse('2026-01-01T09:00:00.000Z');
export const MIN = 60_000;
export const SESSION_ID = '20260101-090000-sess-crisis-abcd';

/**
 * An EventStore in memory: numbers, chains and hashes exactly like the file
 * store, so its events pass the ChainVerifier. `failNext` makes the next
 * append throw, for callers that test a failed write. `record` is the
 * synchronous append the Harness uses; `append` is the EventStore's.
 */
export class MemoryStore implements EventStore {
  readonly events: StoredEvent[] = [];
  failNext?: Error;
  closed = false;
  readonly location = 'memory';
  constructor(readonly session: string = SESSION_ID) {}

  append(decide: Decider): Promise<StoredEvent> {
    try {
      return Promise.resolve(this.record(decide([])));
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  read(afterSeq: number): Promise<StoredEvent[]> {
    return Promise.resolve(this.events.filter((e) => e.seq > afterSeq));
  }

  watch(): () => void {
    return () => {};
  }

  record(draft: EventDraft): StoredEvent {
    if (this.failNext) {
      const error = this.failNext;
      this.failNext = undefined;
      throw error;
    }
    const last = this.events[this.events.length - 1];
    const event = chainEvent(this.session, draft, last ?? { seq: 0, hash: GENESIS_HASH });
    this.events.push(event);
    return event;
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }

  /** The log as the file store would write it: one JSON line per event. */
  lines(): string[] {
    return this.events.map((e) => JSON.stringify(e));
  }
}

export function startAction(plan: Plan, extra: Partial<Extract<Action, { type: 'start' }>['data']> = {}): Action {
  return {
    type: 'start',
    data: {
      crisis: plan.id,
      severity: plan.severity,
      with: [],
      planHash: planHash(plan),
      operator: 'alice',
      lang: 'en',
      ...extra,
    },
  };
}

/**
 * A session under test: decide -> append -> applyEvent, with a clock the
 * test moves. `act` returns the stored event; a refused action throws.
 */
export class Harness {
  readonly store: MemoryStore;
  readonly context: ReplayContext;
  state: SessionState = initialState();
  now = T0;

  constructor(
    readonly plan: Plan,
    session = SESSION_ID,
  ) {
    this.store = new MemoryStore(session);
    this.context = replayContext(plan);
  }

  /** Only what decide returns, without recording it. */
  draft(action: Action, actor = 'alice'): EventDraft {
    return decide({ plan: this.plan, state: this.state, now: this.now, actor }, action);
  }

  act(action: Action, actor = 'alice'): StoredEvent {
    const event = this.store.record(this.draft(action, actor));
    this.state = applyEvent(this.state, event, this.context);
    return event;
  }

  /** Move the clock forward by minutes. */
  after(minutes: number): this {
    this.now += minutes * MIN;
    return this;
  }

  static started(plan: Plan = sessionPlan()): Harness {
    const h = new Harness(plan);
    h.act(startAction(plan));
    return h;
  }
}

/** refusal() for an action that resolves or rejects. */
export async function refusalAsync(
  run: () => Promise<unknown>,
): Promise<{ message: string; code?: string; exitCode: number; hint?: string }> {
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  return refusal(() => {
    if (error) throw error;
  });
}

/** Run a function that should throw a CrisisError; return it (or fail the test). */
export function refusal(run: () => unknown): { message: string; code?: string; exitCode: number; hint?: string } {
  try {
    run();
  } catch (error) {
    const e = error as { name?: string; message: string; code?: string; exitCode: number; hint?: string };
    if (e.name !== 'CrisisError') throw error;
    return { message: e.message, code: e.code, exitCode: e.exitCode, hint: e.hint };
  }
  throw new Error('expected a CrisisError, nothing was thrown');
}

/**
 * One in-memory log shared by several handles, appended optimistically like
 * the PostgreSQL store: a handle decides on what it knows, and when the log
 * moved on meanwhile it is handed the newer events and decides again.
 * `interleave` runs just after a handle's first decide, to stage a race.
 */
export class SharedLog {
  readonly log = new MemoryStore();
  private readonly watchers = new Set<() => void>();
  handle(): EventStore & { attempts: number; interleave?: () => void } {
    const shared = { log: this.log, watchers: this.watchers };
    let head = 0;
    const handle = {
      session: shared.log.session,
      location: 'memory',
      attempts: 0,
      interleave: undefined as (() => void) | undefined,
      append(decide: Decider): Promise<StoredEvent> {
        try {
          let newer: StoredEvent[] = [];
          for (;;) {
            handle.attempts++;
            let draft: EventDraft;
            try {
              draft = decide(newer);
            } catch (error) {
              // A refusal stands only on the latest state.
              if (shared.log.events.length === head) throw error;
              newer = shared.log.events.slice(head);
              head = shared.log.events.length;
              continue;
            }
            const race = handle.interleave;
            handle.interleave = undefined;
            race?.();
            if (shared.log.events.length === head) {
              const event = shared.log.record(draft);
              head = event.seq;
              for (const wake of shared.watchers) wake();
              return Promise.resolve(event);
            }
            newer = shared.log.events.slice(head);
            head = shared.log.events.length;
          }
        } catch (error) {
          return Promise.reject(error as Error);
        }
      },
      async read(afterSeq: number) {
        const events = await shared.log.read(afterSeq);
        head = Math.max(head, events.at(-1)?.seq ?? 0);
        return events;
      },
      watch(wake: () => void) {
        shared.watchers.add(wake);
        return () => shared.watchers.delete(wake);
      },
      close: () => Promise.resolve(),
    };
    return handle;
  }
}
