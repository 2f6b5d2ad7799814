import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN } from '../helpers/paths.js';
import { cleanEnv, runCli, spawnCollect, type CliResult } from '../helpers/run-cli.js';
import { SESSION_FILES } from '../helpers/fixtures.js';
import { tempDir, writeFiles } from '../helpers/temp.js';
import { readLoggedEvents, type LoggedEvent } from '../helpers/log-events.js';

/**
 * The session commands of the built CLI as a user runs them: start with an
 * answers file, status, log, verify, resume; every one a child process in a
 * temp dir with its own log dir.
 */

/**
 * A temp dir with its own log dir. With `fixture` (the default) the small
 * sess-crisis library is on the search path (CRISIS_PLAYBOOKS), so exact
 * event sequences do not depend on the built-in playbooks.
 */
function workspace(fixture = true) {
  const root = tempDir('crisis-sess-cli-');
  const logDir = path.join(root, 'logs');
  const playbooks = path.join(root, 'fixture-playbooks');
  if (fixture) writeFiles(playbooks, SESSION_FILES);
  const run = (args: string[], input?: string) =>
    runCli(args, {
      cwd: root,
      env: { CRISIS_LOG_DIR: logDir, CRISIS_PLAYBOOKS: fixture ? playbooks : undefined },
      input,
    });
  const answers = (name: string, yaml: string) => {
    const file = path.join(root, name);
    writeFileSync(file, yaml);
    return file;
  };
  const logFile = (id: string) => path.join(logDir, `${id}.jsonl`);
  const events = (id: string): LoggedEvent[] => readLoggedEvents(logFile(id));
  return { root, logDir, run, answers, logFile, events };
}

const sessionIdOf = (r: CliResult): string => {
  const m = /session (\d{8}-\d{6}-[a-z0-9-]+) started/.exec(r.stderr);
  if (!m) throw new Error(`no session id in stderr:\n${r.stderr}\n${r.stdout}`);
  return m[1]!;
};

const FULL_ANSWERS = `operator: alice
unlisted: done
responses:
  - { step: confirm, action: done, inputs: { affected-batches: B-7, safety-risk: true, units: 1200 } }
  - { action: note, text: "=HYPERLINK(\\"http://x\\")" }
  - { step: name-leads, action: done, inputs: { lead-name: Lee, spokesperson-name: Bob Speaker } }
  - { step: apology, action: skip, reason: agreed at the last drill }
  - { step: holding-statement, action: approve, by: Lou }
  - { step: holding-statement, action: statement }
  - { step: quick-post, action: statement, text: "Update on B-7: the recall is under way." }
`;

