/**
 * The core commands (list, show, validate, schema) run as a user runs them:
 * `node bin/crisis.js ...` in a temp dir, asserting exit code, stdout,
 * stderr and timing. The fixture library (test/helpers/fixtures.ts) is
 * written to <work>/pb; the built-in library is only assumed to hold
 * product-quality and task-force.
 */
import { cpSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { displayWidth } from '../../src/render/width.js';
import { CRISIS, FIXTURE_FILES, MEDIUM_STEPS, posOf } from '../helpers/fixtures.js';
import { BIN, REPO_ROOT } from '../helpers/paths.js';
import { runInPty, shellQuote } from '../helpers/pty.js';
import {
  cleanEnv,
  firstLine,
  runCli,
  runNode,
  stackLines,
  type CliResult,
  type RunOptions,
} from '../helpers/run-cli.js';
import { tempDir, writeFiles } from '../helpers/temp.js';

const ESC = '\u001b';

let work: string;
const crisis = (args: readonly string[], options: RunOptions = {}) => runCli(args, { cwd: work, ...options });

/**
 * Finished by itself: a run that hangs (a prompt waiting on stdin) is killed
 * by runCli's timeout. How fast it finishes is measured in bench/, not here.
 */
function expectQuick(r: CliResult) {
  expect(r.signal).toBeNull();
}
const pb = ['--playbooks', 'pb'];

interface ListedRow {
  id: string;
  kind: string;
  title: string;
  steps: number;
  file: string;
  source: string;
  overrides: string[];
}
const parseJson = <T>(r: CliResult): T => {
  expectNoErrors(r);
  return JSON.parse(r.stdout) as T;
};
/**
 * Exit 0 and nothing on stderr but, at most, list's one-line warning about
 * files that could not be loaded: the built-in library is being written by
 * others, and a file of theirs that is broken for a moment is not this
 * suite's business (test/library checks the built-ins).
 */
function expectNoErrors(r: CliResult) {
  expect(r.code).toBe(0);
  expect(r.stderr).toMatch(/^(warning: \d+ files? could not be loaded \([^\n]*\n)?$/);
  expect(r.stderr).not.toMatch(/\(pb\/|[ ,]pb\//);
}

/** 2^(depth) expansions from a few lines of YAML: the "billion laughs". */
function aliasBomb(depth = 20): string {
  let s = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
  for (let i = 1; i < depth; i++)
    s += `a${i}: &a${i} [${Array(10)
      .fill(`*a${i - 1}`)
      .join(', ')}]\n`;
  return s;
}

/**
 * Files that are not playbooks, each in its own folder bad/<name>/<name>.yaml,
 * with the problem code validate reports for it.
 */
const BAD_FILES: Array<[name: string, code: string, contents: () => string | Uint8Array]> = [
  ['not-yaml', 'yaml.syntax', () => '{ this is: not: yaml ]]\n\t- '],
  ['empty', 'file.empty', () => ''],
  ['alias-bomb', 'yaml.aliases', () => aliasBomb()],
  ['huge', 'file.too-big', () => `id: huge\n${`# ${'x'.repeat(97)}\n`.repeat(500_000)}`], // 50 MB
  ['deep', 'yaml.syntax', () => `id: deep\nx: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`],
  ['latin1', 'file.encoding', () => new Uint8Array([...Buffer.from('id: caf'), 0xe9, 0x0a])],
  ['binary', 'file.binary', () => new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00])],
  ['schema-only', 'schema', () => 'id: schema-only\nkind: crisis\ntitle: { zh: 只有中文 }\nphases: []\n'],
];

beforeAll(() => {
  work = tempDir('crisis-e2e-');
  writeFiles(path.join(work, 'pb'), FIXTURE_FILES);
  writeFiles(work, { 'empty/README.md': 'no playbooks here\n', 'notes.txt': 'not yaml at all\n' });
  for (const [name, , contents] of BAD_FILES)
    writeFiles(path.join(work, 'bad', name), { [`${name}.yaml`]: contents() });
});

/** The shape of every user-facing failure: exit code, first stderr line, a hint, no stack, quick. */
function expectCleanFailure(r: CliResult, code: number, firstStderrLine: string | RegExp) {
  expect({ code: r.code, first: firstLine(r.stderr) }).toEqual({
    code,
    first:
      typeof firstStderrLine === 'string'
        ? expect.stringMatching(new RegExp(`^${escapeRe(firstStderrLine)}`))
        : expect.stringMatching(firstStderrLine),
  });
  expect(r.stderr).toMatch(/^hint: \S/m);
  expect(stackLines(r.stderr)).toEqual([]);
  expect(stackLines(r.stdout)).toEqual([]);
  expectQuick(r);
}
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('crisis list', () => {
  it('groups every playbook by kind: id, title, steps, source', async () => {
    const r = await crisis(['list', ...pb]);
    expectNoErrors(r);
    const lines = r.stdout.split('\n');
    const headings = lines.filter((l) => /^\S/.test(l));
    expect(headings.map((h) => h.replace(/ \(\d+\)$/, ''))).toEqual([
      'Crisis playbooks',
      'Strategies',
      'Reviews',
      'Drills',
    ]);
    for (const h of headings) expect(h).toMatch(/ \(\d+\)$/);
    expect(lines.filter((l) => /^ {2}ID +TITLE +STEPS +SOURCE$/.test(l))).toHaveLength(headings.length);
    expect(lines.find((l) => l.includes('widget-recall'))).toMatch(/^ {2}widget-recall +Widget recall +7 +pb$/);
    expect(lines.find((l) => / comms /.test(l))).toMatch(/^ {2}comms +Communicate +2 +pb$/);
    expect(lines.find((l) => l.includes('widget-drill'))).toMatch(/^ {2}widget-drill +Widget drill +1 +pb$/);
    // the fixture's task-force hides the built-in one, and says so
    expect(lines.find((l) => /^ {2}task-force /.test(l))).toMatch(
      /^ {2}task-force +Task force +1 +pb \(overrides .*playbooks\/strategies\/task-force\.yaml\)$/,
    );
    expect(lines.find((l) => /^ {2}product-quality /.test(l))).toMatch(/ built-in$/);
    // each row sits under the heading of its kind
    const under = (id: string) =>
      headings.filter((h) => lines.indexOf(h) < lines.findIndex((l) => l.startsWith(`  ${id} `))).at(-1);
    expect(under('widget-recall')).toMatch(/^Crisis playbooks/);
    expect(under('comms')).toMatch(/^Strategies/);
    expect(under('post-crisis')).toMatch(/^Reviews/);
    expect(under('widget-drill')).toMatch(/^Drills/);
  });

  it('--kind crisis lists only crisis playbooks', async () => {
    const r = await crisis(['list', '--kind', 'crisis', ...pb]);
    expect(r.code).toBe(0);
    const headings = r.stdout.split('\n').filter((l) => /^\S/.test(l));
    expect(headings).toHaveLength(1);
    expect(headings[0]).toMatch(/^Crisis playbooks \(\d+\)$/);
    expect(r.stdout).toMatch(/^ {2}widget-recall /m);
    expect(r.stdout).not.toMatch(/^ {2}(comms|task-force|post-crisis|widget-drill) /m);
  });

  it('--json prints a stable array: fixed keys, sorted by kind then id, no colour', async () => {
    const r1 = await crisis(['list', '--json', ...pb], { env: { FORCE_COLOR: '1' } });
    const r2 = await crisis(['list', '--json', ...pb]);
    expect(r1.stdout).toBe(r2.stdout);
    expect(r1.stdout).not.toContain(ESC);
    const rows = parseJson<ListedRow[]>(r1);
    for (const row of rows)
      expect(Object.keys(row)).toEqual(['id', 'kind', 'title', 'steps', 'file', 'source', 'overrides']);
    const kinds = ['crisis', 'strategy', 'review', 'drill'];
    const sorted = [...rows].sort((a, b) => kinds.indexOf(a.kind) - kinds.indexOf(b.kind) || a.id.localeCompare(b.id));
    expect(rows).toEqual(sorted);
    // which built-ins the fixture hides depends on the built-in library; task-force is certain
    const ours = rows.filter((row) => row.source === 'pb');
    expect(ours.map(({ overrides: _o, ...row }) => row)).toEqual([
      {
        id: 'widget-recall',
        kind: 'crisis',
        title: 'Widget recall',
        steps: 7,
        file: 'pb/crises/widget-recall.yaml',
        source: 'pb',
      },
      { id: 'comms', kind: 'strategy', title: 'Communicate', steps: 2, file: 'pb/strategies/comms.yaml', source: 'pb' },
      {
        id: 'media',
        kind: 'strategy',
        title: 'Media relations',
        steps: 1,
        file: 'pb/strategies/media.yaml',
        source: 'pb',
      },
      {
        id: 'social-media',
        kind: 'strategy',
        title: 'Social media',
        steps: 1,
        file: 'pb/strategies/social-media.yaml',
        source: 'pb',
      },
      {
        id: 'task-force',
        kind: 'strategy',
        title: 'Task force',
        steps: 1,
        file: 'pb/strategies/task-force.yaml',
        source: 'pb',
      },
      {
        id: 'post-crisis',
        kind: 'review',
        title: 'Post-crisis review',
        steps: 1,
        file: 'pb/review/post-crisis.yaml',
        source: 'pb',
      },
      {
        id: 'widget-drill',
        kind: 'drill',
        title: 'Widget drill',
        steps: 1,
        file: 'pb/drills/widget-drill.yaml',
        source: 'pb',
      },
    ]);
    expect(ours.find((row) => row.id === 'task-force')!.overrides).toEqual([
      path.join(REPO_ROOT, 'playbooks/strategies/task-force.yaml'),
    ]);
    expect(ours.find((row) => row.id === 'comms')!.overrides).toEqual([]);
    for (const row of ours)
      for (const file of row.overrides)
        expect(file.startsWith(path.join(REPO_ROOT, 'playbooks') + path.sep)).toBe(true);
  });

  it('--json --kind drill', async () => {
    const rows = parseJson<ListedRow[]>(await crisis(['list', '--json', '--kind', 'drill', ...pb]));
    expect(rows.every((row) => row.kind === 'drill')).toBe(true);
    expect(rows.map((row) => row.id)).toContain('widget-drill');
  });

  it('the built-in library is on the path: product-quality and task-force', async () => {
    const rows = parseJson<ListedRow[]>(await crisis(['list', '--json']));
    expect(rows.find((row) => row.id === 'product-quality')).toMatchObject({
      kind: 'crisis',
      source: 'built-in',
      overrides: [],
    });
    expect(rows.find((row) => row.id === 'task-force')).toMatchObject({
      kind: 'strategy',
      source: 'built-in',
      file: path.join(REPO_ROOT, 'playbooks/strategies/task-force.yaml'),
    });
  });

  it('a file that cannot be loaded is named on stderr; the rest are listed', async () => {
    const r = await crisis(['list', '--playbooks', 'bad/not-yaml', '--playbooks', 'pb']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ {2}widget-recall /m);
    expect(r.stderr).toMatch(
      /^warning: \d+ files? could not be loaded \(bad\/not-yaml\/not-yaml\.yaml[,)].*; run `crisis validate`\n$/,
    );
  });
});

describe('search path', () => {
  const probe = (title: string) =>
    `id: probe\nkind: strategy\ntitle: ${title}\nphases:\n  - id: pr\n    title: P\n    steps:\n      - { id: pr-1, title: One, owner: legal }\n`;
  let dir: string;
  beforeAll(() => {
    dir = tempDir('crisis-path-');
    writeFiles(dir, {
      'a/probe.yaml': probe('From A'),
      'a2/probe.yaml': probe('From A2'),
      'b/probe.yaml': probe('From B'),
      'b2/probe.yaml': probe('From B2'),
      'playbooks/probe.yaml': probe('From cwd'),
    });
  });
  const probeRow = async (args: string[], env: Record<string, string> = {}) => {
    const rows = parseJson<ListedRow[]>(
      await runCli(['list', '--json', '--kind', 'strategy', ...args], { cwd: dir, env }),
    );
    return rows.find((row) => row.id === 'probe');
  };

  it('--playbooks (repeatable, in order) beats CRISIS_PLAYBOOKS beats ./playbooks', async () => {
    expect(
      await probeRow(['--playbooks', 'a', '--playbooks', 'a2'], { CRISIS_PLAYBOOKS: `b${path.delimiter}b2` }),
    ).toEqual({
      id: 'probe',
      kind: 'strategy',
      title: 'From A',
      steps: 1,
      file: 'a/probe.yaml',
      source: 'a',
      overrides: ['a2/probe.yaml', 'b/probe.yaml', 'b2/probe.yaml', 'playbooks/probe.yaml'],
    });
  });

  it('CRISIS_PLAYBOOKS is a path list; its first entry wins', async () => {
    expect(await probeRow([], { CRISIS_PLAYBOOKS: `b2${path.delimiter}b` })).toMatchObject({
      title: 'From B2',
      source: 'b2',
      overrides: ['b/probe.yaml', 'playbooks/probe.yaml'],
    });
  });

  it('CRISIS_PLAYBOOKS entries that do not exist are skipped', async () => {
    expect(await probeRow([], { CRISIS_PLAYBOOKS: `nowhere${path.delimiter}b` })).toMatchObject({
      title: 'From B',
      source: 'b',
    });
  });

  it('./playbooks in the working directory comes before the built-ins', async () => {
    expect(await probeRow([])).toMatchObject({ title: 'From cwd', source: 'playbooks', overrides: [] });
  });

  it('list says which file an override hides', async () => {
    const r = await runCli(['list', '--kind', 'strategy', '--playbooks', 'a'], { cwd: dir });
    expect(r.stdout).toMatch(/^ {2}probe +From A +1 +a \(overrides playbooks\/probe\.yaml\)$/m);
  });

  it('show uses the winning file', async () => {
    const plan = parseJson<{ title: string }>(
      await runCli(['show', 'probe', '--json', '--playbooks', 'b'], { cwd: dir }),
    );
    expect(plan.title).toBe('From B');
  });
});

describe('languages', () => {
  const zhList = (r: CliResult) => {
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^危机预案 \(\d+\)$/m);
    expect(r.stdout).toMatch(/^ {2}widget-recall +小部件召回 +7 +pb$/m);
  };

  it('--lang zh', async () => zhList(await crisis(['--lang', 'zh', 'list', '--kind', 'crisis', ...pb])));
  it('CRISIS_LANG=zh', async () =>
    zhList(await crisis(['list', '--kind', 'crisis', ...pb], { env: { CRISIS_LANG: 'zh' } })));
  it('a zh locale (LANG=zh_CN.UTF-8)', async () =>
    zhList(await crisis(['list', '--kind', 'crisis', ...pb], { env: { LANG: 'zh_CN.UTF-8' } })));
  it('LC_ALL beats LANG', async () =>
    zhList(await crisis(['list', '--kind', 'crisis', ...pb], { env: { LANG: 'en_US.UTF-8', LC_ALL: 'zh_CN.UTF-8' } })));

  it('--lang en beats CRISIS_LANG=zh', async () => {
    const r = await crisis(['--lang', 'en', 'list', '--kind', 'crisis', ...pb], { env: { CRISIS_LANG: 'zh' } });
    expect(r.stdout).toMatch(/^Crisis playbooks \(\d+\)$/m);
    expect(r.stdout).toMatch(/^ {2}widget-recall +Widget recall +7 +pb$/m);
  });

  it('text without zh falls back to en', async () => {
    const rows = parseJson<ListedRow[]>(await crisis(['--lang', 'zh', 'list', '--json', ...pb]));
    expect(rows.find((row) => row.id === 'comms')!.title).toBe('Communicate');
    expect(rows.find((row) => row.id === 'task-force' && row.source === 'pb')!.title).toBe('工作组');
  });

  it('columns line up by display width with Chinese text', async () => {
    const r = await crisis(['--lang', 'zh', 'list', '--kind', 'crisis', ...pb]);
    const table = r.stdout.split('\n').filter((l) => l.startsWith('  '));
    const stepsColumn = (line: string) => {
      const m = /^( {2}\S+ +.+? {2,})(\d+|步骤)( +)/.exec(line);
      return m ? displayWidth(m[1]!) : -1;
    };
    const columns = new Set(table.map(stepsColumn));
    expect(columns.size).toBe(1);
    expect([...columns][0]).toBeGreaterThan(0);
  });

  it('show in zh', async () => {
    const r = await crisis(['--lang', 'zh', 'show', 'widget-recall', ...pb]);
    expect(r.code).toBe(0);
    expect(firstLine(r.stdout)).toBe('小部件召回 [widget-recall]');
    expect(r.stdout).toContain('确认缺陷（wr-confirm）');
  });
});

describe('crisis show', () => {
  interface PlanJson {
    id: string;
    severity: string;
    strategies: string[];
    phases: Array<{ id: string; source: string; steps: Array<{ id: string; when?: unknown }> }>;
  }
  const planOf = async (args: string[]) => parseJson<PlanJson>(await crisis(['show', ...args, '--json', ...pb]));
  const steps = (plan: PlanJson) => plan.phases.flatMap((p) => p.steps.map((s) => s.id));

  it('prints the composed plan at the default severity', async () => {
    const r = await crisis(['show', 'widget-recall', ...pb]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines.slice(0, 4)).toEqual([
      'Widget recall [widget-recall]',
      'A batch of widgets is faulty.',
      'severity: medium   targets: assessment 30m, first-statement 1h, update-every 4h   steps: 6 (up to 7 as conditions are met)',
      'strategies: task-force, comms',
    ]);
    // numbered as start numbers them; the recall waits for its condition and is marked [+]
    const numbered = lines.filter((l) => /^ {2}\[\d+\/6\] /.test(l)).map((l) => /\(([a-z0-9-]+)\)$/.exec(l)![1]);
    expect(numbered).toEqual(MEDIUM_STEPS.filter((id) => id !== 'wr-recall'));
    expect(lines.filter((l) => l.startsWith('  [+] '))).toEqual(['  [+] Recall the batches (wr-recall)']);
    expect(r.stdout).toContain('Mobilise [tf-mobilise ← task-force]');
    expect(r.stdout).toContain('        only if: safety-risk is yes');
    expect(r.stdout).toContain('        owner: Quality lead (quality-lead)   due: assessment (30m)');
    expect(r.stdout).toContain('        statement on: website   approved by: Legal (legal)');
  });

  it('--severity high keeps the severity-at-least: high step; medium drops it', async () => {
    expect(steps(await planOf(['widget-recall', '--severity', 'medium']))).not.toContain('wr-escalate');
    const high = await planOf(['widget-recall', '--severity', 'high']);
    expect(high.severity).toBe('high');
    expect(steps(high)).toEqual([
      'wr-confirm',
      'tf-name-leads',
      'wr-recall',
      'wr-escalate',
      'wr-apology',
      'wr-statement',
      'cm-legal-check',
      'cm-first-statement',
    ]);
    const text = await crisis(['show', 'widget-recall', '--severity', 'high', ...pb]);
    expect(text.stdout).toContain('steps: 7 (up to 8 as conditions are met)');
    expect(text.stdout).toMatch(/\[3\/7\] Brief the board \(wr-escalate\)/);
  });

  it('--severity critical settles the recall condition', async () => {
    const critical = await planOf(['widget-recall', '--severity', 'critical']);
    expect(critical.phases.flatMap((p) => p.steps).find((s) => s.id === 'wr-recall')!.when).toBeUndefined();
  });

  it('--with media,social-media appends the strategies after the plan', async () => {
    const plan = await planOf(['widget-recall', '--with', 'media,social-media']);
    expect(plan.strategies).toEqual(['task-force', 'comms', 'media', 'social-media']);
    expect(plan.phases.map((p) => [p.id, p.source])).toEqual([
      ['wr-assess', 'widget-recall'],
      ['tf-mobilise', 'task-force'],
      ['wr-act', 'widget-recall'],
      ['cm-statement', 'comms'],
      ['md-press', 'media'],
      ['sm-watch', 'social-media'],
    ]);
  });

  it.each([
    [
      ['--with', 'comms,media,media'],
      ['task-force', 'comms', 'media'],
    ],
    [
      ['--with', 'media', '--with', 'social-media,media'],
      ['task-force', 'comms', 'media', 'social-media'],
    ],
    [
      ['--with', 'task-force'],
      ['task-force', 'comms'],
    ],
  ])('%j adds only strategies not already used: %j', async (flags, strategies) => {
    const plan = await planOf(['widget-recall', ...flags]);
    expect(plan.strategies).toEqual(strategies);
    const ids = steps(plan);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('--json is stable and has no colour', async () => {
    const a = await crisis(['show', 'widget-recall', '--json', ...pb], { env: { FORCE_COLOR: '1' } });
    const b = await crisis(['show', 'widget-recall', '--json', ...pb]);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).not.toContain(ESC);
    expect(Object.keys(JSON.parse(a.stdout) as object)).toEqual([
      'id',
      'kind',
      'title',
      'summary',
      'severity',
      'roles',
      'targets',
      'review',
      'strategies',
      'jurisdictions',
      'phases',
    ]);
  });

  it('--with an unknown strategy: exit 2, names it', async () => {
    const r = await crisis(['show', 'widget-recall', '--with', 'nope', ...pb]);
    expectCleanFailure(r, 2, 'error: ');
    expect(firstLine(r.stderr)).toContain('unknown strategy "nope"');
  });

  // Regression: the --with problem used to be formatted as a file problem
  // (`error: --with: error: --with: ...`) with a hint to run validate.
  it('--with an unknown strategy: one plain error line and a hint to list strategies', async () => {
    const r = await crisis(['show', 'widget-recall', '--with', 'nope', ...pb]);
    expect(r.stderr.split('\n').slice(0, 2)).toEqual([
      'error: --with: unknown strategy "nope"',
      expect.stringMatching(/^hint: .*crisis list/),
    ]);
  });
});

describe('crisis validate', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir('crisis-validate-');
    writeFiles(path.join(dir, 'clean'), FIXTURE_FILES);
  });
  const validate = (args: string[]) => runCli(['validate', ...args], { cwd: dir });
  /** The fixture library with some files replaced, in a fresh folder under `dir`. */
  const variant = (name: string, changes: Record<string, string>) => {
    writeFiles(path.join(dir, name), { ...FIXTURE_FILES, ...changes });
    return name;
  };

  it('a clean folder: the summary alone, exit 0', async () => {
    const r = await validate(['clean']);
    expect(r).toMatchObject({ code: 0, stderr: '', stdout: '✓ 7 files checked: 0 errors, 0 warnings\n' });
  });

  it('one file, with its references resolved on the search path', async () => {
    const r = await validate(['--playbooks', 'clean', 'clean/crises/widget-recall.yaml']);
    expect(r).toMatchObject({ code: 0, stdout: '✓ 1 file checked: 0 errors, 0 warnings\n' });
  });

  it('reports every problem at once as file:line:col: severity: message [code], then a summary; exit 1', async () => {
    const crisisText = CRISIS.replace(
      'owner: quality-lead\n        tags: [corrective-action]',
      'owner: nobody\n        tags: [corrective-action]',
    )
      .replace('due: assessment', 'due: assesment')
      .replace('when: { severity-at-least: high }', 'when: { fact: board-ready, equals: true }')
      .replace('- id: wr-apology', '- id: tf-name-leads');
    const name = variant('many', {
      'crises/widget-recall.yaml': crisisText,
      'strategies/loop-a.yaml': 'id: loop-a\nkind: strategy\ntitle: A\nphases:\n  - use: loop-b\n',
      'strategies/loop-b.yaml': 'id: loop-b\nkind: strategy\ntitle: B\nphases:\n  - use: loop-a\n',
      'strategies/missing-use.yaml': 'id: missing-use\nkind: strategy\ntitle: M\nphases:\n  - use: no-such-strategy\n',
      'strategies/no-en.yaml':
        'id: no-en\nkind: strategy\ntitle: { zh: 没有英文 }\nphases:\n  - id: ne\n    title: N\n    steps: [ { id: ne-1, title: One, owner: legal } ]\n',
      'strategies/media-again.yaml': FIXTURE_FILES['strategies/media.yaml']!,
      'strategies/broken.yaml': 'id: broken\nkind: [strategy\n',
    });
    const r = await validate([name]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trimEnd().split('\n');
    const problems = lines.slice(0, -1);
    expect(lines.at(-1)).toBe(`13 files checked: ${problems.length} errors, 0 warnings`);
    for (const line of problems)
      expect(line).toMatch(/^many\/[a-z/-]+\.yaml(:\d+:\d+)?: error: .+ \[[a-z-]+(\.[a-z-]+)*\]$/);
    const at = (file: string, text: string, needle: string) =>
      `many/${file}:${posOf(text, needle).line}:${posOf(text, needle).col}`;
    const C = 'crises/widget-recall.yaml';
    expect(problems).toEqual(
      expect.arrayContaining([
        `${at(C, crisisText, 'nobody')}: error: owner: unknown role "nobody" (define it in roles: or use a task-force role) [roles.unknown]`,
        `${at(C, crisisText, 'assesment')}: error: due: "assesment" is neither a duration (45s, 30m, 4h, 2d) nor a target of widget-recall (assessment, first-statement, update-every) [due.unknown-target]`,
        `${at(C, crisisText, 'tf-name-leads')}: error: step id "tf-name-leads" is used twice in plan widget-recall (also in task-force) [ids.duplicate-step]`,
        'many/strategies/loop-a.yaml:5:10: error: use: cycle loop-b -> loop-a -> loop-b [compose.use-cycle]',
        'many/strategies/loop-b.yaml:5:10: error: use: cycle loop-a -> loop-b -> loop-a [compose.use-cycle]',
        'many/strategies/missing-use.yaml:5:10: error: use: unknown strategy "no-such-strategy" [compose.unknown-use]',
        'many/strategies/no-en.yaml:3:8: error: title.en: Invalid input: expected string, received undefined [schema]',
        'many/strategies/media.yaml:1:5: error: id "media" is already used by many/strategies/media-again.yaml [ids.duplicate-file]',
      ]),
    );
    // the `when` on a fact nobody records is only checked at severities that keep the step (see lint tests); broken YAML is reported either way
    expect(
      problems.filter((p) => p.startsWith('many/strategies/broken.yaml')).map((p) => /\[(.+)\]$/.exec(p)![1]),
    ).toEqual(['yaml.syntax']);
    // sorted by file, then line
    const keys = problems
      .map((p) => /^(\S+?)(?::(\d+):\d+)?: /.exec(p)!)
      .map((m) => [m[1]!, Number(m[2] ?? 0)] as const);
    const sortedKeys = [...keys].sort((a, b) => a[0].localeCompare(b[0]) || a[1] - b[1]);
    expect(keys).toEqual(sortedKeys);
  });

  it('warnings alone: exit 0; --strict makes them errors, exit 1', async () => {
    const text = CRISIS.replace(
      'title: Decide on apology and compensation\n        owner: incident-lead\n',
      'title: Decide on apology and compensation\n',
    );
    const name = variant('warn', { 'crises/widget-recall.yaml': text });
    const where = `warn/crises/widget-recall.yaml:${posOf(text, 'id: wr-apology').line}:${posOf(text, 'id: wr-apology').col}`;
    const message = 'step "wr-apology" has no owner (every step needs one person accountable) [procedure.owner]';
    expect(await validate([name])).toMatchObject({
      code: 0,
      stdout: `${where}: warning: ${message}\n7 files checked: 0 errors, 1 warning\n`,
    });
    expect(await validate([name, '--strict'])).toMatchObject({
      code: 1,
      stdout: `${where}: error: ${message}\n7 files checked: 1 error, 0 warnings\n`,
    });
  });

  it('principle coverage is a warning', async () => {
    const text = CRISIS.replace('review: post-crisis\n', '');
    const r = await validate([variant('principle', { 'crises/widget-recall.yaml': text })]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'principle/crises/widget-recall.yaml:1:5: warning: no link to the post-crisis review (review: post-crisis) (principle: prevention) [principle.prevention]\n7 files checked: 0 errors, 1 warning\n',
    );
  });

  it('--json prints the files, counts and problems', async () => {
    const text = CRISIS.replace('due: assessment', 'due: assesment');
    const r = await validate([variant('json', { 'crises/widget-recall.yaml': text }), '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({
      files: Object.keys(FIXTURE_FILES)
        .map((f) => `json/${f}`)
        .sort(),
      errors: 1,
      warnings: 0,
      problems: [
        {
          file: 'json/crises/widget-recall.yaml',
          ...posOf(text, 'assesment'),
          severity: 'error',
          code: 'due.unknown-target',
          message:
            'due: "assesment" is neither a duration (45s, 30m, 4h, 2d) nor a target of widget-recall (assessment, first-statement, update-every)',
        },
      ],
    });
  });

  it('only the files it was asked about are reported', async () => {
    const name = variant('some', { 'crises/widget-recall.yaml': CRISIS.replace('due: assessment', 'due: assesment') });
    expect(await validate([`${name}/strategies/media.yaml`, '--playbooks', name])).toMatchObject({
      code: 0,
      stdout: '✓ 1 file checked: 0 errors, 0 warnings\n',
    });
  });
});

describe('bad input', () => {
  describe.each(BAD_FILES)('a bad file: %s (%s)', (name, code) => {
    const file = `bad/${name}/${name}.yaml`;

    it('validate: a finding on stdout, the summary, exit 1, quickly', async () => {
      const r = await crisis(['validate', file]);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe('');
      const lines = r.stdout.trimEnd().split('\n');
      expect(lines[0]).toMatch(new RegExp(`^${escapeRe(file)}(:\\d+:\\d+)?: error: .+ \\[${escapeRe(code)}\\]$`));
      expect(lines.at(-1)).toMatch(/^1 file checked: [1-9]\d* errors?, 0 warnings$/);
      expect(stackLines(r.stdout)).toEqual([]);
      expectQuick(r);
    });

    it('show <its id>: exit 2, unknown playbook, the hint names the file', async () => {
      const r = await crisis(['show', name, '--playbooks', `bad/${name}`]);
      expectCleanFailure(r, 2, `error: unknown playbook "${name}"`);
      expect(r.stderr).toContain(`hint: a file that may hold it has errors: ${file}`);
    });

    it('list: lists the rest, names the file on stderr, exit 0', async () => {
      const r = await crisis(['list', '--kind', 'crisis', '--playbooks', `bad/${name}`, ...pb]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^ {2}widget-recall +Widget recall +7 +pb$/m);
      // one line; the search-path dir given first is named first (the count
      // also takes in any built-in file that is broken at the moment)
      expect(r.stderr).toMatch(
        new RegExp(`^warning: \\d+ files? could not be loaded \\(${escapeRe(file)}[,)].*; run \`crisis validate\`\\n$`),
      );
      expectQuick(r);
    });
  });

  // Regression: YAML syntax errors used to carry no line:col.
  it('validate: a YAML syntax error is reported as file:line:col', async () => {
    const r = await crisis(['validate', 'bad/not-yaml/not-yaml.yaml']);
    expect(r.stdout.trimEnd().split('\n')).toEqual([
      'bad/not-yaml/not-yaml.yaml:1:12: error: Block collections are not allowed within flow collections [yaml.syntax]',
      'bad/not-yaml/not-yaml.yaml:1:22: error: Flow map must end with a } [yaml.syntax]',
      'bad/not-yaml/not-yaml.yaml:1:23: error: Unexpected flow-seq-end token in YAML stream: "]" [yaml.syntax]',
      'bad/not-yaml/not-yaml.yaml:2:2: error: Unexpected seq-item-ind token in YAML stream: "-" [yaml.syntax]',
      '1 file checked: 4 errors, 0 warnings',
    ]);
  });

  // A deeply nested file used to print dozens of "Maximum call stack size
  // exceeded" lines, one per yaml error; the author needs one line that says why.
  it('validate: a deeply nested file gets one line saying it is nested too deeply', async () => {
    const r = await crisis(['validate', 'bad/deep/deep.yaml']);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).not.toContain('Maximum call stack size exceeded');
    expect(lines[0]).toMatch(/nest/i);
  });

  it.each([
    [['frob'], "error: unknown command 'frob'"],
    [['lst'], "error: unknown command 'lst'"],
    [['list', '--frob'], "error: unknown option '--frob'"],
    [['--frob', 'list'], "error: unknown option '--frob'"],
    [['show'], "error: missing required argument 'id'"],
    [['list', '--kind', 'wizard'], "error: option '--kind <kind>' argument 'wizard' is invalid."],
    [
      ['show', 'widget-recall', '--severity', 'extreme'],
      "error: option '--severity <severity>' argument 'extreme' is invalid.",
    ],
    [['schema', '--kind', 'yaml'], "error: option '--kind <kind>' argument 'yaml' is invalid."],
    [['--lang', 'fr', 'list'], 'error: --lang: unknown language "fr"'],
    [['show', 'nope', ...pb], 'error: unknown playbook "nope"'],
    [['show', '../../etc/passwd'], 'error: playbook "../../etc/passwd" is not a valid id'],
    [['show', '/etc/passwd'], 'error: playbook "/etc/passwd" is not a valid id'],
    [['show', 'Widget_Recall'], 'error: playbook "Widget_Recall" is not a valid id'],
    [
      ['show', 'widget-recall', '--with', '../../etc/passwd', ...pb],
      'error: --with strategy "../../etc/passwd" is not a valid id',
    ],
    [['list', '--playbooks', 'nowhere'], 'error: --playbooks: nowhere: no such directory'],
    [['list', '--playbooks', 'notes.txt'], 'error: --playbooks: notes.txt: no such directory'],
    [['validate', 'empty'], 'error: empty: no playbook files (*.yaml, *.yml) in this directory'],
  ])('crisis %j: exit 2, "%s", a hint, no stack trace', async (args, first) => {
    expectCleanFailure(await crisis(args), 2, first);
  });

  it('CRISIS_LANG with an unknown language: exit 2', async () => {
    expectCleanFailure(
      await crisis(['list'], { env: { CRISIS_LANG: 'klingon' } }),
      2,
      'error: CRISIS_LANG: unknown language "klingon"',
    );
  });

  it('a mistyped command gets a suggestion', async () => {
    const r = await crisis(['lst']);
    expect(r.stderr).toContain('(Did you mean list?)');
  });

  it('an id like ../../etc/passwd never reaches the file system', async () => {
    const r = await crisis(['show', '../../etc/passwd', '--json']);
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toContain('root:');
  });

  // A folder that holds no playbook is a usage error for every command, not only validate.
  it('list --playbooks <a folder with no playbooks>: exit 2', async () => {
    expectCleanFailure(await crisis(['list', '--playbooks', 'empty']), 2, 'error: ');
  });

  it('--debug adds the stack trace to a user error', async () => {
    const r = await crisis(['--debug', 'show', 'nope', ...pb]);
    expect(r.code).toBe(2);
    expect(firstLine(r.stderr)).toBe('error: unknown playbook "nope"');
    expect(stackLines(r.stderr).length).toBeGreaterThan(0);
  });
});

