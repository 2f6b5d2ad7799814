/**
 * A seeded, reproducible generator of malformed playbook and drill files.
 *
 * It starts from a small library that validates with no errors (the shared
 * test fixture plus two strategies that `use:` each other in one direction)
 * and turns one file of it at a time into a broken one. Every mutation is
 * invalid by construction (it breaks a rule of the schema, of YAML, of the
 * encoding or of the composed plan), so "the tool reports at least one error"
 * is a fair thing to demand of every mutant.
 *
 * Where the generator knows where the defect is, it records the lines a
 * precise report may name (`expectLines`): the value it replaced, the key it
 * added, the line it duplicated, the `use:` it wrote.
 *
 * Same seed, same count -> same mutants, byte for byte.
 */
import { LineCounter, isMap, isPair, isScalar, parseDocument, stringify, type Node } from 'yaml';
import { FIXTURE_FILES } from '../helpers/fixtures.js';

export const CHAIN_A = `id: chain-a
kind: strategy
title: Chain A
phases:
  - id: ca-one
    title: One
    steps:
      - id: ca-step
        title: Step A
        owner: incident-lead
  - use: chain-b
`;

export const CHAIN_B = `id: chain-b
kind: strategy
title: Chain B
phases:
  - id: cb-one
    title: One
    steps:
      - id: cb-step
        title: Step B
        owner: incident-lead
`;

/** The valid library every mutant starts from, file name -> YAML. */
export const BASE_FILES: Record<string, string> = {
  ...FIXTURE_FILES,
  'strategies/chain-a.yaml': CHAIN_A,
  'strategies/chain-b.yaml': CHAIN_B,
};

export const MUTATION_KINDS = [
  'wrong-type',
  'missing-field',
  'extra-field',
  'broken-yaml',
  'duplicate-key',
  'tab-indent',
  'bom',
  'crlf',
  'invalid-utf8',
  'control-char',
  'nul-byte',
  'huge-string',
  'huge-plan',
  'deep-nesting',
  'alias-bomb',
  'use-cycle',
  'drill-ref',
  'not-a-playbook',
] as const;
export type MutationKind = (typeof MUTATION_KINDS)[number];

/** Cheap kinds are drawn often; the expensive ones (MBs of text, 10,000 steps) rarely. */
const WEIGHTS: Record<MutationKind, number> = {
  'wrong-type': 14,
  'missing-field': 12,
  'extra-field': 12,
  'broken-yaml': 8,
  'duplicate-key': 8,
  'tab-indent': 6,
  bom: 5,
  crlf: 5,
  'invalid-utf8': 5,
  'control-char': 6,
  'nul-byte': 2,
  'huge-string': 0.4,
  'huge-plan': 0.25,
  'deep-nesting': 3,
  'alias-bomb': 3,
  'use-cycle': 4,
  'drill-ref': 4,
  'not-a-playbook': 2,
};

export interface Mutant {
  /** 0-based index in the run; with the seed, enough to replay it */
  index: number;
  kind: MutationKind;
  /** what exactly was done, for failure messages */
  detail: string;
  /** the base file it replaces, e.g. crises/widget-recall.yaml */
  file: string;
  bytes: Uint8Array;
  /** lines a precise report may point at (any one will do); empty: no claim */
  expectLines: number[];
  /** a problem code the report must contain, when the kind decides it */
  expectCode?: RegExp;
}

/** mulberry32: small, fast, seeded. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  constructor(readonly next: () => number) {}
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from nothing');
    return items[this.int(items.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

const enc = new TextEncoder();
const utf8 = (s: string) => enc.encode(s);

// ------------------------------------------------------------ data-level walk

type Seg = string | number;
interface Spot {
  path: Seg[];
  value: unknown;
}

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Maps whose keys are names chosen by the author (not a fixed set of fields). */
function isRecord(path: readonly Seg[]): boolean {
  const last = path[path.length - 1];
  return (
    last === 'targets' ||
    last === 'statement' ||
    last === 'facts' ||
    (last === 'inputs' && (path.includes('responses') || path.includes('injects')))
  );
}
const insideRecord = (path: readonly Seg[]) => path.some((_, i) => i > 0 && isRecord(path.slice(0, i)));

