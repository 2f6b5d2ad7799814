import { LineCounter, parseDocument, isMap, isPair, isScalar, isSeq, visit, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { Drill as DrillSchema, DutyCatalogue as DutyCatalogueSchema, Playbook as PlaybookSchema } from './schema.js';
import type { Drill, DutyCatalogue, Playbook, Problem } from './types.js';

import { MAX_FILE_BYTES } from './limits.js';
import { fileProblem } from './decode.js';
import { isMessageKey, msg, say, type Said } from '../text/messages.js';
import { problem } from './origin.js';
import { issueSaid, unionSaid } from './schema-words.js';

export { MAX_FILE_BYTES };
export { decodeSource } from './decode.js';
const MAX_ALIAS_COUNT = 100;

export type PathSegment = string | number;
export interface Position {
  line: number;
  col: number;
}

/** A parsed file: its data (when valid), its problems, and a way to find any path in it. */
export interface ParsedFile<T> {
  file: string;
  data?: T;
  /** The plain value before schema validation (for files that fail it). */
  raw?: unknown;
  problems: Problem[];
  locate(path: readonly PathSegment[]): Position | undefined;
}

export type PlaybookFile = ParsedFile<Playbook>;
export type DrillFile = ParsedFile<Drill>;
/** What a file on the search path holds. */
export type LibraryData = Playbook | Drill | DutyCatalogue;

/** A problem of the whole file, shown at its start. */
const atStart = (file: string, code: string, said: Said): Problem => ({
  ...fileProblem(file, code, said),
  line: 1,
  col: 1,
});

/**
 * YAML -> plain value -> schema, collecting every problem with its position.
 * Pure: the caller reads the file.
 */
export function parseSource<T>(
  source: string,
  file: string,
  schema: z.ZodType<T> | ((raw: unknown) => z.ZodType<T>),
): ParsedFile<T> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true });
  const toPos = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, col };
  };
  const locate = (path: readonly PathSegment[]) => locateInDocument(doc, path, toPos);
  const result: ParsedFile<T> = { file, problems: yamlProblems(doc, file, toPos), locate };
  if (result.problems.length > 0) return result;
  if (doc.contents === null) {
    result.problems.push(atStart(file, 'file.empty', say('problem.file.empty')));
    return result;
  }
  // Most files have no alias at all: skip the walk unless one could be there.
  if (source.includes('*')) result.problems.push(...danglingAliases(doc, file, toPos));
  // The same for a __proto__ key: written out, or spelled with escapes (which need a backslash).
  if (source.includes('__proto__') || source.includes('\\')) result.problems.push(...protoKeys(doc, file, toPos));
  if (result.problems.length > 0) return result;
  try {
    result.raw = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const why = firstLine(String((error as Error).message));
    result.problems.push(
      atStart(file, 'yaml.aliases', { ...say('problem.yaml.expand'), en: `cannot expand document: ${why}` }),
    );
    return result;
  }
  const chosen =
    typeof schema === 'function' && !('safeParse' in schema) ? schema(result.raw) : (schema as z.ZodType<T>);
  let parsed: ReturnType<typeof chosen.safeParse>;
  try {
    parsed = chosen.safeParse(result.raw);
  } catch (error) {
    // Thousands of nested conditions exhaust the stack: a problem with the file, not a crash.
    const why = firstLine(String((error as Error).message));
    const said = { ...say('problem.schema.tooDeep'), en: `document is nested too deeply to check (${why})` };
    result.problems.push(atStart(file, 'schema.too-deep', said));
    return result;
  }
  if (parsed.success) {
    result.data = parsed.data;
    // A good file needs positions only if a later check (lint, compose) finds a problem: keep its text,
    // not its Document (~17x the text in memory), and parse again on the first lookup.
    result.locate = lazyLocate(source);
  } else result.problems.push(...schemaProblems(parsed.error.issues, doc, file, toPos));
  return result;
}

/**
 * A `__proto__` key: the schema's records drop it without a word (a statement
 * channel or a target would vanish while the file validates), and no id may
 * be one anyway. Refused where it is written.
 */
