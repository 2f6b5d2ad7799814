#!/usr/bin/env node
// Per-event cost of each stage of `crisis verify`, and a prototype streaming
// verifier that shows what the stages cost once made cheap. Uses the
// project's dist modules for the current stages.
//   node bench/experiments/verify-cost.mjs FILE.jsonl [SAMPLE_LINES=200000]
//   node bench/experiments/verify-cost.mjs FILE.jsonl --prototype   (full file, streaming, prints time + maxRSS)
import { createHash, hash as oneShotHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../lib.mjs';

const [file, arg] = process.argv.slice(2);
const dist = (p) => import(pathToFileURL(path.join(ROOT, 'dist', p)).href);
const { canonicalJson } = await dist('playbook/compose.js');
const { parseStoredEvent, EVENT_DATA, GENESIS_HASH } = await dist('session/events.js');
const { hashEvent, ChainVerifier } = await dist('session/verify.js');

/** Key-sorted JSON in one native pass: JSON.stringify with the sorted key list as the replacer. */
export function canonicalFast(value) {
  const keys = new Set();
  const walk = (v) => {
    if (v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      for (const x of v) walk(x);
      return;
    }
    for (const k in v) {
      keys.add(k);
      walk(v[k]);
    }
  };
  walk(value);
  return JSON.stringify(value, [...keys].sort());
}

/** Same output as canonicalJson, with loops instead of entries/filter/sort/map/join. */
export function canonicalLoop(value) {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let s = '[';
    for (let i = 0; i < value.length; i++)
      s += (i ? ',' : '') + (value[i] === undefined ? 'null' : canonicalLoop(value[i]));
    return `${s}]`;
  }
  const keys = Object.keys(value).sort();
  let s = '{';
  let first = true;
  for (const k of keys) {
    const v = value[k];
    if (v === undefined) continue;
    s += `${first ? '' : ','}${JSON.stringify(k)}:${canonicalLoop(v)}`;
    first = false;
  }
  return `${s}}`;
}

/**
 * canonicalJson specialised for an event whose envelope already passed the
 * strict check: the envelope keys in sorted order written out by hand; only
 * `data` goes through the general function, and when its keys are already
 * sorted at every level (they are, when the writer sorts them) it is one
 * JSON.stringify. Same output as canonicalJson(event without hash).
 */
const sortedDeep = (v) => {
  if (v === null || typeof v !== 'object') return true;
  if (Array.isArray(v)) return v.every((x) => x !== undefined && sortedDeep(x));
  let prev;
  for (const k in v) {
    if (prev !== undefined && !(prev < k)) return false;
    if (v[k] === undefined || !sortedDeep(v[k])) return false;
    prev = k;
  }
  return true;
};
export function canonicalEvent(e) {
  const data = sortedDeep(e.data) ? JSON.stringify(e.data) : canonicalJson(e.data);
  const step = e.step === undefined ? '' : `,"step":${JSON.stringify(e.step)}`;
  return `{"actor":${JSON.stringify(e.actor)},"data":${data},"prev":${JSON.stringify(e.prev)},"seq":${e.seq},"session":${JSON.stringify(e.session)}${step},"ts":${JSON.stringify(e.ts)},"type":${JSON.stringify(e.type)},"v":${e.v}}`;
}

const sha =
  typeof oneShotHash === 'function'
    ? (s) => oneShotHash('sha256', s)
    : (s) => createHash('sha256').update(s).digest('hex');
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const HEX64 = /^[0-9a-f]{64}$/;
const ENVELOPE = new Set(['v', 'seq', 'ts', 'session', 'type', 'actor', 'step', 'data', 'prev', 'hash']);
/** The envelope check zod does, by hand; anything odd falls back to zod for the message. */
function envelopeOk(e) {
  if (e === null || typeof e !== 'object' || Array.isArray(e)) return false;
  for (const k in e) if (!ENVELOPE.has(k)) return false;
  return (
    e.v === 1 &&
    Number.isInteger(e.seq) &&
    e.seq > 0 &&
    typeof e.ts === 'string' &&
    ISO.test(e.ts) &&
    typeof e.session === 'string' &&
    typeof e.type === 'string' &&
    Object.hasOwn(EVENT_DATA, e.type) &&
    typeof e.actor === 'string' &&
    (e.step === undefined || typeof e.step === 'string') &&
    e.data !== null &&
    typeof e.data === 'object' &&
    !Array.isArray(e.data) &&
    typeof e.prev === 'string' &&
    typeof e.hash === 'string' &&
    HEX64.test(e.hash)
  );
}

function* linesOf(fd, limit = Infinity) {
  const buf = Buffer.allocUnsafe(1 << 20);
  let rest = '';
  let n = 0;
  for (;;) {
    const got = readSync(fd, buf, 0, buf.length, null);
    if (got === 0) break;
    const text = rest + buf.toString('utf8', 0, got); // a multi-byte char split at the edge is handled by StringDecoder in real code
    let start = 0;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', start)) {
      yield text.slice(start, i);
      start = i + 1;
      if (++n >= limit) return;
    }
    rest = text.slice(start);
  }
  if (rest) yield rest;
}

if (arg === '--read') {
  // The read pipeline alone, whole file: readline (what verifyLogFile uses) vs 1 MB readSync chunks split by indexOf.
  const { createReadStream } = await import('node:fs');
  const { createInterface } = await import('node:readline');
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  let c = cpu();
  let w = performance.now();
  let n = 0;
  for await (const _ of createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity }))
    n++;
  console.log(
    `readline for-await: ${n} lines, ${(cpu() - c).toFixed(0)} ms CPU, ${(performance.now() - w).toFixed(0)} ms wall`,
  );
  c = cpu();
  w = performance.now();
  n = 0;
  const fd = openSync(file, 'r');
  for (const _ of linesOf(fd)) n++;
  closeSync(fd);
  console.log(
    `readSync chunks + indexOf: ${n} lines, ${(cpu() - c).toFixed(0)} ms CPU, ${(performance.now() - w).toFixed(0)} ms wall`,
  );
  process.exit(0);
}

