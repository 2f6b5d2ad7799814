import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { storeCommands } from '../../src/cli/invoked.js';
import { REPO_ROOT } from './paths.js';

/**
 * The PostgreSQL server the tests use: CRISIS_TEST_PG_URL, started by
 * .ci/run (scripts/pg-server.sh). Without it the PostgreSQL tests are
 * skipped, except in CI, where a missing server is a failure.
 */
export const PG_URL = process.env.CRISIS_TEST_PG_URL;
if (!PG_URL && process.env.CI === 'true')
  throw new Error('CI=true but CRISIS_TEST_PG_URL is not set: .ci/run must start the PostgreSQL server');

/** A database of its own for one test file, dropped by the returned function. */
export async function freshDatabase(
  admin = PG_URL!,
  options: { synchronousCommit?: boolean } = {},
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `crisis_t_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  if (options.synchronousCommit === false) await client.query(`ALTER DATABASE ${name} SET synchronous_commit = off`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

const SCRIPT = path.join(REPO_ROOT, 'scripts', 'pg-server.sh');

/** A server of its own (the partition test stops and restarts it). */
export async function throwawayServer(): Promise<{
  url: string;
  halt: () => void;
  resume: () => void;
  stop: () => void;
}> {
  const parent = mkdtempSync(path.join(tmpdir(), 'crisis-pg-'));
  chmodSync(parent, 0o755);
  const dir = path.join(parent, 'srv');
  const port = await freePort();
  const url = execFileSync('bash', [SCRIPT, 'start', dir, String(port)], { encoding: 'utf8' }).trim();
  const run = (cmd: string) => execFileSync('bash', [SCRIPT, cmd, dir], { stdio: 'ignore' });
  return { url, halt: () => run('halt'), resume: () => run('resume'), stop: () => run('stop') };
}

/** A writer process (test/helpers/pg-writer.mjs): send a command, get its JSON answer. */
export interface Writer {
  send(command: string): Promise<Record<string, unknown>>;
  quit(): Promise<number | null>;
  child: ChildProcessWithoutNullStreams;
}

export function writer(url: string, session: string, actor: string): Writer {
  const child = spawn(
    process.execPath,
    [path.join(REPO_ROOT, 'test', 'helpers', 'pg-writer.mjs'), url, session, actor],
    {
      cwd: tmpdir(),
    },
  );
  const answers = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return {
    child,
    async send(command) {
      child.stdin.write(`${command}\n`);
      const next = await answers.next();
      if (next.done) throw new Error(`writer ${actor} exited: ${stderr}`);
      return JSON.parse(next.value) as Record<string, unknown>;
    },
    quit() {
      child.stdin.end('quit\n');
      return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    },
  };
}

/** How the store names commands in its hints, as the CLI builds it for `url` (cli/invoked.ts storeCommands). */
export const typedFor = (url: string) => storeCommands({}, url);
