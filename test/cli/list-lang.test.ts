import { describe, expect, it } from 'vitest';
import { runMain } from '../helpers/in-process.js';
import { tempDir } from '../helpers/temp.js';

/** `list --lang zh` says where a playbook comes from in Chinese: the SOURCE column read "built-in" on every row. */
const list = (args: string[]) => {
  const cwd = tempDir('crisis-list-lang-');
  return runMain(['list', '--kind', 'crisis', ...args], { cwd, env: { CRISIS_LOG_DIR: cwd, NO_COLOR: '1' } });
};

describe('crisis list, the source column', () => {
  it('Chinese: 内置, no English word left', async () => {
    const r = await list(['--lang', 'zh']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').slice(0, 3)).toEqual([
      '危机预案 (4)',
      '  ID                标题          步骤  来源',
      '  brand-image       品牌形象危机  63    内置',
    ]);
    expect(r.stdout).not.toContain('built-in');
  });

  it('English says built-in; --json keeps the value as found, in any language', async () => {
    expect((await list([])).stdout.split('\n')[2]).toBe('  brand-image       Brand image crisis       63     built-in');
    const json = JSON.parse((await list(['--lang', 'zh', '--json'])).stdout) as Array<{ source: string }>;
    expect(json.map((r) => r.source)).toEqual(['built-in', 'built-in', 'built-in', 'built-in']);
  });
});
