/**
 * A planted profile (QA): crisis.config.yaml in a parent directory, owned by
 * another user or writable by others, naming an attacker's database as the
 * store and "Evil" as the company. `start` below it must neither connect
 * there nor put the company into the session: the file is skipped with a
 * warning and a hint, once, and the session lives in CRISIS_LOG_DIR.
 */
import { chmodSync, chownSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../helpers/pg.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp.js';

const ANSWERS = 'operator: bob\nunlisted: fail\nresponses:\n  - { action: note, text: "first note" }\n';

async function planted(mode: number) {
  const root = tempDir('crisis-planted-');
  const sub = path.join(root, 'sub');
  mkdirSync(sub);
  const file = path.join(root, 'crisis.config.yaml');
  const port = await freePort();
  writeFileSync(file, `company: Evil\nstore: postgres://attacker@127.0.0.1:${port}/steal\n`);
  chmodSync(file, mode);
  writeFileSync(path.join(root, 'a.yaml'), ANSWERS);
  return { root, sub, file };
}

async function startBelow(sub: string, args: string[] = []) {
  const logs = tempDir('crisis-planted-logs-');
  const r = await runCli(['start', 'product-quality', '--answers', '../a.yaml', ...args], {
    cwd: sub,
    env: { CRISIS_LOG_DIR: logs },
  });
  const logFiles = readdirSync(logs).filter((f) => f.endsWith('.jsonl'));
  const log = logFiles.map((f) => readFileSync(path.join(logs, f), 'utf8')).join('');
  return { r, logFiles, log };
}

describe('a planted profile in a parent directory', () => {
  it('writable by others: skipped with one warning and a hint; the session is a file session without its company', async () => {
    const p = await planted(0o666);
    const { r, logFiles, log } = await startBelow(p.sub);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stderr.split('\n');
    expect(lines.filter((l) => l.includes(p.file))).toEqual([
      `warning: the profile ${p.file} is ignored: users other than its owner may write to it (mode 0666)`,
      `hint: to use it anyway, pass --profile ${p.file}; to have it found, make it yours and writable only by you` +
        ' (`chown`, `chmod go-w`)',
    ]);
    expect(r.stderr).not.toContain('organisation profile:');
    expect(r.stderr).not.toContain('database');
    expect(logFiles).toHaveLength(1);
    expect(log).toContain('first note');
    expect(log).not.toContain('Evil');
  }, 60_000);

  it('in Chinese too', async () => {
    const p = await planted(0o646);
    const { r } = await startBelow(p.sub, ['--lang', 'zh']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.split('\n').filter((l) => l.includes(p.file))).toEqual([
      `警告：已忽略组织档案 ${p.file}：其所有者以外的用户可以写入它（权限 0646）`,
      `提示：如仍要使用，请传 --profile ${p.file}；若要让它被自动找到，请把它改为你所有、只有你可写（\`chown\`、\`chmod go-w\`）`,
    ]);
  }, 60_000);

  it.skipIf(process.getuid?.() !== 0)(
    'owned by another user (chown nobody), even 0644: skipped',
    async () => {
      const p = await planted(0o644);
      chownSync(p.file, 65534, 65534);
      const { r, log } = await startBelow(p.sub);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain(`warning: the profile ${p.file} is ignored: it belongs to another user (uid 65534)\n`);
      expect(log).not.toContain('Evil');
      // status asks the profile for the store as well: it is not asked there either.
      const status = await runCli(['status'], { cwd: p.sub, env: { CRISIS_LOG_DIR: tempDir('crisis-planted-logs-') } });
      expect(status.code, status.stderr).toBe(0);
      expect(status.stderr).toContain('is ignored: it belongs to another user');
    },
    60_000,
  );

  it('named with --profile it is used, with a warning that every user may write it', async () => {
    const p = await planted(0o666);
    writeFileSync(p.file, 'company: Chosen\n');
    const { r, log } = await startBelow(p.sub, ['--profile', p.file]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.split('\n').slice(0, 2)).toEqual([
      `warning: the profile ${p.file} is writable by every user (mode 0666):` +
        ' anyone here can change its company, signatories and store',
      'hint: make it writable only by its owner (`chmod o-w`), or name another file',
    ]);
    expect(r.stderr).toContain(`organisation profile: ${p.file}`);
    expect(JSON.parse(log.split('\n')[0]!).data.facts['org-company']).toBe('Chosen');
  }, 60_000);
});