describe('version, help, schema', () => {
  it('--version prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(await crisis(['--version'])).toMatchObject({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it('--help lists the core commands and exits 0', async () => {
    const r = await crisis(['--help']);
    expect(r.code).toBe(0);
    for (const command of ['list', 'show', 'validate', 'schema'])
      expect(r.stdout).toMatch(new RegExp(`^ {2}${command}\\b`, 'm'));
  });

  it('schema prints JSON Schema for playbooks (default) and drills', async () => {
    const playbook = parseJson<{ $schema: string; properties: Record<string, unknown> }>(await crisis(['schema']));
    expect(playbook.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(Object.keys(playbook.properties)).toEqual(expect.arrayContaining(['id', 'kind', 'title', 'phases']));
    const drill = parseJson<{ properties: Record<string, unknown> }>(await crisis(['schema', '--kind', 'drill']));
    expect(Object.keys(drill.properties)).toEqual(expect.arrayContaining(['playbook', 'responses', 'expect']));
  });
});

describe('colour', () => {
  const hasEscapes = (s: string) => s.includes(ESC);
  const ptyList = (prefix: string, flags = '') =>
    runInPty(`${prefix} ${shellQuote(process.execPath)} ${shellQuote(BIN)} list --playbooks pb ${flags}`.trim(), {
      cwd: work,
      env: cleanEnv(tempDir('crisis-home-'), { TERM: 'xterm-256color' }),
    });

  it('control: on a terminal with nothing set, list is coloured (so the pty works)', async () => {
    const r = await ptyList('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('widget-recall');
    expect(hasEscapes(r.stdout)).toBe(true);
  });

  it('NO_COLOR=1 on a terminal: no escape bytes at all', async () => {
    const r = await ptyList('NO_COLOR=1');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('widget-recall');
    expect(hasEscapes(r.stdout)).toBe(false);
  });

  it('--no-color on a terminal: no escape bytes', async () => {
    const r = await ptyList('', '--no-color');
    expect(r.stdout).toContain('widget-recall');
    expect(hasEscapes(r.stdout)).toBe(false);
  });

  it('TERM=dumb on a terminal: no escape bytes', async () => {
    const r = await ptyList('TERM=dumb');
    expect(r.stdout).toContain('widget-recall');
    expect(hasEscapes(r.stdout)).toBe(false);
  });

  it('not a terminal: no escape bytes', async () => {
    const r = await crisis(['list', ...pb]);
    expect(hasEscapes(r.stdout + r.stderr)).toBe(false);
  });

  it('FORCE_COLOR=1 forces colour into a pipe; NO_COLOR still wins', async () => {
    expect(hasEscapes((await crisis(['list', ...pb], { env: { FORCE_COLOR: '1' } })).stdout)).toBe(true);
    expect(hasEscapes((await crisis(['list', ...pb], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } })).stdout)).toBe(
      false,
    );
    expect(
      hasEscapes((await crisis(['show', 'widget-recall', ...pb], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } })).stdout),
    ).toBe(false);
  });

  it('NO_COLOR set but empty does not count (no-color.org)', async () => {
    expect(hasEscapes((await crisis(['list', ...pb], { env: { FORCE_COLOR: '1', NO_COLOR: '' } })).stdout)).toBe(true);
  });
});

