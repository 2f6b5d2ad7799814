import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
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
function complete(words: string[], options: { logs?: string; cwd?: string; bin?: string } = {}): string[] {
  const script = [
    'eval "$(crisis completion bash)"',
    `COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')})`,
    `COMP_CWORD=${words.length - 1}`,
    '_crisis_complete',
    'printf "%s\\n" "${COMPREPLY[@]}"',
  ].join('\n');
  const out = execFileSync('bash', ['--norc', '--noprofile', '-c', script], {
    cwd: options.cwd ?? home,
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      PATH: `${options.bin ?? path.join(home, 'bin')}:${process.env.PATH ?? ''}`,
      HOME: home,
      CRISIS_LOG_DIR: options.logs ?? logs,
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

/**
 * The log dir is trusted with nothing: file names that are shell code or
 * terminal controls must neither run in the shell that completes nor reach
 * the screen. Only names matching the session id pattern are offered.
 */
describe('hostile names in the log dir', () => {
  const valid = '20261126-073234-product-quality-823b';
  const hostile = [
    '$(id>pwned-subst)',
    '`id>pwned-backquote`',
    '$(id>pwned-prefix)20261126',
    '20261126-073234-x$(id>pwned-suffix)',
    '${HOME}',
    '*',
    'x\u001b]52;c;aGVsbG8=\u0007y',
    '20261126-073234-clear\u001b[2J',
    '20261126-073234-rlo\u202egnp',
    '20261126-073234-nl\n$(id>pwned-newline)',
  ];
  let dir: string;
  let hostileLogs: string;

  beforeAll(() => {
    dir = tempDir('crisis-completion-hostile-');
    hostileLogs = path.join(dir, 'logs');
    mkdirSync(hostileLogs);
    for (const name of [...hostile, valid]) writeFileSync(path.join(hostileLogs, `${name}.jsonl`), '');
  });

  it('bash runs nothing a file name says and offers exactly the valid ids', () => {
    const cwd = path.join(dir, 'cwd');
    mkdirSync(cwd);
    expect(complete(['crisis', 'status', ''], { logs: hostileLogs, cwd })).toEqual(['latest', valid]);
    expect(complete(['crisis', 'log', '2'], { logs: hostileLogs, cwd })).toEqual([valid]);
    expect(complete(['crisis', 'verify', '$'], { logs: hostileLogs, cwd })).toEqual([]);
    expect(readdirSync(cwd)).toEqual([]);
    expect(readdirSync(dir).filter((f) => f.startsWith('pwned'))).toEqual([]);
    expect(readdirSync(hostileLogs)).toHaveLength(hostile.length + 1);
  });

  it('the bash script takes candidates as they are: no expansion, substitution or globbing', () => {
    // A crisis whose __complete offers shell code (an older build, another tool by that name).
    const fake = path.join(dir, 'fake-bin');
    writeFiles(fake, {
      crisis: [
        '#!/bin/sh',
        `if [ "$1" = __complete ]; then printf '%s\\n' '$(id>pwned-a)' '\`id>pwned-b\`' '$HOME' '*' plain; exit 0; fi`,
        `exec "${process.execPath}" "${BIN}" "$@"`,
      ].join('\n'),
    });
    chmodSync(path.join(fake, 'crisis'), 0o755);
    const cwd = path.join(dir, 'cwd-fake');
    writeFiles(cwd, { decoy: '' });
    expect(complete(['crisis', 'status', ''], { bin: fake, cwd })).toEqual([
      '$(id>pwned-a)',
      '`id>pwned-b`',
      '$HOME',
      '*',
      'plain',
    ]);
    expect(complete(['crisis', 'status', '$'], { bin: fake, cwd })).toEqual(['$(id>pwned-a)', '$HOME']);
    expect(complete(['crisis', 'status', 'p'], { bin: fake, cwd })).toEqual(['plain']);
    expect(readdirSync(cwd)).toEqual(['decoy']);
  });

  it('__complete prints no control or bidi character, only the valid ids', async () => {
    const r = await runCli(['__complete', '--', 'status', ''], { cwd: dir, env: { CRISIS_LOG_DIR: hostileLogs } });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`latest\n${valid}\n`);
    expect(r.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
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
