import { describe, expect, it } from 'vitest';
import { runMain } from '../helpers/in-process.js';
import { tempDir } from '../helpers/temp.js';

/**
 * A duty's written report (regulator-report-<id>) is due with the duty it is sent for: `show` and `checklist` print
 * its deadline, which they left out, counted from detection as the duty step's is. A report shared by the cyber tiers
 * (1h, 2h, 4h) gives the earliest on paper; the step screen gives the tier that applies (test/render/step-screen).
 */
const run = (args: string[]) => {
  const cwd = tempDir('crisis-report-due-');
  return runMain(args, { cwd, env: { CRISIS_LOG_DIR: cwd, NO_COLOR: '1' } });
};
const lineAfter = (out: string, text: string) => {
  const lines = out.split('\n');
  return lines[lines.findIndex((l) => l.includes(text)) + 1];
};

describe("a duty's written report has a due line", () => {
  it.each([
    ['en', 'Legal and compliance (legal)   due: duty-cn-cyber-report-cii (1h)', 'duty-cn-pipl-leak-notice (4h)'],
    ['zh', '负责：法务合规（legal）   时限：法定报告时限（1小时）', '时限：法定报告时限（4小时）'],
  ])('show, %s', async (lang, cac, pipl) => {
    const r = await run(['show', 'cybersecurity', '--jurisdiction', 'cn', '--lang', lang]);
    expect(r.code, r.stderr).toBe(0);
    const id = (step: string) => (lang === 'zh' ? `（${step}）` : `(${step})`);
    expect(lineAfter(r.stdout, id('regulator-report-cn-cyber-incident'))).toContain(cac);
    expect(lineAfter(r.stdout, id('regulator-report-cn-pipl-notice'))).toContain(pipl);
  });

  it.each([
    ['en', 'Write the cybersecurity incident report for the regulator**', ' · due: 1h from detection\\'],
    ['en', 'Write the personal-information incident notice for the regulator**', ' · due: 4h from detection\\'],
    ['zh', '撰写报送监管部门的网络安全事件报告**', ' · 时限：自发现起 1小时\\'],
    ['zh', '撰写报送个人信息保护职责部门的个人信息安全事件通知**', ' · 时限：自发现起 4小时\\'],
  ])('checklist, %s: %s', async (lang, title, due) => {
    const r = await run(['checklist', 'cybersecurity', '--jurisdiction', 'cn', '--lang', lang]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\n').find((l) => l.includes(title))).toContain(due);
  });
});
