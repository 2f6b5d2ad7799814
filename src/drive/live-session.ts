import type { Plan } from '../playbook/compose.js';
import { decide, type Action } from '../session/decide.js';
import type { StoredEvent } from '../session/events.js';
import { replayContext } from '../session/progress.js';
import { applyEvent, replay, type ReplayContext, type SessionState } from '../session/replay.js';
import type { EventStore } from '../session/event-store.js';

/** Where time comes from: the wall clock live, a virtual clock in drills. */
export interface Clock {
  now(): number;
}

export class VirtualClock implements Clock {
  constructor(private time: number) {}
  now(): number {
    return this.time;
  }
  /** Time only moves forward. */
  advanceTo(time: number): void {
    this.time = Math.max(this.time, time);
  }
}

/**
 * A running session: the plan, the state replayed from the log, and the
 * store. act() is the only way this process changes anything: decide on the
 * latest state, append (durable before it resolves), then fold the stored
 * event into the state. Events others appended (team mode) are folded in as
 * the store reports them, in seq order, each once.
 */
export class LiveSession {
  readonly context: ReplayContext;
  state: SessionState;
  /** seq of the last event folded into the state */
  seq: number;
  /** told about each event someone else appended, once it is in the state */
  onOthers?: (event: StoredEvent) => void;

  constructor(
    readonly plan: Plan,
    readonly store: EventStore,
    readonly clock: Clock,
    public actor: string,
    events: readonly StoredEvent[] = [],
  ) {
    this.context = replayContext(plan);
    this.state = replay(events, this.context);
    this.seq = events.at(-1)?.seq ?? 0;
  }

  async act(action: Action, actor = this.actor): Promise<StoredEvent> {
    const event = await this.store.append((newer) => {
      this.absorb(newer);
      return decide({ plan: this.plan, state: this.state, now: this.clock.now(), actor }, action);
    });
    this.fold(event);
    return event;
  }

  /** Read what others appended since the last event we know; returns those events. */
  async refresh(): Promise<StoredEvent[]> {
    return this.absorb(await this.store.read(this.seq));
  }

  private absorb(events: readonly StoredEvent[]): StoredEvent[] {
    const fresh = events.filter((e) => e.seq > this.seq);
    for (const event of fresh) {
      this.fold(event);
      this.onOthers?.(event);
    }
    return fresh;
  }

  private fold(event: StoredEvent): void {
    if (event.seq <= this.seq) return;
    this.state = applyEvent(this.state, event, this.context);
    this.seq = event.seq;
  }
}
