import type { Plan } from '../playbook/compose.js';
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

/** A step's statement file on a channel, by the name `statements/<name>.md` gives it (statementFileName). */
export type StatementNames = (step: string, channel: string) => string;

/**
 * The file names of a session's statements: a channel one step issues on keeps its own name (`website`); a
 * channel several steps issue on (the staff, partner and customer e-mails) gives each step its own file,
 * `<channel>.<step>` (`email.notify-staff`), so no step's statement overwrites another's. The steps are the plan's
 * statement steps and those the log issued (a step of an earlier plan), so a name does not change as a session goes on.
 */
export function statementNames(
  plan: Plan,
  issued: Iterable<{ step: string; channels: Record<string, string> }>,
): StatementNames {
  const steps = new Map<string, Set<string>>();
  const add = (step: string, channel: string) => steps.set(channel, (steps.get(channel) ?? new Set()).add(step));
  for (const phase of plan.phases)
    for (const step of phase.steps) for (const channel of Object.keys(step.statement ?? {})) add(step.id, channel);
  for (const entry of issued) for (const channel of Object.keys(entry.channels)) add(entry.step, channel);
  return (step, channel) => ((steps.get(channel)?.size ?? 0) > 1 ? `${channel}.${step}` : channel);
}

/** One statement file: the channel it is on and its name (statementFileName). */
export interface StatementFile {
  channel: string;
  name: string;
}

/** The latest issued text of each statement file, in the order the files were first issued. */
export function latestStatements(
  issued: SessionState['issued'],
  names: StatementNames,
): Map<string, StatementFile & { text: string }> {
  const latest = new Map<string, StatementFile & { text: string }>();
  for (const entry of issued)
    for (const [channel, text] of Object.entries(entry.channels)) {
      const name = names(entry.step, channel);
      latest.set(name, { channel, name, text });
    }
  return latest;
}

/** The statement files written where there was none, rewritten over other text, or that failed. */
export interface StatementRepairs {
  written: StatementFile[];
  rewritten: StatementFile[];
  failed: Array<StatementFile & { reason: string }>;
}

/**
 * The log is the truth: a crash between `statement.issued` and the file write
 * leaves an old (or no) file, and a drill writes none at all. Write every
 * file that is missing or disagrees with the latest issued text of its step on its channel.
 */
export function reconcileStatementFiles(
  paths: SessionPaths,
  plan: Plan,
  issued: SessionState['issued'],
): StatementRepairs {
  const repairs: StatementRepairs = { written: [], rewritten: [], failed: [] };
  for (const { channel, name, text } of latestStatements(issued, statementNames(plan, issued)).values()) {
    const want = statementFileText(text);
    if (readStatementFile(paths, name) === want) continue;
    // Asked before the write: a missing file is no disagreement (a drill's review wrote "rewrote … disagreed").
    const missing = !statementFileExists(paths, name);
    try {
      writeStatementFile(paths, name, want);
      (missing ? repairs.written : repairs.rewritten).push({ channel, name });
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      repairs.failed.push({ channel, name, reason });
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
  const file = (f: StatementFile) =>
    m('notice.statementFile', { channel: channel(f.channel), file: sanitizeLine(statementFileName(f.name)) });
  const files = (list: StatementFile[]) => list.map(file).join(m('timeline.channelSep'));
  if (repairs.written.length > 0) ctx.err(m('notice.statementsWritten', { files: files(repairs.written) }));
  if (repairs.rewritten.length > 0) ctx.err(m('notice.statementsRepaired', { files: files(repairs.rewritten) }));
  for (const f of repairs.failed)
    ctx.err(m('notice.statementNotRepaired', { channel: channel(f.channel), reason: sanitizeLine(f.reason) }));
}
