/**
 * Tampering and corruption of a session log: a flipped byte, a deleted line,
 * a duplicated line, lines reordered, a truncated file, another session's
 * log appended. `crisis verify` must name each one at its line (exit 1);
 * `crisis resume` must refuse a broken chain (exit 1, log untouched) unless
 * `--force`, which records in the log that it was forced.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyLogFile } from '../../src/store/log-reader.js';
import { FIXTURE_FILES } from '../helpers/fixtures.js';
import { tempDir, writeFiles } from '../helpers/temp.js';
import { prng } from './fuzz-gen.js';
import { runMain } from '../helpers/in-process.js';
import { crisis, readEvents, sessionIdOf, stackLines } from './helpers.js';
import { fuzzSeed } from './fuzz-gen.js';

let work: string;
let id: string;
let other: string;
let lines: string[];
let otherLines: string[];

/** The built CLI as a child process. */
const run = (args: string[], logDir: string) =>
  crisis(['--playbooks', 'pb', ...args], { cwd: work, env: { CRISIS_LOG_DIR: logDir } });
/** The built CLI's main() in this process: the same code, without a node start-up per case. */
const main = (args: string[], logDir: string) =>
  runMain(['--playbooks', 'pb', ...args], { cwd: work, env: { CRISIS_LOG_DIR: logDir } });

beforeAll(async () => {
  work = tempDir('crisis-tamper-rel-');
  writeFiles(path.join(work, 'pb'), FIXTURE_FILES);
  writeFiles(work, {
    'a.yaml': `responses:\n  - { step: wr-confirm, action: done, inputs: { affected-batches: B-1, safety-risk: true } }\n  - { step: tf-name-leads, action: done, inputs: { spokesperson-name: Sam } }\n${Array.from({ length: 6 }, (_, i) => `  - { action: note, text: "note ${i}" }`).join('\n')}\n`,
    'b.yaml': 'responses:\n  - { action: note, text: "after" }\n',
  });
  const base = path.join(work, 'base');
  const [a, b] = await Promise.all([
    run(['start', 'widget-recall', '--answers', 'a.yaml'], base),
    run(['start', 'widget-recall', '--answers', 'a.yaml'], path.join(work, 'other')),
  ]);
  expect(a.code, a.stderr).toBe(0);
  expect(b.code, b.stderr).toBe(0);
  id = sessionIdOf(a);
  other = sessionIdOf(b);
  lines = readFileSync(path.join(base, `${id}.jsonl`), 'utf8')
    .split('\n')
    .slice(0, -1);
  otherLines = readFileSync(path.join(work, 'other', `${other}.jsonl`), 'utf8')
    .split('\n')
    .slice(0, -1);
  expect(lines.length).toBe(10);
}, 60_000);

