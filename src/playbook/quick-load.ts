import { FAILSAFE_SCHEMA, load, Type } from 'js-yaml';
import { NO } from './schema-check-kit.js';
import { checkDrill, checkDutyCatalogue, checkPlaybook } from './schema-check.gen.js';
import type { LibraryData } from './load.js';

/**
 * The fast first pass over a file on the search path: js-yaml (about ten
 * times faster than `yaml`, and a twentieth of its load time) and the schema
 * as plain functions generated from it (schema-check.gen.ts: zod itself is
 * about a hundred modules to load), no positions. It answers only for a file that is clean: anything it cannot
 * vouch for (a YAML error, a schema problem, a construct the two parsers could
 * read differently) is `undefined`, and the caller parses with `yaml`, which
 * finds every problem with its line and column. So a file either gets the
 * same data from both parsers or is never read by this one.
 */

/** The YAML 1.2 core schema exactly as `yaml` resolves plain scalars (yaml/dist/schema/core). */
const CORE_INT = /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/;
const CORE_FLOAT = new RegExp(
  [
    '^(?:[-+]?(?:\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?)[eE][-+]?[0-9]+', // 1e3, -.5E-2
    '[-+]?(?:\\.[0-9]+|[0-9]+\\.[0-9]*)', // 1.5, .5, 1.
    '[-+]?\\.(?:inf|Inf|INF)|\\.nan|\\.NaN|\\.NAN)$',
  ].join('|'),
);
/** What every int or float above starts with: a sign, a digit or a dot. */
const NUMBER_START = /^[-+.0-9]/;
const nul = new Type('tag:yaml.org,2002:null', {
  kind: 'scalar',
  // Length and first-character guards first: every plain scalar of a file (mostly prose) is tried against
  // each type, and the regular expression alone was a tenth of the quick pass.
  resolve: (data: string) => data.length <= 4 && /^(?:~|[Nn]ull|NULL)?$/.test(data),
  construct: () => null,
});
const bool = new Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (data: string) => (data.length === 4 || data.length === 5) && /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/.test(data),
  construct: (data: string) => data[0] === 't' || data[0] === 'T',
});
const int = new Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  resolve: (data: string) => NUMBER_START.test(data) && CORE_INT.test(data),
  construct: (data: string) => {
    if (data.startsWith('0o')) return parseInt(data.slice(2), 8);
    return data.startsWith('0x') ? parseInt(data.slice(2), 16) : Number(data);
  },
});
const float = new Type('tag:yaml.org,2002:float', {
  kind: 'scalar',
  resolve: (data: string) => NUMBER_START.test(data) && CORE_FLOAT.test(data),
  construct: (data: string) => {
    if (/^[-+]?\.(?:inf|Inf|INF)$/.test(data)) return data.startsWith('-') ? -Infinity : Infinity;
    return /^\.(?:nan|NaN|NAN)$/.test(data) ? NaN : Number(data);
  },
});
export const CORE = FAILSAFE_SCHEMA.extend({ implicit: [nul, bool, int, float] });

/**
 * What this pass leaves to `yaml`: anchors and aliases (`yaml` caps their
 * expansion; js-yaml would share them and the schema walk would not be
 * capped), tags, directives, explicit `? ` keys, and `__proto__` (load.ts
 * refuses it, also spelled with escapes: so any backslash). A false
 * alarm (an asterisk that starts a word in prose) only costs the slow parse.
 */
export const LEAVE_TO_YAML = /(?:^|[\s,[{])[&*!][^\s,[\]{}]|^%|^[\s-]*\?(?:\s|$)|__proto__|\\/m;

/**
 * A quoted scalar that does not close on its own line: js-yaml reads one continued at a lower indentation than its
 * key, which `yaml` (and YAML) refuse, so the two parsers could disagree. Left to `yaml` as well; a false alarm (a
 * quote that opens in prose) only costs the slow parse. (A backslash, so any escape, is already left to it.)
 */
const MULTILINE_QUOTED = /(?:^[ \t]*|[:-][ \t]+|[[{,][ \t]*)(?:'(?:[^'\n]|'')*|"[^"\n]*)$/m;

/** Whether the quick pass leaves `source` to `yaml` without reading it (see LEAVE_TO_YAML and MULTILINE_QUOTED). */
export const leftToYaml = (source: string): boolean => LEAVE_TO_YAML.test(source) || MULTILINE_QUOTED.test(source);

/** A file on the search path holds a playbook, a drill or a duty catalogue: `kind` says which (as load.ts). */
function checkFor(raw: object): (v: unknown) => LibraryData | typeof NO {
  const kind = (raw as { kind?: unknown }).kind;
  return kind === 'drill' ? checkDrill : kind === 'duties' ? checkDutyCatalogue : checkPlaybook;
}

/** The data of a clean file, or undefined when `yaml` must read it (problems, or constructs left to it). */
export function quickParseLibrary(source: string): LibraryData | undefined {
  if (leftToYaml(source)) return undefined;
  try {
    const raw = load(source, { schema: CORE });
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
    const parsed = checkFor(raw)(raw);
    return parsed === NO ? undefined : parsed;
  } catch {
    // A YAML error, a duplicate key, or a document nested too deeply to check: `yaml` says what and where.
    return undefined;
  }
}
