/**
 * Text that attacks the terminal or the exports, and names that try to
 * leave their directory.
 *
 * A playbook, a drill file and an answers file are all written by someone
 * other than the person at the terminal. Their text (titles, guidance,
 * checklist items, facts, notes, reasons, operator names) carries ANSI CSI
 * and OSC sequences (screen clear, window title, OSC 8 hyperlinks), C1
 * controls, bidi overrides and marks (U+061C too), line and paragraph separators (U+2028,
 * U+2029), a zero-width no-break space (U+FEFF), NUL (through YAML's "\0" escape), HTML and
 * Markdown link syntax. On screen none of it may reach the terminal as a
 * control; in Markdown and HTML it must stay text.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compose } from '../../src/playbook/compose.js';
import { buildLibrary } from '../../src/playbook/library.js';
import { parseLibrarySource } from '../../src/playbook/load.js';
import { renderStepScreen } from '../../src/render/step-screen.js';
import { initialState } from '../../src/session/replay.js';
import { FIXTURE_FILES } from '../helpers/fixtures.js';
import { runMain } from '../helpers/in-process.js';
import { tempDir, writeFiles } from '../helpers/temp.js';
import { crisis, sessionIdOf, stackLines, type Run } from './helpers.js';

/** What a terminal would act on, or that makes text read differently from what it is. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff]/gu;
const controls = (text: string) =>
  [...new Set(text.match(CONTROL) ?? [])].map((c) => `U+${c.codePointAt(0)!.toString(16).padStart(4, '0')}`);

/** Every attack at once, as a YAML double-quoted string body (YAML turns the escapes into the characters). */
const EVIL =
  String.raw`\e]8;;https://evil.example/\e\\CLICK\e]8;;\e\\ \e[2J\e[H\e]0;pwned\a \e[31mred\e[0m \x9b6n \u202eevil\u202c \u2066iso\u2069 \u061calm \Lls \Pps mid\ufeffbom \0nul \x7fdel \r\n<script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3)) | col` +
  String.raw` {{spokesperson-name}}`;

const HOSTILE_CRISIS = FIXTURE_FILES['crises/widget-recall.yaml']!.replace(
  'title: { en: Widget recall, zh: 小部件召回 }',
  `title: { en: "Widget recall ${EVIL}", zh: 小部件召回 }`,
)
  .replace('summary: A batch of widgets is faulty.', `summary: "A batch ${EVIL}"`)
  .replace(
    '        title: { en: Confirm the defect, zh: 确认缺陷 }',
    `        title: { en: "Confirm ${EVIL}", zh: 确认缺陷 }\n        guidance: "Guidance ${EVIL}\\nsecond line ${EVIL}"`,
  )
  .replace(
    'checklist: [Collect samples, Check the batch records]',
    `checklist: ["Collect ${EVIL}", Check the batch records]`,
  )
  .replace(
    '          - { id: safety-risk, label: Safety risk?, type: yes-no }',
    `          - { id: safety-risk, label: "Safety ${EVIL}", type: yes-no }`,
  )
  .replace('- id: wr-act\n    title: Act', `- id: wr-act\n    title: "Act ${EVIL}"`)
  .replace(
    '      - id: wr-apology\n        title: Decide on apology and compensation',
    `      - id: wr-apology\n        title: "Apology ${EVIL}"`,
  );

const ANSWERS = `operator: "op ${EVIL}"
unlisted: done
responses:
  - { step: wr-confirm, action: done, inputs: { affected-batches: "B-1 ${EVIL}", safety-risk: false } }
  - { step: tf-name-leads, action: done, inputs: { spokesperson-name: "Sam ${EVIL}" } }
  - { action: note, text: "TODO: note ${EVIL}" }
  - { action: decision, text: "decision ${EVIL}", options: ["option ${EVIL}"], by: "boss ${EVIL}" }
  - { step: wr-apology, action: skip, reason: "reason ${EVIL}" }
  - { step: wr-statement, action: approve, by: "approver ${EVIL}" }
`;

