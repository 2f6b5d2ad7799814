/**
 * node:crypto, loaded when first used. Loading it costs 5-7 ms (bench/README.md, round eight), and `list` over
 * built-ins the build saw unchanged hashes nothing; the modules that may hash import this instead of node:crypto.
 */
export const nodeCrypto = (): typeof import('node:crypto') => process.getBuiltinModule('node:crypto');
