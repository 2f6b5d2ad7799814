import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Drill, Playbook, Problem } from '../playbook/types.js';

import { MIN_FILES_FOR_WORKERS } from '../playbook/limits.js';

// Kept in limits.ts: the library reader decides whether to load this module (and node:worker_threads) at all.
export { MIN_FILES_FOR_WORKERS };

export interface ParseJob {
  bytes: Uint8Array;
  file: string;
}
export interface ParseOutcome {
  data?: Playbook | Drill;
  problems: Problem[];
}

/** How many workers a batch of `files` gets: one per core, none when there is one core or few files. */
export function workerCount(files: number, cores = availableParallelism()): number {
  if (files < MIN_FILES_FOR_WORKERS || cores < 2) return 0;
  return Math.min(cores, Math.ceil(files / (MIN_FILES_FOR_WORKERS / 2)));
}

/**
 * Parse and validate files on `threads` worker threads, in contiguous shares,
 * results in input order. A worker that fails (it cannot start, or dies)
 * rejects, and the caller parses on the main thread instead.
 */
export async function parseInWorkers(jobs: readonly ParseJob[], threads: number): Promise<ParseOutcome[]> {
  const size = Math.ceil(jobs.length / threads);
  const shares = Array.from({ length: threads }, (_, i) => jobs.slice(i * size, (i + 1) * size)).filter(
    (s) => s.length > 0,
  );
  const url = new URL('./parse-worker.js', import.meta.url);
  const results = await Promise.all(
    shares.map(
      (share) =>
        new Promise<ParseOutcome[]>((resolve, reject) => {
          const worker = new Worker(url, { workerData: { jobs: share } });
          worker.once('message', (out: ParseOutcome[]) => {
            resolve(out);
            void worker.terminate();
          });
          worker.once('error', reject);
          worker.once('exit', (code) => reject(new Error(`parse worker exited with code ${code}`)));
        }),
    ),
  );
  return results.flat();
}
