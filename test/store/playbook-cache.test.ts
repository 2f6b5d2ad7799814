/**
 * The parsed-playbook cache is an optimisation only: a hit gives exactly what
 * a parse gives, and an entry from another version, another file or a torn
 * write is ignored and rebuilt. Timings are in bench/, never here.
 */
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { codeSalt } from '../../src/store/code-salt.js';
import { cacheDir, cacheSalt, MAX_PACKS, openPlaybookCache } from '../../src/store/playbook-cache.js';
import type { Playbook } from '../../src/playbook/types.js';
import { runMain } from '../helpers/in-process.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir, writeFiles } from '../helpers/temp.js';
import { packFiles, readPack, sha256 } from '../helpers/packs.js';

const data = { id: 'cached-one', kind: 'crisis', title: { en: 'Cached' }, phases: [] } as unknown as Playbook;
const entries = packFiles;
const packPath = (dir: string, name: string) => path.join(dir, 'playbooks-v2', name);
const A = 'a'.repeat(64);

describe('openPlaybookCache', () => {
  it('gives back what was put under the same content hash and salt; other processes see it after the flush', () => {
    const dir = tempDir();
    const cache = openPlaybookCache(dir, 'salt-1');
    expect(cache.get(A)).toBeUndefined();
    cache.put(A, data);
    expect(cache.get(A)).toEqual(data);
    expect(cache.get('b'.repeat(64))).toBeUndefined();
    expect(openPlaybookCache(dir, 'salt-1').get(A)).toBeUndefined();
    expect(entries(dir)).toEqual([]);
    cache.flush();
    expect(entries(dir)).toHaveLength(1);
    expect(openPlaybookCache(dir, 'salt-1').get(A)).toEqual(data);
    cache.flush(); // nothing new: no second pack
    expect(entries(dir)).toHaveLength(1);
  });

  it('writes all entries of a flush as one pack: index on line 1, bodies by range, each with its sum', () => {
    const dir = tempDir();
    const cache = openPlaybookCache(dir, 's');
    for (let i = 0; i < 5; i++) cache.put(String(i).repeat(64), { ...data, id: `pb-${i}` } as Playbook);
    cache.flush();
    const [name] = entries(dir);
    expect(entries(dir)).toEqual([name]);
    const pack = readPack(packPath(dir, name!));
    expect(pack.map((e) => e.keyHash)).toEqual([0, 1, 2, 3, 4].map((i) => sha256(`s:${String(i).repeat(64)}`)));
    for (const e of pack) expect(e.sum).toBe(sha256(e.body));
    expect(pack.map((e) => (JSON.parse(e.body) as Playbook).id)).toEqual(['pb-0', 'pb-1', 'pb-2', 'pb-3', 'pb-4']);
    const again = openPlaybookCache(dir, 's');
    expect([0, 1, 2, 3, 4].map((i) => again.get(String(i).repeat(64))?.id)).toEqual(
      pack.map((e) => JSON.parse(e.body).id),
    );
  });

  it('writes the same entry from JSON bytes and their sum (what a parse worker sends) as from the data', () => {
    const [a, b] = [tempDir(), tempDir()];
    const ca = openPlaybookCache(a, 's');
    ca.put(A, data);
    ca.flush();
    const cb = openPlaybookCache(b, 's');
    const body = new TextEncoder().encode(JSON.stringify(data));
    cb.putBody(A, body, createHash('sha256').update(body).digest('hex'));
    cb.flush();
    const read = (d: string) => readFileSync(packPath(d, entries(d)[0]!), 'utf8');
    expect(read(b)).toBe(read(a));
    expect(openPlaybookCache(b, 's').get(A)).toEqual(data);
  });

  it('misses when the salt (crisis version or schema) changes', () => {
    const dir = tempDir();
    const c = openPlaybookCache(dir, cacheSalt('0.1.0'));
    c.put(A, data);
    c.flush();
    expect(openPlaybookCache(dir, cacheSalt('0.1.0')).get(A)).toEqual(data);
    expect(cacheSalt('0.1.0')).not.toBe(cacheSalt('0.2.0'));
    expect(openPlaybookCache(dir, cacheSalt('0.2.0')).get(A)).toBeUndefined();
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

  it('ignores an entry whose data was edited or cut, a damaged index, and a pack of another key', () => {
    const dir = tempDir();
    const write = (d: string, sha: string, pb: Playbook) => {
      const c = openPlaybookCache(d, 's');
      c.put(sha, pb);
      c.flush();
    };
    write(dir, A, data);
    const fileOfA = packPath(dir, entries(dir)[0]!);
    const other = tempDir();
    write(other, 'b'.repeat(64), { ...data, id: 'other' } as Playbook);
    const good = readFileSync(fileOfA, 'utf8');
    const get = () => openPlaybookCache(dir, 's').get(A);
    expect(get()).toEqual(data);
    // The same length, other bytes: the range is right, the sum is not.
    writeFileSync(fileOfA, good.replace('"Cached"', '"Edited"'));
    expect(get()).toBeUndefined();
    writeFileSync(fileOfA, good.slice(0, good.length - 10));
    expect(get()).toBeUndefined();
    writeFileSync(fileOfA, good.replace('"v":1', '"v":2'));
    expect(get()).toBeUndefined();
    writeFileSync(fileOfA, good.replace(/"entries":\[\["[0-9a-f]+",0,/, '"entries":[["xyz",0,'));
    expect(get()).toBeUndefined();
    writeFileSync(fileOfA, 'not json at all');
    expect(get()).toBeUndefined();
    // A well-formed pack of another file, put in this cache dir: its index names another key.
    writeFileSync(fileOfA, readFileSync(packPath(other, entries(other)[0]!)));
    expect(get()).toBeUndefined();
    // Rewritten on the next put, as a new pack, and good again; the foreign pack does not disturb it.
    write(dir, A, data);
    expect(entries(dir)).toHaveLength(2);
    expect(entries(dir).map((n) => readFileSync(packPath(dir, n), 'utf8'))).toContain(good);
    expect(get()).toEqual(data);
  });

  it('stays bounded: past MAX_PACKS packs they are merged into one, and past `keep` entries the oldest go', () => {
    const dir = tempDir();
    const shaOf = (i: number) => createHash('sha256').update(`file ${i}`).digest('hex');
    for (let i = 0; i < MAX_PACKS + 4; i++) {
      const c = openPlaybookCache(dir, 's');
      c.put(shaOf(i), { ...data, id: `pb-${i}` } as Playbook);
      c.flush();
      expect(entries(dir).length).toBeLessThanOrEqual(MAX_PACKS);
    }
    const all = openPlaybookCache(dir, 's');
    expect(Array.from({ length: MAX_PACKS + 4 }, (_, i) => all.get(shaOf(i))?.id)).toEqual(
      Array.from({ length: MAX_PACKS + 4 }, (_, i) => `pb-${i}`),
    );
    // keep = 8: a write that would make 9 entries keeps 6 (three quarters), the newest: this one first.
    const small = tempDir();
    for (let i = 0; i < 9; i++) {
      const c = openPlaybookCache(small, 's', 8);
      c.put(shaOf(i), { ...data, id: `pb-${i}` } as Playbook);
      c.flush();
    }
    expect(entries(small)).toHaveLength(1);
    const kept = openPlaybookCache(small, 's', 8);
    expect(Array.from({ length: 9 }, (_, i) => kept.get(shaOf(i))?.id ?? null)).toEqual([
      null,
      null,
      null,
      'pb-3',
      'pb-4',
      'pb-5',
      'pb-6',
      'pb-7',
      'pb-8',
    ]);
  });

  it('removes the one-file-per-entry dir of earlier versions when it makes its first pack dir, and only then', () => {
    const dir = tempDir();
    const old = path.join(dir, 'playbooks-v1');
    writeFiles(dir, { [`playbooks-v1/${'c'.repeat(64)}.json`]: '{}\n{}' });
    const c = openPlaybookCache(dir, 's');
    c.put(A, data);
    c.flush();
    expect(existsSync(old)).toBe(false);
    writeFiles(dir, { [`playbooks-v1/${'c'.repeat(64)}.json`]: '{}\n{}' });
    const again = openPlaybookCache(dir, 's');
    again.put('b'.repeat(64), data);
    again.flush();
    expect(existsSync(old)).toBe(true); // the pack dir was there: no look at the old one
    expect(entries(dir)).toHaveLength(2);
  });

  it('keeps working (as a miss) when the cache directory cannot be written', () => {
    const dir = tempDir();
    chmodSync(dir, 0o500);
    try {
      const cache = openPlaybookCache(path.join(dir, 'sub'), 's');
      if (process.getuid?.() === 0) return; // root writes anyway: nothing to show
      expect(() => cache.put('a'.repeat(64), data)).not.toThrow();
      expect(() => cache.flush()).not.toThrow();
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
    const entry = packPath(cache, entries(cache)[0]!);
    const written = readFileSync(entry, 'utf8');
    const second = await runMain(['validate', 'team-outage.yaml', '--json'], { cwd, env });
    expect(JSON.parse(second.stdout)).toMatchObject({ files: ['team-outage.yaml'], errors: 0 });
    writeFileSync(entry, written.replace('"Team outage"', '"Tampered"'));
    // Without the whole-check result (check-cache.test.ts), validate reads the parsed file's entry again.
    rmSync(path.join(cache, 'checks-v1'), { recursive: true });
    const third = await runMain(['validate', 'team-outage.yaml'], { cwd, env });
    expect([second.code, third.code]).toEqual([first.code, first.code]);
    expect(third.stdout).toBe(first.stdout);
    // The tampered pack is not trusted: the file was parsed again and written to a new pack, as first written.
    expect(entries(cache)).toHaveLength(2);
    expect(entries(cache).map((n) => readFileSync(packPath(cache, n), 'utf8'))).toContain(written);
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
    expect(shown.stderr).toContain('error: pb/team-outage.yaml:14:16: owner: unknown role "nobody"');
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
