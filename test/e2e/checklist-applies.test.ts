/**
 * `crisis checklist --session` printed every step of the plan, also those whose `when` does not hold on the
 * session's facts, as open boxes: a step the session had ruled out (no safety risk, so no recall) read as work still
 * to do. The checklist now leaves out a step whose condition is false on the session's facts, as `status` and `review`
 * do, in every format, and lists it once its condition holds. A step whose fact is not recorded yet stays on paper,
 * open, with its condition (test/e2e/checklist-progress.test.ts): it may still come.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SESSION_FILES } from '../helpers/fixtures.js';
import { runMain } from '../helpers/in-process.js';
import { Harness, SESSION_ID } from '../helpers/session-plan.js';
import { tempDir, writeFiles } from '../helpers/temp.js';

/** sess-crisis (medium): recall applies only when safety-risk is true. */
function sessionWith(safetyRisk: boolean): string {
  const cwd = tempDir('crisis-checklist-applies-');
  writeFiles(cwd, Object.fromEntries(Object.entries(SESSION_FILES).map(([k, v]) => [`pb/${k}`, v])));
  const h = Harness.started();
  h.after(2).act({
    type: 'complete',
    step: 'confirm',
    inputs: { 'affected-batches': 'B12', 'safety-risk': safetyRisk },
  });
  h.act({ type: 'pause' });
  mkdirSync(path.join(cwd, 'logs'));
  writeFileSync(path.join(cwd, 'logs', `${SESSION_ID}.jsonl`), h.store.lines().join('\n') + '\n');
  return cwd;
}

let noRisk: string;
let risk: string;

beforeAll(() => {
  noRisk = sessionWith(false);
  risk = sessionWith(true);
});

async function run(cwd: string, ...args: string[]) {
  return runMain(['--playbooks', 'pb', '--log-dir', 'logs', ...args], { cwd, env: { TZ: 'UTC' } });
}

async function checklist(cwd: string, ...args: string[]): Promise<string> {
  const r = await run(cwd, 'checklist', '--session', SESSION_ID, ...args);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

type Json = { phases: Array<{ number: number; items: Array<{ id: string; number: string; status: string }> }> };
const items = (json: string) => (JSON.parse(json) as Json).phases.flatMap((p) => p.items.map((i) => [i.number, i.id]));

describe('checklist --session: steps that do not apply to the session', () => {
  it('Markdown: the ruled-out step is not an open box; the others keep their numbers', async () => {
    const md = await checklist(noRisk);
    expect(md).not.toContain('Recall the batches');
    const boxes = md.split('\n').filter((l) => l.startsWith('- ['));
    expect(boxes).toEqual([
      '- [x] **1.1 Confirm the defect** — owner: Quality lead · due: T+30m (Assessment)',
      '- [ ] **2.1 Name the leads** — owner: Incident lead',
      '- [ ] **3.2 Decide on an apology** — owner: Incident lead',
      '- [ ] **4.1 Publish the holding statement** — owner: Spokesperson · due: T+1h (First statement)',
      '- [ ] **4.2 Post a quick update** — owner: Spokesperson',
    ]);
  });

  it('JSON, HTML and the role cards leave it out too', async () => {
    expect(items(await checklist(noRisk, '--format', 'json'))).toEqual([
      ['1.1', 'confirm'],
      ['2.1', 'name-leads'],
      ['3.2', 'apology'],
      ['4.1', 'holding-statement'],
      ['4.2', 'quick-post'],
    ]);
    expect(await checklist(noRisk, '--format', 'html')).not.toContain('Recall the batches');
    const card = await checklist(noRisk, '--cards', '--role', 'quality-lead');
    expect(card.split('\n').filter((l) => l.startsWith('- ['))).toEqual([
      '- [x] **1.1 Confirm the defect** · T+30m (Assessment)',
    ]);
  });

  it('the checklist counts what status counts', async () => {
    const status = await run(noRisk, 'status', SESSION_ID);
    expect(status.stdout).toContain('progress: 1/5 steps done or skipped');
    expect(items(await checklist(noRisk, '--format', 'json'))).toHaveLength(5);
  });

  it('a step whose condition holds is listed, open, with its condition', async () => {
    const md = await checklist(risk);
    expect(md).toContain('- [ ] **3.1 Recall the batches** — owner: Quality lead\\\n  *only if “Safety risk?” is yes*');
    expect(items(await checklist(risk, '--format', 'json'))).toContainEqual(['3.1', 'recall']);
  });
});
