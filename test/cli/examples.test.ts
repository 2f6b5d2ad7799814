import { describe, expect, it } from 'vitest';
import { EXAMPLES } from '../../src/cli/examples.js';
import { createProgram } from '../../src/cli/program.js';
import { fakeDeps } from '../helpers/in-process.js';

const program = createProgram(fakeDeps());
const visible = program.commands.filter((c) => !c.name().startsWith('__'));
const globalFlags = program.options.flatMap((o) => [o.long, o.short]).filter(Boolean);

describe('--help examples', () => {
  it('every visible command has examples, and every example names a command that exists', () => {
    expect(visible.map((c) => c.name()).sort()).toEqual(Object.keys(EXAMPLES).sort());
  });

  for (const [name, examples] of Object.entries(EXAMPLES))
    it(`${name}: each example uses only options the command or the program defines`, () => {
      const command = visible.find((c) => c.name() === name)!;
      const flags = new Set([...globalFlags, ...command.options.flatMap((o) => [o.long, o.short])]);
      for (const example of examples) {
        expect(example.split(' ').slice(0, 2)).toEqual(['crisis', name]);
        for (const flag of example.match(/(?<=\s)--?[a-z][a-z-]*/g) ?? []) expect(flags, example).toContain(flag);
      }
    });

  it('are printed after the options of `crisis start --help`', () => {
    const start = createProgram(fakeDeps()).commands.find((c) => c.name() === 'start')!;
    let text = '';
    start.configureOutput({ writeOut: (s) => void (text += s) });
    start.outputHelp();
    expect(text).toMatch(/Options:[\s\S]*\nExamples:\n {2}\$ crisis start product-quality\n/);
  });
});
