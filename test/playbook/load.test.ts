import { describe, expect, it } from 'vitest';
import { YAMLMap, YAMLSeq } from 'yaml';
import {
  MAX_FILE_BYTES,
  decodeSource,
  formatPath,
  parseDrillSource,
  parseLibrarySource,
  parsePlaybookSource,
} from '../../src/playbook/load.js';

/** A minimal valid strategy; tests append to it or replace a line. */
const BASE = `id: demo
kind: strategy
title: Demo
phases:
  - id: p1
    title: Phase one
    steps:
      - id: s1
        title: Do it
`;

const problems = (source: string) =>
  parseLibrarySource(source, 'f.yaml').problems.map(({ code, line, col, message }) => ({ code, line, col, message }));

/** 2^(depth) expansions from a few lines of YAML: the "billion laughs". */
function aliasBomb(depth = 20): string {
  let s = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
  for (let i = 1; i < depth; i++)
    s += `a${i}: &a${i} [${Array(10)
      .fill(`*a${i - 1}`)
      .join(', ')}]\n`;
  return s;
}

describe('parseLibrarySource: valid files', () => {
  it('parses a minimal strategy with no problems', () => {
    const parsed = parseLibrarySource(BASE, 'f.yaml');
    expect(parsed.problems).toEqual([]);
    expect(parsed.data).toMatchObject({
      id: 'demo',
      kind: 'strategy',
      title: 'Demo',
      phases: [{ id: 'p1', steps: [{ id: 's1', title: 'Do it' }] }],
    });
  });

  it('picks the drill schema for kind: drill', () => {
    const parsed = parseLibrarySource(
      'id: d\nkind: drill\ntitle: D\nplaybook: x\nresponses: []\nexpect: [ { completed: [a] } ]\n',
      'd.yaml',
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.data).toMatchObject({ kind: 'drill', playbook: 'x' });
  });

  it('locates any path, falling back to the nearest ancestor with a node', () => {
    const parsed = parsePlaybookSource(BASE, 'f.yaml');
    expect(parsed.locate(['phases', 0, 'steps', 0, 'title'])).toEqual({ line: 9, col: 16 });
    expect(parsed.locate(['phases', 0, 'steps', 0, 'owner'])).toEqual({ line: 8, col: 9 });
    expect(parsed.locate([])).toEqual({ line: 1, col: 1 });
  });

  it('locates a path that leaves a deep document with one lookup per level, not one walk per prefix', () => {
    // A 300-level `when` whose reported path runs 300 segments past what the document holds: the
    // old per-prefix `getIn` walked the 300 levels again for each of the 300 missing segments
    // (90,000 lookups; a 900-level nesting took 12 s to place one problem). The value x is at col 2423.
    let when = '{ fact: x, equals: y }';
    for (let i = 0; i < 300; i++) when = `{ all: [${when}] }`;
    const parsed = parsePlaybookSource(`${BASE}        when: ${when}\n`, 'f.yaml');
    expect(parsed.problems).toEqual([]);
    const inside = Array.from({ length: 300 }, () => ['all', 0]).flat();
    const path = ['phases', 0, 'steps', 0, 'when', ...inside, 'fact', ...Array.from({ length: 300 }, (_, i) => i)];
    let lookups = 0;
    const counted = [YAMLMap.prototype, YAMLSeq.prototype].map((proto) => {
      const get = proto.get;
      proto.get = function (this: typeof proto, ...args: Parameters<typeof get>) {
        lookups += 1;
        return get.apply(this, args);
      } as typeof get;
      return () => (proto.get = get);
    });
    try {
      expect(parsed.locate(path)).toEqual({ line: 10, col: 15 + 8 * 300 + 8 });
    } finally {
      for (const restore of counted) restore();
    }
    expect(lookups).toBeLessThanOrEqual(path.length);
  });

  it('accepts a text map with en and zh', () => {
    expect(problems(BASE.replace('title: Demo', 'title: { en: Demo, zh: 演示 }'))).toEqual([]);
  });
});

