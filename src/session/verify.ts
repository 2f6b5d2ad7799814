import { parseStoredEvent, type StoredEvent } from './events.js';
import { GENESIS_HASH, hashEvent } from './log-format.js';

export { hashEvent };

export interface ChainBreak {
  line: number;
  message: string;
}

/**
 * Checks a log line by line, in constant memory: JSON, shape, hash, chain,
 * sequence and session. Stops at the first break and says what kind it is.
 */
export class ChainVerifier {
  private lastHash = GENESIS_HASH;
  private lastSeq = 0;
  private lastLine = '';
  private session?: string;
  readonly seen = { lines: 0, events: 0 };
  break?: ChainBreak;
  /** the last good event, for callers that also replay */
  last?: StoredEvent;

  /** Feed one line (without its newline). Returns the event when it is good. */
  push(text: string, torn = false): StoredEvent | undefined {
    if (this.break) return undefined;
    const line = ++this.seen.lines;
    const fail = (message: string) => {
      this.break = { line, message: `line ${line}: ${message}` };
      return undefined;
    };
    if (torn) return fail('torn: the last line is incomplete (a write was cut off)');
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return fail('not valid JSON (the line was edited or cut)');
    }
    const { event, error } = parseStoredEvent(value);
    if (!event) return fail(`not a valid event: ${error}`);
    if (this.session !== undefined && event.session !== this.session)
      return fail(`belongs to session ${event.session}, not ${this.session} (another log was appended)`);
    if (hashEvent(event) !== event.hash) return fail(`content does not match its hash (the line was edited)`);
    if (text === this.lastLine) return fail(`duplicate of line ${line - 1}`);
    if (event.seq <= this.lastSeq)
      return fail(`seq ${event.seq} comes after seq ${this.lastSeq} (lines reordered or duplicated)`);
    if (event.seq > this.lastSeq + 1)
      return fail(
        `seq ${event.seq} where ${this.lastSeq + 1} was expected` +
          ` (${event.seq - this.lastSeq - 1} line(s) deleted before it)`,
      );
    if (event.prev !== this.lastHash) return fail(`chain broken: prev does not match the hash of line ${line - 1}`);
    this.session ??= event.session;
    this.lastHash = event.hash;
    this.lastSeq = event.seq;
    this.lastLine = text;
    this.seen.events += 1;
    this.last = event;
    return event;
  }

  get head(): { seq: number; hash: string } {
    return { seq: this.lastSeq, hash: this.lastHash };
  }
}
