/**
 * The CLI in-process: the built main() with fake streams, env and cwd
 * (test/helpers/in-process.ts). Fast, and it reaches what a child process
 * cannot fake, like a terminal on stdout or a write that throws.
 */
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { colorEnabled, resolveLang } from '../../src/cli/context.js';
import { FIXTURE_FILES } from '../helpers/fixtures.js';
import { captureStream, distMain, fakeDeps, runMain } from '../helpers/in-process.js';
import { stackLines } from '../helpers/run-cli.js';
import { tempDir, writeFiles } from '../helpers/temp.js';

const ESC = '\u001b';
let cwd: string;
beforeAll(() => {
  cwd = tempDir('crisis-inproc-');
  writeFiles(path.join(cwd, 'pb'), FIXTURE_FILES);
});

describe('main() with fake streams', () => {
  it('--version', async () => {
    const r = await runMain(['--version'], { cwd });
    expect(r).toMatchObject({ code: 0, stdout: expect.stringMatching(/^\d+\.\d+\.\d+\n$/), stderr: '' });
  });

  it('an unknown command is a usage error', async () => {
    const r = await runMain(['frob'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe("error: unknown command 'frob'");
    expect(r.stdout).toBe('');
  });

  it('list on a terminal is coloured; NO_COLOR, --no-color and TERM=dumb turn it off', async () => {
    const tty = { cwd, isTTY: true, columns: 120 };
    expect((await runMain(['list', '--playbooks', 'pb'], tty)).stdout).toContain(ESC);
    expect((await runMain(['list', '--playbooks', 'pb'], { ...tty, env: { NO_COLOR: '1' } })).stdout).not.toContain(
      ESC,
    );
    expect((await runMain(['--no-color', 'list', '--playbooks', 'pb'], tty)).stdout).not.toContain(ESC);
    expect((await runMain(['list', '--playbooks', 'pb'], { ...tty, env: { TERM: 'dumb' } })).stdout).not.toContain(ESC);
  });

  it('--json has no colour even on a terminal', async () => {
    const r = await runMain(['list', '--json', '--playbooks', 'pb'], { cwd, isTTY: true, env: { FORCE_COLOR: '1' } });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain(ESC);
    expect(() => JSON.parse(r.stdout) as unknown).not.toThrow();
  });

  it('the cwd comes from deps: ./playbooks is found there', async () => {
    const dir = tempDir('crisis-inproc-cwd-');
    writeFiles(path.join(dir, 'playbooks'), {
      'x.yaml': FIXTURE_FILES['strategies/media.yaml']!.replace('id: media', 'id: only-here'),
    });
    const r = await runMain(['list', '--kind', 'strategy'], { cwd: dir });
    expect(r.stdout).toMatch(/^ {2}only-here +Media relations +1 +playbooks$/m);
    expect((await runMain(['list', '--kind', 'strategy'], { cwd })).stdout).not.toContain('only-here');
  });

  it('an unexpected exception is an internal error: exit 70, a hint, no stack', async () => {
    const { main } = await distMain();
    const deps = fakeDeps({ cwd });
    deps.stdout = {
      ...captureStream(),
      write: () => {
        throw new Error('boom');
      },
    } as typeof deps.stdout;
    const code = await main(['list', '--playbooks', 'pb'], deps);
    expect(code).toBe(70);
    expect(deps.stderr.text()).toBe(
      'internal error: boom\nhint: this is a bug in crisis; run again with --debug and report the output\n',
    );
  });

  it('--debug adds the stack of an internal error', async () => {
    const { main } = await distMain();
    const deps = fakeDeps({ cwd });
    deps.stdout = {
      ...captureStream(),
      write: () => {
        throw new Error('boom');
      },
    } as typeof deps.stdout;
    expect(await main(['--debug', 'list', '--playbooks', 'pb'], deps)).toBe(70);
    expect(deps.stderr.text().split('\n')[0]).toBe('internal error: boom');
    expect(stackLines(deps.stderr.text()).length).toBeGreaterThan(0);
  });
});

describe('colorEnabled', () => {
  const tty = { write: () => true, isTTY: true };
  const pipe = { write: () => true, isTTY: false };
  it.each([
    ['a terminal', tty, {}, undefined, true],
    ['a pipe', pipe, {}, undefined, false],
    ['--no-color on a terminal', tty, {}, false, false],
    ['--no-color beats FORCE_COLOR', tty, { FORCE_COLOR: '1' }, false, false],
    ['NO_COLOR on a terminal', tty, { NO_COLOR: '1' }, undefined, false],
    ['NO_COLOR=0 still means no colour', tty, { NO_COLOR: '0' }, undefined, false],
    ['empty NO_COLOR is ignored', tty, { NO_COLOR: '' }, undefined, true],
    ['NO_COLOR beats FORCE_COLOR', pipe, { NO_COLOR: '1', FORCE_COLOR: '1' }, undefined, false],
    ['FORCE_COLOR on a pipe', pipe, { FORCE_COLOR: '1' }, undefined, true],
    ['FORCE_COLOR=0 on a terminal', tty, { FORCE_COLOR: '0' }, undefined, true],
    ['FORCE_COLOR=0 on a pipe', pipe, { FORCE_COLOR: '0' }, undefined, false],
    ['TERM=dumb on a terminal', tty, { TERM: 'dumb' }, undefined, false],
    ['FORCE_COLOR beats TERM=dumb', pipe, { TERM: 'dumb', FORCE_COLOR: '1' }, undefined, true],
  ] as Array<[string, { write(): boolean; isTTY: boolean }, NodeJS.ProcessEnv, boolean | undefined, boolean]>)(
    '%s -> %s',
    (_name, stream, env, flag, expected) => {
      expect(colorEnabled(stream, env, flag)).toBe(expected);
    },
  );
});

describe('resolveLang', () => {
  it.each([
    [undefined, {}, 'en'],
    ['zh', {}, 'zh'],
    ['en', { CRISIS_LANG: 'zh' }, 'en'],
    [undefined, { CRISIS_LANG: 'zh' }, 'zh'],
    [undefined, { CRISIS_LANG: 'zh', LANG: 'en_US.UTF-8' }, 'zh'],
    [undefined, { LANG: 'zh_CN.UTF-8' }, 'zh'],
    [undefined, { LANG: 'zh_TW.UTF-8' }, 'zh'],
    [undefined, { LANG: 'de_DE.UTF-8' }, 'en'],
    [undefined, { LC_ALL: 'zh_CN.UTF-8', LANG: 'en_US.UTF-8' }, 'zh'],
    [undefined, { LC_MESSAGES: 'zh_CN.UTF-8', LANG: 'en_US.UTF-8' }, 'zh'],
    [undefined, { CRISIS_LANG: '', LANG: 'zh_CN' }, 'zh'],
  ] as Array<[string | undefined, NodeJS.ProcessEnv, string]>)('--lang %s with %j -> %s', (flag, env, lang) => {
    expect(resolveLang(flag, env)).toBe(lang);
  });

  it.each([
    ['fr', {}, '--lang: unknown language "fr"'],
    [undefined, { CRISIS_LANG: 'EN' }, 'CRISIS_LANG: unknown language "EN"'],
  ] as Array<[string | undefined, NodeJS.ProcessEnv, string]>)(
    '--lang %s with %j is a usage error',
    (flag, env, message) => {
      expect(() => resolveLang(flag, env)).toThrow(expect.objectContaining({ message, exitCode: 2 }));
    },
  );
});
