/**
 * Issue 12: two `crisis review` walks and a `resume` on one session at once,
 * each in its own terminal (tmux), as three people at three laptops sharing
 * a log dir would run them. One writer at a time: a walk reads the head
 * again under the lock, so what the others recorded meanwhile is chained
 * onto, never forked; a second writer is refused while one holds the lock;
 * and every "✓ recorded" a screen showed is in the log exactly once.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN } from '../helpers/paths.js';
import { hasTmux, openTerminal, type Terminal } from '../helpers/pty.js';
import { cleanEnv, runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp.js';
import { readLoggedEvents } from '../helpers/log-events.js';

const lastLine = (screen: string) => screen.trimEnd().split('\n').at(-1) ?? '';
const count = (text: string, what: string) => text.split(what).length - 1;

describe.skipIf(!hasTmux)('two review walks and a resume in three terminals on one session', () => {
  it('one chain, no fork, every answer a screen said was recorded is in the log exactly once', async () => {
    const work = tempDir('crisis-walk-pty-');
    const logDir = path.join(work, 'logs');
    const env = cleanEnv(tempDir('crisis-walk-pty-home-'), { CRISIS_LOG_DIR: logDir });
    writeFileSync(path.join(work, 'first.yaml'), 'responses:\n  - { action: note, text: "hotline open" }\n');
    const started = await runCli(['start', 'product-quality', '--answers', 'first.yaml', '--operator', 'lead'], {
      cwd: work,
      env,
    });
    expect(started.code, started.stderr).toBe(0);
    const id = readdirSync(logDir)
      .find((f) => f.endsWith('.jsonl'))!
      .slice(0, -'.jsonl'.length);
    const crisis = (...args: string[]) => [process.execPath, BIN, ...args];
    const open: Terminal[] = [];
    const terminal = (...args: string[]) => {
      const t = openTerminal({ cwd: work, env, argv: crisis(...args), columns: 140, rows: 50 });
      open.push(t);
      return t;
    };
    const exitOf = async (t: Terminal, what: string) =>
      /EXIT=(\d+)/.exec(await t.waitFor(`${what} to exit`, (s) => /EXIT=\d+/.test(s), 60_000))![1];
    try {
      // Both walks read the log and wait at their first question: what they read goes stale from here on.
      const a = terminal('review', id, '-o', 'a.md');
      const b = terminal('review', id, '-o', 'b.md');
      for (const [t, name] of [
        [a, 'walk A'],
        [b, 'walk B'],
      ] as const)
        await t.waitFor(`${name}'s first question`, (s) => s.includes('Walk the post-crisis review now?'), 60_000);

      // A resume records a note behind their backs, then pauses (the lock is released).
      const c = terminal('resume', id);
      await c.waitFor('the resumed step menu', (s) => /\? What now\?[\s\S]*⏎ select/.test(s), 60_000);
      c.keys('Down', 'Down', 'Down');
      await c.waitFor('the note item', (s) => s.includes('❯ Add a note'));
      c.keys('Enter');
      await c.waitFor('the note question', (s) => lastLine(s).startsWith('? '));
      c.type('press call at 10');
      c.keys('Enter');
      await c.waitFor('the note recorded', (s) => /✓ recorded #\d+ added note/.test(s));
      await c.waitFor('the menu again', (s) => /\? What now\?[\s\S]*⏎ select/.test(c.after('added note', s)));
      for (let i = 0; i < 8; i++) c.keys('Down');
      await c.waitFor('the pause item', (s) => s.includes('❯ Pause and quit'));
      c.keys('Enter');
      expect(await exitOf(c, 'the resume')).toBe('130');

      // Walk A goes first: under the lock it reads the head again, so its answer chains on the note.
      a.type('y');
      a.keys('Enter');
      await a.waitFor(
        'walk A at its first item',
        (s) => s.includes('(pc-reconstruct-timeline)') && /Review item/.test(s),
      );
      a.keys('Enter');
      await a.waitFor('walk A recorded', (s) => s.includes('✓ recorded'));
      await a.waitFor('walk A at its second item', (s) => s.includes('(pc-check-marketing)'));
      a.keys('Down', 'Down');
      await a.waitFor('walk A: stop', (s) => s.includes('❯ Stop the review walk'));
      a.keys('Enter');
      expect(await exitOf(a, 'walk A')).toBe('0');

      // Walk B still holds the item list it read before A answered: the item A took is skipped, not forked.
      b.type('y');
      b.keys('Enter');
      await b.waitFor(
        'walk B at its first item',
        (s) => s.includes('(pc-reconstruct-timeline)') && /Review item/.test(s),
      );
      b.keys('Enter');
      await b.waitFor('walk B told it was taken', (s) => s.includes('already recorded by someone else meanwhile'));
      await b.waitFor('walk B at its second item', (s) => s.includes('(pc-check-marketing)'));
      b.keys('Enter');
      await b.waitFor('walk B recorded', (s) => s.includes('✓ recorded'));
      await b.waitFor('walk B at its third item', (s) => s.includes('(pc-find-missed-signals)'));

      // While B holds the lock, a second resume is refused and writes nothing.
      const d = terminal('resume', id);
      expect(await exitOf(d, 'the second resume')).toBe('3');
      expect(d.screen()).toContain(`session ${id} is in use by pid`);

      b.keys('Down', 'Down');
      await b.waitFor('walk B: stop', (s) => s.includes('❯ Stop the review walk'));
      b.keys('Enter');
      expect(await exitOf(b, 'walk B')).toBe('0');

      const verify = await runCli(['verify', id], { cwd: work, env });
      expect(verify.code, verify.stdout + verify.stderr).toBe(0);
      expect(verify.stdout).toMatch(/hash chain intact/);
      const events = readLoggedEvents(path.join(logDir, `${id}.jsonl`));
      // No fork: one event per seq, in order (verify checked each prev against the line before).
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
      // Everything after the first run, in the order the terminals recorded it.
      const firstRun = events.findIndex((e) => e.type === 'session.paused');
      expect(events.slice(firstRun + 1).map((e) => [e.type, e.step, e.data.text])).toEqual([
        ['session.resumed', undefined, undefined],
        ['note.added', 'tf-name-leads', 'press call at 10'],
        ['session.paused', undefined, undefined],
        ['review.recorded', 'pc-reconstruct-timeline', undefined],
        ['review.recorded', 'pc-check-marketing', undefined],
      ]);
      // Each screen's "✓ recorded" is one line of the log: A's answer, B's answer, C's note.
      expect(count(a.screen(), '✓ recorded')).toBe(1);
      expect(count(b.screen(), '✓ recorded')).toBe(1);
      expect(count(c.screen(), 'added note')).toBe(1);
      expect(events.filter((e) => e.type === 'note.added' && e.data.text === 'press call at 10')).toHaveLength(1);
      expect(existsSync(path.join(logDir, `${id}.lock`))).toBe(false);
      expect(readdirSync(logDir).filter((f) => f.includes('.torn'))).toEqual([]);
      // Both reports hold what was in the log when each walk finished.
      expect(readFileSync(path.join(work, 'b.md'), 'utf8')).toContain('press call at 10');
    } finally {
      for (const t of open) t.kill();
    }
  }, 300_000);
});
