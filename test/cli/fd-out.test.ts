import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../helpers/temp.js';

// writeSync as the test says: the real one, or one that writes some bytes and then fails the way a pipe does.
const failing = vi.hoisted(() => ({ after: -1, code: 'EAGAIN' }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  return {
    ...fs,
    writeSync: (fd: number, buffer: Uint8Array, offset: number) => {
      if (failing.after < 0) return fs.writeSync(fd, buffer, offset);
      if (failing.after === 0) throw Object.assign(new Error(`${failing.code}: write`), { code: failing.code });
      const n = Math.min(failing.after, buffer.length - offset);
      failing.after -= n;
      return fs.writeSync(fd, buffer, offset, n);
    },
  };
});

const { fdOut, isTerminal, outputFor, outputPending } = await import('../../src/cli/fd-out.js');

/** A stand-in for Node's stream: what it was given, as bytes or text. */
function recorder() {
  const got: Array<string | Uint8Array> = [];
  let made = 0;
  return {
    got,
    made: () => made,
    stream: () => {
      made++;
      return { write: (chunk: string | Uint8Array) => got.push(chunk), isTTY: false };
    },
  };
}

afterEach(() => {
  failing.after = -1;
});

/** A new file in a temp dir, open with `flags`; `read()` gives what is in it. */
function tempFile(flags: 'w' | 'r' = 'w') {
  const file = path.join(tempDir('crisis-fd-out-'), 'out.txt');
  if (flags === 'r') writeFileSync(file, '');
  const fd = openSync(file, flags);
  return { fd, file, read: () => readFileSync(file) };
}

describe('fdOut: stdout or stderr written straight to its descriptor', () => {
  it('writes every byte to the file and never makes the stream', () => {
    const { fd, read } = tempFile();
    const r = recorder();
    const out = fdOut(fd, r.stream);
    out.write('first line\n');
    out.write('危机 second line\n');
    closeSync(fd);
    expect(read().toString('utf8')).toBe('first line\n危机 second line\n');
    expect(r.made()).toBe(0);
    expect(out.isTTY).toBe(false);
    expect(out.columns).toBeUndefined();
  });

  it('hands a write that fails (a descriptor open for reading: EBADF) and every later one to the stream', () => {
    const { fd, read } = tempFile('r');
    const r = recorder();
    const out = fdOut(fd, r.stream);
    out.write('one\n');
    out.write('two\n');
    closeSync(fd);
    expect(r.made()).toBe(1);
    expect(Buffer.from(r.got[0] as Uint8Array).toString('utf8')).toBe('one\n');
    expect(r.got[1]).toBe('two\n');
    expect(read().length).toBe(0);
  });

  it('a write cut short inside a character (EAGAIN after 4 bytes) hands exactly the bytes not written', () => {
    const { fd, read } = tempFile();
    const r = recorder();
    const out = fdOut(fd, r.stream);
    failing.after = 4;
    out.write('ab危机\n');
    closeSync(fd);
    // "ab" and the first two of 危's three bytes went to the file; the stream gets the rest as bytes
    const written = read();
    const rest = Buffer.from(r.got[0] as Uint8Array);
    expect(written.length).toBe(4);
    expect(Buffer.concat([written, rest]).toString('utf8')).toBe('ab危机\n');
    expect(r.made()).toBe(1);
  });

  it('EPIPE goes to the stream too, which reports it as it always did', () => {
    const { fd, read } = tempFile();
    const r = recorder();
    const out = fdOut(fd, r.stream);
    failing.after = 0;
    failing.code = 'EPIPE';
    out.write('gone\n');
    closeSync(fd);
    expect(Buffer.from(r.got[0] as Uint8Array).toString('utf8')).toBe('gone\n');
    expect(read().length).toBe(0);
  });
});

describe('outputPending: whether ending the process now would lose output', () => {
  it('is false while every byte went straight to the descriptor, and follows the stream a failed write handed over to', () => {
    const { fd } = tempFile();
    const direct = fdOut(fd, recorder().stream);
    direct.write('written\n');
    closeSync(fd);
    expect(outputPending()).toBe(false);
    // A pipe another process made non-blocking: the stream keeps what it could not write yet.
    failing.after = 0;
    const stream = { write: () => false, isTTY: false, writableLength: 5 };
    const slow = fdOut(tempFile().fd, () => stream);
    slow.write('held\n');
    expect(outputPending()).toBe(true);
    stream.writableLength = 0; // drained
    expect(outputPending()).toBe(false);
  });
});

describe('isTerminal and outputFor', () => {
  it('a file and /dev/null are not terminals; a closed descriptor is left to the stream', () => {
    const file = path.join(tempDir('crisis-fd-out-'), 'out.txt');
    const fd = openSync(file, 'w');
    const devNull = openSync('/dev/null', 'w');
    const closed = openSync(file, 'r');
    closeSync(closed);
    try {
      expect(isTerminal(fd)).toBe(false);
      expect(isTerminal(devNull)).toBe(false);
      expect(isTerminal(closed)).toBeUndefined();
    } finally {
      closeSync(fd);
      closeSync(devNull);
    }
  });

  it('outputFor writes a file directly, and gives the stream itself for a descriptor it cannot stat', () => {
    const file = path.join(tempDir('crisis-fd-out-'), 'out.txt');
    const fd = openSync(file, 'w');
    const r = recorder();
    outputFor(fd, r.stream).write('direct\n');
    closeSync(fd);
    expect(readFileSync(file, 'utf8')).toBe('direct\n');
    expect(r.made()).toBe(0);
    const closed = outputFor(fd, r.stream);
    expect(r.made()).toBe(1);
    closed.write('to the stream\n');
    expect(r.got).toEqual(['to the stream\n']);
  });
});
