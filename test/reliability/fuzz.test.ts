/**
 * Fuzzed playbooks and drill files.
 *
 * `generateMutants` (fuzz-gen.ts) turns the valid test library into
 * FUZZ_ITERATIONS (default 2,000) malformed files from a fixed seed
 * (FUZZ_SEED to change it). Every one is fed, in process, through the code
 * path the CLI runs for `crisis validate FILE`: read the file from disk
 * (readFiles), build the library with the rest of the search path in
 * front of it, checkLibrary, formatProblem. Each must:
 *   - yield at least one error (validate exits 1), and never throw;
 *   - name file:line:col for every problem that has a position;
 *   - point at the defect where the generator knows it;
 *   (how much CPU that takes is measured in bench/, never asserted here).
 * A sample covering every kind then goes through the real CLI (`validate`,
 * and `show`/`drill` where the file is what they run), asserting the exit
 * code and that no stack trace reaches the user.
 *
 * Longer local run:  FUZZ_ITERATIONS=20000 npx vitest run test/reliability/fuzz.test.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildLibrary, checkLibrary, formatProblem, type FoundFile } from '../../src/playbook/library.js';
import type { Problem } from '../../src/playbook/types.js';
import { readFiles } from '../../src/store/library-files.js';
import { tempDir, writeFiles } from '../helpers/temp.js';
import {
  BASE_FILES,
  CHAIN_B,
  MUTATION_KINDS,
  fuzzCount,
  fuzzSeed,
  generateMutants,
  mutantStream,
  type Mutant,
  type MutationKind,
} from './fuzz-gen.js';
import { crisis, pool, runNodeScript, stackLines } from './helpers.js';
import { DIST } from '../helpers/paths.js';
import { runMain } from '../helpers/in-process.js';
import { pathToFileURL } from 'node:url';

const SEED = fuzzSeed();
const COUNT = fuzzCount();
/** Codes that are about the file as a whole: there is no line to name. */
const WHOLE_FILE = new Set(['file.encoding', 'file.binary', 'file.too-big', 'file.read']);
/** Parse- and compose-level problems: `show` and `drill` must refuse a file that has one. */
const REFUSED_BY_RUNNERS = /^(file\.|yaml\.|schema$|compose\.|drill\.|ids\.duplicate-file)/;

/** How many of the first mutants keep their bytes for the CLI sample (two of every kind come first). */
const SAMPLE = 40;
let work: string;
/** The first SAMPLE mutants, bytes and all; later ones are checked and let go. */
let mutants: Mutant[] = [];
const rest = new Map<string, FoundFile[]>();

interface Outcome {
  mutant: Mutant;
  problems: Problem[];
  lines: string[];
  cpuMs: number;
  wallMs: number;
  threw?: unknown;
}
const outcomes: Outcome[] = [];

/** One file read the way the CLI reads the files it is given. */
async function readOne(abs: string, display: string, source = '(given)'): Promise<FoundFile> {
  return (await readFiles([{ path: abs, file: display, source }]))[0]!;
}

beforeAll(async () => {
  work = tempDir('crisis-fuzz-');
  writeFiles(path.join(work, 'pb'), BASE_FILES);
  // The rest of the search path, read once: every base file but the one a mutant replaces.
  const all = await readFiles(
    Object.keys(BASE_FILES).map((f) => ({ path: path.join(work, 'pb', f), file: `pb/${f}`, source: 'pb' })),
  );
  for (const name of Object.keys(BASE_FILES))
    rest.set(
      name,
      all.filter((f) => f.file !== `pb/${name}`),
    );
  mutants = generateMutants(SEED, Math.min(SAMPLE, COUNT));
}, 120_000);

