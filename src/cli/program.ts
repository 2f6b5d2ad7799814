import { examplesHelp } from './examples.js';
import { Command, InvalidArgumentError, Option, type OutputConfiguration } from 'commander';
import { readVersion } from './version.js';
import { loadLanguage } from '../text/messages.js';
// commander quotes what was typed (`unknown command '…'`): an escape sequence in an argument must not reach the screen.
import { sanitizeText } from '../text/sanitize.js';
import { makeCtx, profileStore, storeChosen, type CliDeps, type Ctx, type GlobalOptions } from './context.js';

/** What a command module exports: run with the context, its arguments and options. */
type Runner = (ctx: Ctx, ...args: never[]) => Promise<number | void>;
type Loader = () => Promise<{ run: Runner }>;

export interface ProgramState {
  exitCode: number;
  debug: boolean;
  /** `--json` was given: errors go out as one JSON object (cli/report-error.ts), so commander prints none of its own */
  json?: boolean;
  /** the language errors are printed in: in any but English, cli/report-error.ts words commander's errors itself */
  lang?: string;
}

/** In a language but English, commander's English error lines are left to the printer (cli/report-error.ts). */
const quietCommander = (state: ProgramState) => state.lang !== undefined && state.lang !== 'en';

const SEVERITY = ['low', 'medium', 'high', 'critical'];
const SESSION_ARG = 'session id, a unique start of one, or latest';
const SESSION_OR_FILE = `${SESSION_ARG}, or a .jsonl file`;
const collect = (value: string, previous: string[] = []) => [...previous, value];
/** A name that goes on every event recorded: an empty one would record actions by nobody. */
function nameArgument(value: string): string {
  if (value.trim() === '') throw new InvalidArgumentError('give a name');
  return value;
}
/** A file option's value: an empty one would write nothing and say nothing (`--junit ""` in a CI script). */
function fileArgument(value: string): string {
  if (value.trim() === '') throw new InvalidArgumentError('give a file name, or - for standard output');
  return value;
}
const list = (value: string, previous: string[] = []) => [
  ...previous,
  ...value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
];

/** Global options that take a value: the word after one is its value, not a command. */
const GLOBAL_VALUES = new Set(['--playbooks', '--log-dir', '--lang', '--store']);

/**
 * The command the arguments name: the first word that is neither an option nor a global option's value.
 * Undefined when there is none, or when --help comes first (the program's help lists every command).
 */
export function commandNamed(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--' || arg === '-h' || arg === '--help') return undefined;
    if (GLOBAL_VALUES.has(arg)) i++;
    else if (!arg.startsWith('-')) return arg;
  }
  return undefined;
}

/** The commands that read or write sessions, so the store matters (checklist only with --session). */
const STORE_COMMANDS = new Set(['start', 'resume', 'join', 'export', 'import', 'status', 'log', 'verify', 'review']);
const usesStore = (name: string, options: { session?: string }) =>
  STORE_COMMANDS.has(name) || (name === 'checklist' && options.session !== undefined);

/**
 * The whole command surface, declared as data. Each action imports its own
 * module only when it runs, so `--version` and `list` never load the prompt
 * library or the spinner. With `only` (the command the arguments name, from
 * `commandNamed`), the other commands are not declared at all: a run pays for
 * declaring one command's options, not eighteen. A name that is no command
 * (`help`, a typo) declares them all.
 */
