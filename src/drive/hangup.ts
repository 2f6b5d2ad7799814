import { isatty } from 'node:tty';
import type { InStream } from './streams.js';

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
    // The SIGHUP a shell forwards may come after the pause is on disk; with nobody left to
    // see it, it would only turn exit 130 into death by signal.
    process.on('SIGHUP', () => undefined);
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
