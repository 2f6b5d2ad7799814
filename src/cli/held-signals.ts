/**
 * A signal that comes between a session's first write (its lock, its log) and runLive's own handlers: Node's
 * default there kills the process, which leaves the lock behind and a session that never recorded its pause
 * (or, a moment after `start`, a log without its first event). From holdSignals() on, SIGINT, SIGTERM and
 * SIGHUP are held instead; runLive takes them over (takeHeldSignal) and stops at once on one that came
 * meanwhile, so the session records its pause, releases its lock and exits 130 like any interrupted run.
 */
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
let holding = false;
let held: NodeJS.Signals | undefined;
const hold = (signal: NodeJS.Signals) => {
  held ??= signal;
};

export function holdSignals(): void {
  if (holding) return;
  holding = true;
  for (const signal of SIGNALS) process.on(signal, hold);
}

/** Back to whoever handles signals now (runLive, or Node's default); the signal held meanwhile, if any. */
export function takeHeldSignal(): NodeJS.Signals | undefined {
  if (holding) for (const signal of SIGNALS) process.off(signal, hold);
  holding = false;
  const signal = held;
  held = undefined;
  return signal;
}

/**
 * Two turns of the event loop, so a signal already sent reaches its listener: Node hands signals to JavaScript in
 * the loop's poll phase, which a single turn started from a poll callback skips.
 */
export async function letSignalsIn(): Promise<void> {
  for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
}
