/**
 * A reporting duty on a printed checklist. It said 'due: T+1h (duty-cn-cyber-report-cii)', an id nobody on paper can
 * look up, counted from T (the start) where the law counts from detection. It now says the law's period from
 * detection; from a session that recorded the detection time before its start, also the time from T that status
 * gives, so `Started (T): 08:10` on the same sheet turns it into a clock time. Needs `npm run build` first.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/paths.js';
import { cleanEnv, runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp.js';

const BUILT_IN = path.join(REPO_ROOT, 'playbooks', 'drills', 'cybersecurity-regulator-report.yaml');

let dir: string;
let env: NodeJS.ProcessEnv;

/** The built-in report drill started 2026-03-02 08:10 in Asia/Shanghai, the incident detected at `detected`. */
async function drillSession(id: string, detected: string): Promise<string> {
  const text = readFileSync(BUILT_IN, 'utf8')
    .replace("detected-at: '2026-03-02 08:10'", `detected-at: '${detected}'`)
    .replace(/^id: cybersecurity-regulator-report$/m, `id: ${id}`)
    .replace('\nseverity: high\n', "\nseverity: high\nstart: '2026-03-02T00:10:00Z'\n")
    .replace('\nfacts:\n', '\nfacts:\n  org-time-zone: Asia/Shanghai\n');
  expect(text).toContain(`detected-at: '${detected}'`);
  const file = path.join(dir, `${id}.yaml`);
  writeFileSync(file, text);
  const drill = await runCli(['drill', file], { cwd: dir, env });
  const session = /log: .*\/([^/]+)\.jsonl$/m.exec(drill.stdout)?.[1];
  expect(session, drill.stdout + drill.stderr).toBeDefined();
  return session!;
}

async function checklist(...args: string[]): Promise<string> {
  const r = await runCli(['checklist', ...args], { cwd: dir, env: { ...env, TZ: 'Asia/Shanghai' } });
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

const lineOf = (text: string, needle: string) => text.split('\n').find((l) => l.includes(needle));
const OTHER = 'Report the incident to the provincial cyberspace office';
const OTHER_ZH = '向属地省级网信部门报告网络安全事件';

beforeAll(() => {
  dir = tempDir('crisis-checklist-detection-');
  env = cleanEnv(dir, { CRISIS_LOG_DIR: path.join(dir, 'logs') });
});

describe('checklist: a reporting duty', () => {
  it('says its period from detection, not its id, in English and in Chinese', async () => {
    const md = await checklist('cybersecurity');
    expect(lineOf(md, `**2.2 Report the incident to the CII protection department and the police**`)).toBe(
      '- [ ] **2.2 Report the incident to the CII protection department and the police** — owner: Legal and ' +
        'compliance · due: 1h from detection\\',
    );
    expect(lineOf(md, `| ${OTHER} |`)).toBe(`| ${OTHER} | 4h from detection |`);
    expect(md).not.toMatch(/duty-cn-/);
    const zh = await checklist('--lang', 'zh', 'cybersecurity');
    expect(lineOf(zh, `**5.2 ${OTHER_ZH}**`)).toContain(' · 时限：自发现起 4小时\\');
    expect(zh).not.toMatch(/duty-cn-|法定报告时限）/);
  });

  it('--session: detected 2h before the start, the deadline from T as well', async () => {
    const session = await drillSession('checklist-detected-early', '2026-03-02 06:10');
    const md = await checklist('--session', session);
    expect(md).toContain('**Started (T):** 08:10');
    expect(lineOf(md, `| ${OTHER} |`)).toBe(`| ${OTHER} | T+2h (4h from detection) |`);
    expect(lineOf(md, `| Report the incident to the CII protection department`)).toContain(
      ' | T-1h (1h from detection) |',
    );
    expect(lineOf(md, `**5.2 ${OTHER}**`)).toContain(' · due: T+2h (4h from detection)\\');
    const zh = await checklist('--lang', 'zh', '--session', session);
    expect(lineOf(zh, `| ${OTHER_ZH} |`)).toBe(`| ${OTHER_ZH} | T+2小时（自发现起 4小时） |`);
    expect(lineOf(zh, '| 向本部门网信工作机构报告网络安全事件 |')).toContain(' | T（自发现起 2小时） |');
    const cards = await checklist('--session', session, '--cards', '--role', 'legal', '--format', 'html');
    expect(cards).toContain('<span class="due">T+2h (4h from detection)');
  });

  it('--session with no detection before the start: the period from detection only', async () => {
    const session = await drillSession('checklist-detected-at-start', '2026-03-02 08:10');
    const md = await checklist('--session', session);
    expect(lineOf(md, `| ${OTHER} |`)).toBe(`| ${OTHER} | 4h from detection |`);
    expect(lineOf(md, `**5.2 ${OTHER}**`)).toContain(' · due: 4h from detection\\');
  });
});
