import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN } from '../helpers/paths.js';
import { cleanEnv, runCli } from '../helpers/run-cli.js';
import { shellQuote } from '../helpers/pty.js';
import { tempDir } from '../helpers/temp.js';
import { readLoggedEvents, type LoggedEvent } from '../helpers/log-events.js';

/**
 * `crisis start` in a real pseudo-terminal (tmux): answer three steps with
 * the keyboard, press Ctrl-C, then resume from an answers file to the end.
 */

const hasTmux = spawnSync('tmux', ['-V'], { stdio: 'ignore' }).status === 0;
const SOCKET = `crisis-test-${process.pid}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

afterAll(() => {
  if (hasTmux) spawnSync('tmux', ['-L', SOCKET, 'kill-server'], { stdio: 'ignore' });
});

describe('crisis start in a real terminal', () => {
  it.skipIf(!hasTmux)(
    'answers three steps, Ctrl-C pauses (exit 130), resume finishes; the log says exactly that',
    { timeout: 90_000 },
    async () => {
      const root = tempDir('crisis-pty-');
      const logDir = path.join(root, 'logs');
      const env = { ...cleanEnv(tempDir('crisis-pty-home-'), { CRISIS_LOG_DIR: logDir }), TERM: 'xterm-256color' };
      const script = path.join(root, 'run.sh');
      writeFileSync(
        script,
        `#!/bin/sh\ncd ${shellQuote(root)}\n${shellQuote(process.execPath)} ${shellQuote(BIN)} start product-quality --operator alice\necho EXIT=$?\nsleep 600\n`,
      );
      chmodSync(script, 0o755);

      const tmux = (...args: string[]) =>
        execFileSync('tmux', ['-L', SOCKET, '-f', '/dev/null', ...args], { env, encoding: 'utf8' });
      const screen = () => tmux('capture-pane', '-p', '-J', '-t', 'main', '-S', '-');
      const keys = (...k: string[]) => tmux('send-keys', '-t', 'main', ...k);
      const type = (text: string) => tmux('send-keys', '-t', 'main', '-l', text);
      /** Poll the pane until `test` holds on its text; fail with the screen after `timeout`. */
      const waitFor = async (what: string, test: (text: string) => boolean, timeout = 20_000): Promise<string> => {
        const started = Date.now();
        for (;;) {
          const text = screen();
          if (test(text)) return text;
          if (Date.now() - started > timeout) throw new Error(`timed out waiting for ${what}; the screen:\n${text}`);
          await sleep(100);
        }
      };
      /** The screen after the last occurrence of `marker`. */
      const after = (text: string, marker: string) =>
        text.includes(marker) ? text.slice(text.lastIndexOf(marker)) : '';
      /** An input prompt is open when the last non-empty line starts with `? <label>`. */
      const lastLine = (text: string) => text.trimEnd().split('\n').at(-1) ?? '';
      const waitForInput = (label: string) =>
        waitFor(`the prompt "${label}"`, (t) => lastLine(t).startsWith(`? ${label}`));
      /** A select is open once its help line is drawn below the question. */
      const waitForSelect = (stepId: string) =>
        waitFor(`the choice for ${stepId}`, (t) => /\? What now\?[\s\S]*⏎ select/.test(after(t, `(${stepId})`)));

      tmux('new-session', '-d', '-s', 'main', '-x', '200', '-y', '40', script); // wide: no question wraps

      // step 1: tf-name-leads, two required people, then the core team (each optional)
      const first = await waitForSelect('tf-name-leads');
      const id = /session (\d{8}-\d{6}-product-quality-[0-9a-f]{4}) started/.exec(first)?.[1];
      expect(id, first).toBeDefined();
      expect(first).toContain('[1/');
      expect(first).toContain('❯ Done: record the inputs');
      keys('Enter');
      await waitForInput('Incident lead');
      type('Alice');
      keys('Enter');
      await waitForInput('Spokesperson');
      type('Bob');
      keys('Enter');
      // an optional input says so once: "(optional)", or its own "(if needed)" (never both)
      const optional: string[] = [];
      const team = ['PR lead', 'Marketing lead', 'Sales lead', 'Customer service lead', 'Legal lead'];
      for (const label of [...team, 'Security lead', 'Quality lead']) {
        const t = await waitForInput(label);
        optional.push(lastLine(t).slice(2).trim());
        keys('Enter');
      }
      for (const q of optional) expect(q).toMatch(/\((optional|if needed)\)$/);
      expect(optional.filter((q) => q.includes('(if needed)'))).toHaveLength(2);
      await waitFor('#2 recorded', (t) => t.includes('✓ recorded #2 completed step tf-name-leads'));

      /**
       * Work the step on screen after `marker` with the keyboard: Done, then
       * Enter on every optional question (a required text gets "x"). Returns
       * the step id and the questions it asked.
       */
      const workStep = async (marker: string, seq: number) => {
        const shown = await waitFor(`the next step after ${marker}`, (t) =>
          /\? What now\?[\s\S]*⏎ select/.test(after(t, marker)),
        );
        const stepId = /\(([a-z0-9-]+)\)\nowner:/.exec(after(shown, marker))?.[1];
        expect(stepId, shown).toBeDefined();
        const section = (t: string) => after(t, `(${stepId})`);
        const answered = (t: string) =>
          section(t)
            .split('\n')
            .filter((l) => l.startsWith('✔ ')).length;
        const recorded = `✓ recorded #${seq} completed step ${stepId}`;
        const asked: string[] = [];
        keys('Enter'); // What now? -> Done
        let pressed = 1;
        for (;;) {
          const t = await waitFor(
            `a question or ${recorded}`,
            (x) =>
              x.includes(recorded) ||
              (answered(x) === pressed && /\n\? [^\n]*[\s\S]*$/.test(section(x).slice(section(x).lastIndexOf('✔ ')))),
          );
          if (t.includes(recorded)) break;
          const rest = section(t).slice(section(t).lastIndexOf('✔ '));
          const question = /\n\? ([^\n]*)/.exec(rest)![1]!.trim();
          asked.push(question);
          const isText = !/\((y\/N|Y\/n)\)/.test(question) && !rest.includes('⏎ select');
          if (isText && !/\((optional|if needed)\)/.test(question)) type('x');
          keys('Enter');
          pressed += 1;
        }
        return { stepId: stepId!, asked };
      };

      // steps 2 and 3: whatever the plan puts next, answered with Enter
      const second = await workStep('✓ recorded #2 ', 3);
      expect(second.stepId).toBe('log-first-signal');
      expect(second.asked.length).toBeGreaterThan(0);
      const third = await workStep(`✓ recorded #3 completed step ${second.stepId}`, 4);
      // The playbook says to answer yes when unsure, and Enter does: the prompt starts on Yes.
      expect(third.stepId).toBe('check-safety-risk');
      expect(third.asked[0]).toBe('Could the product harm people or property? (If unsure, answer yes.) (Y/n)');
      const answeredSteps = ['tf-name-leads', second.stepId, third.stepId];
      expect(new Set(answeredSteps).size).toBe(3);

      // the fourth step is on screen; Ctrl-C at its prompt
      await waitFor('the fourth step', (t) =>
        /\? What now\?[\s\S]*⏎ select/.test(after(t, `✓ recorded #4 completed step ${third.stepId}`)),
      );
      keys('C-c');
      const end = await waitFor('the exit code', (t) => /EXIT=\d+/.test(t));
      expect(end).toContain('EXIT=130');
      expect(end).toContain(`resume with: crisis resume ${id}`);
      expect(end).toContain('done 3, skipped 0, blocked 0');
      expect(end).not.toMatch(/^\s+at /m);

      const logFile = path.join(logDir, `${id}.jsonl`);
      const events = (): LoggedEvent[] => readLoggedEvents(logFile);
      const paused = events();
      expect(paused.map((e) => [e.seq, e.type, e.step ?? ''])).toEqual([
        [1, 'session.started', ''],
        [2, 'step.completed', 'tf-name-leads'],
        [3, 'step.completed', second.stepId],
        [4, 'step.completed', third.stepId],
        [5, 'session.paused', ''],
      ]);
      expect(paused[0]!.data).toMatchObject({ crisis: 'product-quality', operator: 'alice' });
      // the seven core-team members left empty record nothing
      expect(paused[1]!.data).toEqual({ facts: { 'incident-lead-name': 'Alice', 'spokesperson-name': 'Bob' } });
      expect(paused[2]!.data).toMatchObject({ facts: { 'first-signal': 'x' } });
      expect(paused[3]!.data).toMatchObject({ facts: { 'safety-risk': true } });
      expect(paused[4]!.data).toEqual({ reason: 'operator' });

      // resume from an answers file, to the end
      const answers = path.join(root, 'rest.yaml');
      writeFileSync(answers, 'unlisted: done\nresponses: []\n');
      const resumed = await runCli(['resume', id!, '--answers', answers], {
        cwd: root,
        env: { CRISIS_LOG_DIR: logDir },
        timeoutMs: 60_000,
      });
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(resumed.stdout).toContain('session ended.');

      const all = events();
      expect(all.slice(0, 5)).toEqual(paused);
      const count = (type: string) => all.filter((e) => e.type === type).length;
      expect(count('session.paused')).toBe(1);
      expect(count('session.resumed')).toBe(1);
      expect(count('session.ended')).toBe(1);
      expect(all[5]!.type).toBe('session.resumed');
      expect(all.at(-1)!.type).toBe('session.ended');
      // the three steps answered at the keyboard were not done again
      const completed = all.filter((e) => e.type === 'step.completed').map((e) => e.step);
      for (const step of answeredSteps) expect(completed.filter((s) => s === step)).toHaveLength(1);
      expect(all.filter((e) => e.type === 'step.completed' && e.seq < 5).map((e) => e.step)).toEqual(answeredSteps);

      const verify = await runCli(['verify', id!], { cwd: root, env: { CRISIS_LOG_DIR: logDir } });
      expect(verify.code, verify.stdout).toBe(0);
      expect(verify.stdout).toContain(`${all.length} events, hash chain intact`);
    },
  );
});
