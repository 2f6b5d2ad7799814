/**
 * `crisis start` says the playbook's "deadlines are defaults to tune" note
 * once, before the first step, in the session language (issue 14, P9; show
 * and the checklist already do). It goes to stderr with the session and log
 * lines, so an answers run's stdout is unchanged, and it is not an event: the
 * log records what was done, not the tool's advice about the plan.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { msg } from '../../src/text/messages.js';
import { BIN } from '../helpers/paths.js';
import { hasTmux, openTerminal } from '../helpers/pty.js';
import { cleanEnv, runCli, type CliResult } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp.js';

const LANGS = ['en', 'zh'] as const;
const count = (text: string, part: string) => text.split(part).length - 1;

const runs = {} as Record<(typeof LANGS)[number], { result: CliResult; log: string }>;

beforeAll(async () => {
  await Promise.all(
    LANGS.map(async (lang) => {
      const home = tempDir('crisis-start-note-');
      const answers = path.join(home, 'answers.yaml');
      writeFileSync(answers, 'operator: alice\nunlisted: skip\nresponses:\n  - { action: note, text: started }\n');
      const logs = path.join(home, 'logs');
      const result = await runCli(['start', 'product-quality', '--lang', lang, '--answers', answers], {
        cwd: home,
        env: { HOME: home, CRISIS_LOG_DIR: logs, NO_COLOR: '1' },
        timeoutMs: 150_000,
      });
      const log = /\/\S+\.jsonl/.exec(result.stderr)?.[0] ?? '';
      runs[lang] = { result, log };
    }),
  );
}, 180_000);

describe('crisis start: the defaults note', () => {
  it.each(LANGS)('%s: said once on stderr, right under the log path, and never on stdout', (lang) => {
    const { result, log } = runs[lang];
    const note = msg(lang, 'plan.defaultsNote');
    expect(result.code, `${result.stderr}\n${result.stdout.slice(0, 400)}`).toBe(0);
    const lines = result.stderr.split('\n');
    expect(lines[1]).toBe(msg(lang, 'session.log', { path: log }));
    expect(lines[2]).toBe(note);
    expect(count(result.stderr, note)).toBe(1);
    expect(count(result.stdout, note)).toBe(0);
  });

  it.each(LANGS)('%s: not in the log, whose events stay those of a run without it', (lang) => {
    const { log } = runs[lang];
    const text = readFileSync(log, 'utf8');
    for (const l of LANGS) expect(count(text, msg(l, 'plan.defaultsNote'))).toBe(0);
    const types = text
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { type: string }).type);
    expect(types[0]).toBe('session.started');
    expect(types.filter((t) => t !== 'step.skipped')).toEqual(['session.started', 'note.added', 'session.ended']);
  });
});

describe.skipIf(!hasTmux)('crisis start at a terminal', () => {
  it.each(LANGS)('%s: the note is on screen once, above the first step', { timeout: 60_000 }, async (lang) => {
    const home = tempDir('crisis-start-note-tty-');
    const term = openTerminal({
      cwd: home,
      env: cleanEnv(home, { CRISIS_LOG_DIR: path.join(home, 'logs'), NO_COLOR: '1' }),
      argv: [process.execPath, BIN, 'start', 'product-quality', '--lang', lang],
      columns: 200,
      rows: 60,
    });
    try {
      const menu = lang === 'en' ? 'What now?' : '下一步做什么？';
      const screen = await term.waitFor('the step menu', (s) => s.includes(menu) && s.includes('❯'), 45_000);
      const note = msg(lang, 'plan.defaultsNote');
      const lines = screen.split('\n');
      const at = lines.indexOf(note);
      const first = lines.findIndex((l) => /^\[1\/\d+\]/.test(l));
      expect(at, screen).toBeGreaterThan(0);
      expect(first).toBeGreaterThan(at);
      expect(count(screen, note)).toBe(1);
    } finally {
      term.kill();
    }
  });
});
