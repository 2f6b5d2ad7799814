// Work bounds, not timings (timings live in bench/), of `crisis start` at a terminal up to its first prompt.
// - The first screen, in English, of a playbook in one-column text, is measured and wrapped without string-width
//   and wrap-ansi (src/render/narrow.ts). Importing string-width builds an Intl.Segmenter and compiles four
//   Unicode-property regexes: a tenth of `start` before its first prompt. What needs them (Chinese, an emoji, the
//   ✓ of a recorded line) still loads them, and the screen is the one render/width.ts draws
//   (test/render/narrow.test.ts).
// - Nor is the answers file's driver (drive/scripted.js, session/expectations.js, session/judgement.js) loaded.
// - No Intl.DateTimeFormat is made before the first prompt of a new session: its screen shows no time of day, and
//   the first one (the machine's zone, or the check of a zone name) starts the runtime's time zone data, ~20 ms.
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, REPO_ROOT } from '../helpers/paths.js';
import { hasTmux, openTerminal } from '../helpers/pty.js';
import { cleanEnv, runNode } from '../helpers/run-cli.js';
import { SESSION_FILES } from '../helpers/fixtures.js';
import { tempDir, writeFiles } from '../helpers/temp.js';

const RECORD_IMPORTS = path.join(REPO_ROOT, 'bench', 'hooks', 'record-imports.mjs');
const RECORD_INTL = path.join(REPO_ROOT, 'test', 'helpers', 'record-intl.mjs');
/** string-width and wrap-ansi, published or bundled (dist/vendor), and the module that imports them. */
const WIDTH = /\/(node_modules|dist\/vendor)\/(string-width|wrap-ansi)(\/|\.js$)|\/dist\/render\/width\.js$/;

const GUIDANCE =
  'Check the batch numbers against the shipping records before anyone calls the press, and write down who ' +
  'found the defect, when, and how: the first report is both evidence and the start of the scope.';

/** sess-crisis with a guidance longer than the terminal is wide on its first step (and `title` as given). */
function playbooks(root: string, title = 'Confirm the defect'): string {
  const crisis = SESSION_FILES['crises/sess-crisis.yaml']!.replace(
    '        title: Confirm the defect\n',
    `        title: ${JSON.stringify(title)}\n        guidance: ${JSON.stringify(GUIDANCE)}\n`,
  );
  return writeFiles(path.join(root, 'pb'), { ...SESSION_FILES, 'crises/sess-crisis.yaml': crisis });
}

/** `start sess-crisis` in a terminal 60 columns wide, colour on; the screen and every module resolved at the first prompt. */
async function firstPrompt(options: { title?: string; lang?: string; answer?: boolean } = {}) {
  const root = tempDir('crisis-start-width-');
  const log = path.join(root, 'imports.log');
  const intl = path.join(root, 'intl.log');
  writeFileSync(log, '');
  writeFileSync(intl, '');
  const env = cleanEnv(tempDir('crisis-start-width-home-'), {
    CRISIS_LOG_DIR: path.join(root, 'logs'),
    CRISIS_PLAYBOOKS: playbooks(root, options.title),
    BENCH_IMPORT_LOG: log,
    CRISIS_TEST_INTL_LOG: intl,
    ...(options.lang ? { CRISIS_LANG: options.lang } : {}),
  });
  const term = openTerminal({
    cwd: root,
    env,
    columns: 60,
    argv: [
      process.execPath,
      ...['--import', RECORD_IMPORTS, '--import', RECORD_INTL],
      ...[BIN, 'start', 'sess-crisis', '--operator', 'alice'],
    ],
  });
  try {
    const menu = (t: string) => /(⏎ select|⏎ 选择)/.test(t.split('\n').at(-1) ?? '');
    let screen = await term.waitFor('the first prompt', menu);
    const atPrompt = readFileSync(log, 'utf8').split('\n').filter(Boolean);
    const zones = readFileSync(intl, 'utf8').split('\n').filter(Boolean);
    if (options.answer) {
      // Skip the step: the ✓ of its recorded line needs string-width, loaded now, before the next prompt
      term.keys('Down', 'Enter');
      await term.waitFor('the reason question', (t) => /\? (Why skip it\?|为什么跳过？)\s*$/.test(t));
      term.type('not ours');
      term.keys('Enter');
      screen = await term.waitFor('the second prompt', (t) => menu(t) && t.includes('recorded #2'));
    }
    return { screen, atPrompt, zones, rows: term.rows(), all: readFileSync(log, 'utf8').split('\n').filter(Boolean) };
  } finally {
    term.kill();
  }
}

