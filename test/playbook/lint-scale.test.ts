/**
 * Lint and compose do work in proportion to the steps of a playbook, not to
 * their square: one position lookup per problem, and a bounded number of
 * reads of each step. Counted, not timed (timings are in bench/): a check
 * that searched the plan for every warning would read each step once per
 * warning, and the counters stop it at the bound instead of running for minutes.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Parser } from 'yaml';
import { compose, type Plan, type PlanStep } from '../../src/playbook/compose.js';
import { checkLibrary } from '../../src/playbook/library.js';
import { lintPlan } from '../../src/playbook/lint.js';
import { MAX_FILE_BYTES } from '../../src/playbook/load.js';
import { makeCtx } from '../../src/cli/context.js';
import { run as validate } from '../../src/cli/validate.js';
import { fakeDeps } from '../helpers/in-process.js';
import { libraryOf } from '../helpers/library.js';
import { tempDir } from '../helpers/temp.js';

const STEPS = 20_000;
const GUIDANCE = 'Call the duty officer, read the checklist aloud, and write down who answered and when. '.repeat(2);

/** A crisis playbook of owner-less steps, padded with guidance to just under the size cap. */
function bigPlaybook(): string {
  const lines = ['id: big', 'kind: crisis', 'title: Big', 'phases:', '  - id: main', '    title: Main', '    steps:'];
  for (let i = 0; i < STEPS; i++)
    lines.push(`      - id: s${i}`, `        title: Step ${i}`, `        guidance: ${GUIDANCE.trim()}`);
  return `${lines.join('\n')}\n`;
}

/** Wrap objects so every property read is counted; past the budget the read throws. */
function counter(budget: number) {
  let reads = 0;
  const wrap = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(t, key, receiver) {
        if (++reads > budget) throw new Error(`work bound exceeded: more than ${budget} step reads`);
        return Reflect.get(t, key, receiver);
      },
    });
  return { wrap, reads: () => reads };
}

describe('a playbook close to the 5 MB cap', () => {
  const text = bigPlaybook();
  const library = libraryOf({ 'big.yaml': text });
  const entry = library.get('big')!;
  let locates = 0;
  const locate = entry.locate;
  entry.locate = (path) => {
    locates += 1;
    return locate(path);
  };

  it('is a real file of that size: it parses, near the cap and under it', () => {
    expect(text.length).toBeGreaterThan(0.8 * MAX_FILE_BYTES);
    expect(text.length).toBeLessThan(MAX_FILE_BYTES);
    expect(library.problems).toEqual([]);
  });

  it('compose reads each step a bounded number of times', () => {
    const phase = entry.data.phases[0]!;
    if (!('steps' in phase)) throw new Error('expected a phase with steps');
    const raw = phase.steps;
    const count = counter(30 * STEPS);
    phase.steps = raw.map(count.wrap);
    try {
      const { plan, problems } = compose(library, 'big', { allSeverities: true });
      expect(problems).toEqual([]);
      expect(plan?.phases[0]?.steps).toHaveLength(STEPS);
    } finally {
      phase.steps = raw;
    }
    expect(count.reads()).toBeGreaterThanOrEqual(STEPS);
  });

  it('lint reads each step a bounded number of times and looks up one position per problem', () => {
    const plan = compose(library, 'big', { allSeverities: true }).plan!;
    const count = counter(200 * STEPS);
    const counted: Plan = {
      ...plan,
      phases: plan.phases.map((p) => ({ ...p, steps: p.steps.map((s) => count.wrap<PlanStep>(s)) })),
    };
    locates = 0;
    const problems = lintPlan(counted, library);
    const owners = problems.filter((p) => p.code === 'procedure.owner');
    expect(owners).toHaveLength(STEPS);
    expect(locates).toBe(problems.length);
    expect(count.reads()).toBeGreaterThanOrEqual(STEPS);
    // The last step's warning is at its own line: 7 header lines, 3 lines per step.
    expect(owners[STEPS - 1]).toMatchObject({ file: 'big.yaml', line: 8 + 3 * (STEPS - 1), col: 9 });
  });

  it('the whole check (compose, lint, sort) looks up one position per problem it reports', () => {
    locates = 0;
    const problems = checkLibrary(library);
    expect(problems.filter((p) => p.code === 'procedure.owner')).toHaveLength(STEPS);
    expect(locates).toBe(problems.length);
  });
});

describe('validate of a playbook close to the 5 MB cap, one warning per step', () => {
  const parse = Parser.prototype.parse;
  afterEach(() => {
    Parser.prototype.parse = parse;
  });

  it('places every warning without a yaml parse, and prints them in one write', async () => {
    const dir = tempDir('crisis-lint-scale-');
    const text = bigPlaybook();
    writeFileSync(path.join(dir, 'big.yaml'), text);
    let parses = 0;
    Parser.prototype.parse = function (this: Parser, ...args: Parameters<typeof parse>) {
      // This file's parses only: from src/, files the build-time index would hold are read here too.
      if (args[0] === text) parses += 1;
      return parse.apply(this, args);
    };
    // validate's own code from src/, in this process: it loads the `yaml` this test counts (dist/ has its own bundle).
    const deps = fakeDeps({ cwd: dir, env: { CRISIS_CACHE_DIR: 'off' } });
    const code = await validate(makeCtx(deps, {}), ['big.yaml'], {});
    expect(code).toBe(0);
    const lines = deps.stdout.text().trimEnd().split('\n');
    const owners = lines.filter((l) => l.endsWith('[procedure.owner]'));
    expect(owners).toHaveLength(STEPS);
    expect(owners[STEPS - 1]).toBe(
      `big.yaml:${8 + 3 * (STEPS - 1)}:9: warning: step "s${STEPS - 1}" has no owner (every step needs one person accountable) [procedure.owner]`,
    );
    expect(lines.at(-1)).toMatch(/^1 file checked: 0 errors, \d+ warnings$/);
    // The quick pass read the file with js-yaml; its positions come from js-yaml too (quick-locate.ts), not from a
    // second, positioned parse with `yaml` (about 1.5 s for this file), and not from running the check twice.
    expect(parses).toBe(0);
    // 20,000 warnings, one write for them and one for the summary (not a write per line).
    expect(deps.stdout.chunks.length).toBe(2);
  }, 60_000);
});
