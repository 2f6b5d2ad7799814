import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { distMain, fakeDeps } from '../helpers/in-process.js';

/**
 * Branching injects: an inject with `when` fires at its time only if its
 * condition (a fact, the severity, or a recorded decision) holds then; if not,
 * it never fires, and the facts it would reveal stay unrecorded.
 */
describe('crisis drill: branching injects', () => {
  it('fires the injects whose `when` holds at their time, and only those', async () => {
    const { main } = await distMain();
    const deps = fakeDeps();
    writeFileSync(
      path.join(deps.cwd, 'branching.yaml'),
      `id: branching
kind: drill
title: Branching
playbook: product-quality
unlisted: skip
injects:
  - { at: 0m, message: "Complaints about batch 11B" }
  - at: 1h
    message: "Distributors ask when the recall starts"
    when: { decision: [recall, 召回] }
    facts: { defect-confirmed: true }
  - at: 2h
    message: "Never: the team decided no refund"
    when: { decision: refund }
  - at: 3h
    message: "The lab confirms the risk"
    when: { fact: defect-confirmed, equals: true }
  - at: 4h
    message: "Never: safety risk was not recorded"
    when: { fact: safety-risk, equals: true }
    facts: { harm-reported: true }
  - at: 5h
    message: "A critical-only escalation never comes at high"
    when: { severity-at-least: critical }
responses:
  - { at: 30m, action: decision, text: "Recall batch 11B", by: CEO }
  - { at: 6h, action: note, text: "End of exercise" }
expect:
  - decision: { contains: recall, by: 1h }
  - fact: { id: defect-confirmed, equals: true }
`,
    );
    const logDir = path.join(deps.cwd, 'logs');
    const code = await main(['--log-dir', logDir, 'drill', 'branching.yaml'], deps);
    const out = deps.stdout.text();
    expect(out).toContain('✓ decision "recall" recorded by 1h');
    expect(out).toContain('✓ fact defect-confirmed = true');
    expect(code).toBe(0);
    const file = readdirSync(logDir).find((f) => f.endsWith('.jsonl'))!;
    const events = readFileSync(path.join(logDir, file), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; ts: string; data: { message?: string; facts?: object } });
    const injects = events.filter((e) => e.type === 'inject.received');
    expect(injects.map((e) => [e.ts.slice(11, 16), e.data.message])).toEqual([
      ['09:00', 'Complaints about batch 11B'],
      ['10:00', 'Distributors ask when the recall starts'],
      ['12:00', 'The lab confirms the risk'],
    ]);
    expect(JSON.stringify(events)).not.toContain('harm-reported');
  });

  it('the same drill without the decision: the decision inject and the one it unlocks never fire', async () => {
    const { main } = await distMain();
    const deps = fakeDeps();
    writeFileSync(
      path.join(deps.cwd, 'silent.yaml'),
      `id: silent
kind: drill
title: Silent
playbook: product-quality
unlisted: skip
injects:
  - at: 1h
    message: "Distributors ask when the recall starts"
    when: { decision: recall }
    facts: { defect-confirmed: true }
  - at: 3h
    message: "The lab confirms the risk"
    when: { fact: defect-confirmed, equals: true }
responses:
  - { at: 30m, action: decision, text: "Wait for the lab", by: CEO }
expect:
  - decision: { contains: recall, by: 1h }
`,
    );
    const logDir = path.join(deps.cwd, 'logs');
    const code = await main(['--log-dir', logDir, 'drill', 'silent.yaml'], deps);
    const out = deps.stdout.text();
    expect(out).toContain('✗ decision "recall" recorded by 1h');
    expect(out).toContain('actual:   none among 1 decision');
    expect(code).toBe(1);
    const file = readdirSync(logDir).find((f) => f.endsWith('.jsonl'))!;
    const log = readFileSync(path.join(logDir, file), 'utf8');
    expect(log).not.toContain('inject.received');
    // The clock still reached the last inject's time: the facilitator looked then.
    expect(log.trim().split('\n').at(-1)).toContain('"ts":"2026-01-01T12:00:00.000Z"');
  });
});
