/**
 * The building blocks of the generated quick check (schema-check.gen.ts): each mirrors what zod's parser
 * does for one kind of schema when the input is valid (a new object with the schema's keys in the
 * schema's order, a new array, a new record), and answers NO where zod would report a problem. What zod
 * would report is never worked out here: NO sends the file to zod.
 */
export const NO: unique symbol = Symbol('schema-check: no');
export type Check = (v: unknown) => unknown;
type Obj = Record<string, unknown>;

const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** zod's isPlainObject for what a YAML parser can produce: an object whose prototype is Object's or null. */
function isPlainObject(v: unknown): v is Obj {
  if (!isObject(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** A field of an object schema: its key, its check, and whether it may be left out. */
export type Field = readonly [key: string, check: Check, optional?: 1];

/**
 * z.object / z.strictObject. `known` (every key of the shape) makes it strict: any other key, own or
 * inherited and enumerable (zod's `for…in`), is refused.
 */
export function object(v: unknown, known: ReadonlySet<unknown> | undefined, fields: readonly Field[]): unknown {
  if (!isObject(v)) return NO;
  if (known) for (const k in v) if (!known.has(k)) return NO;
  const out: Obj = {};
  for (const [k, check, optional] of fields) {
    const x = v[k];
    if (optional && x === undefined) {
      if (k in v) out[k] = undefined;
      continue;
    }
    if (!(k in v)) return NO;
    const r = check(x);
    if (r === NO) return NO;
    out[k] = r;
  }
  return out;
}

/** z.array with its length bounds. */
export function array(v: unknown, element: Check, min = 0, max = Infinity): unknown {
  if (!Array.isArray(v) || v.length < min || v.length > max) return NO;
  const out: unknown[] = [];
  for (const e of v) {
    const r = element(e);
    if (r === NO) return NO;
    out.push(r);
  }
  return out;
}

/** z.record and z.partialRecord: every own enumerable key passes `key`, every value passes `value`. */
export function record(v: unknown, key: Check, value: Check): unknown {
  if (!isPlainObject(v)) return NO;
  const out: Obj = {};
  for (const k of Reflect.ownKeys(v)) {
    if (k === '__proto__' || !Object.prototype.propertyIsEnumerable.call(v, k)) continue;
    const outKey = key(k);
    if (typeof outKey !== 'string' || outKey === '__proto__') return NO;
    const r = value(v[outKey]);
    if (r === NO) return NO;
    out[outKey] = r;
  }
  return out;
}

/** z.union: the first option that accepts the input, as zod tries them in order. */
export function union(v: unknown, options: readonly Check[]): unknown {
  for (const option of options) {
    const r = option(v);
    if (r !== NO) return r;
  }
  return NO;
}

/** z.optional outside an object (inside one, the field says it may be left out). */
export const optional = (v: unknown, inner: Check): unknown => (v === undefined ? undefined : inner(v));
