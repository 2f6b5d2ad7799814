import { execFileSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { BIN } from './paths.js';
import { shellQuote } from './pty.js';
import { cleanEnv } from './run-cli.js';
import { tempDir } from './temp.js';

/**
 * Several terminals in one tmux server (`-L socket`), each running one crisis command in `root`: the team-mode
 * tests, where two people's screens are open at once. A command's window prints `EXIT=<code>` when it ends, then
 * waits, so its last screen stays readable. The caller kills the server (`tmux -L socket kill-server`).
 */
export function tmuxSessions(options: { socket: string; prefix: string; columns: number }) {
  const root = tempDir(`${options.prefix}-pty-`);
  const env = { ...cleanEnv(tempDir(`${options.prefix}-home-`)), TERM: 'xterm-256color' };
  const tmux = (...args: string[]) =>
    execFileSync('tmux', ['-L', options.socket, '-f', '/dev/null', ...args], { env, encoding: 'utf8' });
  /** A new window `name` running `crisis ARGS` (a shell-quoted argument string), with `vars` in its environment. */
  const open = (name: string, args: string, vars: Record<string, string> = {}) => {
    const file = path.join(root, `${name}.sh`);
    const exports = Object.entries(vars)
      .map(([k, v]) => `export ${k}=${shellQuote(v)}\n`)
      .join('');
    writeFileSync(
      file,
      `#!/bin/sh\ncd ${shellQuote(root)}\n${exports}${shellQuote(process.execPath)} ${shellQuote(BIN)} ${args}\necho EXIT=$?\nsleep 600\n`,
    );
    chmodSync(file, 0o755);
    tmux('new-session', '-d', '-s', name, '-x', String(options.columns), '-y', '50', file);
  };
  /** Everything window `name` has shown, folded lines joined. */
  const screen = (name: string) => tmux('capture-pane', '-p', '-J', '-t', name, '-S', '-');
  const waitFor = async (name: string, what: string, test: (text: string) => boolean, timeout = 30_000) => {
    const started = Date.now();
    for (;;) {
      const text = screen(name);
      if (test(text)) return text;
      if (Date.now() - started > timeout) throw new Error(`timed out waiting for ${what}; the screen:\n${text}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const lastLine = (text: string) => text.trimEnd().split('\n').at(-1) ?? '';
  return { root, env, tmux, open, screen, waitFor, lastLine };
}