const DRILL = `id: widget-drill
kind: drill
title: "Drill ${EVIL}"
playbook: widget-recall
operator: "drill op ${EVIL}"
unlisted: done
injects:
  - { at: 5m, message: "inject ${EVIL}", facts: { safety-risk: false } }
responses:
  - { at: 6m, step: wr-apology, action: skip, reason: "reason ${EVIL}" }
  - { at: 7m, action: note, text: "note ${EVIL}" }
expect:
  - completed: [wr-confirm, wr-apology]
`;

let work: string;
let logDir: string;
let session: string;
let started: Run;
const env = () => ({ CRISIS_LOG_DIR: logDir });
/** The built CLI as a child process: for what only a real process shows. */
const run = (args: string[]) => crisis(['--playbooks', 'pb', ...args], { cwd: work, env: env() });
/** The built CLI's main() in this process, on captured streams: the same code, without a node start-up per call. */
const main = (args: string[], extraEnv: Record<string, string> = {}) =>
  runMain(['--playbooks', 'pb', ...args], { cwd: work, env: { ...env(), ...extraEnv } });

beforeAll(async () => {
  work = tempDir('crisis-hostile-');
  logDir = path.join(work, 'logs');
  writeFiles(path.join(work, 'pb'), {
    ...FIXTURE_FILES,
    'crises/widget-recall.yaml': HOSTILE_CRISIS,
    'drills/widget-drill.yaml': DRILL,
  });
  writeFiles(work, { 'answers.yaml': ANSWERS });
  started = await run(['start', 'widget-recall', '--answers', 'answers.yaml']);
  expect(started.code, started.stderr).toBe(0);
  session = sessionIdOf(started);
}, 60_000);

describe('hostile text on screen', () => {
  it('the hostile playbook is valid: none of this is refused, all of it must be neutralised', async () => {
    const r = await main(['validate', 'pb/crises/widget-recall.yaml']);
    expect(r.code, r.stdout).toBe(0);
    expect(controls(r.stdout + r.stderr)).toEqual([]);
  });

  it.each([
    ['show', () => ['show', 'widget-recall']],
    ['list', () => ['list']],
    ['checklist (md)', () => ['checklist', 'widget-recall']],
    ['log (text)', () => ['log', session]],
    ['log (csv)', () => ['log', session, '--format', 'csv']],
    ['status', () => ['status', session]],
    ['status (all)', () => ['status']],
    ['drill', () => ['--log-dir', path.join(work, 'drill-logs'), 'drill', 'widget-drill']],
  ])('%s prints no control, escape or bidi character', async (name, args) => {
    const r = name === 'show' ? await run(args()) : await main(args());
    expect(r.code === 0 || r.code === 1, r.stderr).toBe(true);
    expect(stackLines(r.stderr)).toEqual([]);
    expect({ stdout: controls(r.stdout), stderr: controls(r.stderr) }).toEqual({ stdout: [], stderr: [] });
  });

  it('the step screen of an interactive session shows the hostile step as plain text', () => {
    const library = buildLibrary(
      Object.entries({ ...FIXTURE_FILES, 'crises/widget-recall.yaml': HOSTILE_CRISIS }).map(([file, text]) => ({
        file,
        source: 't',
        parsed: parseLibrarySource(text, file),
      })),
    );
    const plan = compose(library, 'widget-recall').plan!;
    const state = { ...initialState(), startedAt: 0, roles: { 'quality-lead': `Q ${EVIL}` } };
    state.steps['wr-confirm'] = {
      status: 'blocked',
      reason: 'blocked \u001b[2J \u202e',
      assignedTo: 'Dana \u001b]0;x\u0007',
    };
    const plain = {
      bold: (s: string) => s,
      dim: (s: string) => s,
      red: (s: string) => s,
      yellow: (s: string) => s,
      cyan: (s: string) => s,
    };
    const lines = renderStepScreen(plan, state, plan.phases[0]!.steps[0]!, { n: 1, total: 7 }, 60_000, 'en', plain);
    expect(lines.join('\n')).toContain('Confirm');
    expect(controls(lines.join('\n'))).toEqual([]);
  });

  // Regression: the operator name from an answers file was echoed raw.
  it('start does not echo the operator name from an answers file raw', () => {
    expect(controls(started.stderr)).toEqual([]);
  });

  // Regression: unknown field names, file names, messages and hints reached
  // the terminal raw; a key could hold an escape sequence or forge extra lines.
  it('validate, show and drill never pass escape sequences or line breaks from a file to the terminal', async () => {
    const bad = tempDir('crisis-hostile-bad-');
    writeFiles(bad, {
      [`pb/strategies/evil-\u001b[2J.yaml`]: 'id: evil-name\nkind: strategy\ntitle: T\nphases: 3\n',
      'pb/strategies/keys.yaml':
        'id: keys\nkind: strategy\ntitle: T\n"\\e]0;pwned\\a\\e[2J": 1\n"x\\npb/fake.yaml:1:1: error: forged line [schema]": 2\nphases:\n  - id: p\n    title: P\n    steps: [{ id: s, title: S, owner: legal }]\n',
    });
    const outputs: string[] = [];
    for (const args of [['validate', 'pb'], ['show', 'keys'], ['list']]) {
      const r = await runMain(['--playbooks', 'pb', ...args], {
        cwd: bad,
        env: { CRISIS_LOG_DIR: path.join(bad, 'logs') },
      });
      outputs.push(r.stdout, r.stderr);
    }
    expect(controls(outputs.join('\n'))).toEqual([]);
    expect(outputs.join('\n')).not.toMatch(/^pb\/fake\.yaml:1:1: error: forged line/m);
  });
});

