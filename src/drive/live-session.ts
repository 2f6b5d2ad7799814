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
 * store. act() is the only way anything changes: decide, append (fsync'd),
 * then fold the stored event into the state.
 */
export class LiveSession {
  readonly context: ReplayContext;
  state: SessionState;

  constructor(
    readonly plan: Plan,
    readonly store: EventStore,
    readonly clock: Clock,
    public actor: string,
    events: readonly StoredEvent[] = [],
  ) {
    this.context = replayContext(plan);
    this.state = replay(events, this.context);
  }

  act(action: Action, actor = this.actor): StoredEvent {
    const draft = decide({ plan: this.plan, state: this.state, now: this.clock.now(), actor }, action);
    const event = this.store.append(draft);
    this.state = applyEvent(this.state, event, this.context);
    return event;
  }
}
