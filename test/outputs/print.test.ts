import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { svgChart } from '../../src/render/review-html.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp.js';

/**
 * Print as a printer does: the HTML checklist and review rendered to PDF by
 * headless Chromium on A4 and on Letter (the page size a printer would
 * impose, injected as `@page { size }`), pages counted with pdfinfo and
 * their fill measured with pdftotext. .ci/run installs chromium and
 * poppler-utils.
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

let dir: string;
const pdfs: Record<string, string> = {};

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
  const review = await runCli(['review', session, '--format', 'html', '--no-interactive', '-o', '-'], {
    cwd: dir,
    env,
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
