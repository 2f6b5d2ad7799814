/**
 * The work of finding a session by what the user typed, counted (never timed): a whole id whose log is there is
 * taken as it is, without reading the log dir, so `status ID` costs the same beside 10,000 other sessions as
 * alone. A prefix or a whole id with no log still list the dir.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { makeCtx } from '../../src/cli/context.js';
import { sessionRef } from '../../src/cli/session-ref.js';
import { fakeDeps } from '../helpers/in-process.js';
import { tempDir } from '../helpers/temp.js';

const seen = vi.hoisted(() => ({ readdirs: [] as string[] }));

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  return {
    ...fs,
    readdirSync: (dir: string, ...rest: unknown[]) => {
      seen.readdirs.push(String(dir));
      return (fs.readdirSync as (d: string, ...r: unknown[]) => unknown)(dir, ...rest);
    },
  };
});

const ID = '20260101-090000-product-quality-0a1b';
const OTHER = '20260102-090000-product-quality-0c2d';

function logDirWith(ids: string[]): string {
  const dir = tempDir('crisis-ref-');
  mkdirSync(dir, { recursive: true });
  for (const id of ids) writeFileSync(path.join(dir, `${id}.jsonl`), '');
  return dir;
}

beforeEach(() => {
  seen.readdirs.length = 0;
});

describe('sessionRef: a whole id whose log is there is not looked up in a listing', () => {
  it('a whole id: taken as it is, the log dir not read', async () => {
    const dir = logDirWith([ID, OTHER]);
    const ctx = makeCtx(fakeDeps(), { logDir: dir });
    expect(await sessionRef(ctx, ID)).toBe(ID);
    expect(seen.readdirs).toEqual([]);
  });

  it('a prefix, and a whole id without a log: the dir is listed, as before', async () => {
    const dir = logDirWith([ID, OTHER]);
    const ctx = makeCtx(fakeDeps(), { logDir: dir });
    expect(await sessionRef(ctx, '20260101-09')).toBe(ID);
    expect(await sessionRef(ctx, '20260102')).toBe(OTHER);
    const missing = '20260103-090000-product-quality-0e3f';
    expect(await sessionRef(ctx, missing)).toBe(missing);
    expect(seen.readdirs).toEqual([dir, dir, dir]);
  });
});
