import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from '../helpers/paths.js';
import { PG_URL, freshDatabase } from '../helpers/pg.js';
import { cleanEnv } from '../helpers/run-cli.js';
import { shellQuote } from '../helpers/pty.js';
import { tmuxSessions } from '../helpers/tmux-sessions.js';
import { tempDir } from '../helpers/temp.js';

/**
 * Two terminals (tmux), two people on one team session: what one records
 * appears on the other's screen within a second, and the step the other was
 * being asked about is withdrawn and the menu redrawn on the next step.
 */
const hasTmux = spawnSync('tmux', ['-V'], { stdio: 'ignore' }).status === 0;
const SOCKET = `crisis-team-${process.pid}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let db: { url: string; drop: () => Promise<void> } | undefined;
beforeAll(async () => {
  if (PG_URL) db = await freshDatabase();
});
afterAll(async () => {
  if (hasTmux) spawnSync('tmux', ['-L', SOCKET, 'kill-server'], { stdio: 'ignore' });
  await db?.drop();
});

/** Terminals in one tmux server, each running one crisis command. */
const terminals = () => tmuxSessions({ socket: SOCKET, prefix: 'crisis-team', columns: 140 });

const menuFor = (step: string) => (t: string) =>
  t.includes(`(${step})`) && /\? What now\?[\s\S]*⏎ select/.test(t.slice(t.lastIndexOf(`(${step})`)));

describe.skipIf(!PG_URL || !hasTmux)('team mode in two real terminals', () => {
  it('a step completed in one terminal is announced and withdrawn in the other, with no key pressed there', async () => {
    const { tmux, open, waitFor } = terminals();
    const store = shellQuote(db!.url);

    open('lead', `start brand-image --operator lead --store ${store}`);
    const first = await waitFor('lead', 'the first step', menuFor('tf-name-leads'));
    const id = /session (\S+) started/.exec(first)![1]!;
    open('bo', `join ${id} --operator bo --store ${store}`);
    await waitFor('bo', 'the joined first step', menuFor('tf-name-leads'));

    // The lead completes the step Bo is looking at.
    tmux('send-keys', '-t', 'lead', 'Enter');
    // Two required people, then the seven optional core-team members left empty.
    for (const name of ['Lee', 'Sam', '', '', '', '', '', '', '']) {
      await waitFor('lead', 'an input prompt', (t) => (t.trimEnd().split('\n').at(-1) ?? '').startsWith('? '));
      if (name) tmux('send-keys', '-t', 'lead', '-l', name);
      tmux('send-keys', '-t', 'lead', 'Enter');
      await sleep(300);
    }
    const recorded = await waitFor('lead', 'recorded', (t) => /✓ recorded #\d+ completed step tf-name-leads/.test(t));
    // Bo does nothing: the notice comes from LISTEN/NOTIFY (its latency is measured in bench/, not asserted here).
    const seen = await waitFor('bo', 'the notice', (t) => t.includes('» lead completed tf-name-leads'), 5_000);
    expect(recorded).toContain('completed step tf-name-leads');
    expect(seen).toContain('(prompt withdrawn: the session changed)');
    // Bo's menu is drawn again, on the next step, without Bo doing anything.
    await waitFor('bo', 'the next step', menuFor('assess-brand-damage'), 5_000);
  }, 120_000);

  it('text half typed into a withdrawn prompt is on the line again when the question comes back', async () => {
    const { root, tmux, open, waitFor, lastLine } = terminals();
    const store = shellQuote(db!.url);
    open('lead2', `start brand-image --operator lead --store ${store}`);
    const first = await waitFor('lead2', 'the first step', menuFor('tf-name-leads'));
    const id = /session (\S+) started/.exec(first)![1]!;

    // The lead opens the step's first question and types part of a name, without Enter.
    tmux('send-keys', '-t', 'lead2', 'Enter');
    await waitFor('lead2', 'the first question', (t) => lastLine(t).startsWith('? '));
    tmux('send-keys', '-t', 'lead2', '-l', 'Alice Le');
    await waitFor('lead2', 'the typed text', (t) => lastLine(t).endsWith('Alice Le'));

    // Someone else records a note meanwhile (an unattended responder).
    writeFileSync(path.join(root, 'note.yaml'), 'responses:\n  - { action: note, text: press call at 10 }\n');
    const note = spawnSync(
      process.execPath,
      [BIN, 'join', id, '--operator', 'cy', '--answers', 'note.yaml', '--store', db!.url],
      {
        cwd: root,
        env: cleanEnv(tempDir('crisis-team-home-')),
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(note.status, note.stderr).toBe(0);

    const withdrawn = await waitFor('lead2', 'the withdrawn prompt', (t) => t.includes('» cy added a note'), 10_000);
    expect(withdrawn).toContain('(prompt withdrawn: the session changed)');
    await waitFor('lead2', 'the menu again', (t) => menuFor('tf-name-leads')(t.slice(t.indexOf('» cy'))));
    // The same step, the same question: the half-typed name is there, editable.
    tmux('send-keys', '-t', 'lead2', 'Enter');
    // Inquirer draws an editable prefill in two frames: the default in brackets, then the text on the line.
    const again = await waitFor(
      'lead2',
      'the question again, the draft on the line',
      (t) => lastLine(t).startsWith('? ') && !lastLine(t).endsWith(')'),
    );
    expect(lastLine(again)).toMatch(/Alice Le$/);
    tmux('send-keys', '-t', 'lead2', '-l', 'e');
    tmux('send-keys', '-t', 'lead2', 'Enter');
    await waitFor(
      'lead2',
      'the second question',
      (t) => lastLine(t).startsWith('? ') && !lastLine(t).includes('Alice'),
    );
    tmux('send-keys', '-t', 'lead2', '-l', 'Sam');
    tmux('send-keys', '-t', 'lead2', 'Enter');
    // The seven optional core-team members, left empty.
    for (let i = 0; i < 7; i++) {
      await sleep(300);
      await waitFor('lead2', 'an optional question', (t) => lastLine(t).startsWith('? '));
      tmux('send-keys', '-t', 'lead2', 'Enter');
    }
    const done = await waitFor('lead2', 'recorded', (t) => /✓ recorded #\d+ completed step tf-name-leads/.test(t));
    expect(done).toContain('completed step tf-name-leads');

    const exported = spawnSync(process.execPath, [BIN, 'export', id, '--store', db!.url], {
      cwd: root,
      env: cleanEnv(tempDir('crisis-team-home-')),
      encoding: 'utf8',
      timeout: 60_000,
    });
    const completed = exported.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { type: string; step?: string; data: { facts?: Record<string, unknown> } })
      .find((e) => e.type === 'step.completed' && e.step === 'tf-name-leads');
    expect(Object.values(completed!.data.facts!)).toEqual(['Alice Lee', 'Sam']);
  }, 120_000);
});
