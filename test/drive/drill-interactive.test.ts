import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Choice, Prompter } from '../../src/drive/prompter.js';
import { distMain, fakeDeps } from '../helpers/in-process.js';

/** `crisis drill --interactive`: a person works the playbook, injects arrive on the clock, the same expectations are scored. */
describe('crisis drill --interactive', () => {
  it('delivers a due inject before the next prompt, records what the person does, and scores the expectations', async () => {
    const { main } = await distMain();
    const deps0 = fakeDeps();
    writeFileSync(
      path.join(deps0.cwd, 'tabletop.yaml'),
      `id: tabletop
kind: drill
title: Tabletop
playbook: product-quality
injects:
  - { at: 0m, message: "A video of the defect is trending", facts: { safety-risk: true } }
responses: []
expect:
  - { completed: [tf-name-leads] }
  - { fact: { id: safety-risk, equals: true } }
`,
    );
    let t = Date.parse('2026-11-26T10:00:00.000Z');
    const selects: string[] = [];
    const prompter: Prompter = {
      // Done on the first step (two names), then pause: the drill ends and is scored.
      select: async <T extends string>(message: string, choices: ReadonlyArray<Choice<T>>) => {
        selects.push(message);
        t += 60_000;
        return (selects.length === 1 ? choices[0]!.value : 'pause') as T;
      },
      input: async (message) => (message.startsWith('Incident lead') ? 'Alice' : 'Bob'),
      confirm: async () => true,
      editor: async (_m, text) => text,
    };
    const logDir = path.join(deps0.cwd, 'logs');
    const deps = { ...fakeDeps({ cwd: deps0.cwd, now: () => t }), prompter };
    const code = await main(['--log-dir', logDir, 'drill', '--interactive', '--speed', '10', 'tabletop.yaml'], deps);
    const out = deps.stdout.text();
    expect(out).toContain('Tabletop drill: Tabletop (clock ×10)');
    expect(out).toContain('INJECT (0m): A video of the defect is trending');
    expect(out).toContain('drill tabletop (product-quality, high): 2/2 expectations held');
    expect(code).toBe(0);
    const file = readdirSync(logDir).find((f) => f.endsWith('.jsonl'))!;
    const types = readFileSync(path.join(logDir, file), 'utf8')
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { type: string }).type);
    expect(types).toEqual(['session.started', 'inject.received', 'step.completed', 'session.ended']);
  });

  it('says an inject in the drill language: 注入事件（0秒）in Chinese', async () => {
    const { main } = await distMain();
    const deps0 = fakeDeps();
    writeFileSync(
      path.join(deps0.cwd, 'tabletop.yaml'),
      `id: tabletop
kind: drill
title: Tabletop
playbook: product-quality
injects:
  - { at: 0m, message: "缺陷视频正在热传" }
responses: []
expect:
  - { completed: [tf-name-leads] }
`,
    );
    const prompter: Prompter = {
      select: async <T extends string>() => 'pause' as T,
      input: async () => '',
      confirm: async () => true,
      editor: async (_m, text) => text,
    };
    const deps = { ...fakeDeps({ cwd: deps0.cwd }), prompter };
    const logDir = path.join(deps0.cwd, 'logs');
    await main(['--log-dir', logDir, '--lang', 'zh', 'drill', '--interactive', 'tabletop.yaml'], deps);
    const out = deps.stdout.text();
    expect(out).toContain('注入事件（0秒）：缺陷视频正在热传');
    expect(out).not.toContain('INJECT');
  });
});
