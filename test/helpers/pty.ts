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
