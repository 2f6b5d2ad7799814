import type { DrillResult } from '../session/drill-result.js';
import { sanitizeText } from '../text/sanitize.js';

/**
 * Text as XML 1.0 may hold it: terminal controls go (sanitizeText), and what XML has no character for at all,
 * not even as a reference (U+FFFE, U+FFFF, a surrogate without its pair), becomes "?" like a stripped control;
 * one such character made the whole report unreadable to a CI server.
 */
const NOT_XML = /[\uFFFD\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const xml = (s: string) =>
  sanitizeText(s)
    .replace(NOT_XML, '?')
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
  const suites = [
    ...drills.flatMap((d, i) => drillSuite(d, i, run)),
    ...errors.flatMap((e, j) => errorSuite(e, drills.length + j, run)),
  ];
  const totals = attrs({
    name: 'crisis drills',
    tests: drills.reduce((n, d) => n + d.results.length, 0) + errors.length,
    failures: drills.reduce((n, d) => n + d.results.filter((r) => !r.ok).length, 0),
    errors: errors.length,
    time: run.seconds.reduce((a, b) => a + b, 0).toFixed(3),
  });
  return ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites ${totals}>`, ...suites, '</testsuites>', ''].join(
    '\n',
  );
}

/** `name="value"` pairs, escaped, in the order given. */
const attrs = (pairs: Record<string, string | number>) =>
  Object.entries(pairs)
    .map(([k, v]) => `${k}="${xml(String(v))}"`)
    .join(' ');

function suiteOpen(id: number, name: string, run: JunitRun, counts: Record<string, string | number>): string {
  const head = { package: 'crisis.drills', id, name, timestamp: timestamp(run.ranAt), hostname: run.hostname };
  return `  <testsuite ${attrs({ ...head, ...counts })}>`;
}

function drillSuite(d: DrillResult, i: number, run: JunitRun): string[] {
  const failures = d.results.filter((r) => !r.ok).length;
  const out = [
    suiteOpen(i, d.drill, run, {
      tests: d.results.length,
      failures,
      errors: 0,
      time: (run.seconds[i] ?? 0).toFixed(3),
    }),
    '    <properties>',
  ];
  const properties = { playbook: d.playbook, severity: d.severity, session: d.session, log: run.logFiles[i] ?? '' };
  for (const [name, value] of Object.entries(properties)) out.push(`      <property ${attrs({ name, value })}/>`);
  out.push('    </properties>');
  for (const r of d.results) {
    const time = seconds(r.settledAt - d.startedAt);
    const open = `    <testcase ${attrs({ name: r.name, classname: `drill.${d.drill}`, time })}`;
    if (r.ok) {
      out.push(`${open}/>`);
      continue;
    }
    const detail = [`expected: ${r.expected}`, `actual:   ${r.actual}`, ...r.evidence.map((e) => `  ${e}`)];
    const message = attrs({ type: 'expectation', message: `expected ${r.expected}; actual ${r.actual}` });
    out.push(`${open}>`, `      <failure ${message}>${xml(detail.join('\n'))}</failure>`, '    </testcase>');
  }
  const held = `session ${d.session}: ${d.results.length - failures} of ${d.results.length} expectations held`;
  out.push(`    <system-out>${xml(held)}</system-out>`, '    <system-err></system-err>', '  </testsuite>');
  return out;
}

function errorSuite(e: DrillFileError, id: number, run: JunitRun): string[] {
  const problems = xml(e.problems.join('\n'));
  const error = attrs({ type: 'drill.invalid', message: e.problems[0] ?? 'invalid drill file' });
  return [
    suiteOpen(id, e.name, run, { tests: 1, failures: 0, errors: 1, time: '0.000' }),
    '    <properties>',
    `      <property ${attrs({ name: 'file', value: e.file })}/>`,
    '    </properties>',
    `    <testcase ${attrs({ name: 'the drill file is valid', classname: `drill.${e.name}`, time: '0.000' })}>`,
    `      <error ${error}>${problems}</error>`,
    '    </testcase>',
    '    <system-out></system-out>',
    `    <system-err>${problems}</system-err>`,
    '  </testsuite>',
  ];
}
