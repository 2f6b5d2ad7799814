#!/usr/bin/env node
// Stream a session log line by line (readline) and fold it with the
// project's pure replay (dist/session/replay.js). With --verify, each line
// goes through dist/session/verify.js ChainVerifier first, as a streaming
// resume/status would. Prints events, final status and peak RSS.
// Usage: node bench/replay-stream.mjs FILE.jsonl [--verify]
import { createReadStream } from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { ROOT } from './lib.mjs';

const [file, mode] = process.argv.slice(2);
const dist = (p) => import(pathToFileURL(path.join(ROOT, 'dist', p)).href);
// replay(events) is `events.reduce(applyEvent, initialState())` over a sync
// Iterable; a stream is async, so the same fold is run here event by event.
const { applyEvent, initialState } = await dist('session/replay.js');
const { ChainVerifier } = mode === '--verify' ? await dist('session/verify.js') : {};

async function* events() {
  const verifier = ChainVerifier ? new ChainVerifier() : undefined;
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line === '') continue;
    if (verifier) {
      const e = verifier.push(line);
      if (!e) throw new Error(verifier.break?.message ?? 'chain broken');
      yield e;
    } else yield JSON.parse(line);
  }
}

const t0 = performance.now();
let state = initialState();
for await (const e of events()) state = applyEvent(state, e);
console.log(
  `${state.events} events replayed; status ${state.status}; ${Object.keys(state.steps).length} steps touched; ${state.notes.length} notes; ${((performance.now() - t0) / 1000).toFixed(2)} s in-process; maxRSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
);
