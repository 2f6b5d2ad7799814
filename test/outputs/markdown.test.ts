import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_FILES } from '../helpers/fixtures.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir, writeFiles } from '../helpers/temp.js';

/**
 * The Markdown exports fed to markdownlint-cli2 (the real consumer) with the
 * committed config, docs/exports.markdownlint.jsonc: a finished built-in
 * drill's review and log, checklists and cards in both languages, and the
 * same exports of a session whose playbook and answers are full of Markdown
 * syntax, URLs, e-mail addresses and multi-line text.
 */
const CONFIG = path.join(REPO_ROOT, 'docs', 'exports.markdownlint.jsonc');
const LINT = path.join(REPO_ROOT, 'node_modules', 'markdownlint-cli2', 'markdownlint-cli2-bin.mjs');

/** Every Markdown construct a title, fact or note could open, and links a viewer would make. */
const NASTY =
  '# h *em* __b__ `c` [l](http://x.example) <b>x</b> | pipe & amp; $m$ ~~s~~ https://example.com/a_b. ' +
  'mail press@example.com www.example.com';

const HOSTILE_CRISIS = FIXTURE_FILES['crises/widget-recall.yaml']!.replace(
  'title: { en: Widget recall, zh: 小部件召回 }',
  `title: { en: "- ${NASTY}", zh: "1. ${NASTY}" }`,
)
  .replace('summary: A batch of widgets is faulty.', `summary: "> ${NASTY}"`)
  .replace(
    '        title: { en: Confirm the defect, zh: 确认缺陷 }',
    `        title: { en: "+ ${NASTY}", zh: 确认缺陷 }`,
  )
  .replace('checklist: [Collect samples, Check the batch records]', `checklist: ["= ${NASTY}", "2) b"]`)
  .replace(
    'Batches {{affected-batches}} are being recalled.',
    `# Recall\\n\\n- batches {{affected-batches}}\\n- ${NASTY}`,
  );

const ANSWERS = `operator: "- op ${NASTY}"
unlisted: done
responses:
  - { step: wr-confirm, action: done, inputs: { affected-batches: "B-1 ${NASTY}", safety-risk: false } }
  - { action: note, text: "TODO: first line ${NASTY}\\n\\n- second ${NASTY}\\n  indented" }
  - { action: decision, text: "* decision ${NASTY}", options: ["# option ${NASTY}"], by: "boss ${NASTY}" }
  - { step: wr-apology, action: skip, reason: "1. reason ${NASTY}" }
  - { step: wr-statement, action: approve, by: "approver ${NASTY}" }
`;

let dir: string;
const files: Record<string, string> = {};

async function save(name: string, args: string[], cwd: string, env: Record<string, string>): Promise<void> {
  // `-o -` where the command writes files; `log` prints.
  const r = await runCli(args.includes('log') ? args : [...args, '-o', '-'], { cwd, env, timeoutMs: 120_000 });
  expect(r.code, `${name}: ${r.stderr}`).toBe(0);
  files[name] = path.join(dir, `${name}.md`);
  writeFileSync(files[name], r.stdout);
}

beforeAll(async () => {
  dir = tempDir('crisis-mdlint-');
  const logs = path.join(dir, 'logs');
  const env = { CRISIS_LOG_DIR: logs };
  const drill = await runCli(['drill', 'product-quality-batch-defect'], { cwd: dir, env, timeoutMs: 120_000 });
  expect(drill.code, drill.stderr).toBe(0);
  const session = readdirSync(logs)
    .find((f) => f.endsWith('.jsonl'))!
    .replace(/\.jsonl$/, '');
  const hostile = tempDir('crisis-mdlint-hostile-');
  const hostileEnv = { CRISIS_LOG_DIR: path.join(hostile, 'logs') };
  writeFiles(path.join(hostile, 'pb'), { ...FIXTURE_FILES, 'crises/widget-recall.yaml': HOSTILE_CRISIS });
  writeFiles(hostile, {
    'answers.yaml': ANSWERS,
    'issue.yaml': 'responses:\n  - { step: wr-statement, action: statement }\n',
  });
  const started = await runCli(['--playbooks', 'pb', 'start', 'widget-recall', '--answers', 'answers.yaml'], {
    cwd: hostile,
    env: hostileEnv,
  });
  expect(started.code, started.stderr).toBe(0);
  const evil = /session (\S+)/.exec(started.stderr)![1]!;
  const issued = await runCli(['--playbooks', 'pb', 'resume', evil, '--answers', 'issue.yaml'], {
    cwd: hostile,
    env: hostileEnv,
  });
  expect(issued.code, issued.stderr).toBe(0);

  await save('review', ['review', session, '--no-interactive'], dir, env);
  await save('review-zh', ['--lang', 'zh', 'review', session, '--no-interactive'], dir, env);
  await save('log', ['log', session, '--format', 'md'], dir, env);
  await save('checklist', ['checklist', 'product-quality'], dir, env);
  await save('checklist-zh', ['--lang', 'zh', 'checklist', 'product-quality'], dir, env);
  await save('cards', ['checklist', 'product-quality', '--cards'], dir, env);
  const pb = ['--playbooks', 'pb'];
  await save('hostile-review', [...pb, 'review', evil, '--no-interactive'], hostile, hostileEnv);
  await save('hostile-log', [...pb, 'log', evil, '--format', 'md'], hostile, hostileEnv);
  await save('hostile-checklist', [...pb, 'checklist', 'widget-recall'], hostile, hostileEnv);
  await save('hostile-checklist-zh', [...pb, '--lang', 'zh', 'checklist', 'widget-recall'], hostile, hostileEnv);
  await save('hostile-cards', [...pb, 'checklist', 'widget-recall', '--cards'], hostile, hostileEnv);
}, 300_000);

describe('Markdown exports under markdownlint-cli2', () => {
  it('every export, hostile ones included, has no markdownlint error', () => {
    let report: string;
    try {
      report = execFileSync(process.execPath, [LINT, '--config', CONFIG, ...Object.values(files)], {
        cwd: dir,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (e) {
      const err = e as { stdout?: string; stderr?: string };
      report = `${err.stdout ?? ''}${err.stderr ?? ''}`;
    }
    expect(report).toContain(`Linting: ${Object.keys(files).length} file(s)`);
    expect(report.split('\n').filter((l) => / error MD\d+/.test(l))).toEqual([]);
    expect(report).toContain('Summary: 0 error(s)');
  });

  it('the hostile exports hold the text, escaped, and the links as autolinks', () => {
    const review = readFileSync(files['hostile-review']!, 'utf8');
    expect(review).toContain('\\<b\\>x\\</b\\>');
    expect(review).toContain('<https://example.com/a_b>.');
    expect(review).toContain('<press@example.com>');
    expect(review).not.toMatch(/^- op /m);
    // The statement keeps its lines as text: its own "# Recall" and list are not the review's structure.
    expect(review).toMatch(/^> \\# Recall$/m);
    expect(review).toMatch(/^> \\- batches B-1 /m);
    const checklist = readFileSync(files['hostile-checklist']!, 'utf8');
    expect(checklist).toMatch(/^\\> \\# h \\\*em\\\* \\_\\_b\\_\\_ /m);
  });
});
