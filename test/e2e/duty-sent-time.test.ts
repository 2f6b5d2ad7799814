/**
 * A regulator's report sent at T+3h but recorded as done at T+5h met its 4h deadline: the built CLI's drill,
 * review, status and status --json all say so, from the send time typed on the duty step
 * (cn-cyber-report-other-at). A local send time with no zone known is not placed: the recorded time judges, and
 * the review says why. Before, every one of them said the deadline was missed. Needs `npm run build` first.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/paths.js';
import { cleanEnv, runCli, type CliResult } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp.js';

const BUILT_IN = path.join(REPO_ROOT, 'playbooks', 'drills', 'cybersecurity-regulator-report.yaml');

/**
 * The built-in report drill with its report recorded at T+5h and `sent` typed as the time it was sent. It starts at
 * 2026-03-02T00:10Z, 08:10 in Asia/Shanghai, the company's time zone (org-time-zone) unless `zone` is false.
 */
function drillFile(dir: string, id: string, sent: string, zone: boolean, detected = '2026-03-02 08:10'): string {
  const text = readFileSync(BUILT_IN, 'utf8')
    .replace("detected-at: '2026-03-02 08:10'", `detected-at: '${detected}'`)
    .replace(/^id: cybersecurity-regulator-report$/m, `id: ${id}`)
    .replace('\nseverity: high\n', "\nseverity: high\nstart: '2026-03-02T00:10:00Z'\n")
    .replace('\nfacts:\n', zone ? '\nfacts:\n  org-time-zone: Asia/Shanghai\n' : '\nfacts:\n')
    .replace(
      '  - at: 130m\n    step: report-cn-cyber-report-other',
      '  - at: 5h\n    step: report-cn-cyber-report-other',
    )
    .replace("cn-cyber-report-other-at: '2026-03-02 10:20'", `cn-cyber-report-other-at: '${sent}'`);
  expect(text).toContain(`cn-cyber-report-other-at: '${sent}'`);
  expect(text).toContain('  - at: 5h\n    step: report-cn-cyber-report-other');
  expect(text).toContain("start: '2026-03-02T00:10:00Z'\n");
  expect(text.includes('  org-time-zone: Asia/Shanghai\n')).toBe(zone);
  const file = path.join(dir, `${id}.yaml`);
  writeFileSync(file, text);
  return file;
}

interface Run {
  drill: CliResult;
  review: CliResult;
  status?: CliResult;
  json?: CliResult;
}

async function run(
  id: string,
  sent: string,
  { zone = true, withStatus = false, detected = undefined as string | undefined } = {},
): Promise<Run> {
  const dir = tempDir('crisis-sent-');
  const env = cleanEnv(dir, { CRISIS_LOG_DIR: path.join(dir, 'logs') });
  const drill = await runCli(['drill', drillFile(dir, id, sent, zone, detected)], { cwd: dir, env });
  const session = /log: .*\/([^/]+)\.jsonl$/m.exec(drill.stdout)?.[1];
  expect(session, drill.stdout + drill.stderr).toBeDefined();
  const review = await runCli(['review', session!], { cwd: dir, env });
  if (!withStatus) return { drill, review };
  const status = await runCli(['status', session!], { cwd: dir, env });
  const json = await runCli(['status', session!, '--json'], { cwd: dir, env });
  return { drill, review, status, json };
}

const NAME = 'Report the incident to the provincial cyberspace office';
let sentEarlier: Run;
let sentLocal: Run;
let localNoZone: Run;
let detectedEarly: Run;
beforeAll(async () => {
  [sentEarlier, sentLocal, localNoZone, detectedEarly] = await Promise.all([
    // T+3h is 03:10Z, 11:10 in Shanghai; T+5h, when the step is recorded, 05:10Z.
    run('sent-before-recorded', '2026-03-02T03:10Z', { withStatus: true }),
    run('sent-local-in-zone', '2026-03-02 11:10'),
    run('sent-local-no-zone', '2026-03-02 11:10', { zone: false }),
    // detected at 06:40 in Shanghai, 90 minutes before the session started at 08:10: the 4h report was due at 10:40
    run('detected-before-start', '2026-03-02T03:10Z', { withStatus: true, detected: '2026-03-02 06:40' }),
  ]);
}, 120_000);

