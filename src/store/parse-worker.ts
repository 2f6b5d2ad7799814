import { parentPort, type MessagePort } from 'node:worker_threads';
import { decodeSource } from '../playbook/decode.js';
import { quickParseLibrary } from '../playbook/quick-load.js';
import { sha256Hex } from './crypto-later.js';
import type { ParseOutcome, PoolWork, WorkerMessage } from './parse-pool.js';

/**
 * A worker of the parse pool: it takes the next file from the shared counter until none is left; positions
 * travel with the problems. The quick pass first: `yaml` is loaded only if some file needs it. Results go back
 * in small batches, so the main thread takes them in while it parses, and this heap keeps no file's data. The
 * worker is started before the files are read (parse-pool.ts, startPool): they come in its one message.
 */
const BATCH = 8;
const encoder = new TextEncoder();
let full: typeof import('../playbook/load.js') | undefined;

async function parseOne({ spans, files }: PoolWork, views: Uint8Array[], i: number): Promise<ParseOutcome> {
  const file = files[i]!;
  const at = spans[3 * i + 1]!;
  const decoded = decodeSource(views[spans[3 * i]!]!.subarray(at, at + spans[3 * i + 2]!), file);
  if (decoded.problem) return { problems: [decoded.problem] };
  const data = quickParseLibrary(decoded.text!);
  if (data) {
    // The cache's entry too (the main thread writes it): encoded and hashed here, in parallel.
    const json = JSON.stringify(data);
    const body = encoder.encode(json);
    return { json, body, sum: sha256Hex(body), problems: [] };
  }
  full ??= await import('../playbook/load.js');
  const parsed = full.parseLibrarySource(decoded.text!, file);
  return { data: parsed.data, problems: parsed.problems };
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
  const views = job.buffers.map((b) => new Uint8Array(b));
  const next = new Int32Array(job.counter);
  let batch: Array<number | ParseOutcome> = [];
  for (let i = Atomics.add(next, 0, 1); i < job.files.length; i = Atomics.add(next, 0, 1)) {
    batch.push(i, await parseOne(job, views, i));
    if (batch.length >= BATCH * 2) {
      post(job.port, batch);
      batch = [];
    }
  }
  if (batch.length > 0) post(job.port, batch);
  job.port.postMessage('done' satisfies WorkerMessage);
}
parentPort!.once('message', (job: PoolWork) => void work(job));
