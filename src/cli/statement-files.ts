import type { Plan } from '../playbook/compose.js';
import type { SessionState } from '../session/replay.js';
import {
  readStatementFile,
  removeStatementFile,
  statementFileExists,
  writeStatementFile,
  type SessionPaths,
} from '../store/file-log.js';
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

/** The statement files written where there was none, rewritten over other text, removed as stale, or failed. */
export interface StatementRepairs {
  written: StatementFile[];
  rewritten: StatementFile[];
  /** files of an earlier naming (`email.md` once the step has `email.notify-staff.md`) holding a text the log issued */
  removed: StatementFile[];
  failed: Array<StatementFile & { reason: string }>;
}

/**
 * Statement files the session wrote under a name it no longer uses: the plan changed since (a second step now issues
 * on the channel, so `email.md` became `email.notify-staff.md`, or back). Only a file that holds, byte for byte, a
 * text the log issued under that name (any version: an earlier export wrote the latest of its day) is the tool's;
 * anything else in the folder is someone's and stays.
 */
function staleStatementFiles(
  paths: SessionPaths,
  issued: SessionState['issued'],
  names: StatementNames,
): StatementFile[] {
  const current = new Set<string>();
  /** name -> the channel and every text the tool could have written under it */
  const earlier = new Map<string, { channel: string; texts: Set<string> }>();
  for (const entry of issued)
    for (const [channel, text] of Object.entries(entry.channels)) {
      current.add(names(entry.step, channel));
      for (const name of [channel, `${channel}.${entry.step}`]) {
        const seen = earlier.get(name) ?? { channel, texts: new Set<string>() };
        seen.texts.add(statementFileText(text));
        earlier.set(name, seen);
      }
    }
  const stale: StatementFile[] = [];
  for (const [name, { channel, texts }] of earlier) {
    if (current.has(name)) continue;
    const text = readStatementFile(paths, name);
    if (text !== undefined && texts.has(text)) stale.push({ channel, name });
  }
  return stale;
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
  const repairs: StatementRepairs = { written: [], rewritten: [], removed: [], failed: [] };
  const names = statementNames(plan, issued);
  for (const { channel, name, text } of latestStatements(issued, names).values()) {
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
  // Once the file under the current name is right, a reader must not find the old one beside it.
  for (const file of staleStatementFiles(paths, issued, names)) {
    if (repairs.failed.some((f) => f.channel === file.channel)) continue;
    try {
      removeStatementFile(paths, file.name);
      repairs.removed.push(file);
    } catch {
      /* left as it was: the files under the current names are right, and the next review tries again */
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
  if (repairs.removed.length > 0) ctx.err(m('notice.statementsRemoved', { files: files(repairs.removed) }));
  for (const f of repairs.failed)
    ctx.err(m('notice.statementNotRepaired', { channel: channel(f.channel), reason: sanitizeLine(f.reason) }));
}
