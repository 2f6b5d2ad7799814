import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { MAX_FILE_BYTES } from '../playbook/limits.js';
import { readRegularFile, refusalSaid } from '../store/safe-fs.js';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { CrisisError, ExitCode, say, type Said } from '../errors.js';
import { formatProblemIn, problemAsError } from '../playbook/library.js';
import type { Answers as AnswersData, Lang } from '../playbook/types.js';
import type { Plan } from '../playbook/compose.js';
import { assertSessionId, newSessionId, SESSION_ID_PATTERN } from '../session/ids.js';
import { externalPaths, sessionPaths, type SessionPaths } from '../store/file-log.js';
import { machineZone, type Ctx } from './context.js';
import type { Style } from './style.js';
import { publicIssued, targetStatus, visibleSteps } from '../session/progress.js';
import { stepState } from '../session/replay.js';
import type { SessionState } from '../session/replay.js';
import { formatDuration, formatOffset } from '../playbook/duration.js';
import { durationWords } from '../playbook/duration.js';
import { targetName } from '../render/review-words.js';
import { messagesFor } from '../text/messages.js';
import { commandHint, storeCommands } from './invoked.js';
import { sanitizeLine } from '../text/sanitize.js';

import { logDir } from './log-dir.js';

export { logDir };

export const freshSessionId = (crisis: string, now: number) =>
  newSessionId(crisis, now, randomBytes(2).toString('hex'));

/**
 * `crisis verify` and friends take a session id or a path to a log file.
 * Ids are checked before they become paths.
 */
export function resolveSession(
  ctx: Ctx,
  ref: string,
  options: { anyFile?: boolean } = {},
): { id: string; paths: SessionPaths } {
  const file = path.resolve(ctx.deps.cwd, ref);
  // A log file's name that is not there is a missing file, not a malformed session id. Other paths that are not
  // there (`../x`, `/tmp/ID`) stay "not a session id": an id typed with a path around it is refused as such.
  if (ref.endsWith('.jsonl') && !existsSync(file))
    throw new CrisisError(say('error.session.noFile', { file: sanitizeLine(ref) }), {
      hint: say('error.session.noFile.hint'),
      exitCode: ExitCode.usage,
      code: 'session.no-file',
    });
  if ((ref.endsWith('.jsonl') || ref.includes(path.sep)) && existsSync(file)) {
    const id = path.basename(file, '.jsonl');
    // Read-only commands check any file (a log attached to a ticket, a copy for an auditor).
    const named = id.length <= 120 && SESSION_ID_PATTERN.test(id);
    if (options.anyFile && !named) return { id: sanitizeLine(ref), paths: externalPaths(file) };
    // The file is what was typed: name it, not its base name ("passwd" is not a session id).
    if (!named)
      throw new CrisisError(say('error.session.notLogFile', { file: sanitizeLine(ref) }), {
        hint: say('error.session.notLogFile.hint'),
        exitCode: ExitCode.usage,
        code: 'session.invalid-id',
      });
    return { id, paths: { ...sessionPaths(path.dirname(file), id), external: true } };
  }
  const id = assertSessionId(ref);
  return { id, paths: sessionPaths(logDir(ctx), id) };
}

/**
 * A session for a read-only command (status, log, verify, review, checklist).
 * With a PostgreSQL store its rows are exported, byte for byte, to a private
 * temporary file, so every reader checks exactly what `crisis export` gives;
 * `label` names where the session really lives.
 */
export async function sessionSource(
  ctx: Ctx,
  ref: string,
  options: { anyFile?: boolean } = {},
): Promise<{ id: string; paths: SessionPaths; label: string | Said }> {
  if (!ctx.store) {
    const found = resolveSession(ctx, ref, options);
    return { ...found, label: found.paths.log };
  }
  const id = assertSessionId(ref);
  const { PgStore } = await import('../store/postgres.js');
  const store = await PgStore.open(ctx.store, id, storeCommands(ctx.deps.env, ctx.store));
  let lines: string[];
  try {
    lines = await store.lines();
  } finally {
    await store.close();
  }
  if (lines.length === 0)
    throw new CrisisError(say('error.session.notInDb', { id, where: store.where }), {
      hint: commandHint(ctx, 'error.session.notInDb.hint', 'status'),
      exitCode: ExitCode.usage,
      code: 'session.unknown',
    });
  const dir = mkdtempSync(path.join(tmpdir(), 'crisis-pg-'));
  removeAtExit(dir);
  const paths = sessionPaths(dir, id);
  writeFileSync(paths.log, lines.map((l) => `${l}\n`).join(''), { mode: 0o600 });
  return { id, paths, label: store.location };
}

/**
 * Temp dirs removed when the process exits, by one exit listener: `status` over a team store exports every session,
 * and a listener each passed Node's limit of ten (a MaxListenersExceededWarning on the screen).
 */
const atExit: string[] = [];
function removeAtExit(dir: string): void {
  if (atExit.length === 0)
    process.once('exit', () => {
      for (const d of atExit) rmSync(d, { recursive: true, force: true });
    });
  atExit.push(dir);
}

