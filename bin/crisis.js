#!/usr/bin/env node
// Thin launcher: everything lives in the built CLI. This is the only place that
// turns the outcome into a process exit code.
// CommonJS (bin/package.json says so): Node starts a CommonJS entry without its ES module loader, which
// `crisis --version` never needs (1.08x `node -e 0` in CPU for a CommonJS file that reads one file and prints,
// 1.30x for the same as an ES module; bench/README.md, round seven). Every other command requires the built CLI,
// CommonJS too since round eight (scripts/commonjs.mjs).
'use strict';
const { closeSync, readFileSync, writeSync } = require('node:fs');
const { join } = require('node:path');

const argv = process.argv.slice(2);
const json = argv.includes('--json');
let outputClosed = () => false;
let terminals = [];
// An output that failed while a live session held it (it records its pause and exits by itself): if the command
// then ends as if nothing happened, its exit code is 3 all the same, not 0.
let outputFailed = false;
function onOutputError(stream, name) {
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
    // Anything else (`crisis log … > file` on a full disk: ENOSPC) is one line on stderr, not a stack trace, and
    // exit 3 (the environment); a live session stops at its next action as for EPIPE (paused, exit 130).
    const said = `cannot write to ${name}: ${error.message}`;
    const hint = 'check the file or device it goes to';
    try {
      // Under --json a program reads stderr too: one JSON line, the shape dist/cli/report-error.js gives.
      writeSync(
        2,
        json
          ? `${JSON.stringify({ error: said, hint, code: 3, id: 'output.write' })}\n`
          : `error: ${said}\nhint: ${hint}\n`,
      );
    } catch {
      /* stderr is the stream that failed */
    }
    outputFailed = true;
    if (!outputClosed()) process.exit(3);
    // the command may have ended already, its code set (the stream reports the failed write after it)
    if (!process.exitCode) process.exitCode = 3;
  });
}
// Each stream gets its handler when first used (Node makes them on first use): a command that prints nothing on
// stderr does not make it (~1 ms, bench/README.md round eight).
for (const name of ['stdout', 'stderr']) {
  const made = Object.getOwnPropertyDescriptor(process, name);
  // a Node that makes them otherwise: the handler now, as before
  if (typeof made?.get !== 'function' || !made.configurable) {
    onOutputError(process[name], name);
    continue;
  }
  let stream;
  Object.defineProperty(process, name, {
    configurable: true,
    enumerable: made.enumerable,
    get() {
      if (stream === undefined) {
        stream = made.get.call(process);
        onOutputError(stream, name);
      }
      return stream;
    },
  });
}

if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  // Typed in the first seconds of a crisis; the built CLI's main() answers it the same way. Written to the
  // descriptor, as dist/cli/fd-out.js does: Node's stream (and the modules it loads) only if that fails.
  const line = `${JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')).version}\n`;
  let written = 0;
  try {
    written = writeSync(1, line);
  } catch {
    /* EAGAIN, EPIPE, a closed descriptor: the stream reports it as before */
  }
  // the version is ASCII: bytes are characters
  if (written < line.length) process.stdout.write(line.slice(written));
} else {
  // dist/ is CommonJS, compiled from the build's V8 code cache where it still fits (bin/code-cache.js).
  require('./code-cache.js').install();
  const cli = require('../dist/cli/main.js');
  outputClosed = cli.outputClosed;
  // Known from fstat where it can be: node:tty (and the net and stream modules it loads) only for a character
  // device other than /dev/null (dist/cli/fd-out.js).
  terminals = cli.terminalFds();
  // At exit Node restores the terminal's modes and aborts when the terminal is gone
  // (nodejs/node#51519, fixed after Node 20): a hung-up descriptor is closed first,
  // which Node skips, so the exit code stays the one the command chose.
  process.on('exit', () => {
    for (const fd of terminals) {
      if (require('node:tty').isatty(fd)) continue;
      try {
        closeSync(fd);
      } catch {
        /* already closed */
      }
    }
  });
  cli.main(argv).then((code) => {
    process.exitCode = code === 0 && outputFailed ? 3 : code;
    // A command that holds nothing open ends here, without the heap teardown of a natural exit (ends-when-done.ts).
    if (cli.endsWhenDone() && !cli.outputPending()) process.exit(process.exitCode);
  });
}
