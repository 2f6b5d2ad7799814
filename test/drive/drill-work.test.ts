import { readFileSync, readdirSync } from 'node:fs';
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
