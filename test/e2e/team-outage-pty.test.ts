import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PG_URL, throwawayServer } from '../helpers/pg.js';
import { runCli } from '../helpers/run-cli.js';
import { shellQuote } from '../helpers/pty.js';
import { tmuxSessions } from '../helpers/tmux-sessions.js';

/**
 * The operator records an action at the moment the database is down (it restarts): the action waits for it,
 * saying so, and is recorded once when it is back; when it stays away past the bound (CRISIS_DB_WAIT), the run
 * exits 3 with the action NOT recorded, and what was typed is printed so it is not lost, with a command to go on.
 */
const hasTmux = spawnSync('tmux', ['-V'], { stdio: 'ignore' }).status === 0;
const SOCKET = `crisis-outage-${process.pid}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
afterAll(() => {
  if (hasTmux) spawnSync('tmux', ['-L', SOCKET, 'kill-server'], { stdio: 'ignore' });
});

const where = (url: string) => `${new URL(url).host}${new URL(url).pathname}`;
const lost = (url: string) => `⚠ lost the connection to the database at ${where(url)}; reconnecting…`;
const waiting = (url: string, wait: string) =>
  `⚠ the database at ${where(url)} does not answer; retrying for up to ${wait}…`;
/** The step menu is up, and nothing has been drawn after it (the screen waits for a key). */
const atMenu = (t: string) => /\? What now\?[\s\S]*⏎ select[^\n]*\n*$/.test(t.trimEnd() + '\n');
const lostZh = (url: string) => `⚠ 与 ${where(url)} 的数据库的连接已断开，正在重新连接…`;
const atMenuZh = (t: string) => /\? 下一步做什么？[\s\S]*⏎ 选择[^\n]*\n*$/.test(t.trimEnd() + '\n');
/** What the screen printed after `marker` last appeared. */
const after = (t: string, marker: string) => t.slice(t.lastIndexOf(marker));

describe.skipIf(!PG_URL || !hasTmux)('an action recorded while the database is down', () => {
  const { tmux, open, waitFor, root } = tmuxSessions({ socket: SOCKET, prefix: 'crisis-outage', columns: 160 });
  /** The database goes away under a live `start --store` screen; the operator then types a note and presses Enter. */
  const noteWhileDown = async (
    name: string,
    server: { url: string; halt(): void },
    text: string,
    wait?: string,
    lang: 'en' | 'zh' = 'en',
  ) => {
    const zh = lang === 'zh';
    open(
      name,
      `${zh ? '--lang zh ' : ''}start brand-image --operator lead --store ${shellQuote(server.url)}`,
      wait === undefined ? {} : { CRISIS_DB_WAIT: wait },
    );
    const menu = zh ? atMenuZh : atMenu;
    const gone = zh ? lostZh(server.url) : lost(server.url);
    const first = await waitFor(name, 'the menu', menu);
    const id = (zh ? /会话 (\S+) 已开始/ : /session (\S+) started/).exec(first)![1]!;
    server.halt();
    await waitFor(name, 'the menu after the loss', (t) => t.includes(gone) && menu(after(t, gone)));
    for (const key of ['Down', 'Down', 'Down', 'Enter']) {
      tmux('send-keys', '-t', name, key);
      await sleep(150);
    }
    await waitFor(name, 'the note question', (t) => after(t, gone).includes(zh ? '? 备注：' : '? Note:'));
    tmux('send-keys', '-t', name, '-l', text);
    tmux('send-keys', '-t', name, 'Enter');
    return id;
  };
  const notesIn = async (url: string, id: string) => {
    const exported = await runCli(['export', id, '--store', url], { cwd: root });
    expect(exported.code, exported.stderr).toBe(0);
    return exported.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; data: { text?: string } })
      .filter((e) => e.type === 'note.added')
      .map((e) => e.data.text);
  };

  it('back within the bound (a restart, 2 s): it waits, says so, records the note once, the chain verifies', async () => {
    const server = await throwawayServer();
    try {
      const id = await noteWhileDown('ride', server, 'call the supplier about B-7');
      await waitFor('ride', 'the wait notice', (t) => t.includes(waiting(server.url, '30s')), 10_000);
      await sleep(2_000);
      server.resume();
      const recorded = await waitFor(
        'ride',
        'the note recorded',
        (t) => t.includes('✓ recorded #2 added note'),
        30_000,
      );
      expect(after(recorded, waiting(server.url, '30s'))).toContain('  ✓ recorded #2 added note tf-name-leads');
      expect(recorded).not.toContain('error:');
      await waitFor('ride', 'the menu again', (t) => atMenu(after(t, '✓ recorded #2 added note')));
      tmux('send-keys', '-t', 'ride', 'C-c');
      const exited = await waitFor('ride', 'the exit', (t) => t.includes('EXIT='), 10_000);
      expect(exited).toContain('EXIT=130');
      expect(await notesIn(server.url, id)).toEqual(['call the supplier about B-7']);
      const verified = await runCli(['verify', id, '--store', server.url], { cwd: root });
      expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    } finally {
      server.stop();
    }
  }, 120_000);

  it('away past the bound: exit 3, NOT recorded, the typed text printed, and a command that goes on', async () => {
    const server = await throwawayServer();
    try {
      const id = await noteWhileDown('gone', server, 'TODO: brief the CEO at 9', '2');
      const exited = await waitFor('gone', 'the exit', (t) => t.includes('EXIT='), 30_000);
      expect(exited).toContain('EXIT=3');
      const tail = after(exited, waiting(server.url, '2s'));
      expect(tail).toContain(
        'NOT recorded (note tf-name-leads); what you typed, to enter again:\n    text: TODO: brief the CEO at 9\n',
      );
      expect(tail).toContain(`error: not recorded: the database at ${where(server.url)} did not answer\n`);
      expect(tail).toContain(
        `hint: nothing already recorded is lost; when the database is back: crisis join ${id} --store ${server.url}\n`,
      );
      expect(tail).not.toMatch(/\n\s+at /);
      // The session goes on: joined again with the command given, the note is not there, and the chain verifies.
      server.resume();
      expect(await notesIn(server.url, id)).toEqual([]);
      writeFileSync(
        path.join(root, 'again.yaml'),
        'responses:\n  - { action: note, text: "TODO: brief the CEO at 9" }\n',
      );
      const again = await runCli(['join', id, '--store', server.url, '--operator', 'lead', '--answers', 'again.yaml'], {
        cwd: root,
      });
      expect(again.code, again.stderr).toBe(0);
      expect(await notesIn(server.url, id)).toEqual(['TODO: brief the CEO at 9']);
      const verified = await runCli(['verify', id, '--store', server.url], { cwd: root });
      expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    } finally {
      server.stop();
    }
  }, 120_000);

  it('in Chinese, the action NOT recorded is named in Chinese, not by its English type', async () => {
    const server = await throwawayServer();
    try {
      await noteWhileDown('gonezh', server, 'TODO: brief the CEO at 9', '2', 'zh');
      const exited = await waitFor('gonezh', 'the exit', (t) => t.includes('EXIT='), 30_000);
      expect(exited).toContain('EXIT=3');
      expect(after(exited, lostZh(server.url))).toContain(
        '未记录（备注 tf-name-leads）；你输入的内容如下，可再次输入：\n    text: TODO: brief the CEO at 9\n',
      );
    } finally {
      server.stop();
    }
  }, 120_000);
});
