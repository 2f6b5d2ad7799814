import { z } from 'zod';
import { Answers, Condition, Drill, DutyCatalogue, Playbook, Profile } from '../playbook/schema.js';
import type { Ctx } from './context.js';

/** The JSON Schema of a format, generated from the zod source (committed under playbooks/schema/). */
export const SCHEMA_KINDS = ['playbook', 'drill', 'duties', 'answers', 'profile'] as const;
export type SchemaKind = (typeof SCHEMA_KINDS)[number];

/**
 * Where the committed schemas live on the web: each schema's `$id`. Editors
 * and ajv use it as the schema's name; crisis itself never fetches it.
 */
export const SCHEMA_BASE = 'https://raw.githubusercontent.com/crisis-cli/crisis/main/playbooks/schema/';

export const schemaFile = (kind: SchemaKind): string => `${kind}.schema.json`;

/**
 * Shared parts get a readable name in `$defs` (zod would call an unnamed
 * recursive schema `__schema0`).
 */
const names = z.registry<{ id: string }>();
names.add(Condition, { id: 'condition' });

const SOURCES = {
  playbook: Playbook,
  drill: Drill,
  duties: DutyCatalogue,
  answers: Answers,
  profile: Profile,
} as const;

/**
 * `type: ["string", "number"]` as `anyOf: [{type: "string"}, {type: "number"}]`: the same set of
 * values, and what ajv's strict mode accepts without `allowUnionTypes`.
 */
function splitUnionTypes(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(splitUnionTypes);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) out[key] = splitUnionTypes(value);
  if (Array.isArray(out.type) && out.anyOf === undefined) {
    out.anyOf = (out.type as string[]).map((type) => ({ type }));
    delete out.type;
  }
  return out;
}

export function jsonSchema(kind: SchemaKind): object {
  const schema = z.toJSONSchema(SOURCES[kind], {
    target: 'draft-2020-12',
    unrepresentable: 'any',
    metadata: names,
  }) as Record<string, unknown>;
  const { $schema, ...rest } = splitUnionTypes(schema) as Record<string, unknown>;
  return { $schema, $id: `${SCHEMA_BASE}${schemaFile(kind)}`, ...rest };
}

export async function run(ctx: Ctx, options: { kind: SchemaKind }): Promise<number> {
  ctx.out(JSON.stringify(jsonSchema(options.kind), null, 2));
  return 0;
}
