import { describe, expect, it } from 'vitest';
import { distMain, fakeDeps } from '../helpers/in-process.js';

/** The readiness playbook (issue 14, prevention in peacetime) prints as a paper checklist in both languages. */
describe('crisis checklist readiness', () => {
  const STEPS = {
    en: [
      '1.1 Verify the contact tree by calling every number',
      '2.1 Set up monitoring where complaints surface',
      '3.1 Pre-approve a holding statement for each crisis type',
      '3.2 Build a dark site that can go live in 15 minutes',
      '4.1 Put the drills in the calendar',
      '4.2 Train the spokesperson and a deputy',
    ],
    zh: [
      '1.1 逐一拨打，核实危机联络网',
      '2.1 在投诉集中出现的平台上设好监测',
      '3.1 为每类危机预先审定应急声明',
      '3.2 搭建 15 分钟内可上线的备用网页',
      '4.1 把演练排进日程',
      '4.2 培训发言人及其替补',
    ],
  };

  it.each(['en', 'zh'] as const)('prints every readiness step in order, in %s', async (lang) => {
    const { main } = await distMain();
    const deps = fakeDeps();
    const code = await main(['checklist', 'readiness', '--lang', lang], deps);
    expect(deps.stderr.text()).toBe('');
    expect(code).toBe(0);
    const out = deps.stdout.text();
    const titles = [...out.matchAll(/^- \[ \] \*\*(\d\.\d [^*]+)\*\*/gm)].map((m) => m[1]);
    expect(titles).toEqual(STEPS[lang]);
    // Where Chinese complaints surface, and the deadlines a team can tune.
    expect(out).toContain(
      lang === 'en'
        ? 'Weibo, Douyin, Xiaohongshu, WeChat, 12315 and Heimao Tousu'
        : '微博、抖音、小红书、微信、12315、黑猫投诉',
    );
    expect(out).toContain(lang === 'en' ? 'due: T+7d' : '时限：T+7天');
  });
});
