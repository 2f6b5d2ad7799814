import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Choice, Prompter } from '../../src/drive/prompter.js';
import { distMain, fakeDeps } from '../helpers/in-process.js';
import { SESSION_FILES } from '../helpers/fixtures.js';
import { writeFiles } from '../helpers/temp.js';

const eventsOf = (logDir: string) => {
  const file = readdirSync(logDir).find((f) => f.endsWith('.jsonl'))!;
  return readFileSync(path.join(logDir, file), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { type: string; step?: string; data: Record<string, unknown> });
};

describe('working one role, and delegation', () => {
  it('start --as spokesperson works only the spokesperson steps', async () => {
    const { main } = await distMain();
    const deps = fakeDeps();
    writeFiles(deps.cwd, {
      ...Object.fromEntries(Object.entries(SESSION_FILES).map(([k, v]) => [`pb/${k}`, v])),
      'answers.yaml': 'unlisted: done\nresponses: []\n',
    });
    const logDir = path.join(deps.cwd, 'logs');
    expect(
      await main(
        [
          '--playbooks',
          'pb',
          '--log-dir',
          logDir,
          'start',
          'sess-crisis',
          '--as',
          'spokesperson',
          '--answers',
          'answers.yaml',
        ],
        deps,
      ),
    ).toBe(0);
    const events = eventsOf(logDir);
    expect(events[0]!.data.as).toBe('spokesperson');
    const worked = [...new Set(events.filter((e) => e.step && e.type !== 'step.focused').map((e) => e.step))];
    expect(worked).toEqual(['holding-statement', 'quick-post']);
    // The rest of the plan is the team's: the session is paused, not ended.
    expect(events.at(-1)!.type).toBe('session.paused');
  });

  it('an unknown --as role is a usage error naming the roles', async () => {
    const { main } = await distMain();
    const deps = fakeDeps();
    writeFiles(deps.cwd, Object.fromEntries(Object.entries(SESSION_FILES).map(([k, v]) => [`pb/${k}`, v])));
    expect(
      await main(['--playbooks', 'pb', 'start', 'sess-crisis', '--as', 'astronaut', '--answers', 'x.yaml'], deps),
    ).toBe(2);
    expect(deps.stderr.text()).toMatch(/^error: --as: unknown role "astronaut"\nhint: roles: /);
  });

  it.each([
    ['en', /^confirm Check back with Dana on "Confirm the defect" \(due back 1 Jan 2026 17:10\)\. Go to it now\?$/],
    ['zh', /^confirm 向 Dana 回访“Confirm the defect”（应于 2026年1月1日 17:10 回复）。现在转到该步骤吗？$/],
  ] as const)(
    'assign (%s): once the check-back time is due, the tool asks, naming the time in the machine zone',
    async (lang, expected) => {
      const { main } = await distMain();
      let t = Date.parse('2026-01-01T09:00:00.000Z');
      const asked: string[] = [];
      let selects = 0;
      const prompter: Prompter = {
        select: async <T extends string>(message: string, _c: ReadonlyArray<Choice<T>>) => {
          asked.push(`select ${message}`);
          selects += 1;
          if (selects === 1) return 'assign' as T;
          t += 11 * 60_000; // the check-back time passes before the next step is shown
          return 'pause' as T;
        },
        input: async (message) => (
          asked.push(`input ${message}`),
          /^(Assign to|指派给)/.test(message) ? 'Dana' : '10m'
        ),
        confirm: async (message) => (asked.push(`confirm ${message}`), false),
        editor: async (_m, text) => text,
      };
      // The machine's zone (TZ) is where the operator reads times; the log stays UTC.
      const base = fakeDeps({ now: () => t, env: { TZ: 'Asia/Shanghai' } });
      writeFiles(base.cwd, Object.fromEntries(Object.entries(SESSION_FILES).map(([k, v]) => [`pb/${k}`, v])));
      const logDir = path.join(base.cwd, 'logs');
      const deps = { ...base, prompter };
      // The first pause happens at a prompt after the assignment; a second run (resume) sees the check-back due.
      expect(await main(['--lang', lang, '--playbooks', 'pb', '--log-dir', logDir, 'start', 'sess-crisis'], deps)).toBe(
        130,
      );
      const assigned = eventsOf(logDir).find((e) => e.type === 'step.assigned')!;
      expect(assigned).toMatchObject({
        step: 'confirm',
        data: { to: 'Dana', checkBackAt: '2026-01-01T09:10:00.000Z' },
      });
      selects = 1;
      const id = readdirSync(logDir)
        .find((f) => f.endsWith('.jsonl'))!
        .slice(0, -'.jsonl'.length);
      expect(
        await main(['--lang', lang, '--playbooks', 'pb', '--log-dir', logDir, 'resume', id], {
          ...fakeDeps({ cwd: base.cwd, now: () => t, env: { TZ: 'Asia/Shanghai' } }),
          prompter,
        }),
      ).toBe(130);
      expect(asked.filter((a) => a.startsWith('confirm'))).toContainEqual(expect.stringMatching(expected));
    },
  );
});
