import { isatty } from 'node:tty';
import type { InStream } from './streams.js';

let ignoring = false;

/**
 * From now on a SIGHUP does nothing. A hang-up comes more than once (the kernel's for the closed terminal, the
 * one a shell forwards, a supervisor's): once a live session has stopped for the first, the pause is on its way to
 * disk, and a later one, after runLive's handlers are gone, would only turn exit 130 into death by signal (129).
 */
export function ignoreLaterHangups(): void {
  if (ignoring) return;
  ignoring = true;
  process.on('SIGHUP', () => undefined);
}

/** Whether the terminal of a live session is gone; `check()` asks the terminal again. */
export interface HangupWatch {
  check(): boolean;
  dispose(): void;
}

/**
 * Notice a terminal that went away under a live session (the window closed,
 * the SSH link dropped, the tmux pane killed). A hung-up terminal fails every
 * ioctl, so `isatty` turns false on a descriptor that was a terminal: that is
 * the test, made when the input ends and before each prompt (input that is
 * not being read never sees its end). `onHangup` runs once.
 *
 * readline turns raw mode off when its input ends; on a hung-up terminal
 * that fails with EIO, emitted as an 'error' nobody inside Inquirer listens
 * to, and the process dies with a stack trace and its lock left behind. The
 * watch skips raw-mode changes once the terminal is gone: there is no mode
 * left to restore.
 */
export function watchHangup(stdin: InStream & { fd?: unknown }, onHangup: () => void): HangupWatch {
  const fd = stdin.fd;
  const setRawMode = stdin.setRawMode;
  if (!stdin.isTTY || typeof fd !== 'number' || typeof setRawMode !== 'function') {
    return { check: () => false, dispose: () => undefined };
  }
  let gone = false;
  const hangUp = (): void => {
    gone = true;
    ignoreLaterHangups();
    onHangup();
  };
  const check = (): boolean => {
    if (!gone && !isatty(fd)) hangUp();
    return gone;
  };
  const guarded = function (this: unknown, mode: boolean): unknown {
    return check() ? stdin : setRawMode.call(stdin, mode);
  };
  stdin.setRawMode = guarded;
  const onEnd = () => void check();
  stdin.on('end', onEnd);
  stdin.on('close', onEnd);
  // A read on a terminal that hung up can fail with EIO before its end is seen (a loaded machine). readline
  // passes the error on to its interface, where Inquirer listens for none: the process died with a stack trace
  // and no pause recorded. A read EIO on a terminal is the hang-up itself, so it is handled as one.
  const emit = stdin.emit;
  const guardedEmit = function (this: unknown, event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'error' && (args[0] as { code?: unknown } | undefined)?.code === 'EIO') {
      if (!check()) hangUp();
      return true;
    }
    return emit.call(this, event, ...args);
  };
  stdin.emit = guardedEmit as typeof stdin.emit;
  return {
    check,
    dispose: () => {
      stdin.off('end', onEnd);
      stdin.off('close', onEnd);
      if (!gone && stdin.emit === guardedEmit) stdin.emit = emit;
      // Prompts still closing after a hang-up call setRawMode later: keep the guard until then.
      if (!gone && stdin.setRawMode === guarded) stdin.setRawMode = setRawMode;
    },
  };
}
