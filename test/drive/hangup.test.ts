import { spawnSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { closeSync, openSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { watchHangup } from '../../src/drive/hangup.js';
import type { InStream } from '../../src/drive/streams.js';
import { DIST } from '../helpers/paths.js';

/**
 * A read that fails with EIO on a terminal that hung up, before its end is seen (the tmux hang-up test on a
 * loaded CI machine): readline passes a stream error on to its interface, where Inquirer listens for none, and
 * the process died with a stack trace. The watch takes a read EIO as the hang-up itself.
 */
const opened: number[] = [];
afterEach(() => opened.splice(0).forEach((fd) => closeSync(fd)));

/** stdin as a terminal, its descriptor one that is not (what a hung-up terminal's isatty says). */
function terminal(): InStream & EventEmitter {
  const fd = openSync('/dev/null', 'r');
  opened.push(fd);
  const stream = Object.assign(new EventEmitter(), { isTTY: true, fd, setRawMode: () => stream });
  // As readline does: an error of its input is emitted on the interface, which has no listener.
  const rl = new EventEmitter();
  stream.on('error', (error: Error) => rl.emit('error', error));
  return stream as unknown as InStream & EventEmitter;
}

const eio = () => Object.assign(new Error('read EIO'), { code: 'EIO', errno: -5, syscall: 'read' });

describe('watchHangup', () => {
  it('takes a read EIO as the hang-up: once, and nothing is thrown', () => {
    const stdin = terminal();
    let hangups = 0;
    const watch = watchHangup(stdin, () => hangups++);
    expect(() => stdin.emit('error', eio())).not.toThrow();
    expect(() => stdin.emit('error', eio())).not.toThrow();
    expect(hangups).toBe(1);
    expect(watch.check()).toBe(true);
    // Prompts still closing after the hang-up read again: the guard stays.
    watch.dispose();
    expect(() => stdin.emit('error', eio())).not.toThrow();
  });

  it('passes any other error on, and gives the stream its own emit back when disposed', () => {
    const stdin = terminal();
    const emit = stdin.emit;
    const watch = watchHangup(stdin, () => undefined);
    expect(stdin.emit).not.toBe(emit);
    expect(() => stdin.emit('error', Object.assign(new Error('boom'), { code: 'EBADF' }))).toThrow('boom');
    watch.dispose();
    expect(stdin.emit).toBe(emit);
    expect(() => stdin.emit('error', eio())).toThrow('read EIO');
  });
});

/**
 * A hang-up comes more than once (the kernel's, the shell's, a supervisor's). The tmux hang-up test on a loaded CI
 * machine saw the second arrive after runLive had removed its handlers: the pause was on disk, the lock released,
 * and the process died by the signal, exit 129 instead of 130. After the first, later ones do nothing.
 */
describe('ignoreLaterHangups', () => {
  const script = (ignore: boolean) =>
    [
      `const { ignoreLaterHangups } = require(${JSON.stringify(path.join(DIST, 'drive', 'hangup.js'))});`,
      ignore ? 'ignoreLaterHangups(); ignoreLaterHangups();' : '',
      "process.kill(process.pid, 'SIGHUP');",
      'setTimeout(() => process.exit(7), 200);',
    ].join('\n');
  const run = (ignore: boolean) => spawnSync(process.execPath, ['-e', script(ignore)], { encoding: 'utf8' });

  it('a SIGHUP after it leaves the process to exit with its own code', () => {
    const r = run(true);
    expect({ status: r.status, signal: r.signal }).toEqual({ status: 7, signal: null });
  });

  it('control: without it, the SIGHUP kills the process', () => {
    const r = run(false);
    expect({ status: r.status, signal: r.signal }).toEqual({ status: null, signal: 'SIGHUP' });
  });
});
