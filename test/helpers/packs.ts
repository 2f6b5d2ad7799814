import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/** The pack files of a parsed-playbook cache dir, by name. */
export const packFiles = (cache: string): string[] => {
  const dir = path.join(cache, 'playbooks-v2');
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.pack')) : [];
};

export const sha256 = (b: string | Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** A pack read by its format (line 1 the index, then the bodies), independently of the code under test. */
export function readPack(file: string): Array<{ keyHash: string; sum: string; body: string }> {
  const bytes = readFileSync(file);
  const nl = bytes.indexOf(10);
  const { v, entries } = JSON.parse(bytes.subarray(0, nl).toString('utf8')) as {
    v: number;
    entries: Array<[string, number, number, string]>;
  };
  if (v !== 1) throw new Error(`pack version ${v}`);
  return entries.map(([keyHash, at, len, sum]) => ({
    keyHash,
    sum,
    body: bytes.subarray(nl + 1 + at, nl + 1 + at + len).toString('utf8'),
  }));
}
