/**
 * `crisis export ID`: the log as evidence, byte for byte. Before, it read the file as UTF-8 text with a plain
 * readFileSync: a planted symlink was followed (any file printed as the log), a FIFO hung it, a byte that is
 * not UTF-8 came out as three other bytes, and a damaged log was exported with exit 0 and no word.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, renameSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN } from '../helpers/paths.js';
import { cleanEnv } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp.js';

const ANSWERS = `operator: alice
responses:
  - { step: tf-name-leads, action: done, inputs: { incident-lead-name: Alice, spokesperson-name: Bob } }
  - { action: note, text: "batch B-7 on hold" }
`;

/** `crisis ARGS` in `home` (its log dir is home/logs), stdout as bytes. */
function crisis(home: string, args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: home,
    env: cleanEnv(home),
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 20_000,
  });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr.toString('utf8') };
}

/** A paused session of product-quality: its id and log file. */
function session(): { home: string; id: string; log: string } {
  const home = tempDir('crisis-export-');
  mkdirSync(path.join(home, 'logs'));
  writeFileSync(path.join(home, 'answers.yaml'), ANSWERS);
  const r = crisis(home, ['start', 'product-quality', '--answers', 'answers.yaml']);
  expect(r.code, r.stderr).toBe(0);
  const id = readdirSync(path.join(home, 'logs'))
    .find((f) => f.endsWith('.jsonl'))!
    .slice(0, -'.jsonl'.length);
  return { home, id, log: path.join(home, 'logs', `${id}.jsonl`) };
}

describe('crisis export', () => {
  it('an intact log: exactly its bytes on stdout, nothing on stderr, exit 0', () => {
    const { home, id, log } = session();
    const r = crisis(home, ['export', id]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.equals(readFileSync(log))).toBe(true);
    expect(r.stdout.toString('utf8').split('\n').at(-2)).toContain('"type":"session.paused"');
  });

  it('a byte that is not UTF-8: the same bytes out (not U+FFFD), the break said on stderr, exit 1', () => {
    const { home, id, log } = session();
    const lines = readFileSync(log).toString('latin1').split('\n');
    const at = lines[2]!.indexOf('"type"');
    lines[2] = `${lines[2]!.slice(0, at)}\xff${lines[2]!.slice(at + 1)}`;
    const damaged = Buffer.from(lines.join('\n'), 'latin1');
    writeFileSync(log, damaged);
    const r = crisis(home, ['export', id]);
    expect(r.code).toBe(1);
    expect(r.stdout.length).toBe(damaged.length);
    expect(r.stdout.equals(damaged)).toBe(true);
    expect(r.stderr).toBe(
      `warning: the log breaks at line 3: not valid UTF-8 (the bytes were edited or damaged); it is exported as it is, byte for byte (run \`crisis verify ${id}\`)\n`,
    );
  });

  it('lines after an edited one are exported too: the whole file, not the part before the break', () => {
    const { home, id, log } = session();
    const text = readFileSync(log, 'utf8');
    writeFileSync(log, text.replace('Alice', 'Xlice'));
    const r = crisis(home, ['export', id]);
    expect(r.code).toBe(1);
    expect(r.stdout.toString('utf8')).toBe(text.replace('Alice', 'Xlice'));
    expect(r.stderr).toMatch(/^warning: the log breaks at line 2: content does not match its hash/);
  });

  it('in Chinese, the warning too', () => {
    const { home, id, log } = session();
    writeFileSync(log, readFileSync(log, 'utf8').replace('Alice', 'Xlice'));
    const r = crisis(home, ['export', id, '--lang', 'zh']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^警告：日志在 .* 处断裂；已按原样逐字节导出（请运行 `crisis verify \d{8}-/);
  });

  it('a symlink planted as the log: refused (exit 3), the file it points to is not printed', () => {
    const { home, id, log } = session();
    const secret = path.join(home, 'secret.txt');
    writeFileSync(secret, 'not a log\n');
    renameSync(log, path.join(home, 'moved.jsonl'));
    symlinkSync(secret, log);
    const r = crisis(home, ['export', id]);
    expect(r.code).toBe(3);
    expect(r.stdout.length).toBe(0);
    expect(r.stderr).toContain(`refusing to read ${log}`);
    expect(r.stderr).toContain('symbolic link');
  });

  it('a FIFO as the log: refused at once (exit 3), no hang', () => {
    const { home, id, log } = session();
    unlinkSync(log);
    const mk = spawnSync('mkfifo', [log]);
    if (mk.status !== 0) return;
    const r = crisis(home, ['export', id]);
    expect(r.signal).toBeNull();
    expect(r.code).toBe(3);
    expect(r.stdout.length).toBe(0);
    expect(r.stderr).toContain('not a regular file');
  });
});
