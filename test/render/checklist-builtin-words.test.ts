/**
 * The built-in product-quality (and cybersecurity) checklist (with the cn reporting duties) as a reader sees it: deadlines and
 * conditions in words, never an id the reader cannot look up.
 */
import { describe, expect, it } from 'vitest';
import { buildChecklist } from '../../src/render/checklist-data.js';
import { renderChecklistCardsHtml, renderChecklistHtml } from '../../src/render/checklist-html.js';
import { renderChecklistCardsMarkdown, renderChecklistMarkdown } from '../../src/render/checklist-md.js';
import { compose } from '../../src/playbook/compose.js';
import { library, plan } from '../library/builtin.js';

const checklist = (lang: 'en' | 'zh') => renderChecklistMarkdown(buildChecklist(plan('product-quality', 'high'), lang));
const item = (md: string, text: string) => md.split('\n').find((l) => l.includes(text));

describe('a step timed by a reporting duty', () => {
  // The law counts it from detection (progress.ts dutyClock), which may be before T, the start the checklist counts
  // from: the period from detection, as the review says it, in every format, never the duty's id or a T+ time.
  const cyber = (lang: 'en' | 'zh') =>
    buildChecklist(compose(library(), 'cybersecurity', { severity: 'high', jurisdictions: ['cn'] }).plan!, lang);

  it('says its period from detection, in both languages, never the duty id', () => {
    const zh = checklist('zh');
    expect(
      item(
        zh,
        '向市场监督管理部门报告：产品已经造成或者可能造成死亡、严重人身伤害、重大财产损失，或已在境外实施召回（第19号令第8条，待核实）**',
      ),
    ).toContain(' · 时限：自发现起 2天\\');
    expect(zh).not.toMatch(/（duty-[a-z0-9-]+）/);
    const en = checklist('en');
    expect(
      item(
        en,
        'Report to the market regulator: the product has caused or may cause death, serious injury or major property loss, or was recalled outside China (Order 19 art. 8, unconfirmed)**',
      ),
    ).toContain(' · due: 2d from detection\\');
    expect(en).not.toMatch(/\(duty-[a-z0-9-]+\)/);
    expect(
      item(
        renderChecklistMarkdown(cyber('en')),
        'Report the incident to the CII protection department and the police**',
      ),
    ).toContain(' — owner: Legal and compliance · due: 1h from detection\\');
  });

  it('says so in the targets box, on the cards and in HTML, where T is the start', () => {
    const md = renderChecklistMarkdown(cyber('en'));
    expect(md).toContain('**Targets** (T = the time the response started)');
    expect(md).toContain('| Assessment | T+1h |\n');
    expect(md).toContain(
      '| Report the incident to the CII protection department and the police | 1h from detection |\n',
    );
    expect(renderChecklistMarkdown(cyber('zh'))).toContain(
      '| 向保护工作部门和公安机关报告网络安全事件 | 自发现起 1小时 |\n',
    );
    const cards = renderChecklistCardsMarkdown(cyber('en'), 'legal');
    expect(item(cards, 'Report the incident to the provincial cyberspace office**')).toContain(
      '** · 4h from detection · *only if',
    );
    const html = renderChecklistHtml(cyber('zh'));
    expect(html).toContain('<dt>向属地省级网信部门报告网络安全事件</dt><dd>自发现起 4小时</dd>');
    expect(html).toContain('<td class="c-owner">法务合规</td><td class="c-due">自发现起 1小时</td>');
    expect(renderChecklistCardsHtml(cyber('en'), 'legal')).toContain('<span class="due">2h from detection');
    for (const text of [md, cards, html]) expect(text).not.toMatch(/duty-cn-cyber-report-(cii|central|other)\)/);
  });

  it('marks the deadline in JSON, for a reader of the data', () => {
    const data = cyber('en');
    expect(data.targets.find((t) => t.id === 'duty-cn-cyber-report-cii')).toEqual({
      id: 'duty-cn-cyber-report-cii',
      label: 'Report the incident to the CII protection department and the police',
      duration: '1h',
      repeats: false,
      fromDetection: true,
    });
    expect(data.targets.find((t) => t.id === 'assessment')?.fromDetection).toBeUndefined();
    const report = data.phases.flatMap((p) => p.items).find((i) => i.id === 'report-cn-cyber-report-cii');
    expect(report?.due).toEqual({
      spec: 'duty-cn-cyber-report-cii',
      target: 'duty-cn-cyber-report-cii',
      after: '1h',
      fromDetection: true,
    });
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
