import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PG_URL, freshDatabase, throwawayServer } from '../helpers/pg.js';
import { pgProxy } from '../helpers/pg-proxy.js';
import { runCli } from '../helpers/run-cli.js';
import { shellQuote } from '../helpers/pty.js';
import { tmuxSessions } from '../helpers/tmux-sessions.js';

/**
 * A joined screen waiting at its prompt when the database connection goes (the server restarts, or an admin
 * ends the backend): it says so at once, reconnects by itself, listens again, and shows what the others record,
 * also what they recorded while it was away, without a key pressed. Before, it heard nothing more until its
 * own next action.
 */
const hasTmux = spawnSync('tmux', ['-V'], { stdio: 'ignore' }).status === 0;
const SOCKET = `crisis-reconnect-${process.pid}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let db: { url: string; drop: () => Promise<void> } | undefined;
beforeAll(async () => {
  if (PG_URL) db = await freshDatabase();
});
afterAll(async () => {
  if (hasTmux) spawnSync('tmux', ['-L', SOCKET, 'kill-server'], { stdio: 'ignore' });
  await db?.drop();
});

/** A terminal (tmux) running one crisis command; `EXIT=<code>` is printed when it ends. */
function terminals() {
  const { root, tmux, open, screen, waitFor } = tmuxSessions({
    socket: SOCKET,
    prefix: 'crisis-reconnect',
    columns: 160,
  });
  /** Someone else records a note: an unattended `join`, as another laptop would. */
  const note = async (url: string, id: string, operator: string, text: string) => {
    writeFileSync(path.join(root, `${operator}.yaml`), `responses:\n  - { action: note, text: ${text} }\n`);
    const r = await runCli(['join', id, '--operator', operator, '--answers', `${operator}.yaml`, '--store', url], {
      cwd: root,
    });
    expect(r.code, r.stderr).toBe(0);
  };
  /** A session started by the lead, who then leaves it to the others. */
  const started = async (url: string) => {
    writeFileSync(path.join(root, 'lead.yaml'), 'operator: lead\nresponses: []\n');
    const r = await runCli(['start', 'brand-image', '--store', url, '--answers', 'lead.yaml'], { cwd: root });
    expect(r.code, r.stderr).toBe(0);
    return /session (\S+) started/.exec(r.stderr)![1]!;
  };
  return { tmux, open, screen, waitFor, note, started };
}

const where = (url: string) => `${new URL(url).host}${new URL(url).pathname}`;
const lost = (url: string) => `⚠ lost the connection to the database at ${where(url)}; reconnecting…`;
const back = (url: string) => `✓ connected again to the database at ${where(url)}`;
/** The step menu is up, and nothing has been drawn after it (the screen waits for a key). */
const atMenu = (t: string) => /\? What now\?[\s\S]*⏎ select[^\n]*\n*$/.test(t.trimEnd() + '\n');
/** What the screen printed after `marker` last appeared. */
const after = (t: string, marker: string) => t.slice(t.lastIndexOf(marker));

describe.skipIf(!PG_URL || !hasTmux)('a joined screen, idle at its prompt, when the connection goes', () => {
  it('its backend terminated (pg_terminate_backend): lost, back, and the next note by someone else is shown', async () => {
    const { open, waitFor, note, started } = terminals();
    const id = await started(db!.url);
    open('bo1', `join ${id} --operator bo --store ${shellQuote(db!.url)}`);
    await waitFor('bo1', 'the menu', atMenu);

    const admin = new pg.Client({ connectionString: db!.url });
    await admin.connect();
    try {
      const killed = await admin.query<{ pid: number }>(
        `SELECT pid, pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = current_database() AND application_name = 'crisis' AND pid <> pg_backend_pid()`,
      );
      expect(killed.rowCount).toBe(1);
    } finally {
      await admin.end();
    }
    await waitFor('bo1', 'the connection lost', (t) => t.includes(lost(db!.url)), 10_000);
    const reconnected = await waitFor('bo1', 'the connection back', (t) => t.includes(back(db!.url)), 10_000);
    expect(after(reconnected, lost(db!.url))).toContain(back(db!.url));
    await waitFor('bo1', 'the menu again', (t) => atMenu(after(t, back(db!.url))));

    // Bo does nothing: the note comes by LISTEN on the new connection.
    await note(db!.url, id, 'cy', 'press call at 10');
    const seen = await waitFor('bo1', 'the note', (t) => t.includes('» cy added a note'), 10_000);
    expect(after(seen, back(db!.url))).toContain('  » cy added a note to the session\n');
    await waitFor('bo1', 'the menu after the note', (t) => atMenu(after(t, '» cy added a note')));
  }, 120_000);

  it('away for a while (a proxy refuses it): what was recorded meanwhile is read when it is back; Ctrl-C while away exits at once', async () => {
    const { tmux, open, waitFor, note, started } = terminals();
    const proxy = await pgProxy(db!.url);
    try {
      const id = await started(db!.url);
      open('bo2', `join ${id} --operator bo --store ${shellQuote(proxy.url)}`);
      await waitFor('bo2', 'the menu', atMenu);

      proxy.refuse = true;
      proxy.cutAll();
      await waitFor('bo2', 'the connection lost', (t) => t.includes(lost(proxy.url)), 10_000);
      // Recorded while Bo's screen cannot hear: no notification reaches it.
      await note(db!.url, id, 'cy', 'statement at noon');
      await sleep(1_500);
      proxy.refuse = false;
      const caught = await waitFor('bo2', 'the note caught up', (t) => t.includes('» cy added a note'), 15_000);
      const since = after(caught, lost(proxy.url));
      expect(since).toContain(back(proxy.url));
      expect(since.indexOf('» cy added a note')).toBeGreaterThan(since.indexOf(back(proxy.url)));
      await waitFor('bo2', 'the menu after the note', (t) => atMenu(after(t, '» cy added a note')));

      // Away again, and Bo leaves meanwhile: no hang, no stack trace, the usual exit.
      proxy.refuse = true;
      proxy.cutAll();
      await waitFor('bo2', 'the connection lost again', (t) => after(t, '» cy added a note').includes(lost(proxy.url)));
      await sleep(300);
      const pressed = Date.now();
      tmux('send-keys', '-t', 'bo2', 'C-c');
      const exited = await waitFor('bo2', 'the exit', (t) => t.includes('EXIT='), 10_000);
      expect(Date.now() - pressed).toBeLessThan(5_000);
      expect(exited).toContain('EXIT=130');
      expect(exited).toContain(`you left session ${id}`);
      expect(exited).not.toMatch(/\n\s+at /);
    } finally {
      await proxy.close();
    }
  }, 120_000);

  it('the server restarted (stopped and started on the same data dir), a live `start --store` screen: lost, back, and the others are shown again', async () => {
    const { tmux, open, waitFor, note } = terminals();
    const server = await throwawayServer();
    try {
      open('lead3', `start brand-image --operator lead --store ${shellQuote(server.url)}`);
      const first = await waitFor('lead3', 'the menu', atMenu);
      const id = /session (\S+) started/.exec(first)![1]!;
      server.halt();
      await waitFor('lead3', 'the connection lost', (t) => t.includes(lost(server.url)), 10_000);
      server.resume();
      await waitFor(
        'lead3',
        'the connection back',
        (t) => after(t, lost(server.url)).includes(back(server.url)),
        20_000,
      );
      await note(server.url, id, 'cy', 'recall notice out');
      const seen = await waitFor('lead3', 'the note', (t) => t.includes('» cy added a note'), 10_000);
      expect(after(seen, back(server.url))).toContain('  » cy added a note to the session\n');
      await waitFor('lead3', 'the menu after the note', (t) => atMenu(after(t, '» cy added a note')));
      tmux('send-keys', '-t', 'lead3', 'C-c');
      const exited = await waitFor('lead3', 'the exit', (t) => t.includes('EXIT='), 10_000);
      expect(exited).toContain('EXIT=130');
      expect(exited).not.toMatch(/\n\s+at /);
    } finally {
      server.stop();
    }
  }, 120_000);
});
