import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const created: string[] = [];
process.once('exit', () => {
  for (const dir of created) rmSync(dir, { recursive: true, force: true });
});

/**
 * A fresh directory. Under vitest it lives in the run's temp root
 * (test/helpers/global-setup.ts), removed when the run ends; otherwise in the
 * system temp dir, removed when the process exits.
 */
export function tempDir(prefix = 'crisis-test-'): string {
  const root = process.env.CRISIS_TEST_TMP;
  if (root) {
    mkdirSync(root, { recursive: true });
    return mkdtempSync(path.join(root, prefix));
  }
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/** Write `{ 'relative/path.yaml': contents }` under `dir`, creating folders; returns `dir`. */
export function writeFiles(dir: string, files: Record<string, string | Uint8Array>): string {
  for (const [name, contents] of Object.entries(files)) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, contents);
  }
  return dir;
}