describe('hostile arguments quoted back by the command-line parser', () => {
  // Regression: commander's own errors quote what was typed, and were written raw.
  it.each([
    [['list', '--kind', '\u001b]0;pwned\u0007\u001b[2J'], /^error: option '--kind <kind>' argument '' is invalid\./],
    [['\u001b[31mred'], /^error: unknown command 'red'/],
    [['list', '--\u001b[2Jx'], /^error: unknown option '--x'/],
    [['status', '--severity', '\u009b6n'], /^error: unknown option '--severity'/],
  ])('%j: one plain error line, no escape sequence', async (args, line) => {
    const r = await runMain(args);
    expect(r.code).toBe(2);
    expect(controls(r.stderr)).toEqual([]);
    expect(r.stderr).toMatch(line);
  });
});

describe('hostile text in exports', () => {
  const markdownBreakouts = (md: string) => [
    ...(md.match(/(?<!\\)<(script|img)\b/gi) ?? []),
    ...(md.match(/(?<!\\)\]\(javascript:/gi) ?? []),
  ];

  it('Markdown (review, checklist, log) keeps HTML and link syntax as text and has no control characters', async () => {
    const outputs = {
      review: (await main(['review', session, '--format', 'md'])).stdout,
      checklist: (await main(['checklist', 'widget-recall', '--format', 'md'])).stdout,
      log: (await main(['log', session, '--format', 'md'])).stdout,
    };
    for (const [name, md] of Object.entries(outputs)) {
      expect(md.length, name).toBeGreaterThan(200);
      expect({ name, controls: controls(md), breakouts: markdownBreakouts(md) }).toEqual({
        name,
        controls: [],
        breakouts: [],
      });
    }
    // The hostile fact, note and decision are there, as text.
    expect(outputs.review).toContain('TODO');
    expect(outputs.review).toContain('\\<script\\>');
  });

  it('HTML (review, checklist) escapes markup and has no control characters', async () => {
    const outputs = {
      review: (await main(['review', session, '--format', 'html'])).stdout,
      checklist: (await main(['checklist', 'widget-recall', '--format', 'html'])).stdout,
    };
    for (const [name, html] of Object.entries(outputs)) {
      expect(html, name).toContain('</html>');
      expect({ name, controls: controls(html), tags: html.match(/<(script|img)\b/gi) ?? [] }).toEqual({
        name,
        controls: [],
        tags: [],
      });
      expect(html, name).toContain('&lt;script&gt;');
    }
  });

  it('the JUnit report of a hostile drill is well-formed XML with no control characters', async () => {
    const junit = path.join(work, 'junit.xml');
    const r = await main(['--log-dir', path.join(work, 'drill-logs-2'), 'drill', 'widget-drill', '--junit', junit]);
    expect(r.code === 0 || r.code === 1, r.stderr).toBe(true);
    const xml = readFileSync(junit, 'utf8');
    expect(controls(xml)).toEqual([]);
    expect(xml).not.toMatch(/<(script|img)\b/i);
  });

  it('a {{hole}} inside a recorded fact is never expanded, in the statement or the review', async () => {
    writeFiles(work, { 'issue.yaml': 'responses:\n  - { step: wr-statement, action: statement }\n' });
    const r = await main(['resume', session, '--answers', 'issue.yaml']);
    expect(r.code, r.stderr).toBe(0);
    // website is a channel of more than one step of widget-recall: the file is named by the step too
    const file = path.join(logDir, session, 'statements', 'website.wr-statement.md');
    const statement = readFileSync(file, 'utf8');
    // The template's hole took the fact; the fact's own {{...}} stayed as typed.
    expect(statement).toContain('Batches B-1');
    expect(statement).toContain('{{spokesperson-name}}');
    expect(statement).not.toContain('Sam');
    const review = (await main(['review', session])).stdout;
    expect(review).toContain('{{spokesperson-name}}');
  });

  // The log keeps the exact text; the statement file is for people who will
  // `cat` or paste it, so it holds no control characters.
  it('the statement file for a channel holds no control characters', () => {
    const dir = path.join(logDir, session, 'statements');
    const texts = readdirSync(dir).map((f) => readFileSync(path.join(dir, f), 'utf8'));
    expect(texts.length).toBeGreaterThan(0);
    expect(controls(texts.join('\n'))).toEqual([]);
  });
});

