import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/checklist.js';
import { makeCtx, type GlobalOptions } from '../../src/cli/context.js';
import { main } from '../../src/cli/main.js';
import { createProgram } from '../../src/cli/program.js';
import { CrisisError } from '../../src/errors.js';
import type { ChecklistData } from '../../src/render/checklist-data.js';
import { FIXTURE_FILES } from '../helpers/fixtures.js';
import { fakeDeps } from '../helpers/in-process.js';
import { tempDir, writeFiles } from '../helpers/temp.js';

/**
 * `crisis checklist` through its command module, with fake streams and a
 * temp cwd: the same run() the program calls once the command is
 * registered. The built-in library is the one on the search path.
 */
function cli(globals: GlobalOptions = {}) {
  const deps = fakeDeps();
  const ctx = makeCtx(deps, globals);
  return { deps, ctx };
}

/**
 * The built-in product-quality checklist as data. The built-in playbooks are
 * edited often; these tests check the wiring and the shape, and take wording
 * from this data rather than repeating it.
 */
async function jsonOf(options: Parameters<typeof run>[2] = {}, globals: GlobalOptions = {}): Promise<ChecklistData> {
  const { deps, ctx } = cli(globals);
  expect(await run(ctx, 'product-quality', { ...options, format: 'json' })).toBe(0);
  return JSON.parse(deps.stdout.text()) as ChecklistData;
}

async function failure(promise: Promise<unknown>): Promise<CrisisError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CrisisError);
  return error as CrisisError;
}

