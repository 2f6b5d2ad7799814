import type { Plan } from '../playbook/compose.js';
import type { Decider, EventStore } from '../session/event-store.js';
import type { StoredEvent } from '../session/events.js';
import { replayContext } from '../session/progress.js';
import { applyEvent, initialState, type ReplayContext, type SessionState } from '../session/replay.js';
import { summarize } from '../session/summary.js';
import type { SessionPaths } from './file-log.js';
import type { FileStore } from './file-store.js';
import { writeSessionSummary } from './summary-file.js';

export { readLogHead, readSessionSummary, summaryFile, writeSessionSummary } from './summary-file.js';

/**
 * A file store that keeps the state of what it appended and leaves a summary
 * beside the log when it closes (drills: nobody else holds their state).
 */
export class SummarizingStore implements EventStore {
  private state: SessionState = initialState();
  private readonly context: ReplayContext;

  constructor(
    readonly inner: FileStore,
    private readonly plan: Plan,
  ) {
    this.context = replayContext(plan);
  }

  get session(): string {
    return this.inner.session;
  }

  get location(): string {
    return this.inner.location;
  }

  get paths(): SessionPaths {
    return this.inner.paths;
  }

  async append(decide: Decider): Promise<StoredEvent> {
    const event = await this.inner.append(decide);
    this.state = applyEvent(this.state, event, this.context);
    return event;
  }

  read(afterSeq: number): Promise<StoredEvent[]> {
    return this.inner.read(afterSeq);
  }

  watch(wake: () => void): () => void {
    void wake; // one writer per file session: nothing to wake for
    return this.inner.watch();
  }

  async close(): Promise<void> {
    await this.inner.close();
    // Not fsync'd (two fsyncs, a third of a drill's wall time): the summary is used only while the log still ends
    // with the line it names, so one a crash lost or cut is ignored and the log replayed.
    if (this.state.events > 0) writeSessionSummary(this.inner.paths, summarize(this.plan, this.state), false);
  }
}
