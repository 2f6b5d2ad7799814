#!/usr/bin/env node
// Thin launcher: everything lives in the built CLI. This is the only place that
// turns the outcome into a process exit code.
import { closeSync } from 'node:fs';
import { isatty } from 'node:tty';
import { main, outputClosed } from '../dist/cli/main.js';

const terminals = [0, 1, 2].filter((fd) => isatty(fd));
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    // `crisis log … | head`: a reader that goes away is not an error worth a stack trace. A live
    // session stops by itself at its next action (paused, lock released, exit 130).
    if (error.code === 'EPIPE') {
      if (!outputClosed()) process.exit(process.exitCode ?? 0);
      return;
    }
    // A terminal that hung up: the command goes on without its screen (a live session
    // records its pause and releases its lock); what it prints is dropped.
    if (error.code === 'EIO' && terminals.includes(stream.fd)) return;
    throw error;
  });
}

// At exit Node restores the terminal's modes and aborts when the terminal is gone
// (nodejs/node#51519, fixed after Node 20): a hung-up descriptor is closed first,
// which Node skips, so the exit code stays the one the command chose.
process.on('exit', () => {
  for (const fd of terminals) {
    if (isatty(fd)) continue;
    try {
      closeSync(fd);
    } catch {
      /* already closed */
    }
  }
});

process.exitCode = await main(process.argv.slice(2));
