/**
 * writeFileAtomic writes a file given as parts (a cache pack: its index line, then each body and a newline) without
 * joining them first: the file must hold every part, in order, across the batches writev takes them in.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/store/safe-fs.js';
import { tempDir } from '../helpers/temp.js';

describe('writeFileAtomic with parts', () => {
  it('writes 1,301 parts of many sizes (empty ones too) in order, and leaves no temp file', () => {
    const parts = Array.from({ length: 1301 }, (_, i) =>
      i % 7 === 0 ? Buffer.alloc(0) : Buffer.from(`${i}:`.padEnd((i * 37) % 900, 'x')),
    );
    const dir = tempDir();
    const file = path.join(dir, 'out.pack');
    writeFileAtomic(file, parts, { durable: false });
    expect(readFileSync(file).equals(Buffer.concat(parts))).toBe(true);
    expect(readdirSync(dir)).toEqual(['out.pack']);
  });

  it('writes one string or one buffer as before', () => {
    const dir = tempDir();
    writeFileAtomic(path.join(dir, 'a'), 'text ✓\n');
    writeFileAtomic(path.join(dir, 'b'), new Uint8Array([1, 2, 3]));
    expect(readFileSync(path.join(dir, 'a'), 'utf8')).toBe('text ✓\n');
    expect([...readFileSync(path.join(dir, 'b'))]).toEqual([1, 2, 3]);
  });
});