function walk(value: unknown, path: Seg[] = [], out: Spot[] = []): Spot[] {
  out.push({ path, value });
  if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, i], out));
  else if (isObj(value)) for (const [k, v] of Object.entries(value)) walk(v, [...path, k], out);
  return out;
}

/** The required fields of the object at `path`, or undefined when it is not a fixed-shape object. */
function requiredKeys(
  root: Record<string, unknown>,
  path: readonly Seg[],
  obj: Record<string, unknown>,
): string[] | undefined {
  if (isRecord(path)) return undefined;
  if ('en' in obj && Object.keys(obj).every((k) => k === 'en' || k === 'zh')) return ['en'];
  if (insideRecord(path)) return undefined;
  const last = path[path.length - 1];
  const parent = path[path.length - 2];
  if (path.length === 0)
    return root.kind === 'drill'
      ? ['id', 'kind', 'title', 'playbook', 'responses', 'expect']
      : ['id', 'kind', 'title', 'phases'];
  if (path.includes('when')) return Object.keys(obj); // every key of a condition is needed
  if (typeof last === 'number' && parent === 'phases') return 'use' in obj ? ['use'] : ['id', 'title', 'steps'];
  if (typeof last === 'number' && parent === 'steps') return ['id', 'title'];
  if (typeof last === 'number' && parent === 'inputs') return ['id', 'label', 'type'];
  if (typeof last === 'number' && parent === 'choices') return ['value', 'label'];
  if (typeof last === 'number' && parent === 'roles') return ['id', 'title'];
  if (typeof last === 'number' && parent === 'responses') return ['action'];
  if (typeof last === 'number' && parent === 'injects') return ['at', 'message'];
  if (typeof last === 'number' && parent === 'expect') return Object.keys(obj);
  if (last === 'severity' && path.length === 1) return ['default'];
  return undefined;
}

/** Keys whose value must be a string (or a Text) wherever they appear outside author-named maps. */
const STRING_KEYS = new Set([
  'id',
  'kind',
  'title',
  'owner',
  'due',
  'label',
  'type',
  'playbook',
  'action',
  'step',
  'use',
  'at',
  'message',
  'summary',
  'guidance',
  'reason',
  'text',
  'channel',
  'by',
  'operator',
  'value',
  'approve-by',
  'assigns-role',
  'review',
  'pause-point',
  'mode',
  'unlisted',
  'en',
  'zh',
]);

function setAt(root: unknown, path: readonly Seg[], value: unknown): void {
  let node = root as Record<string | number, unknown>;
  for (const seg of path.slice(0, -1)) node = node[seg] as Record<string | number, unknown>;
  node[path[path.length - 1]!] = value;
}

/** 1-based line of the node at `path` in `text`, and of its key when it has one. */
function linesOf(text: string, path: readonly Seg[]): number[] {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc });
  const out: number[] = [];
  const node = path.length === 0 ? doc.contents : (doc.getIn(path, true) as Node | undefined);
  if (node && 'range' in node && node.range) out.push(lc.linePos(node.range[0]).line);
  if (path.length > 0) {
    const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
    if (isMap(parent)) {
      for (const pair of parent.items)
        if (isPair(pair) && isScalar(pair.key) && pair.key.value === path[path.length - 1] && pair.key.range)
          out.push(lc.linePos(pair.key.range[0]).line);
    }
  }
  return [...new Set(out)];
}

const dump = (value: unknown) => stringify(value, { lineWidth: 0 });

// ------------------------------------------------------------ the mutations

interface Made {
  detail: string;
  text?: string;
  bytes?: Uint8Array;
  expectLines?: number[];
  expectCode?: RegExp;
  /** which base file to replace (defaults to the one drawn) */
  file?: string;
}

