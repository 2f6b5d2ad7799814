import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { tempDir, writeFiles } from '../helpers/temp.js';

/**
 * `crisis review` end to end: a scripted session with a decision, a TODO,
 * a handoff, a skipped step and a late statement, then the report.
 */
const answers = `operator: alice
unlisted: done
responses:
  - { step: tf-name-leads, action: done, inputs: { incident-lead-name: Alice, spokesperson-name: Bob } }
  - step: check-safety-risk
    action: done
    inputs: { safety-risk: false, harm-reported: false, food-recall-level: not-food }
  - { action: decision, text: "Pause the spring campaign", options: [pause, continue], by: CEO }
  - { action: note, text: "TODO: brief the supplier <b>today</b>" }
  - { step: stop-sales, action: skip, reason: "only one shop sold the batch" }
  - { step: issue-first-statement, action: approve, by: Lee }
  - { step: issue-first-statement, action: statement, text: "We found a fault in batch B-1 and stopped its sale." }
`;

async function session(): Promise<{ dir: string; id: string; logs: string }> {
  const dir = tempDir();
  writeFiles(dir, { 'answers.yaml': answers });
  const logs = path.join(dir, 'logs');
  const run = await runCli(['start', 'product-quality', '--answers', 'answers.yaml'], {
    cwd: dir,
    env: { CRISIS_LOG_DIR: logs },
  });
  expect(run.code, run.stderr).toBe(0);
  const id = /session (\S+) started/.exec(run.stderr)![1]!;
  return { dir, id, logs };
}

