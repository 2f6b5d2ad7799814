import { CrisisError, ExitCode, say } from '../errors.js';
import { GENESIS_HASH } from '../session/log-format.js';

/** A chain head as people copy it into a ticket: `seq:sha256`. */
export const formatHead = (head: { seq: number; hash: string }): string => `${head.seq}:${head.hash}`;

/**
 * `--head SEQ:HASH`. Seq 0 is the head before any event, the one `verify` prints for an empty log or one broken at
 * line 1: its hash is the genesis hash (64 zeros) or it is no head any log can have.
 */
export function parseHead(text: string): { seq: number; hash: string } {
  const m = /^(\d{1,15}):([0-9a-f]{64})$/.exec(text.trim());
  if (!m || (Number(m[1]) === 0 && m[2] !== GENESIS_HASH))
    throw new CrisisError(say('error.head.invalid', { text: JSON.stringify(text).slice(1, -1).slice(0, 80) }), {
      hint: say('error.head.invalid.hint'),
      exitCode: ExitCode.usage,
    });
  return { seq: Number(m[1]), hash: m[2]! };
}