describe('crisis checklist (built-in product-quality)', () => {
  it('--format html -o FILE writes one self-contained page and nothing on stdout', async () => {
    const data = await jsonOf();
    const { deps, ctx } = cli();
    const out = path.join(tempDir(), 'pq.html');
    expect(await run(ctx, 'product-quality', { format: 'html', output: out })).toBe(0);
    expect(deps.stdout.text()).toBe('');
    expect(deps.stderr.text()).toBe(`wrote ${out}\n`);
    const html = readFileSync(out, 'utf8');
    expect(html.startsWith('<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n')).toBe(true);
    expect(html).toContain(`<h1>${data.title}</h1>`);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script|<link|\bsrc=|\bhref=|url\(|@import/i);
    expect(html).toMatch(/@page \{ size: [^;]+;/);
    expect(html).toContain('.group + .group { break-inside: avoid;');
    // the targets box first, then every phase; do-confirm phases as pause-point boxes
    expect(html.indexOf('<div class="targets">')).toBeLessThan(html.indexOf('<section class="phase'));
    expect(html.match(/<section class="phase /g)?.length).toBe(data.phases.length);
    const doConfirm = data.phases.filter((p) => p.mode === 'do-confirm').length;
    expect(doConfirm).toBeGreaterThan(0);
    expect(html.match(/<div class="pause">/g)?.length).toBe(doConfirm);
    expect(html).toContain('<div class="when">only if “');
  });

  it('relative -o is written under the working directory', async () => {
    const { deps, ctx } = cli();
    expect(await run(ctx, 'product-quality', { format: 'md', output: 'out.md' })).toBe(0);
    expect(readFileSync(path.join(deps.cwd, 'out.md'), 'utf8')).toMatch(/^# Product quality crisis: checklist\n/);
  });

  it('Markdown to stdout by default, with numbered tasks, owners and dues', async () => {
    const data = await jsonOf();
    const { deps, ctx } = cli();
    expect(await run(ctx, 'product-quality', {})).toBe(0);
    const md = deps.stdout.text();
    expect(md).toMatch(/^# Product quality crisis: checklist\n/);
    expect(md).toContain(`- **Severity:** ${data.severity}\n`);
    const first = data.phases.find((p) => p.mode === 'read-do')!.items.find((i) => i.owner && i.due && !i.condition)!;
    expect(md).toMatch(
      new RegExp(
        `^- \\[ \\] \\*\\*${first.number.replace('.', '\\.')} .+\\*\\* — owner: ${first.owner!.title} · due: T\\+`,
        'm',
      ),
    );
    expect(md).toContain('> **■ Pause point:** ');
    expect(md).toMatch(/\\\n {2}\*only if “/);
    expect(md.endsWith('\n')).toBe(true);
  });

  it('-o - is stdout', async () => {
    const { deps, ctx } = cli();
    expect(await run(ctx, 'product-quality', { format: 'json', output: '-' })).toBe(0);
    expect(JSON.parse(deps.stdout.text())).toMatchObject({ format: 'crisis-checklist', id: 'product-quality' });
  });

  it('--format json is the composed checklist as data', async () => {
    const data = await jsonOf({ severity: 'medium' });
    expect(data).toMatchObject({
      format: 'crisis-checklist',
      version: 1,
      lang: 'en',
      id: 'product-quality',
      kind: 'crisis',
      severity: 'medium',
    });
    expect(data.strategies).toContain('task-force');
    expect(data.targets.map((t) => t.id)).toEqual(
      expect.arrayContaining(['assessment', 'first-statement', 'update-every']),
    );
    expect(data.phases.map((p) => p.number)).toEqual(data.phases.map((_, i) => i + 1));
    const items = data.phases.flatMap((p) => p.items);
    expect(items.every((i) => i.status === 'open' && typeof i.title === 'string' && i.owner !== undefined)).toBe(true);
    expect(items.some((i) => /^“.+” is /.test(i.condition ?? ''))).toBe(true);
    expect(items.some((i) => i.statement?.approveBy?.id === 'legal')).toBe(true);
    expect(data.phases.filter((p) => p.mode === 'do-confirm').every((p) => typeof p.pausePoint === 'string')).toBe(
      true,
    );
  });

  it('--role spokesperson keeps only the spokesperson’s steps', async () => {
    const data = await jsonOf({ role: 'spokesperson' });
    expect(data.role).toEqual({ id: 'spokesperson', title: 'Spokesperson' });
    const owners = new Set(data.phases.flatMap((p) => p.items.map((i) => i.owner?.id)));
    expect([...owners]).toEqual(['spokesperson']);
  });

  it('--cards prints a card per role; with --role, that card with what it approves', async () => {
    const data = await jsonOf();
    const all = cli();
    expect(await run(all.ctx, 'product-quality', { cards: true })).toBe(0);
    const owning = data.roles.filter((r) =>
      data.phases.some((p) => p.items.some((i) => i.owner?.id === r.id || i.statement?.approveBy?.id === r.id)),
    );
    expect(all.deps.stdout.text().match(/^## .*/gm)).toEqual(owning.map((r) => `## ${r.title}`));
    const legal = cli();
    expect(await run(legal.ctx, 'product-quality', { cards: true, role: 'legal', format: 'json' })).toBe(0);
    const json = JSON.parse(legal.deps.stdout.text()) as {
      role: unknown;
      phases?: unknown;
      cards: Array<{ role: { id: string }; items: unknown[]; approves: Array<{ title: string }> }>;
    };
    expect(json.role).toEqual({ id: 'legal', title: 'Legal and compliance' });
    expect(json.phases).toBeUndefined();
    expect(json.cards.map((c) => c.role.id)).toEqual(['legal']);
    expect(json.cards[0]!.approves.length).toBeGreaterThan(0);
  });

  it('--lang zh: Chinese text, lang attribute and UTF-8', async () => {
    const { deps, ctx } = cli({ lang: 'zh' });
    expect(await run(ctx, 'product-quality', { format: 'html' })).toBe(0);
    const html = deps.stdout.text();
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('<h1>产品质量危机</h1>');
    expect(html).toContain('<div class="when">仅当“');
  });

  it('--with adds a strategy, as show does', async () => {
    const dir = writeFiles(
      tempDir(),
      Object.fromEntries(Object.entries(FIXTURE_FILES).map(([f, t]) => [`playbooks/${f}`, t])),
    );
    const { deps, ctx } = cli({ playbooks: [path.join(dir, 'playbooks')] });
    expect(await run(ctx, 'widget-recall', { with: ['media'] })).toBe(0);
    expect(deps.stdout.text()).toContain('- [ ] **5.1 Brief the press** — owner: Spokesperson\n');
  });
});

describe('crisis checklist: errors', () => {
  it('an unknown role is a usage error naming the roles', async () => {
    const { ctx } = cli();
    const error = await failure(run(ctx, 'product-quality', { role: 'janitor' }));
    expect(error.message).toBe('unknown role "janitor" in product-quality');
    expect(error.exitCode).toBe(2);
    const roles = (await jsonOf()).roles.map((r) => r.id);
    expect(roles).toEqual(expect.arrayContaining(['incident-lead', 'spokesperson', 'legal']));
    expect(error.hint).toBe(`roles: ${roles.join(', ')}`);
  });

  it('an unknown playbook is a usage error', async () => {
    const { ctx } = cli();
    expect((await failure(run(ctx, 'no-such-crisis', {}))).exitCode).toBe(2);
  });

  it('a file that cannot be written is an environment error (exit 3) and writes nothing', async () => {
    const { deps, ctx } = cli();
    const missing = path.join(tempDir(), 'no', 'such', 'dir', 'pq.html');
    const error = await failure(run(ctx, 'product-quality', { format: 'html', output: missing }));
    expect(error.exitCode).toBe(3);
    expect(error.message).toMatch(/^cannot write .*pq\.html: /);
    expect(error.hint).toBe(`create the folder ${path.dirname(missing)} first`);
    expect(existsSync(missing)).toBe(false);
    expect(deps.stdout.text()).toBe('');
  });

  it('a folder given as -o is an environment error', async () => {
    const { ctx } = cli();
    const dir = tempDir();
    mkdirSync(path.join(dir, 'out'));
    const error = await failure(run(ctx, 'product-quality', { output: path.join(dir, 'out') }));
    expect(error.exitCode).toBe(3);
    expect(error.hint).toBe('give a file name, not a folder');
  });
});

/** Once program.ts registers the command, its flags must reach run() under these names. */
const registered = createProgram(fakeDeps()).commands.some((c) => c.name() === 'checklist');
describe.skipIf(!registered)('crisis checklist through the program', () => {
  it('maps --format, --severity, --role, --with and -o onto run()', async () => {
    const deps = fakeDeps();
    const code = await main(
      [
        'checklist',
        'product-quality',
        '--format',
        'json',
        '--severity',
        'medium',
        '--role',
        'legal',
        '--with',
        'multi-channel',
        '-o',
        'out.json',
      ],
      deps,
    );
    expect(deps.stderr.text()).toBe('wrote out.json\n');
    expect(code).toBe(0);
    const data = JSON.parse(readFileSync(path.join(deps.cwd, 'out.json'), 'utf8')) as ChecklistData;
    expect(data).toMatchObject({ severity: 'medium', role: { id: 'legal' } });
    expect(data.strategies).toContain('multi-channel');
  });

  it('--cards and an unknown role: exit 2 with the roles in the hint', async () => {
    const deps = fakeDeps();
    expect(await main(['checklist', 'product-quality', '--cards', '--role', 'janitor'], deps)).toBe(2);
    const roles = (await jsonOf()).roles.map((r) => r.id);
    expect(deps.stderr.text()).toBe(
      `error: unknown role "janitor" in product-quality\nhint: roles: ${roles.join(', ')}\n`,
    );
  });

  it('--format pdf is refused by the option parser', async () => {
    const deps = fakeDeps();
    expect(await main(['checklist', 'product-quality', '--format', 'pdf'], deps)).toBe(2);
  });
});
