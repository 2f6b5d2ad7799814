/**
 * Everything the interactive driver asks a person goes through this
 * interface: @inquirer/prompts on a terminal, a scripted list in tests.
 */
export interface Choice<T extends string> {
  value: T;
  name: string;
  description?: string;
}

export interface Prompter {
  select<T extends string>(message: string, choices: ReadonlyArray<Choice<T>>, defaultValue?: T): Promise<T>;
  input(
    message: string,
    options?: {
      default?: string;
      validate?: (value: string) => true | string;
      /** text already typed (a draft kept from an earlier Esc): put on the line, editable */
      draft?: string;
    },
  ): Promise<string>;
  confirm(message: string, defaultValue?: boolean): Promise<boolean>;
  /** Edit a longer text (a statement); may open $EDITOR. */
  editor(message: string, text: string): Promise<string>;
}

/**
 * Thrown by a prompter when the person presses Esc: go back to the step menu.
 * `typed` is what was on the line, kept as a draft for the next time.
 */
export class PromptBack extends Error {
  override readonly name = 'PromptBack';
  constructor(readonly typed = '') {
    super('back');
  }
}

/**
 * Thrown by a prompter when the person presses Ctrl-C, or the prompt is taken
 * away (a signal, or in team mode withdrawn because someone else acted).
 * `typed` is what was on the line: a withdrawn question keeps it as its draft.
 */
export class PromptInterrupted extends Error {
  override readonly name = 'PromptInterrupted';
  constructor(
    message = 'interrupted',
    readonly typed = '',
  ) {
    super(message);
  }
}
