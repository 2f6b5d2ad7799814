/**
 * A regulator report (a duty's written report: a statement step with inputs for its sections) could not be given its
 * inputs in an answers file: `done` with `inputs` was refused before the run ("is a statement; it records no
 * inputs"), and `statement` with `inputs` dropped them, so the report stayed incomplete and was never issued. Now
 * `inputs` on a statement step give the facts its text is filled from, checked up front like any other input, and
 * the run records them in a draft before the issue, as the statement screen's Fill does.
 */
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain } from '../helpers/in-process.js';
import { readLoggedEvents } from '../helpers/log-events.js';
import { tempDir, writeFiles } from '../helpers/temp.js';

const REPORT = 'regulator-report-cn-cyber-incident';

const HEAD = `operator: alice
unlisted: skip
responses:
  - step: tf-name-leads
    action: done
    inputs: { incident-lead-name: Zhou Yan, spokesperson-name: Xu Li, security-name: Han Bo, legal-name: Gao Min }
  - step: confirm-incident
    action: done
    inputs:
      incident-kind: malware
      key-message: Ransomware encrypted our booking system.
      detected-at: '2026-03-02 08:10'
      cn-incident-grade: relatively-major
      operator-type: other
      systems-affected: The booking system
      personal-data-involved: true
      data-categories: names
      users-affected: 30000
  - { step: ${REPORT}, action: approve, by: Zhou Yan }
`;

/** The report's own sections, and the facts its text names that no earlier response gave. */
const REPORT_INPUTS = `    inputs:
      cyber-report-outlook: Offline for about two days.
      cyber-report-cause: Under investigation; a contractor VPN account without two-factor log-in.
      cyber-report-next: Restore from backup; we ask the police to trace the ransom wallet.
      cyber-report-evidence: Servers imaged, ransom note kept.
      containment-actions: Took the booking system offline.
      org-company: Lakeside Travel Ltd.
      org-email: legal@lakeside.example
`;

async function start(answers: string) {
  const cwd = tempDir('crisis-answers-report-');
  writeFiles(cwd, { 'a.yaml': answers });
  const logDir = path.join(cwd, 'logs');
  const r = await runMain(['start', 'cybersecurity', '--jurisdiction', 'cn', '--answers', 'a.yaml'], {
    cwd,
    env: { CRISIS_LOG_DIR: logDir, TZ: 'UTC' },
  });
  const logs = existsSync(logDir) ? readdirSync(logDir).filter((f) => f.endsWith('.jsonl')) : [];
  const events = logs.length === 1 ? readLoggedEvents(path.join(logDir, logs[0]!)) : [];
  return { ...r, logDir, logs, events };
}

