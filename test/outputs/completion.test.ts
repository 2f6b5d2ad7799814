import { execFileSync } from 'node:child_process';
import { chmodSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir, writeFiles } from '../helpers/temp.js';

/**
 * The bash script, sourced in a real bash, its completion function called
 * the way bash calls it (COMP_WORDS, COMP_CWORD): the candidates come from
 * the built CLI on PATH as `crisis`.
 */
let home: string;
let logs: string;
let session: string;

beforeAll(async () => {
  home = tempDir('crisis-completion-');
  logs = path.join(home, 'logs');
  writeFiles(home, { 'bin/crisis': `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n` });
  chmodSync(path.join(home, 'bin', 'crisis'), 0o755);
  const drill = await runCli(['drill', 'product-quality-batch-defect'], {
    cwd: home,
    env: { CRISIS_LOG_DIR: logs },
    timeoutMs: 120_000,
  });
  expect(drill.code, drill.stderr).toBe(0);
  session = /log: .*\/([^/]+)\.jsonl/.exec(drill.stdout)![1]!;
}, 180_000);

/** Source the script, set the words as bash would, call the function, print COMPREPLY one per line. */
function complete(words: string[]): string[] {
  const script = [
    'eval "$(crisis completion bash)"',
    `COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')})`,
    `COMP_CWORD=${words.length - 1}`,
    '_crisis_complete',
    'printf "%s\\n" "${COMPREPLY[@]}"',
  ].join('\n');
  const out = execFileSync('bash', ['--norc', '--noprofile', '-c', script], {
    cwd: home,
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      PATH: `${path.join(home, 'bin')}:${process.env.PATH ?? ''}`,
      HOME: home,
      CRISIS_LOG_DIR: logs,
      LANG: 'C.UTF-8',
    },
  });
  return out.split('\n').filter((l) => l !== '');
}

describe('bash completion', () => {
  it.each([
    [['crisis', 'dr'], ['drill']],
    [['crisis', 'ch'], ['checklist']],
    [
      ['crisis', 'drill', 'product'],
      [
        'product-quality-batch-defect',
        'product-quality-injured-customer',
        'product-quality-partner-notice',
        'product-quality-recall-notice',
      ],
    ],
    [['crisis', 'drill', 'product-quality-b'], ['product-quality-batch-defect']],
    [['crisis', 'start', 'cy'], ['cybersecurity']],
    [
      ['crisis', 'log', 'x', '--format', 'js'],
      ['json', 'jsonl'],
    ],
    [['crisis', 'checklist', '--ca'], ['--cards']],
    [
      ['crisis', 'completion', ''],
      ['bash', 'zsh', 'fish'],
    ],
  ])('%j -> %j', (words, expected) => {
    expect(complete(words)).toEqual(expected);
  });

  it('completes session ids from the log dir, and latest', () => {
    expect(complete(['crisis', 'review', ''])).toEqual(['latest', session]);
    expect(complete(['crisis', 'verify', session.slice(0, 8)])).toEqual([session]);
  });

  it('lists every visible command, not the hidden helper', () => {
    const commands = complete(['crisis', '']);
    expect(commands).toContain('review');
    expect(commands).toContain('completion');
    expect(commands).not.toContain('__complete');
  });
});

describe('crisis completion', () => {
  it.each([
    ['zsh', 'compdef _crisis_complete crisis'],
    ['fish', "complete -c crisis -f -a '(__crisis_complete)'"],
  ])('%s prints a script that asks crisis __complete', async (shell, line) => {
    const r = await runCli(['completion', shell]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(line);
    expect(r.stdout).toContain('crisis __complete -- ');
  });

  it('an unknown shell is a usage error (exit 2)', async () => {
    const r = await runCli(['completion', 'tcsh']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('error: no completion for shell "tcsh"');
  });
});