/** validate FILE, in process: the given file first, then the search path; only the given file's problems. */
async function validateInProcess(mutant: Mutant): Promise<Outcome> {
  const dir = path.join(work, 'm', String(mutant.index % 64));
  const abs = path.join(dir, mutant.file);
  mkdirSync(path.dirname(abs), { recursive: true });
  writeFileSync(abs, mutant.bytes);
  const display = `m/${mutant.file}`;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  try {
    const given = await readOne(abs, display);
    const library = buildLibrary([given, ...rest.get(mutant.file)!]);
    const problems = checkLibrary(library, new Set([display]));
    const lines = problems.map(formatProblem);
    const c = process.cpuUsage(c0);
    return { mutant, problems, lines, cpuMs: (c.user + c.system) / 1000, wallMs: performance.now() - t0 };
  } catch (threw) {
    const c = process.cpuUsage(c0);
    return {
      mutant,
      problems: [],
      lines: [],
      cpuMs: (c.user + c.system) / 1000,
      wallMs: performance.now() - t0,
      threw,
    };
  }
}

const lineCount = (m: Mutant) =>
  Buffer.from(m.bytes)
    .toString('utf8')
    .split(/\r\n|\n/).length;
const describeMutant = (m: Mutant) =>
  `#${m.index} ${m.kind} on ${m.file}: ${m.detail} (seed ${SEED}; replay with FUZZ_SEED=${SEED} FUZZ_ITERATIONS=${m.index + 1})`;

