/**
 * Which organisation profile findProfile trusts. A discovered profile
 * (walking up from the working directory, or the config dir) speaks for the
 * organisation: its company and signatories go into statements and its
 * `store:` decides where sessions live. One that another user owns, or that
 * group or others may write, could have been planted: it is skipped, with a
 * notice, and the search goes on. A profile named with --profile or
 * CRISIS_PROFILE is the user's choice: used, with a notice only when every
 * user may write it.
 */
import { chmodSync, chownSync, lchownSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findProfile, type ProfileNotice } from '../../src/store/profile-file.js';
import { tempDir } from '../helpers/temp.js';

const NOBODY = 65534;
const isRoot = process.getuid?.() === 0;

/** root/crisis.config.yaml (trusted, 0644) and root/mid/<name> with `mode`; the search starts in root/mid/sub. */
function tree(mode: number, name = 'crisis.config.yaml') {
  const root = tempDir('crisis-profile-trust-');
  const sub = path.join(root, 'mid', 'sub');
  mkdirSync(sub, { recursive: true });
  const good = path.join(root, 'crisis.config.yaml');
  writeFileSync(good, 'company: Good\n', { mode: 0o644 });
  chmodSync(good, 0o644);
  const planted = path.join(root, 'mid', name);
  writeFileSync(planted, 'company: Evil\n');
  chmodSync(planted, mode);
  return { root, sub, good, planted };
}

function find(cwd: string, more: { flag?: string; env?: NodeJS.ProcessEnv } = {}) {
  const notices: ProfileNotice[] = [];
  const file = findProfile({ flag: more.flag, env: more.env ?? {}, cwd, notice: (n) => notices.push(n) })?.file;
  return { file, notices };
}

describe('findProfile: a discovered profile must be trusted', () => {
  it('uses one owned by this user and writable only by it (0644, 0600, 0444)', () => {
    for (const mode of [0o644, 0o600, 0o444]) {
      const t = tree(mode);
      expect(find(t.sub)).toEqual({ file: t.planted, notices: [] });
    }
  });

  it("uses a group-writable one whose group is the user's own (umask 002), not one of another group", () => {
    const own = tree(0o664);
    expect(find(own.sub)).toEqual({ file: own.planted, notices: [] });
    if (!isRoot) return; // only root can give a file to a group it is not in
    const other = tree(0o664);
    chownSync(other.planted, process.getuid!(), NOBODY);
    expect(find(other.sub)).toEqual({
      file: other.good,
      notices: [{ kind: 'writable', file: other.planted, uid: process.getuid!(), mode: 0o664 }],
    });
  });

  it.each([
    ['0666, world-writable', 0o666],
    ['0646, writable by others only', 0o646],
  ])('skips one with mode %s, says so, and finds the trusted one further up', (_label, mode) => {
    const t = tree(mode);
    expect(find(t.sub)).toEqual({
      file: t.good,
      notices: [{ kind: 'writable', file: t.planted, uid: process.getuid!(), mode }],
    });
  });

  it('skips an untrusted org.yaml the same way, and finds nothing when nothing else is there', () => {
    const dir = tempDir('crisis-profile-trust-');
    writeFileSync(path.join(dir, 'org.yaml'), 'company: Evil\n');
    chmodSync(path.join(dir, 'org.yaml'), 0o666);
    const r = find(dir, { env: { HOME: path.join(dir, 'no-home') } });
    expect(r).toEqual({ file: undefined, notices: [expect.objectContaining({ kind: 'writable', mode: 0o666 })] });
  });

  it('applies the same check in the config dir', () => {
    const dir = tempDir('crisis-profile-trust-');
    const config = path.join(dir, 'config');
    mkdirSync(path.join(config, 'crisis'), { recursive: true });
    const file = path.join(config, 'crisis', 'crisis.config.yaml');
    writeFileSync(file, 'company: Config\n');
    chmodSync(file, 0o622);
    expect(find(path.join(dir), { env: { XDG_CONFIG_HOME: config } })).toEqual({
      file: undefined,
      notices: [{ kind: 'writable', file, uid: process.getuid!(), mode: 0o622 }],
    });
    chmodSync(file, 0o644);
    expect(find(path.join(dir), { env: { XDG_CONFIG_HOME: config } })).toEqual({ file, notices: [] });
  });

  it.skipIf(!isRoot)('skips one owned by another user (as root: chown nobody), even 0644', () => {
    const t = tree(0o644);
    chownSync(t.planted, NOBODY, NOBODY);
    expect(find(t.sub)).toEqual({
      file: t.good,
      notices: [{ kind: 'owner', file: t.planted, uid: NOBODY, mode: 0o644 }],
    });
  });

  it.skipIf(!isRoot)("trusts root's files, and judges a symlink by its own owner too", () => {
    const t = tree(0o644);
    chownSync(t.planted, 0, 0);
    expect(find(t.sub).file).toBe(t.planted);
    // A link another user made, to a file this user owns: the link decides what is read.
    const dir = path.join(t.root, 'linked');
    mkdirSync(dir);
    const link = path.join(dir, 'org.yaml');
    symlinkSync(t.good, link);
    lchownSync(link, NOBODY, NOBODY);
    expect(find(dir)).toEqual({
      file: t.good,
      notices: [{ kind: 'owner', file: link, uid: NOBODY, mode: 0o644 }],
    });
  });
});

describe("findProfile: a named profile is the user's choice", () => {
  it('--profile and CRISIS_PROFILE use a world-writable file, with a notice', () => {
    const t = tree(0o666);
    for (const more of [{ flag: t.planted }, { env: { CRISIS_PROFILE: t.planted } }])
      expect(find(t.sub, more)).toEqual({
        file: t.planted,
        notices: [{ kind: 'world', file: t.planted, uid: process.getuid!(), mode: 0o666 }],
      });
  });

  it('a group-writable named file is used without a notice (a team may share one)', () => {
    const t = tree(0o664);
    expect(find(t.sub, { flag: '../crisis.config.yaml' })).toEqual({ file: t.planted, notices: [] });
  });

  it.skipIf(!isRoot)("another user's named file is used without a notice", () => {
    const t = tree(0o644);
    chownSync(t.planted, NOBODY, NOBODY);
    expect(find(t.sub, { flag: t.planted })).toEqual({ file: t.planted, notices: [] });
  });
});
