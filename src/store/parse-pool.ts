import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { LibraryData } from '../playbook/load.js';
import type { Problem } from '../playbook/types.js';

import { MIN_FILES_FOR_WORKERS } from '../playbook/limits.js';

// Kept in limits.ts: the library reader decides whether to load this module (and node:worker_threads) at all.
export { MIN_FILES_FOR_WORKERS };

export interface ParseJob {
  bytes: Uint8Array;
  file: string;
}
export interface ParseOutcome {
  data?: LibraryData;
  problems: Problem[];
  /**
   * A clean file's data as JSON text, from a worker: JSON.parse on this thread is several times cheaper than
   * structured clone for deep trees, and the same text is what the cache stores.
   */
  json?: string;
}

/** What a worker posts: [index, outcome, index, outcome, …] for a batch of files, or 'done' after its last. */
export type WorkerMessage = Array<number | ParseOutcome> | 'done';

/**
 * How many workers a batch of `files` gets besides the main thread, which parses too: one per other core,
 * and none when there is one core or few files (starting one costs about as much as parsing 50 files).
 */
export function workerCount(files: number, cores = availableParallelism()): number {
  if (files < MIN_FILES_FOR_WORKERS || cores < 2) return 0;
  return Math.min(cores - 1, Math.floor(files / MIN_FILES_FOR_WORKERS));
}

/**
 * Parse files on this thread and `threads` workers at once, results in input order. Every thread takes the
 * next file from one shared counter, so a slow start or a loaded core only means that thread takes fewer; the
 * bytes are in one shared buffer (no copy per worker). A worker that cannot start or dies loses nothing: any
 * file left without a result is parsed here at the end.
 */
export async function parseShared(
  jobs: readonly ParseJob[],
  threads: number,
  parseHere: (job: ParseJob, index: number) => ParseOutcome,
): Promise<ParseOutcome[]> {
  const results: Array<ParseOutcome | undefined> = new Array<ParseOutcome | undefined>(jobs.length);
  const starts = [0];
  for (const job of jobs) starts.push(starts.at(-1)! + job.bytes.byteLength);
  const shared = new Uint8Array(new SharedArrayBuffer(Math.max(1, starts.at(-1)!)));
  jobs.forEach((job, i) => shared.set(job.bytes, starts[i]));
  const counter = new Int32Array(new SharedArrayBuffer(4));
  const url = new URL('./parse-worker.js', import.meta.url);
  const workerData = { bytes: shared.buffer, starts, files: jobs.map((j) => j.file), counter: counter.buffer };
  const finished = Array.from(
    { length: threads },
    () =>
      new Promise<void>((resolve) => {
        let worker: Worker;
        try {
          worker = new Worker(url, { workerData });
        } catch {
          resolve(); // no worker here (e.g. run from source): this thread parses everything
          return;
        }
        worker.on('message', (message: WorkerMessage) => {
          if (message === 'done') return resolve();
          for (let k = 0; k < message.length; k += 2) results[message[k] as number] = message[k + 1] as ParseOutcome;
        });
        worker.once('error', () => resolve());
        worker.once('exit', () => resolve());
      }),
  );
  for (let i = Atomics.add(counter, 0, 1); i < jobs.length; i = Atomics.add(counter, 0, 1))
    results[i] = parseHere(jobs[i]!, i);
  await Promise.all(finished);
  return results.map((r, i) => r ?? parseHere(jobs[i]!, i));
}
