import { z } from 'zod';
import { Drill, Playbook } from '../playbook/schema.js';
import type { Ctx } from './context.js';

/** The JSON Schema of a format, generated from the zod source (committed under playbooks/schema/). */
export function jsonSchema(kind: 'playbook' | 'drill'): object {
  return z.toJSONSchema(kind === 'drill' ? Drill : Playbook, { target: 'draft-2020-12', unrepresentable: 'any' });
}

export async function run(ctx: Ctx, options: { kind: 'playbook' | 'drill' }): Promise<number> {
  ctx.out(JSON.stringify(jsonSchema(options.kind), null, 2));
  return 0;
}
