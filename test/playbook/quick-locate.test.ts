/**
 * The js-yaml position lookup (quick-locate.ts) answers with `yaml`'s line and column for every path, or not at
 * all: compared with the `yaml` Document lookup (load.ts lazyLocate) on every path of the built-in files, of
 * hand-written files with each YAML construct a playbook may use, and of thousands of damaged built-in files.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { applyDamage, damageOf } from '../helpers/damage.js';
import { parseDocument, stringify, type ToStringOptions } from 'yaml';
import { lazyLocate, type PathSegment } from '../../src/playbook/load.js';
import { quickLocate } from '../../src/playbook/quick-locate.js';
import { leftToYaml } from '../../src/playbook/quick-load.js';
import { FIXTURE_FILES } from '../helpers/fixtures.js';
import { BUILTIN_PLAYBOOKS, REPO_ROOT, yamlFiles } from '../helpers/paths.js';

const files = [
  ...yamlFiles(BUILTIN_PLAYBOOKS),
  ...yamlFiles(path.join(REPO_ROOT, 'test', 'fixtures')),
  path.join(REPO_ROOT, 'examples', 'org.yaml'),
].map((f) => ({ file: path.relative(REPO_ROOT, f), text: readFileSync(f, 'utf8') }));

/** Every path into a value, and beside each container a key and an index that are not there, and one too deep. */
function pathsOf(value: unknown, prefix: PathSegment[] = [], out: PathSegment[][] = []): PathSegment[][] {
  out.push(prefix);
  if (Array.isArray(value)) {
    value.forEach((v, i) => pathsOf(v, [...prefix, i], out));
    out.push([...prefix, value.length], [...prefix, String(value.length - 1)], [...prefix, 'missing']);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) pathsOf(v, [...prefix, k], out);
    out.push([...prefix, 'missing'], [...prefix, 0]);
  } else out.push([...prefix, 'deeper', 0]);
  return out;
}

/**
 * Whether the quick lookup answered; when it does, it must agree with `yaml` on every path. A text `yaml` finds an
 * error in is not compared (js-yaml accepts a few that `yaml` refuses, such as a quoted scalar continued at a lesser
 * indentation): the lookup serves files both parsers read.
 */
function agrees(text: string, label = ''): boolean {
  const quick = quickLocate(text);
  if (!quick || parseDocument(text, { uniqueKeys: true, strict: true }).errors.length > 0) return false;
  const full = lazyLocate(text);
  const paths = pathsOf(load(text));
  for (const p of paths) expect(quick(p), `${label} ${JSON.stringify(p)}`).toEqual(full(p));
  return true;
}

