/**
 * The generated quick check (src/playbook/schema-check.gen.ts) stands in for zod on clean files: it may
 * answer NO for anything, but when it answers with data, zod must accept the same input and give the same
 * data, keys in the same order. And it must not go stale: the committed file is what the generator writes
 * from today's schema, and it says yes to every clean built-in file.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { librarySchemaFor, parseLibrarySource } from '../../src/playbook/load.js';
import { NO } from '../../src/playbook/schema-check-kit.js';
import { checkDrill, checkDutyCatalogue, checkPlaybook } from '../../src/playbook/schema-check.gen.js';
import * as schemas from '../../src/playbook/schema.js';

import { yamlFiles } from '../helpers/paths.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BUILTIN = path.join(ROOT, 'playbooks');
const builtins = yamlFiles(BUILTIN).map((f) => {
  const parsed = parseLibrarySource(readFileSync(f, 'utf8'), f);
  expect(parsed.problems, f).toEqual([]);
  return { file: path.relative(BUILTIN, f), raw: parsed.raw };
});

const check = (raw: unknown) => {
  const kind = (raw as { kind?: unknown } | null)?.kind;
  return (kind === 'drill' ? checkDrill : kind === 'duties' ? checkDutyCatalogue : checkPlaybook)(raw);
};
/** z.url() is code, not a regex: the quick check leaves any value under a `url` key to zod. */
const hasUrl = (v: unknown): boolean =>
  v !== null && typeof v === 'object' && Object.entries(v).some(([k, x]) => k === 'url' || hasUrl(x));

/** The one rule, key order included; and a clean value without a URL gets a yes. */
function agrees(raw: unknown): { quick: unknown; zodOk: boolean } {
  const quick = check(raw);
  const zod = librarySchemaFor(raw).safeParse(raw);
  if (quick !== NO) {
    expect(zod.success, JSON.stringify(zod.error?.issues)).toBe(true);
    expect(JSON.stringify(quick)).toBe(JSON.stringify(zod.data));
    expect(quick).toStrictEqual(zod.data);
    expect(quick).not.toBe(raw);
  } else if (zod.success) {
    expect(hasUrl(raw), 'the quick check refused a clean value it can check').toBe(true);
  }
  return { quick, zodOk: zod.success };
}

describe('generated quick check', () => {
  it('is what scripts/gen-schema-check.mjs writes from the schema today (run `npm run schema` after a change)', async () => {
    const gen = (await import('../../scripts/gen-schema-check.mjs' as string)) as {
      OUTPUT: string;
      checkerSource(s: typeof schemas): Promise<string>;
    };
    expect(readFileSync(path.join(ROOT, gen.OUTPUT), 'utf8')).toBe(await gen.checkerSource(schemas));
  });

  it('says yes to every built-in file without a URL, with the data zod gives', () => {
    expect(builtins.length).toBeGreaterThan(10);
    let yes = 0;
    for (const { file, raw } of builtins) {
      const { quick, zodOk } = agrees(raw);
      expect(zodOk, file).toBe(true);
      if (quick !== NO) yes++;
    }
    expect(yes).toBeGreaterThanOrEqual(builtins.filter((b) => !hasUrl(b.raw)).length);
  });

  it.each([
    ['an unknown key', { ...small(), colour: 'blue' }],
    ['a missing required key', { id: 'a', kind: 'strategy', phases: [{ use: 'b' }] }],
    ['an empty array where one item is required', { id: 'a', kind: 'strategy', title: 'A', phases: [] }],
    ['an id that is too long', { id: 'a'.repeat(65), kind: 'strategy', title: 'A', phases: [{ use: 'b' }] }],
    ['an id that is not kebab-case', { id: 'A_b', kind: 'strategy', title: 'A', phases: [{ use: 'b' }] }],
    ['an empty title', { id: 'a', kind: 'strategy', title: '', phases: [{ use: 'b' }] }],
    ['a language the schema does not know', { ...small(), title: { en: 'A', fr: 'A' } }],
    ['a bad due', { id: 'a', kind: 'strategy', title: 'A', phases: [phase({ due: '30 min' })] }],
    ['an infinite fact value', { id: 'a', kind: 'strategy', title: 'A', phases: [phase(when(Infinity))] }],
    ['NaN as a fact value', { id: 'a', kind: 'strategy', title: 'A', phases: [phase(when(NaN))] }],
    ['a record key that is not an id', { ...small(), targets: { 'Bad Key': '1h' } }],
    ['a severity target under an unknown severity', { ...small(), 'severity-targets': { severe: { a: '1h' } } }],
    ['an array where an object belongs', { ...small(), severity: [] }],
    ['a drill start that is not a UTC time', { ...drill(), start: '2026-01-01 09:00' }],
    ['a drill start on 30 February', { ...drill(), start: '2026-02-30T09:00:00Z' }],
    ['an expectation that is not true', { ...drill(), expect: [{ 'all-required-done': false }] }],
    ['a duty source with a bad date', duties({ issued: '2026-13-01' })],
  ])('answers NO for %s, as zod refuses it', (_what, raw) => {
    expect(check(raw)).toBe(NO);
    expect(agrees(raw).zodOk).toBe(false);
  });

  it.each([
    ['a condition nested in all/any/not', { ...small(), phases: [phase(nested())] }],
    ['a due that names a target', { ...small(), phases: [phase({ due: 'first-statement' })] }],
    ['a severity target', { ...small(), 'severity-targets': { critical: { 'update-every': '4h' } } }],
    ['a drill start in UTC', { ...drill(), start: '2026-01-01T09:00:00.000Z' }],
    ['keys in another order than the schema', { phases: [{ use: 'b' }], title: 'A', kind: 'strategy', id: 'a' }],
  ])('parses %s as zod does', (_what, raw) => {
    expect(check(raw)).not.toBe(NO);
    expect(agrees(raw).zodOk).toBe(true);
  });

  it('leaves a duty source with a URL to zod', () => {
    const raw = duties({ url: 'https://example.org/law' });
    expect(check(raw)).toBe(NO);
    expect(agrees(raw).zodOk).toBe(true);
  });

  it('agrees with zod on thousands of damaged built-in files', () => {
    const values = fc.constantFrom<unknown>(
      null,
      0,
      1.5,
      -1,
      Infinity,
      NaN,
      '',
      'x',
      'Bad Id',
      'a'.repeat(65),
      true,
      [],
      {},
      ['x'],
      { en: 'x' },
      'critical',
      '30m',
      '2026-01-01',
      '2026-01-01T09:00:00Z',
    );
    const edit = fc.record({
      at: fc.nat(),
      kind: fc.constantFrom('replace', 'delete', 'add', 'empty', 'duplicate'),
      value: values,
    });
    fc.assert(
      fc.property(fc.nat(builtins.length - 1), fc.array(edit, { minLength: 1, maxLength: 3 }), (n, edits) => {
        const raw = structuredClone(builtins[n]!.raw);
        for (const e of edits) damage(raw, e);
        agrees(raw);
      }),
      { numRuns: 1000, seed: 17 },
    );
  }, 180_000);
});