describe('a report sent at T+3h, recorded at T+5h, due within 4h', () => {
  it("the drill's before: 4h check holds", () => {
    const { drill } = sentEarlier;
    expect(drill.code, drill.stdout + drill.stderr).toBe(0);
    expect(drill.stdout).toContain('  ✓ report-cn-cyber-report-other done before 4h\n');
  });

  it('the review: sent T+03:00 (recorded T+05:00), ✓, and the step is not listed as late', () => {
    const { review } = sentEarlier;
    expect(review.code, review.stderr).toBe(0);
    expect(review.stdout).toContain(`| ${NAME} | 4h | sent T+03:00 (recorded T+05:00) | ✓ |`);
    expect(review.stdout).not.toContain('`report-cn-cyber-report-other`: due');
    expect(review.stdout).not.toContain('could not be placed');
  });

  it('status: met T+03:00, not overdue; --json: metAt is the send time, recordedAt the recording', () => {
    const { status, json } = sentEarlier;
    expect(status!.code, status!.stderr).toBe(0);
    expect(status!.stdout).toContain(`  target ${NAME}: due T+04:00, met T+03:00 (the time sent; recorded T+05:00)\n`);
    expect(json!.code, json!.stderr).toBe(0);
    const targets = (JSON.parse(json!.stdout) as { targets: Array<{ target: string }> }).targets;
    expect(targets.find((t) => t.target === 'duty-cn-cyber-report-other')).toEqual({
      target: 'duty-cn-cyber-report-other',
      deadline: '2026-03-02T04:10:00.000Z',
      metAt: '2026-03-02T03:10:00.000Z',
      recordedAt: '2026-03-02T05:10:00.000Z',
      overdue: false,
    });
  });
});

describe('a local send time', () => {
  it("is placed in the session's zone (org-time-zone, Asia/Shanghai): 11:10 there is T+3h, in time", () => {
    const { drill, review } = sentLocal;
    expect(drill.code, drill.stdout + drill.stderr).toBe(0);
    expect(drill.stdout).toContain('  ✓ report-cn-cyber-report-other done before 4h\n');
    expect(review.stdout).toContain(`| ${NAME} | 4h | sent T+03:00 (recorded T+05:00) | ✓ |`);
  });

  it('with no time zone known is not placed: the recorded T+5h judges, the drill fails its 4h check, and the review says why', () => {
    const { drill, review } = localNoZone;
    expect(drill.code, drill.stdout + drill.stderr).toBe(1);
    expect(drill.stdout).toContain('  ✗ report-cn-cyber-report-other done before 4h\n');
    expect(review.stdout).toContain(`| ${NAME} | 4h | 5h | ✗ |`);
    expect(review.stdout).toContain(
      `- ${NAME}: the send time typed, "2026-03-02 11:10", has no time zone and the session knows none (profile ` +
        'time-zone), so it could not be placed; the deadline is judged by the time the step was recorded. ' +
        // the detection time the drill typed has no zone either: the duties' clocks ran from the start, said once
        'Reporting duties: the detection time typed, "2026-03-02 08:10", has no time zone and the session knows ' +
        'none (profile time-zone), so it could not be placed; the reporting clock is counted from the start of the ' +
        'session.\n',
    );
    // said once for the two duties whose clocks it moved, not under each
    expect(review.stdout.split('the detection time typed').length - 1).toBe(1);
  });
});

describe('an incident detected 90 minutes before the session started', () => {
  it('status: the report is due T+02:30, counted from detection at T-01:30, and the report at T+03:00 is late', () => {
    const { status, json } = detectedEarly;
    expect(status!.code, status!.stderr).toBe(0);
    expect(status!.stdout).toContain(
      `  target ${NAME}: due T+02:30 (counted from detection at T-01:30), met T+03:00 (the time sent; recorded ` +
        'T+05:00) OVERDUE\n',
    );
    const targets = (JSON.parse(json!.stdout) as { targets: Array<{ target: string }> }).targets;
    expect(targets.find((t) => t.target === 'duty-cn-cyber-report-other')).toMatchObject({
      deadline: '2026-03-02T02:40:00.000Z',
      metAt: '2026-03-02T03:10:00.000Z',
      detectedAt: '2026-03-01T22:40:00.000Z',
      overdue: true,
    });
  });

  it('the review measures it from detection and lists it as late', () => {
    const { review } = detectedEarly;
    expect(review.stdout).toContain(`| ${NAME} | 4h from detection | sent T+03:00 (recorded T+05:00) | ✗ |`);
    expect(review.stdout).toContain('`report-cn-cyber-report-other`: due T+02:30');
  });
});
