/**
 * Whether a file still has the size and mtime (ms) a build recorded for it. A copy that keeps times (cp -p,
 * fs.cpSync's preserveTimestamps) keeps them to about a millisecond, rounded either way (1933.979 comes back as
 * 1934); an edit is seconds after the build, not within 2 ms of it. bin/code-cache.js applies the same rule to
 * dist's modules by itself: it runs before any of dist is loaded.
 */
export const sameStamp = (stamp: readonly [size: number, mtimeMs: number], size: number, mtimeMs: number): boolean =>
  stamp[0] === size && Math.abs(stamp[1] - mtimeMs) < 2;
