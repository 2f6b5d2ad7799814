/**
 * The parsed-playbook cache is an optimisation only: a hit gives exactly what
 * a parse gives, and an entry from another version, another file or a torn
 * write is ignored and rebuilt. Timings are in bench/, never here.
 */
import { chmodSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cacheDir, cacheSalt, codeSalt, openPlaybookCache } from '../../src/store/playbook-cache.js';
import type { Playbook } from '../../src/playbook/types.js';
import { runMain } from '../helpers/in-process.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir, writeFiles } from '../helpers/temp.js';

const data = { id: 'cached-one', kind: 'crisis', title: { en: 'Cached' }, phases: [] } as unknown as Playbook;
const entries = (dir: string) => readdirSync(path.join(dir, 'playbooks-v1')).filter((f) => f.endsWith('.json'));

describe('openPlaybookCache', () => {
  it('gives back what was put under the same content hash and salt', () => {
    const cache = openPlaybookCache(tempDir(), 'salt-1');
    expect(cache.get('a'.repeat(64))).toBeUndefined();
    cache.put('a'.repeat(64), data);
    expect(cache.get('a'.repeat(64))).toEqual(data);
    expect(cache.get('b'.repeat(64))).toBeUndefined();
  });

  it('writes the same entry from JSON text (what a parse worker sends) as from the data', () => {
    const [a, b] = [tempDir(), tempDir()];
    openPlaybookCache(a, 's').put('a'.repeat(64), data);
    openPlaybookCache(b, 's').putJson('a'.repeat(64), JSON.stringify(data));
    expect(entries(b)).toEqual(entries(a));
    const read = (d: string) => readFileSync(path.join(d, 'playbooks-v1', entries(d)[0]!), 'utf8');
    expect(read(b)).toBe(read(a));
    expect(openPlaybookCache(b, 's').get('a'.repeat(64))).toEqual(data);
  });

  it('misses when the salt (crisis version or schema) changes', () => {
    const dir = tempDir();
    openPlaybookCache(dir, cacheSalt('0.1.0')).put('a'.repeat(64), data);
    expect(openPlaybookCache(dir, cacheSalt('0.1.0')).get('a'.repeat(64))).toEqual(data);
    expect(cacheSalt('0.1.0')).not.toBe(cacheSalt('0.2.0'));
    expect(openPlaybookCache(dir, cacheSalt('0.2.0')).get('a'.repeat(64))).toBeUndefined();
  });

  it('salts with the bytes of the named code modules only: .js or .ts, never .d.ts, never an unnamed module', () => {
    const code = tempDir();
    writeFileSync(path.join(code, 'schema.js'), 'export const a = 1;');
    writeFileSync(path.join(code, 'other.js'), 'export const b = 1;');
    const dir = pathToFileURL(`${code}/`);
    const salt = () => codeSalt('0.1.0', [{ dir, only: new Set(['schema']) }]);
    const all = () => codeSalt('0.1.0', [{ dir }]);
    const [before, beforeAll] = [salt(), all()];
    writeFileSync(path.join(code, 'other.js'), 'export const b = 2;');
    writeFileSync(path.join(code, 'schema.d.ts'), 'export declare const a: number;');
    expect(salt()).toBe(before);
    expect(all()).not.toBe(beforeAll);
    writeFileSync(path.join(code, 'schema.js'), 'export const a = 2;');
    expect(salt()).not.toBe(before);
    expect(codeSalt('0.1.0', [{ dir: new URL('file:///nonexistent-crisis-dir/') }])).toBe(codeSalt('0.1.0', []));
  });

  it('ignores an entry whose data was edited or cut, and one copied from another key', () => {
    const dir = tempDir();
    const cache = openPlaybookCache(dir, 's');
    cache.put('a'.repeat(64), data);
    const fileOfA = path.join(dir, 'playbooks-v1', entries(dir)[0]!);
    const other = tempDir();
    openPlaybookCache(other, 's').put('b'.repeat(64), { ...data, id: 'other' } as Playbook);
    const good = readFileSync(fileOfA, 'utf8');
    writeFileSync(fileOfA, good.replace('"Cached"', '"Edited"'));
    expect(cache.get('a'.repeat(64))).toBeUndefined();
    writeFileSync(fileOfA, good.slice(0, good.length - 10));
    expect(cache.get('a'.repeat(64))).toBeUndefined();
    writeFileSync(fileOfA, 'not json at all');
    expect(cache.get('a'.repeat(64))).toBeUndefined();
    // A well-formed entry of another file, put where this key's entry belongs: its key does not match.
    writeFileSync(fileOfA, readFileSync(path.join(other, 'playbooks-v1', entries(other)[0]!)));
    expect(cache.get('a'.repeat(64))).toBeUndefined();
    // Rewritten on the next put, and good again.
    cache.put('a'.repeat(64), data);
    expect(readFileSync(fileOfA, 'utf8')).toBe(good);
    expect(cache.get('a'.repeat(64))).toEqual(data);
  });

  it('keeps working (as a miss) when the cache directory cannot be written', () => {
    const dir = tempDir();
    chmodSync(dir, 0o500);
    try {
      const cache = openPlaybookCache(path.join(dir, 'sub'), 's');
      if (process.getuid?.() === 0) return; // root writes anyway: nothing to show
      expect(() => cache.put('a'.repeat(64), data)).not.toThrow();
      expect(cache.get('a'.repeat(64))).toBeUndefined();
    } finally {
      chmodSync(dir, 0o700);
    }
  });

  it('lives in CRISIS_CACHE_DIR, else XDG_CACHE_HOME/crisis, else ~/.cache/crisis; off turns it off', () => {
    expect(cacheDir({ CRISIS_CACHE_DIR: '/c', XDG_CACHE_HOME: '/x', HOME: '/h' })).toBe('/c');
    expect(cacheDir({ XDG_CACHE_HOME: '/x', HOME: '/h' })).toBe('/x/crisis');
    expect(cacheDir({ XDG_CACHE_HOME: 'relative', HOME: '/h' })).toBe('/h/.cache/crisis');
    expect(cacheDir({ HOME: '/h' })).toBe('/h/.cache/crisis');
    expect(cacheDir({ CRISIS_CACHE_DIR: 'off', HOME: '/h' })).toBeUndefined();
    expect(cacheDir({})).toBeUndefined();
  });
});