function protoKeys(doc: Document, file: string, toPos: (offset: number) => Position): Problem[] {
  const problems: Problem[] = [];
  visit(doc, {
    Pair(_, pair) {
      if (!isScalar(pair.key) || pair.key.value !== '__proto__') return;
      const pos = pair.key.range ? toPos(pair.key.range[0]) : undefined;
      const at = { file, line: pos?.line, col: pos?.col };
      problems.push(problem({ ...at, severity: 'error', code: 'yaml.proto-key' }, say('problem.yaml.protoKey')));
    },
  });
  return problems;
}

/** YAML syntax errors, one per distinct message: a deeply nested document gives dozens of the same. */
function yamlProblems(doc: Document, file: string, toPos: (offset: number) => Position): Problem[] {
  const problems: Problem[] = [];
  const seenMessages = new Set<string>();
  for (const error of doc.errors) {
    // yaml reports its own recursion limit in the words of the engine; say what it means for the file.
    const tooDeep = /Maximum call stack/.test(error.message);
    const text = tooDeep ? msg('en', 'problem.yaml.tooDeep') : firstLine(error.message);
    const key = error.code + text.replace(/at line \d+, column \d+/, '');
    if (seenMessages.has(key)) continue;
    seenMessages.add(key);
    const pos = error.linePos?.[0] ?? toPos(error.pos[0]);
    const reason = `problem.yaml.${error.code}`;
    const said = tooDeep
      ? say('problem.yaml.tooDeep')
      : {
          ...say('problem.yaml.syntax', { reason: say(isMessageKey(reason) ? reason : 'problem.yaml.other') }),
          en: text,
        };
    problems.push(problem({ file, line: pos?.line, col: pos?.col, severity: 'error', code: 'yaml.syntax' }, said));
  }
  return problems;
}

/** An alias with no anchor is only noticed by toJS(), which knows no position: report it at the alias. */
function danglingAliases(doc: Document, file: string, toPos: (offset: number) => Position): Problem[] {
  const problems: Problem[] = [];
  visit(doc, {
    Alias: (_, alias) => {
      if (alias.resolve(doc) !== undefined) return;
      const at = toPos(alias.range?.[0] ?? 0);
      const said = say('problem.yaml.danglingAlias', { name: alias.source });
      problems.push(problem({ file, ...at, severity: 'error', code: 'yaml.aliases' }, said));
    },
  });
  return problems;
}

function schemaProblems(
  issues: z.core.$ZodIssue[],
  doc: Document,
  file: string,
  toPos: (offset: number) => Position,
): Problem[] {
  return flattenIssues(issues).map((issue) => {
    let path = issue.path as PathSegment[];
    let where = locateInDocument(doc, path, toPos);
    if (issue.code === 'unrecognized_keys' && issue.keys?.[0] !== undefined) {
      where = locateKey(doc, path, issue.keys[0], toPos) ?? where;
      path = [...path, issue.keys[0]];
    }
    const shown = formatPath(path);
    const said: Said = {
      ...say('problem.schema.at', {
        path: path.length > 0 ? shown : say('problem.schema.document'),
        problem: issue.said,
      }),
      en: `${shown}: ${issue.message}`,
    };
    return problem({ file, line: where?.line, col: where?.col, severity: 'error', code: 'schema' }, said);
  });
}

/**
 * A position lookup for `source` that parses it (with positions) on its first use only. Outside
 * parseSource so the closure does not keep that call's Document alive; also what a file the quick pass
 * found clean uses when a later check reports a problem in it (one parse, not a full load and then this).
 */
export function lazyLocate(source: string): ParsedFile<unknown>['locate'] {
  let find: ParsedFile<unknown>['locate'] | undefined;
  return (path) => {
    if (!find) {
      const lineCounter = new LineCounter();
      const doc = parseDocument(source, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true });
      find = (p) => locateInDocument(doc, p, (offset) => lineCounter.linePos(offset));
    }
    return find(path);
  };
}

export const parsePlaybookSource = (source: string, file: string): PlaybookFile =>
  parseSource(source, file, PlaybookSchema);
export const parseDrillSource = (source: string, file: string): DrillFile => parseSource(source, file, DrillSchema);

