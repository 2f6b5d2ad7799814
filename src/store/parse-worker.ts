import { parentPort, workerData } from 'node:worker_threads';
import { decodeSource, parseLibrarySource } from '../playbook/load.js';

/** One share of a big library, parsed off the main thread; positions travel with the problems. */
const jobs = (workerData as { jobs: Array<{ bytes: Uint8Array; file: string }> }).jobs;
parentPort!.postMessage(
  jobs.map(({ bytes, file }) => {
    const decoded = decodeSource(bytes, file);
    if (decoded.problem) return { problems: [decoded.problem] };
    const parsed = parseLibrarySource(decoded.text!, file);
    return { data: parsed.data, problems: parsed.problems };
  }),
);
