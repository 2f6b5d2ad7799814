/**
 * The whole-check cache of `crisis validate`: a result is reused only for the
 * very same files (names, places and bytes), checked the same way, by the same
 * code; an edited, forged or foreign entry is ignored; the cache dir is pruned.
 * Timings are in bench/, never here.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkKey, openCheckCache, pruneEntries } from '../../src/store/playbook-cache.js';
import { runMain } from '../helpers/in-process.js';
import { tempDir, writeFiles } from '../helpers/temp.js';

const PLAYBOOK = `id: team-outage
kind: crisis
title: { en: Team outage }
summary: { en: Our own playbook. }
severity: { default: high }
roles:
  - { id: lead, title: { en: Lead } }
phases:
  - use: team-comms
  - id: act
    title: { en: Act }
    steps:
      - id: assess
        title: { en: Assess }
        owner: comms
`;
/** A strategy in another file, spliced in, that brings the role the playbook's step is owned by. */
const STRATEGY = `id: team-comms
kind: strategy
title: { en: Team comms }
summary: { en: Tell the team. }
roles:
  - { id: comms, title: { en: Comms } }
phases:
  - id: tell
    title: { en: Tell }
    steps:
      - id: tell-team
        title: { en: Tell the team }
        owner: comms
`;
const checks = (cache: string) => readdirSync(path.join(cache, 'checks-v1')).filter((f) => f.endsWith('.json'));
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('crisis validate: the whole-check cache', () => {
  it('reuses a result only while every file of the library is the same, a used file included', async () => {
    const cache = tempDir('cache-');
    const cwd = writeFiles(tempDir(), {
      'pb/team-outage.yaml': PLAYBOOK,
      'lib/team-comms.yaml': STRATEGY,
    });
    const env = { CRISIS_CACHE_DIR: cache };
    const run = (args: string[]) => runMain(['validate', ...args, '--playbooks', 'lib'], { cwd, env });
    const first = await run(['pb']);
    expect(first.stdout).toMatch(/\n1 file checked: 0 errors, 8 warnings\n$/);
    expect(checks(cache)).toHaveLength(1);
    expect(await run(['pb'])).toMatchObject({ code: 0, stdout: first.stdout });
    expect(checks(cache)).toHaveLength(1);

    // The used file changes (the role is renamed): the playbook's check is a new one, with the problem's line.
    writeFileSync(path.join(cwd, 'lib/team-comms.yaml'), STRATEGY.replace('{ id: comms', '{ id: press'));
    const broken = await run(['pb']);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('pb/team-outage.yaml:15:16: error: owner: unknown role "comms"');
    // and the strategy's step in the playbook's plan: its owner is gone too
    expect(broken.stdout).toContain('lib/team-comms.yaml:13:16: error: owner: unknown role "comms"');
    expect(checks(cache)).toHaveLength(2);
    const again = await run(['pb']);
    expect(again).toMatchObject({ code: 1, stdout: broken.stdout });
    // --strict is applied to the result, not part of it.
    expect((await run(['pb', '--strict'])).stdout).toContain('1 file checked: 10 errors, 0 warnings');
    expect(checks(cache)).toHaveLength(2);

    // Back as it was: the first result again; checking the other files is another result.
    writeFileSync(path.join(cwd, 'lib/team-comms.yaml'), STRATEGY);
    expect(await run(['pb'])).toMatchObject({ code: 0, stdout: first.stdout });
    expect(checks(cache)).toHaveLength(2);
    await run([]);
    expect(checks(cache)).toHaveLength(3);
  });

  it('ignores an entry that was edited, forged with a valid sum, or carries fields a problem has not', async () => {
    const cache = tempDir('cache-');
    const cwd = writeFiles(tempDir(), { 'team-outage.yaml': PLAYBOOK });
    const env = { CRISIS_CACHE_DIR: cache };
    const first = await runMain(['validate', 'team-outage.yaml'], { cwd, env });
    const file = path.join(cache, 'checks-v1', checks(cache)[0]!);
    const written = readFileSync(file, 'utf8');
    const header = JSON.parse(written.slice(0, written.indexOf('\n'))) as { key: string };
    const forge = (problems: unknown) => {
      const body = JSON.stringify({ problems });
      return `${JSON.stringify({ key: header.key, sum: sha256(body) })}\n${body}`;
    };
    const problem = { file: 'team-outage.yaml', severity: 'error', code: 'x', message: 'forged' };
    // Control: a well-formed forged entry with a matching sum is used (the cache is not a security boundary).
    writeFileSync(file, forge([problem]));
    expect((await runMain(['validate', 'team-outage.yaml'], { cwd, env })).stdout).toContain('forged');
    for (const bad of [
      written.replace('"problems":[]', '"problems":[{}]'),
      forge([{ ...problem, extra: '\u001b[31m' }]),
      forge([{ ...problem, severity: 'fatal' }]),
      forge([{ ...problem, line: -1 }]),
      forge([{ ...problem, said: { key: 'no.such.message' } }]),
      forge([{ ...problem, said: { key: 'problem.error', params: { where: { key: 'x' } } } }]),
      forge({ length: 1 }),
      `${written}tail`,
    ]) {
      writeFileSync(file, bad);
      const r = await runMain(['validate', 'team-outage.yaml'], { cwd, env });
      expect(r.stdout, bad).toBe(first.stdout);
      expect(readFileSync(file, 'utf8'), bad).toBe(written);
    }
  });

  it('keys name the files, their places and bytes, and how they are checked', () => {
    const files = [{ file: 'a.yaml', source: 'pb', sha: 'a'.repeat(64) }];
    const key = checkKey('salt', 'all', files);
    expect(checkKey('salt', 'all', [{ ...files[0]!, sha: 'b'.repeat(64) }])).not.toBe(key);
    expect(checkKey('salt', 'all', [{ ...files[0]!, file: 'b.yaml' }])).not.toBe(key);
    expect(checkKey('salt', 'all', [{ ...files[0]!, source: 'other' }])).not.toBe(key);
    expect(checkKey('salt', 'given 1', files)).not.toBe(key);
    expect(checkKey('salt 2', 'all', files)).not.toBe(key);
    expect(checkKey('salt', 'all', files)).toBe(key);
  });
});

describe('cache pruning', () => {
  it('over its limit, a cache dir is cut to three quarters, oldest entries first', () => {
    const root = tempDir('entries-');
    const names = Array.from({ length: 10 }, (_, i) => `${sha256(String(i))}.json`);
    names.forEach((n, i) => {
      writeFileSync(path.join(root, n), 'x');
      utimesSync(path.join(root, n), 1_000_000 + i, 1_000_000 + i);
    });
    writeFileSync(path.join(root, 'not-an-entry.txt'), 'kept');
    pruneEntries(root, 10);
    expect(readdirSync(root)).toHaveLength(11);
    pruneEntries(root, 8);
    expect(readdirSync(root).sort()).toEqual([...names.slice(4), 'not-an-entry.txt'].sort());
  });

  it('a store prunes once, on its first write', () => {
    const dir = tempDir('cache-');
    const first = openCheckCache(dir, 4);
    for (let i = 0; i < 6; i++) first.put(`key-${i}`, { problems: [] });
    expect(checks(dir)).toHaveLength(6);
    openCheckCache(dir, 4).put('key-new', { problems: [] });
    expect(checks(dir)).toHaveLength(4);
    expect(openCheckCache(dir, 4).get('key-new')).toEqual({ problems: [] });
  });
});