const PLAYBOOK = `id: team-outage
kind: crisis
title: { en: Team outage }
summary: { en: Our own playbook. }
severity: { default: high }
roles:
  - { id: lead, title: { en: Lead } }
phases:
  - id: act
    title: { en: Act }
    steps:
      - id: assess
        title: { en: Assess }
        owner: lead
`;

describe('crisis validate with the cache', () => {
  it('writes an entry for a clean user file, reuses it, and rebuilds a corrupt one with the same output', async () => {
    const cache = tempDir('cache-');
    const cwd = writeFiles(tempDir(), { 'team-outage.yaml': PLAYBOOK });
    const env = { CRISIS_CACHE_DIR: cache };
    const first = await runMain(['validate', 'team-outage.yaml'], { cwd, env });
    expect(entries(cache)).toHaveLength(1);
    const entry = path.join(cache, 'playbooks-v1', entries(cache)[0]!);
    const written = readFileSync(entry, 'utf8');
    const second = await runMain(['validate', 'team-outage.yaml', '--json'], { cwd, env });
    expect(JSON.parse(second.stdout)).toMatchObject({ files: ['team-outage.yaml'], errors: 0 });
    writeFileSync(entry, written.replace('"Team outage"', '"Tampered"'));
    // Without the whole-check result (check-cache.test.ts), validate reads the parsed file's entry again.
    rmSync(path.join(cache, 'checks-v1'), { recursive: true });
    const third = await runMain(['validate', 'team-outage.yaml'], { cwd, env });
    expect([second.code, third.code]).toEqual([first.code, first.code]);
    expect(third.stdout).toBe(first.stdout);
    expect(readFileSync(entry, 'utf8')).toBe(written);
    const shown = await runMain(['show', 'team-outage', '--playbooks', '.'], { cwd, env });
    expect(shown.stdout).toContain('Team outage');
    expect(shown.stdout).not.toContain('Tampered');
  });

  it('an edited file gets a new entry, and a problem found after a cache hit still names its line', async () => {
    const cache = tempDir('cache-');
    const cwd = writeFiles(tempDir(), { 'pb/team-outage.yaml': PLAYBOOK });
    const env = { CRISIS_CACHE_DIR: cache };
    await runMain(['validate', 'pb/team-outage.yaml'], { cwd, env });
    // Valid YAML and schema, but the owner names no role: lint finds it after the parse, so the file is cached.
    writeFileSync(path.join(cwd, 'pb/team-outage.yaml'), PLAYBOOK.replace('owner: lead', 'owner: nobody'));
    const miss = await runMain(['validate', 'pb/team-outage.yaml'], { cwd, env });
    expect(entries(cache)).toHaveLength(2);
    // A fresh process: the parser is not loaded when the cached file's problem asks for its position
    // (the whole-check result removed, so that validate composes from the cached parse).
    rmSync(path.join(cache, 'checks-v1'), { recursive: true });
    const hit = await runCli(['validate', 'pb/team-outage.yaml'], { cwd, env });
    expect(miss.stdout).toContain('pb/team-outage.yaml:14:16: error: owner: unknown role "nobody"');
    expect(hit.stdout).toBe(miss.stdout);
    expect(hit.code).toBe(1);
    const shown = await runCli(['show', 'team-outage', '--playbooks', 'pb'], { cwd, env });
    expect(shown.code).toBe(2);
    expect(shown.stderr).toContain('pb/team-outage.yaml:14:16: error: owner: unknown role "nobody"');
  });

  it('CRISIS_CACHE_DIR=off writes nothing', async () => {
    const home = tempDir('home-');
    const cwd = writeFiles(tempDir(), { 'team-outage.yaml': PLAYBOOK });
    const r = await runMain(['validate', 'team-outage.yaml'], {
      cwd,
      env: { CRISIS_CACHE_DIR: 'off', XDG_CACHE_HOME: path.join(home, 'xdg') },
    });
    expect(r.code).toBe(0);
    expect(readdirSync(home)).toEqual([]);
  });
});
