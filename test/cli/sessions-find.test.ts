import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock, runMain } from '../helpers/in-process.js';
import { SESSION_FILES } from '../helpers/fixtures.js';
import { tempDir, writeFiles } from '../helpers/temp.js';
import { machineLocal } from '../../src/cli/session-time.js';

/**
 * Finding a session without its 36-character id: a unique prefix, `latest`,
 * `--crisis ID`; `status` telling active, paused, interrupted and ended
 * apart and hiding drills; `start` pointing at an unfinished session.
 * Five sessions of sess-crisis, one an hour from 09:00 UTC on 2026-01-01:
 * ended, paused, interrupted (killed: no pause, no lock), active (its lock
 * held by this very process), and a drill at 13:00, the newest.
 */

const root = tempDir('crisis-find-');
const logDir = path.join(root, 'logs');
const playbooks = path.join(root, 'pb');
const at = (hour: number) => fixedClock(Date.parse(`2026-01-01T${String(hour).padStart(2, '0')}:00:00.000Z`)).now;
const env = { CRISIS_LOG_DIR: logDir, CRISIS_PLAYBOOKS: playbooks };
const crisis = (argv: string[], hour = 14) => runMain(argv, { cwd: root, env, now: at(hour) });

const ENDS = 'operator: alice\nunlisted: done\nresponses: []\n';
const PAUSES = 'operator: alice\nresponses:\n  - { step: confirm, action: done, inputs: { affected-batches: B-1 } }\n';
const DRILL = `id: find-drill
kind: drill
title: Find drill
playbook: sess-crisis
operator: drill facilitator
unlisted: done
responses: []
expect:
  - completed: [confirm]
`;

const ids: Record<'ended' | 'paused' | 'interrupted' | 'active' | 'drill', string> = {
  ended: '',
  paused: '',
  interrupted: '',
  active: '',
  drill: '',
};
const idOf = (stderr: string): string => /session (\d{8}-\d{6}-[a-z0-9-]+) started/.exec(stderr)![1]!;
let thirdStart: Awaited<ReturnType<typeof crisis>>;

/** A killed run: the log ends without session.paused and no summary was saved. */
function kill(id: string): void {
  const file = path.join(logDir, `${id}.jsonl`);
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  expect(JSON.parse(lines.at(-1)!).type).toBe('session.paused');
  writeFileSync(file, `${lines.slice(0, -1).join('\n')}\n`);
  rmSync(path.join(logDir, `${id}.summary.json`), { force: true });
}

beforeAll(async () => {
  writeFiles(playbooks, SESSION_FILES);
  writeFiles(root, { 'ends.yaml': ENDS, 'pauses.yaml': PAUSES, 'find-drill.yaml': DRILL });
  const ended = await crisis(['start', 'sess-crisis', '--answers', 'ends.yaml'], 9);
  expect(ended.code, ended.stderr).toBe(0);
  ids.ended = idOf(ended.stderr);
  const paused = await crisis(['start', 'sess-crisis', '--answers', 'pauses.yaml'], 10);
  expect(paused.code, paused.stderr).toBe(0);
  ids.paused = idOf(paused.stderr);
  thirdStart = await crisis(['start', 'sess-crisis', '--answers', 'pauses.yaml'], 11);
  ids.interrupted = idOf(thirdStart.stderr);
  kill(ids.interrupted);
  const fourth = await crisis(['start', 'sess-crisis', '--answers', 'pauses.yaml'], 12);
  ids.active = idOf(fourth.stderr);
  kill(ids.active);
  // Held by a live process on this host: this test's own pid, under the host name the fake deps give.
  writeFileSync(
    path.join(logDir, `${ids.active}.lock`),
    JSON.stringify({ pid: process.pid, host: 'test-host', since: '2026-01-01T12:00:00.000Z' }),
  );
  const drill = await crisis(['drill', 'find-drill.yaml'], 13);
  expect(drill.code, drill.stderr + drill.stdout).toBe(0);
  ids.drill = readdirSync(logDir)
    .filter((f) => f.startsWith('20260101-13') && f.endsWith('.jsonl'))
    .map((f) => f.slice(0, -'.jsonl'.length))[0]!;
  expect(ids.drill).toMatch(/^20260101-130000-sess-crisis-[0-9a-f]{4}$/);
}, 120_000);

