import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/**
 * vitest globalSetup: one temp root per run, shared with the workers through
 * CRISIS_TEST_TMP; tempDir() creates everything under it, and teardown
 * removes it all, even when a worker was killed before its own exit handler ran.
 */
export default function setup(): () => void {
  const root = mkdtempSync(path.join(tmpdir(), 'crisis-tests-'));
  process.env.CRISIS_TEST_TMP = root;
  return () => rmSync(root, { recursive: true, force: true });
}
