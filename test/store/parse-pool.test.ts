/**
 * Many files are parsed on worker threads; what validate reports must be
 * exactly what the main thread reports, positions included.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MIN_FILES_FOR_WORKERS, startPool, workerCount, type ParseJob } from '../../src/store/parse-pool.js';
import { problem } from '../../src/playbook/origin.js';
import { say } from '../../src/text/messages.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir, writeFiles } from '../helpers/temp.js';
import { packFiles, readPack } from '../helpers/packs.js';

const playbook = (n: number, owner = 'lead', extra = '') => `id: team-${n}
kind: crisis
title: { en: Team ${n} }
summary: { en: Our own playbook. }
severity: { default: high }${extra}
roles:
  - { id: lead, title: { en: Lead } }
phases:
  - id: act
    title: { en: Act }
    steps:
      - id: assess
        title: { en: Assess }
        owner: ${owner}
`;

describe('worker threads for many files', () => {
  it('are used only for enough files and more than one core, one fewer than the cores (this thread parses too)', () => {
    expect(workerCount(MIN_FILES_FOR_WORKERS - 1, 8)).toBe(0);
    expect(workerCount(1000, 1)).toBe(0);
    expect(workerCount(MIN_FILES_FOR_WORKERS, 2)).toBe(1);
    expect(workerCount(MIN_FILES_FOR_WORKERS * 2, 8)).toBe(2);
    expect(workerCount(1000, 4)).toBe(3);
  });

  it('parses every file it is asked for exactly once, in input order, on this thread when no worker can start', async () => {
    // Run from source, the worker module (parse-worker.js) is not there: the pool must not lose a file.
    const jobs = Array.from({ length: 9 }, (_, i): ParseJob | undefined =>
      i === 4 ? undefined : { bytes: new TextEncoder().encode(`file ${i}`), file: `f${i}.yaml` },
    );
    const seen: number[] = [];
    const pool = startPool(
      2,
      jobs.map((_, i) => ({ path: `/nowhere/f${i}.yaml`, file: `f${i}.yaml` })),
    );
    const out = await pool.parse(
      jobs,
      jobs.map(() => ''),
      (job, i) => {
        seen.push(i);
        return {
          problems: [
            problem(
              { file: job.file, severity: 'error', code: 'x' },
              { ...say('problem.schema.invalid'), en: new TextDecoder().decode(job.bytes) },
            ),
          ],
        };
      },
    );
    // File 4 was not asked for (cached, say): no result, and not parsed.
    expect(out.map((o) => o?.problems[0]!.message)).toEqual(jobs.map((job, i) => job && `file ${i}`));
    expect([...seen].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 5, 6, 7, 8]);
  });

  it('a worker started before this thread reads the files parses them from their paths; a result for other bytes than this thread read is not kept', () => {
    // The built pool (its worker is dist/store/parse-worker.js), in a child process: run from source, no worker
    // can start and this thread parses everything, which would hide a worker that reads wrongly.
    const pool = fileURLToPath(new URL('../../dist/store/parse-pool.js', import.meta.url));
    const dir = tempDir();
    const files = Array.from({ length: 24 }, (_, i) => ({ path: path.join(dir, `f${i}.yaml`), file: `f${i}` }));
    writeFiles(
      dir,
      Object.fromEntries(
        files.map((_, i) => [`f${i}.yaml`, playbook(0).replace('team-0', `team-${i}`).replace('Team 0', `Team ${i}`)]),
      ),
    );
    const script = `
      const { readFileSync } = require('node:fs');
      const { createHash } = require('node:crypto');
      const { startPool } = require(${JSON.stringify(pool)});
      const files = ${JSON.stringify(files)};
      const pool = startPool(1, files); // as the library reader does: before this thread reads the files
      setTimeout(async () => {
        const jobs = files.map((f, i) => (i === 5 ? undefined : { bytes: readFileSync(f.path), file: f.file }));
        // File 3 as if it changed between the worker's read and this thread's: its hash is not the worker's.
        const shas = jobs.map((j, i) => (i === 3 ? 'f'.repeat(64) : j ? createHash('sha256').update(j.bytes).digest('hex') : ''));
        const out = await pool.parse(jobs, shas, (job) => {
          const until = Date.now() + 100; // a slow thread here: the worker gets files too
          while (Date.now() < until);
          return { problems: [], data: { title: { en: 'here ' + job.file } } };
        });
        process.stdout.write(JSON.stringify(out.map((o) => o && (o.json ? JSON.parse(o.json).title.en : o.data.title.en))));
      }, 100);`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    const titles = JSON.parse(r.stdout) as Array<string | null>;
    expect(titles).toHaveLength(24);
    expect(titles[5]).toBeNull(); // not asked for
    expect(titles[3]).toBe('here f3');
    titles.forEach((title, i) => i !== 5 && expect([`Team ${i}`, `here f${i}`]).toContain(title));
    const byWorker = titles.filter((t) => t?.startsWith('Team '));
    expect(byWorker.length).toBeGreaterThan(0);
  });

  it('validate reports the same problems, with positions, with workers and without', { timeout: 180_000 }, async () => {
    const files: Record<string, string> = {};
    for (let n = 0; n < MIN_FILES_FOR_WORKERS + 6; n++) files[`pb/team-${n}.yaml`] = playbook(n);
    files['pb/team-3.yaml'] = playbook(3, 'nobody');
    files['pb/team-5.yaml'] = playbook(5, 'lead', '\nbogus: 1');
    files['pb/team-7.yaml'] = 'id: [unclosed\n';
    const cwd = writeFiles(tempDir(), files);
    const env = { CRISIS_CACHE_DIR: 'off' };
    const all = await runCli(['validate', 'pb', '--playbooks', 'pb'], { cwd, env, timeoutMs: 60_000 });
    const lines = all.stdout.trim().split('\n');
    expect(lines).toContain(
      `${path.join('pb', 'team-3.yaml')}:14:16: error: owner: unknown role "nobody" (define it in roles: or use a task-force role) [roles.unknown]`,
    );
    expect(lines.some((l) => l.startsWith('pb/team-5.yaml:6:') && l.includes('unknown field "bogus"'))).toBe(true);
    expect(lines.some((l) => l.startsWith('pb/team-7.yaml:2:1: error:') && l.endsWith('[yaml.syntax]'))).toBe(true);
    expect(lines.at(-1)).toMatch(new RegExp(`^${MIN_FILES_FOR_WORKERS + 6} files checked: \\d+ errors`));
    expect(all.code).toBe(1);
    // The same three files alone (too few for workers) give the same lines.
    const few = await runCli(['validate', 'pb/team-3.yaml', 'pb/team-5.yaml', 'pb/team-7.yaml', '--playbooks', 'pb'], {
      cwd,
      env,
      timeoutMs: 60_000,
    });
    for (const line of few.stdout.trim().split('\n').slice(0, -1)) expect(lines).toContain(line);
  });

  it(
    'every clean file gets its cache entry (a worker sends JSON text, this thread writes it); one with problems none',
    {
      timeout: 180_000,
    },
    async () => {
      const files: Record<string, string> = {};
      for (let n = 0; n < MIN_FILES_FOR_WORKERS + 6; n++) files[`pb/team-${n}.yaml`] = playbook(n);
      files['pb/team-5.yaml'] = playbook(5, 'lead', '\nbogus: 1');
      files['pb/team-7.yaml'] = 'id: [unclosed\n';
      const cwd = writeFiles(tempDir(), files);
      const cache = tempDir();
      const run = await runCli(['validate', 'pb', '--playbooks', 'pb'], {
        cwd,
        env: { CRISIS_CACHE_DIR: cache },
        timeoutMs: 60_000,
      });
      expect(run.stdout.trim().split('\n').at(-1)).toMatch(
        new RegExp(`^${MIN_FILES_FOR_WORKERS + 6} files checked: 2 errors`),
      );
      const sha = (text: string) => createHash('sha256').update(text).digest('hex');
      const clean = Object.entries(files)
        .filter(([name]) => name !== 'pb/team-5.yaml' && name !== 'pb/team-7.yaml')
        .map(([, text]) => sha(text));
      // One pack for the whole run, whichever thread parsed each file.
      const packs = packFiles(cache);
      expect(packs).toHaveLength(1);
      expect(readdirSync(path.join(cache, 'playbooks-v2'))).toEqual(packs); // no temp file left behind
      const saltOf = new Set<string>();
      const keyed = readPack(path.join(cache, 'playbooks-v2', packs[0]!)).map(({ keyHash, sum, body }) => {
        expect(sum).toBe(sha(body));
        const parsed = JSON.parse(body) as { title: { en: string } };
        expect(parsed).toMatchObject({ kind: 'crisis', title: { en: expect.stringMatching(/^Team \d+$/) } });
        // The index names the hash of salt:content-hash: find which clean file's content this is.
        const n = Number(parsed.title.en.slice(5));
        const content = sha(files[`pb/team-${n}.yaml`]!);
        saltOf.add(keyHash);
        return content;
      });
      expect(saltOf.size).toBe(keyed.length);
      expect(keyed.sort()).toEqual(clean.sort());
      // Run again: the whole result is cached, so the workers started while the files were read get nothing to
      // parse; they must not keep the process alive, and the output is the same.
      const again = await runCli(['validate', 'pb', '--playbooks', 'pb'], {
        cwd,
        env: { CRISIS_CACHE_DIR: cache },
        timeoutMs: 60_000,
      });
      expect(again.stdout).toBe(run.stdout);
      expect([again.code, run.code]).toEqual([1, 1]);
    },
  );
});
