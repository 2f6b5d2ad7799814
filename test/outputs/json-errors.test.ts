import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

/** With --json, a program reads errors too: one JSON object on stderr, nothing on stdout, the same exit code. */
describe('errors under --json', () => {
  it.each([
    [
      ['show', 'no-such-playbook', '--json'],
      {
        error: 'unknown playbook "no-such-playbook"',
        hint: 'run `crisis list` to see the playbooks found',
        code: 2,
        id: 'playbook.unknown',
      },
    ],
    [
      ['list', '--json', '--bogus'],
      {
        error: "unknown option '--bogus'",
        hint: 'run `crisis --help` for the commands and options',
        code: 2,
        id: 'commander.unknownOption',
      },
    ],
    [['status', 'nope\u001b[2J', '--json'], { error: '"nope\\u001b[2J" is not a session id', code: 2 }],
  ])('crisis %j', async (args, expected) => {
    const r = await runCli(args);
    expect(r.code).toBe(expected.code);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    // Escapes travel JSON-encoded (\u001b), never raw.
    expect(r.stderr).not.toContain('\u001b');
    expect(JSON.parse(lines[0]!)).toMatchObject(expected);
  });

  it('without --json the same error is the plain two lines', async () => {
    const r = await runCli(['show', 'no-such-playbook']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'error: unknown playbook "no-such-playbook"\nhint: run `crisis list` to see the playbooks found\n',
    );
  });
});
