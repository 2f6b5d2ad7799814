import type { z } from 'zod';
import { msg, say, type MessageKey, type Said } from '../text/messages.js';

/** The schema's own messages (schema.ts passes their English to zod): found again by their words. */
const OWN: ReadonlyMap<string, MessageKey> = new Map(
  (
    [
      'problem.schema.id',
      'problem.schema.duration',
      'problem.schema.due',
      'problem.schema.timeZone',
      'problem.schema.storeUrl',
    ] as const
  ).map((key) => [msg('en', key), key]),
);

const TYPES = new Set(['string', 'number', 'int', 'boolean', 'object', 'array', 'null', 'undefined']);

/** A type name zod uses (`string`, `int`, `array`), as a reader says it. */
export function typeSaid(type: string): Said {
  return TYPES.has(type) ? say(`problem.type.${type}` as MessageKey) : say('problem.type.other', { type });
}

/**
 * What a zod issue means, as a catalogued sentence keyed by the issue's code; its English stays zod's
 * message (byte for byte what `validate` printed before), other languages get the catalogue's words.
 */
export function issueSaid(issue: z.core.$ZodIssue): Said {
  return { ...issueWords(issue), en: issue.message };
}

function issueWords(issue: z.core.$ZodIssue): Said {
  const own = OWN.get(issue.message);
  if (own) return say(own);
  switch (issue.code) {
    case 'invalid_type': {
      const received = /received (\w+)/.exec(issue.message)?.[1];
      const expected = typeSaid(issue.expected);
      if (received === 'undefined') return say('problem.schema.missing', { expected });
      return received
        ? say('problem.schema.type', { expected, received: typeSaid(received) })
        : say('problem.schema.oneOf', { expected });
    }
    case 'too_small':
      return sizeSaid(issue.origin, 'min', Number(issue.minimum));
    case 'too_big':
      return sizeSaid(issue.origin, 'max', Number(issue.maximum));
    case 'invalid_value':
      return say('problem.schema.value', { values: quotedList(issue.values, 'problem.schema.valueOr') });
    case 'invalid_format':
      return say('problem.schema.format');
    case 'unrecognized_keys':
      return say('problem.schema.unknownField', { keys: quotedList(issue.keys, 'problem.schema.keyAnd') });
    default:
      return say('problem.schema.invalid');
  }
}

/**
 * Values or field names as the reader's language quotes and joins them: "read-do" | "do-confirm" in English,
 * “read-do”、“do-confirm” in Chinese (never straight quotes in a Chinese sentence). A value that is not text stays bare.
 */
function quotedList(
  values: readonly unknown[],
  join: 'problem.schema.valueOr' | 'problem.schema.keyAnd',
): Said | string {
  const items = values.map((v): Said | string =>
    typeof v === 'string' ? say('problem.schema.quoted', { text: v }) : (JSON.stringify(v) ?? String(v)),
  );
  return items.length === 0 ? '' : items.reduce((a, b) => say(join, { a, b }));
}

function sizeSaid(origin: string, bound: 'min' | 'max', n: number): Said {
  if (origin === 'string')
    return bound === 'min'
      ? n === 1
        ? say('problem.schema.emptyText')
        : say('problem.schema.tooShort', { min: n })
      : say('problem.schema.tooLong', { max: n });
  if (origin === 'array' || origin === 'set')
    return bound === 'min'
      ? say('problem.schema.tooFewItems', { min: n })
      : say('problem.schema.tooManyItems', { max: n });
  return bound === 'min' ? say('problem.schema.tooSmall', { min: n }) : say('problem.schema.tooBig', { max: n });
}

/** "expected string or object" (a union no branch of which got past the type check), in catalogue words. */
export function unionSaid(expected: readonly string[], english: string, missing = false): Said {
  if (expected.length === 0) return { ...say('problem.schema.invalid'), en: english };
  const list = expected.map(typeSaid);
  // Each type is a sentence of its own; two or three are joined by the language's "or".
  const joined = list.slice(1).reduce<Said>((all, next) => say('problem.type.or', { a: all, b: next }), list[0]!);
  return { ...say(missing ? 'problem.schema.missing' : 'problem.schema.oneOf', { expected: joined }), en: english };
}
