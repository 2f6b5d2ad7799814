import type { Decider, EventStore } from '../session/event-store.js';
import type { StoredEvent } from '../session/events.js';
import type { FileEventLog, SessionPaths } from './file-log.js';

/**
 * The file log behind the EventStore interface. The lock admits one writer,
 * so nobody can append ahead of us: the decider runs once, on no newer
 * events, and the append is the log's own (written and fsync'd before the
 * promise resolves, exactly as before).
 */
export class FileStore implements EventStore {
  constructor(readonly log: FileEventLog) {}

  get session(): string {
    return this.log.session;
  }

  get location(): string {
    return this.log.paths.log;
  }

  get paths(): SessionPaths {
    return this.log.paths;
  }

  append(decide: Decider): Promise<StoredEvent> {
    try {
      return Promise.resolve(this.log.append(decide([])));
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  async read(afterSeq: number): Promise<StoredEvent[]> {
    // Loaded on demand: the reader brings the event schemas, which `start` does not need.
    const { readLog } = await import('./log-reader.js');
    return readLog(this.log.paths, false).events.filter((e) => e.seq > afterSeq);
  }

  /** One writer per file session: nobody else appends, so there is nothing to wake for. */
  watch(): () => void {
    return () => {};
  }

  close(): Promise<void> {
    this.log.close();
    return Promise.resolve();
  }
}
