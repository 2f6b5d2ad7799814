import { describe, expect, it } from 'vitest';
import { renderPlanText } from '../../src/render/plan-text.js';
import { plan } from '../library/builtin.js';

const plain = { bold: (s: string) => s, dim: (s: string) => s, cyan: (s: string) => s };

describe('crisis show text', () => {
  it('in Chinese, names severity, targets, units, input types and conditions in Chinese', () => {
    const lines = renderPlanText(plan('product-quality', 'high'), 'zh', plain);
    const text = lines.join('\n');
    expect(lines[2]).toMatch(
      /^级别：高 {3}时限：完成评估 30分钟、首次声明 1小时、定时通报 12小时 {3}步：\d+（满足条件时最多 \d+）$/,
    );
    // The ids severity-rating and rate-severity are what people type, not English labels.
    const words = text.replace(/[a-z0-9-]*-severity\b|\bseverity-[a-z0-9-]*/g, '');
    expect(words).not.toMatch(/\bseverity\b|\brequired\b|\(text|\(yes-no|only if|\bowner\b/);
    expect(text).toContain('必填');
    // statement channels in words, joined as Chinese joins words
    expect(text).toContain('发布渠道：官网、社交媒体、客服热线、邮件、新闻稿   审批：法务合规（legal）');
  });

  it('in Chinese, the inputs a step records in full-width brackets and commas, joined as Chinese joins words', () => {
    const lines = renderPlanText(plan('product-quality', 'high'), 'zh', plain);
    expect(lines).toContain('        记录：first-signal（文字，必填）、signal-source（选项）');
    expect(lines.filter((l) => l.startsWith('        记录：')).join('\n')).not.toMatch(/[(),]/);
    const en = renderPlanText(plan('product-quality', 'high'), 'en', plain);
    expect(en).toContain('        records: first-signal (text, required), signal-source (choice)');
  });

  it("in Chinese, step ids, role ids and a target's length in full-width brackets; English keeps its own", () => {
    const zh = renderPlanText(plan('product-quality', 'high'), 'zh', plain);
    expect(zh).toContain('  [1/55] 指定危机总指挥和新闻发言人，召集核心小组（tf-name-leads）');
    expect(zh).toContain('        负责：管理层（leadership）   时限：15分钟');
    expect(zh.some((l) => /^ {8}负责：公关（pr） {3}时限：首次声明（1小时）$/.test(l))).toBe(true);
    // every line a step or its owner is on: no half-width bracket left
    expect(zh.filter((l) => /^ {2}\[|^ {8}负责：/.test(l)).join('\n')).not.toMatch(/[()]/);
    const en = renderPlanText(plan('product-quality', 'high'), 'en', plain);
    expect(en).toContain(
      '  [1/55] Name the incident lead and the spokesperson, and call in the core team (tf-name-leads)',
    );
    expect(en).toContain('        owner: Leadership (leadership)   due: 15m');
    expect(en[2]).toMatch(/targets: assessment 30m, first-statement 1h, update-every 12h/);
  });

  it("in Chinese, a condition on an organisation's fact reads its label, as the step screen does", () => {
    const lines = renderPlanText(plan('product-quality', 'high'), 'zh', plain);
    const at = lines.findIndex((l) => l.includes('（sh-investor-notice）'));
    expect(lines.slice(at + 1, at + 3)).toContain('        仅当：“公司是否为上市公司？”为“是”');
    expect(lines.join('\n')).not.toContain('org-listed');
  });

  it('in English, keeps the ids people type', () => {
    const lines = renderPlanText(plan('product-quality', 'high'), 'en', plain);
    // the condition too, for playbook authors (the checklist and the step screen read labels)
    const at = lines.findIndex((l) => l.includes('(sh-investor-notice)'));
    expect(lines.slice(at + 1, at + 3)).toContain('        only if: org-listed is yes');
    expect(lines[2]).toMatch(/^severity: high {3}targets: assessment 30m, first-statement 1h, update-every 12h/);
    expect(lines).toContain(
      '        statement on: website, social, hotline, email, press-release   approved by: Legal and compliance (legal)',
    );
  });
});
