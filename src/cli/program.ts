import { examplesHelp } from './examples.js';
import { Command, InvalidArgumentError, Option, type HelpConfiguration, type OutputConfiguration } from 'commander';
import { readVersion } from './version.js';
import { msg, type MessageKey } from '../text/messages.js';
// commander quotes what was typed (`unknown command '…'`): an escape sequence in an argument must not reach the screen.
import { sanitizeText } from '../text/sanitize.js';
import { commandCtx, type CliDeps, type Ctx, type GlobalOptions } from './context.js';

/** What a command module exports: run with the context, its arguments and options. */
type Runner = (ctx: Ctx, ...args: never[]) => Promise<number | void>;
type Loader = () => Promise<{ run: Runner }>;

export interface ProgramState {
  exitCode: number;
  debug: boolean;
  /** `--json` was given: errors go out as one JSON object (cli/report-error.ts), so commander prints none of its own */
  json?: boolean;
  /**
   * the language errors are printed in: in any but English, cli/report-error.ts words commander's errors itself.
   * The help is in it too (its catalogue loaded: main.ts loads it before the program is made).
   */
  lang?: string;
  /** how the help measures and wraps text other than English (cli/help-layout.ts), when help may be printed */
  helpLayout?: HelpConfiguration;
}

/** In a language but English, commander's English error lines are left to the printer (cli/report-error.ts). */
const quietCommander = (state: ProgramState) => state.lang !== undefined && state.lang !== 'en';

const SEVERITY = ['low', 'medium', 'high', 'critical'];
const collect = (value: string, previous: string[] = []) => [...previous, value];
/**
 * An option's value that must not be blank, refused with `reason` (a catalogue key) in `lang`: commander puts it
 * after its own `option '…' argument '…' is invalid.`, which the printer words in any language but English
 * (cli/commander-text.ts).
 */
const notBlank = (lang: string, reason: MessageKey) => (value: string) => {
  if (value.trim() === '') throw new InvalidArgumentError(msg(lang, reason));
  return value;
};
const list = (value: string, previous: string[] = []) => [
  ...previous,
  ...value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
];

/** commander's headings, each a catalogue key (styleTitle is given each before it is printed). */
const HEADINGS: Readonly<Record<string, MessageKey>> = {
  'Usage:': 'help.heading.usage',
  'Arguments:': 'help.heading.arguments',
  'Options:': 'help.heading.options',
  'Commands:': 'help.heading.commands',
};

/**
 * commander's help in `lang`: its headings, and an option's choices and default after its description, in the
 * catalogue's words (in English exactly commander's own, `(choices: "md", "html", default: "md")`); with `layout`,
 * text measured and wrapped as Chinese needs.
 */
function helpWords(lang: string, layout: HelpConfiguration | undefined): HelpConfiguration {
  return {
    styleTitle: (title) => (Object.hasOwn(HEADINGS, title) ? msg(lang, HEADINGS[title]!) : title),
    optionDescription(option) {
      const word = (value: unknown) => msg(lang, 'help.choice', { value: String(value) });
      const choices = option.argChoices?.map(word).join(msg(lang, 'help.choiceSeparator'));
      // commander shows a default for an option that takes a value (a boolean's is for programmers)
      const shown =
        option.defaultValue !== undefined &&
        (option.required || option.optional || (option.isBoolean() && typeof option.defaultValue === 'boolean'));
      const value = shown ? option.defaultValueDescription || word(option.defaultValue) : undefined;
      const extra =
        choices !== undefined && value !== undefined
          ? msg(lang, 'help.choicesDefault', { choices, value })
          : choices !== undefined
            ? msg(lang, 'help.choices', { choices })
            : value !== undefined
              ? msg(lang, 'help.default', { value })
              : undefined;
      if (extra === undefined) return option.description;
      return option.description ? msg(lang, 'help.withExtra', { description: option.description, extra }) : extra;
    },
    ...layout,
  };
}

/**
 * Whether commander may print help for these arguments: -h or --help, `help`, or no command at all (it then
 * prints the program's help on stderr). Only then does a run in Chinese load the help's layout.
 */
