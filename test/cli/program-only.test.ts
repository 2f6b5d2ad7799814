// main() declares only the command the arguments name (createProgram's `only`): what a person sees, help
// and errors alike, must be what the program with every command declared shows.
import { describe, expect, it } from 'vitest';
import { commandNamed, createProgram, mayShowHelp } from '../../src/cli/program.js';
import { loadLanguage } from '../../src/text/messages.js';
import { fakeDeps } from '../helpers/in-process.js';

/** Parse `argv` with a program; commander's output and how it ended (exit code, error code). */
async function outcome(argv: string[], only: string | undefined, lang?: string) {
  const deps = fakeDeps();
  if (lang) await loadLanguage(lang);
  const program = createProgram(deps, { exitCode: 0, debug: false, lang }, only);
  let ended = 'no throw';
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    const e = error as { code?: string; exitCode?: number };
    ended = `${e.code} ${e.exitCode}`;
  }
  return { out: deps.stdout.text(), err: deps.stderr.text(), ended, declared: program.commands.length };
}

describe('one command declared', () => {
  it('finds the command word past global options and their values', () => {
    expect(commandNamed(['list'])).toBe('list');
    expect(commandNamed(['--lang', 'zh', '--playbooks', 'list', 'show', 'x'])).toBe('show');
    expect(commandNamed(['--lang=zh', '--no-color', '--log-dir', 'd', '--store', 's', 'status'])).toBe('status');
    expect(commandNamed(['--help', 'list'])).toBeUndefined();
    expect(commandNamed(['-h'])).toBeUndefined();
    expect(commandNamed(['--', 'list'])).toBeUndefined();
    expect(commandNamed(['--debug'])).toBeUndefined();
    expect(commandNamed([])).toBeUndefined();
    expect(commandNamed(['lst'])).toBe('lst');
  });

  it('declares only that command; a word that is no command declares them all', () => {
    expect(createProgram(fakeDeps(), undefined, 'list').commands.map((c) => c.name())).toEqual(['list']);
    expect(createProgram(fakeDeps(), undefined, '__complete').commands.map((c) => c.name())).toEqual(['__complete']);
    const all = createProgram(fakeDeps()).commands.length;
    expect(all).toBe(18);
    expect(createProgram(fakeDeps(), undefined, 'help').commands.length).toBe(all);
    expect(createProgram(fakeDeps(), undefined, 'lst').commands.length).toBe(all);
  });

  it.each([
    [['--help']],
    [['help']],
    [['help', 'list']],
    [['list', '--help']],
    [['--lang', 'en', 'start', '--help']],
    [['drill', '-h']],
    [['__complete', '--help']],
    [['lst']],
    [['list', '--kind', 'wizard']],
    [['list', '--knd', 'drill']],
    [['list', 'extra']],
    [['show']],
    [['start', '--severity', 'extreme', 'x']],
    [['checklist', '--format', 'pdf']],
    [['--nope', 'list']],
    [[]],
  ])('crisis %j: the same help, errors and exit as with every command declared', async (argv) => {
    const one = await outcome(argv, commandNamed(argv));
    const every = await outcome(argv, undefined);
    expect({ ...one, declared: 0 }).toEqual({ ...every, declared: 0 });
    expect(one.out + one.err).not.toBe('');
  });
});

describe('mayShowHelp: when a run in Chinese loads the help layout', () => {
  it.each([
    [['--help'], true],
    [['status', '-h'], true],
    [['--lang', 'zh', 'help', 'log'], true],
    [[], true],
    [['--lang', 'zh'], true],
    [['list'], false],
    [['--lang', 'zh', 'status', 'latest'], false],
    [['log', '--', '--help'], false],
    [['lst'], false],
  ] as Array<[string[], boolean]>)('%j: %s', (argv, expected) => {
    expect(mayShowHelp(argv)).toBe(expected);
  });
});

describe('one command declared, in Chinese', () => {
  it.each([[['--help']], [['status', '--help']], [['help', 'drill']], [['checklist', '-h']], [[]]])(
    'crisis --lang zh %j: the same help as with every command declared',
    async (argv) => {
      const one = await outcome(argv, commandNamed(argv), 'zh');
      const every = await outcome(argv, undefined, 'zh');
      expect({ ...one, declared: 0 }).toEqual({ ...every, declared: 0 });
      expect(one.out + one.err).toMatch(/用法：/);
    },
  );
});