describe('status tells the states apart and hides drills', () => {
  it('lists active, interrupted, paused and ended, newest first, and says drills are hidden', async () => {
    const r = await crisis(['status']);
    expect(r.code).toBe(0);
    const rows = r.stdout.split('\n').filter((l) => l.startsWith('  2026'));
    expect(rows.map((l) => [l.trim().split(/\s+/)[0], l.trim().split(/\s+/).at(-1)])).toEqual([
      [ids.active, 'active'],
      [ids.interrupted, 'interrupted'],
      [ids.paused, 'paused'],
      [ids.ended, 'ended'],
    ]);
    expect(r.stdout).not.toContain(ids.drill);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe(
      '1 drill session not shown; `crisis status --drills` lists them',
    );
  });

  it('under 80 columns the table becomes a list: the id on its own line, never folded', async () => {
    const r = await runMain(['status'], { cwd: root, env, now: at(14), isTTY: true, columns: 60 });
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    const at1 = lines.indexOf(`  ${ids.paused}`);
    expect(at1).toBeGreaterThan(0);
    expect(lines[at1 + 1]).toMatch(/^ {4}sess-crisis {2}\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} {2}1\/5 {2}paused$/);
    expect(r.stdout).not.toContain('SESSION');
    const wide = await runMain(['status'], { cwd: root, env, now: at(14), isTTY: true, columns: 120 });
    expect(wide.stdout).toContain('SESSION');
  });

  it('--drills lists the drill too, marked as one', async () => {
    const r = await crisis(['status', '--drills']);
    expect(r.stdout).toMatch(new RegExp(`  ${ids.drill}\\s+sess-crisis\\s.*\\s(ended|paused) \\(drill\\)\\n`));
    expect(r.stdout).not.toContain('not shown');
  });

  it('--json gives the same states, and leaves drills out unless --drills', async () => {
    const rows = JSON.parse((await crisis(['status', '--json'])).stdout) as Array<{ id: string; state: string }>;
    expect(rows.map((r) => [r.id, r.state])).toEqual([
      [ids.active, 'active'],
      [ids.interrupted, 'interrupted'],
      [ids.paused, 'paused'],
      [ids.ended, 'ended'],
    ]);
    const all = JSON.parse((await crisis(['status', '--json', '--drills'])).stdout) as Array<{ id: string }>;
    expect(all.map((r) => r.id)).toEqual([ids.drill, ...rows.map((r) => r.id)]);
  });

  it('one session: an interrupted one says how to resume it, an active one that another terminal has it', async () => {
    const interrupted = await crisis(['status', ids.interrupted]);
    expect(interrupted.stdout.split('\n')[0]).toBe(`${ids.interrupted}  sess-crisis (severity medium)  interrupted`);
    expect(interrupted.stdout).toContain(`\nresume with: crisis resume ${ids.interrupted}\n`);
    const active = await crisis(['status', ids.active]);
    expect(active.stdout.split('\n')[0]).toBe(`${ids.active}  sess-crisis (severity medium)  active`);
    expect(active.stdout).toContain('\nanother terminal is working this session now (its lock is held)\n');
    expect(active.stdout).not.toContain('resume with');
  });
});