describe.skipIf(!hasTmux)('start at a terminal: string-width only for a line that needs it', () => {
  it(
    'an English start of a one-column playbook shows its first prompt without string-width or wrap-ansi',
    {
      timeout: 60_000,
    },
    async () => {
      const { screen, atPrompt, zones, rows } = await firstPrompt();
      // the hook saw the run (the prompt library, our own screen modules)...
      expect(atPrompt.some((u) => u.endsWith('/dist/render/step-screen.js'))).toBe(true);
      // ...and no width module
      expect(atPrompt.filter((u) => WIDTH.test(u))).toEqual([]);
      expect(atPrompt.some((u) => u.endsWith('/dist/render/narrow.js'))).toBe(true);
      // no time zone data: the screen of a new session shows no time of day
      expect(zones).toEqual([]);
      // nor the answers file's driver, with its expectations and judgement checks
      expect(
        atPrompt.filter((u) => /\/dist\/(drive\/scripted|session\/expectations|session\/judgement)\.js$/.test(u)),
      ).toEqual([]);
      // the guidance was wrapped between words at 60 columns, as width.ts wraps it
      expect(rows).toContain('Check the batch numbers against the shipping records before\nanyone calls the press,');
      expect(screen).toContain('Confirm the defect');
    },
  );

  it(
    'an answer after the first prompt loads them for the ✓ of its recorded line, which comes before the next prompt',
    {
      timeout: 90_000,
    },
    async () => {
      const { screen, atPrompt, all } = await firstPrompt({ answer: true });
      expect(atPrompt.filter((u) => WIDTH.test(u))).toEqual([]);
      expect(all.filter((u) => WIDTH.test(u)).length).toBeGreaterThan(0);
      // in order: the answer, its recorded line, the next step, its question
      const after = screen.slice(screen.lastIndexOf('Why skip it? not ours')).split('\n');
      expect(after.slice(0, 4)).toEqual([
        'Why skip it? not ours',
        '  ✓ recorded #2 skipped step confirm',
        '[2/5] Mobilise   T+00:00',
        'Name the leads (name-leads)',
      ]);
      expect(after).toContain('? What now?');
    },
  );

  it('the Intl hook sees a DateTimeFormat made with new or without, with or without a zone', async () => {
    const log = path.join(tempDir('crisis-start-intl-'), 'intl.log');
    writeFileSync(log, '');
    const code =
      'Intl.DateTimeFormat().resolvedOptions(); new Intl.DateTimeFormat("en", { timeZone: "Asia/Shanghai" })';
    const r = await runNode(['--import', RECORD_INTL, '-e', code], {
      env: { ...process.env, CRISIS_TEST_INTL_LOG: log },
    });
    expect(r.code).toBe(0);
    expect(readFileSync(log, 'utf8').split('\n').filter(Boolean)).toEqual(['machine', 'Asia/Shanghai']);
  });

  it.each([
    ['a Chinese title', { title: '确认缺陷 Confirm the defect' }, '确认缺陷 Confirm the defect'],
    ['the Chinese catalogue', { lang: 'zh' }, '下一步做什么？'],
  ])(
    '%s shows its first prompt without them: plain CJK is measured without string-width',
    { timeout: 60_000 },
    async (_what, options, shown) => {
      const { screen, atPrompt } = await firstPrompt(options);
      expect(atPrompt.some((u) => u.endsWith('/dist/render/narrow.js'))).toBe(true);
      expect(atPrompt.filter((u) => WIDTH.test(u))).toEqual([]);
      expect(screen).toContain(shown);
    },
  );

  it('a title with an emoji loads them before the first prompt', { timeout: 60_000 }, async () => {
    const { screen, atPrompt } = await firstPrompt({ title: '🚨 Confirm the defect' });
    expect(atPrompt.filter((u) => WIDTH.test(u)).length).toBeGreaterThan(0);
    expect(screen).toContain('🚨 Confirm the defect');
  });
});