if (arg === '--prototype') {
  // Streaming prototype: constant memory, same checks as ChainVerifier except
  // zod runs only on the per-type data (and on the envelope when the fast check fails).
  const t0 = performance.now();
  const fd = openSync(file, 'r');
  let lastHash = GENESIS_HASH;
  let lastSeq = 0;
  let lastLine = '';
  let session;
  let n = 0;
  let broken;
  for (const line of linesOf(fd)) {
    n++;
    let e;
    try {
      e = JSON.parse(line);
    } catch {
      broken = `line ${n}: not valid JSON`;
      break;
    }
    if (!envelopeOk(e)) {
      const r = parseStoredEvent(e);
      if (!r.event) {
        broken = `line ${n}: ${r.error}`;
        break;
      }
    }
    const d = EVENT_DATA[e.type].safeParse(e.data);
    if (!d.success) {
      broken = `line ${n}: data`;
      break;
    }
    const hash = e.hash;
    if (sha(canonicalEvent(e)) !== hash) {
      broken = `line ${n}: hash`;
      break;
    }
    if (
      line === lastLine ||
      e.seq !== lastSeq + 1 ||
      e.prev !== lastHash ||
      (session !== undefined && e.session !== session)
    ) {
      broken = `line ${n}: chain`;
      break;
    }
    session ??= e.session;
    lastHash = hash;
    lastSeq = e.seq;
    lastLine = line;
  }
  closeSync(fd);
  const cpu = process.cpuUsage();
  console.log(
    `prototype: ${n} lines, ${broken ?? 'chain intact'}, ${((performance.now() - t0) / 1000).toFixed(2)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU, maxRSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
  );
  process.exit(0);
}

const N = Number(arg ?? 200_000);
function cpuMs0() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}
const fd = openSync(file, 'r');
let t = cpuMs0();
const lines = [...linesOf(fd, N)];
const readMs = cpuMs0() - t;
closeSync(fd);
// CPU time (user+sys) rather than wall time, so a busy machine skews it less.
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const stage = (name, fn) => {
  fn(); // warm the JIT on the same input
  const t1 = cpuMs();
  const out = fn();
  const us = ((cpuMs() - t1) * 1000) / lines.length;
  console.log(`${name.padEnd(62)} ${us.toFixed(2).padStart(7)} µs/event CPU  (${us.toFixed(2)} s per 1M events)`);
  return out;
};
console.log(`${lines.length} lines of ${file}`);
console.log(
  `${'read + split (readSync 1 MB chunks, indexOf)'.padEnd(62)} ${((readMs * 1000) / lines.length).toFixed(2).padStart(7)} µs/event CPU`,
);
// Each stage maps over the sample and keeps only a checksum, so retained
// outputs do not turn the measurement into a GC benchmark.
const each = (xs, f) => () => {
  let sum = 0;
  for (const x of xs) {
    const r = f(x);
    sum += typeof r === 'string' ? r.length : r ? 1 : 0;
  }
  return sum;
};
const parsed = lines.map((l) => JSON.parse(l));
stage(
  'JSON.parse',
  each(lines, (l) => JSON.parse(l)),
);
stage(
  'parseStoredEvent (zod envelope + data) [current]',
  each(parsed, (e) => parseStoredEvent(e).event !== undefined),
);
stage(
  'hand-written envelope check + zod data',
  each(parsed, (e) => envelopeOk(e) && EVENT_DATA[e.type].safeParse(e.data).success),
);
stage(
  'hand-written envelope check only',
  each(parsed, (e) => envelopeOk(e)),
);
const rests = parsed.map(({ hash: _h, ...rest }) => rest);
const canon = rests.map((r) => canonicalJson(r));
stage(
  'canonicalJson [current]',
  each(rests, (r) => canonicalJson(r)),
);
stage(
  'canonicalLoop (same output, loops)',
  each(rests, (r) => canonicalLoop(r)),
);
stage(
  'canonicalFast (JSON.stringify with sorted key replacer)',
  each(rests, (r) => canonicalFast(r)),
);
stage(
  'canonicalEvent (envelope by hand, data by JSON.stringify)',
  each(rests, (r) => canonicalEvent(r)),
);
console.log(
  `  outputs identical to canonicalJson: loop ${rests.every((r, i) => canonicalLoop(r) === canon[i])}, fast ${rests.every((r, i) => canonicalFast(r) === canon[i])}, event ${rests.every((r, i) => canonicalEvent(r) === canon[i])}`,
);
stage(
  'createHash().update().digest() [current]',
  each(canon, (s) => createHash('sha256').update(s).digest('hex')),
);
if (typeof oneShotHash === 'function')
  stage(
    'crypto.hash one-shot',
    each(canon, (s) => oneShotHash('sha256', s)),
  );
stage(
  'hashEvent [current: destructure + canonicalJson + createHash]',
  each(parsed, (e) => hashEvent(e)),
);
t = cpuMs0();
const v = new ChainVerifier();
for (const l of lines) v.push(l);
console.log(
  `${'ChainVerifier.push, whole [current]'.padEnd(62)} ${(((cpuMs0() - t) * 1000) / lines.length).toFixed(2).padStart(7)} µs/event CPU  (${v.break ? v.break.message : 'ok'})`,
);
