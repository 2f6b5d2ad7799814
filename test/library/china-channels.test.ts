/**
 * The China context in monitoring (issue 14, P5): Chinese complaints surface on
 * 微博, 抖音, 小红书, 微信公众号 and the complaint platforms 12315 and 黑猫投诉,
 * so every crisis plan's opinion monitoring names them beside the global
 * platforms, in both languages.
 */
import { describe, expect, it } from 'vitest';
import { planSteps } from '../../src/playbook/compose.js';
import type { Text } from '../../src/playbook/types.js';
import { CRISES, plan } from './builtin.js';

const ZH = ['微博', '抖音', '小红书', '微信公众号', '12315', '黑猫投诉'];
const EN = ['Weibo', 'Douyin', 'Xiaohongshu', 'WeChat official accounts', '12315', 'Black Cat'];

const texts = (t: Text | undefined, lang: 'en' | 'zh') =>
  t === undefined ? '' : typeof t === 'string' ? t : (t[lang] ?? '');

describe.each(CRISES)('%s monitoring', (id) => {
  const steps = planSteps(plan(id, 'critical'));
  const monitoring = steps.filter((s) => s.tags?.includes('monitoring') && (s.source === id || s.id === 'sm-monitor'));

  it('has the shared social monitoring step and at least one of its own', () => {
    expect(monitoring.some((s) => s.id === 'sm-monitor')).toBe(true);
    expect(monitoring.filter((s) => s.source === id).length).toBeGreaterThanOrEqual(1);
  });

  it.each(['en', 'zh'] as const)('every monitoring step names the Chinese platforms in %s', (lang) => {
    const missing = monitoring.flatMap((s) => {
      const all = [texts(s.guidance, lang), ...(s.checklist ?? []).map((c) => texts(c, lang))].join('\n');
      return (lang === 'zh' ? ZH : EN).filter((name) => !all.includes(name)).map((name) => `${s.id}: ${name}`);
    });
    expect(missing).toEqual([]);
  });

  it('the shared step still names the global platforms', () => {
    const sm = monitoring.find((s) => s.id === 'sm-monitor')!;
    for (const name of ['X', 'Instagram', 'TikTok']) expect(texts(sm.guidance, 'en')).toContain(name);
  });
});