describe(`fuzz: ${COUNT} malformed playbooks and drills (seed ${SEED})`, () => {
  it('the base library is valid, so every error comes from the mutation', async () => {
    const found = await readFiles(
      Object.keys(BASE_FILES).map((f) => ({ path: path.join(work, 'pb', f), file: `pb/${f}`, source: 'pb' })),
    );
    const errors = checkLibrary(buildLibrary(found)).filter((p) => p.severity === 'error');
    expect(errors.map(formatProblem)).toEqual([]);
  });

  it('the generator is reproducible and covers every kind of mutation', () => {
    const again = generateMutants(SEED, SAMPLE);
    expect(again.map((m) => Buffer.from(m.bytes).toString('base64'))).toEqual(
      mutants.map((m) => Buffer.from(m.bytes).toString('base64')),
    );
    const kinds = new Set(mutants.map((m) => m.kind));
    expect([...MUTATION_KINDS].filter((k) => !kinds.has(k))).toEqual([]);
    expect(COUNT).toBeGreaterThanOrEqual(process.env.FUZZ_ITERATIONS ? 1 : 2000);
  });

  it(
    'every mutant: at least one error, no throw, file:line:col where a position exists, at the defect',
    { timeout: 600_000 },
    async () => {
      const violations: string[] = [];
      for (const mutant of mutantStream(SEED, COUNT)) {
        const o = await validateInProcess(mutant);
        // Keep what the later tests read; let the bytes of big later mutants go.
        outcomes.push(mutant.index < SAMPLE ? o : { ...o, mutant: { ...mutant, bytes: new Uint8Array(0) } });
        const name = describeMutant(mutant);
        if (o.threw) {
          violations.push(
            `${name}: threw ${String((o.threw as Error)?.stack ?? o.threw)
              .split('\n')
              .slice(0, 3)
              .join(' | ')}`,
          );
          continue;
        }
        const errors = o.problems.filter((p) => p.severity === 'error');
        if (errors.length === 0) violations.push(`${name}: no error reported (validate would exit 0)`);
        const maxLine = lineCount(mutant) + 1;
        for (const [i, p] of o.problems.entries()) {
          const printed = o.lines[i]!;
          if (printed.includes('\n'))
            violations.push(`${name}: a problem spans lines: ${JSON.stringify(printed.slice(0, 120))}`);
          if (WHOLE_FILE.has(p.code)) {
            if (!printed.startsWith(`${p.file}: `))
              violations.push(`${name}: does not name the file: ${printed.slice(0, 120)}`);
            continue;
          }
          if (!(p.line !== undefined && p.line >= 1 && p.line <= maxLine && p.col !== undefined && p.col >= 1)) {
            violations.push(
              `${name}: no usable position for [${p.code}] ${p.message.slice(0, 100)} (line ${p.line}, col ${p.col})`,
            );
          } else if (!printed.startsWith(`${p.file}:${p.line}:${p.col}: `))
            violations.push(`${name}: printed without file:line:col: ${printed.slice(0, 120)}`);
        }
        if (mutant.expectCode && !o.problems.some((p) => mutant.expectCode!.test(p.code))) {
          violations.push(
            `${name}: expected a ${mutant.expectCode} problem, got ${o.problems.map((p) => p.code).join(', ') || 'none'}`,
          );
        }
        // yaml.syntax and yaml.aliases positions have their own tests below.
        const positional = o.problems.filter((p) => !WHOLE_FILE.has(p.code) && !p.code.startsWith('yaml.'));
        if (
          mutant.expectLines.length > 0 &&
          positional.length > 0 &&
          !positional.some((p) => mutant.expectLines.includes(p.line ?? -1))
        ) {
          violations.push(
            `${name}: no problem at line ${mutant.expectLines.join(' or ')}; got ${o.lines.map((l) => l.slice(0, 140)).join(' || ')}`,
          );
        }
      }
      const byKind = new Map<MutationKind, number>();
      for (const o of outcomes) byKind.set(o.mutant.kind, (byKind.get(o.mutant.kind) ?? 0) + 1);
      const slowest = [...outcomes].sort((a, b) => b.cpuMs - a.cpuMs)[0]!;
      console.log(
        `fuzz: ${outcomes.length} files (seed ${SEED}); by kind ${[...byKind].map(([k, n]) => `${k} ${n}`).join(', ')}; ` +
          `slowest ${slowest.cpuMs.toFixed(0)} ms CPU / ${slowest.wallMs.toFixed(0)} ms wall (${slowest.mutant.kind}: ${slowest.mutant.detail})`,
      );
      expect(violations.slice(0, 40), `${violations.length} violation(s)`).toEqual([]);
    },
  );

  // Found by this fuzz, fixed in src/playbook/load.ts while it was written:
  // yaml only fills `error.linePos` with `prettyErrors` on, which parseSource
  // turns off, so every YAML syntax error printed as `file: error: ...` with
  // no position. The position now comes from `error.pos[0]` through the
  // LineCounter.
  it('YAML syntax errors name line:col, at or after the line the defect was put on', () => {
    const syntax = outcomes.filter((o) => o.problems.some((p) => p.code === 'yaml.syntax'));
    expect(syntax.length).toBeGreaterThan(50);
    const bad: string[] = [];
    for (const o of syntax) {
      for (const p of o.problems.filter((x) => x.code === 'yaml.syntax')) {
        if (p.line === undefined || p.col === undefined) bad.push(`${describeMutant(o.mutant)}: ${formatProblem(p)}`);
      }
      const first = Math.min(...o.mutant.expectLines);
      if (o.mutant.expectLines.length > 0 && !o.problems.some((p) => p.line !== undefined && p.line >= first))
        bad.push(`${describeMutant(o.mutant)}: nothing at or after line ${first}`);
    }
    expect(bad.slice(0, 10), `${bad.length} of ${syntax.length} files`).toEqual([]);
  });

  describe('found by the fuzz', () => {
    const parse = async (name: string, text: string) => {
      const file = path.join(work, 'found', name);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, text);
      return (await readOne(file, name)).parsed;
    };

    // An alias without an anchor is only noticed by toJS(), which has no
    // position: it must be reported at the alias, where the author can fix it.
    it('an alias whose anchor does not exist is reported at the alias (3:8), not at 1:1', async () => {
      const parsed = await parse('alias.yaml', 'id: alias\nkind: strategy\ntitle: *nowhere\nphases: []\n');
      const problem = parsed.problems.find((p) => /alias/i.test(p.message));
      expect(problem).toMatchObject({ line: 3, col: 8 });
    });

    // Found by this fuzz and fixed in src/playbook/lint.ts while it was
    // written: a step's position was found by looking up the first step with
    // its id, so "step id X is used twice" pointed at the first, legitimate
    // copy (in a 10,000-step file, thousands of lines from the duplicate).
    it('a duplicate step id is reported at the duplicate, not at the first copy', async () => {
      const text =
        'id: dup\nkind: strategy\ntitle: Dup\nphases:\n  - id: p\n    title: P\n    steps:\n      - id: s\n        title: First\n        owner: legal\n      - id: s\n        title: Second\n        owner: legal\n';
      const given: FoundFile = { file: 'dup.yaml', source: '(given)', parsed: await parse('dup.yaml', text) };
      const problems = checkLibrary(
        buildLibrary([given, ...rest.get('strategies/chain-b.yaml')!]),
        new Set(['dup.yaml']),
      );
      expect(problems.find((p) => p.code === 'ids.duplicate-step')).toMatchObject({ line: 11 });
    });

    // Regression: a document yaml accepts can be too deep for zod's recursive
    // Condition schema; safeParse's RangeError escaped as exit 70.
    it('nesting a when condition 300 to 3,000 levels deep is a reported problem, never a throw', async () => {
      // Run where the built CLI's code runs (dist/), in a fresh node, scanning depths upwards.
      const script = path.join(work, 'deep-scan.mjs');
      const dist = (p: string) => JSON.stringify(pathToFileURL(path.join(DIST, p)).href);
      writeFileSync(
        script,
        `import * as files from ${dist('store/library-files.js')};
import { buildLibrary, checkLibrary } from ${dist('playbook/library.js')};
import { writeFileSync } from 'node:fs';
const thrown = [];
for (const form of ['not', 'all']) for (let depth = 300; depth <= 3000; depth += 300) {
  let cond = '{ fact: spokesperson-name, equals: x }';
  for (let i = 0; i < depth; i++) cond = form === 'not' ? '{ not: ' + cond + ' }' : '{ all: [' + cond + '] }';
  const file = ${JSON.stringify(path.join(work, 'deep.yaml'))};
  writeFileSync(file, 'id: deep\\nkind: strategy\\ntitle: Deep\\nphases:\\n  - id: p\\n    title: P\\n    steps:\\n      - id: s\\n        title: S\\n        when: ' + cond + '\\n');
  try {
    const found = files.readFiles ? (await files.readFiles([{ path: file, file: 'deep.yaml', source: 'given' }]))[0] : { file: 'deep.yaml', source: 'given', parsed: files.readPlaybookFile(file, 'deep.yaml') };
    checkLibrary(buildLibrary([found]));
  } catch (error) {
    thrown.push(form + ' ' + depth + ': ' + error.name + ': ' + error.message);
  }
}
console.log(JSON.stringify(thrown));
`,
      );
      // 20 parses of thousand-level nestings (every 300 levels): 56 took ~4 s quiet and over 110 s at load 50.
      const r = await runNodeScript(script, work, 110_000);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout) as string[]).toEqual([]);
    }, 120_000);
  });

  describe('what runs when a file is wrong (found next to the fuzz)', () => {
    /** The base library with some files replaced, and `crisis ...args` run on it in process. */
    const withFiles = async (files: Record<string, string>, args: string[]) => {
      const dir = tempDir('crisis-fuzz-run-');
      writeFiles(path.join(dir, 'pb'), { ...BASE_FILES, ...files });
      writeFiles(dir, { 'all.yaml': 'unlisted: done\nresponses: []\n' });
      return runMain(['--playbooks', 'pb', ...args], { cwd: dir, env: { CRISIS_LOG_DIR: path.join(dir, 'logs') } });
    };
    const dupStep = BASE_FILES['crises/widget-recall.yaml']!.replace(
      '      - id: wr-apology\n',
      "      - id: wr-confirm\n        title: A second step with the first one's id\n        owner: incident-lead\n      - id: wr-apology\n",
    );

    it('validate reports a duplicate step id (exit 1)', async () => {
      const r = await withFiles({ 'crises/widget-recall.yaml': dupStep }, ['validate', 'pb/crises/widget-recall.yaml']);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/ids\.duplicate-step/);
    });

    // Regression: start ran a playbook with lint errors; with a duplicate step id
    // the second step was never shown and the session ended with it undone.
    it('start refuses a playbook that validate reports errors in (a duplicate step id): exit 2', async () => {
      const r = await withFiles({ 'crises/widget-recall.yaml': dupStep }, [
        'start',
        'widget-recall',
        '--answers',
        'all.yaml',
      ]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/used twice/);
    });

    // Regression: a second phase with the same id in one file was silently
    // dropped, with all its steps, and validate said ✓.
    it('two phases with the same id in one file are an error, not a silently dropped phase', async () => {
      const dupPhase = `${CHAIN_B.trimEnd()}\n  - id: cb-one\n    title: Same id again\n    steps:\n      - id: cb-lost\n        title: This step disappears\n        owner: incident-lead\n`;
      const r = await withFiles({ 'strategies/chain-b.yaml': dupPhase }, ['validate', 'pb/strategies/chain-b.yaml']);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/cb-one/);
    });

    // Regression: a user's override of a built-in that does not parse was
    // silently replaced by the built-in it was meant to override.
    it('a broken override of a built-in is not silently replaced by the built-in: start names the broken file', async () => {
      const broken = BASE_FILES['strategies/task-force.yaml']!.replace(
        'title: { en: Task force, zh: 工作组 }',
        'title: 42',
      );
      const r = await withFiles({ 'strategies/task-force.yaml': broken }, [
        'start',
        'widget-recall',
        '--answers',
        'all.yaml',
      ]);
      expect(r.stderr).toMatch(/task-force\.yaml/);
    });
  });

  describe('a sample through the real CLI', () => {
    /** The first forty mutants: every kind twice (the seed visits the kinds in turn first), then four more. */
    const sample = (): Mutant[] => mutants;
    /** Ids the file defines in the base library, and whether a built-in has the same id (then a broken file falls back to it). */
    const BUILTIN_IDS = new Set(['task-force', 'media', 'social-media', 'post-crisis']);
    const baseId = (file: string) => /^id: ([a-z0-9-]+)/m.exec(BASE_FILES[file]!)![1]!;

    it(
      'validate FILE exits 1; show / drill refuse the file with exit 2; never a stack trace',
      { timeout: 600_000 },
      async () => {
        const picked = sample();
        expect(new Set(picked.map((m) => m.kind)).size).toBe(MUTATION_KINDS.length);
        const problems: string[] = [];
        let runs = 0;
        const consumed = new Set<MutationKind>();
        await pool(picked, 4, async (m) => {
          const dir = path.join(work, 'cli', String(m.index));
          writeFiles(path.join(dir, 'pb'), { ...BASE_FILES, [m.file]: m.bytes });
          const file = path.join('pb', m.file);
          const name = describeMutant(m);
          const check = (label: string, r: Awaited<ReturnType<typeof crisis>>, codes: number[]) => {
            runs += 1;
            if (!codes.includes(r.code ?? -1))
              problems.push(
                `${name}: ${label} exited ${r.code}${r.signal ? ` (${r.signal})` : ''}, expected ${codes.join(' or ')}; stderr: ${r.stderr.slice(0, 300)}`,
              );
            const stacks = [...stackLines(r.stderr), ...stackLines(r.stdout)];
            if (stacks.length > 0) problems.push(`${name}: ${label} printed a stack trace: ${stacks[0]}`);
          };
          const v = await crisis(['--playbooks', 'pb', 'validate', file], { cwd: dir });
          check('validate', v, [1]);
          if (v.code === 1 && !v.stdout.includes(file))
            problems.push(`${name}: validate does not name ${file}: ${v.stdout.slice(0, 200)}`);
          // What a runner does with the file: only where a parse- or compose-level problem must stop it.
          const inProcess = outcomes.find((o) => o.mutant.index === m.index);
          const refused = inProcess?.problems.some((p) => p.severity === 'error' && REFUSED_BY_RUNNERS.test(p.code));
          // One runner check per kind keeps the sample quick.
          if (!refused || consumed.has(m.kind) || (!m.file.startsWith('drills/') && BUILTIN_IDS.has(baseId(m.file))))
            return;
          consumed.add(m.kind);
          if (m.file.startsWith('drills/')) {
            check('drill', await crisis(['--playbooks', 'pb', '--log-dir', 'logs', 'drill', file], { cwd: dir }), [2]);
          } else if (!BUILTIN_IDS.has(baseId(m.file))) {
            // comms is used by widget-recall: its crisis stops composing.
            const id = m.file === 'strategies/comms.yaml' ? 'widget-recall' : baseId(m.file);
            check(`show ${id}`, await crisis(['--playbooks', 'pb', 'show', id], { cwd: dir }), [2]);
          }
        });
        console.log(`fuzz CLI sample: ${picked.length} files, ${runs} runs`);
        expect(problems).toEqual([]);
      },
    );
  });
});