type Mutator = (rng: Rng, file: string, source: string) => Made;

/** The data-level mutations; BOM, CRLF and control characters wrap one of these. */
const DATA_MUTATORS: Record<'wrong-type' | 'missing-field' | 'extra-field', Mutator> = {
  'wrong-type': (rng, _file, source) => {
    const root = parseDocument(source).toJS() as Record<string, unknown>;
    const spots = walk(root).filter((s) => s.path.length > 0);
    const stringy = spots.filter(
      (s) =>
        typeof s.value === 'string' &&
        STRING_KEYS.has(String(s.path[s.path.length - 1])) &&
        !insideRecord(s.path) &&
        !isRecord(s.path),
    );
    const useStringy = stringy.length > 0 && rng.chance(0.4);
    const spot = useStringy ? rng.pick(stringy) : rng.pick(spots);
    let replacement: unknown;
    if (useStringy) replacement = rng.pick<unknown>([42, true, null, ['a', 'b'], 3.5]);
    // No field takes a number, a boolean or null where a list or a map belongs, nor a map where a scalar does.
    else if (isObj(spot.value) || Array.isArray(spot.value)) replacement = rng.pick<unknown>([42, true, null]);
    else replacement = rng.pick<unknown>([{ fuzz: [1, 2] }, [[1], [2]], { nested: { deeper: true } }]);
    setAt(root, spot.path, replacement);
    const text = dump(root);
    return {
      detail: `${spot.path.join('.')} := ${JSON.stringify(replacement)}`,
      text,
      expectLines: linesOf(text, spot.path),
    };
  },
  'missing-field': (rng, _file, source) => {
    const root = parseDocument(source).toJS() as Record<string, unknown>;
    const candidates = walk(root)
      .filter((s) => isObj(s.value))
      .map((s) => ({
        ...s,
        keys:
          requiredKeys(root, s.path, s.value as Record<string, unknown>)?.filter((k) => k in (s.value as object)) ?? [],
      }))
      .filter((s) => s.keys.length > 0);
    const spot = rng.pick(candidates);
    const key = rng.pick(spot.keys);
    delete (spot.value as Record<string, unknown>)[key];
    const text = dump(root);
    return { detail: `${[...spot.path, key].join('.')} removed`, text, expectLines: linesOf(text, spot.path) };
  },
  'extra-field': (rng, _file, source) => {
    const root = parseDocument(source).toJS() as Record<string, unknown>;
    const objects = walk(root).filter(
      (s) =>
        isObj(s.value) &&
        !isRecord(s.path) &&
        requiredKeys(root, s.path, s.value as Record<string, unknown>) !== undefined,
    );
    const spot = rng.pick(objects);
    const key =
      rng.pick(['x-fuzz', 'notes', 'Title', 'ID', 'stepz', 'phase', 'extra']) +
      (rng.chance(0.5) ? `-${rng.int(1000)}` : '');
    const value = rng.pick<unknown>(['text', 1, true, ['a'], { a: 1 }]);
    (spot.value as Record<string, unknown>)[key] = value;
    const text = dump(root);
    return { detail: `${[...spot.path, key].join('.')} added`, text, expectLines: linesOf(text, [...spot.path, key]) };
  },
};

function dataMutation(rng: Rng, file: string, source: string): Made {
  const kind = rng.pick(['wrong-type', 'missing-field', 'extra-field'] as const);
  return DATA_MUTATORS[kind](rng, file, source);
}

const lines = (s: string) => s.split('\n');
/** Indices (0-based) of lines that are `<indent>key: value` pairs. */
const pairLines = (src: string) => lines(src).flatMap((l, i) => (/^\s*(- )?[a-z][\w-]*:( |$)/.test(l) ? [i] : []));