export function createProgram(
  deps: CliDeps,
  state: ProgramState = { exitCode: 0, debug: false },
  only?: string,
): Command {
  // The help is wrapped to the streams the run was given (commander asks process.stdout, which a run's stdout
  // need not be: at a 60-column terminal the help came out unwrapped).
  const helpWidth = (stream: CliDeps['stdout']) => (stream.isTTY && stream.columns ? stream.columns : 80);
  const output: OutputConfiguration = {
    writeOut: (s) => void deps.stdout.write(s),
    writeErr: (s) => void deps.stderr.write(s),
    getOutHelpWidth: () => helpWidth(deps.stdout),
    getErrHelpWidth: () => helpWidth(deps.stderr),
    outputError: (s, write) => void (state.json || quietCommander(state) ? undefined : write(sanitizeText(s))),
  };
  const program = new Command('crisis')
    .description('Crisis playbook runner: guided response, tamper-evident action log, drills and checklists')
    .version(readVersion(), '-V, --version', 'print the version')
    .option('--playbooks <dir>', 'also load playbooks from DIR (repeatable; searched first)', collect)
    .option(
      '--log-dir <dir>',
      'where session logs live (default: $CRISIS_LOG_DIR, else $XDG_STATE_HOME/crisis/sessions or ' +
        '~/.local/state/crisis/sessions)',
    )
    .option('--lang <lang>', 'language for playbook text and messages: en or zh')
    .option(
      '--store <url>',
      "team mode: sessions in PostgreSQL (postgres://…; default $CRISIS_STORE, else profile's store:, else files)",
    )
    .option('--no-color', 'no colour in output')
    .option('--debug', 'show stack traces for internal errors')
    .showSuggestionAfterError(true)
    .configureOutput(output)
    // commander leaves a description unwrapped when under 40 columns are left for it (a 60-column terminal then
    // folded every option's text inside words): wrap it down to 20.
    .configureHelp({ minWidthToWrap: 20 })
    .exitOverride();

  /**
   * `session`: the command's first argument names a session, given as an id, a
   * unique prefix, `latest`, or left out for `--crisis ID` (resolved here, once for every command).
   */
  const define = (
    name: string,
    declare: (cmd: Command) => Command,
    load: Loader,
    session?: { unfinished?: boolean; optional?: boolean },
  ) => {
    if (only !== undefined && name !== only) return;
    // `__complete` is for the completion scripts, not for people: not in --help.
    const cmd = declare(program.command(name, { hidden: name.startsWith('__') }));
    const examples = examplesHelp(cmd.name());
    if (examples) cmd.addHelpText('after', examples);
    if (session)
      cmd.option(
        '--crisis <id>',
        session.unfinished ? 'the newest unfinished session of this crisis' : 'the newest session of this crisis',
      );
    cmd.exitOverride().configureOutput(output);
    cmd.action(async (...args: unknown[]) => {
      const self = args.at(-1) as Command;
      const globals = self.optsWithGlobals() as GlobalOptions;
      state.debug = globals.debug === true;
      const ctx = makeCtx(deps, globals);
      await loadLanguage(ctx.lang);
      const rest = args.slice(0, -1);
      const own = self.opts<{ profile?: string; session?: string }>();
      if (usesStore(self.name(), own) && !storeChosen(globals.store, deps.env))
        ctx.store = await profileStore(ctx, own.profile);
      if (session) {
        const options = self.opts<{ crisis?: string }>();
        // Nothing asked, nothing to resolve: a bare `crisis status` lists sessions without loading the resolver.
        if (rest[0] !== undefined || options.crisis !== undefined) {
          const { sessionRef } = await import('./session-ref.js');
          rest[0] = await sessionRef(ctx, rest[0] as string | undefined, { ...session, crisis: options.crisis });
        }
        if (rest[0] === undefined && !session.optional) {
          const { CrisisError, ExitCode, say } = await import('../errors.js');
          throw new CrisisError(say('error.session.which', { command: self.name() }), {
            hint: say('error.session.which.hint'),
            exitCode: ExitCode.usage,
            code: 'session.missing',
          });
        }
      }
      const mod = await load();
      const code = await mod.run(ctx, ...(rest as never[]));
      state.exitCode = code ?? 0;
    });
    return cmd;
  };

  define(
    'list',
    (cmd) =>
      cmd
        .description('list every playbook and drill found')
        .addOption(new Option('--kind <kind>', 'only this kind').choices(['crisis', 'strategy', 'review', 'drill']))
        .option('--json', 'print a JSON array'),
    () => import('./list.js'),
  );
  define(
    'show',
    (cmd) =>
      cmd
        .description('print the composed plan of a playbook')
        .argument('<id>', 'playbook id')
        .addOption(new Option('--severity <severity>', 'compose for this severity').choices(SEVERITY))
        .option('--with <ids>', 'add strategies (comma-separated)', list)
        .option('--jurisdiction <codes>', 'reporting duties of these jurisdictions (cn,eu,us; none for none)', list)
        .option('--json', 'print the plan as JSON'),
    () => import('./show.js'),
  );
  define(
    'validate',
    (cmd) =>
      cmd
        .description('check playbooks and drills: syntax, schema, references, principle and procedure lint')
        .argument('[paths...]', 'files or directories (default: every playbook found)')
        .option('--strict', 'treat warnings as errors')
        .option('--json', 'print the problems as JSON'),
    () => import('./validate.js'),
  );
  define(
    'schema',
    (cmd) =>
      cmd
        .description('print the JSON Schema of a file format: playbook, drill, duties, answers or profile')
        .addOption(
          new Option('--kind <kind>', 'which schema')
            .choices(['playbook', 'drill', 'duties', 'answers', 'profile'])
            .default('playbook'),
        ),
    () => import('./schema.js'),
  );
  define(
    'init',
    (cmd) =>
      cmd
        .description("set up a project for editing playbooks: the JSON Schemas and VS Code's yaml.schemas mapping")
        .argument('[dir]', 'the project folder (default: the current one)'),
    () => import('./init.js'),
  );
  define(
    'start',
    (cmd) =>
      cmd
        .description('start a crisis session and walk its playbook step by step')
        .argument('<crisis-id>', 'crisis playbook id')
        .addOption(new Option('--severity <severity>', 'severity of this crisis').choices(SEVERITY))
        .option('--operator <name>', 'who is running it (default: the OS user)', nameArgument)
        .option('--answers <file>', 'answer every prompt from this YAML file (unattended run)')
        .option('--with <ids>', 'add strategies (comma-separated)', list)
        .option('--jurisdiction <codes>', 'reporting duties of these jurisdictions (cn,eu,us; none for none)', list)
        .option('--as <role>', "work only this role's steps")
        .option('--profile <file>', 'organisation profile (default: crisis.config.yaml or org.yaml, cwd upward)'),
    () => import('./start.js'),
  );
  define(
    'resume',
    (cmd) =>
      cmd
        .description('continue a paused session from its log')
        .argument('[session]', SESSION_ARG)
        .option('--answers <file>', 'answer every prompt from this YAML file')
        .option('--operator <name>', 'who is running it now', nameArgument)
        .option('--as <role>', "work only this role's steps")
        .option('--force', 'resume past a broken hash chain (recorded as forced)'),
    () => import('./resume.js'),
    { unfinished: true },
  );
  define(
    'join',
    (cmd) =>
      cmd
        .description('join a team session (--store) from this terminal, working one role')
        .argument('[session]', SESSION_ARG)
        .option('--as <role>', "work only this role's steps")
        .option(
          '--operator <name>',
          "your name in the log (default: the answers file's operator, else your login name)",
          nameArgument,
        )
        .option('--answers <file>', 'answer every prompt from this YAML file'),
    () => import('./join.js'),
    { unfinished: true },
  );
  define(
    'completion',
    (cmd) =>
      cmd.description('print a shell completion script: bash, zsh or fish').argument('<shell>', 'bash, zsh or fish'),
    () => import('./completion.js'),
  );
  define(
    '__complete',
    (cmd) =>
      cmd
        .description('completion candidates for the words typed (used by the completion scripts)')
        .argument('[words...]', 'the words after crisis, the last one being typed'),
    () => import('./completion.js').then((m) => ({ run: m.complete as Runner })),
  );
  define(
    'export',
    (cmd) =>
      cmd
        .description("write a session's log as JSONL to stdout, exactly as the file store writes it")
        .argument('[session]', SESSION_ARG),
    () => import('./export.js'),
    {},
  );
  define(
    'import',
    (cmd) =>
      cmd
        .description('load a session log (.jsonl) into the store given with --store')
        .argument('<file>', 'a session log file'),
    () => import('./import.js'),
  );
  define(
    'status',
    (cmd) =>
      cmd
        .description('list sessions, or show one')
        .argument('[session]', SESSION_ARG)
        .option('--drills', 'also list drill sessions')
        .option('--json', 'print JSON'),
    () => import('./status.js'),
    { optional: true },
  );
  define(
    'log',
    (cmd) =>
      cmd
        .description("print a session's timeline")
        .argument('[session]', SESSION_OR_FILE)
        .addOption(
          new Option('--format <format>', 'text, md, csv, json (one document) or jsonl (one event per line)')
            .choices(['text', 'md', 'json', 'jsonl', 'csv'])
            .default('text'),
        )
        .option('--bom', 'start CSV with a UTF-8 byte order mark (for Excel)'),
    () => import('./log.js'),
    {},
  );
  define(
    'verify',
    (cmd) =>
      cmd
        .description("check a session log's hash chain")
        .argument('[session]', SESSION_OR_FILE)
        .option('--head <seq:hash>', 'also fail unless the log still reaches this chain head (kept elsewhere)')
        .option('--json', 'print JSON'),
    () => import('./verify.js'),
    {},
  );
  define(
    'drill',
    (cmd) =>
      cmd
        .description('run a drill (or a directory of drills) at virtual speed and score its expectations')
        .argument('<drill>', 'drill id, drill file, or directory of drills')
        .option('--junit <file>', 'write a JUnit XML report', fileArgument)
        .option('--report <file>', 'write a JSON report', fileArgument)
        .option('--interactive', 'tabletop: you work the playbook, injects arrive on the clock')
        .option('--speed <factor>', 'with --interactive: run the clock this many times faster'),
    () => import('./drill.js'),
  );
  define(
    'checklist',
    (cmd) =>
      cmd
        .description('print a checklist for a playbook (Markdown, HTML or JSON), or progress from a session')
        .argument('[id]', 'playbook id (not needed with --session)')
        .addOption(new Option('--format <format>', 'md, html or json').choices(['md', 'html', 'json']).default('md'))
        .addOption(new Option('--severity <severity>', 'compose for this severity').choices(SEVERITY))
        .option('--role <role>', 'only the steps this role owns')
        .option('--cards', 'one compact card per role')
        .option('--with <ids>', 'add strategies (comma-separated)', list)
        .option('--jurisdiction <codes>', 'reporting duties of these jurisdictions (cn,eu,us; none for none)', list)
        .option('--session <session>', "tick progress from this session's log")
        .option('-o, --output <file>', 'write to FILE instead of stdout', fileArgument),
    () => import('./checklist.js'),
  );
  define(
    'review',
    (cmd) =>
      cmd
        .description('post-crisis review of a session (walks the review playbook in a terminal)')
        .argument('[session]', SESSION_OR_FILE)
        .addOption(new Option('--format <format>', 'md or html').choices(['md', 'html']).default('md'))
        .option('-o, --output <file>', 'write to FILE instead of stdout', fileArgument)
        .option('--no-interactive', 'do not walk the review playbook, just write the report')
        .option(
          '--operator <name>',
          "who records the walk's answers (default: in a team your login name, else the session's operator)",
          nameArgument,
        ),
    () => import('./review.js'),
    {},
  );
  // Not a command (`help`, a typo): every command is declared, for commander to list or suggest.
  if (only !== undefined && program.commands.length === 0) return createProgram(deps, state);
  return program;
}
