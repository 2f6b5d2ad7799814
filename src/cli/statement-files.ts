import type { SessionState } from '../session/replay.js';
import { readStatementFile, writeStatementFile, type SessionPaths } from '../store/file-log.js';
import { neutraliseMarkup } from '../text/sanitize.js';

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

/**
 * The log is the truth: a crash between `statement.issued` and the file write
 * leaves an old (or no) file. Rewrite every channel's file that disagrees with
 * the latest issued text; returns the channels repaired and the ones that failed.
 */
export function reconcileStatementFiles(
  paths: SessionPaths,
  issued: SessionState['issued'],
): { repaired: string[]; failed: Array<{ channel: string; reason: string }> } {
  const repaired: string[] = [];
  const failed: Array<{ channel: string; reason: string }> = [];
  for (const [channel, text] of latestStatements(issued)) {
    const want = statementFileText(text);
    if (readStatementFile(paths, channel) === want) continue;
    try {
      writeStatementFile(paths, channel, want);
      repaired.push(channel);
    } catch (error) {
      failed.push({ channel, reason: (error as NodeJS.ErrnoException).code ?? (error as Error).message });
    }
  }
  return { repaired, failed };
}
