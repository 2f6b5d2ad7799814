import type { Ctx } from './context.js';
import { sessionSource } from './sessions.js';
import { readFileSync } from 'node:fs';

/** A session's log to stdout, byte for byte what the file store writes: `crisis verify` checks it. */
export async function run(ctx: Ctx, ref: string): Promise<number> {
  const { paths } = await sessionSource(ctx, ref);
  ctx.deps.stdout.write(readFileSync(paths.log, 'utf8'));
  return 0;
}