describe('a session by prefix, latest or --crisis', () => {
  const shown = async (argv: string[]) => {
    const r = await crisis([...argv, '--json']);
    return { code: r.code, id: r.code === 0 ? (JSON.parse(r.stdout) as { id: string }).id : r.stderr };
  };

  it('a unique prefix names the session', async () => {
    expect(await shown(['status', '20260101-10'])).toEqual({ code: 0, id: ids.paused });
    expect(await shown(['status', ids.ended.slice(0, 12)])).toEqual({ code: 0, id: ids.ended });
  });

  it('an ambiguous prefix is refused with the candidates (exit 2)', async () => {
    const r = await crisis(['status', '20260101']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(
      `error: "20260101" matches 5 sessions: ${[ids.drill, ids.active, ids.interrupted, ids.paused, ids.ended].join(', ')}`,
    );
    expect(r.stderr).toContain('hint: type more of the id, or use `latest` or --crisis ID');
  });

  it('a prefix that matches nothing is refused (exit 2); a malformed id still is "not a session id"', async () => {
    const none = await crisis(['log', '20250101']);
    expect(none.code).toBe(2);
    expect(none.stderr.split('\n')[0]).toBe(`error: no session id starts with "20250101" in ${logDir}`);
    const bad = await crisis(['log', '../x']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/is not a session id/);
  });

  it('latest is the newest session that is not a drill', async () => {
    expect(await shown(['status', 'latest'])).toEqual({ code: 0, id: ids.active });
    const verify = await crisis(['verify', 'latest']);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toContain(`${ids.active}.jsonl: `);
  });

  it('--crisis picks the newest session of that crisis; resume --crisis the newest unfinished one', async () => {
    expect(await shown(['status', '--crisis', 'sess-crisis'])).toEqual({ code: 0, id: ids.active });
    const log = await crisis(['log', '--crisis', 'sess-crisis', '--format', 'json']);
    expect((JSON.parse(log.stdout) as { session: string }).session).toBe(ids.active);
    // The newest unfinished one is held by a live process: resume finds it, and the lock refuses it (exit 3).
    const resume = await crisis(['resume', '--crisis', 'sess-crisis', '--answers', 'pauses.yaml']);
    expect(resume.code).toBe(3);
    expect(resume.stderr.split('\n')[0]).toMatch(new RegExp(`^error: session ${ids.active} is in use by pid `));
  });

  it('--crisis with no such session, or with a session as well, is a usage error (exit 2)', async () => {
    const none = await crisis(['status', '--crisis', 'other-crisis']);
    expect(none.code).toBe(2);
    expect(none.stderr.split('\n')[0]).toBe(`error: no session of other-crisis in ${logDir}`);
    const both = await crisis(['status', ids.ended, '--crisis', 'sess-crisis']);
    expect(both.code).toBe(2);
    expect(both.stderr.split('\n')[0]).toBe('error: give a session or --crisis, not both');
  });

  it('resume without any session named, with several that may be resumed, lists them (exit 2)', async () => {
    const r = await crisis(['resume', '--answers', 'pauses.yaml']);
    expect(r.code).toBe(2);
    // The interrupted and the paused one, newest first; not the active, ended or drill session.
    const started = (id: string) => machineLocal(Date.parse(`2026-01-01T${id.slice(9, 11)}:00:00Z`));
    expect(r.stderr).toBe(
      'error: resume: 2 sessions may be resumed; which one? (session, crisis, started)\n' +
        `  ${ids.interrupted}  sess-crisis  ${started(ids.interrupted)}\n` +
        `  ${ids.paused}  sess-crisis  ${started(ids.paused)}\n` +
        'hint: resume one with `crisis resume <id>`\n',
    );
    const zh = await crisis(['resume', '--lang', 'zh', '--answers', 'pauses.yaml']);
    expect(zh.stderr.split('\n').slice(0, 2)).toEqual([
      '错误：resume：有 2 个会话可以继续，要继续哪一个？（会话、危机、开始时间）',
      `  ${ids.interrupted}  sess-crisis  ${started(ids.interrupted)}`,
    ]);
    expect(zh.stderr.trimEnd().split('\n').at(-1)).toBe('提示：用 `crisis resume <id>` 继续其中一个');
  });
});

describe('resume with nothing named', () => {
  const dir = tempDir('crisis-sole-');
  const soleEnv = { CRISIS_LOG_DIR: path.join(dir, 'logs'), CRISIS_PLAYBOOKS: playbooks };
  const run = (argv: string[], hour: number) => runMain(argv, { cwd: root, env: soleEnv, now: at(hour) });

  it('with none that may be resumed asks which session (exit 2); with exactly one resumes it, saying which', async () => {
    expect((await run(['start', 'sess-crisis', '--answers', 'ends.yaml'], 9)).code).toBe(0);
    const none = await run(['resume', '--answers', 'pauses.yaml'], 10);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe(
      'error: resume: which session?\nhint: give a session id (or a unique start of one), `latest`, or --crisis ID\n',
    );
    const paused = await run(['start', 'sess-crisis', '--answers', 'pauses.yaml'], 10);
    const id = idOf(paused.stderr);
    const r = await run(['resume', '--answers', 'pauses.yaml'], 11);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stderr.split('\n');
    expect(lines[0]).toBe(
      `resuming the only session that may be resumed: ${id} (sess-crisis, started ` +
        `${machineLocal(Date.parse('2026-01-01T10:00:00Z'))})`,
    );
    expect(lines).toContain(`resumed ${id} (4 events)`);
    const zh = await run(['resume', '--lang', 'zh', '--answers', 'pauses.yaml'], 12);
    expect(zh.stderr.split('\n')[0]).toBe(
      `继续唯一可以继续的会话：${id}（sess-crisis，开始于 ${machineLocal(Date.parse('2026-01-01T10:00:00Z'))}）`,
    );
  });
});

describe('start points at an unfinished session of the same crisis', () => {
  it('unattended: a note with the command to resume, never a prompt, and the new session starts', () => {
    expect(thirdStart.code).toBe(0);
    expect(thirdStart.stderr.split('\n')[0]).toBe(
      `note: ${ids.paused} is an unfinished session of sess-crisis (paused); ` +
        `to continue it instead: crisis resume ${ids.paused}`,
    );
  });

  it('names an active session as being worked elsewhere, and the newest paused or interrupted one to resume', async () => {
    const r = await crisis(['start', 'sess-crisis', '--answers', 'pauses.yaml'], 15);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stderr.split('\n');
    expect(lines[0]).toBe(`note: ${ids.active} (sess-crisis) is being worked in another terminal right now`);
    expect(lines[1]).toBe(
      `note: ${ids.interrupted} is an unfinished session of sess-crisis (interrupted); ` +
        `to continue it instead: crisis resume ${ids.interrupted}`,
    );
    const through = await runMain(['start', 'sess-crisis', '--answers', 'pauses.yaml'], {
      cwd: root,
      env: { ...env, npm_command: 'exec' },
      now: at(16),
    });
    expect(through.stderr).toContain(`to continue it instead: npx crisis resume ${idOf(r.stderr)}`);
  });
});
