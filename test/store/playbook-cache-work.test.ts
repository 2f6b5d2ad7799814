/**
 * The file work of the caches on a first `validate` (a fresh cache dir), counted: each code module read once
 * for both salts, and no recursive removal when there is nothing to remove.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { cacheSalt, checkSalt, openPlaybookCache, validateSalts } from '../../src/store/playbook-cache.js';
import { tempDir } from '../helpers/temp.js';

const fsCalls = vi.hoisted(() => ({ reads: [] as string[], removals: [] as string[] }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const readFileSync = ((file: Parameters<typeof fs.readFileSync>[0], ...rest: unknown[]) => {
    // the code modules a salt reads (not the build's record of salts, looked for once; there is none in src/)
    if (!String(file).endsWith('code-salts.json')) fsCalls.reads.push(String(file));
    return (fs.readFileSync as (...a: unknown[]) => unknown)(file, ...rest);
  }) as typeof fs.readFileSync;
  const rmSync = ((file: Parameters<typeof fs.rmSync>[0], options?: Parameters<typeof fs.rmSync>[1]) => {
    fsCalls.removals.push(String(file));
    return fs.rmSync(file, options);
  }) as typeof fs.rmSync;
  return { ...fs, default: { ...fs, readFileSync, rmSync }, readFileSync, rmSync };
});

beforeEach(() => {
  fsCalls.reads = [];
  fsCalls.removals = [];
});

describe('the salts of validate', () => {
  it('are checkSalt and cacheSalt, reading each code module once', () => {
    const check = checkSalt('9.9.9');
    const checkReads = fsCalls.reads.length;
    const cache = cacheSalt('9.9.9');
    expect(checkReads).toBeGreaterThan(10);
    expect(fsCalls.reads.length - checkReads).toBeGreaterThanOrEqual(5);
    const cacheReads = fsCalls.reads.length - checkReads;
    fsCalls.reads = [];
    const salts = validateSalts('9.9.9');
    expect(salts.check()).toBe(check);
    expect(fsCalls.reads.length).toBe(checkReads);
    // cacheSalt's modules are among checkSalt's: nothing more is read, and nothing twice.
    expect(salts.cache()).toBe(cache);
    expect(fsCalls.reads.length).toBe(checkReads);
    expect(new Set(fsCalls.reads).size).toBe(fsCalls.reads.length);
    // A warm validate asks for the check salt only; the parsed-file cache's alone reads its own modules.
    fsCalls.reads = [];
    expect(validateSalts('9.9.9').cache()).toBe(cache);
    expect(fsCalls.reads.length).toBe(cacheReads);
    expect(validateSalts('9.9.10').check()).not.toBe(check);
  });
});

describe('the first pack in a cache dir', () => {
  const data = { id: 'p', kind: 'strategy', title: 'P', phases: [] } as never;

  it('removes nothing when there is no round-five dir to remove', () => {
    const dir = tempDir('crisis-cache-first-');
    const c = openPlaybookCache(dir, 's');
    c.put('a'.repeat(64), data);
    c.flush();
    expect(existsSync(path.join(dir, 'playbooks-v2'))).toBe(true);
    expect(fsCalls.removals).toEqual([]);
  });

  it('removes the round-five dir when there is one', () => {
    const dir = tempDir('crisis-cache-old-');
    mkdirSync(path.join(dir, 'playbooks-v1'));
    writeFileSync(path.join(dir, 'playbooks-v1', `${'c'.repeat(64)}.json`), '{}\n{}');
    const c = openPlaybookCache(dir, 's');
    c.put('a'.repeat(64), data);
    c.flush();
    expect(fsCalls.removals).toEqual([path.join(dir, 'playbooks-v1')]);
    expect(existsSync(path.join(dir, 'playbooks-v1'))).toBe(false);
  });
});