describe('crisis start --answers, run to the end (the sess-crisis fixture)', () => {
  const ws = workspace();
  let result: CliResult;
  let id: string;
  let events: LoggedEvent[];

  beforeAll(async () => {
    result = await ws.run(['start', 'sess-crisis', '--answers', ws.answers('full.yaml', FULL_ANSWERS)]);
    id = sessionIdOf(result);
    events = ws.events(id);
  });

  it('exits 0 and prints where the log is, at the start and at the end', () => {
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`session ${id} started (sess-crisis, severity medium, operator alice)`);
    expect(result.stderr).toContain(`log: ${ws.logFile(id)}`);
    expect(result.stdout).toContain(`session ended. Log: ${ws.logFile(id)}`);
    expect(result.stdout).toContain(`next: crisis review ${id}`);
    expect(existsSync(path.join(ws.logDir, `${id}.lock`))).toBe(false);
  });

  it('records exactly: the script in order, an unnamed step before a named one first, the rest of the plan after', () => {
    expect(events.map((e) => [e.seq, e.type, e.step ?? ''])).toEqual([
      [1, 'session.started', ''],
      [2, 'step.completed', 'confirm'],
      [3, 'note.added', ''],
      [4, 'step.completed', 'name-leads'],
      // recall applies (safety risk) and the script does not name it: done before apology
      [5, 'step.completed', 'recall'],
      [6, 'step.skipped', 'apology'],
      [7, 'statement.approved', 'holding-statement'],
      [8, 'statement.issued', 'holding-statement'],
      [9, 'statement.issued', 'quick-post'],
      [10, 'session.ended', ''],
    ]);
    expect(events[0]!.data).toMatchObject({
      crisis: 'sess-crisis',
      severity: 'medium',
      with: [],
      operator: 'alice',
      lang: 'en',
    });
    expect(events[0]!.data.planHash).toMatch(/^[0-9a-f]{64}$/);
    expect(events[1]!.data).toEqual({ facts: { 'affected-batches': 'B-7', 'safety-risk': true, units: 1200 } });
    expect(events[3]!.data).toEqual({ facts: { 'lead-name': 'Lee', 'spokesperson-name': 'Bob Speaker' } });
    expect(events[4]!.data).toEqual({ facts: {} });
    expect(events[5]!.data).toEqual({ reason: 'agreed at the last drill' });
    expect(events[6]!.data).toEqual({ approver: 'Lou' });
    expect(events[7]!.data).toEqual({
      channels: { website: 'Batches B-7 are affected. Contact: Bob Speaker.', social: 'We are recalling B-7.' },
    });
    expect(events[8]!.data).toEqual({ channels: { social: 'Update on B-7: the recall is under way.' } });
    expect(new Set(events.map((e) => e.actor))).toEqual(new Set(['alice']));
  });

  it('writes statements/<channel>.md filled from the facts, <channel>.<step>.md for a channel two steps issue on', () => {
    const dir = path.join(ws.logDir, id, 'statements');
    expect(readdirSync(dir).sort()).toEqual(['social.holding-statement.md', 'social.quick-post.md', 'website.md']);
    expect(readFileSync(path.join(dir, 'website.md'), 'utf8')).toBe(
      'Batches B-7 are affected. Contact: Bob Speaker.\n',
    );
    // The quick post does not overwrite the holding statement's post: each step's statement has its own file.
    expect(readFileSync(path.join(dir, 'social.holding-statement.md'), 'utf8')).toBe('We are recalling B-7.\n');
    expect(readFileSync(path.join(dir, 'social.quick-post.md'), 'utf8')).toBe(
      'Update on B-7: the recall is under way.\n',
    );
    // The file said as every written file is (relative to the working directory, the log dir being under it).
    expect(result.stderr).toContain(`  wrote logs/${id}/statements/website.md\n`);
  });

  it('verify passes', async () => {
    const r = await ws.run(['verify', id]);
    expect(r.code).toBe(0);
    const last = JSON.parse(readFileSync(ws.logFile(id), 'utf8').trim().split('\n').at(-1)!) as { hash: string };
    expect(r.stdout).toBe(`✓ ${ws.logFile(id)}: 10 events, hash chain intact\n  chain head 10:${last.hash}\n`);
  });

  it('verify --lang zh says the same in Chinese, the file and head as they are', async () => {
    const r = await ws.run(['verify', id, '--lang', 'zh']);
    expect(r.code).toBe(0);
    const last = JSON.parse(readFileSync(ws.logFile(id), 'utf8').trim().split('\n').at(-1)!) as { hash: string };
    expect(r.stdout).toBe(`✓ ${ws.logFile(id)}：10 条事件，哈希链完整\n  链头 10:${last.hash}\n`);
    const wrong = await ws.run(['verify', id, '--lang', 'zh', '--head', `11:${last.hash}`]);
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toContain(
      `✗ 预期链头 11:${last.hash}：日志止于序号 10，早于预期链头的序号 11（末尾有行被截去）`,
    );
  });

  it('status --json describes the ended session', async () => {
    const r = await ws.run(['status', id, '--json']);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as Record<string, unknown> & {
      steps: Record<string, unknown>;
      targets: Array<{ target: string; overdue: boolean; metAt?: string; deadline: string }>;
    };
    expect(s).toMatchObject({
      id,
      crisis: 'sess-crisis',
      severity: 'medium',
      operator: 'alice',
      drill: null,
      state: 'ended',
      locked: false,
      progress: { done: 6, total: 6 },
      events: 10,
      intact: true,
    });
    expect(s.started).toBe(new Date(Date.parse(s.started as string)).toISOString());
    expect(s.facts).toEqual({
      'affected-batches': 'B-7',
      'safety-risk': true,
      units: 1200,
      'lead-name': 'Lee',
      'spokesperson-name': 'Bob Speaker',
    });
    expect(s.roles).toEqual({ 'incident-lead': 'Lee', spokesperson: 'Bob Speaker' });
    expect(Object.keys(s.steps).sort()).toEqual([
      'apology',
      'confirm',
      'holding-statement',
      'name-leads',
      'quick-post',
      'recall',
    ]);
    expect(s.steps['apology']).toMatchObject({ status: 'skipped', reason: 'agreed at the last drill', by: 'alice' });
    expect(s.steps['holding-statement']).toMatchObject({
      status: 'done',
      approvedBy: 'Lou',
      issued: { website: 'Batches B-7 are affected. Contact: Bob Speaker.' },
    });
    expect(s.targets.map((t) => [t.target, t.overdue])).toEqual([
      ['assessment', false],
      ['first-statement', false],
      ['update-every', false],
    ]);
    const started = Date.parse(s.started as string);
    expect(s.targets[0]!.deadline).toBe(new Date(started + 30 * 60_000).toISOString());
    expect(s.targets[1]!.deadline).toBe(new Date(started + 60 * 60_000).toISOString());
  });

  it('status (text) and status --json without a session list it', async () => {
    const json = await ws.run(['status', '--json']);
    expect(json.code).toBe(0);
    const rows = JSON.parse(json.stdout) as Array<Record<string, unknown>>;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id, state: 'ended', intact: true, progress: { done: 6, total: 6 } });
    expect(rows[0]).not.toHaveProperty('facts');
    const text = await ws.run(['status']);
    expect(text.stdout).toContain(`sessions in ${ws.logDir}`);
    expect(text.stdout).toMatch(new RegExp(`${id}\\s+sess-crisis\\s+.*\\s6/6\\s+ended`));
  });

  it('status --lang zh: the listing and one session in Chinese, ids and names as they are', async () => {
    const list = await ws.run(['status', '--lang', 'zh']);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(`${ws.logDir} 中的会话`);
    expect(list.stdout).toMatch(/会话 +危机 +开始时间 +进度 +状态/);
    expect(list.stdout).toMatch(new RegExp(`${id}\\s+sess-crisis\\s+.*\\s6/6\\s+已结束`));
    const one = await ws.run(['status', id, '--lang', 'zh']);
    expect(one.code).toBe(0);
    const lines = one.stdout.split('\n');
    expect(lines[0]).toMatch(new RegExp(`^${id}  sess-crisis（严重级别 (低|中|高|严重)）  已结束$`));
    expect(lines[1]).toMatch(/^.+ 由 alice 开始；最后一条事件 T\+\d\d:\d\d；共 10 条事件$/);
    expect(lines[2]).toMatch(/^哈希链头 10:[0-9a-f]{64}$/);
    expect(lines[3]).toBe('进度：6 步中已完成或跳过 6 步');
    expect(one.stdout).not.toMatch(/\b(started|progress|chain head|target)\b/);
  });

  it('log --format jsonl prints the events as they are in the log, one per line', async () => {
    const r = await ws.run(['log', id, '--format', 'jsonl']);
    expect(r.code).toBe(0);
    expect(
      r.stdout
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as unknown),
    ).toEqual(events);
  });

  it('log --format json prints one JSON document: the session id and its events', async () => {
    const r = await ws.run(['log', id, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ session: id, events });
  });

  it('log --format csv: a header and one row per event, formula cells defused', async () => {
    const r = await ws.run(['log', id, '--format', 'csv']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('seq,ts,local,offset,type,actor,step,summary');
    expect(lines).toHaveLength(11);
    expect(lines[2]).toMatch(
      /^2,[^,]+,[^,]+,T\+00:00,step\.completed,alice,confirm,done: affected-batches=B-7; safety-risk=yes; units=1200$/,
    );
    expect(lines[3]).toMatch(/^3,.*,note\.added,alice,,"note: =HYPERLINK\(""http:\/\/x""\)"$/);
    expect(lines[6]).toMatch(/,step\.skipped,alice,apology,skipped: agreed at the last drill$/);
    expect(lines[10]).toMatch(/^10,.*,session\.ended,alice,,ended$/);
  });

  it('log --format md: a title and a table row per event', async () => {
    const r = await ws.run(['log', id, '--format', 'md']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`# Action log: ${id}`);
    expect(lines[2]).toBe('| # | local time | T+ | event | step | actor | what |');
    expect(lines.filter((l) => /^\| \d+ \|/.test(l))).toHaveLength(10);
    expect(lines.find((l) => l.startsWith('| 6 |'))).toMatch(
      /\| skipped step \| apology \| alice \| skipped: agreed at the last drill \|$/,
    );
    expect(lines.find((l) => l.startsWith('| 7 |'))).toMatch(
      /\| approved statement \| holding-statement \| alice \| statement approved by Lou \|$/,
    );
  });

  it("log --format md --lang zh: the title, headings and summaries in Chinese, the operator's words as written", async () => {
    const r = await ws.run(['log', id, '--format', 'md', '--lang', 'zh']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`# 行动日志：${id}`);
    expect(lines[2]).toBe('| # | 本地时间 | T+ | 事件 | 步骤 | 操作人 | 内容 |');
    expect(lines.find((l) => l.startsWith('| 2 |'))).toMatch(
      /\| 完成：affected-batches=B-7；safety-risk=是；units=1200 \|$/,
    );
    expect(lines.find((l) => l.startsWith('| 6 |'))).toMatch(
      /\| 跳过步骤 \| apology \| alice \| 跳过：agreed at the last drill \|$/,
    );
    expect(lines.find((l) => l.startsWith('| 7 |'))).toMatch(/\| 声明由 Lou 批准 \|$/);
  });

  it('log (text) is one line per event, each with its seq', async () => {
    const r = await ws.run(['log', id]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(10);
    expect(lines[1]).toMatch(
      / #2 completed step confirm \[alice\] done: affected-batches=B-7; safety-risk=yes; units=1200$/,
    );
  });

  // `crisis log X | head -1`: the reader goes away; the write fails with EPIPE.
  it('log into a closed pipe ends quietly, without a stack trace', async () => {
    const { code, stderr } = await spawnCollect(process.execPath, [BIN, 'log', id], {
      cwd: ws.root,
      env: cleanEnv(tempDir('crisis-home-'), { CRISIS_LOG_DIR: ws.logDir }),
      closeStdout: true, // the reader is gone before the first line
    });
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stderr).not.toMatch(/^\s+at /m);
  });

  it('resume of an ended session exits 2, appends nothing and leaves no lock', async () => {
    const before = readFileSync(ws.logFile(id), 'utf8');
    const r = await ws.run(['resume', id, '--answers', ws.answers('none.yaml', 'responses: []\n')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error: session ${id} has ended`);
    expect(readFileSync(ws.logFile(id), 'utf8')).toBe(before);
    expect(existsSync(path.join(ws.logDir, `${id}.lock`))).toBe(false);
  });
});

describe('crisis start product-quality --answers (the built-in playbook)', () => {
  it('a live session with unlisted: done invents nothing: no placeholder facts, no auto-approval, no statement', async () => {
    const ws = workspace(false);
    const r = await ws.run([
      'start',
      'product-quality',
      '--answers',
      ws.answers(
        'pq.yaml',
        `operator: alice\nunlisted: done\nresponses:\n  - { step: tf-name-leads, action: done, inputs: { incident-lead-name: Alice Lead, spokesperson-name: Bob Speaker } }\n`,
      ),
    ]);
    expect(r.code, r.stderr).toBe(0);
    const id = sessionIdOf(r);
    const events = ws.events(id);
    expect(events.slice(0, 2).map((e) => [e.seq, e.type, e.step ?? ''])).toEqual([
      [1, 'session.started', ''],
      [2, 'step.completed', 'tf-name-leads'],
    ]);
    // a step that needs a fact nobody gave is skipped, saying so; nothing is made up
    const skipped = events.filter((e) => e.type === 'step.skipped');
    // each fact by its question in the playbook, not its id (first-signal)
    expect(skipped.find((e) => e.step === 'log-first-signal')?.data.reason).toBe(
      'unlisted: done invents no facts in a live session: not given: "What was reported, and where (link or source)"',
    );
    // the approver by the role's title in the playbook, not its id (legal)
    expect(skipped.find((e) => e.step === 'issue-first-statement')?.data.reason).toBe(
      'unlisted: done does not issue statements in a live session: it needs approval by Legal and compliance, named in the answers file',
    );
    expect(events.at(-1)!.type).toBe('session.ended');
    const log = readFileSync(ws.logFile(id), 'utf8');
    expect(log).not.toContain('(not recorded in drill)');
    expect(log).not.toContain('drill (unlisted: done)');
    expect(events.filter((e) => e.type.startsWith('statement.'))).toEqual([]);
    expect(existsSync(path.join(ws.logDir, id, 'statements'))).toBe(false);
    expect((await ws.run(['verify', id])).code).toBe(0);
  });

  it('--lang zh: the reasons the unlisted policy gives for a skip read in Chinese (summary and log), done and skip', async () => {
    const ws = workspace(false);
    const leads = `  - { step: tf-name-leads, action: done, inputs: { incident-lead-name: Alice Lead, spokesperson-name: Bob Speaker } }\n`;
    const done = await ws.run([
      'start',
      'product-quality',
      '--lang',
      'zh',
      '--answers',
      ws.answers('done.yaml', `operator: alice\nunlisted: done\nresponses:\n${leads}`),
    ]);
    expect(done.code, done.stderr).toBe(0);
    const lines = `${done.stdout}${done.stderr}`.split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        '  跳过 check-safety-risk：`unlisted: done` 在实战会话中不编造事实：缺少“产品是否可能危及人身或财产安全？（不确定时请选“是”）”、' +
          '“是否已造成或可能造成死亡、严重人身伤害、重大财产损失，或已在境外召回？”、“如为食品，按风险应启动的召回级别”',
        '  跳过 issue-first-statement：`unlisted: done` 在实战会话中不发布声明：须经 法务合规 审批，请在回答文件中写明审批人',
      ]),
    );
    expect(lines.filter((l) => l.includes('unlisted: done') && /[a-z]{3,} [a-z]{3,} [a-z]{3,}/.test(l))).toEqual([]);
    const id = /会话 (\S+) 已开始/.exec(done.stderr)![1]!;
    const reasons = ws
      .events(id)
      .filter((e) => e.type === 'step.skipped')
      .map((e) => e.data.reason);
    expect(reasons).toContain(
      '`unlisted: done` 在实战会话中不编造事实：缺少“曝出了什么问题、在哪里曝出（链接或来源）”',
    );
    expect(reasons.join('\n')).not.toMatch(/safety-risk|first-signal|harm-reported/);
    const skip = await ws.run([
      'start',
      'product-quality',
      '--lang',
      'zh',
      '--answers',
      ws.answers('skip.yaml', `operator: alice\nunlisted: skip\nresponses:\n${leads}`),
    ]);
    expect(skip.code, skip.stderr).toBe(0);
    expect(`${skip.stdout}${skip.stderr}`.split('\n')).toContain(
      '  跳过 log-first-signal：未写入脚本（`unlisted: skip`）',
    );
    // English as it was.
    const en = await ws.run([
      'start',
      'product-quality',
      '--answers',
      ws.answers('skip.yaml', `unlisted: skip\nresponses:\n${leads}`),
    ]);
    expect(`${en.stdout}${en.stderr}`.split('\n')).toContain(
      '  skipped log-first-signal: not scripted (unlisted: skip)',
    );
  });

  it('an incomplete statement the unlisted policy leaves: its facts by their labels, an id only for a fact no input records', async () => {
    const ws = workspace();
    const leads = '  - { step: name-leads, action: done, inputs: { lead-name: Ann, spokesperson-name: Sam } }\n';
    const reasonsIn = async (lang: string) => {
      const r = await ws.run([
        'start',
        'sess-crisis',
        '--lang',
        lang,
        '--answers',
        ws.answers(`${lang}.yaml`, `operator: alice\nunlisted: done\nresponses:\n${leads}`),
      ]);
      expect(r.code, r.stderr).toBe(0);
      const id = /(\d{8}-\d{6}-sess-crisis-[a-z0-9]+)/.exec(r.stderr)![1]!;
      const skipped = ws.events(id).filter((e) => e.type === 'step.skipped');
      return Object.fromEntries(skipped.map((e) => [e.step, e.data.reason]));
    };
    expect(await reasonsIn('en')).toMatchObject({
      confirm: 'unlisted: done invents no facts in a live session: not given: "Affected batches"',
      'quick-post':
        'unlisted: done does not issue an incomplete statement: facts not given: "Affected batches", "missing-fact"',
    });
    expect(await reasonsIn('zh')).toMatchObject({
      confirm: '`unlisted: done` 在实战会话中不编造事实：缺少“Affected batches”',
      'quick-post': '`unlisted: done` 不发布不完整的声明：缺少事实“Affected batches”、“missing-fact”',
    });
  });

  it('an answers file cannot issue a statement with a hole: exit 2, the hole named, nothing issued', async () => {
    const ws = workspace();
    const r = await ws.run([
      'start',
      'sess-crisis',
      '--answers',
      ws.answers('hole.yaml', `unlisted: fail\nresponses:\n${LEADS}  - { step: quick-post, action: statement }\n`),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('statement "quick-post" is incomplete: [missing-fact]');
    const events = ws.events(sessionIdOf(r));
    expect(events.filter((e) => e.type === 'statement.issued')).toEqual([]);
  });
});

const LEADS =
  '  - { step: confirm, action: done, inputs: { affected-batches: B-1 } }\n  - { step: name-leads, action: done, inputs: { lead-name: Ann, spokesperson-name: Sam } }\n';

describe('start without a terminal', () => {
  it('without --answers exits 2 at once with "no terminal" and creates no log', async () => {
    const ws = workspace();
    const r = await ws.run(['start', 'sess-crisis'], '');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error: no terminal to ask questions on, and no --answers file');
    expect(r.stderr).toContain('--answers FILE');
    expect(r.ms).toBeLessThan(10_000);
    expect(existsSync(ws.logDir) ? readdirSync(ws.logDir) : []).toEqual([]);
  });

  it('resume without a terminal and without --answers exits 2 and leaves the session untouched', async () => {
    const ws = workspace();
    const start = await ws.run([
      'start',
      'sess-crisis',
      '--answers',
      ws.answers('a.yaml', 'unlisted: fail\nresponses: []\n'),
    ]);
    const id = sessionIdOf(start);
    const before = readFileSync(ws.logFile(id), 'utf8');
    const r = await ws.run(['resume', id]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no terminal');
    expect(readFileSync(ws.logFile(id), 'utf8')).toBe(before);
    expect(existsSync(path.join(ws.logDir, `${id}.lock`))).toBe(false);
  });
});

describe('pause and resume with answers files', () => {
  it('unlisted: fail pauses when the script runs out; a second answers file finishes the session', async () => {
    const ws = workspace();
    const first = await ws.run([
      'start',
      'sess-crisis',
      '--operator',
      'carol',
      '--answers',
      ws.answers('first.yaml', `unlisted: fail\nresponses:\n${LEADS}`),
    ]);
    expect(first.code, first.stderr).toBe(0);
    const id = sessionIdOf(first);
    expect(first.stdout).toContain(`resume with: crisis resume ${id}`);
    const pausedText = readFileSync(ws.logFile(id), 'utf8');
    const paused = ws.events(id);
    expect(paused.map((e) => [e.type, e.step ?? ''])).toEqual([
      ['session.started', ''],
      ['step.completed', 'confirm'],
      ['step.completed', 'name-leads'],
      ['session.paused', ''],
    ]);
    expect(paused[3]!.data).toEqual({ reason: 'answers exhausted' });

    const status = JSON.parse((await ws.run(['status', id, '--json'])).stdout) as Record<string, unknown>;
    expect(status).toMatchObject({
      state: 'paused',
      locked: false,
      operator: 'carol',
      progress: { done: 2, total: 5 },
      events: 4,
      intact: true,
    });

    const second = await ws.run([
      'resume',
      id,
      '--answers',
      ws.answers(
        'second.yaml',
        'unlisted: done\nresponses:\n  - { step: apology, action: done }\n  - { action: decision, text: Recall everything, options: [recall all, recall some], by: CEO }\n' +
          '  - { step: holding-statement, action: approve, by: Lou }\n  - { step: holding-statement, action: statement }\n' +
          '  - { step: quick-post, action: statement, text: Recall of B-1 under way. }\n',
      ),
    ]);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain(`resumed ${id} (5 events)`);
    // everything recorded before the pause is still there, byte for byte
    expect(readFileSync(ws.logFile(id), 'utf8').startsWith(pausedText)).toBe(true);
    const all = ws.events(id);
    expect(all.slice(4).map((e) => [e.type, e.step ?? '', e.actor])).toEqual([
      ['session.resumed', '', 'carol'],
      ['step.completed', 'apology', 'carol'],
      ['decision.recorded', '', 'carol'],
      ['statement.approved', 'holding-statement', 'carol'],
      ['statement.issued', 'holding-statement', 'carol'],
      ['statement.issued', 'quick-post', 'carol'],
      ['session.ended', '', 'carol'],
    ]);
    expect(all[4]!.data).toEqual({});
    expect(all[6]!.data).toEqual({
      decision: 'Recall everything',
      options: ['recall all', 'recall some'],
      decidedBy: 'CEO',
    });
    expect(all[7]!.data).toEqual({ approver: 'Lou' });
    expect((await ws.run(['verify', id])).code).toBe(0);
  });

  it('an answer the plan refuses stops with exit 2, naming it; what came before is recorded and resumable', async () => {
    const ws = workspace();
    const r = await ws.run([
      'start',
      'sess-crisis',
      '--answers',
      ws.answers(
        'bad.yaml',
        // a refusal only the run can find (the file itself checks out before the session starts)
        'responses:\n  - { action: note, text: first }\n  - { step: recall, action: done }\n',
      ),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'error: responses[1] (done recall): step "recall" does not apply: its condition does not hold on the facts so far',
    );
    expect(r.stderr).toContain('hint: fix the answers file; the actions before it are recorded');
    const id = sessionIdOf(r);
    // paused, not left looking active (issue 12 #13)
    expect(ws.events(id).map((e) => [e.type, e.data])).toEqual([
      ['session.started', expect.anything()],
      ['note.added', { text: 'first' }],
      ['session.paused', { reason: 'answers refused' }],
    ]);
    expect(existsSync(path.join(ws.logDir, `${id}.lock`))).toBe(false);
    const again = await ws.run([
      'resume',
      id,
      '--answers',
      ws.answers(
        'fix.yaml',
        'responses:\n  - { step: confirm, action: done, inputs: { affected-batches: B-2, safety-risk: "yes" } }\n',
      ),
    ]);
    expect(again.code, again.stderr).toBe(0);
    const events = ws.events(id);
    expect(events.slice(3).map((e) => [e.type, e.step ?? ''])).toEqual([
      ['session.resumed', ''],
      ['step.completed', 'confirm'],
      ['session.paused', ''],
    ]);
    expect(events[4]!.data).toEqual({ facts: { 'affected-batches': 'B-2', 'safety-risk': true } });
  });

  it('a torn last line is moved to .torn by resume, which says so; verify passes afterwards', async () => {
    const ws = workspace();
    const start = await ws.run(['start', 'sess-crisis', '--answers', ws.answers('a.yaml', `responses:\n${LEADS}`)]);
    const id = sessionIdOf(start);
    const good = readFileSync(ws.logFile(id), 'utf8');
    const tail = '{"v":1,"seq":5,"ts":"2026-01-01T09:';
    appendFileSync(ws.logFile(id), tail);

    const verify = await ws.run(['verify', id]);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toContain('line 5: torn');
    const status = JSON.parse((await ws.run(['status', id, '--json'])).stdout) as { intact: boolean; events: number };
    expect(status).toMatchObject({ intact: false, events: 4 });
    expect(readFileSync(ws.logFile(id), 'utf8')).toBe(good + tail); // read-only commands do not repair

    const resume = await ws.run(['resume', id, '--answers', ws.answers('b.yaml', 'unlisted: fail\nresponses: []\n')]);
    expect(resume.code, resume.stderr).toBe(0);
    expect(resume.stderr).toContain(
      `note: the last line was incomplete (${tail.length} bytes, a write cut off); moved to ${ws.logFile(id)}.torn`,
    );
    expect(readFileSync(`${ws.logFile(id)}.torn`, 'utf8')).toBe(`${tail}\n`);
    expect(readFileSync(ws.logFile(id), 'utf8').startsWith(good)).toBe(true);
    expect(
      ws
        .events(id)
        .slice(4)
        .map((e) => e.type),
    ).toEqual(['session.resumed', 'session.paused']);
    expect((await ws.run(['verify', id])).code).toBe(0);
  });
});

describe('one writer per session', () => {
  it('resume is refused with exit 3 while a live process holds the lock, and taken over once it is gone', async () => {
    const ws = workspace();
    const start = await ws.run(['start', 'sess-crisis', '--answers', ws.answers('a.yaml', 'responses: []\n')]);
    const id = sessionIdOf(start);
    const lock = path.join(ws.logDir, `${id}.lock`);
    const holder = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      writeFileSync(lock, JSON.stringify({ pid: holder.pid, host: hostname(), since: '2026-01-01T09:00:00.000Z' }));
      const before = readFileSync(ws.logFile(id), 'utf8');
      const refused = await ws.run(['resume', id, '--answers', ws.answers('b.yaml', 'responses: []\n')]);
      expect(refused.code).toBe(3);
      expect(refused.stderr).toContain(
        `error: session ${id} is in use by pid ${holder.pid} on ${hostname()} since 2026-01-01T09:00:00.000Z`,
      );
      expect(readFileSync(ws.logFile(id), 'utf8')).toBe(before);
      expect(JSON.parse(readFileSync(lock, 'utf8')).pid).toBe(holder.pid);
      const status = JSON.parse((await ws.run(['status', id, '--json'])).stdout) as { locked: boolean };
      expect(status.locked).toBe(true);
    } finally {
      holder.kill('SIGKILL');
      await new Promise((resolve) => holder.on('exit', resolve));
    }
    const taken = await ws.run(['resume', id, '--answers', ws.answers('c.yaml', 'responses: []\n')]);
    expect(taken.code, taken.stderr).toBe(0);
    expect(taken.stderr).toContain(`note: took over a stale lock left by pid ${holder.pid} on ${hostname()}`);
    expect(existsSync(lock)).toBe(false);
  });
});

describe('known bugs', () => {
  // Regression: resume --force once numbered from the last good event after the
  // broken lines, so every reader stopped at the break and never saw what it recorded.
  it('events recorded by resume --force are visible to status afterwards', async () => {
    const ws = workspace();
    const start = await ws.run(['start', 'sess-crisis', '--answers', ws.answers('a.yaml', `responses:\n${LEADS}`)]);
    const id = sessionIdOf(start);
    const lines = readFileSync(ws.logFile(id), 'utf8').split('\n');
    lines[2] = lines[2]!.replace('"actor":"', '"actor":"x'); // line 3 (name-leads) edited
    writeFileSync(ws.logFile(id), lines.join('\n'));
    const forced = await ws.run([
      'resume',
      id,
      '--force',
      '--answers',
      ws.answers('b.yaml', 'responses:\n  - { step: apology, action: done }\n'),
    ]);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stderr).toContain('FORCED past a broken chain');
    const status = JSON.parse((await ws.run(['status', id, '--json'])).stdout) as {
      steps: Record<string, { status: string }>;
    };
    expect(status.steps['apology']?.status).toBe('done');
  });
});

describe('crisis status with no sessions', () => {
  it('says so, and --json is an empty array', async () => {
    const ws = workspace();
    mkdirSync(ws.logDir, { recursive: true });
    const text = await ws.run(['status']);
    expect(text.code).toBe(0);
    expect(text.stdout).toBe(`no sessions in ${ws.logDir}\n`);
    expect(JSON.parse((await ws.run(['status', '--json'])).stdout)).toEqual([]);
  });
});
