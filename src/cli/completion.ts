import { readdirSync } from 'node:fs';
import type { Command, Option } from 'commander';
import { CrisisError, ExitCode, say } from '../errors.js';
import type { Ctx } from './context.js';
import { openLibrary } from './library.js';
import { ID_PATTERN } from '../playbook/constants.js';
import { isSessionId } from '../session/ids.js';
import { logDir } from './sessions.js';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

/**
 * The scripts only collect the words typed so far and ask `crisis __complete`
 * for candidates, so bash, zsh and fish complete the same things from one
 * implementation: commands, options, option values, playbook, drill and
 * session ids. Every candidate is a plain word (a command, an option, an id
 * matching its pattern): names from the log dir or a user's playbook that are
 * not ids are never offered, so nothing a shell could run or a terminal act on
 * reaches either.
 */
const SCRIPTS: Record<Shell, string> = {
  bash: `# crisis completion for bash: eval "$(crisis completion bash)" in ~/.bashrc
# Candidates are read line by line and kept when they start with the word typed: never
# passed through compgen -W, which would expand $(...), \`...\` and $VAR in them.
_crisis_complete() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" candidate
  COMPREPLY=()
  while IFS= read -r candidate; do
    [[ "$candidate" == "$cur"* ]] && COMPREPLY+=("$candidate")
  done < <(crisis __complete -- "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null)
}
complete -o default -F _crisis_complete crisis
`,
  zsh: `#compdef crisis
# crisis completion for zsh: eval "$(crisis completion zsh)" in ~/.zshrc (after compinit)
_crisis_complete() {
  local -a candidates
  candidates=("\${(@f)$(crisis __complete -- "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
  compadd -a candidates
}
compdef _crisis_complete crisis
`,
  fish: `# crisis completion for fish: crisis completion fish > ~/.config/fish/completions/crisis.fish
function __crisis_complete
    set -l words (commandline -opc) (commandline -ct)
    crisis __complete -- $words[2..-1] 2>/dev/null
end
complete -c crisis -f -a '(__crisis_complete)'
`,
};

export async function run(ctx: Ctx, shell: string): Promise<number> {
  if (!(SHELLS as readonly string[]).includes(shell))
    throw new CrisisError(say('error.completion.shell', { shell }), {
      hint: say('error.completion.shell.hint', { shells: SHELLS.join(', ') }),
      exitCode: ExitCode.usage,
      code: 'completion.shell',
    });
  ctx.deps.stdout.write(SCRIPTS[shell as Shell]);
  return 0;
}

const SESSION_COMMANDS = new Set(['resume', 'status', 'log', 'verify', 'review', 'export', 'join']);

/** Candidates for the last word of `words` (the words after `crisis`, the last one being typed). */
export async function candidates(ctx: Ctx, words: readonly string[]): Promise<string[]> {
  const { createProgram } = await import('./program.js');
  const program = createProgram(ctx.deps);
  const before = words.slice(0, -1);
  const globals = program.options;
  const name = before.find((w) => !w.startsWith('-') && program.commands.some((c) => c.name() === w));
  const command = program.commands.find((c) => c.name() === name);
  const options = [...globals, ...(command?.options ?? [])];
  const last = before.at(-1);
  const previous = last === undefined ? undefined : options.find((o) => o.long === last || o.short === last);
  if (previous?.required || previous?.optional) return previous.argChoices ?? (await values(ctx, previous));
  const current = words.at(-1) ?? '';
  if (current.startsWith('-')) return [...options.flatMap((o) => (o.long ? [o.long] : [])), '--help'];
  if (!command) return program.commands.filter((c) => !isHidden(c)).map((c) => c.name());
  if (command.name() === 'completion') return [...SHELLS];
  if (command.name() === 'drill') return (await openLibrary(ctx)).drills.map((d) => d.data.id).filter(isId);
  if (['start', 'show', 'checklist'].includes(command.name())) {
    const library = await openLibrary(ctx);
    return library.playbooks
      .filter((p) => command.name() !== 'start' || p.data.kind === 'crisis')
      .map((p) => p.data.id)
      .filter(isId);
  }
  if (SESSION_COMMANDS.has(command.name())) return ['latest', ...sessionIds(ctx)];
  return [];
}

/** Playbook and drill ids come from users' files: the schema checks them, and so does this, before a shell sees one. */
const isId = (id: string) => id.length <= 64 && ID_PATTERN.test(id);

const isHidden = (c: Command) => (c as unknown as { _hidden?: boolean })._hidden === true;

async function values(ctx: Ctx, option: Option): Promise<string[]> {
  if (option.long === '--with')
    return (await openLibrary(ctx)).playbooks
      .filter((p) => p.data.kind === 'strategy')
      .map((p) => p.data.id)
      .filter(isId);
  if (option.long === '--crisis')
    return (await openLibrary(ctx)).playbooks
      .filter((p) => p.data.kind === 'crisis')
      .map((p) => p.data.id)
      .filter(isId);
  return [];
}

function sessionIds(ctx: Ctx): string[] {
  try {
    return (
      readdirSync(logDir(ctx))
        .filter((f) => f.endsWith('.jsonl'))
        .map((f) => f.slice(0, -'.jsonl'.length))
        // The log dir is trusted with nothing: a name like `$(id>x).jsonl` is not a session.
        .filter(isSessionId)
        .sort()
        .reverse()
    );
  } catch {
    return [];
  }
}

/** What a candidate may be made of: no space, quote, `$`, backquote, glob, control or bidi character. */
const PLAIN_WORD = /^[\w.,:=@+/-]+$/;

/**
 * `crisis __complete -- WORDS...`: one candidate per line (the shell filters by what is typed).
 * The last guard: whatever a source lets through, only plain words reach the shell.
 */
export async function complete(ctx: Ctx, words: string[]): Promise<number> {
  for (const c of await candidates(ctx, words)) if (PLAIN_WORD.test(c)) ctx.out(c);
  return 0;
}
