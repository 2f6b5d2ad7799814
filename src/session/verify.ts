import { parseStoredEvent, type StoredEvent } from './events.js';
import { GENESIS_HASH, MAX_LINE_BYTES, hashEvent, inWriterOrder } from './log-format.js';
import { say, sayIn, type MessageKey, type Said } from '../text/messages.js';

export { hashEvent };

export interface ChainBreak {
  line: number;
  /** the English of `said`: stable for `--json`, summaries and logs */
  message: string;
  /** why the chain breaks here, worded in the reader's language when printed */
  said: Said;
}

/** A break at `line`: `line 5: content does not match its hash (the line was edited)`. */
export function chainBreak(line: number, reason: Said): ChainBreak {
  const said = say('problem.chain.at', { line, reason });
  return { line, message: sayIn('en', said), said };
}

export { MAX_LINE_BYTES } from './log-format.js';

/** What a session records after its end (decide: notes, decisions, the post-crisis review's answers). */
const AFTER_END: ReadonlySet<string> = new Set(['note.added', 'decision.recorded', 'review.recorded']);

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

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

  private gap?: { line: number; expected: number; seq: number };
  /** the line of `session.ended`, once read */
  private endedAt?: number;
  /** the latest time read so far, as written */
  private latestTs?: string;
  /** the first event whose time is earlier than one before it, and by how much: noted, not a break */
  clockBack?: { line: number; ms: number };
  private lookedAhead = false;

  /**
   * A log from its start, or (`after`) the rest of one whose lines up to an event already checked are known:
   * the next line must be the event after it, chained on its hash, in its session (a team store reads new rows
   * after the last one it knows). Lines are counted from that event's seq, so a break names the line a full log
   * would have it on.
   */
  constructor(after?: { seq: number; hash: string; session: string } | { session: string }) {
    if (!after) return;
    // Only the session (`{session}`): the log read by that id, whose events must be its own from line 1.
    this.session = after.session;
    if (!('seq' in after)) return;
    this.lastSeq = after.seq;
    this.lastHash = after.hash;
    this.seen.lines = after.seq;
  }

  /**
   * Feed one line (without its newline), as the bytes on disk or as text.
   * Returns the event when it is good. The bytes must be exactly what the
   * writer writes for the parsed event (inWriterOrder): the hash covers the parsed
   * value, so anything else (padding, a duplicate key carrying other text,
   * envelope keys out of the writer's order, invalid UTF-8) is a line nobody
   * wrote and is a break. Keys inside `data` are written in the order the
   * action made them, which nothing records: their order is not checked.
   */
  push(raw: string | Uint8Array, torn = false): StoredEvent | undefined {
    if (this.break) {
      // Only the line right after a break is looked at, and only to name a swap.
      if (!this.lookedAhead) this.lookahead(raw);
      return undefined;
    }
    const line = ++this.seen.lines;
    const fail = (key: MessageKey | Said, params?: Said['params']) => {
      this.break = chainBreak(line, typeof key === 'string' ? say(key, params) : key);
      return undefined;
    };
    if (torn) return fail('problem.chain.torn');
    if (raw.length > MAX_LINE_BYTES) return fail('problem.chain.tooLong', { max: MAX_LINE_BYTES });
    let text: string;
    if (typeof raw === 'string') text = raw;
    else
      try {
        text = utf8.decode(raw);
      } catch {
        return fail('problem.chain.utf8');
      }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return fail('problem.chain.json');
    }
    const { event, error } = parseStoredEvent(value);
    // What the event's schema said is kept in English; other languages name the kind of break.
    if (!event) return fail({ ...say('problem.chain.invalidEvent'), en: `not a valid event: ${error}` });
    if (this.session !== undefined && event.session !== this.session)
      return fail(this.lastSeq === 0 ? 'problem.chain.notThisSession' : 'problem.chain.otherSession', {
        other: event.session,
        session: this.session,
      });
    if (hashEvent(event) !== event.hash) return fail('problem.chain.hash');
    // The parsed value, not the schema's output: its keys are in the order the line has them.
    if (!inWriterOrder(value as object) || JSON.stringify(value) !== text)
      return fail(duplicateKeys(text) ? 'problem.chain.duplicateKey' : 'problem.chain.bytes');
    if (text === this.lastLine) return fail('problem.chain.duplicateLine', { prev: line - 1 });
    if (event.seq <= this.lastSeq) return fail('problem.chain.seqBack', { seq: event.seq, last: this.lastSeq });
    if (event.seq > this.lastSeq + 1) {
      this.gap = { line, expected: this.lastSeq + 1, seq: event.seq };
      const missing = event.seq - this.lastSeq - 1;
      return fail('problem.chain.seqGap', { seq: event.seq, expected: this.lastSeq + 1, missing });
    }
    if (event.prev !== this.lastHash) return fail('problem.chain.prev', { prev: line - 1 });
    const order = this.orderProblem(event);
    if (order) return fail(order.key, order.params);
    this.session ??= event.session;
    this.lastHash = event.hash;
    this.lastSeq = event.seq;
    this.lastLine = text;
    this.seen.events += 1;
    this.last = event;
    return event;
  }

  /**
   * The order of events every writer keeps (decide refuses anything else, and has since the first version): the
   * log starts with `session.started` and has no other; after `session.ended` only notes, decisions and review
   * answers follow. A log chained again by hand around a removed or spliced line breaks here, at that line, for
   * `verify` and every reader alike. Earlier times after later ones are no break: a clock step, or two machines'
   * clocks in a team, write them (`crisis verify` notes them; see clockBack).
   */
  private orderProblem(event: StoredEvent): { key: MessageKey; params: Said['params'] } | undefined {
    if (event.seq === 1 && event.type !== 'session.started')
      return { key: 'problem.chain.noStart', params: { type: event.type } };
    if (event.seq > 1 && event.type === 'session.started') return { key: 'problem.chain.secondStart', params: {} };
    if (this.endedAt !== undefined && !AFTER_END.has(event.type))
      return { key: 'problem.chain.afterEnd', params: { type: event.type, ended: this.endedAt } };
    if (event.type === 'session.ended') this.endedAt ??= this.seen.lines;
    // Times are UTC ISO strings (z.iso.datetime): two of one length compare as text, in order, with no Date.parse
    // per event (a million-event verify); other lengths (another precision) are parsed.
    const ts = event.ts;
    const latest = this.latestTs;
    if (latest === undefined) this.latestTs = ts;
    else if (ts.length === latest.length ? ts < latest : Date.parse(ts) < Date.parse(latest)) {
      const ms = Date.parse(latest) - Date.parse(ts);
      if (ms > 0) this.clockBack ??= { line: this.seen.lines, ms };
    } else this.latestTs = ts;
    return undefined;
  }

  /**
   * After a break, the line that follows it: a gap followed by the missing
   * seq is two lines swapped, not a deletion, and is named so.
   */
  lookahead(raw: string | Uint8Array): void {
    this.lookedAhead = true;
    const gap = this.gap;
    if (!gap || !this.break || this.break.line !== gap.line) return;
    let seq: unknown;
    try {
      seq = (JSON.parse(typeof raw === 'string' ? raw : new TextDecoder().decode(raw)) as { seq?: unknown }).seq;
    } catch {
      return;
    }
    if (seq === gap.expected)
      this.break = chainBreak(
        gap.line,
        say('problem.chain.swapped', { line: gap.line, next: gap.line + 1, seq: gap.seq, expected: gap.expected }),
      );
  }

  get head(): { seq: number; hash: string } {
    return { seq: this.lastSeq, hash: this.lastHash };
  }
}

/** Does a JSON text repeat a key within one object? Only called on a line already found not canonical. */
function duplicateKeys(text: string): boolean {
  const stack: Set<string>[] = [];
  // Every string is consumed whole, so braces and colons inside values are not mistaken for structure.
  const tokens = /"(?:[^"\\]|\\.)*"(\s*:)?|[{}]/g;
  for (const m of text.matchAll(tokens)) {
    const t = m[0];
    if (t === '{') stack.push(new Set());
    else if (t === '}') stack.pop();
    else if (m[1] !== undefined) {
      const key = JSON.parse(t.slice(0, t.length - m[1].length)) as string;
      const keys = stack[stack.length - 1];
      if (keys?.has(key)) return true;
      keys?.add(key);
    }
  }
  return false;
}
