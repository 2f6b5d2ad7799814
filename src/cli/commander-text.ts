import { msg, type MessageKey } from '../text/messages.js';

/**
 * commander's own error lines (v14 wording, see node_modules/commander/lib/command.js), each with its
 * catalogue key and the names of its captures. commander prints English itself; in another language the
 * printer (cli/report-error.ts) puts these lines into words instead. A line not listed here prints as
 * commander wrote it.
 */
const LINES: ReadonlyArray<readonly [RegExp, MessageKey, readonly string[]]> = [
  [/^error: unknown option '(.+)'$/, 'error.cmd.unknownOption', ['option']],
  [/^error: unknown command '(.+)'$/, 'error.cmd.unknownCommand', ['command']],
  [/^error: missing required argument '(.+)'$/, 'error.cmd.missingArgument', ['argument']],
  [/^error: option '(.+)' argument missing$/, 'error.cmd.optionMissing', ['option']],
  [/^error: required option '(.+)' not specified$/, 'error.cmd.requiredOption', ['option']],
  [
    /^error: option '(.+)' argument '(.*)' is invalid\. Allowed choices are (.+)\.$/,
    'error.cmd.choice',
    ['option', 'value', 'choices'],
  ],
  // a reason after it is the option's own (cli/program.ts), already in the run's language
  [
    /^error: option '(.+)' argument '(.*)' is invalid\. (.+)$/,
    'error.cmd.invalidBecause',
    ['option', 'value', 'reason'],
  ],
  [/^error: option '(.+)' argument '(.*)' is invalid\./, 'error.cmd.invalid', ['option', 'value']],
  [
    /^error: too many arguments(?: for '(.+)')?\. Expected (\d+) arguments? but got (\d+)\.$/,
    'error.cmd.tooMany',
    ['command', 'expected', 'got'],
  ],
  [/^error: (.+) cannot be used with (.+)$/, 'error.cmd.conflict', ['option', 'other']],
  [/^\(Did you mean one of (.+)\?\)$/, 'error.cmd.didYouMean', ['options']],
  [/^\(Did you mean (.+)\?\)$/, 'error.cmd.didYouMean', ['options']],
];

/** commander's error message as lines in `lang`: `error:` lines through the catalogue's error prefix. */
export function commanderLines(lang: string, message: string): string[] {
  return message
    .replace(/\n+$/, '')
    .split('\n')
    .map((line) => {
      for (const [pattern, key, names] of LINES) {
        const m = pattern.exec(line);
        if (!m) continue;
        const params = Object.fromEntries(names.map((name, i) => [name, m[i + 1] ?? '']));
        const text = msg(lang, key, params);
        return line.startsWith('error: ') ? msg(lang, 'error.prefix', { message: text }) : text;
      }
      return line;
    });
}
