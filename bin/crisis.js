#!/usr/bin/env node
// Thin launcher: everything lives in the built CLI. This is the only place that
// turns the outcome into a process exit code.
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
