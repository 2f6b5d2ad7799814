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
}

/**
 * JUnit XML in the strict Ant/Jenkins shape (shared/junit/JUnit.xsd): one
 * testsuite per drill, one testcase per expectation, a failure that shows
 * expected vs actual and the evidence.
 */
export function renderJunit(drills: readonly DrillResult[], run: JunitRun): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', '<testsuites>'];
  drills.forEach((d, i) => {
    const failures = d.results.filter((r) => !r.ok).length;
    const time = (run.seconds[i] ?? 0).toFixed(3);
    out.push(
      `  <testsuite package="crisis.drills" id="${i}" name="${xml(d.drill)}" timestamp="${timestamp(run.ranAt)}"` +
        ` hostname="${xml(run.hostname)}" tests="${d.results.length}" failures="${failures}" errors="0"` +
        ` time="${time}">`,
    );
    out.push('    <properties>');
    for (const [name, value] of [
      ['playbook', d.playbook],
      ['severity', d.severity],
      ['session', d.session],
      ['log', run.logFiles[i] ?? ''],
    ] as const)
      out.push(`      <property name="${name}" value="${xml(value)}"/>`);
    out.push('    </properties>');
    for (const r of d.results) {
      const open = `    <testcase name="${xml(r.name)}" classname="drill.${xml(d.drill)}" time="0"`;
      if (r.ok) out.push(`${open}/>`);
      else {
        out.push(`${open}>`);
        const detail = [`expected: ${r.expected}`, `actual:   ${r.actual}`, ...r.evidence.map((e) => `  ${e}`)];
        out.push(
          `      <failure type="expectation" message="${xml(`expected ${r.expected}; actual ${r.actual}`)}">` +
            `${xml(detail.join('\n'))}</failure>`,
        );
        out.push('    </testcase>');
      }
    }
    const held = `session ${d.session}: ${d.results.length - failures} of ${d.results.length} expectations held`;
    out.push(`    <system-out>${xml(held)}</system-out>`);
    out.push('    <system-err></system-err>');
    out.push('  </testsuite>');
  });
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}
