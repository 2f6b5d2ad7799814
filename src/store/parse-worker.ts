import { parentPort } from 'node:worker_threads';
import { decodeSource } from '../playbook/decode.js';
import { quickParseLibrary } from '../playbook/quick-load.js';
import type { ParseOutcome, PoolWork, WorkerMessage } from './parse-pool.js';

/**
 * A worker of the parse pool: it takes the next file from the shared counter until none is left; positions
 * travel with the problems. The quick pass first: `yaml` is loaded only if some file needs it. Results go back
 * in small batches, so the main thread takes them in while it parses, and this heap keeps no file's data. The
 * worker is started before the files are read (parse-pool.ts, startPool): they come in its one message.
 */
const BATCH = 8;
let full: typeof import('../playbook/load.js') | undefined;

async function parseOne({ spans, files }: PoolWork, views: Uint8Array[], i: number): Promise<ParseOutcome> {
  const file = files[i]!;
  const at = spans[3 * i + 1]!;
  const decoded = decodeSource(views[spans[3 * i]!]!.subarray(at, at + spans[3 * i + 2]!), file);
  if (decoded.problem) return { problems: [decoded.problem] };
  const data = quickParseLibrary(decoded.text!);
  if (data) return { json: JSON.stringify(data), problems: [] };
  full ??= await import('../playbook/load.js');
  const parsed = full.parseLibrarySource(decoded.text!, file);
  return { data: parsed.data, problems: parsed.problems };
}

/** Top-level `await` would keep this file an ES module; dist/ is CommonJS (scripts/commonjs.mjs). */
async function work(job: PoolWork): Promise<void> {
  const views = job.buffers.map((b) => new Uint8Array(b));
  const next = new Int32Array(job.counter);
  let batch: Array<number | ParseOutcome> = [];
  for (let i = Atomics.add(next, 0, 1); i < job.files.length; i = Atomics.add(next, 0, 1)) {
    batch.push(i, await parseOne(job, views, i));
    if (batch.length >= BATCH * 2) {
      parentPort!.postMessage(batch satisfies WorkerMessage);
      batch = [];
    }
  }
  if (batch.length > 0) parentPort!.postMessage(batch satisfies WorkerMessage);
  parentPort!.postMessage('done' satisfies WorkerMessage);
}
parentPort!.once('message', (job: PoolWork) => void work(job));
