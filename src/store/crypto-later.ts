/**
 * node:crypto, loaded when first used. Loading it costs 5-7 ms (bench/README.md, round eight), and `list` over
 * built-ins the build saw unchanged hashes nothing; the modules that may hash import this instead of node:crypto.
 */
export const nodeCrypto = (): typeof import('node:crypto') => process.getBuiltinModule('node:crypto');

/** The SHA-256 of `data` in hex: file contents, cache keys and sums. */
export const sha256Hex = (data: string | Uint8Array): string =>
  nodeCrypto().createHash('sha256').update(data).digest('hex');