const MUTATORS: Record<MutationKind, Mutator> = {
  ...DATA_MUTATORS,

  'broken-yaml': (rng, _file, source) => {
    const ls = lines(source);
    const at = 1 + rng.int(ls.length - 2); // never before the first line
    const indent = /^\s*/.exec(ls[at]!)![0];
    const variant = rng.int(6);
    let detail: string;
    if (variant === 0) {
      ls.splice(at, 0, `${indent}{unclosed: [1, 2`);
      detail = 'unclosed flow collection';
    } else if (variant === 1) {
      ls.splice(at, 0, `${indent}]`);
      detail = 'stray ]';
    } else if (variant === 2) {
      ls.splice(at, 0, `${indent}key: value: other`);
      detail = 'nested mapping in a compact mapping';
    } else if (variant === 3) {
      const i = rng.pick(pairLines(source).filter((n) => n >= 1));
      ls[i] = ls[i]!.replace(/:( .*)?$/, ": 'unterminated");
      return {
        detail: `unterminated quote on line ${i + 1}`,
        text: ls.join('\n'),
        expectLines: [i + 1],
        expectCode: /yaml\.syntax/,
      };
    } else if (variant === 4) {
      const i = rng.pick(pairLines(source).filter((n) => n >= 1));
      ls[i] = ls[i]!.replace(/:( .*)?$/, ': @reserved');
      return {
        detail: `value starting with @ on line ${i + 1}`,
        text: ls.join('\n'),
        expectLines: [i + 1],
        expectCode: /yaml\.syntax/,
      };
    } else {
      const end = ls.length;
      ls.push('---', 'id: second-document');
      return {
        detail: 'two documents in one file',
        text: ls.join('\n'),
        expectLines: [end],
        expectCode: /yaml\.syntax/,
      };
    }
    return {
      detail: `${detail} inserted at line ${at + 1}`,
      text: ls.join('\n'),
      expectLines: [at + 1],
      expectCode: /yaml\.syntax/,
    };
  },

  'duplicate-key': (rng, _file, source) => {
    const ls = lines(source);
    const i = rng.pick(pairLines(source));
    const line = ls[i]!;
    const dash = /^(\s*)- /.exec(line);
    const copy = dash ? `${dash[1]}  ${line.slice(dash[0].length)}` : line;
    ls.splice(i + 1, 0, copy);
    // yaml names either copy (the first when its value is empty), so both lines count.
    return {
      detail: `line ${i + 1} duplicated`,
      text: ls.join('\n'),
      expectLines: [i + 1, i + 2],
      expectCode: /yaml\.syntax/,
    };
  },

  'tab-indent': (rng, _file, source) => {
    const ls = lines(source);
    const indented = ls.flatMap((l, i) => (/^ +\S/.test(l) ? [i] : []));
    const i = rng.pick(indented);
    const spaces = /^ +/.exec(ls[i]!)![0].length;
    ls[i] = (rng.chance(0.5) ? '\t' : `${' '.repeat(Math.max(0, spaces - 2))}\t`) + ls[i]!.trimStart();
    return {
      detail: `tab indentation on line ${i + 1}`,
      text: ls.join('\n'),
      expectLines: [i + 1],
      expectCode: /yaml\.syntax/,
    };
  },

  bom: (rng, file, source) => {
    // A BOM is allowed (and skipped); what it must not do is shift the reported positions.
    const inner = dataMutation(rng, file, source);
    return { ...inner, detail: `BOM + ${inner.detail}`, text: `\uFEFF${inner.text}` };
  },

  crlf: (rng, file, source) => {
    const inner = dataMutation(rng, file, source);
    if (rng.chance(0.2))
      return { detail: `CR-only line ends + ${inner.detail}`, text: inner.text!.replace(/\n/g, '\r'), expectLines: [] };
    return { ...inner, detail: `CRLF + ${inner.detail}`, text: inner.text!.replace(/\n/g, '\r\n') };
  },

  'invalid-utf8': (rng, _file, source) => {
    const bytes = utf8(source);
    // Only at ASCII positions, so a valid multi-byte character is never split.
    const ascii = [...bytes.keys()].filter((i) => bytes[i]! < 0x80);
    const at = rng.pick(ascii);
    const bad = rng.pick([
      [0xff],
      [0xc0, 0xaf],
      [0xed, 0xa0, 0x80],
      [0xe2, 0x82],
      [0x80],
      [0xf8, 0x88, 0x80, 0x80, 0x80],
      [0xc3],
    ]);
    const out = new Uint8Array(bytes.length + bad.length);
    out.set(bytes.subarray(0, at));
    out.set(bad, at);
    out.set(bytes.subarray(at), at + bad.length);
    return {
      detail: `bytes ${bad.map((b) => b.toString(16)).join(' ')} at offset ${at}`,
      bytes: out,
      expectCode: /file\.encoding/,
    };
  },

  'control-char': (rng, file, source) => {
    const ctl = rng.pick([
      '\u0001',
      '\u0007',
      '\u0008',
      '\u000b',
      '\u000c',
      '\u001b',
      '\u001b[2J',
      '\u007f',
      '\u0085',
      '\u009b',
      '\u202e',
      '\u2066',
    ]);
    const ls = lines(source);
    const variant = rng.int(3);
    if (variant === 0) {
      // Inside an id: no longer lower-kebab-case.
      const ids = ls.flatMap((l, i) => (/^\s*(- )?id: [a-z0-9-]+\s*$/.test(l) ? [i] : []));
      const i = rng.pick(ids);
      ls[i] = `${ls[i]!.trimEnd()}${ctl}x`;
      return { detail: `${JSON.stringify(ctl)} in the id on line ${i + 1}`, text: ls.join('\n'), expectLines: [i + 1] };
    }
    if (variant === 1) {
      // As a key: an unknown field whose name holds the control character.
      const i = rng.pick(pairLines(source).filter((n) => /^[a-z]/.test(ls[n]!)));
      ls.splice(i, 0, `"x${ctl}y": 1`);
      return {
        detail: `${JSON.stringify(ctl)} in a top-level key at line ${i + 1}`,
        text: ls.join('\n'),
        expectLines: [i + 1],
      };
    }
    // In a text, which may legally hold it, plus a real defect on another line.
    const inner = dataMutation(rng, file, source);
    const out = lines(inner.text!);
    const titles = out.flatMap((l, i) =>
      /^\s*(?:- )?title: [A-Z][a-z]/.test(l) && !(inner.expectLines ?? []).includes(i + 1) ? [i] : [],
    );
    if (titles.length > 0) {
      const i = rng.pick(titles);
      out[i] = out[i]!.replace(/(title: [A-Z])/, `$1${ctl}`);
    }
    return { ...inner, detail: `${JSON.stringify(ctl)} in a title + ${inner.detail}`, text: out.join('\n') };
  },

  'nul-byte': (rng, _file, source) => {
    const at = rng.int(source.length);
    return {
      detail: `NUL at offset ${at}`,
      text: `${source.slice(0, at)}\u0000${source.slice(at)}`,
      expectCode: /file\.binary/,
    };
  },

  'huge-string': (rng, file, source) => {
    const mb = 'x'.repeat(1 << 20);
    const variant = rng.int(4);
    const ls = lines(source);
    if (variant === 0) {
      const i = ls.findIndex((l) => l.startsWith('id: '));
      ls[i] = `id: ${mb}`;
      return { detail: '1 MB id', text: ls.join('\n'), expectLines: [i + 1] };
    }
    if (variant === 1) {
      // A 1 MB title is allowed; the defect comes with it.
      const inner = dataMutation(rng, file, source.replace(/^title: .*$/m, `title: "${mb}"`));
      return { ...inner, detail: `1 MB title + ${inner.detail}` };
    }
    if (variant === 2) {
      ls.splice(1, 0, `${mb}: 1`);
      return { detail: '1 MB key', text: ls.join('\n'), expectLines: [2] };
    }
    // Over the size cap: refused before it is parsed.
    return {
      detail: '5.5 MB file',
      text: `${source}${`# ${'y'.repeat(1021)}\n`.repeat(5632)}`,
      expectCode: /file\.too-big/,
    };
  },

  'huge-plan': (rng, file, source) => {
    const ls = lines(source);
    const stepsLine = ls.findIndex((l) => /^\s+steps:\s*$/.test(l));
    if (stepsLine < 0) throw new Error(`no block steps: in ${file}`);
    const indent = /^\s*/.exec(ls[stepsLine + 1]!)![0];
    const n = 10_000;
    const defect = 1 + rng.int(n - 1);
    const variant = rng.int(3);
    const out: string[] = [];
    let expectLine = 0;
    for (let i = 0; i < n; i++) {
      const line = stepsLine + 2 + out.length;
      if (i === defect && variant === 0) {
        expectLine = line;
        out.push(
          `${indent}- id: fz-0`,
          `${indent}  title: Duplicate of the first generated step`,
          `${indent}  owner: incident-lead`,
        );
      } else if (i === defect && variant === 1) {
        expectLine = line + 1;
        out.push(`${indent}- id: fz-${i}`, `${indent}  title: [not, a, text]`, `${indent}  owner: incident-lead`);
      } else if (i === defect) {
        expectLine = line + 2;
        out.push(`${indent}- id: fz-${i}`, `${indent}  title: Step ${i}`, `${indent}  owner: nobody-${i}`);
      } else out.push(`${indent}- id: fz-${i}`, `${indent}  title: Step ${i}`, `${indent}  owner: incident-lead`);
    }
    ls.splice(stepsLine + 1, 0, ...out);
    const what = ['a duplicate step id', 'a title that is a list', 'an unknown owner role'][variant];
    return { detail: `10,000 steps with ${what} at step ${defect}`, text: ls.join('\n'), expectLines: [expectLine] };
  },

  'deep-nesting': (rng, file, source) => {
    const ls = lines(source);
    // Kept below the depth at which the parsers' own stacks run out; that is
    // the subject of a separate test (too-deep.test.ts).
    const depth = 10 + rng.int(240);
    const variant = rng.int(4);
    if (variant <= 1) {
      // A deep `when` whose innermost fact is unknown (lint) or whose severity is not one (schema).
      const leaf =
        variant === 0 ? '{ fact: no-such-fact-anywhere, equals: true }' : '{ severity-at-least: apocalyptic }';
      let cond = leaf;
      for (let i = 0; i < depth; i++)
        cond = rng.chance(0.5) ? `{ not: ${cond} }` : `{ ${rng.pick(['all', 'any'])}: [${cond}] }`;
      const titleOfStep = ls.findIndex((l, i) => /^\s+title: /.test(l) && i > 0 && /^\s+- id: /.test(ls[i - 1]!));
      if (titleOfStep < 0) return MUTATORS['wrong-type'](rng, file, source);
      const indent = /^\s*/.exec(ls[titleOfStep]!)![0];
      ls.splice(titleOfStep + 1, 0, `${indent}when: ${cond}`);
      return {
        detail: `when nested ${depth} deep, innermost ${variant === 0 ? 'unknown fact' : 'bad severity'}`,
        text: ls.join('\n'),
        expectLines: [titleOfStep + 2],
      };
    }
    if (variant === 2) {
      const i = ls.findIndex((l) => l.startsWith('title: '));
      ls[i] = `title: ${'['.repeat(depth)}${']'.repeat(depth)}`;
      return { detail: `title is a list nested ${depth} deep`, text: ls.join('\n'), expectLines: [i + 1] };
    }
    const d = Math.min(depth, 200);
    const block = [
      'x-deep:',
      ...Array.from({ length: d }, (_, i) => `${'  '.repeat(i + 1)}k${i}:`),
      `${'  '.repeat(d + 1)}leaf`,
    ];
    ls.splice(1, 0, ...block);
    return { detail: `an unknown key holding a map nested ${d} deep`, text: ls.join('\n'), expectLines: [2] };
  },

  'alias-bomb': (rng, _file, source) => {
    const variant = rng.int(4);
    const ls = lines(source);
    if (variant === 0) {
      const depth = 9 + rng.int(12);
      const bomb = ['x-bomb:', '  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
      for (let i = 1; i < depth; i++)
        bomb.push(
          `  a${i}: &a${i} [${Array(10)
            .fill(`*a${i - 1}`)
            .join(', ')}]`,
        );
      ls.splice(1, 0, ...bomb);
      return { detail: `billion laughs, ${depth} levels`, text: ls.join('\n'), expectCode: /yaml\.aliases/ };
    }
    if (variant === 1) {
      const i = ls.findIndex((l) => l.startsWith('title: '));
      ls[i] = 'title: &self [*self]';
      return { detail: 'an alias inside its own anchor', text: ls.join('\n'), expectLines: [i + 1] };
    }
    if (variant === 2) {
      const i = rng.pick(pairLines(source).filter((n) => n >= 1));
      ls[i] = ls[i]!.replace(/:( .*)?$/, ': *never-anchored');
      return {
        detail: `unresolved alias on line ${i + 1}`,
        text: ls.join('\n'),
        expectLines: [i + 1],
        expectCode: /yaml\.(syntax|aliases)/,
      };
    }
    // An anchored step spliced in twice: valid YAML, a duplicate step id.
    const stepLine = ls.findIndex((l, i) => i > 0 && /^\s+- id: /.test(l) && /^\s+steps:\s*$/.test(ls[i - 1]!));
    if (stepLine < 0)
      return {
        detail: 'an alias before any anchor',
        text: `x: [*a]\n${source}`,
        expectLines: [1],
        expectCode: /yaml\.(syntax|aliases)/,
      };
    const indent = /^(\s*)- /.exec(ls[stepLine]!)![1]!;
    let end = ls.findIndex((l, i) => i > stepLine && l.trim() !== '' && /^\s*/.exec(l)![0].length <= indent.length);
    if (end < 0) end = ls.length;
    ls.splice(end, 0, `${indent}- *dup`);
    ls.splice(stepLine, 1, `${indent}- &dup`, ls[stepLine]!.replace('- id: ', '  id: '));
    return { detail: 'a step repeated through an alias', text: ls.join('\n'), expectCode: /ids\.duplicate-step/ };
  },

  'use-cycle': (rng, file, source) => {
    const data = parseDocument(source).toJS() as { id: string; kind: string };
    const options: Array<{ use: string; detail: string; code: RegExp; file?: string; src?: string }> = [
      {
        use: data.id,
        detail: `${data.id} uses itself`,
        code: data.kind === 'strategy' ? /compose\.use-cycle/ : /compose\.use-kind/,
      },
      { use: 'no-such-strategy', detail: 'use of an unknown strategy', code: /compose\.unknown-use/ },
      { use: 'widget-recall', detail: 'use of a crisis', code: /compose\.use-kind|compose\.use-cycle/ },
      {
        use: 'chain-a',
        detail: 'chain-b uses chain-a, which uses chain-b',
        code: /compose\.use-cycle/,
        file: 'strategies/chain-b.yaml',
        src: CHAIN_B,
      },
    ];
    const choice = rng.pick(options);
    const text = `${(choice.src ?? source).trimEnd()}\n  - use: ${choice.use}\n`;
    return {
      detail: choice.detail,
      text,
      file: choice.file ?? file,
      expectLines: [lines(text).length - 1],
      expectCode: choice.code,
    };
  },

  'drill-ref': (rng) => {
    const ls = lines(BASE_FILES['drills/widget-drill.yaml']!);
    const file = 'drills/widget-drill.yaml';
    const variant = rng.int(5);
    if (variant === 0) {
      const i = ls.findIndex((l) => l.startsWith('playbook: '));
      ls[i] = 'playbook: no-such-playbook';
      return {
        detail: 'drill names an unknown playbook',
        text: ls.join('\n'),
        file,
        expectLines: [i + 1],
        expectCode: /drill\.unknown-playbook/,
      };
    }
    if (variant === 1) {
      const i = ls.findIndex((l) => l.includes('step: wr-confirm'));
      ls[i] = ls[i]!.replace('step: wr-confirm', 'step: wr-no-such-step');
      return {
        detail: 'a response names an unknown step',
        text: ls.join('\n'),
        file,
        expectLines: [i + 1],
        expectCode: /drill\.unknown-step/,
      };
    }
    if (variant === 2) {
      const i = ls.findIndex((l) => l.includes('completed: [wr-confirm]'));
      ls[i] = ls[i]!.replace('wr-confirm', 'wr-ghost');
      return {
        detail: 'an expectation names an unknown step',
        text: ls.join('\n'),
        file,
        expectLines: [i + 1],
        expectCode: /drill\.unknown-step/,
      };
    }
    if (variant === 3) {
      const i = ls.findIndex((l) => l.startsWith('responses:'));
      ls.splice(i, 0, 'injects:', `  - { at: ${rng.pick(['5x', '-1m', '1.5h', 'soon', '10'])}, message: News }`);
      return {
        detail: 'an inject at a time that is not a duration',
        text: ls.join('\n'),
        file,
        expectLines: [i + 2],
        expectCode: /schema/,
      };
    }
    const i = ls.findIndex((l) => l.startsWith('expect:'));
    return {
      detail: 'no expectations',
      text: `${ls.slice(0, i).join('\n')}\nexpect: []\n`,
      file,
      expectLines: [i + 1],
      expectCode: /schema/,
    };
  },

  'not-a-playbook': (rng) => {
    const variant = rng.int(5);
    const text = ['', '# only a comment\n', '- a\n- list\n', 'just a scalar\n', 'null\n'][variant]!;
    return { detail: `the whole file is ${JSON.stringify(text)}`, text, expectLines: [1] };
  },
};

/** Files a kind may be applied to. */
function targetsFor(kind: MutationKind): string[] {
  const all = Object.keys(BASE_FILES);
  switch (kind) {
    case 'huge-plan':
      return all.filter((f) => !f.startsWith('drills/'));
    case 'use-cycle':
      return all.filter((f) => !f.startsWith('drills/') && !f.startsWith('review/'));
    default:
      return all;
  }
}

/**
 * `count` mutants from `seed`. The first two rounds visit every kind in
 * turn (so even a short run covers them all); the rest are drawn by weight.
 */
export function generateMutants(seed: number, count: number): Mutant[] {
  return [...mutantStream(seed, count)];
}

/** The same mutants one at a time, so a long run does not hold them all (some are megabytes). */
export function* mutantStream(seed: number, count: number): Generator<Mutant> {
  const rng = new Rng(prng(seed));
  const total = Object.values(WEIGHTS).reduce((a, b) => a + b, 0);
  const draw = (): MutationKind => {
    let x = rng.next() * total;
    for (const kind of MUTATION_KINDS) {
      x -= WEIGHTS[kind];
      if (x < 0) return kind;
    }
    return 'wrong-type';
  };
  for (let index = 0; index < count; index++) {
    const kind = index < MUTATION_KINDS.length * 2 ? MUTATION_KINDS[index % MUTATION_KINDS.length]! : draw();
    const file = rng.pick(targetsFor(kind));
    const made = MUTATORS[kind](rng, file, BASE_FILES[file]!);
    yield {
      index,
      kind,
      detail: made.detail,
      file: made.file ?? file,
      bytes: made.bytes ?? utf8(made.text ?? ''),
      expectLines: made.expectLines ?? [],
      expectCode: made.expectCode,
    };
  }
}

/** How many mutants a run makes: FUZZ_ITERATIONS, else the CI default. */
export function fuzzCount(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.FUZZ_ITERATIONS);
  return Number.isInteger(n) && n > 0 ? n : 2000;
}

/** The seed: FUZZ_SEED, else the fixed CI seed. */
export function fuzzSeed(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.FUZZ_SEED);
  return env.FUZZ_SEED !== undefined && Number.isInteger(n) ? n : 0xc41515;
}