describe('imports: --version, list and validate never load the prompt library or the spinner', () => {
  const HOOK = path.join(REPO_ROOT, 'test', 'helpers', 'record-imports.mjs');
  // A package is in node_modules, or bundled as dist/vendor/<name>.js (scripts/vendor.mjs).
  const FORBIDDEN = /\/(node_modules|dist\/vendor)\/(@inquirer\/|ora\/|inquirer\/)/;
  const importsOf = async (args: string[], env: Record<string, string> = {}) => {
    const log = path.join(tempDir('crisis-imports-'), 'imports.log');
    writeFileSync(log, '');
    const r = await crisis(args, {
      nodeArgs: ['--import', HOOK],
      env: { CRISIS_TEST_IMPORT_LOG: log, ...env },
      measureCpu: false,
    });
    return { r, urls: readFileSync(log, 'utf8').split('\n').filter(Boolean) };
  };

  it.each([
    [['--version']],
    [['list', ...pb]],
    [['list', '--json', ...pb]],
    [['validate', 'pb']],
    [['validate', 'pb', '--json']],
    [['show', 'widget-recall', ...pb]],
    [['schema']],
  ])('crisis %j', async (args) => {
    // FORCE_COLOR so list also loads chalk: colour must not drag in the spinner
    const { r, urls } = await importsOf(args, { FORCE_COLOR: '1' });
    expect(r.code).toBe(0);
    // the hook really saw the CLI load; --version is answered by the launcher, which loads none of it
    if (args[0] === '--version') expect(urls.filter((u) => u.includes('/dist/'))).toEqual([]);
    else expect(urls.some((u) => u.endsWith('/dist/cli/main.js'))).toBe(true);
    if (args[0] !== '--version') expect(urls.some((u) => u.endsWith('/dist/vendor/commander.js'))).toBe(true);
    expect(urls.filter((u) => FORBIDDEN.test(u))).toEqual([]);
  });

  it("control: a static `require('ora')` or of the bundled prompt library added to cli/program.js is caught", async () => {
    // a copy of the built CLI with one line added, sharing node_modules
    const copy = tempDir('crisis-copy-');
    cpSync(path.join(REPO_ROOT, 'dist'), path.join(copy, 'dist'), { recursive: true });
    cpSync(path.join(REPO_ROOT, 'bin'), path.join(copy, 'bin'), { recursive: true });
    cpSync(path.join(REPO_ROOT, 'package.json'), path.join(copy, 'package.json'));
    symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(copy, 'node_modules'));
    symlinkSync(path.join(REPO_ROOT, 'playbooks'), path.join(copy, 'playbooks'));
    const program = path.join(copy, 'dist', 'cli', 'program.js');
    // dist/ is CommonJS (scripts/commonjs.mjs): a static import there is a require
    writeFileSync(
      program,
      `require('ora');\nrequire('../vendor/@inquirer/prompts.js');\n${readFileSync(program, 'utf8')}`,
    );
    const log = path.join(copy, 'imports.log');
    writeFileSync(log, '');
    const r = await runNode(['--import', HOOK, path.join(copy, 'bin', 'crisis.js'), 'list', ...pb], {
      cwd: work,
      env: { CRISIS_TEST_IMPORT_LOG: log },
    });
    expect(r.code).toBe(0);
    const urls = readFileSync(log, 'utf8').split('\n').filter(Boolean);
    // both: the spinner from node_modules, the prompt library from its bundle in dist/vendor
    expect(
      urls.filter((u) => FORBIDDEN.test(u)).map((u) => u.replace(/^.*\/(node_modules|dist\/vendor)\//, '')),
    ).toEqual(expect.arrayContaining([expect.stringMatching(/^ora\//), '@inquirer/prompts.js']));
  });

  it('control: the hook does record ora and @inquirer/prompts when they are imported', async () => {
    const log = path.join(tempDir('crisis-imports-'), 'imports.log');
    writeFileSync(log, '');
    const r = await runNode(
      [
        '--import',
        HOOK,
        '--input-type=module',
        '-e',
        "import 'ora'; import '@inquirer/prompts'; import './dist/cli/program.js';",
      ],
      {
        cwd: REPO_ROOT,
        env: { CRISIS_TEST_IMPORT_LOG: log },
      },
    );
    expect(r.stderr).toBe('');
    const urls = readFileSync(log, 'utf8').split('\n').filter(Boolean);
    expect(urls.some((u) => /\/node_modules\/ora\//.test(u))).toBe(true);
    expect(urls.some((u) => /\/node_modules\/@inquirer\/prompts\//.test(u))).toBe(true);
  });
});
