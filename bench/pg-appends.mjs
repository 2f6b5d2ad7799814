// Team-mode appends against a bare INSERT loop on the same server and table shape,
// and the notice latency between two processes.
//   node bench/pg-appends.mjs postgres://user@host:port/db [appends-per-writer]
// Needs `npm run build`. Each writer is its own process with its own connection.
// Writes into tables of its own (crisis_events in a fresh schema, bench_bare) and drops them.
import { spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as path from 'node:path';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const dist = (p) => import(pathToFileURL(path.join(ROOT, 'dist', p)).href);
const [url, perWriterArg, role] = process.argv.slice(2);
const N = Number(perWriterArg ?? 300);
const pg = (await import('pg')).default;
const draft = (i, actor) => ({ type: 'note.added', ts: new Date().toISOString(), actor, data: { text: `note ${i}` } });

async function child(mode, session, n, actor) {
  // One process per writer: run this file again in a role.
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [fileURLToPath(import.meta.url), url, String(n), `${mode}:${session}:${actor}`], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`${mode} exited ${code}`))));
  });
}

if (role) {
  const [mode, session, actor] = role.split(':');
  if (mode === 'store') {
    const { PgStore } = await dist('store/postgres.js');
    const { storeCommands } = await dist('cli/invoked.js');
    const store = await PgStore.open(url, session, storeCommands({}, url));
    await store.read(0);
    const t = performance.now();
    for (let i = 0; i < N; i++) await store.append(() => draft(i, actor));
    const ms = performance.now() - t;
    await store.close();
    process.stdout.write(JSON.stringify({ ms }));
  } else if (mode === 'bare') {
    // The same row shape and key, the same optimistic seq = last + 1 retry, no hashing, no chain check, no trigger.
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    let seq = (await client.query('SELECT coalesce(max(seq), 0) AS s FROM bench_bare WHERE session = $1', [session]))
      .rows[0].s;
    const line = JSON.stringify({ ...draft(0, actor), v: 1, seq: 1, prev: '0'.repeat(64), hash: '0'.repeat(64) });
    const t = performance.now();
    for (let i = 0; i < N;) {
      try {
        await client.query(
          'INSERT INTO bench_bare (session, seq, line, type, actor, step, prev, hash) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)',
          [session, seq + 1, line, 'note.added', actor, null, 'p', 'h'],
        );
        seq++;
        i++;
      } catch (e) {
        if (e.code !== '23505') throw e;
        seq = (await client.query('SELECT max(seq) AS s FROM bench_bare WHERE session = $1', [session])).rows[0].s;
      }
    }
    const ms = performance.now() - t;
    await client.end();
    process.stdout.write(JSON.stringify({ ms }));
  } else if (mode === 'listen') {
    // Wait for N notices; report when each arrived (epoch ms).
    const { PgStore } = await dist('store/postgres.js');
    const { storeCommands } = await dist('cli/invoked.js');
    const store = await PgStore.open(url, session, storeCommands({}, url));
    const seen = [];
    await new Promise((resolve) => {
      store.watch(() => {
        seen.push(Date.now());
        if (seen.length >= N) resolve();
      });
      console.error('listening');
    });
    await store.close();
    process.stdout.write(JSON.stringify({ seen }));
  }
  process.exit(0);
}

// The driver: fresh tables, then each configuration in turn.
const admin = new pg.Client({ connectionString: url });
await admin.connect();
const { connect } = await dist('store/postgres.js');
(await connect(url)).end();
await admin.query('DROP TABLE IF EXISTS bench_bare');
await admin.query(
  'CREATE TABLE bench_bare (LIKE crisis_events INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)',
);
const settings = (
  await admin.query("SELECT current_setting('synchronous_commit') AS sc, current_setting('fsync') AS f")
).rows[0];
const rows = [];
for (const writers of [1, 8]) {
  const result = {};
  for (const mode of ['bare', 'store']) {
    const session = `20260101-000000-bench-${mode}-${writers}-${Date.now() % 100000}`;
    // Time inside the writers (after start-up and connect): the slowest one's loop.
    const runs = await Promise.all(Array.from({ length: writers }, (_, i) => child(mode, session, N, `w${i}`)));
    const ms = Math.max(...runs.map((r) => r.ms));
    result[mode] = (writers * N * 1000) / ms;
  }
  rows.push({ writers, bare: result.bare, store: result.store, ratio: result.store / result.bare });
}
// Notice latency: one writer appends, one listener process wakes.
const session = `20260101-000000-bench-notice-${Date.now() % 100000}`;
const K = Math.min(N, 200);
const listener = spawn(process.execPath, [fileURLToPath(import.meta.url), url, String(K), `listen:${session}:l`], {
  stdio: ['ignore', 'pipe', 'pipe'],
});
await new Promise((resolve) => listener.stderr.once('data', resolve));
await new Promise((resolve) => setTimeout(resolve, 200));
const { PgStore } = await dist('store/postgres.js');
const { storeCommands } = await dist('cli/invoked.js');
const writer = await PgStore.open(url, session, storeCommands({}, url));
const sent = [];
let out = '';
listener.stdout.on('data', (d) => (out += d));
const done = new Promise((resolve) => listener.on('exit', resolve));
for (let i = 0; i < K; i++) {
  await writer.append(() => draft(i, 'w'));
  sent.push(Date.now());
  await new Promise((resolve) => setTimeout(resolve, 5));
}
await done;
await writer.close();
const { seen } = JSON.parse(out);
const lat = seen.map((t, i) => t - sent[i]).sort((a, b) => a - b);
const pct = (p) => lat[Math.min(lat.length - 1, Math.floor((p / 100) * lat.length))];
await admin.query('DROP TABLE IF EXISTS bench_bare');
await admin.end();
console.log(`server: synchronous_commit=${settings.sc}, fsync=${settings.f}; ${N} appends per writer`);
console.log('| writers | bare INSERT/s | crisis appends/s | ratio |');
console.log('|---|---|---|---|');
for (const r of rows)
  console.log(`| ${r.writers} | ${r.bare.toFixed(0)} | ${r.store.toFixed(0)} | ${r.ratio.toFixed(2)} |`);
console.log(
  `notice latency over ${K} events (commit acknowledged -> other process woken): p50 ${pct(50)} ms, p99 ${pct(99)} ms`,
);
