import { describe, expect, it } from 'vitest';
import { runMain } from '../helpers/in-process.js';
import { tempDir } from '../helpers/temp.js';
import { displayWidth } from '../../src/render/width.js';

/**
 * `list` at a terminal under 80 columns: the drills' table was 76 columns wide at 60 (their ids alone take 35), so
 * the terminal folded every row. There each playbook is an id line and an indented details line, as in `status`.
 */
const list = (args: string[], columns: number, isTTY = true) => {
  const cwd = tempDir('crisis-list-narrow-');
  return runMain(['list', ...args], { cwd, env: { CRISIS_LOG_DIR: cwd, NO_COLOR: '1' }, isTTY, columns });
};

describe('crisis list under 80 columns', () => {
  it('English: an id line, then the title, step count and source aligned, every line within 60 columns', async () => {
    const r = await list(['--kind', 'strategy'], 60);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.slice(0, 9)).toEqual([
      'Strategies (7)',
      '  media',
      '    Work with the press                    5 steps  built-in',
      '  multi-channel',
      '    Communicate and engage on every chan…  8 steps  built-in',
      '  response-plan',
      '    Activate and adapt the crisis respon…  9 steps  built-in',
      '  severity-rating',
      '    Rate the severity and choose the pos…  1 step   built-in',
    ]);
    expect(r.stdout).not.toContain('TITLE');
    const drills = await list(['--kind', 'drill'], 60);
    expect(drills.stdout).toContain(
      '  customer-service-ignored-complaints\n    Case study: ignored complaints go v…  25 steps  built-in\n',
    );
    for (const line of drills.stdout.split('\n')) expect(displayWidth(line)).toBeLessThanOrEqual(60);
  });

  it('Chinese: the same layout, titles aligned by display width', async () => {
    const r = await list(['--kind', 'drill', '--lang', 'zh'], 60);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.slice(0, 5)).toEqual([
      '演练 (10)',
      '  brand-image-production-expose',
      '    案例演练：生产内幕遭网络曝光                 24 步  内置',
      '  customer-service-ignored-complaints',
      '    案例演练：投诉无人理睬，在网上发酵           25 步  内置',
    ]);
    expect(lines).toContain('    演练：一名客服的通话录音走红后致全体员工的…  12 步  内置');
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(60);
  });

  it('keeps the table at 80 columns and when piped, and --json as it was', async () => {
    const header = /^ {2}ID {35}TITLE +STEPS {2}SOURCE$/;
    expect((await list(['--kind', 'drill'], 80)).stdout.split('\n')[1]).toMatch(header);
    expect((await list(['--kind', 'drill'], 60, false)).stdout.split('\n')[1]).toMatch(header);
    const json = JSON.parse((await list(['--kind', 'strategy', '--json'], 60)).stdout) as Array<{ id: string }>;
    expect(json[0]).toMatchObject({ id: 'media', kind: 'strategy', steps: 5, source: 'built-in' });
  });
});
