import type { DrillResult } from '../session/drill-result.js';
import { sanitizeText } from '../text/sanitize.js';

const xml = (s: string) =>
  sanitizeText(s)
    .replace(/\uFFFD/g, '?')
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

/** The schema wants a timestamp without a time zone: UTC, said in the README. */
const timestamp = (ms: number) => new Date(ms).toISOString().slice(0, 19);

export interface JunitRun {
  hostname: string;
  /** wall-clock time the run started, ms */
  ranAt: number;
  /** wall-clock seconds each drill took */
  seconds: number[];
  logFiles: string[];
  /** drill files that could not be read or are invalid: each becomes a suite with one <error> case */
  errors?: readonly DrillFileError[];
}

/** A drill file that did not run: where it is and every problem found in it. */
export interface DrillFileError {
  /** the file as the user gave or found it */
  file: string;
  /** the drill id if it could be read, else the file name without extension */
  name: string;
  problems: string[];
}

const seconds = (ms: number) => (Math.max(0, ms) / 1000).toFixed(3);

/**
 * JUnit XML in the strict Ant/Jenkins shape (test/fixtures/junit/JUnit.xsd):
 * one testsuite per drill, one testcase per expectation, a failure that shows
 * expected vs actual and the evidence; a drill file that could not run is a
 * suite with one <error> case, so CI shows it beside the drills that ran.
 * `<testsuites>` carries the totals (tests, failures, errors, time) that
 * GitLab, Jenkins and junitparser read; the Ant schema predates them and is
 * otherwise met exactly. A case's `time` is virtual: seconds on the drill's
 * clock from its start until the case's evidence was complete
 * (ExpectationResult.settledAt); a suite's `time` is the wall time it took.
 */
export function renderJunit(drills: readonly DrillResult[], run: JunitRun): string {
  const errors = run.errors ?? [];
  const suites: string[] = [];
  const stamp = timestamp(run.ranAt);
  drills.forEach((d, i) => {
    const failures = d.results.filter((r) => !r.ok).length;
    suites.push(
      `  <testsuite package="crisis.drills" id="${i}" name="${xml(d.drill)}" timestamp="${stamp}" hostname="${xml(run.hostname)}" tests="${d.results.length}" failures="${failures}" errors="0" time="${(run.seconds[i] ?? 0).toFixed(3)}">`,
    );
    suites.push('    <properties>');
    for (const [name, value] of [
      ['playbook', d.playbook],
      ['severity', d.severity],
      ['session', d.session],
      ['log', run.logFiles[i] ?? ''],
    ] as const)
      suites.push(`      <property name="${name}" value="${xml(value)}"/>`);
    suites.push('    </properties>');
    for (const r of d.results) {
      const open = `    <testcase name="${xml(r.name)}" classname="drill.${xml(d.drill)}" time="${seconds(r.settledAt - d.startedAt)}"`;
      if (r.ok) suites.push(`${open}/>`);
      else {
        suites.push(`${open}>`);
        suites.push(
          `      <failure type="expectation" message="${xml(`expected ${r.expected}; actual ${r.actual}`)}">${xml([`expected: ${r.expected}`, `actual:   ${r.actual}`, ...r.evidence.map((e) => `  ${e}`)].join('\n'))}</failure>`,
        );
        suites.push('    </testcase>');
      }
    }
    suites.push(
      `    <system-out>${xml(`session ${d.session}: ${d.results.length - failures} of ${d.results.length} expectations held`)}</system-out>`,
    );
    suites.push('    <system-err></system-err>');
    suites.push('  </testsuite>');
  });
  errors.forEach((e, j) => {
    suites.push(
      `  <testsuite package="crisis.drills" id="${drills.length + j}" name="${xml(e.name)}" timestamp="${stamp}" hostname="${xml(run.hostname)}" tests="1" failures="0" errors="1" time="0.000">`,
    );
    suites.push('    <properties>');
    suites.push(`      <property name="file" value="${xml(e.file)}"/>`);
    suites.push('    </properties>');
    suites.push(`    <testcase name="the drill file is valid" classname="drill.${xml(e.name)}" time="0.000">`);
    suites.push(
      `      <error type="drill.invalid" message="${xml(e.problems[0] ?? 'invalid drill file')}">${xml(e.problems.join('\n'))}</error>`,
    );
    suites.push('    </testcase>');
    suites.push(`    <system-out></system-out>`);
    suites.push(`    <system-err>${xml(e.problems.join('\n'))}</system-err>`);
    suites.push('  </testsuite>');
  });
  const tests = drills.reduce((n, d) => n + d.results.length, 0) + errors.length;
  const failures = drills.reduce((n, d) => n + d.results.filter((r) => !r.ok).length, 0);
  const time = run.seconds.reduce((a, b) => a + b, 0).toFixed(3);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="crisis drills" tests="${tests}" failures="${failures}" errors="${errors.length}" time="${time}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
