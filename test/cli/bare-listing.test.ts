/**
 * `crisis status` said bare (with `--drills`, `--json` or both, nothing else) runs without commander and the
 * program (main.ts, bareListing). It must be the same command: the same output, errors and exit code as the
 * listing the program runs, which `--no-color` (no colour either way: the streams are not terminals) brings back.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bareListing } from '../../src/cli/main.js';
import { runMain } from '../helpers/in-process.js';
import { tempDir } from '../helpers/temp.js';

describe('bareListing', () => {
  it('takes status with --drills, --json, both or neither, each once, and nothing else', () => {
    expect(bareListing(['status'])).toEqual({ drills: false, json: false });
    expect(bareListing(['status', '--drills'])).toEqual({ drills: true, json: false });
    expect(bareListing(['status', '--json'])).toEqual({ drills: false, json: true });
    expect(bareListing(['status', '--json', '--drills'])).toEqual({ drills: true, json: true });
    for (const argv of [
      [],
      ['list'],
      ['status', 'latest'],
      ['status', '--crisis', 'product-quality'],
      ['status', '--json', '--json'],
      ['status', '--drills', '--json', '--debug'],
      ['status', '--help'],
      ['status', '--lang', 'zh'],
      ['--lang', 'zh', 'status'],
      ['status', '--drills=yes'],
      ['status', '--'],
      ['help', 'status'],
    ])
      expect(bareListing(argv), argv.join(' ')).toBeUndefined();
  });
});

describe('crisis status, bare and through the program', () => {
  /** The same listing both ways; what the bare one printed and exited with. */
  const both = async (flags: string[], env: Record<string, string>, cwd?: string) => {
    const bare = await runMain(['status', ...flags], { env, cwd });
    const program = await runMain(['--no-color', 'status', ...flags], { env, cwd });
    expect({ code: bare.code, stdout: bare.stdout, stderr: bare.stderr }).toEqual({
      code: program.code,
      stdout: program.stdout,
      stderr: program.stderr,
    });
    return bare;
  };

  it('lists the same sessions, drills shown or hidden, as text and as JSON, in English and Chinese', async () => {
    const logs = tempDir('crisis-bare-listing-');
    const drill = await runMain(['drill', 'product-quality-batch-defect'], { env: { CRISIS_LOG_DIR: logs } });
    expect(drill.code, drill.stderr).toBe(0);
    const env = { CRISIS_LOG_DIR: logs };
    expect((await both([], env)).stdout).toMatch(/drill session.*status --drills/);
    expect((await both(['--drills'], env)).stdout).toMatch(/product-quality\s+\S+ \S+\s+\d+\/\d+\s+ended \(drill\)/);
    const json = JSON.parse((await both(['--drills', '--json'], env)).stdout) as Array<Record<string, unknown>>;
    expect(json).toHaveLength(1);
    expect(json[0]).toMatchObject({ crisis: 'product-quality', state: 'ended', intact: true });
    expect(JSON.parse((await both(['--json'], env)).stdout)).toEqual([]);
    expect((await both(['--drills'], { ...env, CRISIS_LANG: 'zh' })).stdout).toContain('已结束');
  });

  it('says an empty log dir the same way', async () => {
    const logs = tempDir('crisis-bare-listing-empty-');
    expect((await both([], { CRISIS_LOG_DIR: logs })).stdout).toContain('no sessions');
  });

  it('refuses a bad CRISIS_STORE with the same error, exit code and language, as text and as JSON', async () => {
    const env = { CRISIS_LOG_DIR: tempDir('crisis-bare-listing-store-'), CRISIS_STORE: 'mysql://nowhere' };
    const text = await both([], env);
    expect(text.code).toBe(2);
    expect(text.stderr).toMatch(/^error: .*CRISIS_STORE/);
    expect(JSON.parse((await both(['--json'], env)).stderr)).toMatchObject({ code: 2, id: 'store.url' });
    expect((await both([], { ...env, CRISIS_LANG: 'zh' })).stderr).toMatch(/^错误：/);
  });

  it("takes the store from the organisation profile as the program's listing does", async () => {
    const cwd = tempDir('crisis-bare-listing-profile-');
    writeFileSync(path.join(cwd, 'crisis.config.yaml'), 'company: Acme\nstore: mysql://nowhere\n');
    const env = { CRISIS_LOG_DIR: path.join(cwd, 'logs') };
    const listed = await both([], env, cwd);
    expect(listed.code).toBe(2);
    expect(listed.stderr).toContain('crisis.config.yaml');
  });
});