/** Read and validate an answers file (the same response format drills use). The parser loads only here. */
export async function readAnswers(file: string, cwd: string): Promise<AnswersData> {
  return (await readAnswersFile(file, cwd)).data;
}

/**
 * Read an answers file and check every response against the composed plan
 * before anything is written: all problems with file:line:col, exit 2 (an answers file is input, like a drill
 * file: a wrong step id is a malformed file, as a wrong type or an unknown field is).
 */
export async function checkedAnswers(ctx: Ctx, file: string, plan: Plan): Promise<AnswersData> {
  const read = await readAnswersFile(file, ctx.deps.cwd);
  const { checkResponses } = await import('../session/answers.js');
  // A bare 11:15 in the file is a time today in this machine's zone, as the run reads it.
  const at = { now: ctx.deps.now(), zone: machineZone(ctx.deps.env) };
  const problems = checkResponses(plan, read.data.responses, file, read.locate, at);
  if (problems.length === 0) return read.data;
  for (const p of problems) ctx.err(formatProblemIn(ctx.lang)(p));
  throw new CrisisError(say('error.answers.problems', { file, count: problems.length }), {
    hint: say('error.answers.problems.hint'),
    exitCode: ExitCode.usage,
    code: 'answers.invalid',
  });
}

async function readAnswersFile(
  file: string,
  cwd: string,
): Promise<{
  data: AnswersData;
  locate: (path: ReadonlyArray<string | number>) => { line: number; col: number } | undefined;
}> {
  const abs = path.resolve(cwd, file);
  let bytes: Uint8Array;
  try {
    // A regular file, bounded like a playbook: a FIFO would block, /dev/zero would never end.
    bytes = readRegularFile(abs, MAX_FILE_BYTES, { followSymlinks: true });
  } catch (error) {
    const why =
      refusalSaid(error) ?? say('error.file.cannotRead', { reason: String((error as NodeJS.ErrnoException).code) });
    throw new CrisisError(say('error.answers.unreadable', { file, why }), {
      hint: say('error.answers.unreadable.hint'),
      exitCode: ExitCode.usage,
    });
  }
  const [{ decodeSource, parseSource }, { Answers }] = await Promise.all([
    import('../playbook/load.js'),
    import('../playbook/schema.js'),
  ]);
  const decoded = decodeSource(bytes, file);
  if (decoded.problem) throw new CrisisError(problemAsError(decoded.problem), { exitCode: ExitCode.usage });
  const parsed = parseSource(decoded.text!, file, Answers);
  const problem = parsed.problems[0];
  // An empty file is no answers file (the parser's own words would say "expected a playbook").
  if (problem?.code === 'file.empty')
    throw new CrisisError(say('error.answers.empty', { file }), {
      hint: say('error.answers.notAnswers.hint'),
      exitCode: ExitCode.usage,
    });
  if (!parsed.data || problem)
    throw new CrisisError(problem ? problemAsError(problem) : say('error.answers.notAnswers', { file }), {
      hint: say('error.answers.notAnswers.hint'),
      exitCode: ExitCode.usage,
    });
  return { data: parsed.data, locate: parsed.locate };
}

/** The end-of-run summary: what got done, what did not, and the response's clock. */
export function summaryLines(plan: Plan, state: SessionState, now: number, style: Style, lang: Lang = 'en'): string[] {
  const t = messagesFor(lang);
  const steps = visibleSteps(plan, state);
  const by = (status: string) => steps.filter((s) => stepState(state, s.id).status === status);
  const duration = (ms: number) => durationWords(formatDuration(ms), lang);
  const out = [style.bold(t('summary.title'))];
  out.push(
    `  ${t('summary.counts', {
      done: by('done').length,
      skipped: by('skipped').length,
      blocked: by('blocked').length,
      open: by('open').length,
      total: steps.length,
    })}`,
  );
  for (const status of ['skipped', 'blocked'] as const)
    for (const s of by(status))
      out.push(
        `  ${t(`summary.${status}`, { step: s.id, reason: sanitizeLine(stepState(state, s.id).reason ?? '') })}`,
      );
  // The first public statement, as the first-statement target and the review count it (not a regulator's report).
  const first = publicIssued(state)[0];
  out.push(
    `  ${t('summary.firstStatement', {
      duration: first ? duration(first.at - state.startedAt) : t('summary.noStatement'),
    })}`,
  );
  for (const target of targetStatus(plan, state, now)) {
    if (target.overdue || (target.metAt !== undefined && target.metAt > target.deadline)) {
      const met = target.metAt ? t('summary.met', { at: formatOffset(target.metAt - state.startedAt, lang) }) : '';
      const name = targetName(target.target, lang);
      const due = formatOffset(target.deadline - state.startedAt, lang);
      out.push(style.red(`  ${t('summary.overdue', { target: name, due, met })}`));
    }
  }
  return out;
}
