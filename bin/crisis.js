#!/usr/bin/env node
// Thin launcher: everything lives in the built CLI. This is the only place that
// turns the outcome into a process exit code.
import { main } from '../dist/cli/main.js';

// `crisis log … | head`: a reader that goes away is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

process.exitCode = await main(process.argv.slice(2));
