import { parentPort, type MessagePort } from 'node:worker_threads';
import { decodeSource } from '../playbook/decode.js';
import { quickParseLibrary } from '../playbook/quick-load.js';
import { sha256Hex } from './crypto-later.js';
import { readRegularFile } from './safe-fs.js';
import { MAX_FILE_BYTES } from '../playbook/limits.js';
import type { ParseOutcome, PoolWork, WorkerMessage } from './parse-pool.js';

/**
 * A worker of the parse pool: it takes the next file from the shared counter until none is left; positions
 * travel with the problems. The quick pass first: `yaml` is loaded only if some file needs it. Results go back
 * in small batches, so the main thread takes them in while it parses, and this heap keeps no file's data. The
 * worker is started before the main thread reads the files (parse-pool.ts, startPool) and reads each it takes
 * itself; the main thread keeps a result only if it read the same bytes (their SHA-256, `sha`).
 */
const BATCH = 8;
const encoder = new TextEncoder();
let full: typeof import('../playbook/load.js') | undefined;

async function parseOne(bytes: Uint8Array, file: string): Promise<ParseOutcome> {
  const sha = sha256Hex(bytes);
  const decoded = decodeSource(bytes, file);
  if (decoded.problem) return { problems: [decoded.problem], sha };
  const data = quickParseLibrary(decoded.text!);
  if (data) {
    // The cache's entry too (the main thread writes it): encoded and hashed here, in parallel.
    const json = JSON.stringify(data);
    const body = encoder.encode(json);
    return { json, body, sum: sha256Hex(body), problems: [], sha };
  }
  full ??= await import('../playbook/load.js');
  const parsed = full.parseLibrarySource(decoded.text!, file);
  return { data: parsed.data, problems: parsed.problems, sha };
}

/** A batch of results, the bodies' memory moved to the main thread rather than copied. */
function post(port: MessagePort, batch: Array<number | ParseOutcome>): void {
  const moved: ArrayBuffer[] = [];
  for (let k = 1; k < batch.length; k += 2) {
    const { body } = batch[k] as ParseOutcome;
    if (body) moved.push(body.buffer as ArrayBuffer);
  }
  port.postMessage(batch satisfies WorkerMessage, moved);
}

/** Top-level `await` would keep this file an ES module; dist/ is CommonJS (scripts/commonjs.mjs). */
async function work(job: PoolWork): Promise<void> {
  const next = new Int32Array(job.counter);
  let batch: Array<number | ParseOutcome> = [];
  for (let i = Atomics.add(next, 0, 1); i < job.paths.length; i = Atomics.add(next, 0, 1)) {
    const path = job.paths[i]!;
    if (!path) continue;
    let bytes: Buffer;
    try {
      // As the main thread reads it (library-files.ts, readBytes); a file it cannot read is the main thread's to
      // report, and its result here would not match the main thread's hash anyway.
      bytes = readRegularFile(path, MAX_FILE_BYTES, { followSymlinks: true });
    } catch {
      continue;
    }
    batch.push(i, await parseOne(bytes, job.files[i]!));
    if (batch.length >= BATCH * 2) {
      post(job.port, batch);
      batch = [];
    }
  }
  if (batch.length > 0) post(job.port, batch);
  job.port.postMessage('done' satisfies WorkerMessage);
}
parentPort!.once('message', (job: PoolWork) => void work(job));
