/**
 * The built-in product-quality checklist (with the cn reporting duties) as a reader sees it: deadlines and
 * conditions in words, never an id the reader cannot look up.
 */
import { describe, expect, it } from 'vitest';
import { buildChecklist } from '../../src/render/checklist-data.js';
import { renderChecklistMarkdown } from '../../src/render/checklist-md.js';
import { compose } from '../../src/playbook/compose.js';
import { library, plan } from '../library/builtin.js';

const checklist = (lang: 'en' | 'zh') => renderChecklistMarkdown(buildChecklist(plan('product-quality', 'high'), lang));
const item = (md: string, text: string) => md.split('\n').find((l) => l.includes(text));

describe('a step timed by a reporting duty', () => {
  it('says its clock in Chinese as 法定报告时限, as the step screen and status do, never the duty id', () => {
    const zh = checklist('zh');
    expect(item(zh, '向市场监督管理部门报告死亡、严重人身伤害或重大财产损失**')).toContain(
      ' · 时限：T+2天（法定报告时限）',
    );
    expect(zh).not.toMatch(/（duty-[a-z0-9-]+）/);
    // English names the deadline by its id, as the playbook does (targetName).
    expect(
      item(checklist('en'), 'Report death, serious injury or major property loss to the market regulator**'),
    ).toContain(' · due: T+2d (duty-cn-product-harm-report)');
  });
});

describe('a step that applies only when the organisation profile says so', () => {
  it('names the profile fact by its question, in both languages, not by its id (org-listed)', () => {
    expect(checklist('en')).toContain('  *only if “Is the company listed on an exchange?” is yes*');
    expect(checklist('zh')).toContain('  *仅当“公司是否为上市公司？”为“是”*');
    expect(checklist('en')).not.toContain('org-listed');
    expect(checklist('zh')).not.toContain('org-listed');
  });
});

describe('the targets box', () => {
  const targets = (md: string) =>
    md
      .split('\n')
      .filter((l) => l.startsWith('| ') && !l.startsWith('| Target') && !l.startsWith('| ---'))
      .map((l) => l.split(' | ')[0]!.slice(2));
  const cyber = (jurisdictions: string[]) => {
    const composed = compose(library(), 'cybersecurity', { severity: 'high', jurisdictions }).plan!;
    return renderChecklistMarkdown(buildChecklist(composed, 'en'));
  };

  it('leaves out a deadline no step is timed by: regulator-notice once the reports of cn replaced its step', () => {
    expect(targets(cyber(['cn']))).toEqual([
      'Assessment',
      'First statement',
      'Updates',
      'Report the incident to the CII protection department and the police',
      "Report the incident to our department's cyberspace affairs office",
      'Report the incident to the provincial cyberspace office',
      'Notify the personal-information regulator and the people affected',
    ]);
    // Without duties the playbook's own step meets it, and the box names it by that step.
    expect(targets(cyber([]))).toEqual(['Assessment', 'First statement', 'Updates', 'Notify the regulators']);
  });
});
