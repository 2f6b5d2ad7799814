/**
 * Every command that writes a file says so in the same sentence, from one catalogue message (`notice.wrote`): `wrote
 * FILE` / `已写入 FILE`, the file relative to the working directory when it is under it. Before, the checklist said
 * "checklist written to /abs/path", an issued statement "statement written: /abs/path" (声明已写入：…), `init` wrote its
 * settings line in English only, and review and drill said "wrote FILE".
 */
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SESSION_FILES } from '../helpers/fixtures.js';
import { runMain } from '../helpers/in-process.js';
import { tempDir, writeFiles } from '../helpers/temp.js';

const WROTE = { en: 'wrote', zh: '已写入' } as const;

/** A fresh working directory with the sess-crisis playbooks in pb/ and a log dir. */
function workDir() {
  const cwd = tempDir('crisis-wrote-');
  writeFiles(cwd, Object.fromEntries(Object.entries(SESSION_FILES).map(([k, v]) => [`pb/${k}`, v])));
  return { cwd, env: { CRISIS_LOG_DIR: path.join(cwd, 'logs') } };
}

const ANSWERS = `operator: alice
unlisted: done
responses:
  - { step: confirm, action: done, inputs: { affected-batches: B-7 } }
  - { step: name-leads, action: done, inputs: { lead-name: Lee, spokesperson-name: Bob } }
  - { step: holding-statement, action: approve, by: Lou }
  - { step: holding-statement, action: statement }
  - { step: quick-post, action: statement, text: "Update on B-7." }
`;

describe.each(['en', 'zh'] as const)('"an output file was written" is one sentence (%s)', (lang) => {
  const wrote = WROTE[lang];

  it('checklist -o, review -o, drill --junit/--report', async () => {
    const { cwd, env } = workDir();
    const checklist = await runMain(['--lang', lang, 'checklist', 'product-quality', '-o', 'checklist.md'], {
      cwd,
      env,
    });
    expect(checklist.code, checklist.stderr).toBe(0);
    expect(checklist.stderr).toBe(`${wrote} checklist.md\n`);
    // A file outside the working directory is said as its absolute path.
    const elsewhere = path.join(tempDir('crisis-wrote-else-'), 'c.html');
    const html = await runMain(['--lang', lang, 'checklist', 'product-quality', '--format', 'html', '-o', elsewhere], {
      cwd,
      env,
    });
    expect(html.stderr).toBe(`${wrote} ${elsewhere}\n`);

    const drill = await runMain(
      ['--lang', lang, 'drill', 'product-quality-batch-defect', '--junit', 'junit.xml', '--report', './r/report.json'],
      { cwd, env },
    );
    expect(drill.code, drill.stderr).toBe(0);
    expect(drill.stderr).toBe(`${wrote} junit.xml\n${wrote} r/report.json\n`);

    writeFiles(cwd, { 'a.yaml': 'operator: alice\nresponses: []\n' });
    const start = await runMain(['--playbooks', 'pb', 'start', 'sess-crisis', '--answers', 'a.yaml'], { cwd, env });
    expect(start.code, start.stderr).toBe(0);
    const review = await runMain(
      ['--lang', lang, '--playbooks', 'pb', 'review', 'latest', '--no-interactive', '-o', 'review.md'],
      { cwd, env },
    );
    expect(review.code, review.stderr).toBe(0);
    expect(review.stderr).toBe(`${wrote} review.md\n`);
  });

  it('init: each schema and the editor settings', async () => {
    const { cwd, env } = workDir();
    const r = await runMain(['--lang', lang, 'init', 'proj'], { cwd, env });
    expect(r.code, r.stderr).toBe(0);
    const schemas = readdirSync(path.join(cwd, 'proj', 'playbooks', 'schema')).sort();
    expect(schemas.length).toBeGreaterThan(3);
    expect(r.stderr.split('\n').filter(Boolean).sort()).toEqual(
      [...schemas.map((f) => `proj/playbooks/schema/${f}`), 'proj/.vscode/settings.json']
        .map((f) => `${wrote} ${f}`)
        .sort(),
    );
  });

  it("an issued statement's file, during the run", async () => {
    const { cwd, env } = workDir();
    writeFiles(cwd, { 'a.yaml': ANSWERS });
    const r = await runMain(['--lang', lang, '--playbooks', 'pb', 'start', 'sess-crisis', '--answers', 'a.yaml'], {
      cwd,
      env,
    });
    expect(r.code, r.stderr).toBe(0);
    const id = readdirSync(env.CRISIS_LOG_DIR)
      .find((f) => f.endsWith('.jsonl'))!
      .slice(0, -'.jsonl'.length);
    const said = r.stderr.split('\n').filter((l) => l.includes('statements/'));
    expect(said).toEqual([
      `  ${wrote} logs/${id}/statements/website.md`,
      `  ${wrote} logs/${id}/statements/social.holding-statement.md`,
      `  ${wrote} logs/${id}/statements/social.quick-post.md`,
    ]);
  });
});
