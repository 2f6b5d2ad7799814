import { CrisisError, ExitCode, say } from '../errors.js';

/** A chain head as people copy it into a ticket: `seq:sha256`. */
export const formatHead = (head: { seq: number; hash: string }): string => `${head.seq}:${head.hash}`;

export function parseHead(text: string): { seq: number; hash: string } {
  const m = /^(\d{1,15}):([0-9a-f]{64})$/.exec(text.trim());
  if (!m)
    throw new CrisisError(say('error.head.invalid', { text: JSON.stringify(text).slice(1, -1).slice(0, 80) }), {
      hint: say('error.head.invalid.hint'),
      exitCode: ExitCode.usage,
    });
  return { seq: Number(m[1]), hash: m[2]! };
}
