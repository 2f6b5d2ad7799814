import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PromptInterrupted, type Choice, type Prompter } from '../../src/drive/prompter.js';
import { main } from '../../src/cli/main.js';
import { PgStore, listPgSessions } from '../../src/store/postgres.js';
import { distMain, fakeDeps } from '../helpers/in-process.js';
import { PG_URL, freshDatabase, typedFor } from '../helpers/pg.js';

/** A paused product-quality session started by `main` in a fresh dir: its deps, log dir and id. */
async function pausedSession(main: (argv: string[], deps: ReturnType<typeof fakeDeps>) => Promise<number>) {
  const setup = fakeDeps();
  const logDir = path.join(setup.cwd, 'logs');
  writeFileSync(path.join(setup.cwd, 'answers.yaml'), 'operator: alice\nunlisted: done\nresponses: []\n');
  expect(await main(['--log-dir', logDir, 'start', 'product-quality', '--answers', 'answers.yaml'], setup)).toBe(0);
  const id = readdirSync(logDir)
    .find((f) => f.endsWith('.jsonl'))!
    .slice(0, -'.jsonl'.length);
  return { setup, logDir, id };
}

/**
 * `crisis review` in a terminal walks the post-crisis review playbook and
 * records each answer in the session's own log, then reports it.
 */
describe('the post-crisis review walk', () => {
  it('records a lesson as review.recorded in the same log, keeps the chain intact, and reports it', async () => {
    const { main } = await distMain();
    const { setup, logDir, id } = await pausedSession(main);

    const asked: string[] = [];
    let answeredInput = false;
    const prompter: Prompter = {
      confirm: async (message) => (asked.push(message), true),
      // Record items until one has asked for text, then stop the walk.
      select: async <T extends string>(message: string, _choices: ReadonlyArray<Choice<T>>) => {
        asked.push(message);
        return (answeredInput ? 'stop' : 'record') as T;
      },
      input: async (message, options) => {
        asked.push(message);
        answeredInput = true;
        const answer = /YYYY-MM-DD/.test(message) ? '2026-12-01' : 'Approve statements within 20 minutes';
        expect(options?.validate?.(answer) ?? true).toBe(true);
        return answer;
      },
      editor: async (_m, text) => text,
    };
    const deps = { ...fakeDeps({ cwd: setup.cwd }), prompter };
    expect(await main(['--log-dir', logDir, 'review', id, '-o', 'review.md'], deps)).toBe(0);
    expect(asked[0]).toMatch(/^Walk the post-crisis review now\? 21 items open/);

    const lines = readFileSync(path.join(logDir, `${id}.jsonl`), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; step?: string; data: Record<string, unknown> });
    const reviews = lines.filter((e) => e.type === 'review.recorded');
    // Items without inputs are recorded as done; the walk stopped after the first that asked for text.
    expect(reviews[0]).toMatchObject({ step: 'pc-reconstruct-timeline', data: { facts: { done: true } } });
    const withText = reviews.at(-1)!;
    expect(Object.values(withText.data.facts as Record<string, unknown>)).toContain(
      'Approve statements within 20 minutes',
    );
    expect(reviews.slice(0, -1).every((r) => (r.data.facts as Record<string, unknown>).done === true)).toBe(true);
    expect(await main(['--log-dir', logDir, 'verify', id], fakeDeps({ cwd: setup.cwd }))).toBe(0);

    const md = readFileSync(path.join(setup.cwd, 'review.md'), 'utf8');
    expect(md).toMatch(/## Review and prevention\n\n- \*\*\S/);
    expect(md).toContain('Approve statements within 20 minutes');
  });
});