describe('crisis review', () => {
  it('prints the chain head that verify prints, and verify --head with it catches a cut tail (issue 12 #10)', async () => {
    const { dir, id, logs } = await session();
    const env = { CRISIS_LOG_DIR: logs };
    const verify = await runCli(['verify', id, '--json'], { cwd: dir, env });
    const { head } = JSON.parse(verify.stdout) as { head: string };
    expect(head).toMatch(/^\d+:[0-9a-f]{64}$/);
    const md = await runCli(['review', id], { cwd: dir, env });
    expect(md.code, md.stderr).toBe(0);
    expect(md.stdout).toContain(`- Chain head (check later with \`crisis verify ${id} --head …\`): \`${head}\``);
    const html = await runCli(['review', id, '--format', 'html'], { cwd: dir, env });
    expect(html.stdout).toContain(`<br>Chain head <code>${head}</code></p>`);
    // The head kept from the report shows a log cut at a line boundary, which still chains.
    const file = path.join(logs, `${id}.jsonl`);
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    writeFileSync(file, `${lines.slice(0, -1).join('\n')}\n`);
    expect((await runCli(['verify', id], { cwd: dir, env })).code).toBe(0);
    const checked = await runCli(['verify', id, '--head', head], { cwd: dir, env });
    expect(checked.code).toBe(1);
    expect(checked.stdout).toContain(
      `before the expected head seq ${head.split(':')[0]} (lines were cut from its end)`,
    );
  });

  it('a log read from a file: the verify command names that file, so typed again it checks the same copy', async () => {
    const { dir, id, logs } = await session();
    const env = { CRISIS_LOG_DIR: logs };
    writeFileSync(path.join(dir, 'ticket 42.jsonl'), readFileSync(path.join(logs, `${id}.jsonl`)));
    const md = await runCli(['review', 'ticket 42.jsonl'], { cwd: dir, env });
    expect(md.code, md.stderr).toBe(0);
    const copy = path.join(dir, 'ticket 42.jsonl');
    const line = md.stdout.split('\n').find((l) => l.startsWith('- Chain head'));
    expect(line).toContain(`- Chain head (check later with \`crisis verify '${copy}' --head …\`): \``);
    const head = /`(\d+:[0-9a-f]{64})`$/.exec(line!)![1]!;
    // The copy is cut by a line; the original in the log dir is not: the command in the report checks the copy.
    const lines = readFileSync(copy, 'utf8').split('\n').filter(Boolean);
    writeFileSync(copy, `${lines.slice(0, -1).join('\n')}\n`);
    const checked = await runCli(['verify', copy, '--head', head], { cwd: tempDir(), env });
    expect(checked.code).toBe(1);
    expect(checked.stdout).toContain('(lines were cut from its end)');
  });

  it('writes a Markdown review with measures, decisions, follow-ups, approvals and deviations', async () => {
    const { dir, id, logs } = await session();
    const r = await runCli(['review', id], { cwd: dir, env: { CRISIS_LOG_DIR: logs } });
    expect(r.code, r.stderr).toBe(0);
    const md = r.stdout;
    expect(md).toContain('# Post-crisis review: Product quality crisis');
    expect(md).toContain(`- Session: \`${id}\``);
    expect(md).toMatch(/\| time to first public statement \| 1h \| \d{1,2}s \| ✓ \|/);
    expect(md).toContain('**Pause the spring campaign** (decided by CEO; options: pause; continue)');
    // Operator text is escaped: no raw HTML reaches the Markdown.
    expect(md).toContain('- [ ] brief the supplier \\<b\\>today\\</b\\> (T+00:00, alice)');
    // A follow-up is listed once, under Follow-ups: not again as ad hoc work among the deviations.
    expect(md).not.toContain('- **ad hoc**: note at T+00:00: TODO: brief the supplier');
    expect(md).toContain('issue-first-statement approved by Lee');
    expect(md).toContain('- **skipped** `stop-sales`: skipped at T+00:00: only one shop sold the batch');
    expect(md).toContain('proposed change: tighten the condition of stop-sales, or drop it');
    expect(md).toContain('- **ad hoc**: decision at T+00:00: Pause the spring campaign');
    expect(md).toMatch(/### T\+00:00 · website \(issue-first-statement\)/);
    expect(md).toContain('## Timeline chart');
    expect(md).toMatch(/statements +[ │]*S/);
  });

  it('writes self-contained HTML with an inline SVG chart and escaped text', async () => {
    const { dir, id, logs } = await session();
    const r = await runCli(['review', id, '--format', 'html', '-o', 'review.html'], {
      cwd: dir,
      env: { CRISIS_LOG_DIR: logs },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('wrote review.html');
    const html = readFileSync(path.join(dir, 'review.html'), 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<svg viewBox=');
    expect(html).toContain('stroke-dasharray'); // target deadlines
    expect(html).toContain('brief the supplier &lt;b&gt;today&lt;/b&gt;');
    expect(html).not.toContain('<b>today</b>');
    expect(html).not.toMatch(/(src|href)=["']?https?:/);
  });

  it('labels drill sessions and lists their expectations', async () => {
    const dir = tempDir();
    const logs = path.join(dir, 'logs');
    writeFiles(dir, {
      'd.yaml': `id: tiny-drill
kind: drill
title: Tiny
playbook: product-quality
unlisted: done
responses:
  - { at: 2h, step: issue-first-statement, action: approve, by: Lee }
  - { at: 2h, step: issue-first-statement, action: statement }
expect:
  - { before: { step: issue-first-statement, deadline: first-statement } }
`,
    });
    const drill = await runCli(['--playbooks', '.', 'drill', 'tiny-drill'], {
      cwd: dir,
      env: { CRISIS_LOG_DIR: logs },
    });
    expect(drill.code).toBe(1);
    const log = /log: (\S+\.jsonl)/.exec(drill.stdout)![1]!;
    const r = await runCli(['--playbooks', '.', 'review', log, '--no-interactive'], {
      cwd: dir,
      env: { CRISIS_LOG_DIR: logs },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('(DRILL)');
    expect(r.stdout).toContain('## Drill expectations');
    expect(r.stdout).toContain(
      '- ✗ issue-first-statement done before first-statement (1h) — expected done by T+01:00; actual done at T+02:00',
    );
    expect(r.stdout).toMatch(/\| time to first public statement \| 1h \| 2h \| ✗ \|/);
  });

  it('refuses a session id that is not an id, before touching the file system', async () => {
    const r = await runCli(['review', '../../etc/passwd']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('error: "../../etc/passwd" is not a session id');
  });
});

describe('crisis review of a session with a legal reporting duty', () => {
  it("names the duty's deadline by its report step in the measures, not as a second 'first public statement'", async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'a.yaml': `operator: t
responses:
  - { step: check-safety-risk, action: done, inputs: { safety-risk: true, harm-reported: true, food-recall-level: not-food } }
`,
    });
    const logs = path.join(dir, 'logs');
    const run = await runCli(['start', 'product-quality', '--jurisdiction', 'cn', '--answers', 'a.yaml'], {
      cwd: dir,
      env: { CRISIS_LOG_DIR: logs },
    });
    expect(run.code, run.stderr).toBe(0);
    const id = /session (\S+) started/.exec(run.stderr)![1]!;
    const measures = async (lang: string) => {
      const r = await runCli(['review', id, '--no-interactive', '--lang', lang, '-o', '-'], {
        cwd: dir,
        env: { CRISIS_LOG_DIR: logs },
      });
      expect(r.code, r.stderr).toBe(0);
      return r.stdout.split('\n').filter((l) => /^\| .* \| (30m|1h|2d|30分钟|1小时|2天) \|/.test(l));
    };
    expect(await measures('en')).toEqual([
      // the session paused when its answers ran out, seconds in: no deadline has passed yet
      '| time to assessment | 30m | not yet | |',
      '| time to first public statement | 1h | not yet | |',
      '| Report to the market regulator: the product has caused or may cause death, serious injury or major property loss, or was recalled outside China (Order 19 art. 8, unconfirmed) | 2d | not yet | |',
    ]);
    expect((await measures('zh')).at(-1)).toBe(
      '| 向市场监督管理部门报告：产品已经造成或者可能造成死亡、严重人身伤害、重大财产损失，或已在境外实施召回（第19号令第8条，待核实） | 2天 | 尚未达成 | |',
    );
  });
});