/** A log dir holding the session's log with `text` as its content. */
function tampered(name: string, text: string | Buffer): { dir: string; file: string } {
  const dir = path.join(work, 'cases', name);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${id}.jsonl`);
  writeFileSync(file, text);
  return { dir, file };
}
const join = (ls: string[]) => `${ls.join('\n')}\n`;
/** One bit of one byte changed: the first letter of the actor on line `index` (0-based). */
function flipActor(text: string, index: number): Buffer {
  const buf = Buffer.from(text);
  let offset = 0;
  for (let i = 0; i < index; i++) offset = buf.indexOf(0x0a, offset) + 1;
  const at = buf.indexOf('"actor":"', offset) + '"actor":"'.length;
  buf[at] = buf[at]! ^ 0x02;
  return buf;
}

interface Case {
  name: string;
  make: () => string | Buffer;
  line: number;
  says: RegExp;
}
const CASES: Case[] = [
  {
    name: 'a flipped byte',
    make: () => flipActor(join(lines), 4),
    line: 5,
    says: /content does not match its hash \(the line was edited\)/,
  },
  {
    name: 'a deleted line',
    make: () => join(lines.filter((_, i) => i !== 3)),
    line: 4,
    says: /seq 5 where 4 was expected \(1 line deleted before it\)/,
  },
  {
    name: 'two deleted lines',
    make: () => join(lines.filter((_, i) => i !== 3 && i !== 4)),
    line: 4,
    says: /seq 6 where 4 was expected \(2 lines deleted before it\)/,
  },
  {
    name: 'a duplicated line',
    make: () => join([...lines.slice(0, 6), lines[5]!, ...lines.slice(6)]),
    line: 7,
    says: /duplicate of line 6/,
  },
  {
    name: 'lines reordered',
    make: () => join([...lines.slice(0, 2), lines[3]!, lines[2]!, ...lines.slice(4)]),
    line: 3,
    says: /seq 4/,
  },
  {
    name: 'a truncated file',
    make: () => join(lines).slice(0, -25),
    line: 10,
    says: /torn: the last line is incomplete/,
  },
  {
    name: 'a log from another session appended',
    make: () => join([...lines, ...otherLines]),
    line: 11,
    says: /belongs to session \d{8}-\d{6}-widget-recall-[0-9a-f]{4}, not \d{8}-\d{6}-widget-recall-[0-9a-f]{4} \(another log was appended\)/,
  },
];

describe('crisis verify names each kind of damage at its line', () => {
  it.each(CASES)('$name: exit 1, line $line', async ({ name, make, line, says }) => {
    const { dir } = tampered(name.replaceAll(' ', '-'), make());
    // The first case through a real process, the rest through main() in this one.
    const r = name === CASES[0]!.name ? await run(['verify', id], dir) : await main(['verify', id], dir);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`^✗ .*${id}\\.jsonl: line ${line}: `));
    expect(r.stdout).toMatch(says);
    expect(r.stdout).toContain(`(${line - 1} good ${line === 2 ? 'event' : 'events'} before it)`);
    const json = await main(['verify', id, '--json'], dir);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, events: line - 1, break: { line } });
  });

  it('any single flipped byte (seeded, 60 positions) is caught at the line it is on', async () => {
    const rng = prng(fuzzSeed() ^ 0xf11b);
    const whole = Buffer.from(join(lines));
    const starts = [0];
    for (let i = 0; i < whole.length; i++) if (whole[i] === 0x0a) starts.push(i + 1);
    const dir = path.join(work, 'cases', 'flips');
    mkdirSync(dir, { recursive: true });
    const misses: string[] = [];
    for (let n = 0; n < 60; n++) {
      let at: number;
      do at = Math.floor(rng() * whole.length);
      while (whole[at] === 0x0a);
      const bit = 1 << Math.floor(rng() * 7);
      const copy = Buffer.from(whole);
      copy[at] = copy[at]! ^ bit;
      if (copy[at] === 0x0a) continue;
      const file = path.join(dir, `${n}-${id}.jsonl`);
      writeFileSync(file, copy);
      const line = starts.filter((s) => s <= at).length;
      const result = await verifyLogFile(file);
      if (result.break?.line !== line)
        misses.push(`byte ${at} (line ${line}) ^ ${bit}: ${result.break?.message ?? 'intact'}`);
    }
    expect(misses).toEqual([]);
  });

  // Issue 12 #10 (was a known gap): a swap used to be reported as a deletion.
  it('lines swapped are named as swapped, not as deleted', async () => {
    const { dir } = tampered('reordered-words', join([...lines.slice(0, 2), lines[3]!, lines[2]!, ...lines.slice(4)]));
    const r = await main(['verify', id], dir);
    expect(r.stdout).toContain('line 3: lines 3 and 4 are swapped (seq 4 before seq 3: lines reordered)');
    expect(r.stdout).not.toMatch(/deleted/);
    expect(r.code).toBe(1);
  });

  it('whole lines cut from the end: the chain alone cannot tell, the head kept elsewhere can (verify --head)', async () => {
    const full = tampered('cut-at-line-end-full', join(lines));
    const before = await main(['verify', id], full.dir);
    const head = /chain head (\d+:[0-9a-f]{64})/.exec(before.stdout)?.[1];
    expect(head, before.stdout).toMatch(/^\d+:[0-9a-f]{64}$/);
    expect((await main(['verify', id, '--head', head!], full.dir)).code).toBe(0);
    const { dir, file } = tampered('cut-at-line-end', join(lines.slice(0, 7)));
    const result = await verifyLogFile(file);
    expect(result.break).toBeUndefined();
    expect(result.events).toBe(7);
    const r = await main(['verify', id, '--head', head!], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`✗ expected head ${head}: the log ends at seq 7, before the expected head seq`);
    const bad = await main(['verify', id, '--head', 'nonsense'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--head: "nonsense" is not a chain head/);
  });
});

describe('log and export of a log whose last line was cut off (a crash mid-write)', () => {
  it('print the good events, warn, and exit 1 in every format, as verify does', async () => {
    const { dir } = tampered('log-torn', join(lines).slice(0, -25));
    for (const format of ['text', 'md', 'json', 'jsonl', 'csv']) {
      const r = await main(['log', id, '--format', format], dir);
      expect(r.code, `${format}: ${r.stderr}`).toBe(1);
      expect(r.stderr).toMatch(/warning: the last line is incomplete \(\d+ bytes, a write cut off\)/);
    }
    expect((await main(['log', id, '--format', 'jsonl'], dir)).stdout.trimEnd().split('\n')).toHaveLength(9);
    expect((await main(['export', id], dir)).code).toBe(1);
    expect((await main(['verify', id], dir)).code).toBe(1);
  });
});

describe('a log whose first line is damaged', () => {
  it('log, status and resume refuse it, and the hint is the verify command as this run was invoked', async () => {
    const { dir } = tampered('first-line', join([lines[0]!.replace('"seq":1', '"seq":7'), ...lines.slice(1)]));
    for (const args of [
      ['log', id],
      ['status', id],
      ['resume', id, '--answers', 'b.yaml'],
    ]) {
      const r = await main(args, dir);
      expect(r.code, `${args[0]}: ${r.stderr}`).toBe(1);
      expect(r.stderr).toContain(`hint: run \`crisis verify ${id}\``);
    }
    const npx = await runMain(['--playbooks', 'pb', 'log', id], {
      cwd: work,
      env: { CRISIS_LOG_DIR: dir, npm_command: 'exec' },
    });
    expect(npx.stderr).toContain(`hint: run \`npx crisis verify ${id}\``);
  });
});

