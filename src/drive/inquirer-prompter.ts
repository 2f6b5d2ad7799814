import { confirm, editor, input, select } from '@inquirer/prompts';
import { Writable } from 'node:stream';
import type { InStream, OutStream } from './streams.js';
import { PromptInterrupted, type Choice, type Prompter } from './prompter.js';

/**
 * The Prompter on a real terminal (or injected streams in tests), with
 * Inquirer's Ctrl-C error turned into PromptInterrupted so the session
 * pauses cleanly.
 */
export function inquirerPrompter(streams: {
  input: InStream;
  output: OutStream;
  /** or a function giving each prompt its signal (team mode withdraws one prompt at a time) */
  signal?: AbortSignal | (() => AbortSignal);
}): Prompter {
  // Inquirer ends the output stream when a prompt is done; process.stdout
  // ignores that, any other stream would close. Give it a wrapper that forwards
  // writes and leaves the real stream open for the next prompt.
  const context = () => {
    const output = new Writable({
      write(chunk, _encoding, callback) {
        streams.output.write(String(chunk));
        callback();
      },
    });
    Object.assign(output, {
      isTTY: streams.output.isTTY,
      columns: streams.output.columns,
      rows: (streams.output as { rows?: number }).rows,
    });
    const signal = typeof streams.signal === 'function' ? streams.signal() : streams.signal;
    return { input: streams.input, output, clearPromptOnDone: false, signal };
  };
  const guard = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      const name = (error as Error | undefined)?.name;
      if (name === 'ExitPromptError' || name === 'AbortPromptError') throw new PromptInterrupted('interrupted');
      throw error;
    }
  };
  return {
    select: <T extends string>(message: string, choices: ReadonlyArray<Choice<T>>, defaultValue?: T) =>
      guard(() =>
        select<T>(
          {
            message,
            choices: choices.map((c) => ({ value: c.value, name: c.name, description: c.description })),
            default: defaultValue,
            pageSize: 12,
            loop: false,
          },
          context(),
        ),
      ),
    input: (message, options = {}) =>
      guard(() => input({ message, default: options.default, validate: options.validate }, context())),
    confirm: (message, defaultValue) => guard(() => confirm({ message, default: defaultValue }, context())),
    editor: (message, text) =>
      guard(() => editor({ message, default: text, waitForUserInput: false, postfix: '.md' }, context())),
  };
}
