import { z } from 'zod';
import { Drill, DutyCatalogue, Playbook } from '../playbook/schema.js';
import type { Ctx } from './context.js';

/** The JSON Schema of a format, generated from the zod source (committed under playbooks/schema/). */
export type SchemaKind = 'playbook' | 'drill' | 'duties';

export function jsonSchema(kind: SchemaKind): object {
  const schema = kind === 'drill' ? Drill : kind === 'duties' ? DutyCatalogue : Playbook;
  return z.toJSONSchema(schema, { target: 'draft-2020-12', unrepresentable: 'any' });
}

export async function run(ctx: Ctx, options: { kind: SchemaKind }): Promise<number> {
  ctx.out(JSON.stringify(jsonSchema(options.kind), null, 2));
  return 0;
}
