import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { codeSalt, recordSalts, type SaltModules } from '../../src/store/code-salt.js';
import { tempDir } from '../helpers/temp.js';

/** A dist-like tree: code-salts.json at the root, two code modules under playbook/. */
function tree() {
  const root = tempDir('crisis-code-salt-');
  mkdirSync(path.join(root, 'playbook'));
  writeFileSync(path.join(root, 'playbook', 'schema.js'), 'exports.a = 1;\n');
  writeFileSync(path.join(root, 'playbook', 'load.js'), 'exports.b = 2;\n');
  const at = pathToFileURL(path.join(root, 'code-salts.json'));
  const set: SaltModules[] = [{ dir: pathToFileURL(path.join(root, 'playbook') + path.sep) }];
  // The record as the build writes it, its salt replaced by a marker: a salt read from it says so.
  const record = (edit: (r: ReturnType<typeof recordSalts>) => void = () => undefined) => {
    const r = recordSalts('1.2.3', [set], at);
    edit(r);
    writeFileSync(at, JSON.stringify(r));
    return r;
  };
  return { root, at, set, record };
}

describe('code salts recorded by the build', () => {
  it('the recorded salt is the one worked out from the files, path by path with their sizes and times', () => {
    const { at, set, record } = tree();
    const r = record();
    expect(r.salts).toHaveLength(1);
    expect(r.salts[0]!.files.map((f) => f[0])).toEqual(['playbook/load.js', 'playbook/schema.js']);
    expect(r.salts[0]!.files.map((f) => f[1])).toEqual([15, 15]);
    const none = new URL('file:///nonexistent-crisis-dir/code-salts.json');
    expect(r.salts[0]!.salt).toBe(codeSalt('1.2.3', set, none));
    expect(codeSalt('1.2.3', set, at)).toBe(r.salts[0]!.salt);
  });

  it('is taken while every file has its size and time, and worked out again once one changes', () => {
    const { root, at, set, record } = tree();
    const worked = codeSalt('1.2.3', set, new URL('file:///nonexistent-crisis-dir/code-salts.json'));
    record((r) => (r.salts[0]!.salt = 'recorded'));
    expect(codeSalt('1.2.3', set, at)).toBe('recorded');
    // another version: worked out
    expect(codeSalt('1.2.4', set, at)).not.toBe('recorded');
    // a file touched (same bytes, a new time): worked out, and the same as before since the bytes are
    const load = path.join(root, 'playbook', 'load.js');
    utimesSync(load, new Date(), new Date(Date.now() + 10_000));
    expect(codeSalt('1.2.3', set, at)).toBe(worked);
  });

  it('is not taken for another list of files, another size, or a record that is not one', () => {
    const { root, at, set, record } = tree();
    record((r) => (r.salts[0]!.salt = 'recorded'));
    writeFileSync(path.join(root, 'playbook', 'lint.js'), 'exports.c = 3;\n');
    expect(codeSalt('1.2.3', set, at)).not.toBe('recorded');

    const other = tree();
    other.record((r) => {
      r.salts[0]!.salt = 'recorded';
      r.salts[0]!.files[0]![1] += 1;
    });
    expect(codeSalt('1.2.3', other.set, other.at)).not.toBe('recorded');

    const broken = tree();
    writeFileSync(broken.at, '{"v": 1, "version": "1.2.3", "salts": [');
    // ignored, not a crash: the salt is worked out, the same as with no record at all
    const none = new URL('file:///nonexistent-crisis-dir/code-salts.json');
    expect(codeSalt('1.2.3', broken.set, broken.at)).toBe(codeSalt('1.2.3', broken.set, none));
  });
});
