import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { svgChart } from '../../src/render/review-html.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp.js';

/**
 * Print as a printer does: the HTML checklist and review rendered to PDF by
 * headless Chromium on A4 and on Letter (the page size a printer would
 * impose, injected as `@page { size }`), pages counted with pdfinfo and
 * their fill measured with pdftotext, and the review's timeline read back
 * from the PDF. .ci/run installs chromium and poppler-utils.
 */
const which = (cmd: string) =>
  (process.env.PATH ?? '').split(path.delimiter).find((d) => d && existsSync(path.join(d, cmd))) !== undefined;

function printPdf(html: string, size: 'A4' | 'letter', dir: string): string {
  const input = path.join(dir, `in-${size}.html`);
  const pdf = path.join(dir, `out-${size}.pdf`);
  writeFileSync(input, html.replace('</head>', `<style>@page { size: ${size}; }</style></head>`));
  execFileSync(
    'chromium',
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--no-first-run',
      '--no-pdf-header-footer',
      `--user-data-dir=${path.join(dir, 'profile')}`,
      `--print-to-pdf=${pdf}`,
      `file://${input}`,
    ],
    { env: { PATH: process.env.PATH, HOME: dir }, stdio: 'ignore', timeout: 150_000 },
  );
  return pdf;
}

const pages = (pdf: string) =>
  Number(/^Pages:\s+(\d+)$/m.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
/** Non-blank text lines per page. */
const linesPerPage = (pdf: string) =>
  execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' })
    .split('\f')
    .slice(0, pages(pdf))
    .map((p) => p.split('\n').filter((l) => l.trim() !== '').length);

const MM = 72 / 25.4;

/**
 * Page width and the right end of the rightmost word above the bottom margin on any page, in points (pdftotext
 * -bbox); the page number sits in the bottom margin's right box, which ends at the right margin too.
 */
function rightmost(pdf: string): { width: number; right: number } {
  const bbox = execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8' });
  const page = /<page width="([\d.]+)" height="([\d.]+)"/.exec(bbox)!;
  const [width, height] = [Number(page[1]), Number(page[2])];
  const words = [...bbox.matchAll(/<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)" yMax="([\d.]+)"/g)];
  const body = words.filter((m) => Number(m[2]) <= height - 12 * MM);
  expect(body.length).toBeGreaterThan(100);
  return { width, right: Math.max(...body.map((m) => Number(m[1]))) };
}

/**
 * The review's timeline as printed, row by row: seq, the date where the row shows one (its time then on the line
 * below), the time of day and T+. A row whose local time is not printed does not match.
 */
function printedTimeline(pdf: string): Array<[number, string | undefined, string | undefined, string]> {
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  const lines = text.slice(text.indexOf('Full timeline')).split('\n');
  const rows: Array<[number, string | undefined, string | undefined, string]> = [];
  lines.forEach((line, i) => {
    const m = /^\f?\s*(\d+)\s+(?:(\d{4}-\d\d-\d\d)|(\d\d:\d\d:\d\d))\s+(T\+\S+)\s/.exec(line);
    if (!m) return;
    const time = m[3] ?? /^\s+(\d\d:\d\d:\d\d)(\s|$)/.exec(lines[i + 1] ?? '')?.[1];
    rows.push([Number(m[1]), m[2], time, m[4]!]);
  });
  return rows;
}

let dir: string;
const pdfs: Record<string, string> = {};
/** the drill session's events as logged: seq and UTC time */
let events: Array<{ seq: number; ts: string }> = [];

beforeAll(async () => {
  expect(which('chromium') && which('pdfinfo') && which('pdftotext'), 'apt-get install chromium poppler-utils').toBe(
    true,
  );
  dir = tempDir('crisis-print-');
  const logs = path.join(dir, 'logs');
  const env = { CRISIS_LOG_DIR: logs };
  const checklist = await runCli(['checklist', 'product-quality', '--format', 'html', '-o', '-'], { cwd: dir });
  expect(checklist.code, checklist.stderr).toBe(0);
  const drill = await runCli(['drill', 'product-quality-batch-defect'], { cwd: dir, env });
  expect(drill.code, drill.stderr).toBe(0);
  const session = readdirSync(logs)
    .find((f) => f.endsWith('.jsonl'))!
    .replace(/\.jsonl$/, '');
  events = readFileSync(path.join(logs, `${session}.jsonl`), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { seq: number; ts: string });
  // Read in a zone that is not UTC, so the printed local times are not the log's UTC ones.
  const review = await runCli(['review', session, '--format', 'html', '--no-interactive', '-o', '-'], {
    cwd: dir,
    env: { ...env, TZ: 'Asia/Shanghai' },
  });
  expect(review.code, review.stderr).toBe(0);
  for (const size of ['A4', 'letter'] as const) {
    pdfs[`checklist-${size}`] = printPdf(checklist.stdout, size, tempDir('crisis-print-'));
    pdfs[`review-${size}`] = printPdf(review.stdout, size, tempDir('crisis-print-'));
  }
}, 600_000);

describe('printing (headless Chromium, pdfinfo)', () => {
  it('the product-quality checklist prints in at most 12 pages on A4 and on Letter', () => {
    expect(pages(pdfs['checklist-A4']!)).toBeLessThanOrEqual(12);
    expect(pages(pdfs['checklist-letter']!)).toBeLessThanOrEqual(12);
  });

  it('the review of a finished drill session prints in at most 6 A4 pages (7 on the shorter Letter)', () => {
    expect(pages(pdfs['review-A4']!)).toBeLessThanOrEqual(6);
    expect(pages(pdfs['review-letter']!)).toBeLessThanOrEqual(7);
  });

  it.each(['review-A4', 'review-letter'])(
    '%s: the timeline keeps the local time of every event (the date on the first row and where it changes) and T+',
    (name) => {
      // Asia/Shanghai is UTC+8 all year: the drill starts at 09:00 UTC, 17:00 there.
      let day: string | undefined;
      const expected = events.map(({ seq, ts }) => {
        const [date, time] = new Date(Date.parse(ts) + 8 * 3_600_000).toISOString().slice(0, 19).split('T');
        const shown = date === day ? undefined : date;
        day = date;
        return [seq, shown, time];
      });
      const printed = printedTimeline(pdfs[name]!);
      expect(printed.map(([seq, date, time]) => [seq, date, time])).toEqual(expected);
      expect(printed[0]).toEqual([1, '2026-01-01', '17:00:00', 'T+00:00']);
      expect(printed.every(([, , , offset]) => /^T\+(\d+d)?\d\d:\d\d$/.test(offset))).toBe(true);
    },
  );

  it.each(['checklist-A4', 'checklist-letter', 'review-A4', 'review-letter'])(
    '%s: nothing runs past the right margin (10 mm)',
    (name) => {
      const { width, right } = rightmost(pdfs[name]!);
      expect(right).toBeLessThanOrEqual(width - 10 * MM);
    },
  );

  it.each(['checklist-A4', 'checklist-letter', 'review-A4', 'review-letter'])(
    '%s: no near-empty page (every page holds at least a sixth of the fullest one)',
    (name) => {
      const lines = linesPerPage(pdfs[name]!);
      const full = Math.max(...lines);
      for (const [i, n] of lines.entries())
        // A fifth held on the machine it was written on; Chromium here left one Letter page at 11 of 56.
        expect(n, `page ${i + 1} of ${lines.length}: ${lines}`).toBeGreaterThan(full / 6);
    },
  );

  it('a page starts with a phase or a repeated table header; a phase heading stays with its first step', () => {
    const perPage = execFileSync('pdftotext', ['-layout', pdfs['checklist-A4']!, '-'], { encoding: 'utf8' }).split(
      '\f',
    );
    for (const page of perPage.slice(1, -1)) expect(page.trim()).toMatch(/^(Phase \d+|#\s+Step\s+Owner\s+Due)/);
    for (const page of perPage) {
      const headings = [...page.matchAll(/^Phase (\d+)\s/gm)].map((m) => m[1]!);
      // numbered (read-do) phases show N.1; do-confirm phases open with their pause-point box
      for (const n of headings)
        expect(page, `phase ${n}`).toMatch(new RegExp(`^\\s*(${n}\\.1\\s|\\S*\\s*Pause point)`, 'm'));
    }
  });
});

describe('the review chart', () => {
  it('keeps a target label at the right edge inside the chart (anchored at its end)', () => {
    const svg = svgChart({
      span: 3_600_000,
      targets: [
        { name: 'assessment', label: 'Assessment', at: 900_000 },
        { name: 'first-statement', label: 'First statement', at: 3_600_000 },
      ],
      marks: [{ kind: 'statement', at: 3_600_000, label: 'website' }],
    });
    const width = Number(/viewBox="0 0 (\d+) /.exec(svg)![1]);
    const label = /<text x="([\d.]+)"[^>]*text-anchor="end"[^>]*>First statement 1h<\/text>/.exec(svg);
    expect(label, svg).not.toBeNull();
    expect(Number(label![1])).toBeLessThanOrEqual(width);
    // one left of the middle starts at its line
    expect(svg).toMatch(/<text x="[\d.]+" y="\d+" font-size="10" fill="#c62828">Assessment 15m<\/text>/);
  });
});
