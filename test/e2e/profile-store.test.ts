/**
 * `store:` in the organisation profile: where sessions live when neither
 * --store nor CRISIS_STORE says, so a team shares one crisis.config.yaml
 * instead of everyone exporting CRISIS_STORE. A bad URL there is reported at
 * its file:line:col, and no password from a URL is ever printed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PG_URL, freePort, freshDatabase } from '../helpers/pg.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp.js';

const PASSWORD = 'S3cr3t-pw';
const SKIP_ALL = 'unlisted: skip\nresponses: []\n';

/** A working directory whose crisis.config.yaml has this `store:` line. */
function teamDir(store: string): string {
  const cwd = tempDir('crisis-profile-store-');
  writeFileSync(path.join(cwd, 'crisis.config.yaml'), `company: Acme\nstore: ${store}\n`);
  writeFileSync(path.join(cwd, 'answers.yaml'), SKIP_ALL);
  return cwd;
}

const both = (r: CliResult) => r.stdout + r.stderr;

/** A postgres:// URL of a port nothing listens on, with a password in it. */
async function deadUrl(): Promise<{ url: string; where: string }> {
  const port = await freePort();
  return { url: `postgres://alice:${PASSWORD}@127.0.0.1:${port}/crisis`, where: `127.0.0.1:${port}/crisis` };
}

describe('store: in the profile', () => {
  it('is used when neither --store nor CRISIS_STORE is set; both win over it; the password is never printed', async () => {
    const dead = await deadUrl();
    const cwd = teamDir(dead.url);
    // The profile's store is the one asked: its database does not answer (exit 3, naming it without the password).
    const fromProfile = await runCli(['status'], { cwd });
    expect(fromProfile.code).toBe(3);
    expect(fromProfile.stderr).toContain(`the database at ${dead.where}`);
    expect(both(fromProfile)).not.toContain(PASSWORD);
    // --store file and CRISIS_STORE=file choose the file log: the profile is not asked.
    for (const r of [
      await runCli(['status', '--store', 'file'], { cwd }),
      await runCli(['status'], { cwd, env: { CRISIS_STORE: 'file' } }),
    ]) {
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('no sessions');
    }
    // CRISIS_STORE wins over the profile, --store over both.
    const other = await deadUrl();
    const third = await deadUrl();
    const env = await runCli(['status'], { cwd, env: { CRISIS_STORE: other.url } });
    expect(env.code).toBe(3);
    expect(env.stderr).toContain(`the database at ${other.where}`);
    const flag = await runCli(['status', '--store', third.url], { cwd, env: { CRISIS_STORE: other.url } });
    expect(flag.code).toBe(3);
    expect(flag.stderr).toContain(`the database at ${third.where}`);
    for (const r of [env, flag]) expect(both(r)).not.toContain(PASSWORD);
  }, 60_000);

  it('start --profile FILE takes the store from that file', async () => {
    const dead = await deadUrl();
    const elsewhere = teamDir(dead.url);
    const cwd = tempDir('crisis-profile-store-');
    writeFileSync(path.join(cwd, 'answers.yaml'), SKIP_ALL);
    const r = await runCli(
      [
        'start',
        'product-quality',
        '--answers',
        'answers.yaml',
        '--profile',
        path.join(elsewhere, 'crisis.config.yaml'),
      ],
      { cwd },
    );
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`the database at ${dead.where}`);
    expect(both(r)).not.toContain(PASSWORD);
  }, 60_000);

  it('a bad URL: exit 2 at the profile file:line:col, without the URL; `store: file` is the file log', async () => {
    const cwd = teamDir(`postgres://alice:${PASSWORD}@db.example.org:99999/crisis`);
    const sub = path.join(cwd, 'ops');
    mkdirSync(sub);
    for (const args of [['status'], ['start', 'product-quality', '--answers', '../answers.yaml']]) {
      const r = await runCli(args, { cwd: sub });
      expect(r.code).toBe(2);
      const line = r.stderr.split('\n')[0]!;
      expect(line).toBe(
        `error: ${path.join(cwd, 'crisis.config.yaml')}:2:8: store: not a store URL ` +
          '(use postgres://user@host:5432/database, or file) [schema]',
      );
      expect(both(r)).not.toContain(PASSWORD);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    const ftp = await runCli(['status'], { cwd: teamDir('ftp://db.example.org/crisis') });
    expect(ftp.code).toBe(2);
    expect(ftp.stderr).toMatch(/crisis\.config\.yaml:2:8: store: not a store URL/);
    // A bad --store or CRISIS_STORE is refused the same way, never echoed.
    const flag = await runCli(['status', '--store', `postgres://alice:${PASSWORD}@h:99999/x`], { cwd });
    expect(flag.code).toBe(2);
    expect(flag.stderr.split('\n')[0]).toBe('error: --store: not a store URL');
    expect(both(flag)).not.toContain(PASSWORD);

    const file = teamDir('file');
    const env = { CRISIS_LOG_DIR: tempDir('crisis-profile-store-logs-') };
    const started = await runCli(['start', 'product-quality', '--answers', 'answers.yaml'], { cwd: file, env });
    expect(started.code).toBe(0);
    const status = await runCli(['status'], { cwd: file, env });
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('product-quality');
  }, 60_000);
});

describe.skipIf(!PG_URL)('store: in the profile, on PostgreSQL', () => {
  let db: { url: string; drop: () => Promise<void> } | undefined;
  beforeAll(async () => {
    db = await freshDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('start, status and export go to the profile’s database; the password in its URL is never printed', async () => {
    // The test server trusts loopback, so the password is accepted and ignored: it only has to stay unprinted.
    const url = new URL(db!.url);
    url.password = PASSWORD;
    const cwd = teamDir(url.toString());
    const env = { CRISIS_STORE: undefined };
    const started = await runCli(['start', 'product-quality', '--answers', 'answers.yaml'], { cwd, env });
    expect(started.code).toBe(0);
    const id = /session (\d{8}-\d{6}-product-quality-[0-9a-f]{4})/.exec(started.stderr)?.[1];
    expect(id).toBeDefined();
    expect(started.stderr).toContain(`127.0.0.1:${url.port}${url.pathname}`);
    const status = await runCli(['status'], { cwd, env });
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(id!);
    const exported = await runCli(['export', id!], { cwd, env });
    expect(exported.code).toBe(0);
    expect(JSON.parse(exported.stdout.split('\n')[0]!)).toMatchObject({ type: 'session.started', session: id });
    for (const r of [started, status, exported]) expect(both(r)).not.toContain(PASSWORD);
    // Without the profile (another directory) the same command sees the file log.
    const elsewhere = await runCli(['status'], { cwd: tempDir('crisis-profile-store-'), env });
    expect(elsewhere.stdout).not.toContain(id!);
  }, 120_000);
});
