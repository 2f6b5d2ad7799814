import {
  appendFileSync,
  closeSync,
  createReadStream,
  fsyncSync,
  ftruncateSync,
  openSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { createInterface } from 'node:readline';
import { CrisisError, ExitCode } from '../errors.js';
import type { StoredEvent } from '../session/events.js';
import { ChainVerifier, type ChainBreak } from '../session/verify.js';
import { fsError, type SessionPaths } from './file-log.js';

/** Reading and checking logs: every line through the chain verifier (and the event schemas). */
export interface LoadedLog {
  events: StoredEvent[];
  break?: ChainBreak;
  /** bytes of an incomplete last line moved to the .torn file */
  tornBytes?: number;
}

/**
 * Read a whole log. A torn last line (no newline: a write was cut off) is
 * reported and, with `repair`, moved to `<id>.jsonl.torn`, never dropped.
 */
export function readLog(paths: SessionPaths, repair: boolean): LoadedLog {
  let text: string;
  try {
    text = readFileSync(paths.log, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new CrisisError(`no session log ${paths.log}`, {
        hint: 'run `crisis status` to list sessions (and check --log-dir)',
        exitCode: ExitCode.usage,
        code: 'session.unknown',
      });
    throw fsError(`cannot read ${paths.log}`, error);
  }
  const result: LoadedLog = { events: [] };
  const end = text.lastIndexOf('\n') + 1;
  if (end < text.length) {
    const tail = text.slice(end);
    result.tornBytes = Buffer.byteLength(tail);
    if (repair) {
      appendFileSync(paths.torn, `${tail}\n`);
      const fd = openSync(paths.log, 'r+');
      try {
        ftruncateSync(fd, Buffer.byteLength(text.slice(0, end)));
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
    text = text.slice(0, end);
  }
  const verifier = new ChainVerifier();
  // Every line counts, blank ones too, so line numbers match `crisis verify`.
  const lines = text === '' ? [] : text.slice(0, -1).split('\n');
  for (const line of lines) {
    const event = verifier.push(line);
    if (event) result.events.push(event);
    else break;
  }
  result.break = verifier.break;
  return result;
}

/**
 * `resume --force`: keep the good prefix as the log and move every line from
 * the first break on to `<id>.jsonl.broken-<time>`, so new events chain onto
 * what every reader can read, and nothing is thrown away.
 */
export function setAsideBrokenTail(
  paths: SessionPaths,
  goodEvents: number,
  now: number,
): { file: string; lines: number } {
  const text = readFileSync(paths.log, 'utf8');
  let offset = 0;
  for (let i = 0; i < goodEvents; i++) offset = text.indexOf('\n', offset) + 1;
  const tail = text.slice(offset);
  const file = `${paths.log}.broken-${new Date(now).toISOString().replace(/[:.]/g, '')}`;
  writeFileSync(file, tail, { flag: 'wx' });
  const fd = openSync(paths.log, 'r+');
  try {
    ftruncateSync(fd, Buffer.byteLength(text.slice(0, offset)));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return { file, lines: tail.split('\n').filter(Boolean).length };
}

/**
 * Verify a log streaming, in constant memory (for `crisis verify` and `status` on any size);
 * good events go to onEvent.
 */
export async function verifyLogFile(
  file: string,
  onEvent?: (event: StoredEvent) => void,
): Promise<{ events: number; lines: number; break?: ChainBreak; session?: string; torn?: boolean }> {
  const verifier = new ChainVerifier();
  let session: string | undefined;
  let pending: string | undefined;
  let endsWithNewline = true;
  const stream = createReadStream(file, { encoding: 'utf8' });
  stream.on('data', (chunk) => {
    endsWithNewline = (chunk as string).endsWith('\n');
  });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      if (pending !== undefined) {
        const e = verifier.push(pending);
        session ??= e?.session;
        if (e) onEvent?.(e);
        if (verifier.break) break;
      }
      pending = line;
    }
  } catch (error) {
    throw fsError(`cannot read ${file}`, error);
  }
  if (pending !== undefined && !verifier.break) {
    const e = verifier.push(pending, !endsWithNewline);
    session ??= e?.session;
    if (e) onEvent?.(e);
  }
  stream.destroy();
  return {
    events: verifier.seen.events,
    lines: verifier.seen.lines,
    break: verifier.break,
    session,
    torn: pending !== undefined && !endsWithNewline,
  };
}
