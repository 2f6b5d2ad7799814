import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { distMain, fakeDeps } from '../helpers/in-process.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { isTimeZone } from '../../src/playbook/profile.js';

/**
 * Work a drill run must not repeat per step or per drill (issue 17: 100 drills went from 4.3 to 6.6 s of CPU when
 * every step screen built an Intl.DateTimeFormat to check the session's zone). Counted, not timed.
 */
const RealFormat = Intl.DateTimeFormat;
afterEach(() => {
  Intl.DateTimeFormat = RealFormat;
});

/** Counts every Intl.DateTimeFormat built while it is installed, with or without `new`. */
function countFormats(): { made: number } {
  const count = { made: 0 };
  Intl.DateTimeFormat = new Proxy(RealFormat, {
    construct(target, args: unknown[], newTarget: new (...a: never[]) => unknown) {
      count.made++;
      return Reflect.construct(target, args, newTarget) as object;
    },
    apply(target, self, args: unknown[]) {
      count.made++;
      return Reflect.apply(target, self, args) as object;
    },
  });
  return count;
}

const BATCH_DEFECT = path.join(REPO_ROOT, 'playbooks', 'drills', 'product-quality-batch-defect.yaml');

function logEvents(dir: string): { type: string; data: { planHash?: string; severity?: string } }[][] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .map((f) =>
      readFileSync(path.join(dir, f), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { type: string; data: { planHash?: string; severity?: string } }),
    );
}

describe('crisis drill: work per step and per drill', () => {
  it('builds a handful of date formatters for a whole drill, not one per step screen', async () => {
    const { main } = await distMain();
    const deps = fakeDeps({ env: { TZ: 'Asia/Shanghai' } });
    const logs = path.join(deps.cwd, 'logs');
    const count = countFormats();
    const code = await main(['--log-dir', logs, 'drill', BATCH_DEFECT], deps);
    expect(deps.stdout.text()).toContain('✓');
    expect(code).toBe(0);
    const [events] = logEvents(logs);
    const screens = events!.filter((e) => e.type.startsWith('step.')).length;
    // Every step event followed a step screen; before the fix each of them built at least one formatter.
    expect(screens).toBeGreaterThan(20);
    expect(count.made).toBeLessThanOrEqual(4);
  });
});

describe('crisis drill DIR: one plan per playbook and severity', () => {
  it('runs drills of one playbook on one plan and composes another for another severity', async () => {
    const { main } = await distMain();
    const deps = fakeDeps();
    const dir = path.join(deps.cwd, 'drills');
    mkdirSync(dir);
    const source = readFileSync(BATCH_DEFECT, 'utf8');
    for (const [id, severity] of [
      ['copy-a', 'high'],
      ['copy-b', 'high'],
      ['copy-c', 'critical'],
    ] as const)
      writeFileSync(
        path.join(dir, `${id}.yaml`),
        source.replace(/^id: .*$/m, `id: ${id}`).replace(/^severity: .*$/m, `severity: ${severity}`),
      );
    const logs = path.join(deps.cwd, 'logs');
    const code = await main(['--log-dir', logs, 'drill', dir], deps);
    expect(deps.stderr.text()).toBe('');
    expect([0, 1]).toContain(code);
    const starts = logEvents(logs).map((events) => events[0]!.data);
    expect(starts.map((d) => d.severity).sort()).toEqual(['critical', 'high', 'high']);
    const high = starts.filter((d) => d.severity === 'high').map((d) => d.planHash);
    const critical = starts.find((d) => d.severity === 'critical')!.planHash;
    expect(high[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(high[1]).toBe(high[0]);
    expect(critical).not.toBe(high[0]);
    // The same as a run of that drill alone, where nothing is shared.
    const alone = fakeDeps();
    const aloneLogs = path.join(alone.cwd, 'logs');
    await main(['--log-dir', aloneLogs, 'drill', path.join(dir, 'copy-c.yaml')], alone);
    expect(logEvents(aloneLogs)[0]![0]!.data.planHash).toBe(critical);
    // Each drill still leaves its summary beside its log.
    expect(readdirSync(logs).filter((f) => f.endsWith('.summary.json'))).toHaveLength(3);
  });
});

describe('crisis drill DIR: a plan checked once is still checked for each drill', () => {
  it('reports the drill that names a missing step, and runs its twin on the same plan', async () => {
    const { main } = await distMain();
    const deps = fakeDeps();
    const dir = path.join(deps.cwd, 'drills');
    mkdirSync(dir);
    const source = readFileSync(BATCH_DEFECT, 'utf8');
    writeFileSync(path.join(dir, 'good.yaml'), source.replace(/^id: .*$/m, 'id: good'));
    writeFileSync(
      path.join(dir, 'typo.yaml'),
      source.replace(/^id: .*$/m, 'id: typo').replace('step: tf-name-leads', 'step: tf-name-leadz'),
    );
    const logs = path.join(deps.cwd, 'logs');
    const code = await main(['--log-dir', logs, 'drill', dir], deps);
    expect(code).toBe(2);
    expect(deps.stderr.text()).toContain('responses[0].step: no step "tf-name-leadz" in plan product-quality');
    expect(deps.stderr.text()).not.toContain('good.yaml');
    expect(deps.stdout.text()).toContain('good');
    expect(logEvents(logs)).toHaveLength(1);
  });
});

describe('isTimeZone, answered once per name', () => {
  it('gives the same answer when asked again, for a known zone and an unknown one', () => {
    const count = countFormats();
    for (let i = 0; i < 3; i++) {
      expect(isTimeZone('Europe/London')).toBe(true);
      expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
    }
    expect(count.made).toBe(2);
  });
});
