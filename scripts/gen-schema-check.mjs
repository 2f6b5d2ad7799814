// Generate src/playbook/schema-check.gen.ts from the zod schemas in src/playbook/schema.ts: plain
// functions that parse a playbook, drill or duty catalogue exactly as the schema does, or answer NO.
// Why: loading zod (about 100 modules) is most of a cold `validate` of a user file; the quick pass only
// needs a yes and the data for a clean file, and leaves every problem to zod, which says what and where.
// A schema node this generator cannot reproduce exactly (a refine, a URL check, a transform) compiles to
// a function that always answers NO, so the file goes to zod: slower, never different.
// Usage: npm run build && node scripts/gen-schema-check.mjs   (also run by `npm run schema`)
// test/playbook/schema-check.test.ts fails when the committed file is not what this writes.
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const OUTPUT = 'src/playbook/schema-check.gen.ts';

/**
 * The TypeScript source of the checker for the given root schemas ({ exportName: [schema, typeName] }).
 * Each distinct schema object becomes one function, so shared ones (Id, Text) are written once and
 * recursive ones (Condition, through z.lazy) call themselves.
 */
export function generateChecker(roots) {
  const names = new Map();
  const bodies = [];
  const constants = [];
  const constant = (lit) => {
    let i = constants.indexOf(lit);
    if (i < 0) i = constants.push(lit) - 1;
    return `C${i}`;
  };
  const regex = (re) => {
    if (/[gy]/.test(re.flags)) throw new Error(`a stateful regex /${re.source}/${re.flags} cannot be shared`);
    if (re.source.length <= 80) return constant(`/${re.source}/${re.flags}`);
    // Long ones (zod's date and datetime) as joined strings, so no line of src/ is over 120 characters.
    const parts = re.source.match(/[^]{1,80}/g).map((p) => JSON.stringify(p));
    return constant(`new RegExp(${parts.join(' +\n')}, ${JSON.stringify(re.flags)})`);
  };
  const set = (values) => constant(`new Set<unknown>(${JSON.stringify(values)})`);

  /** The name of the function for a schema, generating it on first use. */
  const fn = (schema) => {
    const known = names.get(schema);
    if (known) return known;
    const name = `f${names.size}`;
    names.set(schema, name);
    const slot = bodies.push(undefined) - 1;
    bodies[slot] = [name, expression(schema)];
    return name;
  };

  /** Length bounds and regex formats; undefined when a check cannot be reproduced. */
  const checksOf = (def, what) => {
    const out = { min: 0, max: Infinity, tests: [] };
    for (const check of def.checks ?? []) {
      const c = check._zod.def;
      // zod's own default for length checks (skip nullish values) changes nothing after the type test.
      if (c.when && c.when.name !== '_whenHasLength') return undefined;
      if (c.check === 'min_length') out.min = Math.max(out.min, c.minimum);
      else if (c.check === 'max_length') out.max = Math.min(out.max, c.maximum);
      else if (what === 'string' && c.check === 'string_format' && c.format === 'regex' && c.pattern)
        out.tests.push(`${regex(c.pattern)}.test(v)`);
      else return undefined;
    }
    if (what === 'string') {
      if (out.min > 0) out.tests.unshift(`v.length >= ${out.min}`);
      if (out.max < Infinity) out.tests.unshift(`v.length <= ${out.max}`);
    }
    return out;
  };

  /** The expression (of `v`) a schema's function returns. */
  const expression = (schema) => {
    const def = schema._zod.def;
    switch (def.type) {
      case 'string': {
        const checks = checksOf(def, 'string');
        if (!checks) return 'NO';
        // z.iso.date(), z.iso.datetime(): a string checked by one regex (def.pattern); z.url() is code, left to zod.
        if (def.format) {
          if (!['date', 'datetime', 'time'].includes(def.format) || !(def.pattern instanceof RegExp)) return 'NO';
          checks.tests.unshift(`${regex(def.pattern)}.test(v)`);
        }
        return `typeof v === 'string'${checks.tests.map((t) => ` && ${t}`).join('')} ? v : NO`;
      }
      case 'number':
        if ((def.checks ?? []).length > 0 || def.coerce) return 'NO';
        return "typeof v === 'number' && Number.isFinite(v) ? v : NO";
      case 'boolean':
        if ((def.checks ?? []).length > 0 || def.coerce) return 'NO';
        return "typeof v === 'boolean' ? v : NO";
      case 'enum':
        return `${set(Object.values(def.entries))}.has(v) ? v : NO`;
      case 'literal':
        return `${set(def.values)}.has(v) ? v : NO`;
      case 'optional':
        return `optional(v, ${fn(def.innerType)})`;
      case 'lazy':
        return `${fn(def.getter())}(v)`;
      case 'union':
        if (def.inclusive === false) return 'NO'; // z.xor: exactly one option may match
        return `union(v, [${def.options.map(fn).join(', ')}])`;
      case 'array': {
        const checks = checksOf(def, 'array');
        if (!checks) return 'NO';
        const bounds =
          checks.max < Infinity ? `, ${checks.min}, ${checks.max}` : checks.min > 0 ? `, ${checks.min}` : '';
        return `array(v, ${fn(def.element)}${bounds})`;
      }
      case 'record':
        // An exhaustive record over an enum (every key required) is left to zod.
        if ((def.checks ?? []).length > 0 || (def.keyType._zod.values && !def.partial)) return 'NO';
        return `record(v, ${fn(def.keyType)}, ${fn(def.valueType)})`;
      case 'object': {
        if ((def.checks ?? []).length > 0) return 'NO';
        const strict = def.catchall?._zod.def.type === 'never';
        if (def.catchall && !strict) return 'NO';
        const keys = Object.keys(def.shape).filter((k) => k !== '__proto__');
        const fields = [];
        for (const k of keys) {
          const field = def.shape[k]._zod;
          const optional = field.optin === 'optional' && field.optout === 'optional';
          if (!optional && (field.optin !== undefined || field.optout !== undefined)) return 'NO';
          // An optional field's own check is its inner schema's: the field already says it may be left out.
          const check = optional && field.def.type === 'optional' ? fn(field.def.innerType) : fn(def.shape[k]);
          fields.push(`[${JSON.stringify(k)}, ${check}${optional ? ', 1' : ''}]`);
        }
        return `object(v, ${strict ? set(keys) : 'undefined'}, [${fields.join(', ')}])`;
      }
      default:
        return 'NO';
    }
  };

  const exported = Object.entries(roots).map(([name, [schema, type]]) => [name, fn(schema), type]);

  // Schemas that differ only in their description compile to the same text: keep one function each.
  const alias = new Map();
  const resolve = (n) => (alias.has(n) ? resolve(alias.get(n)) : n);
  for (let changed = true; changed;) {
    changed = false;
    const seen = new Map();
    for (const [name, expr] of bodies) {
      if (alias.has(name)) continue;
      const text = expr.replace(/\bf\d+\b/g, resolve);
      const first = seen.get(text);
      if (first === undefined) seen.set(text, name);
      else {
        alias.set(name, first);
        changed = true;
      }
    }
  }
  const kept = bodies
    .filter(([name]) => !alias.has(name))
    .map(([name, expr]) => [name, expr.replace(/\bf\d+\b/g, resolve)])
    .map(
      ([name, expr]) =>
        `function ${name}(${/\bv\b/.test(expr) ? 'v' : '_v'}: unknown): unknown {\n  return ${expr};\n}`,
    );

  const types = [...new Set(Object.values(roots).map(([, type]) => type))].sort();
  const used = ['NO', 'array', 'object', 'optional', 'record', 'union'].filter(
    (h) => h === 'NO' || kept.some((k) => k.includes(`${h}(v,`)),
  );
  return [
    `// Generated by scripts/gen-schema-check.mjs from src/playbook/schema.ts: do not edit.`,
    '// Each function parses its input as the zod schema it was made from would, when that succeeds, and',
    '// answers NO for anything else (or for what it cannot reproduce); zod then says what is wrong.',
    `import { ${used.join(', ')} } from './schema-check-kit.js';`,
    `import type { ${types.join(', ')} } from './schema.js';`,
    '',
    ...constants.map((c, i) => `const C${i} = ${c};`),
    '',
    ...kept.flatMap((b) => [b, '']),
    ...exported.map(
      ([name, f, type]) => `export const ${name} = ${resolve(f)} as (v: unknown) => ${type} | typeof NO;`,
    ),
    '',
  ].join('\n');
}

/** The source as committed: generated, then formatted like the rest of src/. */
export async function checkerSource(schemas) {
  const { Playbook, Drill, DutyCatalogue } = schemas;
  const source = generateChecker({
    checkPlaybook: [Playbook, 'Playbook'],
    checkDrill: [Drill, 'Drill'],
    checkDutyCatalogue: [DutyCatalogue, 'DutyCatalogue'],
  });
  const prettier = await import('prettier');
  const root = fileURLToPath(new URL('..', import.meta.url));
  const file = path.join(root, OUTPUT);
  const options = (await prettier.resolveConfig(file)) ?? {};
  return prettier.format(source, { ...options, filepath: file });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const schemas = await import(pathToFileURL(path.join(root, 'dist/playbook/schema.js')).href);
  writeFileSync(path.join(root, OUTPUT), await checkerSource(schemas));
  console.error(`wrote ${OUTPUT}`);
}
