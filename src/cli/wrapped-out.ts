import type { Prompter } from '../drive/prompter.js';
import { narrowWrapLine } from '../render/narrow.js';
import type { Ctx } from './context.js';

type Width = typeof import('../render/width.js');

/**
 * The order of one command's screen lines. A line that only string-width and
 * wrap-ansi can measure or wrap (Chinese, emoji, a long coloured line: see
 * render/narrow.ts) is kept, with every line after it, until render/width.js
 * is imported; the lines are then written in the order they were given.
 * Whatever else writes to the terminal waits for them first: each question
 * (settledPrompter), the lines written with `inOrder`, and the callers of
 * `settled`. An English screen of an ASCII playbook never imports width.js:
 * string-width's import alone was a tenth of `start` before its first prompt.
 */
interface Queue {
  width?: Width;
  loading?: Promise<void>;
  waiting: Array<() => void>;
  failed?: unknown;
}

const queues = new WeakMap<Ctx, Queue>();

function queueOf(ctx: Ctx): Queue {
  let queue = queues.get(ctx);
  if (!queue) queues.set(ctx, (queue = { waiting: [] }));
  return queue;
}

/** Write now, or after the lines that wait for width.js. */
function inTurn(queue: Queue, write: () => void): void {
  if (queue.waiting.length === 0) write();
  else queue.waiting.push(write);
}

function loadWidth(queue: Queue): void {
  queue.loading ??= import('../render/width.js').then(
    (width) => {
      queue.width = width;
      for (const write of queue.waiting.splice(0)) {
        try {
          write();
        } catch (error) {
          queue.failed ??= error;
        }
      }
    },
    (error: unknown) => {
      queue.failed = error;
    },
  );
}

/**
 * ctx.out (or ctx.err), each line wrapped to the terminal's width as it is when
 * printed (a resized window gets the new width from the next line on): guidance
 * cut mid-word by the terminal was unreadable at 60 columns.
 */
export async function wrappedOut(ctx: Ctx, to: 'out' | 'err' = 'out'): Promise<(line?: string) => void> {
  const stream = to === 'out' ? ctx.deps.stdout : ctx.deps.stderr;
  const write = to === 'out' ? ctx.out : ctx.err;
  const queue = queueOf(ctx);
  return (line = '') => {
    const columns = stream.columns;
    if (!stream.isTTY || !columns) return inTurn(queue, () => write(line));
    const parts = line.split('\n');
    if (queue.waiting.length === 0) {
      const narrow = parts.map((part) => narrowWrapLine(part, columns));
      if (queue.width || narrow.every((lines) => lines !== undefined)) {
        parts.forEach((part, i) => {
          for (const wrapped of narrow[i] ?? queue.width!.wrapLine(part, columns)) write(wrapped);
        });
        return;
      }
    }
    queue.waiting.push(() => {
      for (const part of parts)
        for (const wrapped of narrowWrapLine(part, columns) ?? queue.width!.wrapLine(part, columns)) write(wrapped);
    });
    loadWidth(queue);
  };
}

/** `write` (ctx.out, ctx.err) for lines not wrapped that must not pass the wrapped lines waiting before them. */
export function inOrder(ctx: Ctx, write: (line?: string) => void): (line?: string) => void {
  const queue = queueOf(ctx);
  return (line) => inTurn(queue, () => write(line));
}

/** Resolves when every line given to this command's wrapped writers is written. */
export async function settled(ctx: Ctx): Promise<void> {
  const queue = queues.get(ctx);
  if (!queue?.loading) return;
  await queue.loading;
  if (queue.failed !== undefined) {
    const error = queue.failed;
    queue.failed = undefined;
    throw error;
  }
}

/** The prompter, each question asked only after the lines before it are on the screen. */
export function settledPrompter(ctx: Ctx, prompter: Prompter): Prompter {
  const queue = queueOf(ctx);
  const after =
    <A extends unknown[], R>(ask: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> =>
      queue.waiting.length === 0 && queue.failed === undefined ? ask(...args) : settled(ctx).then(() => ask(...args));
  return {
    select: after(prompter.select.bind(prompter)) as Prompter['select'],
    input: after(prompter.input.bind(prompter)),
    confirm: after(prompter.confirm.bind(prompter)),
    editor: after(prompter.editor.bind(prompter)),
  };
}
