import { describe, expect, it } from 'vitest';
import { checkExpectations } from '../../src/session/expectations.js';
import { buildReview } from '../../src/render/review-data.js';
import { renderReviewHtml, svgChart } from '../../src/render/review-html.js';
import { renderReviewMarkdown, textChart } from '../../src/render/review-md.js';
import { displayWidth } from '../../src/render/width.js';
import { SESSION_FILES, SESSION_TASK_FORCE } from '../helpers/fixtures.js';
import { Harness, sessionPlan } from '../helpers/session-plan.js';

/** A short session: started, one step done, a note. */
function review(lang: 'en' | 'zh') {
  const h = Harness.started();
  h.after(5).act({ type: 'note', text: 'hotline opened' });
  return buildReview(h.plan, h.state, h.store.events, { lang });
}

describe('the review speaks the language it was asked for', () => {
  it('Markdown: headings and "none" in Chinese with --lang zh, in English by default', () => {
    const zh = renderReviewMarkdown(review('zh'), 'zh');
    expect(zh).toMatch(/^# 危机复盘：/);
    for (const heading of ['## 衡量指标', '## 时间线图', '## 已发布的声明', '## 决策', '## 完整时间线'])
      expect(zh).toContain(heading);
    expect(zh).toContain('无。');
    expect(zh).not.toMatch(/^## (Measures|Decisions|Full timeline)$/m);
    const en = renderReviewMarkdown(review('en'));
    expect(en).toMatch(/^# Post-crisis review: /);
    expect(en).toContain('## Statements issued\n\nNone.');
  });

  it('HTML: the title and section headings in Chinese with --lang zh', () => {
    const html = renderReviewHtml(review('zh'), 'zh');
    expect(html).toMatch(/<title>危机复盘：[^<]*<\/title>/);
    for (const heading of ['衡量指标', '时间线图', '已发布的声明', '决策', '角色交接', '复盘与预防', '完整时间线'])
      expect(html).toContain(`<h2>${heading}</h2>`);
    expect(html).toContain('<h2>已发布的声明</h2><p class="none">无。</p>');
    expect(html).not.toContain('<h2>Measures</h2>');
  });
});

/**
 * A session that touches every sentence the review builds: a skipped step,
 * a blocked one, one never reached, a late one, ad-hoc notes and decisions,
 * a handoff, an issued statement, a pause and a resume.
 */
function eventfulReview(lang: 'en' | 'zh') {
  const h = Harness.started();
  h.after(5).act({ type: 'skip', step: 'apology', reason: '不需要' });
  h.after(5).act({ type: 'block', step: 'name-leads', reason: '等待法务' });
  h.after(5).act({ type: 'note', text: '热线已开通' });
  h.after(5).act({ type: 'decision', decision: '暂停发货', options: ['暂停发货', '继续发货'], decidedBy: '王伟' });
  h.after(5).act({ type: 'handoff', role: 'spokesperson', to: '李娜' });
  h.after(5).act({ type: 'issue', step: 'quick-post', channels: { social: '我们正在调查。' } });
  h.after(5).act({ type: 'pause', reason: '交接' });
  h.after(600).act({ type: 'resume' });
  h.after(5).act({ type: 'end' });
  return buildReview(h.plan, h.state, h.store.events, { lang });
}

/** Words left after removing what the operator and the playbook wrote: ids, code, event types, data. */
function englishWordsIn(text: string): string[] {
  const data = [
    ...['alice', 'sess-crisis', 'social', 'spokesperson', 'Session test crisis'],
    ...['confirm', 'name-leads', 'apology', 'quick-post', 'holding-statement'],
  ];
  let rest = text
    .replace(/`[^`]*`/g, '')
    .replace(/<code>[^<]*<\/code>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&[a-z]+;/g, ' ')
    .replace(/\b(session|step|note|decision|role|statement|inject|review)\.[a-z.-]+/g, '')
    .replace(
      /\b(Communicate|First statement|Check the facts with legal|Publish the holding statement|Spokesperson)\b/g,
      '',
    );
  for (const d of data) rest = rest.replaceAll(d, '');
  // The zone of the local times (UTC, UTC+08:00) is a name, not prose.
  rest = rest.replace(/\bUTC(?:[+-]\d\d:\d\d)?/g, '');
  // CSS, SVG attributes and the durations (1h30m) are not prose.
  rest = rest.replace(/\{[^}]*\}/g, '').replace(/\b\d+[dhms](\d+[dhms])*\b/g, '');
  return [...new Set(rest.match(/[A-Za-z]{3,}/g) ?? [])];
}

describe('a Chinese review has no English sentence of the tool’s own', () => {
  it('Markdown: measures, counts, chart, decisions, handoffs, deviations and the timeline are in Chinese', () => {
    const md = renderReviewMarkdown(eventfulReview('zh'), 'zh');
    for (const phrase of [
      '| 指标 | 目标 | 实际 |',
      '首次公开声明用时',
      '步骤：共 ',
      'S 声明 · A 评估',
      '（决策人：王伟；备选方案：暂停发货；继续发货）',
      '- T+00:25 — Spokesperson：（无人） → 李娜',
      '**跳过** `apology`：T+00:05 跳过：不需要',
      '  - 建议修改：给 apology 加上适用条件',
      '**受阻** `name-leads`：仍然受阻：等待法务',
      '- 危机：sess-crisis，严重级别 中；操作人 alice',
      '（现为 首次声明）',
      '| # | 本地时间 | T+ | 事件 | 步骤 | 操作人 | 内容 |',
      '已在 社交媒体 发布声明',
      '已暂停（交接）',
    ])
      expect(md).toContain(phrase);
    expect(englishWordsIn(md), md).toEqual([]);
  });

  it('HTML: the same sentences, and the chart rows and badge, in Chinese', () => {
    const html = renderReviewHtml(eventfulReview('zh'), 'zh');
    expect(html).toContain('<tr><th>指标</th><th>目标</th><th>实际</th><th></th></tr>');
    expect(html).toContain('aria-label="时间线图"');
    expect(html).toContain('fill="#333">声明</text>');
    expect(html).toContain('<em>建议修改：</em>');
    expect(englishWordsIn(html.slice(html.indexOf('</style>'))), html).toEqual([]);
  });

  it('English stays as it was', () => {
    const md = renderReviewMarkdown(eventfulReview('en'));
    expect(md).toContain('| measure | target | actual |');
    expect(md).toContain('(decided by 王伟; options: 暂停发货; 继续发货)');
    expect(md).toContain('**skipped** `apology`: skipped at T+00:05: 不需要');
    expect(md).toContain('  - proposed change: make apology conditional (when:)');
    expect(md).toMatch(/Steps: \d+ done, 1 skipped, 1 blocked, \d+ left open, \d+ late, of \d+\./);
    expect(md).toContain('paused (交接)');
  });
});

/**
 * The brackets and commas around a follow-up's time and author, a statement's step, a decision's step and a
 * review answer's time come from the catalogue: a Chinese review wrote `(T+00:05, alice)` in English ones.
 */
describe('the brackets and separators of the review are the reader’s', () => {
  function bracketed(lang: 'en' | 'zh') {
    const h = Harness.started();
    h.after(5).act({ type: 'note', step: 'apology', text: 'TODO: 联系供应商' });
    h.after(5).act({
      type: 'decision',
      step: 'apology',
      decision: '暂停发货',
      options: ['暂停', '继续'],
      decidedBy: '王伟',
    });
    h.after(5).act({ type: 'issue', step: 'quick-post', channels: { social: '我们正在调查。' } });
    const data = buildReview(h.plan, h.state, h.store.events, { lang });
    return {
      ...data,
      review: [{ step: 'lessons', title: '经验', at: 'T+00:20', facts: { 原因: '质检', 措施: '复检' } }],
    };
  }

  it('Markdown in Chinese: full-width brackets and commas, no space before them', () => {
    const md = renderReviewMarkdown(bracketed('zh'), 'zh');
    expect(md).toContain('- [ ] 联系供应商（T+00:05，alice）\n');
    expect(md).toContain('- T+00:10 — **暂停发货**（决策人：王伟；备选方案：暂停；继续）【apology】\n');
    expect(md).toContain('### T+00:15 · 社交媒体（quick-post）\n');
    expect(md).toContain('- **经验**（T+00:20）：原因：质检；措施：复检\n');
  });

  it('HTML in Chinese: the same', () => {
    const html = renderReviewHtml(bracketed('zh'), 'zh');
    expect(html).toContain('<li>☐ 联系供应商<span class="meta">（T+00:05，alice）</span></li>');
    expect(html).toContain('<strong>暂停发货</strong>（决策人：王伟；备选方案：暂停；继续）</li>');
    expect(html).toContain('社交媒体<small>（quick-post）</small></h3>');
    expect(html).toContain('<li><strong>经验</strong>（T+00:20）：原因：质检；措施：复检</li>');
  });

  it('English keeps its brackets, with the space before them', () => {
    const md = renderReviewMarkdown(bracketed('en'), 'en');
    expect(md).toContain('- [ ] 联系供应商 (T+00:05, alice)\n');
    expect(md).toContain('- T+00:10 — **暂停发货** (decided by 王伟; options: 暂停; 继续) [apology]\n');
    expect(md).toContain('### T+00:15 · social (quick-post)\n');
    expect(md).toContain('- **经验** (T+00:20): 原因: 质检; 措施: 复检\n');
    const html = renderReviewHtml(bracketed('en'), 'en');
    expect(html).toContain('<li>☐ 联系供应商<span class="meta"> (T+00:05, alice)</span></li>');
  });

  it('the timeline: the facts of a step and the options of a decision with the reader’s separators', () => {
    const zh = renderReviewMarkdown(eventfulReview('zh'), 'zh');
    expect(zh).toContain('王伟 决策：暂停发货（备选方案：暂停发货；继续发货）');
    const h = Harness.started();
    h.after(5).act({ type: 'complete', step: 'confirm', inputs: { 'affected-batches': 'B7, B8', units: 3 } });
    const rows = (lang: 'en' | 'zh') =>
      renderReviewMarkdown(buildReview(h.plan, h.state, h.store.events, { lang }), lang);
    expect(rows('zh')).toContain('完成：affected-batches=B7, B8；units=3');
    // a semicolon between answers: 'B7, B8' is one answer
    expect(rows('en')).toContain('done: affected-batches=B7, B8; units=3');
  });
});

describe("a drill's review", () => {
  it('words the expectations in the review language; English as the drill printed them', () => {
    const h = Harness.started();
    h.after(5).act({ type: 'skip', step: 'apology', reason: '不需要' });
    const state = { ...h.state, drill: { id: 'd1' } };
    const results = checkExpectations(h.plan, state, [{ completed: ['apology'] }], state.lastAt);
    const zh = renderReviewMarkdown(
      buildReview(h.plan, state, h.store.events, { lang: 'zh', drillResults: results }),
      'zh',
    );
    expect(zh).toContain('已完成：apology');
    expect(zh).toContain('未完成：apology');
    expect(zh).not.toContain('completed: apology');
    const en = renderReviewMarkdown(buildReview(h.plan, state, h.store.events, { lang: 'en', drillResults: results }));
    expect(en).toContain('completed: apology');
    expect(en).toContain('not done: apology');
  });
});

describe('a step left open: worked on, or never reached', () => {
  function leftOpen(lang: 'en' | 'zh') {
    const h = Harness.started();
    h.after(5).act({ type: 'note', step: 'apology', text: 'draft apology with legal' });
    h.after(5).act({ type: 'note', step: 'apology', text: 'CEO to sign' });
    h.after(5).act({ type: 'assign', step: 'apology', to: 'Dave <d@x>', checkBackInMs: 600_000 });
    h.after(5).act({ type: 'end' });
    return renderReviewMarkdown(buildReview(h.plan, h.state, h.store.events, { lang }), lang);
  }

  it('one with notes and an owner is "left open" with what was done, not "never reached"', () => {
    const md = leftOpen('en');
    expect(md).toContain('- **left open** `apology`: worked on, not finished: 2 notes; assigned to Dave \\<d@x\\>');
    expect(md).not.toMatch(/never reached\*\*.*apology/);
    // a step nobody touched still reads never reached
    expect(md).toMatch(/- \*\*never reached\*\*: confirm, name-leads, /);
  });

  it('in Chinese', () => {
    const md = leftOpen('zh');
    expect(md).toContain('- **未完成** `apology`：已着手但未完成：2 条备注；已指派给 Dave \\<d@x\\>');
    expect(md).toMatch(/未完成 \d+，逾期/);
  });
});

describe('the text chart in the review language', () => {
  const DAY = 86_400_000;
  const MIN = 60_000;
  const chart = {
    span: 5 * DAY,
    targets: [{ name: 'assessment', label: '完成评估', at: 30 * MIN }],
    marks: [
      { at: 0, label: 'start', kind: 'step' as const },
      { at: 5 * DAY, label: 'end', kind: 'statement' as const },
    ],
  };

  it('Chinese: the span and each deadline in words (5天, 30分钟), the span flush with the rows in display columns', () => {
    const lines = textChart(chart, 'zh');
    expect(lines[0]).toBe(`${' '.repeat(11)}T+0${' '.repeat(54)}5天`);
    expect(lines.at(-1)).toBe(`${' '.repeat(11)}│ 完成评估 30分钟`);
    // the axis ends where the rows end: 11 label columns and 60 of chart (5天 is three columns)
    for (const line of lines.slice(0, -1)) expect(displayWidth(line), line).toBe(71);
  });

  it('HTML: the SVG chart says the same durations in words', () => {
    const zh = svgChart(chart, 'zh');
    expect(zh).toContain('fill="#555">T+5天</text>');
    expect(zh).toContain('fill="#555">T+1天6小时</text>');
    expect(zh).toContain('fill="#c62828">完成评估 30分钟</text>');
    expect(zh).toContain('<title>T+5天 end</title>');
    expect(zh).not.toMatch(/T\+\d+[dhms]\b/);
    const en = svgChart({ ...chart, targets: [{ name: 'assessment', label: 'Assessment', at: 30 * MIN }] });
    expect(en).toContain('fill="#555">T+1d6h</text>');
    expect(en).toContain('fill="#c62828">Assessment 30m</text>');
  });

  it('English keeps the compact labels', () => {
    const lines = textChart({ ...chart, targets: [{ name: 'assessment', label: 'Assessment', at: 30 * MIN }] });
    expect(lines[0]).toBe(`${' '.repeat(11)}T+0${' '.repeat(55)}5d`);
    expect(lines.at(-1)).toBe(`${' '.repeat(11)}│ Assessment 30m`);
  });
});

describe('a late step timed by a reporting duty', () => {
  it('its proposal names the deadline in words in Chinese (法定报告时限), by its id in English', () => {
    const plan = sessionPlan();
    plan.targets['duty-test-notice'] = '10m';
    const confirm = plan.phases.flatMap((p) => p.steps).find((s) => s.id === 'confirm')!;
    confirm.due = 'duty-test-notice';
    const h = Harness.started(plan);
    h.after(30).act({ type: 'complete', step: 'confirm', inputs: { 'affected-batches': 'B-1', 'safety-risk': false } });
    const proposal = (lang: 'en' | 'zh') =>
      buildReview(h.plan, h.state, h.store.events, { lang }).deviations.find(
        (d) => d.kind === 'late' && d.step === 'confirm',
      )?.proposal;
    expect(proposal('zh')).toBe('更早开始 confirm，或给它一个切实可行的时限（现为 法定报告时限）');
    expect(proposal('en')).toBe('start confirm earlier or give it a realistic due time (now duty-test-notice)');
  });
});

describe('role handoffs in the review', () => {
  it('name the role by its title in the review language, not by its id', () => {
    const files = {
      ...SESSION_FILES,
      'strategies/task-force.yaml': SESSION_TASK_FORCE.replace(
        '{ id: spokesperson, title: Spokesperson }',
        '{ id: spokesperson, title: { en: Spokesperson, zh: 新闻发言人 } }',
      ),
    };
    const h = Harness.started(sessionPlan(undefined, files));
    h.after(5).act({ type: 'handoff', role: 'spokesperson', to: 'Li Na' });
    h.after(95).act({ type: 'handoff', role: 'spokesperson', to: 'Liu Yang' });
    const review = (lang: 'en' | 'zh') => buildReview(h.plan, h.state, h.store.events, { lang });
    const handoffs = (md: string) => md.split('\n').filter((l) => l.includes(' → '));
    expect(handoffs(renderReviewMarkdown(review('en'), 'en'))).toEqual([
      '- T+00:05 — Spokesperson: (nobody) → Li Na',
      '- T+01:40 — Spokesperson: Li Na → Liu Yang',
    ]);
    expect(handoffs(renderReviewMarkdown(review('zh'), 'zh'))).toEqual([
      '- T+00:05 — 新闻发言人：（无人） → Li Na',
      '- T+01:40 — 新闻发言人：Li Na → Liu Yang',
    ]);
    expect(renderReviewHtml(review('zh'), 'zh')).toContain('<li>T+01:40 — 新闻发言人：Li Na → Liu Yang</li>');
  });
});