describe('resume and a broken chain', () => {
  it.each(CASES.filter((c) => !c.name.includes('truncated')))(
    '$name: resume refuses (exit 1), names the line, suggests --force, changes nothing',
    async ({ name, make, line }) => {
      const { dir, file } = tampered(`resume-${name.replaceAll(' ', '-')}`, make());
      const before = readFileSync(file);
      const r =
        name === CASES[0]!.name
          ? await run(['resume', id, '--answers', 'b.yaml'], dir)
          : await main(['resume', id, '--answers', 'b.yaml'], dir);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`^error: the log of ${id} is broken at line ${line}: `, 'm'));
      expect(r.stderr).toMatch(/^hint: .*--force/m);
      expect(stackLines(r.stderr)).toEqual([]);
      expect(readFileSync(file).equals(before)).toBe(true);
      expect(readdirSync(dir)).toEqual([`${id}.jsonl`]);
    },
  );

  it('a truncated last line is not a broken chain: resume moves it to .torn (kept), says so, and carries on', async () => {
    const { dir, file } = tampered('resume-torn', join(lines).slice(0, -25));
    const tail = join(lines).slice(join(lines).lastIndexOf('\n', join(lines).length - 2) + 1, -25);
    const r = await run(['resume', id, '--answers', 'b.yaml'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/the last line was incomplete .* moved to .*\.torn/);
    expect(readFileSync(`${file}.torn`, 'utf8')).toBe(`${tail}\n`);
    expect((await verifyLogFile(file)).break).toBeUndefined();
    expect(readFileSync(file, 'utf8').startsWith(join(lines.slice(0, 9)))).toBe(true);
  });

  it('resume --force continues after the last good line, keeps the damaged lines aside, and records in the log that it was forced', async () => {
    const { dir, file } = tampered('resume-force', CASES[0]!.make());
    const before = readFileSync(file, 'utf8');
    const r = await run(['resume', id, '--answers', 'b.yaml', '--force'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/FORCED past a broken chain/);
    expect(r.stderr).toMatch(/line 5: content does not match its hash/);
    // Nothing dropped: the good prefix stays the log, the rest is kept next to it.
    const good = before
      .split('\n')
      .slice(0, 4)
      .map((l) => `${l}\n`)
      .join('');
    const after = readFileSync(file, 'utf8');
    expect(after.startsWith(good)).toBe(true);
    const aside = readdirSync(dir).filter((f) => f.startsWith(`${id}.jsonl.broken-`));
    expect(aside).toHaveLength(1);
    expect(good + readFileSync(path.join(dir, aside[0]!), 'utf8')).toBe(before);
    // The forced resume is on the record, chained onto the last good line.
    const added = readEvents(file).slice(4);
    expect(added[0]).toMatchObject({ type: 'session.resumed', data: { forced: true }, seq: 5 });
    expect(added.map((e) => e.type)).toEqual(['session.resumed', 'note.added', 'session.paused']);
    expect((await verifyLogFile(file)).break).toBeUndefined();
    // Every reader sees what was recorded after the force.
    const status = JSON.parse((await main(['status', id, '--json'], dir)).stdout) as { events: number };
    expect(status.events).toBe(7);
    expect(existsSync(path.join(dir, `${id}.lock`))).toBe(false);
  });
});
