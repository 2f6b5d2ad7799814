/**
 * The organisation profile as a user meets it: found in the working
 * directory (or a parent, or the config dir), named with --profile, its facts
 * recorded in the session.started event, its jurisdictions the default, and
 * a broken file refused with its position before any session exists.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp.js';

const EXAMPLE = path.join(REPO_ROOT, 'examples', 'org.yaml');
const SKIP_ALL = 'unlisted: skip\nresponses: []\n';

/** Start product-quality unattended (every step skipped) in `cwd`; return the run and the first log event. */
async function start(cwd: string, args: string[] = [], env: Record<string, string> = {}) {
  const logs = tempDir('crisis-profile-logs-');
  writeFileSync(path.join(cwd, 'answers.yaml'), SKIP_ALL);
  const r = await runCli(['start', 'product-quality', '--answers', 'answers.yaml', ...args], {
    cwd,
    env: { CRISIS_LOG_DIR: logs, ...env },
  });
  const log = readdirSync(logs).find((f) => f.endsWith('.jsonl'));
  const first = log ? JSON.parse(readFileSync(path.join(logs, log), 'utf8').split('\n')[0]!) : undefined;
  return { r, first };
}

describe('crisis start with an organisation profile', () => {
  it("says which of the plan's channels the profile lacks, and which listed channel no statement uses", async () => {
    const cwd = tempDir('crisis-profile-channels-');
    const profile = readFileSync(EXAMPLE, 'utf8').replace(
      'channels: [website, social, email, hotline, press-release]',
      'channels: [website, weibo, email]',
    );
    writeFileSync(path.join(cwd, 'org.yaml'), profile);
    const { r } = await start(cwd);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      'warning: this plan issues statements on social, hotline, press-release, which the profile does not list ' +
        '(its channels: website, weibo, email); add them to the profile, or skip those channels when each statement comes',
    );
    expect(r.stderr).toContain(
      'warning: the profile lists weibo, which no statement of this plan uses (it uses: website, social, hotline, email, press-release)',
    );
    const zh = await start(cwd, ['--lang', 'zh']);
    expect(zh.r.stderr).toContain('警告：组织信息列出的 weibo 未被本预案的任何声明使用');
  });

  it('the example profile lists every channel the built-in plan uses: no channel warning', async () => {
    const cwd = tempDir('crisis-profile-channels-ok-');
    copyFileSync(EXAMPLE, path.join(cwd, 'org.yaml'));
    const { r } = await start(cwd);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('warning:');
  });

  it('reads crisis.config.yaml from a parent of the working directory and records its facts', async () => {
    const root = tempDir('crisis-profile-');
    copyFileSync(EXAMPLE, path.join(root, 'crisis.config.yaml'));
    const cwd = path.join(root, 'team', 'ops');
    mkdirSync(cwd, { recursive: true });
    const { r, first } = await start(cwd);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`organisation profile: ${path.join(root, 'crisis.config.yaml')}`);
    expect(first.type).toBe('session.started');
    expect(first.data.profile).toBe(path.join(root, 'crisis.config.yaml'));
    expect(first.data.facts).toMatchObject({
      'org-company': 'Acme Home Appliances Co., Ltd.',
      'org-brand': 'Acme Home',
      'org-hotline': '400-800-1234',
      'org-time-zone': 'Asia/Shanghai',
      'org-listed': true,
      'signer-leadership': 'Zhang Wei',
      'signer-leadership-title': 'Chief Executive Officer',
    });
    // The profile's jurisdictions are the default: the CN duties are in the plan.
    expect(first.data.jurisdictions).toEqual(['cn']);
  });

  it('--profile names the file; --lang zh records the Chinese names; --jurisdiction still wins', async () => {
    const cwd = tempDir('crisis-profile-');
    const { r, first } = await start(cwd, ['--profile', EXAMPLE, '--jurisdiction', 'eu', '--lang', 'zh']);
    expect(r.code).toBe(0);
    expect(first.data.facts['org-company']).toBe('艾克美家电有限公司');
    expect(first.data.facts['signer-spokesperson']).toBe('李娜');
    expect(first.data.jurisdictions).toEqual(['eu']);
  });

  it('falls back to the user config dir, and records nothing when there is no profile', async () => {
    const config = tempDir('crisis-config-');
    mkdirSync(path.join(config, 'crisis'));
    writeFileSync(path.join(config, 'crisis', 'org.yaml'), 'company: Config Dir Ltd\n');
    const found = await start(tempDir('crisis-profile-'), [], { XDG_CONFIG_HOME: config });
    expect(found.r.code).toBe(0);
    expect(found.first.data.facts).toEqual({ 'org-company': 'Config Dir Ltd', 'org-brand': 'Config Dir Ltd' });
    const none = await start(tempDir('crisis-profile-'));
    expect(none.r.code).toBe(0);
    expect(none.first.data.facts).toBeUndefined();
    expect(none.r.stderr).not.toContain('organisation profile');
  });

  it('a broken profile: exit 2, naming file:line:col, no session; a bare-number hotline is fine', async () => {
    const cwd = tempDir('crisis-profile-');
    writeFileSync(path.join(cwd, 'org.yaml'), 'company: Acme\ntime-zone: Mars/Olympus\nhotline: 12315\n');
    const { r, first } = await start(cwd);
    expect(r.code).toBe(2);
    const line = r.stderr.split('\n')[0]!;
    expect(line).toMatch(/^error: org\.yaml:2:12: /);
    expect(line).toContain('time-zone: not a time zone this system knows (use an IANA name such as Asia/Shanghai)');
    expect(line).not.toContain('hotline');
    expect(r.stderr).toContain('hint: see the profile section of the README');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(first).toBeUndefined();
  });

  it('--profile naming a missing file: exit 2 before anything starts', async () => {
    const cwd = tempDir('crisis-profile-');
    const { r, first } = await start(cwd, ['--profile', 'nope.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toMatch(/^error: profile nope\.yaml: /);
    expect(first).toBeUndefined();
  });
});