describe('answers: the inputs of a regulator report', () => {
  it.each(['done', 'statement'])('%s with inputs records them in a draft, then issues the filled report', async (a) => {
    const r = await start(`${HEAD}  - step: ${REPORT}\n    action: ${a}\n${REPORT_INPUTS}`);
    expect(r.code, r.stderr).toBe(0);
    const onReport = r.events.filter((e) => e.step === REPORT).map((e) => e.type);
    expect(onReport).toEqual(['statement.approved', 'statement.drafted', 'statement.issued']);
    const drafted = r.events.find((e) => e.type === 'statement.drafted')!;
    expect(drafted.data.facts).toEqual({
      'cyber-report-outlook': 'Offline for about two days.',
      'cyber-report-cause': 'Under investigation; a contractor VPN account without two-factor log-in.',
      'cyber-report-next': 'Restore from backup; we ask the police to trace the ransom wallet.',
      'cyber-report-evidence': 'Servers imaged, ransom note kept.',
      'containment-actions': 'Took the booking system offline.',
      'org-company': 'Lakeside Travel Ltd.',
      'org-email': 'legal@lakeside.example',
    });
    const issued = r.events.find((e) => e.type === 'statement.issued')!;
    // What was drafted is what went out, with no hole left and no override.
    expect(issued.data.channels).toEqual(drafted.data.channels);
    expect(issued.data).not.toHaveProperty('override');
    const text = issued.data.channels!['regulator']!;
    expect(text).toContain('3. How it may develop, and the further harm it may cause\nOffline for about two days.');
    expect(text).toContain('6. Protection of the incident scene\nServers imaged, ransom note kept.');
    expect(text).toContain('Grade as we assess it: Relatively major.');
    expect(text).not.toMatch(/\[[a-z-]+\]/);
    expect(r.events.at(-1)!.type).toBe('session.ended');
  });

  it('a fact given with the report is taken as its type says, and fills the text as a recorded one', async () => {
    const r = await start(
      `${HEAD}  - step: ${REPORT}\n    action: done\n${REPORT_INPUTS}      detected-at: 2026-03-02 07:55\n` +
        "      users-affected: '31000'\n",
    );
    expect(r.code, r.stderr).toBe(0);
    const drafted = r.events.find((e) => e.type === 'statement.drafted')!;
    expect(drafted.data.facts).toMatchObject({ 'detected-at': '2026-03-02 07:55', 'users-affected': 31000 });
    const text = r.events.find((e) => e.type === 'statement.issued')!.data.channels!['regulator']!;
    expect(text).toContain('Discovered: 2 March 2026, 07:55.');
    expect(text).toContain('Users affected: an estimated 31000 users');
  });

  it('without them the report is still refused as incomplete (nothing invented)', async () => {
    const r = await start(`${HEAD}  - { step: ${REPORT}, action: done }\n`);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`statement "${REPORT}" is incomplete: [org-company], [containment-actions]`);
    expect(r.events.filter((e) => e.step === REPORT).map((e) => e.type)).toEqual(['statement.approved']);
  });

  it('an input the report does not take, or of the wrong type, is found before any session exists', async () => {
    const r = await start(
      `${HEAD}  - step: ${REPORT}\n    action: done\n    inputs: { cyber-report-mood: calm, detected-at: yesterday }\n`,
    );
    expect(r.code).toBe(2);
    expect(r.logs).toEqual([]);
    expect(r.stderr).toContain(
      `a.yaml:22:34: error: responses[3].inputs.cyber-report-mood: step "${REPORT}" records no input ` +
        '"cyber-report-mood" (inputs: cyber-report-outlook, cyber-report-cause, cyber-report-next, ' +
        'cyber-report-evidence, org-company, systems-affected, detected-at, incident-kind, cn-incident-grade, ' +
        'key-message, data-categories, users-affected, containment-actions, signer-legal, signer-legal-title, ' +
        'org-email, statement-date) [answers.unknown-input]\n',
    );
    expect(r.stderr).toContain(
      'a.yaml:22:53: error: responses[3].inputs.detected-at: expected a time as HH:MM (today) or YYYY-MM-DD HH:MM, ' +
        'optionally with a zone (Z, +08:00), got "yesterday" [answers.input-type]\n',
    );
    expect(r.stderr).toContain('error: --answers a.yaml: 2 problems; no session was changed or created');
  });

  it('a statement whose text names no fact still takes none', async () => {
    const cwd = tempDir('crisis-answers-report-plain-');
    writeFiles(cwd, {
      'pb/crises/plain.yaml': `id: plain
kind: crisis
title: Plain
phases:
  - id: p
    title: P
    steps:
      - id: say-it
        title: Say it
        statement: { website: "We are on it." }
`,
      'a.yaml': 'responses:\n  - { step: say-it, action: done, inputs: { mood: calm } }\n',
    });
    const r = await runMain(['--playbooks', 'pb', 'start', 'plain', '--answers', 'a.yaml'], {
      cwd,
      env: { CRISIS_LOG_DIR: path.join(cwd, 'logs') },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'a.yaml:2:43: error: responses[0]: "say-it" is a statement whose text names no fact; it takes no inputs',
    );
    expect(existsSync(path.join(cwd, 'logs')) ? readdirSync(path.join(cwd, 'logs')) : []).toEqual([]);
  });
});