export function mayShowHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  const options = end === -1 ? argv : argv.slice(0, end);
  if (options.includes('-h') || options.includes('--help')) return true;
  const command = commandNamed(argv);
  return command === undefined || command === 'help';
}

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
  // What the help says, in the run's language (its catalogue is loaded: main.ts, or English in a test).
  const lang = state.lang ?? 'en';
  const t = (key: MessageKey) => msg(lang, key);
  // An option's refused value, in the language errors print in (English under --json: its text is for programs).
  const reasonLang = state.json ? 'en' : lang;
  /** A name that goes on every event recorded: an empty one would record actions by nobody. */
  const nameArgument = notBlank(reasonLang, 'error.option.blankName');
  /** A file option's value: an empty one would write nothing and say nothing (`--junit ""` in a CI script). */
  const fileArgument = notBlank(reasonLang, 'error.option.blankFile');
  const output: OutputConfiguration = {
    writeOut: (s) => void deps.stdout.write(s),
    writeErr: (s) => void deps.stderr.write(s),
    getOutHelpWidth: () => helpWidth(deps.stdout),
    getErrHelpWidth: () => helpWidth(deps.stderr),
    outputError: (s, write) => void (state.json || quietCommander(state) ? undefined : write(sanitizeText(s))),
  };
  const program = new Command('crisis')
    .description(t('help.program'))
    .version(readVersion(), '-V, --version', t('help.global.version'))
    .helpOption('-h, --help', t('help.global.help'))
    .helpCommand('help [command]', t('help.global.help'))
    .option('--playbooks <dir>', t('help.global.playbooks'), collect)
    .option('--log-dir <dir>', t('help.global.logDir'))
    .option('--lang <lang>', t('help.global.lang'))
    .option('--store <url>', t('help.global.store'))
    .option('--no-color', t('help.global.noColor'))
    .option('--debug', t('help.global.debug'))
    .showSuggestionAfterError(true)
    .configureOutput(output)
    // commander leaves a description unwrapped when under 40 columns are left for it (a 60-column terminal then
    // folded every option's text inside words): wrap it down to 20.
    .configureHelp({ minWidthToWrap: 20, ...helpWords(lang, state.helpLayout) })
    .exitOverride();

  /**
   * `session`: the command's first argument names a session, given as an id, a
   * unique prefix, `latest`, or left out for `--crisis ID` (resolved here, once for every command).
   */
  const define = (
    name: string,
    declare: (cmd: Command) => Command,
    load: Loader,
    session?: { unfinished?: boolean; optional?: boolean; sole?: boolean },
  ) => {
    if (only !== undefined && name !== only) return;
    // `__complete` is for the completion scripts, not for people: not in --help.
    const cmd = declare(program.command(name, { hidden: name.startsWith('__') }));
    const examples = examplesHelp(cmd.name(), t('help.heading.examples'));
    if (examples) cmd.addHelpText('after', examples);
    if (session)
      cmd.option('--crisis <id>', t(session.unfinished ? 'help.opt.crisisUnfinished' : 'help.opt.crisisNewest'));
    cmd.exitOverride().configureOutput(output);
    cmd.action(async (...args: unknown[]) => {
      const self = args.at(-1) as Command;
      const globals = self.optsWithGlobals() as GlobalOptions;
      state.debug = globals.debug === true;
      const own = self.opts<{ profile?: string; session?: string }>();
      const ctx = await commandCtx(deps, globals, usesStore(self.name(), own) ? { profile: own.profile } : undefined);
      const rest = args.slice(0, -1);
      if (session) {
        const options = self.opts<{ crisis?: string }>();
        // Nothing asked, nothing to resolve: a bare `crisis status` lists sessions without loading the resolver.
        // `resume` with nothing named takes the one session that may be resumed, when there is exactly one.
        if (rest[0] !== undefined || options.crisis !== undefined || session.sole) {
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
        .description(t('help.list'))
        .addOption(new Option('--kind <kind>', t('help.list.kind')).choices(['crisis', 'strategy', 'review', 'drill']))
        .option('--json', t('help.list.json')),
    () => import('./list.js'),
  );
  define(
    'show',
    (cmd) =>
      cmd
        .description(t('help.show'))
        .argument('<id>', t('help.show.id'))
        .addOption(new Option('--severity <severity>', t('help.opt.composeSeverity')).choices(SEVERITY))
        .option('--with <ids>', t('help.opt.with'), list)
        .option('--jurisdiction <codes>', t('help.opt.jurisdiction'), list)
        .option('--json', t('help.show.json')),
    () => import('./show.js'),
  );
  define(
    'validate',
    (cmd) =>
      cmd
        .description(t('help.validate'))
        .argument('[paths...]', t('help.validate.paths'))
        .option('--strict', t('help.validate.strict'))
        .option('--json', t('help.validate.json')),
    () => import('./validate.js'),
  );
  define(
    'schema',
    (cmd) =>
      cmd
        .description(t('help.schema'))
        .addOption(
          new Option('--kind <kind>', t('help.schema.kind'))
            .choices(['playbook', 'drill', 'duties', 'answers', 'profile'])
            .default('playbook'),
        ),
    () => import('./schema.js'),
  );
  define(
    'init',
    (cmd) => cmd.description(t('help.init')).argument('[dir]', t('help.init.dir')),
    () => import('./init.js'),
  );
  define(
    'start',
    (cmd) =>
      cmd
        .description(t('help.start'))
        .argument('<crisis-id>', t('help.start.crisisId'))
        .addOption(new Option('--severity <severity>', t('help.start.severity')).choices(SEVERITY))
        .option('--operator <name>', t('help.start.operator'), nameArgument)
        .option('--answers <file>', t('help.start.answers'))
        .option('--with <ids>', t('help.opt.with'), list)
        .option('--jurisdiction <codes>', t('help.opt.jurisdiction'), list)
        .option('--as <role>', t('help.opt.as'))
        .option('--profile <file>', t('help.start.profile')),
    () => import('./start.js'),
  );
  define(
    'resume',
    (cmd) =>
      cmd
        .description(t('help.resume'))
        .argument('[session]', t('help.arg.session'))
        .option('--answers <file>', t('help.opt.answers'))
        .option('--operator <name>', t('help.resume.operator'), nameArgument)
        .option('--as <role>', t('help.opt.as'))
        .option('--force', t('help.resume.force')),
    () => import('./resume.js'),
    { unfinished: true, sole: true },
  );
  define(
    'join',
    (cmd) =>
      cmd
        .description(t('help.join'))
        .argument('[session]', t('help.arg.session'))
        .option('--as <role>', t('help.opt.as'))
        .option('--operator <name>', t('help.join.operator'), nameArgument)
        .option('--answers <file>', t('help.opt.answers')),
    () => import('./join.js'),
    { unfinished: true },
  );
  define(
    'completion',
    (cmd) => cmd.description(t('help.completion')).argument('<shell>', t('help.completion.shell')),
    () => import('./completion.js'),
  );
  define(
    '__complete',
    (cmd) => cmd.description(t('help.complete')).argument('[words...]', t('help.complete.words')),
    () => import('./completion.js').then((m) => ({ run: m.complete as Runner })),
  );
  define(
    'export',
    (cmd) => cmd.description(t('help.export')).argument('[session]', t('help.arg.session')),
    () => import('./export.js'),
    {},
  );
  define(
    'import',
    (cmd) => cmd.description(t('help.import')).argument('<file>', t('help.import.file')),
    () => import('./import.js'),
  );
  define(
    'status',
    (cmd) =>
      cmd
        .description(t('help.status'))
        .argument('[session]', t('help.arg.session'))
        .option('--drills', t('help.status.drills'))
        .option('--json', t('help.opt.json')),
    () => import('./status.js'),
    { optional: true },
  );
  define(
    'log',
    (cmd) =>
      cmd
        .description(t('help.log'))
        .argument('[session]', t('help.arg.sessionOrFile'))
        .addOption(
          new Option('--format <format>', t('help.log.format'))
            .choices(['text', 'md', 'json', 'jsonl', 'csv'])
            .default('text'),
        )
        .option('--bom', t('help.log.bom')),
    () => import('./log.js'),
    {},
  );
  define(
    'verify',
    (cmd) =>
      cmd
        .description(t('help.verify'))
        .argument('[session]', t('help.arg.sessionOrFile'))
        .option('--head <seq:hash>', t('help.verify.head'))
        .option('--json', t('help.opt.json')),
    () => import('./verify.js'),
    {},
  );
  define(
    'drill',
    (cmd) =>
      cmd
        .description(t('help.drill'))
        .argument('<drill>', t('help.drill.drill'))
        .option('--junit <file>', t('help.drill.junit'), fileArgument)
        .option('--report <file>', t('help.drill.report'), fileArgument)
        .option('--interactive', t('help.drill.interactive'))
        .option('--speed <factor>', t('help.drill.speed')),
    () => import('./drill.js'),
  );
  define(
    'checklist',
    (cmd) =>
      cmd
        .description(t('help.checklist'))
        .argument('[id]', t('help.checklist.id'))
        .addOption(
          new Option('--format <format>', t('help.checklist.format')).choices(['md', 'html', 'json']).default('md'),
        )
        .addOption(new Option('--severity <severity>', t('help.opt.composeSeverity')).choices(SEVERITY))
        .option('--role <role>', t('help.checklist.role'))
        .option('--cards', t('help.checklist.cards'))
        .option('--with <ids>', t('help.opt.with'), list)
        .option('--jurisdiction <codes>', t('help.opt.jurisdiction'), list)
        .option('--session <session>', t('help.checklist.session'))
        .option('-o, --output <file>', t('help.opt.output'), fileArgument),
    () => import('./checklist.js'),
  );
  define(
    'review',
    (cmd) =>
      cmd
        .description(t('help.review'))
        .argument('[session]', t('help.arg.sessionOrFile'))
        .addOption(new Option('--format <format>', t('help.review.format')).choices(['md', 'html']).default('md'))
        .option('-o, --output <file>', t('help.opt.output'), fileArgument)
        .option('--no-interactive', t('help.review.noInteractive'))
        .option('--operator <name>', t('help.review.operator'), nameArgument),
    () => import('./review.js'),
    {},
  );
  // Not a command (`help`, a typo): every command is declared, for commander to list or suggest.
  if (only !== undefined && program.commands.length === 0) return createProgram(deps, state);
  return program;
}
