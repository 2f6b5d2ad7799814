/**
 * The review's timeline chart marks the deadlines the session had, no others: a reporting duty whose trigger never
 * held is not drawn (`status` does not list it either), and a duty's deadline is labelled with its report step's
 * title, not its id. Before, every duty the plan could have was drawn, labelled `duty-cn-…`, and three days of
 * recall levels stretched the chart of a four-minute session.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain } from '../helpers/in-process.js';
import { tempDir } from '../helpers/temp.js';

/** A product-quality session started in a fresh dir with `answers` (and `args`): its dir, environment and id. */
async function startedSession(answers: string, args: string[] = []) {
  const cwd = tempDir('crisis-targets-');
  const env = { CRISIS_LOG_DIR: path.join(cwd, 'logs') };
  writeFileSync(path.join(cwd, 'answers.yaml'), answers);
  const start = await runMain(['start', 'product-quality', ...args, '--answers', 'answers.yaml'], { cwd, env });
  expect(start.code, start.stderr).toBe(0);
  const id = readdirSync(env.CRISIS_LOG_DIR)
    .find((f) => f.endsWith('.jsonl'))!
    .slice(0, -'.jsonl'.length);
  return { cwd, env, id };
}

/** A product-quality session (Chinese duties) that answered the safety check with `harm`, then its review. */
async function reviewAfter(harm: boolean, lang: 'en' | 'zh') {
  const { cwd, env, id } = await startedSession(
    'operator: alice\nresponses:\n' +
      `  - { step: check-safety-risk, action: done, inputs: { safety-risk: ${harm}, harm-reported: ${harm}, food-recall-level: not-food } }\n`,
    ['--jurisdiction', 'cn'],
  );
  const review = await runMain(['review', id, '--lang', lang], { cwd, env });
  expect(review.code, review.stderr).toBe(0);
  const md = review.stdout;
  return md.slice(md.indexOf('```text'), md.indexOf('```', md.indexOf('```text') + 3));
}

describe('the review chart marks the deadlines the session had', () => {
  it('no harm reported, not food: assessment and first statement only, no duty', async () => {
    const chart = await reviewAfter(false, 'en');
    expect(chart).toContain('│ Assessment 30m');
    expect(chart).toContain('│ First statement 1h');
    expect(chart).not.toMatch(/duty|recall|report/i);
    // each deadline on its own line, at its column: 30m is half way along the hour
    const lines = chart.split('\n');
    const assessment = lines.find((l) => l.includes('│ Assessment'))!;
    const first = lines.find((l) => l.includes('│ First statement'))!;
    expect(first.indexOf('│')).toBeGreaterThan(assessment.indexOf('│'));
  });

  it('harm reported: the product-harm report deadline, labelled with its step title, in the review language', async () => {
    const en = await reviewAfter(true, 'en');
    expect(en).toMatch(/│ Report .+ 2d/);
    expect(en).not.toContain('duty-cn-');
    const zh = await reviewAfter(true, 'zh');
    expect(zh).not.toContain('duty-cn-');
    expect(zh).toMatch(/│ [^\n]*报告[^\n]* 2天/);
  });
});

describe("the checklist's targets table names a reporting duty by its report step, its deadline from detection", () => {
  it.each([
    [
      'en',
      '| Report to the market regulator: the product has caused or may cause death, serious injury or major property loss, or was recalled outside China (Order 19 art. 8, unconfirmed) | 2d from detection |',
    ],
    [
      'zh',
      '| 向市场监督管理部门报告：产品已经造成或者可能造成死亡、严重人身伤害、重大财产损失，或已在境外实施召回（第19号令第8条，待核实） | 自发现起 2天 |',
    ],
  ])('%s', async (lang, row) => {
    const r = await runMain(['checklist', 'product-quality', '--jurisdiction', 'cn', '--lang', lang]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(row);
    expect(r.stdout).not.toMatch(/^\| duty-cn-/m);
    expect(r.stdout).not.toMatch(/^\| 法定报告时限 \|/m);
  });
});

describe('status of one session names roles and deadlines in words', () => {
  it.each([
    [
      'en',
      [
        '  Incident lead: Lee',
        '  target Assessment: due T+00:30',
        '  target Report to the market regulator: the product has caused or may cause death',
      ],
    ],
    [
      'zh',
      [
        '  危机总指挥：Lee',
        '  目标 完成评估：期限 T+00:30',
        '  目标 向市场监督管理部门报告：产品已经造成或者可能造成死亡',
      ],
    ],
  ])('%s', async (lang, lines) => {
    const { cwd, env } = await startedSession(
      'operator: alice\nresponses:\n' +
        '  - { step: tf-name-leads, action: done, inputs: { incident-lead-name: Lee, spokesperson-name: Sam } }\n' +
        '  - { step: check-safety-risk, action: done, inputs: { safety-risk: true, harm-reported: true, food-recall-level: not-food } }\n',
      ['--jurisdiction', 'cn'],
    );
    const r = await runMain(['status', 'latest', '--lang', lang], { cwd, env });
    expect(r.code, r.stderr).toBe(0);
    for (const line of lines) expect(r.stdout).toContain(line);
    expect(r.stdout).not.toMatch(/incident-lead:|target assessment|目标 assessment|duty-cn-/);
  });
});

describe('status of one session at a narrow terminal', () => {
  it('every line fits 40 columns, broken between words', async () => {
    const { cwd, env } = await startedSession('operator: alice\nresponses: []\n');
    for (const lang of ['en', 'zh']) {
      const r = await runMain(['status', 'latest', '--lang', lang], { cwd, env, isTTY: true, columns: 40 });
      expect(r.code, r.stderr).toBe(0);
      const lines = r.stdout.trimEnd().split('\n');
      expect(lines.length).toBeGreaterThan(6);
      // display width: a CJK character takes two columns
      const width = (l: string) => [...l].reduce((w, c) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(c) ? 2 : 1), 0);
      // a word longer than the line (the chain head's hash, the session id) is left whole, to stay copyable
      for (const line of lines.filter((l) => /\S\s+\S/.test(l.trim())))
        expect(width(line), line).toBeLessThanOrEqual(40);
      // the next steps joined with the language's separator (Chinese 、)
      expect(r.stdout).toMatch(lang === 'zh' ? /tf-name-leads、/ : /tf-name-leads,/);
    }
  });
});

describe('checklist --session fills the header from the log', () => {
  it('Incident is the session id, Date and Started its local start; HTML the same, and a plain checklist keeps its blanks', async () => {
    const { cwd, env, id } = await startedSession('operator: alice\nresponses: []\n');
    const md = await runMain(['checklist', '--session', id], { cwd, env });
    expect(md.code, md.stderr).toBe(0);
    expect(md.stdout).toContain(`- **Incident:** \`${id}\``);
    expect(md.stdout).toMatch(/^- \*\*Date:\*\* \d{4}-\d\d-\d\d \*\*Started \(T\):\*\* \d\d:\d\d$/m);
    const html = await runMain(['checklist', '--session', id, '--format', 'html'], { cwd, env });
    expect(html.stdout).toContain(`<span class="v">${id}</span>`);
    const plain = await runMain(['checklist', 'product-quality'], { cwd, env });
    expect(plain.stdout).toMatch(/^- \*\*Incident:\*\* _+$/m);
  });
});
