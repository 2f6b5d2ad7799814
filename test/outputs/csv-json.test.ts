import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_FILES } from '../helpers/fixtures.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir, writeFiles } from '../helpers/temp.js';

/**
 * `crisis log` for spreadsheets and programs: CSV read back by csv-parse (an
 * independent RFC 4180 parser) must give the note exactly as the log holds
 * it, newlines and quotes included; `--bom` for Excel; `jsonl` one event per
 * line, `json` one document.
 */
const NOTE = 'TODO: call the supplier, "urgent"\n第二行：批次 B-7, 不要外传\r\n=HYPERLINK("http://x")';

let work: string;
let session: string;
const env = () => ({ CRISIS_LOG_DIR: path.join(work, 'logs') });
const log = (...args: string[]) => runCli(['--playbooks', 'pb', 'log', session, ...args], { cwd: work, env: env() });

beforeAll(async () => {
  work = tempDir('crisis-csv-');
  writeFiles(path.join(work, 'pb'), FIXTURE_FILES);
  writeFiles(work, {
    'answers.yaml': `unlisted: done\nresponses:\n  - { action: note, text: ${JSON.stringify(NOTE)} }\n`,
  });
  const started = await runCli(['--playbooks', 'pb', 'start', 'widget-recall', '--answers', 'answers.yaml'], {
    cwd: work,
    env: env(),
  });
  expect(started.code, started.stderr).toBe(0);
  session = /session (\S+)/.exec(started.stderr)![1]!;
});

const noteOf = (events: Array<{ type: string; data: { text?: string } }>) =>
  events.find((e) => e.type === 'note.added')!.data.text;

describe('log --format csv', () => {
  it('round-trips a multi-line note with quotes and commas through csv-parse', async () => {
    const r = await log('--format', 'csv');
    expect(r.code, r.stderr).toBe(0);
    const rows = parse(r.stdout, { columns: true }) as Array<Record<string, string>>;
    const jsonl = (await log('--format', 'jsonl')).stdout.trimEnd().split('\n');
    expect(rows).toHaveLength(jsonl.length);
    const note = rows.find((row) => row.type === 'note.added')!;
    // The carriage return goes (a row ends at a line break), the newlines stay.
    expect(note.summary).toBe(`note: ${NOTE.replace('\r', '')}`);
    expect(noteOf(jsonl.map((l) => JSON.parse(l) as never))).toBe(NOTE);
  });

  it('--bom starts the output with a UTF-8 byte order mark, and the rest is the same CSV', async () => {
    const [plain, bom] = [await log('--format', 'csv'), await log('--format', 'csv', '--bom')];
    expect(bom.code).toBe(0);
    expect(Buffer.from(bom.stdout, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(bom.stdout.slice(1)).toBe(plain.stdout);
    expect(parse(bom.stdout, { bom: true, columns: true })).toEqual(parse(plain.stdout, { columns: true }));
  });

  it('--bom with any other format is a usage error (exit 2)', async () => {
    const r = await log('--format', 'json', '--bom');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toBe('error: --bom is only for --format csv');
  });
});

describe('log --format json and jsonl', () => {
  it('jsonl is the log file itself, one event per line; json is one document with the same events', async () => {
    const jsonl = await log('--format', 'jsonl');
    const json = await log('--format', 'json');
    expect([jsonl.code, json.code]).toEqual([0, 0]);
    expect(jsonl.stdout).toBe(readFileSync(path.join(work, 'logs', `${session}.jsonl`), 'utf8'));
    const doc = JSON.parse(json.stdout) as { session: string; events: unknown[] };
    expect(doc).toEqual({
      session,
      events: jsonl.stdout
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as unknown),
    });
    expect(noteOf(doc.events as never)).toBe(NOTE);
  });
});
