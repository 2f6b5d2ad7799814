import { fstatSync, statSync, writeSync, type Stats } from 'node:fs';
import type { OutStream } from '../drive/streams.js';

/** What the bytes go to once a direct write fails: Node's stream, which takes bytes as well as text. */
export interface ByteStream extends OutStream {
  write(chunk: string | Uint8Array): unknown;
}

/**
 * stdout and stderr as the CLI writes them. On a terminal: Node's own stream (columns, colour, the prompts).
 * To a file, a pipe or /dev/null: straight to the file descriptor with fs.writeSync, which is what Node's stream
 * does for a file and, on Linux, for a pipe, without making the stream: that stream loads Node's stream, net and
 * tty modules, 4 ms of the 64 of `crisis list` (bench/README.md, round nine). The first write that fails
 * (EPIPE: the reader went away; EAGAIN: a pipe another process made non-blocking) hands the rest of that write,
 * and every later one, to Node's stream, which reports or waits exactly as it always did (bin/crisis.js handles
 * its EPIPE). Nothing is buffered here, so nothing is lost when the process exits.
 */
export function outputFor(fd: number, stream: () => ByteStream): OutStream {
  return isTerminal(fd) === false ? fdOut(fd, stream) : streamed(stream());
}

/** Node's streams this process's output went to (a terminal's, or one a failed direct write handed over to). */
const streams = new Set<ByteStream>();
const streamed = (stream: ByteStream): ByteStream => (streams.add(stream), stream);

/**
 * Whether some output still waits in a Node stream (a pipe another process made non-blocking, a slow terminal):
 * ending the process now would lose it. Output written straight to a descriptor never waits.
 */
export function outputPending(): boolean {
  for (const stream of streams) if (((stream as { writableLength?: number }).writableLength ?? 0) > 0) return true;
  return false;
}

/** Writes to `fd` until one fails; from then on `stream()` gets the rest. */
export function fdOut(fd: number, stream: () => ByteStream): OutStream {
  let handedOver: ByteStream | undefined;
  return {
    isTTY: false,
    columns: undefined,
    write(chunk: string | Uint8Array) {
      if (handedOver) return handedOver.write(chunk);
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      let done = 0;
      try {
        while (done < bytes.length) done += writeSync(fd, bytes, done);
        return true;
      } catch {
        handedOver = streamed(stream());
        // a Buffer, not a string: the bytes written may have ended inside a character
        return handedOver.write(bytes.subarray(done));
      }
    },
  };
}

let devNull: Stats | null | undefined;

/**
 * Whether `fd` is a terminal: false for a file, a pipe, a socket or /dev/null, known from one fstat without
 * loading node:tty (which loads net and stream); node:tty's isatty for any other character device; undefined when
 * the descriptor cannot be stat'ed (closed), which is left to Node's stream.
 */
export function isTerminal(fd: number): boolean | undefined {
  let st: Stats;
  try {
    st = fstatSync(fd);
  } catch {
    return undefined;
  }
  if (!st.isCharacterDevice()) return false;
  if (devNull === undefined) {
    try {
      devNull = statSync('/dev/null');
    } catch {
      devNull = null;
    }
  }
  if (devNull && devNull.isCharacterDevice() && st.rdev === devNull.rdev) return false;
  return process.getBuiltinModule('node:tty').isatty(fd);
}

/** The standard descriptors that are terminals (bin/crisis.js closes a hung-up one before Node's exit). */
export const terminalFds = (): number[] => [0, 1, 2].filter((fd) => isTerminal(fd) === true);