/** A file on the search path holds a playbook, a drill or a duty catalogue: `kind` says which. */
export function librarySchemaFor(raw: unknown): z.ZodType<LibraryData> {
  const kind = raw !== null && typeof raw === 'object' ? (raw as { kind?: unknown }).kind : undefined;
  return kind === 'drill' ? DrillSchema : kind === 'duties' ? DutyCatalogueSchema : PlaybookSchema;
}

export const parseLibrarySource = (source: string, file: string): ParsedFile<LibraryData> =>
  parseSource<LibraryData>(source, file, librarySchemaFor);

interface FlatIssue {
  code: string;
  path: PropertyKey[];
  message: string;
  keys?: string[];
  /** the message in catalogue words (schema-words.ts); its English is `message` */
  said: Said;
}

/**
 * zod reports a union mismatch as one "Invalid input" with every branch's
 * issues inside. Show the branch that got furthest instead: it is the one
 * the author meant.
 */
function flattenIssues(issues: readonly z.core.$ZodIssue[], prefix: PropertyKey[] = []): FlatIssue[] {
  const out: FlatIssue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const branches = issue.errors.map((branch) => flattenIssues(branch, path));
      const score = (b: FlatIssue[]) =>
        Math.max(...b.map((i) => i.path.length + (i.code === 'invalid_type' ? 0 : 0.5))) * 100 - b.length;
      const best = branches.reduce((a, b) => (score(b) > score(a) ? b : a));
      // No branch got past the type check: say what was expected instead.
      if (best.every((i) => i.path.length === path.length && i.code === 'invalid_type')) {
        out.push({ code: 'invalid_union', path, ...describeUnion(issue) });
      } else out.push(...best);
      continue;
    }
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : undefined;
    const message = issue.code === 'unrecognized_keys' ? `unknown field "${issue.keys.join('", "')}"` : issue.message;
    out.push({ code: issue.code, path, message, keys, said: { ...issueSaid(issue), en: message } });
  }
  return out;
}

function describeUnion(issue: z.core.$ZodIssueInvalidUnion): { message: string; said: Said } {
  const expected = new Set<string>();
  for (const branch of issue.errors) for (const i of branch) if (i.code === 'invalid_type') expected.add(i.expected);
  const message = expected.size > 0 ? `expected ${[...expected].join(' or ')}` : issue.message;
  const missing = issue.errors.every((b) =>
    b.some((i) => i.code === 'invalid_type' && /received undefined/.test(i.message)),
  );
  return { message, said: unionSaid([...expected], message, missing) };
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out === '' ? String(seg) : `.${String(seg)}`;
  return out === '' ? '(document)' : out;
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.trim();
}

/**
 * The nodes along `path`, from the document's root down, stopping where the
 * path leaves the document. One walk, not `doc.getIn` per prefix: `getIn`
 * copies the rest of the path at every level, and a deeply nested `when` made
 * a single lookup cubic in its depth (seconds for 600 levels).
 */
function nodesAlong(doc: Document, path: readonly PathSegment[]): unknown[] {
  const nodes: unknown[] = [doc.contents];
  let node: unknown = doc.contents;
  for (const seg of path) {
    node = isMap(node) || isSeq(node) ? node.get(seg, true) : undefined;
    if (node === undefined) break;
    nodes.push(node);
  }
  return nodes;
}

const hasRange = (node: unknown): node is Node =>
  node !== null && typeof node === 'object' && 'range' in node && Array.isArray(node.range);

/** The node at `path`, or the nearest ancestor that has one. */
function locateInDocument(
  doc: Document,
  path: readonly PathSegment[],
  toPos: (o: number) => Position,
): Position | undefined {
  const nodes = nodesAlong(doc, path);
  for (let n = nodes.length - 1; n >= 0; n--) {
    const node = nodes[n];
    if (hasRange(node)) return toPos(node.range![0]);
  }
  return undefined;
}

function locateKey(
  doc: Document,
  path: readonly PathSegment[],
  key: string,
  toPos: (o: number) => Position,
): Position | undefined {
  const nodes = nodesAlong(doc, path);
  const node = nodes.length === path.length + 1 ? nodes[path.length] : undefined;
  if (!isMap(node)) return undefined;
  for (const pair of node.items) {
    if (isPair(pair) && isScalar(pair.key) && pair.key.value === key && pair.key.range) return toPos(pair.key.range[0]);
  }
  return undefined;
}
