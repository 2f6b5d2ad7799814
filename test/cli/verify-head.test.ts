import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { GENESIS_HASH } from '../../src/session/log-format.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp.js';

/**
 * `--head 0:<64 zeros>` is the head `verify` prints for an empty log (and as the last good event of a log broken
 * at line 1): the head before any event, where every chain starts. It was refused as "the log ends at seq 59,
 * before the expected head seq 0 (lines were cut from its end)", exit 1. Now every log reaches it; seq 0 with
 * another hash is no head at all (exit 2).
 */
const ZEROS = GENESIS_HASH;
let session: string;
let cwd: string;
let env: Record<string, string>;

beforeAll(async () => {
  cwd = tempDir();
  env = { CRISIS_LOG_DIR: path.join(cwd, 'logs') };
  const run = await runCli(['drill', 'product-quality-batch-defect'], { cwd, env });
  expect(run.code, run.stderr).toBe(0);
  session = readdirSync(env.CRISIS_LOG_DIR!)
    .find((f) => f.endsWith('.jsonl'))!
    .replace(/\.jsonl$/, '');
});

describe('verify --head 0:<64 zeros>', () => {
  it('is reached by every log (the head before its first event); exit 0', async () => {
    const r = await runCli(['verify', session, '--head', `0:${ZEROS}`], { cwd, env });
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout.split('\n').at(-2)).toBe(`✓ reaches the expected head 0:${ZEROS}`);
    const json = await runCli(['verify', session, '--head', `0:${ZEROS}`, '--json'], { cwd, env });
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: true, headProblem: null });
  });

  it('seq 0 with any other hash is not a head (exit 2)', async () => {
    const head = `0:${'a'.repeat(64)}`;
    const r = await runCli(['verify', session, '--head', head], { cwd, env });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toBe(`error: --head: "${head}" is not a chain head`);
  });
});
