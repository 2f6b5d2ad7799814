import { parentPort, workerData } from 'node:worker_threads';
import { decodeSource } from '../playbook/decode.js';
import { quickParseLibrary } from '../playbook/quick-load.js';

/**
 * One share of a big library, parsed off the main thread; positions travel with the problems. The quick pass
 * first: `yaml` is loaded only if some file in the share needs it.
 */
const jobs = (workerData as { jobs: Array<{ bytes: Uint8Array; file: string }> }).jobs;
let full: typeof import('../playbook/load.js') | undefined;
const out = [];
for (const { bytes, file } of jobs) {
  const decoded = decodeSource(bytes, file);
  if (decoded.problem) {
    out.push({ problems: [decoded.problem] });
    continue;
  }
  const data = quickParseLibrary(decoded.text!);
  if (data) {
    out.push({ data, problems: [] });
    continue;
  }
  full ??= await import('../playbook/load.js');
  const parsed = full.parseLibrarySource(decoded.text!, file);
  out.push({ data: parsed.data, problems: parsed.problems });
}
parentPort!.postMessage(out);