describe('quick position lookup', () => {
  it('answers for every built-in and fixture file the quick pass reads, at yaml positions on every path', () => {
    expect(files.length).toBeGreaterThan(30);
    let answered = 0;
    for (const { file, text } of files) {
      const ok = agrees(text, file);
      // what the quick pass leaves to yaml (anchors, a quoted value over two lines) it does not locate either
      if (!leftToYaml(text)) expect(ok, file).toBe(true);
      if (ok) answered += 1;
    }
    expect(answered).toBeGreaterThan(30);
    for (const [file, text] of Object.entries(FIXTURE_FILES)) expect(agrees(text, file), file).toBe(true);
  });

  const head = 'id: x\nkind: strategy\ntitle: X\n';
  it.each([
    [
      'comments between and inside',
      `# top\n${head}phases: # here\n  # before\n  - id: p # id\n    # mid\n    title: P\n`,
    ],
    ['a value on the next line, and deeper', `${head}summary:\n  long text\n  over lines\nphases:\n\n  -\n    id: p\n`],
    ['flow collections', `${head}phases: [ { id: p, steps: [ {id: s, tags: [a, b]}, { id: t } ] } ]\n`],
    ['a flow collection on the next line', `${head}phases:\n  [ {id: p}, {id: q} ]\nx:\n  {a: 1}\n`],
    ['block scalars', `${head}summary: |\n  one\n  two\ndescription: >-\n  folded\n\n  text\nsteps:\n  - |\n    x\n`],
    ['quoted keys and values', `${head}"quoted": 'single'\n'it''s': "dq ' x"\nphases:\n  - "id": "p"\n`],
    ['numeric, boolean and null keys, as yaml keeps them', `${head}1: one\ntrue: yes\n~: none\n"2": two\n1.5: x\n`],
    [
      'sequences in sequences, and a compact mapping',
      `${head}a:\n- - x\n  - y\n- - id: z\n    t: 1\nb:\n  - k: v\n    l: w\n`,
    ],
    ['a document start marker', `---\n${head}phases: []\n`],
    ['a document end marker', `${head}phases: []\n...\n`],
    ['CRLF line ends', `${head}phases:\r\n  - id: p\r\n    title: P\r\n`.replace(/\n/g, '\r\n').replace(/\r\r/g, '\r')],
    ['wide characters', `${head}summary: 危机预案 😀\nsteps:\n  - 标题: 值 😀\n    b: c\n`],
    ['no final line feed', `${head}phases:\n  - id: p`],
    ['a key with spaces and a colon in a value', `${head}a key: "x: y"\nurl: http://example.com/a:b\n`],
    ['indentation without a dash offset', `${head}phases:\n- id: p\n  steps:\n  - id: s\n`],
  ])('agrees with yaml on %s', (_what, text) => {
    expect(agrees(text)).toBe(true);
  });

  it.each([
    ['an anchor and alias', `${head}a: &x 1\nb: *x\n`],
    ['a tag', `${head}a: !!str 1\n`],
    ['an explicit key', `${head}? a\n: b\n`],
    ['an empty value', `${head}summary:\nphases: []\n`],
    ['an empty sequence entry', `${head}phases:\n  -\n  - id: p\n`],
    ['a key without a value in a flow mapping', `${head}a: {b, c: d}\n`],
    ['a pair in a flow sequence', `${head}a: [b: c]\n`],
    ['a merge key', `${head}a:\n  <<: {b: 1}\n`],
    ['a lone carriage return', `${head}a: b\rc: d\n`],
    ['a YAML error', `${head}a: "unclosed\n`],
  ])('steps aside (undefined) for %s', (_what, text) => {
    expect(quickLocate(text)).toBeUndefined();
  });

  it('places the steps of a playbook as yaml does: the start of the step, and its keys', () => {
    const text = `${head}phases:\n  - id: p\n    title: P\n    steps:\n      - id: s0\n        title: S0\n      - id: s1\n        owner: x\n`;
    const at = quickLocate(text)!;
    expect(at(['phases', 0, 'steps', 1])).toEqual({ line: 10, col: 9 });
    expect(at(['phases', 0, 'steps', 1, 'owner'])).toEqual({ line: 11, col: 16 });
    expect(at(['phases', 0, 'steps', 1, 'due'])).toEqual({ line: 10, col: 9 });
    expect(at(['phases', 0, 'steps', 2])).toEqual({ line: 8, col: 7 });
    expect(at([])).toEqual({ line: 1, col: 1 });
  });

  it('agrees with yaml on thousands of damaged built-in files, whenever it answers', () => {
    const pool = files.filter((f) => f.file.startsWith('playbooks'));
    let answered = 0;
    const damage = damageOf(
      [':', '- ', '"', "'", ' #', '#', '\t', '{', '[', '|', '>', ',', ']', '}', '\n', '\r\n', '  '],
      ['yes', '1', '~', '', '[]', '{}', '[a, b]', '{a: b}', '|\n  x', '>', '"a: b"', '- x'],
    );
    fc.assert(
      fc.property(fc.nat(pool.length - 1), fc.array(damage, { minLength: 1, maxLength: 3 }), (n, edits) => {
        const damaged = applyDamage(pool[n]!.text, edits);
        if (agrees(damaged)) answered += 1;
      }),
      { numRuns: 300, seed: 17 },
    );
    // Most damage leaves a file js-yaml reads: the comparison is not vacuous.
    expect(answered).toBeGreaterThan(100);
  }, 180_000);

  it('agrees with yaml on random documents written in every style yaml writes', () => {
    let answered = 0;
    const key = fc.oneof(fc.constantFrom('id', 'a b', '1', 'true', 'x-y', '标题'), fc.string({ maxLength: 6 }));
    const leaf = fc.oneof(fc.string({ maxLength: 30 }), fc.integer(), fc.boolean(), fc.constant(null), fc.double());
    const { tree } = fc.letrec((tie) => ({
      tree: fc.oneof({ depthSize: 'small' }, leaf, tie('list'), tie('map')),
      list: fc.array(tie('tree'), { maxLength: 4 }),
      map: fc.dictionary(key, tie('tree'), { maxKeys: 4 }),
    }));
    const style = fc.record({
      indent: fc.integer({ min: 1, max: 4 }),
      indentSeq: fc.boolean(),
      collectionStyle: fc.constantFrom('any' as const, 'block' as const, 'flow' as const),
      defaultStringType: fc.constantFrom('PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED'),
      defaultKeyType: fc.constantFrom(null, 'PLAIN', 'QUOTE_SINGLE'),
      lineWidth: fc.constantFrom(0, 20, 80),
      flowCollectionPadding: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.dictionary(key, tree, { minKeys: 1, maxKeys: 5 }), style, (doc, options) => {
        const text = stringify(doc, undefined, options as ToStringOptions);
        if (agrees(text)) answered += 1;
      }),
      { numRuns: 500, seed: 17 },
    );
    expect(answered).toBeGreaterThan(200);
  }, 60_000);
});
