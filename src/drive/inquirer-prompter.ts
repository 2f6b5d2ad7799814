import { confirm, input, select } from '@inquirer/prompts';
import { Writable } from 'node:stream';
import { styleText } from 'node:util';
import type { InStream, OutStream } from './streams.js';
import { PromptBack, PromptInterrupted, type Choice, type Prompter } from './prompter.js';
import { msg, type MessageKey } from '../text/messages.js';
import { narrowWidth, narrowWrapLine } from '../render/narrow.js';
import { sanitizeLine } from '../text/sanitize.js';

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
  /** the language of Inquirer's own key help line under a menu */
  lang?: string;
}): Prompter {
  const keyWords: Record<string, MessageKey> = { navigate: 'prompt.navigate', select: 'prompt.select' };
  // Inquirer writes "↑↓ navigate • ⏎ select" in English; say it in the session language.
  const keysHelpTip = (keys: Array<[key: string, action: string]>) =>
    keys
      .map(
        ([key, action]) =>
          `${key} ${Object.hasOwn(keyWords, action) ? msg(streams.lang ?? 'en', keyWords[action]!) : action}`,
      )
      .join(' • ');
  // Inquirer answers a confirm with "Yes"/"No" and hints "y/N": other languages get their own words.
  // y and n are accepted whatever the words are.
  const lang = streams.lang ?? 'en';
  const yes = msg(lang, 'prompt.yes');
  const no = msg(lang, 'prompt.no');
  // Inquirer marks the default by capitalising its letter (y/N), or in colour for a script without capitals: with
  // NO_COLOR a Chinese （是/否） would not say what Enter means. Brackets say it in any script: （是/[否]）. The hint
  // sits in the brackets of the language, as an input's default does (Inquirer's own are half-width).
  const confirmWords =
    lang === 'en'
      ? undefined
      : {
          keywords: { yes, no, error: () => msg(lang, 'prompt.yesOrNo', { yes, no }) },
          style: { confirmDefault: (text: string) => `[${text}]`, defaultAnswer: (text: string) => hintText(text) },
        };
  /** The hint after a yes/no question as Inquirer draws it (y/N), （是/[否]）, without colour. */
  const confirmHint = (dflt: boolean) => {
    const [y, n] = [yes[0] ?? '', no[0] ?? ''].map((c) => c.toLowerCase());
    if (lang === 'en') return `(${dflt ? `${y!.toUpperCase()}/${n}` : `${y}/${n!.toUpperCase()}`})`;
    return msg(lang, 'prompt.default', { text: dflt ? `[${y}]/${n}` : `${y}/[${n}]` });
  };
  // Inquirer breaks a line longer than the terminal at its last column, inside a word: a question is wrapped
  // at word boundaries first (two columns for the "? " before it), at the width the terminal has now. Plain
  // one-column text is wrapped here; other text (Chinese) loads the display-width code.
  const wrapAt = async (text: string, columns: number): Promise<string[]> => {
    const lines: string[] = [];
    for (const line of text.split('\n'))
      lines.push(...(narrowWrapLine(line, columns) ?? (await import('../render/width.js')).wrapLine(line, columns)));
    return lines;
  };
  const fit = async (message: string): Promise<string> => {
    const columns = streams.output.columns;
    if (!columns || columns <= 20) return message;
    return (await wrapAt(message, columns - 2)).join('\n');
  };
  // A hint Inquirer writes after the question on its last line, (y/N) or （是/[否]）, went past the last column and
  // the terminal split it ("([是]" and "/否)" on two lines): the question is wrapped with a word as wide as the hint
  // in its place, so the hint is kept whole, on the question's last line or at the start of the next.
  const fitBefore = async (message: string, hint: string): Promise<string> => {
    const columns = streams.output.columns;
    if (!columns || columns <= 20) return message;
    const width = narrowWidth(hint) ?? (await import('../render/width.js')).displayWidth(hint);
    const stand = 'x'.repeat(width);
    const lines = await wrapAt(`${message} ${stand}`, columns - 2);
    const last = lines.pop()!;
    return [...lines, last.slice(0, -stand.length).trimEnd()].join('\n');
  };
  // A menu item is cut at the last column too (a step's title and id in "go to another step"): wrapped between
  // words the same way, its later lines indented under the first, past the two columns of the "❯ " pointer.
  const fitChoice = async (name: string): Promise<string> => {
    const columns = streams.output.columns;
    if (!columns || columns <= 20) return name;
    return (await wrapAt(name, columns - 2)).join('\n  ');
  };
  // Once chosen, the item is written after the question ("✔ Go to which step? Confirm how serious…"): wrapped
  // between words as a continuation of the question's last line.
  const fitAnswer = async (question: string, name: string): Promise<string> => {
    const columns = streams.output.columns;
    if (!columns || columns <= 20) return name;
    const lead = question.slice(question.lastIndexOf('\n') + 1);
    const [first = '', ...rest] = await wrapAt(`${lead} ${name}`, columns - 2);
    return [first.slice(lead.length + 1), ...rest].join('\n');
  };
  // A typed answer is written after its question once given ("✔ Note: TODO: call about B-20261201-…"), and the
  // terminal cut it at its last column inside a word, an id: it is wrapped as a chosen item is (fitAnswer), in
  // Inquirer's cyan. One-column text is wrapped at once; other text needs the display-width code, loaded here for
  // a session not in English (its screen loaded it already) and otherwise left to the terminal as before.
  // The default offered in the brackets of the language: (10m), （王伟）.
  const hintText = (text: string) => styleText('dim', msg(lang, 'prompt.default', { text }));
  const defaultAnswer = hintText;
  const answerTheme = async (question: string) => {
    const columns = streams.output.columns;
    if (!columns || columns <= 20) return { style: { defaultAnswer } };
    const width = lang === 'en' ? undefined : await import('../render/width.js');
    const lead = question.slice(question.lastIndexOf('\n') + 1);
    const wrap = (text: string): string => {
      const line = `${lead} ${text}`;
      const lines = narrowWrapLine(line, columns - 2) ?? width?.wrapLine(line, columns - 2);
      if (!lines || text.includes('\n')) return text;
      const [first = '', ...rest] = lines;
      return [first.slice(lead.length + 1), ...rest].join('\n');
    };
    return { style: { defaultAnswer, answer: (text: string) => styleText('cyan', wrap(text)) } };
  };
  // Inquirer ends the output stream when a prompt is done; process.stdout
  // ignores that, any other stream would close. Give it a wrapper that forwards
  // writes and leaves the real stream open for the next prompt.
  const context = (signal?: AbortSignal, clearWhenDone: () => boolean = () => false) => {
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
    return {
      input: streams.input,
      output,
      // Inquirer reads this as the prompt ends: an answered prompt stays on screen as a record of the answer; one
      // left with Esc is erased, so the abandoned menu is not left above the one that replaces it.
      get clearPromptOnDone() {
        return clearWhenDone();
      },
      signal,
    };
  };
  // Esc aborts the open prompt with PromptBack (Inquirer has no Esc of its own).
  // What was typed is followed key by key, so going back keeps it as a draft.
  const guard = async <T>(
    run: (signal: AbortSignal, leftWithEsc: () => boolean) => Promise<T>,
    draft = '',
    options: { waitOut?: (answer: T) => string } = {},
  ): Promise<T> => {
    const back = new AbortController();
    let typed = draft;
    const onKey = (text: string | undefined, key: { name?: string; ctrl?: boolean; meta?: boolean } | undefined) => {
      if (key?.name === 'escape') back.abort();
      else if (key?.name === 'backspace') typed = [...typed].slice(0, -1).join('');
      else if (key?.name === 'return' || key?.name === 'enter') typed = '';
      else if (text && !key?.ctrl && !key?.meta && !/[\x00-\x1f\x7f]/.test(text)) typed += text;
    };
    const input = streams.input as InStream & NodeJS.EventEmitter;
    input.on('keypress', onKey);
    // team mode gives each prompt its own signal, withdrawn one prompt at a time
    const outer = typeof streams.signal === 'function' ? streams.signal() : streams.signal;
    // waitOut: the prompt is not withdrawn under the person's hands (an open $EDITOR owns the terminal and
    // would go on drawing over the redrawn menu): it ends first, then what came back is kept as the draft.
    const signal = outer && !options.waitOut ? AbortSignal.any([outer, back.signal]) : back.signal;
    try {
      const answer = await run(signal, () => back.signal.aborted && !outer?.aborted);
      if (options.waitOut && outer?.aborted) throw new PromptInterrupted('interrupted', options.waitOut(answer));
      return answer;
    } catch (error) {
      if (error instanceof PromptInterrupted) throw error;
      const name = (error as Error | undefined)?.name;
      if (back.signal.aborted && !outer?.aborted) throw new PromptBack(typed);
      if (name === 'ExitPromptError' || name === 'AbortPromptError') throw new PromptInterrupted('interrupted', typed);
      throw error;
    } finally {
      input.off('keypress', onKey);
    }
  };
  return {
    select: <T extends string>(message: string, choices: ReadonlyArray<Choice<T>>, defaultValue?: T) =>
      guard(async (signal, leftWithEsc) => {
        const question = await fit(message);
        return select<T>(
          {
            message: question,
            choices: await Promise.all(
              choices.map(async (c) => ({
                value: c.value,
                name: await fitChoice(c.name),
                short: await fitAnswer(question, c.name),
                description: c.description,
              })),
            ),
            default: defaultValue,
            pageSize: 12,
            loop: false,
            // English is Inquirer's own line, with its styling; other languages get the words translated.
            ...(streams.lang && streams.lang !== 'en' ? { theme: { style: { keysHelpTip } } } : {}),
          },
          context(signal, leftWithEsc),
        );
      }),
    input: (message, options = {}) => {
      // A check that throws (a bug) would end the process from inside Inquirer's key handler, with a stack trace
      // and the step's typed answers lost: it refuses the answer instead, and the session goes on.
      const check = options.validate;
      const validate =
        check &&
        ((value: string) => {
          try {
            return check(value);
          } catch (error) {
            return msg(lang, 'prompt.checkFailed', {
              reason: sanitizeLine(String((error as Error)?.message ?? error)),
            });
          }
        });
      return guard(async (signal, leftWithEsc) => {
        const question = await fit(message);
        const theme = await answerTheme(question);
        return input(
          {
            message: question,
            ...(options.draft
              ? { default: options.draft, prefill: 'editable' as const }
              : { default: options.default }),
            validate,
            theme,
          },
          context(signal, leftWithEsc),
        );
      }, options.draft);
    },
    confirm: (message, defaultValue) =>
      guard(async (signal, leftWithEsc) => {
        const asked = await fitBefore(message, confirmHint(defaultValue !== false));
        // Answered, the hint is gone and the answer (Yes, 是) follows the question, kept whole the same way.
        const answered = await fitBefore(message, yes.length >= no.length ? yes : no);
        const theme = {
          ...confirmWords,
          style: {
            ...confirmWords?.style,
            message: (text: string, status: string) => styleText('bold', status === 'done' ? answered : text),
          },
        };
        return confirm({ message: asked, default: defaultValue, theme }, context(signal, leftWithEsc));
      }),
    editor: (message, text) =>
      guard(
        // The editor prompt brings iconv-lite and chardet (~670 KB): loaded only when a statement is edited.
        async (signal) =>
          (await import('@inquirer/editor')).default(
            { message, default: text, waitForUserInput: false, postfix: '.md' },
            context(signal),
          ),
        '',
        { waitOut: (answer) => answer },
      ),
  };
}
