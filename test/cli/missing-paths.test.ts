/**
 * An argument naming something that is not there is a usage error (exit 2) that says so: a log file that does not
 * exist is "no such file", not "not a session id"; `validate` of a missing path is not "a check found problems"
 * (exit 1); `--crisis` with something that is no id is refused naming the flag, before it is offered back as a
 * `crisis start` command to type.
 */
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain } from '../helpers/in-process.js';
import { tempDir } from '../helpers/temp.js';

const NO_FILE_HINT = 'hint: check the path; a session in the log dir is named by its id (`crisis status` lists them)\n';

describe('a session log file that does not exist', () => {
  it.each([
    ['verify'],
    ['review', '--no-interactive'],
    ['log'],
    ['export'],
    ['status'],
    ['resume', '--answers', 'a.yaml'],
  ])('%s: exit 2, "no such file", with a hint', async (command, ...rest) => {
    const cwd = tempDir('crisis-missing-');
    const missing = path.join(cwd, 'missing.jsonl');
    const r = await runMain([command, missing, ...rest], { cwd });
    expect(r.stderr).toBe(`error: no such file: ${missing}\n${NO_FILE_HINT}`);
    expect(r.code).toBe(2);
  });

  it('checklist --session: the same', async () => {
    const r = await runMain(['checklist', 'product-quality', '--session', 'gone/missing.jsonl']);
    expect(r.stderr).toBe(`error: no such file: gone/missing.jsonl\n${NO_FILE_HINT}`);
    expect(r.code).toBe(2);
  });

  it('a path that is no log name is still refused as no session id (exit 2)', async () => {
    const r = await runMain(['verify', '../x']);
    expect(r.stderr.split('\n')[0]).toBe('error: "../x" is not a session id');
    expect(r.code).toBe(2);
  });
});

describe('validate of a path that does not exist', () => {
  it('is exit 2, in one line naming it, not "1 file checked: 1 error"', async () => {
    const cwd = tempDir('crisis-missing-');
    const r = await runMain(['validate', 'nope.yaml'], { cwd });
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'error: nope.yaml: no such file or directory\n' +
        'hint: pass playbook files or directories; with none, the whole search path is checked\n',
    );
    expect(r.code).toBe(2);
  });

  it('with --json too, as a JSON error', async () => {
    const r = await runMain(['validate', '--json', 'nope.yaml']);
    expect(JSON.parse(r.stderr)).toMatchObject({
      error: 'nope.yaml: no such file or directory',
      code: 2,
      id: 'path.missing',
    });
    expect(r.code).toBe(2);
  });
});

describe('--crisis with something that is no id', () => {
  it.each([['resume'], ['status'], ['log']])(
    '%s --crisis ../x: exit 2 naming the flag, no start command offered',
    async (command) => {
      const r = await runMain([command, '--crisis', '../x']);
      expect(r.stderr).toBe(
        'error: --crisis "../x" is not a valid id\nhint: ids are lower-kebab-case, like product-quality; see `crisis list`\n',
      );
      expect(r.code).toBe(2);
    },
  );
});