describe('parseLibrarySource: problems with exact positions', () => {
  it('unknown field: at the key, naming the field and its path', () => {
    expect(problems(`${BASE}        colour: red\n`)).toEqual([
      { code: 'schema', line: 10, col: 9, message: 'phases[0].steps[0].colour: unknown field "colour"' },
    ]);
  });

  it('unknown top-level field', () => {
    expect(problems(`${BASE}owner: nobody\n`)).toEqual([
      { code: 'schema', line: 10, col: 1, message: 'owner: unknown field "owner"' },
    ]);
  });

  it('wrong type: at the value', () => {
    expect(problems(BASE.replace('title: Do it', 'title: Do it\n        checklist: 5'))).toEqual([
      {
        code: 'schema',
        line: 10,
        col: 20,
        message: 'phases[0].steps[0].checklist: Invalid input: expected array, received number',
      },
    ]);
  });

  it('text map without en', () => {
    expect(problems(BASE.replace('title: Demo', 'title: { zh: 演示 }'))).toEqual([
      { code: 'schema', line: 3, col: 8, message: 'title.en: Invalid input: expected string, received undefined' },
    ]);
  });

  it('text map with an unknown language', () => {
    expect(problems(BASE.replace('title: Demo', 'title: { en: Demo, fr: Démo }'))).toEqual([
      { code: 'schema', line: 3, col: 20, message: 'title.fr: unknown field "fr"' },
    ]);
  });

  it('bad id', () => {
    expect(problems(BASE.replace('id: demo', 'id: Demo_1'))).toEqual([
      {
        code: 'schema',
        line: 1,
        col: 5,
        message: 'id: must be lower-kebab-case (a-z, 0-9 and single dashes), at most 64 characters',
      },
    ]);
  });

  it('bad kind', () => {
    expect(problems(BASE.replace('kind: strategy', 'kind: crysis'))).toEqual([
      {
        code: 'schema',
        line: 2,
        col: 7,
        message: 'kind: Invalid option: expected one of "crisis"|"strategy"|"review"',
      },
    ]);
  });

  it('due that is neither a duration nor a name', () => {
    expect(problems(BASE.replace('title: Do it', 'title: Do it\n        due: 30 minutes'))).toEqual([
      {
        code: 'schema',
        line: 10,
        col: 14,
        message: 'phases[0].steps[0].due: must be a duration (45s, 30m, 4h, 2d) or a target name',
      },
    ]);
  });

  it('missing required field: at the document', () => {
    expect(problems('id: demo\nkind: strategy\ntitle: Demo\n')).toEqual([
      { code: 'schema', line: 1, col: 1, message: 'phases: Invalid input: expected array, received undefined' },
    ]);
  });

  it('a document that is not a mapping', () => {
    expect(problems('just a string\n')).toEqual([
      { code: 'schema', line: 1, col: 1, message: '(document): Invalid input: expected object, received string' },
    ]);
    expect(problems('- a\n- b\n')).toEqual([
      { code: 'schema', line: 1, col: 1, message: '(document): Invalid input: expected object, received array' },
    ]);
  });

  it('reports every problem in a file at once', () => {
    const source = BASE.replace('id: demo', 'id: Demo').replace(
      'title: Do it',
      'title: Do it\n        due: soon!\n        colour: red',
    );
    const found = problems(source).sort((x, y) => x.line! - y.line! || x.col! - y.col!);
    expect(found.map((p) => [p.line, p.col, p.message.split(':')[0]])).toEqual([
      [1, 5, 'id'],
      [10, 14, 'phases[0].steps[0].due'],
      [11, 9, 'phases[0].steps[0].colour'],
    ]);
  });

  it.each([
    ['empty', ''],
    ['only whitespace', '\n\n   \n'],
    ['only a comment', '# nothing here\n'],
  ])('empty file (%s): file.empty at 1:1', (_name, source) => {
    expect(problems(source)).toEqual([
      {
        code: 'file.empty',
        line: 1,
        col: 1,
        message: 'file is empty: expected a playbook (a YAML mapping with id, kind, title and phases)',
      },
    ]);
  });

  it('alias bomb: refused with yaml.aliases, quickly', () => {
    const started = performance.now();
    const found = problems(aliasBomb());
    expect(performance.now() - started).toBeLessThan(1000);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ code: 'yaml.aliases', line: 1, col: 1 });
    expect(found[0]!.message).toMatch(/^cannot expand document: Excessive alias count/);
  });

  it('a few aliases are fine', () => {
    expect(problems(`${BASE}        checklist: &items [One, Two]\n`)).toEqual([]);
  });

  it.each([
    ['flow', `x: ${'['.repeat(5000)}${']'.repeat(5000)}\n`],
    ['block', Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i)}k:`).join('\n')],
  ])('deeply nested document (%s): yaml problems, no throw, quickly', (_name, source) => {
    // how many problems depends on the stack size left (see the e2e test)
    const started = performance.now();
    const found = problems(source);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(found.length).toBeGreaterThan(0);
    for (const p of found) expect(p.code).toMatch(/^yaml\./);
  });

  describe('YAML syntax errors', () => {
    const cases: Array<[string, string, string]> = [
      ['duplicate key', 'id: demo\nkind: strategy\nid: again\n', 'Map keys must be unique'],
      ['tab indentation', 'id: demo\n\tkind: strategy\n', 'Tabs are not allowed as indentation'],
      [
        'sequence item without dash',
        'id: demo\nphases:\n  - id: a\n   title: b\n',
        'Sequence item without - indicator',
      ],
      [
        'two documents',
        'id: a\n---\nid: b\n',
        'Source contains multiple documents; please use YAML.parseAllDocuments()',
      ],
    ];
    it.each(cases)('%s: code yaml.syntax and the message', (_name, source, message) => {
      expect(problems(source)).toEqual([expect.objectContaining({ code: 'yaml.syntax', message })]);
    });

    // Regression: with prettyErrors: false, YAMLError.linePos is unset and
    // syntax errors used to carry no line:col.
    const positions: Array<[string, string, number, number]> = [
      ['duplicate key', cases[0]![1], 3, 1],
      ['tab indentation', cases[1]![1], 2, 1],
      ['sequence item without dash', cases[2]![1], 4, 1],
      ['two documents', cases[3]![1], 2, 1],
    ];
    it.each(positions)('%s: exact line and col', (_name, source, line, col) => {
      expect(problems(source)).toEqual([expect.objectContaining({ code: 'yaml.syntax', line, col })]);
    });
  });
});

describe('decodeSource', () => {
  const bytes = (s: string) => new TextEncoder().encode(s);

  it('plain UTF-8 passes through', () => {
    expect(decodeSource(bytes('id: 演示\n'), 'f.yaml')).toEqual({ text: 'id: 演示\n' });
  });

  it('strips a UTF-8 byte order mark, so positions stay right', () => {
    const decoded = decodeSource(
      new Uint8Array([0xef, 0xbb, 0xbf, ...bytes(`${BASE}        colour: red\n`)]),
      'f.yaml',
    );
    expect(decoded.text!.charCodeAt(0)).not.toBe(0xfeff);
    expect(problems(decoded.text!)).toEqual([expect.objectContaining({ code: 'schema', line: 10, col: 9 })]);
  });

  it('invalid UTF-8 is file.encoding', () => {
    expect(decodeSource(new Uint8Array([0x69, 0x64, 0x3a, 0x20, 0xe9, 0x0a]), 'f.yaml')).toEqual({
      problem: {
        file: 'f.yaml',
        severity: 'error',
        code: 'file.encoding',
        message: 'not valid UTF-8 text',
        said: { key: 'problem.file.encoding' },
      },
    });
  });

  it('NUL bytes are file.binary', () => {
    expect(decodeSource(new Uint8Array([0x61, 0x00, 0x62]), 'f.yaml').problem).toMatchObject({
      code: 'file.binary',
      message: 'not a text file (contains NUL bytes)',
    });
  });

  it('more than MAX_FILE_BYTES is file.too-big', () => {
    expect(MAX_FILE_BYTES).toBe(5 * 1024 * 1024);
    expect(decodeSource(new Uint8Array(MAX_FILE_BYTES + 1).fill(0x20), 'f.yaml').problem).toMatchObject({
      code: 'file.too-big',
      message: 'file is 5.0 MB; the limit is 5 MB',
    });
    expect(decodeSource(new Uint8Array(MAX_FILE_BYTES).fill(0x20), 'f.yaml').problem).toBeUndefined();
  });
});

describe('parseDrillSource and formatPath', () => {
  it('a drill needs at least one expectation', () => {
    const parsed = parseDrillSource('id: d\nkind: drill\ntitle: D\nplaybook: x\nresponses: []\nexpect: []\n', 'd.yaml');
    expect(parsed.problems.map(({ code, line, col, message }) => ({ code, line, col, message }))).toEqual([
      { code: 'schema', line: 6, col: 9, message: 'expect: Too small: expected array to have >=1 items' },
    ]);
  });

  it.each([
    [[], '(document)'],
    [['id'], 'id'],
    [['phases', 0, 'steps', 2, 'id'], 'phases[0].steps[2].id'],
  ] as Array<[PropertyKey[], string]>)('formatPath(%j) = %s', (path, text) => {
    expect(formatPath(path)).toBe(text);
  });
});
