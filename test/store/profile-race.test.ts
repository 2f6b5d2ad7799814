/**
 * A profile is judged by the file that is read, not by the path: checked with a stat and then opened, a trusted
 * file could be swapped for a planted one between the two (a rename in a shared parent directory), and the planted
 * one was read. Here the swap happens inside the open itself (node:fs's openSync, wrapped for the test): the file
 * opened is the planted one, and it is judged as such.
 */
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { chmodSync, mkdirSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findProfile, type ProfileNotice } from '../../src/store/profile-file.js';
import { freePort } from '../helpers/pg.js';
import { runMain } from '../helpers/in-process.js';
import { tempDir } from '../helpers/temp.js';

const fs = createRequire(import.meta.url)('node:fs') as typeof import('node:fs');
const realOpen = fs.openSync;

/** Swap `planted` over `file` the first time `file` is opened, just before the open. */
function swapAtOpen(file: string, planted: string): void {
  let swapped = false;
  fs.openSync = ((...args: Parameters<typeof realOpen>) => {
    if (!swapped && path.resolve(String(args[0])) === file) {
      swapped = true;
      renameSync(planted, file);
    }
    return realOpen(...args);
  }) as typeof realOpen;
  syncBuiltinESMExports();
}

afterEach(() => {
  fs.openSync = realOpen;
  syncBuiltinESMExports();
});

/** root/crisis.config.yaml (trusted, 0644) below which the search starts, and a 0666 file to swap over it. */
function tree(evil: string) {
  const root = tempDir('crisis-profile-race-');
  const sub = path.join(root, 'sub');
  mkdirSync(sub);
  const file = path.join(root, 'crisis.config.yaml');
  writeFileSync(file, 'company: Mine\n');
  chmodSync(file, 0o644);
  const planted = path.join(root, '.planted');
  writeFileSync(planted, evil);
  chmodSync(planted, 0o666);
  return { root, sub, file, planted };
}

describe('a profile swapped between the check and the read', () => {
  it('findProfile judges the file it opened (0666): skipped with a notice, nothing of it read', () => {
    const t = tree('company: Evil\n');
    swapAtOpen(t.file, t.planted);
    const notices: ProfileNotice[] = [];
    const found = findProfile({ env: { HOME: path.join(t.root, 'home') }, cwd: t.sub, notice: (n) => notices.push(n) });
    expect(found).toBeUndefined();
    expect(notices).toEqual([{ kind: 'writable', file: t.file, uid: process.getuid!(), mode: 0o666 }]);
  });

  it('status below it neither reads the planted store nor connects there: the file log, a warning', async () => {
    const port = await freePort();
    const t = tree(`store: postgres://attacker@127.0.0.1:${port}/steal\n`);
    swapAtOpen(t.file, t.planted);
    const r = await runMain(['status'], { cwd: t.sub, env: { CRISIS_LOG_DIR: path.join(t.root, 'logs') } });
    expect(r.stderr).toContain(
      `warning: the profile ${t.file} is ignored: users other than its owner may write to it (mode 0666)\n`,
    );
    expect(r.stderr).not.toMatch(/attacker|database|PostgreSQL/i);
    expect(r.code, r.stderr).toBe(0);
  });

  it('a symlink this user made to a file others may write (0666) is judged by that file: skipped', () => {
    const t = tree('company: Evil\n');
    const dir = path.join(t.root, 'linked');
    mkdirSync(dir);
    const link = path.join(dir, 'org.yaml');
    symlinkSync(t.planted, link);
    const notices: ProfileNotice[] = [];
    const found = findProfile({ env: {}, cwd: dir, notice: (n) => notices.push(n) });
    expect(found?.file).toBe(t.file);
    expect(found?.bytes?.toString()).toBe('company: Mine\n');
    expect(notices).toEqual([{ kind: 'writable', file: link, uid: process.getuid!(), mode: 0o666 }]);
  });
});