describe('the review walk, interrupted', () => {
  /** A paused product-quality session in a fresh log dir, and a prompter that records a first item then Ctrl-C. */
  // The source's main, not dist's: the prompter's PromptInterrupted must be the class the CLI checks for.
  async function walkThenCtrlC(lang: 'en' | 'zh', extra: string[] = []) {
    const { setup, logDir, id } = await pausedSession(main);
    const asked: string[] = [];
    let selects = 0;
    const prompter: Prompter = {
      confirm: async (message) => (asked.push(message), true),
      select: async <T extends string>(message: string, _choices: ReadonlyArray<Choice<T>>) => {
        asked.push(message);
        if (++selects > 1) throw new PromptInterrupted();
        return 'record' as T;
      },
      input: async () => '',
      editor: async (_m, text) => text,
    };
    const deps = { ...fakeDeps({ cwd: setup.cwd }), prompter };
    const code = await main(['--log-dir', logDir, '--lang', lang, 'review', id, '-o', 'review.md', ...extra], deps);
    const events = readFileSync(path.join(logDir, `${id}.jsonl`), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; actor: string });
    const types = events.map((e) => e.type);
    return { code, id, asked, types, events, stderr: deps.stderr.text(), cwd: setup.cwd };
  }

  it('Ctrl-C stops the walk and the command: exit 130, the answer given is in the log, no report written', async () => {
    const r = await walkThenCtrlC('en');
    expect(r.code).toBe(130);
    expect(r.types.filter((t) => t === 'review.recorded')).toHaveLength(1);
    expect(r.stderr).toContain(
      `review walk stopped: the answers given are in the log; crisis review ${r.id} goes on where it stopped`,
    );
    expect(existsSync(path.join(r.cwd, 'review.md'))).toBe(false);
  });

  it('the answers are recorded as the session operator by default, as --operator when given', async () => {
    const byDefault = await walkThenCtrlC('en');
    expect(byDefault.events.find((e) => e.type === 'review.recorded')!.actor).toBe('alice');
    const carol = await walkThenCtrlC('en', ['--operator', 'Carol']);
    expect(carol.events.find((e) => e.type === 'review.recorded')!.actor).toBe('Carol');
  });

  it("the walk's titles and guidance are wrapped between words at the terminal's width", async () => {
    const { setup, logDir, id } = await pausedSession(main);
    let selects = 0;
    const prompter: Prompter = {
      confirm: async () => true,
      select: async <T extends string>() => (++selects > 2 ? 'stop' : 'later') as T,
      input: async () => '',
      editor: async (_m, text) => text,
    };
    const deps = { ...fakeDeps({ cwd: setup.cwd, isTTY: true, columns: 40 }), prompter };
    expect(await main(['--log-dir', logDir, 'review', id, '-o', 'review.md'], deps)).toBe(0);
    const lines = deps.stdout.text().split('\n');
    // the guidance of two items, each line within 40 columns (a word longer than the line is left whole)
    expect(lines.filter((l) => l.trim() !== '').length).toBeGreaterThan(6);
    for (const line of lines.filter((l) => /\S\s+\S/.test(l.trim()))) expect(line.length, line).toBeLessThanOrEqual(40);
  });

  it('in Chinese, the first question and the stop are Chinese', async () => {
    const r = await walkThenCtrlC('zh');
    expect(r.code).toBe(130);
    expect(r.asked[0]).toBe('现在逐项进行事后复盘？还有 21 项未完成；回答会记入本会话日志');
    expect(r.stderr).toContain(`复盘已停止：已给出的回答都在日志中；运行 crisis review ${r.id} 可从停下处继续`);
  });
});

describe('the review walk asks a date as the session prompts do', () => {
  /** The text questions of a walk that records every item, in `lang`. */
  async function questions(lang: 'en' | 'zh') {
    const { setup, logDir, id } = await pausedSession(main);
    const asked: string[] = [];
    const prompter: Prompter = {
      confirm: async () => true,
      select: async <T extends string>() => 'record' as T,
      input: async (message) => (asked.push(message), ''),
      editor: async (_m, text) => text,
    };
    const deps = { ...fakeDeps({ cwd: setup.cwd }), prompter };
    expect(await main(['--log-dir', logDir, '--lang', lang, 'review', id, '-o', 'review.md'], deps)).toBe(0);
    return asked;
  }

  it('in English, the form after the question in brackets', async () => {
    expect(await questions('en')).toContain('Date the measures are due (YYYY-MM-DD)');
  });

  it('in Chinese, the Chinese form in full-width brackets, not an English (YYYY-MM-DD)', async () => {
    const asked = await questions('zh');
    expect(asked).toContain('措施完成日期（年-月-日，如 2026-11-30）');
    expect(asked.join('\n')).not.toContain('YYYY');
  });
});

describe.skipIf(!PG_URL)('the review walk on a team session (--store postgres://…)', () => {
  let db: { url: string; drop: () => Promise<void> } | undefined;
  beforeAll(async () => {
    db = await freshDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('appends the answers through the PostgreSQL store: the rows chain, verify passes, the report has them', async () => {
    const { main } = await distMain();
    const setup = fakeDeps();
    const store = ['--store', db!.url];
    writeFileSync(path.join(setup.cwd, 'answers.yaml'), 'operator: alice\nunlisted: done\nresponses: []\n');
    expect(await main([...store, 'start', 'product-quality', '--answers', 'answers.yaml'], setup)).toBe(0);
    const [id] = await listPgSessions(db!.url);
    let recorded = 0;
    const prompter: Prompter = {
      confirm: async () => true,
      select: async <T extends string>() => (recorded++ < 2 ? 'record' : 'stop') as T,
      input: async (message) => (/YYYY-MM-DD/.test(message) ? '2026-12-01' : 'Call the plant first'),
      editor: async (_m, text) => text,
    };
    const deps = { ...fakeDeps({ cwd: setup.cwd }), prompter };
    expect(await main([...store, 'review', id!, '-o', 'review.md'], deps)).toBe(0);

    const pg = await PgStore.open(db!.url, id!, typedFor(db!.url));
    const events = (await pg.lines()).map((l) => JSON.parse(l) as { type: string; step?: string });
    await pg.close();
    // Two items recorded after the end, as rows of the same chain, then the walk stopped.
    expect(events.slice(-3).map((e) => e.type)).toEqual(['session.ended', 'review.recorded', 'review.recorded']);
    expect(events.at(-2)!.step).toBe('pc-reconstruct-timeline');
    expect(await main([...store, 'verify', id!], fakeDeps({ cwd: setup.cwd }))).toBe(0);
    const md = readFileSync(path.join(setup.cwd, 'review.md'), 'utf8');
    expect(md).toMatch(/## Review and prevention\n\n- \*\*\S/);
  });
});