describe('names that try to leave their directory are refused before they touch the file system', () => {
  const VALID = '20260101-090000-widget-recall-abcd';
  let outside: string;
  let victim: string;
  beforeAll(() => {
    // A real session log and its folder where an escaping id would land.
    outside = path.join(work, 'outside');
    writeFiles(outside, {
      [`${VALID}.jsonl`]: readFileSync(path.join(logDir, `${session}.jsonl`), 'utf8').replaceAll(session, VALID),
    });
    victim = readFileSync(path.join(outside, `${VALID}.jsonl`), 'utf8');
  });
  const untouched = () => {
    expect(readFileSync(path.join(outside, `${VALID}.jsonl`), 'utf8')).toBe(victim);
    expect(readdirSync(outside)).toEqual([`${VALID}.jsonl`]);
  };

  const sessionRefs = () => [
    `../outside/${VALID}`,
    path.join(outside, VALID),
    '..',
    '../../etc/passwd',
    `${VALID}/../../outside/${VALID}`,
    '.',
    `${VALID}/`,
    `./${VALID}`,
  ];
  const inProcess = (argv: string[]) => main(argv);

  it.each(['status', 'log', 'verify', 'review', 'resume'])(
    '%s refuses session ids with .., / or absolute paths (exit 2), and reads or writes nothing there',
    async (command) => {
      const extra = command === 'resume' ? ['--answers', 'answers.yaml'] : [];
      for (const ref of sessionRefs()) {
        const r = await inProcess([command, ref, ...extra]);
        expect({ ref, code: r.code }).toEqual({ ref, code: 2 });
        expect(r.stderr).toMatch(/is not a session id/);
      }
      if (command === 'resume') {
        // And through the real CLI, for the command that would write.
        const r = await run([command, `../outside/${VALID}`, ...extra]);
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(/is not a session id/);
        expect(stackLines(r.stderr)).toEqual([]);
      }
      untouched();
    },
  );

  it.each(['show', 'checklist', 'start'])(
    '%s refuses playbook ids with .., / or absolute paths (exit 2)',
    async (command) => {
      const extra = command === 'start' ? ['--answers', 'answers.yaml'] : [];
      for (const id of ['../outside/x', '/etc/passwd', '..', 'a/b', 'Widget-Recall', 'widget-recall/../x']) {
        const r = await inProcess([command, id, ...extra]);
        expect({ id, code: r.code }).toEqual({ id, code: 2 });
        expect(r.stderr).toMatch(/not a valid id/);
      }
      if (command === 'start') {
        const r = await run([command, '../outside/x', ...extra]);
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(/not a valid id/);
      }
      expect(existsSync(path.join(work, 'x'))).toBe(false);
    },
  );

  it('a NUL in a session id or playbook id is refused (exit 2) in process, where argv can carry it', async () => {
    for (const argv of [
      ['status', `${VALID}\u0000/../x`],
      ['log', `${VALID}\u0000`],
      ['show', 'widget-recall\u0000../x'],
      ['start', 'widget\u0000', '--answers', 'a.yaml'],
      ['verify', `\u0000${VALID}`],
    ]) {
      const r = await runMain(argv, { cwd: work, env: { CRISIS_LOG_DIR: logDir } });
      expect({ argv, code: r.code }).toEqual({ argv, code: 2 });
      expect(r.stderr).toMatch(/not a (valid id|session id)/);
      expect(controls(r.stderr)).toEqual([]);
    }
  });

  it('step ids, channel ids, drill ids and --with/--as values that escape are refused by the schema or the plan (exit 2), and nothing is written outside', async () => {
    const bad = tempDir('crisis-hostile-ids-');
    writeFiles(bad, {
      ...Object.fromEntries(Object.entries(FIXTURE_FILES).map(([f, t]) => [`pb/${f}`, t])),
      'a-step.yaml': 'responses:\n  - { step: ../../../x, action: done }\n',
      'a-null.yaml': 'responses:\n  - { step: "wr-confirm\\0", action: done }\n',
      'pb/strategies/channel.yaml':
        'id: channel\nkind: strategy\ntitle: T\nphases:\n  - id: p\n    title: P\n    steps:\n      - id: s\n        title: S\n        owner: legal\n        statement:\n          "../../../x": Hello\n',
      'escape-drill.yaml':
        'id: ../../x\nkind: drill\ntitle: T\nplaybook: widget-recall\nresponses: []\nexpect:\n  - completed: [wr-confirm]\n',
    });
    const at = (args: string[]) =>
      runMain(['--playbooks', 'pb', ...args], { cwd: bad, env: { CRISIS_LOG_DIR: path.join(bad, 'logs') } });
    for (const answers of ['a-step.yaml', 'a-null.yaml']) {
      const r = await at(['start', 'widget-recall', '--answers', answers]);
      expect({ answers, code: r.code }).toEqual({ answers, code: 2 });
    }
    const v = await at(['validate', 'pb/strategies/channel.yaml']);
    expect(v.code).toBe(1);
    expect(v.stdout).toMatch(/statement/);
    const d = await at(['drill', 'escape-drill.yaml']);
    expect(d.code).toBe(2);
    expect((await at(['show', 'widget-recall', '--with', '../x'])).code).toBe(2);
    expect((await at(['start', 'widget-recall', '--as', '../x', '--answers', 'a-step.yaml'])).code).toBe(2);
    // Nothing landed above the work dir's own folders.
    expect(readdirSync(path.dirname(bad)).filter((f) => f === 'x' || f === 'x.md')).toEqual([]);
    expect(existsSync(path.join(bad, 'x'))).toBe(false);
    writeFileSync(path.join(bad, 'done'), '');
  });
});
