import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_PLAYBOOKS } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp.js';

/**
 * No file option (`review -o`, `checklist -o`, `drill --junit`, `drill --report`) writes over a file the command
 * must keep: a session's log, lock, summary or the status index in the log dir (a QA pass replaced a live
 * session's log with a review report, exit 0), or one of the command's own inputs (the drill file became JUnit
 * XML). Refused with exit 2, one line naming the flag and the file, and nothing written.
 */
const DRILL = 'product-quality-batch-defect';
const HINT = 'hint: name another file, or `-` for standard output\n';

async function drillSession(): Promise<{ cwd: string; logs: string; id: string; env: Record<string, string> }> {
  const cwd = tempDir();
  const logs = path.join(cwd, 'logs');
  const env = { CRISIS_LOG_DIR: logs };
  const run = await runCli(['drill', DRILL], { cwd, env });
  expect(run.code, run.stderr).toBe(0);
  const logFiles = readdirSync(logs).filter((f) => f.endsWith('.jsonl'));
  expect(logFiles).toHaveLength(1);
  return { cwd, logs, id: logFiles[0]!.replace(/\.jsonl$/, ''), env };
}

const snapshot = (dir: string): Record<string, string> =>
  Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(path.join(dir, f), 'latin1')]));

describe('an output file is never a session file or an input of the command', () => {
  it('review -o <the session log> is refused (exit 2); the log and the log dir stay as they were', async () => {
    const { cwd, logs, id, env } = await drillSession();
    const before = snapshot(logs);
    const target = `logs/${id}.jsonl`;
    const run = await runCli(['review', id, '--no-interactive', '-o', target], { cwd, env });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `error: -o ${target} is a session file in the log dir (${id}.jsonl): writing the output there would destroy it\n` +
        HINT,
    );
    expect(snapshot(logs)).toEqual(before);
    const verify = await runCli(['verify', id], { cwd, env });
    expect(verify.code, verify.stdout).toBe(0);
  });

  it.each([
    ['the log by another spelling', (id: string) => `logs/../logs/./${id}.jsonl`, (id: string) => `${id}.jsonl`],
    ['the summary', (id: string) => `logs/${id}.summary.json`, (id: string) => `${id}.summary.json`],
    ['a lock', (id: string) => `logs/${id}.lock`, (id: string) => `${id}.lock`],
    ['the status index', () => 'logs/.status-index.json', () => '.status-index.json'],
    [
      'lines set aside by resume --force',
      (id: string) => `logs/${id}.jsonl.broken-x`,
      (id: string) => `${id}.jsonl.broken-x`,
    ],
  ])('checklist --session -o <%s> is refused', async (_what, target, name) => {
    const { cwd, logs, id, env } = await drillSession();
    const before = snapshot(logs);
    const run = await runCli(['checklist', 'product-quality', '--session', id, '-o', target(id)], { cwd, env });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `error: -o ${target(id)} is a session file in the log dir (${name(id)}): writing the output there would destroy it\n` +
        HINT,
    );
    expect(snapshot(logs)).toEqual(before);
  });

  it('a symlink to the log, and a hard link to it outside the log dir, are the log', async () => {
    const { cwd, logs, id, env } = await drillSession();
    symlinkSync(path.join(logs, `${id}.jsonl`), path.join(cwd, 'soft.md'));
    linkSync(path.join(logs, `${id}.jsonl`), path.join(cwd, 'hard.md'));
    const before = snapshot(logs);
    for (const target of ['soft.md', 'hard.md']) {
      const run = await runCli(['review', id, '--no-interactive', '-o', target], { cwd, env });
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(
        `error: -o ${target} is a session file in the log dir (${id}.jsonl): writing the output there would destroy it\n` +
          HINT,
      );
    }
    expect(snapshot(logs)).toEqual(before);
  });

  it('a statement file in the session folder, by its path, a symlink or a hard link, is refused', async () => {
    const { cwd, logs, id, env } = await drillSession();
    // A drill writes no statement files; review writes them from the log.
    const first = await runCli(['review', id, '--no-interactive'], { cwd, env });
    expect(first.code, first.stderr).toBe(0);
    const statements = path.join(logs, id, 'statements');
    const [channel] = readdirSync(statements);
    expect(channel).toMatch(/^[a-z-]+(?:\.[a-z0-9-]+)?\.md$/);
    const file = path.join(statements, channel!);
    symlinkSync(file, path.join(cwd, 'soft.md'));
    linkSync(file, path.join(cwd, 'hard.md'));
    const before = snapshot(statements);
    const named = `${id}/statements/${channel}`;
    for (const [command, target, name] of [
      [['review', id, '--no-interactive'], `logs/${named}`, named],
      [['review', id, '--no-interactive'], 'soft.md', named],
      [['checklist', 'product-quality', '--session', id], 'hard.md', named],
      // a channel not issued yet: the folder is the session's all the same
      [['checklist', 'product-quality'], `logs/${id}/statements/other.md`, `${id}/statements/other.md`],
    ] as const) {
      const run = await runCli([...command, '-o', target], { cwd, env });
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(
        `error: -o ${target} is a session file in the log dir (${name}): writing the output there would destroy it\n` +
          HINT,
      );
    }
    expect(snapshot(statements)).toEqual(before);
  });

  it('review FILE.jsonl -o FILE.jsonl (a copy outside the log dir) is refused: it is the file read', async () => {
    const { cwd, logs, id, env } = await drillSession();
    copyFileSync(path.join(logs, `${id}.jsonl`), path.join(cwd, 'copy.jsonl'));
    const bytes = readFileSync(path.join(cwd, 'copy.jsonl'), 'latin1');
    const run = await runCli(['review', 'copy.jsonl', '-o', './copy.jsonl'], { cwd, env });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'error: -o ./copy.jsonl is a file this command reads (copy.jsonl): writing the output there would destroy it\n' +
        HINT,
    );
    expect(readFileSync(path.join(cwd, 'copy.jsonl'), 'latin1')).toBe(bytes);
  });

  it.each(['--junit', '--report'])('drill FILE %s FILE is refused before any drill runs', async (flag) => {
    const cwd = tempDir();
    const logs = path.join(cwd, 'logs');
    copyFileSync(path.join(BUILTIN_PLAYBOOKS, 'drills', `${DRILL}.yaml`), path.join(cwd, 'my.yaml'));
    const source = readFileSync(path.join(cwd, 'my.yaml'), 'utf8');
    const run = await runCli(['drill', 'my.yaml', flag, 'my.yaml'], { cwd, env: { CRISIS_LOG_DIR: logs } });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `error: ${flag} my.yaml is a file this command reads (my.yaml): writing the output there would destroy it\n` +
        HINT,
    );
    expect(readFileSync(path.join(cwd, 'my.yaml'), 'utf8')).toBe(source);
    expect(existsSync(logs)).toBe(false);
  });

  it("drill --junit over the drill's playbook (found by --playbooks) is refused", async () => {
    const cwd = tempDir();
    mkdirSync(path.join(cwd, 'pb'));
    copyFileSync(path.join(BUILTIN_PLAYBOOKS, 'crises', 'product-quality.yaml'), path.join(cwd, 'pb', 'pq.yaml'));
    const source = readFileSync(path.join(cwd, 'pb', 'pq.yaml'), 'utf8');
    const run = await runCli(['drill', DRILL, '--playbooks', 'pb', '--junit', 'pb/pq.yaml'], {
      cwd,
      env: { CRISIS_LOG_DIR: path.join(cwd, 'logs') },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'error: --junit pb/pq.yaml is a file this command reads (pb/pq.yaml): writing the output there would destroy it\n' +
        HINT,
    );
    expect(readFileSync(path.join(cwd, 'pb', 'pq.yaml'), 'utf8')).toBe(source);
  });

  it('a report beside the logs under another name is written (only session files are kept)', async () => {
    const { cwd, logs, id, env } = await drillSession();
    const run = await runCli(['review', id, '-o', `logs/${id}.md`], { cwd, env });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`wrote logs/${id}.md\n`);
    expect(readFileSync(path.join(logs, `${id}.md`), 'utf8')).toMatch(/^# /);
  });
});
