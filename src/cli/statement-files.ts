import type { SessionState } from '../session/replay.js';
import { readStatementFile, statementFileExists, writeStatementFile, type SessionPaths } from '../store/file-log.js';
import { statementFileName } from '../store/session-files.js';
import { channelWord } from '../render/state-words.js';
import { messagesFor } from '../text/messages.js';
import { neutraliseMarkup, sanitizeLine } from '../text/sanitize.js';
import type { Ctx } from './context.js';

/** What `statements/<channel>.md` holds for an issued text: derived from the log, never the other way. */
export function statementFileText(text: string): string {
  const safe = neutraliseMarkup(text);
  return safe.endsWith('\n') ? safe : `${safe}\n`;
}

/** The latest issued text of each channel, in the order the channels were first issued. */
export function latestStatements(issued: SessionState['issued']): Map<string, string> {
  const latest = new Map<string, string>();
  for (const entry of issued) for (const [channel, text] of Object.entries(entry.channels)) latest.set(channel, text);
  return latest;
}

/** The channels whose statement file was written where there was none, rewritten over other text, or failed. */
export interface StatementRepairs {
  written: string[];
  rewritten: string[];
  failed: Array<{ channel: string; reason: string }>;
}

/**
 * The log is the truth: a crash between `statement.issued` and the file write
 * leaves an old (or no) file, and a drill writes none at all. Write every
 * channel's file that is missing or disagrees with the latest issued text.
 */
export function reconcileStatementFiles(paths: SessionPaths, issued: SessionState['issued']): StatementRepairs {
  const repairs: StatementRepairs = { written: [], rewritten: [], failed: [] };
  for (const [channel, text] of latestStatements(issued)) {
    const want = statementFileText(text);
    if (readStatementFile(paths, channel) === want) continue;
    // Asked before the write: a missing file is no disagreement (a drill's review wrote "rewrote … disagreed").
    const missing = !statementFileExists(paths, channel);
    try {
      writeStatementFile(paths, channel, want);
      (missing ? repairs.written : repairs.rewritten).push(channel);
    } catch (error) {
      repairs.failed.push({ channel, reason: (error as NodeJS.ErrnoException).code ?? (error as Error).message });
    }
  }
  return repairs;
}

/**
 * Say on stderr what `reconcileStatementFiles` did: files written, files rewritten, files it could not write. A
 * channel is named as people read it (官网), with its file in the session folder.
 */
export function reportStatementRepairs(ctx: Ctx, repairs: StatementRepairs): void {
  const m = messagesFor(ctx.lang);
  const channel = (id: string) => sanitizeLine(channelWord(id, m));
  const file = (id: string) =>
    m('notice.statementFile', { channel: channel(id), file: sanitizeLine(statementFileName(id)) });
  const files = (channels: string[]) => channels.map(file).join(m('timeline.channelSep'));
  if (repairs.written.length > 0) ctx.err(m('notice.statementsWritten', { files: files(repairs.written) }));
  if (repairs.rewritten.length > 0) ctx.err(m('notice.statementsRepaired', { files: files(repairs.rewritten) }));
  for (const f of repairs.failed)
    ctx.err(m('notice.statementNotRepaired', { channel: channel(f.channel), reason: sanitizeLine(f.reason) }));
}