/** Every object and array in a value, parents before children. */
function containers(v: unknown, out: Array<Record<string, unknown> | unknown[]> = []) {
  if (v !== null && typeof v === 'object') {
    out.push(v as Record<string, unknown>);
    for (const x of Object.values(v)) containers(x, out);
  }
  return out;
}

function damage(raw: unknown, e: { at: number; kind: string; value: unknown }) {
  const all = containers(raw);
  const target = all[e.at % all.length]!;
  const keys = Object.keys(target);
  const key = keys.length > 0 ? keys[e.at % keys.length]! : '0';
  const t = target as Record<string, unknown>;
  if (e.kind === 'replace') t[key] = e.value;
  else if (e.kind === 'delete') {
    if (Array.isArray(target)) target.splice(Number(key), 1);
    else delete t[key];
  } else if (e.kind === 'add') {
    if (Array.isArray(target)) target.push(e.value);
    else t[['colour', 'summary', 'owner', 'due', 'zh', 'when', 'mode', 'required'][e.at % 8]!] = e.value;
  } else if (e.kind === 'empty') t[key] = Array.isArray(t[key]) ? [] : {};
  else if (Array.isArray(target) && target.length > 0) target.push(structuredClone(target[0]));
}

function small() {
  return { id: 'a', kind: 'crisis', title: 'A', phases: [{ use: 'b' }] };
}
function phase(step: Record<string, unknown>) {
  return { id: 'p', title: 'P', steps: [{ id: 's', title: 'S', ...step }] };
}
function when(value: unknown) {
  return { when: { fact: 'f', equals: value } };
}
function nested() {
  return {
    when: {
      all: [
        { any: [{ fact: 'f', in: ['x', 2, true] }, { 'severity-at-least': 'high' }] },
        { not: { fact: 'g', equals: 1.5 } },
      ],
    },
  };
}
function drill() {
  return { id: 'd', kind: 'drill', title: 'D', playbook: 'a', responses: [], expect: [{ 'all-required-done': true }] };
}
function duties(source: Record<string, unknown>) {
  return {
    id: 'duties-x',
    kind: 'duties',
    title: 'X',
    duties: [
      {
        id: 'x',
        jurisdiction: 'eu',
        title: 'Report',
        'applies-to': ['a'],
        recipient: 'R',
        deadline: '72h',
        statutory: true,
        'before-public': false,
        source: { title: 'Law', article: 'art. 1', issued: '2026-01-01', ...source },
        verified: false,
        note: 'a default to confirm with counsel',
      },
    ],
  };
}
