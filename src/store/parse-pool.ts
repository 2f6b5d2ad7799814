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
 * What a worker is posted once the files are read: the shared buffers their bytes are in, where each file's are
 * (buffer, offset, length: three numbers per file), their names, and the shared counter.
 */
export interface PoolWork {
  buffers: SharedArrayBuffer[];
  spans: number[];
  files: string[];
  counter: SharedArrayBuffer;
  /** where the worker posts its results: this thread reads them between its own files (receiveMessageOnPort) */
  port: MessagePort;
}

/**
 * Memory the parse workers can share, handed out a file at a time: files read into it go to the workers as they
 * are, where copying 1,000 files' 16 MB into one shared buffer cost this thread ~60 ms (its pages are new).
 */
export function sharedArena(chunkBytes = 4 << 20): (size: number) => Buffer {
  let buffer: SharedArrayBuffer | undefined;
  let used = 0;
  return (size) => {
    if (!buffer || used + size > buffer.byteLength) {
      buffer = new SharedArrayBuffer(Math.max(chunkBytes, size));
      used = 0;
    }
    const view = Buffer.from(buffer, used, size);
    used += size;
    return view;
  };
}

/** Where each job's bytes are, in shared memory: a job read elsewhere is copied into one new shared buffer. */
function shareJobs(jobs: readonly ParseJob[]): Pick<PoolWork, 'buffers' | 'spans'> {
  const buffers: SharedArrayBuffer[] = [];
  const numbers = new Map<SharedArrayBuffer, number>();
  const spans: number[] = [];
  const loose: number[] = [];
  jobs.forEach(({ bytes }, i) => {
    const buffer = bytes.buffer;
    if (!(buffer instanceof SharedArrayBuffer)) return void loose.push(i);
    let n = numbers.get(buffer);
    if (n === undefined) numbers.set(buffer, (n = buffers.push(buffer) - 1));
    spans[3 * i] = n;
    spans[3 * i + 1] = bytes.byteOffset;
    spans[3 * i + 2] = bytes.byteLength;
  });
  if (loose.length > 0) {
    let total = 0;
    for (const i of loose) total += jobs[i]!.bytes.byteLength;
    const copy = new Uint8Array(new SharedArrayBuffer(Math.max(1, total)));
    const n = buffers.push(copy.buffer as SharedArrayBuffer) - 1;
    let at = 0;
    for (const i of loose) {
      const { bytes } = jobs[i]!;
      copy.set(bytes, at);
      spans[3 * i] = n;
      spans[3 * i + 1] = at;
      spans[3 * i + 2] = bytes.byteLength;
      at += bytes.byteLength;
    }
  }
  return { buffers, spans };
}

/** Workers started before the files they will parse are read. */
export interface ParsePool {
  /** Parse `jobs` here and on the pool's workers, results in input order. */
  parse(jobs: readonly ParseJob[], parseHere: (job: ParseJob, index: number) => ParseOutcome): Promise<ParseOutcome[]>;
  /** The files needed no parsing (all cached): the workers stop without having been given any. */
  close(): void;
}

/**
 * Start `threads` workers now, to be given files later. Why: a worker takes ~120 ms to load its modules, which
 * it does while this thread reads and hashes the files (a cold validate of 1,000 files read them for ~200 ms,
 * then waited for the worker). Until `parse` is called the workers do not keep the process alive, so a run that
 * needs none of them (every file cached) exits as before.
 */
export function startPool(threads: number): ParsePool {
  const url = new URL('./parse-worker.js', import.meta.url);
  const workers: Worker[] = [];
  for (let t = 0; t < threads; t++) {
    try {
      const worker = new Worker(url);
      worker.unref();
      worker.on('error', () => undefined); // a worker that cannot start is noticed in parse(): it sends nothing
      workers.push(worker);
    } catch {
      // no worker here (e.g. run from source): this thread parses everything
    }
  }
  return {
    parse: (jobs, parseHere) => parseWith(workers, jobs, parseHere),
    close: () => {
      for (const worker of workers) void worker.terminate();
    },
  };
}

/**
 * Parse files on this thread and `workers` at once, results in input order. Every thread takes the next file
 * from one shared counter, so a slow start or a loaded core only means that thread takes fewer; the bytes are
 * in shared memory (no copy per worker). Between its own files this thread takes in what the workers have sent
 * (their JSON parsed here then, not all at the end while the workers wait with nothing to do). A worker that
 * cannot start or dies loses nothing: any file left without a result is parsed here at the end.
 */
async function parseWith(
  workers: readonly Worker[],
  jobs: readonly ParseJob[],
  parseHere: (job: ParseJob, index: number) => ParseOutcome,
): Promise<ParseOutcome[]> {
  const results: Array<ParseOutcome | undefined> = new Array<ParseOutcome | undefined>(jobs.length);
  const counter = new Int32Array(new SharedArrayBuffer(4));
  const shared = { ...shareJobs(jobs), files: jobs.map((j) => j.file), counter: counter.buffer };
  /** Take in one message of a worker; true once it has sent its last. */
  const take = (message: WorkerMessage): boolean => {
    if (message === 'done') return true;
    for (let k = 0; k < message.length; k += 2) {
      const { json, ...outcome } = message[k + 1] as ParseOutcome;
      results[message[k] as number] =
        json === undefined ? outcome : { ...outcome, data: JSON.parse(json) as LibraryData };
    }
    return false;
  };
  const drains: Array<() => void> = [];
  const listens: Array<() => void> = [];
  const finished = workers.map(
    (worker) =>
      new Promise<void>((resolve) => {
        const { port1, port2 } = new MessageChannel();
        let done = false;
        const finish = () => {
          port1.close();
          resolve();
        };
        worker.ref();
        worker.once('error', finish);
        worker.once('exit', finish);
        try {
          worker.postMessage({ ...shared, port: port2 } satisfies PoolWork, [port2]);
        } catch {
          return finish(); // it has already exited
        }
        const drain = () => {
          for (let m = receiveMessageOnPort(port1); m && !done; m = receiveMessageOnPort(port1))
            done = take(m.message as WorkerMessage);
        };
        drains.push(drain);
        // Once this thread has no file left: the rest as it comes.
        listens.push(() => {
          drain();
          if (done) return finish();
          port1.on('message', (message: WorkerMessage) => {
            if (take(message)) finish();
          });
        });
      }),
  );
  for (let i = Atomics.add(counter, 0, 1); i < jobs.length; i = Atomics.add(counter, 0, 1)) {
    results[i] = parseHere(jobs[i]!, i);
    for (const drain of drains) drain();
  }
  for (const listen of listens) listen();
  await Promise.all(finished);
  for (const worker of workers) worker.unref();
  return results.map((r, i) => r ?? parseHere(jobs[i]!, i));
}
