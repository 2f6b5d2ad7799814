/**
 * Output that cannot be written for a reason other than a reader going away: `crisis list > file` on a full
 * disk (ENOSPC, here /dev/full). Before, the launcher rethrew the stream's error: a stack trace and exit 1.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BIN } from '../helpers/paths.js';
import { cleanEnv } from '../helpers/run-cli.js';
import { tempDir, writeFiles } from '../helpers/temp.js';

/** `crisis ARGS > /dev/full` in a fresh home holding `files`: its exit code and stderr. */
function toFullDisk(args: string[], files: Record<string, string> = {}) {
  const home = tempDir('crisis-output-error-');
  writeFiles(home, files);
  const full = openSync('/dev/full', 'w');
  try {
    return spawnSync(process.execPath, [BIN, ...args], {
      cwd: home,
      env: cleanEnv(home),
      stdio: ['ignore', full, 'pipe'],
      encoding: 'utf8',
      timeout: 30_000,
    });
  } finally {
    closeSync(full);
  }
}

describe.skipIf(!existsSync('/dev/full'))('an output that cannot be written', () => {
  it('stdout on a full disk: one line on stderr naming the stream and the error, a hint, exit 3', () => {
    const r = toFullDisk(['list']);
    expect(r.status).toBe(3);
    expect(r.stderr).toBe(
      'error: cannot write to stdout: ENOSPC: no space left on device, write\nhint: check the file or device it goes to\n',
    );
  });

  it('under --json: the same as one JSON line on stderr, the shape of every --json error', () => {
    const r = toFullDisk(['list', '--json']);
    expect(r.status).toBe(3);
    expect(r.stderr).toBe(
      '{"error":"cannot write to stdout: ENOSPC: no space left on device, write",' +
        '"hint":"check the file or device it goes to","code":3,"id":"output.write"}\n',
    );
  });

  it('a live answers run whose stdout is a full disk does not end with exit 0', () => {
    const r = toFullDisk(['start', 'product-quality', '--answers', 'answers.yaml'], {
      'answers.yaml':
        'operator: alice\nresponses:\n  - { step: tf-name-leads, action: done, inputs: { incident-lead-name: A, spokesperson-name: B } }\n',
    });
    expect([3, 130]).toContain(r.status);
    expect(r.stderr).toContain('error: cannot write to stdout: ENOSPC');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('--version too (the launcher answers it alone)', () => {
    const r = toFullDisk(['--version']);
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/^error: cannot write to stdout: ENOSPC/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
