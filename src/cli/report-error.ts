import { CrisisError, ExitCode } from '../errors.js';
import { sanitizeLine } from '../text/sanitize.js';
import { msg } from '../text/messages.js';
import { resolveLang, type CliDeps } from './context.js';
import { commanderLines } from './commander-text.js';
import type { Lang } from '../playbook/types.js';
import { narrowWrapLine } from '../render/narrow.js';

// Apart from main.ts: `crisis --version` answers before any of this (or the message catalogues) is loaded.

/**
 * The language errors are printed in, read from argv and the environment as the context reads them, so
 * an error thrown before any context exists (a bad flag, an unknown command) speaks the same language.
 * A value that is not a language (the error being reported may be about it) falls through to the next source.
 */
export function errorLang(argv: readonly string[], env: NodeJS.ProcessEnv): Lang {
  let flag: string | undefined;
  for (const [i, arg] of argv.entries()) {
    if (arg === '--') break;
    if (arg === '--lang') flag = argv[i + 1];
    else if (arg.startsWith('--lang=')) flag = arg.slice('--lang='.length);
  }
  const valid = (value: string | undefined): Lang | undefined => (value === 'en' || value === 'zh' ? value : undefined);
  return valid(flag) ?? valid(env.CRISIS_LANG) ?? resolveLang(undefined, { ...env, CRISIS_LANG: undefined });
}

/** A command in a hint: `crisis ` as a word (not `--crisis ID`, a flag's name). */
const COMMAND = /(?:^|[\s`“：:])crisis\s/;

export function reportError(error: unknown, deps: CliDeps, debug: boolean, json = false, lang: Lang = 'en'): number {
  // JSON is for programs: its text stays English, with the error's dotted code in `id`.
  if (json) return reportJsonError(error, deps, debug);
  // At a terminal each line wrapped to its width (between words, Chinese by its line-breaking rules), not cut by the
  // terminal mid-word or with a space starting the next row; a line only width.ts could wrap (emoji) is left whole.
  const columns = deps.stderr.isTTY ? deps.stderr.columns : undefined;
  const err = (line: string) => {
    for (const row of (columns && narrowWrapLine(line, columns)) || [line]) deps.stderr.write(`${row}\n`);
  };
  // A hint that gives a command to run is written whole: a row break inside the command would break its copy and
  // paste, where the terminal's own wrap does not.
  const hintLine = (hint: string) => {
    const line = msg(lang, 'error.hintPrefix', { hint: sanitizeLine(hint) });
    if (COMMAND.test(hint)) deps.stderr.write(`${line}\n`);
    else err(line);
  };
  const code = (error as { code?: unknown } | undefined)?.code;
  // commander's own errors (its message is already printed); checked by code so this file needs no commander import.
  if (typeof code === 'string' && code.startsWith('commander.')) {
    const exitCode = (error as { exitCode?: number }).exitCode;
    if (exitCode === 0 || code === 'commander.helpDisplayed' || code === 'commander.version') return 0;
    if (code === 'commander.help') return ExitCode.usage;
    // commander printed its English already; any other language is worded here (program.ts keeps it quiet).
    if (lang !== 'en') for (const line of commanderLines(lang, (error as Error).message)) err(sanitizeLine(line));
    hintLine(msg(lang, 'error.commander.hint'));
    return ExitCode.usage;
  }
  if (error instanceof CrisisError) {
    const { message, more, hint } = error.inLang(lang);
    // Messages quote files and input: nothing in them may drive the terminal.
    for (const text of [message, ...more])
      for (const [i, line] of text.split('\n').entries())
        err(i === 0 ? msg(lang, 'error.prefix', { message: sanitizeLine(line) }) : sanitizeLine(line));
    if (hint) hintLine(hint);
    if (debug && error.stack) err(error.stack);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  err(msg(lang, 'error.internal', { message: sanitizeLine(message) }));
  if (debug && error instanceof Error && error.stack) err(error.stack);
  else hintLine(msg(lang, 'error.internal.hint'));
  return ExitCode.internal;
}

/**
 * Under `--json` a program reads stderr too: one line, `{"error", "hint", "code"}` with `code` the exit
 * code, plus `id` (the error's dotted code, when it has one) and `stack` with --debug.
 */
function reportJsonError(error: unknown, deps: CliDeps, debug: boolean): number {
  const id = (error as { code?: unknown } | undefined)?.code;
  let out: { error: string; hint: string | null; code: number; id?: string; stack?: string };
  if (typeof id === 'string' && id.startsWith('commander.')) {
    const exitCode = (error as { exitCode?: number }).exitCode;
    if (exitCode === 0 || id === 'commander.helpDisplayed' || id === 'commander.version') return 0;
    const message = (error as Error).message.replace(/^error: /, '');
    out = { error: message, hint: msg('en', 'error.commander.hint'), code: ExitCode.usage, id };
  } else if (error instanceof CrisisError) {
    out = { error: error.message, hint: error.hint ?? null, code: error.exitCode };
    if (error.code !== undefined) out.id = error.code;
  } else {
    out = {
      error: `internal error: ${error instanceof Error ? error.message : String(error)}`,
      hint: msg('en', 'error.internal.hint'),
      code: ExitCode.internal,
    };
  }
  if (debug && error instanceof Error && error.stack) out.stack = error.stack;
  // JSON.stringify escapes every control character, so nothing in a message can drive a terminal.
  deps.stderr.write(`${JSON.stringify(out)}\n`);
  return out.code;
}
