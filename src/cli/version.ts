import { readFileSync } from 'node:fs';

/** The package version, read from package.json beside dist/ (no bundler, no build-time constant). */
export const readVersion = (): string =>
  (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
