import { availableParallelism } from 'node:os';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
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
  /** the same JSON as UTF-8 bytes and their SHA-256, what the cache writes (moved here, not copied) */
  body?: Uint8Array;
  sum?: string;
  /** from a worker: the SHA-256 of the bytes it read, which its result stands for */
  sha?: string;
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
 * What a worker is posted when it is started: every file of the library by path ('' for one that is not the pool's
 * to read, a built-in), their names, the shared counter they are taken from, and where to post results.
 */
export interface PoolWork {
  paths: string[];
  files: string[];
  counter: SharedArrayBuffer;
  /** where the worker posts its results: this thread reads them between its own files (receiveMessageOnPort) */
  port: MessagePort;
}

/** A file of the library as the pool knows it: where to read it ('' if not for the pool), and its name. */
export interface PoolFile {
  path: string;
  file: string;
}

/** Workers started before the files are read, parsing from the first file on. */
export interface ParsePool {
  /**
   * Parse the files `jobs` names (by index into the pool's files; undefined: not needed, as cached or unreadable)
   * here and on the workers. A worker's result stands only for the bytes this thread read: their SHA-256 is
   * `shas[index]`, else the file is parsed here (it changed between the two reads).
   */
  parse(
    jobs: ReadonlyArray<ParseJob | undefined>,
    shas: readonly string[],
    parseHere: (job: ParseJob, index: number) => ParseOutcome,
  ): Promise<Array<ParseOutcome | undefined>>;
  /** The files needed no parsing (all cached): the workers stop. */
  close(): void;
}

interface Started {
  worker: Worker;
  port: MessagePort;
  /** settled when the worker exits or fails */
  gone: Promise<void>;
}

/**
 * Start `threads` workers on `files` now. Why: a worker takes ~120 ms to load its modules, and then parses while
 * this thread still reads and hashes every file for the cache keys (a cold validate of 1,000 files read them for
 * ~250 ms with the worker idle). A worker reads each file it takes itself, so no file's bytes are copied or
 * shared. The workers do not keep the process alive until `parse` is called, so a run that needs none of their
 * work (every file cached) exits as before; what they parsed then is thrown away.
 */
export function startPool(threads: number, files: readonly PoolFile[]): ParsePool {
  const url = new URL('./parse-worker.js', import.meta.url);
  const counter = new Int32Array(new SharedArrayBuffer(4));
  const paths = files.map((f) => f.path);
  const names = files.map((f) => f.file);
  const started: Started[] = [];
  for (let t = 0; t < threads; t++) {
    try {
      const worker = new Worker(url);
      worker.unref();
      const gone = new Promise<void>((resolve) => {
        worker.once('error', () => resolve()); // a worker that cannot start is noticed in parse(): it sends nothing
        worker.once('exit', () => resolve());
      });
      const { port1, port2 } = new MessageChannel();
      worker.postMessage({ paths, files: names, counter: counter.buffer, port: port2 } satisfies PoolWork, [port2]);
      started.push({ worker, port: port1, gone });
    } catch {
      // no worker here (e.g. run from source): this thread parses everything
    }
  }
  return {
    parse: (jobs, shas, parseHere) => parseWith(started, counter, jobs, shas, parseHere),
    close: () => {
      for (const { worker, port } of started) {
        port.close();
        void worker.terminate();
      }
    },
  };
}

/**
 * Parse files on this thread and the workers at once. Every thread takes the next file from one shared counter,
 * so a slow start or a loaded core only means that thread takes fewer. Between its own files this thread takes in
 * what the workers have sent (their JSON parsed here then, not all at the end while the workers wait with nothing
 * to do). A worker that cannot start or dies loses nothing: any file left without a result is parsed here at the
 * end, as is a file whose bytes changed between this thread's read and the worker's.
 */
async function parseWith(
  started: readonly Started[],
  counter: Int32Array,
  jobs: ReadonlyArray<ParseJob | undefined>,
  shas: readonly string[],
  parseHere: (job: ParseJob, index: number) => ParseOutcome,
): Promise<Array<ParseOutcome | undefined>> {
  // Filled, not sparse: map() below skips holes, which would leave a file a worker never sent without a result.
  const results = new Array<ParseOutcome | undefined>(jobs.length).fill(undefined);
  /** Take in one message of a worker; true once it has sent its last. */
  const take = (message: WorkerMessage): boolean => {
    if (message === 'done') return true;
    for (let k = 0; k < message.length; k += 2) {
      const i = message[k] as number;
      const { json, sha, ...outcome } = message[k + 1] as ParseOutcome;
      if (!jobs[i] || sha !== shas[i]) continue;
      results[i] = json === undefined ? outcome : { ...outcome, data: JSON.parse(json) as LibraryData };
    }
    return false;
  };
  const drains: Array<() => boolean> = [];
  const listens: Array<() => void> = [];
  const finished = started.map(
    ({ worker, port, gone }) =>
      new Promise<void>((resolve) => {
        let done = false;
        const finish = () => {
          port.close();
          resolve();
        };
        worker.ref();
        void gone.then(finish);
        const drain = () => {
          if (done) return true;
          for (let m = receiveMessageOnPort(port); m && !done; m = receiveMessageOnPort(port))
            done = take(m.message as WorkerMessage);
          if (done) finish();
          return done;
        };
        drains.push(drain);
        // Once this thread has no file left: the rest as it comes.
        listens.push(() => {
          if (!drain())
            port.on('message', (message: WorkerMessage) => {
              if (take(message)) finish();
            });
        });
      }),
  );
  for (let i = Atomics.add(counter, 0, 1); i < jobs.length; i = Atomics.add(counter, 0, 1)) {
    const job = jobs[i];
    if (!job) continue;
    results[i] = parseHere(job, i);
    for (const drain of drains) drain();
  }
  for (const listen of listens) listen();
  await Promise.all(finished);
  for (const { worker } of started) worker.unref();
  return results.map((r, i) => r ?? (jobs[i] ? parseHere(jobs[i], i) : undefined));
}
