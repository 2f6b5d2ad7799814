/**
 * A closed output pipe (`crisis start … --answers a.yaml 2>&1 | head`) shows
 * up as an EPIPE 'error' on stdout or stderr, which bin/crisis.js catches. A
 * read-only command just exits. A live session must not be cut off between
 * two appends with its lock left and no trace in the log: the commands that
 * run one (start, resume, join) hold the output from their first line, so the
 * launcher leaves the stopping to them; the run stops at its next action,
 * records its pause, releases the lock and exits 130. A run that has ended before it finds the output closed
 * (an answers run writes only its summary to stdout: `… --answers a.yaml | head -1`) exits with its own code, 0,
 * as a read-only command does whose reader left.
 */
let closed = false;
let stopRun: (() => void) | undefined;

/** From now on a closed output calls `stop` instead of ending the process (the command ends by itself). */
export function holdOutput(stop: () => void = () => undefined): void {
  stopRun = stop;
}

/** Whether stdout or stderr was found closed (EPIPE) since the process started. */
export const outputIsClosed = (): boolean => closed;

/** The launcher's EPIPE handler. True: the command was told and exits by itself with its code; false: exit now. */
export function outputClosed(): boolean {
  closed = true;
  stopRun?.();
  return stopRun !== undefined;
}

let endAsked = false;

/**
 * A command that holds nothing open (no session, no lock, no database client) may ask for the process to end as
 * soon as it is done. Why: otherwise Node tears down the heap first, which after validating 1,000 files took
 * ~100 ms of a 2 s run (bench/README.md, round nineteen). The launcher ends it then, unless some output still
 * waits in a Node stream (fd-out.ts, outputPending).
 */
export function endWhenDone(): void {
  endAsked = true;
}

/** Whether the command asked to end when done (bin/crisis.js reads it once the command is done). */
export const endsWhenDone = (): boolean => endAsked;
