// A count and its noun agree on the operator's screens: "1 event", "2 events" (the catalogue's
// `{count:event|events}`, src/text/messages.ts), never "1 events". Through the real commands, with 1 and with 2.
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { tempDir, writeFiles } from '../helpers/temp.js';

const playbook = (id: string, steps: string[]) =>
  [
    `id: ${id}`,
    'kind: crisis',
    `title: ${id}`,
    'severity: { default: medium }',
    'phases:',
    '  - id: p',
    '    title: P',
    '    steps:',
    ...steps.map((s) => `      - { id: ${s}, title: Step ${s}, owner: legal }`),
    '',
  ].join('\n');

/** A folder with a one-step and a two-step playbook and an answers file that pauses at once. */
function workspace() {
  const cwd = tempDir('crisis-plural-');
  writeFiles(cwd, {
    'pb/one.yaml': playbook('one-step', ['only']),
    'pb/two.yaml': playbook('two-steps', ['first', 'second']),
    'pause.yaml': 'operator: alice\nunlisted: fail\nresponses: []\n',
  });
  const logs = path.join(cwd, 'logs');
  const run = (args: string[]) =>
    runCli([...args, '--playbooks', 'pb'], { cwd, env: { CRISIS_LOG_DIR: logs }, timeoutMs: 60_000 });
  /** start `crisis` and pause: a log of two events (session.started, session.paused) */
  const start = async (crisis: string) => {
    const r = await run(['start', crisis, '--answers', 'pause.yaml']);
    expect(r.code, r.stderr).toBe(0);
    const id = /session (\S+) started/.exec(r.stderr)![1]!;
    return { id, file: path.join(logs, `${id}.jsonl`), stdout: r.stdout };
  };
  return { run, start };
}

/** Keep the first `n` lines of a log (a chain cut short at a line end is intact). */
const keepLines = (file: string, n: number) =>
  writeFileSync(file, readFileSync(file, 'utf8').split('\n').slice(0, n).join('\n') + '\n');

describe('a count and its noun agree (1 event, 2 events)', () => {
  it('verify, status: 1 event and 2 events', async () => {
    const ws = workspace();
    const { id, file } = await ws.start('one-step');
    const verify2 = await ws.run(['verify', id]);
    expect(verify2.stdout.split('\n')[0]).toBe(`✓ ${file}: 2 events, hash chain intact`);
    expect((await ws.run(['status', id])).stdout).toMatch(/; last event T\+00:00; 2 events\n/);
    keepLines(file, 1);
    const verify1 = await ws.run(['verify', id]);
    expect(verify1.code).toBe(0);
    expect(verify1.stdout.split('\n')[0]).toBe(`✓ ${file}: 1 event, hash chain intact`);
    const status1 = await ws.run(['status', id]);
    expect(status1.stdout).toMatch(/; last event T\+00:00; 1 event\n/);
  }, 120_000);

  it('the end summary and status progress count steps: of 1 step, of 2 steps', async () => {
    const ws = workspace();
    const one = await ws.start('one-step');
    expect(one.stdout).toContain('  done 0, skipped 0, blocked 0, open 1 of 1 step\n');
    expect((await ws.run(['status', one.id])).stdout).toContain('progress: 0/1 step done or skipped\n');
    const two = await ws.start('two-steps');
    expect(two.stdout).toContain('  done 0, skipped 0, blocked 0, open 2 of 2 steps\n');
    expect((await ws.run(['status', two.id])).stdout).toContain('progress: 0/2 steps done or skipped\n');
  }, 120_000);

  it('a torn last line of 1 byte, of 2 bytes: log warns, resume moves it aside (in English and Chinese)', async () => {
    const ws = workspace();
    const { id, file } = await ws.start('one-step');
    appendFileSync(file, '{');
    expect((await ws.run(['log', id])).stderr).toContain(
      'warning: the last line is incomplete (1 byte, a write cut off) and is left out;',
    );
    appendFileSync(file, '"');
    expect((await ws.run(['log', id])).stderr).toContain(
      'warning: the last line is incomplete (2 bytes, a write cut off) and is left out;',
    );
    const resumed = await ws.run(['resume', id, '--answers', 'pause.yaml']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(
      `note: the last line was incomplete (2 bytes, a write cut off); moved to ${file}.torn\n` +
        `resumed ${id} (3 events)\n`,
    );
    appendFileSync(file, '{');
    const zh = await ws.run(['resume', id, '--answers', 'pause.yaml', '--lang', 'zh']);
    expect(zh.code, zh.stderr).toBe(0);
    // once in English: before, this note was English in every language
    expect(zh.stderr).toContain(`提示：最后一行不完整（1 字节，写入被中断），已移到 ${file}.torn\n`);
    appendFileSync(file, '{');
    const en = await ws.run(['resume', id, '--answers', 'pause.yaml']);
    expect(en.stderr).toContain(
      `note: the last line was incomplete (1 byte, a write cut off); moved to ${file}.torn\n`,
    );
  }, 120_000);

  it('a log broken at line 2: only 1 good event is used, 1 line left out; at line 3: 2 events, 2 lines', async () => {
    const ws = workspace();
    const { id, file } = await ws.start('one-step');
    await ws.run(['resume', id, '--answers', 'pause.yaml']); // four events: started, paused, resumed, paused
    const good = readFileSync(file, 'utf8');
    const edit = (line: number) =>
      writeFileSync(
        file,
        good
          .split('\n')
          .map((l, i) => (i === line - 1 ? l.replace('"alice"', '"mallory"') : l))
          .join('\n'),
      );
    edit(2);
    const at2 = await ws.run(['log', id]);
    expect(at2.stderr).toContain(
      '; 3 lines from there on are left out (only 1 good event is used; run `crisis verify ',
    );
    edit(4);
    const at4 = await ws.run(['log', id]);
    expect(at4.stderr).toContain(
      '; 1 line from there on is left out (only 3 good events are used; run `crisis verify ',
    );
  }, 120_000);
});
