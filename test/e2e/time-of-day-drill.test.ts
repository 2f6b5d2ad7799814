/**
 * A drill script may give a time as the operator would type it, a bare `6:40`: that time on the day of the drill's
 * virtual clock, in the session's zone. A detection time later than the drill's now is refused, as it is live.
 * Needs `npm run build` first.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/paths.js';
import { cleanEnv, runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp.js';

const BUILT_IN = path.join(REPO_ROOT, 'playbooks', 'drills', 'cybersecurity-regulator-report.yaml');

/** The built-in report drill started at 2026-03-02T00:10Z, 08:10 in Shanghai, the company's zone; detected as given. */
async function drill(detected: string) {
  const dir = tempDir('crisis-tod-');
  const text = readFileSync(BUILT_IN, 'utf8')
    .replace("detected-at: '2026-03-02 08:10'", `detected-at: '${detected}'`)
    .replace('\nseverity: high\n', "\nseverity: high\nstart: '2026-03-02T00:10:00Z'\n")
    .replace('\nfacts:\n', '\nfacts:\n  org-time-zone: Asia/Shanghai\n');
  expect(text).toContain(`detected-at: '${detected}'`);
  const file = path.join(dir, 'd.yaml');
  writeFileSync(file, text);
  const env = cleanEnv(dir, { CRISIS_LOG_DIR: path.join(dir, 'logs') });
  const ran = await runCli(['drill', file], { cwd: dir, env });
  const log = /log: (.*\.jsonl)$/m.exec(ran.stdout)?.[1];
  return { ran, log: log ? readFileSync(log, 'utf8') : '' };
}

describe('a drill that gives the detection time as HH:MM', () => {
  it("records it on the virtual clock's day in the session zone, as the full local time", async () => {
    const { ran, log } = await drill('6:40');
    expect(ran.code, ran.stdout + ran.stderr).toBe(0);
    expect(ran.stdout).toContain('  ✓ every scripted response was accepted\n');
    expect(log).toContain('"detected-at":"2026-03-02 06:40"');
  }, 60_000);

  it("refuses one later than the drill's now, saying why", async () => {
    const { ran } = await drill('23:00');
    expect(ran.code).toBe(1);
    expect(ran.stdout).toContain(
      'responses[1] (done confirm-incident): detected-at: "23:00" is later than now (2026-03-02 09:00 in ' +
        'Asia/Shanghai): the time the incident was detected cannot be in the future.',
    );
  }, 60_000);
});
