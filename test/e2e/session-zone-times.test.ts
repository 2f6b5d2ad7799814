/**
 * Review, log and status show a session's times in the session's zone, as its step screen does: the
 * organisation's (org-time-zone, from the profile's `time-zone`) when it has one, labelled "(GMT+8)" on a machine
 * elsewhere; else the machine's. They used the machine's zone: the same Shanghai session read 00:10 in London and
 * 08:10 in Shanghai. `--json` keeps UTC. Needs `npm run build` first.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/paths.js';
import { cleanEnv, runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp.js';

const BUILT_IN = path.join(REPO_ROOT, 'playbooks', 'drills', 'cybersecurity-regulator-report.yaml');

let dir: string;
let env: NodeJS.ProcessEnv;
let session: string;

/** The report drill, started at 2026-03-02T00:10Z (08:10 in Shanghai), its company's zone Asia/Shanghai. */
beforeAll(async () => {
  dir = tempDir('crisis-zone-');
  env = cleanEnv(dir, { CRISIS_LOG_DIR: path.join(dir, 'logs') });
  const text = readFileSync(BUILT_IN, 'utf8')
    .replace('\nseverity: high\n', "\nseverity: high\nstart: '2026-03-02T00:10:00Z'\n")
    .replace('\nfacts:\n', '\nfacts:\n  org-time-zone: Asia/Shanghai\n');
  writeFileSync(path.join(dir, 'd.yaml'), text);
  const drill = await runCli(['drill', 'd.yaml'], { cwd: dir, env });
  expect(drill.code, drill.stdout + drill.stderr).toBe(0);
  session = /log: .*\/([^/]+)\.jsonl$/m.exec(drill.stdout)![1]!;
}, 60_000);

const inZone = (TZ: string, args: string[]) => runCli(args, { cwd: dir, env: { ...env, TZ } });

describe("a Shanghai company's session", () => {
  it.each([
    ['Europe/London', ' (GMT+8)'],
    ['Asia/Shanghai', ''],
  ])(
    'on a machine in %s reads 08:10, labelled when the zone is not the machine’s',
    async (tz, label) => {
      const [listing, status, log, review] = await Promise.all([
        inZone(tz, ['status', '--drills']),
        inZone(tz, ['status', session]),
        inZone(tz, ['log', session]),
        inZone(tz, ['review', session, '--no-interactive']),
      ]);
      expect(listing.stdout).toMatch(
        new RegExp(`  ${session}  cybersecurity  2026-03-02 08:10:00${label.replace(/[()+]/g, '\\$&')}  61/61`),
      );
      expect(status.stdout).toContain(`started 2026-03-02 08:10:00${label} by drill facilitator;`);
      expect(log.stdout.split('\n')[0]).toBe(
        `2026-03-02 08:10:00${label}  T+00:00  #1 started session [drill facilitator] started cybersecurity at severity ` +
          'high (drill cybersecurity-regulator-report)',
      );
      // a report always says whose time it is
      expect(review.stdout).toContain(
        '- Started 2026-03-02 08:10:00 (UTC+08:00), last event 2026-03-02 10:20:00 (2h10m), ended',
      );
    },
    60_000,
  );

  it('--json keeps UTC, wherever the machine is', async () => {
    const [london, shanghai] = await Promise.all([
      inZone('Europe/London', ['status', session, '--json']),
      inZone('Asia/Shanghai', ['status', session, '--json']),
    ]);
    expect(london.stdout).toBe(shanghai.stdout);
    expect(JSON.parse(london.stdout)).toMatchObject({ started: '2026-03-02T00:10:00.000Z' });
  }, 60_000);
});
