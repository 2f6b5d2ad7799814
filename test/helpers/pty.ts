import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { spawnCollect, type CliResult } from './run-cli.js';

/** Quote one word for /bin/sh. */
export const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * Run a shell command inside a real pseudo-terminal with util-linux `script`
 * (`script -qfec CMD /dev/null`): the program sees isTTY on stdin, stdout
 * and stderr. Everything it wrote arrives on our stdout; stderr is script's own.
 */
export function runInPty(
  command: string,
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<CliResult> {
  return spawnCollect('script', ['-qfec', command, '/dev/null'], options);
}

/** Is tmux installed? Terminal tests skip without it. */
export const hasTmux = spawnSync('tmux', ['-V'], { stdio: 'ignore' }).status === 0;

/** One tmux window running one command, driven key by key; its whole scrollback read as text. */
export interface Terminal {
  /** everything on the pane and in its scrollback, blank lines dropped */
  screen(): string;
  /** named keys: Enter, Escape, Down, C-c, BSpace */
  keys(...names: string[]): void;
  /** literal text */
  type(text: string): void;
  /** poll until `test` holds on the screen; throws with the screen after `timeoutMs` */
  waitFor(what: string, test: (screen: string) => boolean, timeoutMs?: number): Promise<string>;
  /** the screen as the terminal's rows: a line the terminal folded is two rows here, one in screen() */
  rows(): string;
  /** the screen after the last `marker` ('' when it is not there) */
  after(marker: string, screen?: string): string;
  resize(columns: number, rows?: number): void;
  kill(): void;
}

/**
 * Run `argv` (node bin/crisis.js …) in a tmux window of `columns` × `rows`.
 * The shell around it prints `EXIT=<code>` when it ends and then waits, so
 * the last screen stays readable. Each terminal has its own tmux server
 * (socket), killed by `kill()`; tests call it in a finally.
 */
export function openTerminal(options: {
  cwd: string;
  env: NodeJS.ProcessEnv;
  argv: readonly string[];
  columns?: number;
  rows?: number;
}): Terminal {
  const socket = `crisis-pty-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const script = path.join(options.cwd, `${socket}.sh`);
  writeFileSync(
    script,
    `#!/bin/sh\ncd ${shellQuote(options.cwd)}\n${options.argv.map(shellQuote).join(' ')}\necho EXIT=$?\nsleep 600\n`,
  );
  chmodSync(script, 0o755);
  const env = { ...options.env, TERM: 'xterm-256color' };
  const tmux = (...args: string[]) =>
    execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], { env, encoding: 'utf8' });
  // A whole session is thousands of lines: keep all of them in the scrollback (tmux keeps 2000 by default).
  tmux(
    'start-server',
    ';',
    'set-option',
    '-g',
    'history-limit',
    '100000',
    ';',
    'new-session',
    '-d',
    '-s',
    'main',
    '-x',
    String(options.columns ?? 120),
    '-y',
    String(options.rows ?? 40),
    script,
  );
  const capture = (...flags: string[]) =>
    tmux('capture-pane', '-p', ...flags, '-t', 'main', '-S', '-')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .join('\n');
  const screen = () => capture('-J');
  return {
    screen,
    rows: () => capture(),
    keys: (...names) => void tmux('send-keys', '-t', 'main', ...names),
    type: (text) => void tmux('send-keys', '-t', 'main', '-l', text),
    async waitFor(what, test, timeoutMs = 30_000) {
      const started = Date.now();
      for (;;) {
        const text = screen();
        if (test(text)) return text;
        if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}; the screen:\n${text}`);
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
    },
    after(marker, text = screen()) {
      return text.includes(marker) ? text.slice(text.lastIndexOf(marker)) : '';
    },
    resize: (columns, rows) =>
      void tmux('resize-window', '-t', 'main', '-x', String(columns), ...(rows ? ['-y', String(rows)] : [])),
    kill: () => void spawnSync('tmux', ['-L', socket, 'kill-server'], { stdio: 'ignore' }),
  };
}
