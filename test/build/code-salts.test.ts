// The playbook cache's salts recorded at build time (scripts/code-salts.mjs, dist/code-salts.json): the same values
// a run works out from the code modules, taken without reading or hashing them while the modules are unchanged.
import { cpSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runNode } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const VERSION = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** In a fresh process on `dist`: both salts, whether working them out loaded node:crypto, and them worked out. */
async function saltsOf(dist: string) {
  const script = `
    const pc = require(${JSON.stringify(path.join(dist, 'store', 'playbook-cache.js'))});
    const cs = require(${JSON.stringify(path.join(dist, 'store', 'code-salt.js'))});
    const taken = [pc.cacheSalt(${JSON.stringify(VERSION)}), pc.checkSalt(${JSON.stringify(VERSION)})];
    const crypto = process.moduleLoadList.includes('NativeModule crypto');
    const none = new URL('file:///nonexistent-crisis-dir/code-salts.json');
    const worked = pc.SALT_SETS.map((set) => cs.codeSalt(${JSON.stringify(VERSION)}, set, none));
    console.log(JSON.stringify({ taken, crypto, worked }));`;
  // a file, not -e: \`node -e\` loads node:crypto itself
  const cwd = tempDir('crisis-code-salts-cwd-');
  writeFileSync(path.join(cwd, 'salts.cjs'), script);
  const r = await runNode([path.join(cwd, 'salts.cjs')], { cwd });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { taken: string[]; crypto: boolean; worked: string[] };
}

describe('code salts recorded by the build', () => {
  it('dist/code-salts.json holds both salts for this version, the values worked out from the modules', async () => {
    const recorded = JSON.parse(readFileSync(path.join(ROOT, 'dist', 'code-salts.json'), 'utf8')) as {
      version: string;
      salts: Array<{ salt: string; files: Array<[string, number, number]> }>;
    };
    expect(recorded.version).toBe(VERSION);
    expect(recorded.salts).toHaveLength(2);
    expect(recorded.salts[0]!.files.map((f) => f[0])).toContain('playbook/schema.js');
    const { taken, crypto, worked } = await saltsOf(path.join(ROOT, 'dist'));
    expect(taken).toEqual(recorded.salts.map((s) => s.salt));
    expect(worked).toEqual(taken);
    // taken from the record: nothing was hashed
    expect(crypto).toBe(false);
  });

  it('a module touched since the build: its salt is worked out again (node:crypto loaded), the same value', async () => {
    const copy = tempDir('crisis-code-salts-');
    cpSync(path.join(ROOT, 'dist'), path.join(copy, 'dist'), { recursive: true, preserveTimestamps: true });
    const schema = path.join(copy, 'dist', 'playbook', 'schema.js');
    utimesSync(schema, new Date(), new Date(Date.now() + 60_000));
    const { taken, crypto, worked } = await saltsOf(path.join(copy, 'dist'));
    expect(crypto).toBe(true);
    expect(taken).toEqual(worked);
  });
});
