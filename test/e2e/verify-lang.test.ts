import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GENESIS_HASH } from '../../src/session/events.js';
import { hashEvent } from '../../src/session/verify.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp.js';

/** `crisis verify` names a broken hash chain in the run's language, at its line, exit 1; --json stays English. */
const SESSION = '20260101-000000-verify-lang-0001';

/** A three-event log whose second line was edited after it was written (its note no longer matches its hash). */
function editedLog(): string {
  const dir = tempDir('crisis-verify-lang-');
  let prev = GENESIS_HASH;
  const lines: string[] = [];
  for (let seq = 1; seq <= 3; seq++) {
    const ts = new Date(Date.UTC(2026, 0, 1) + seq * 1000).toISOString();
    const data =
      seq === 1
        ? { crisis: 'product-quality', severity: 'high', with: [], planHash: 'a'.repeat(64), operator: 't', lang: 'en' }
        : { text: `note ${seq}` };
    const type = seq === 1 ? 'session.started' : 'note.added';
    const unhashed = { v: 1, seq, ts, session: SESSION, type, actor: 't', data, prev };
    const event = { ...unhashed, hash: hashEvent(unhashed as Parameters<typeof hashEvent>[0]) };
    prev = event.hash;
    lines.push(JSON.stringify(event));
  }
  lines[1] = lines[1]!.replace('note 2', 'note X');
  const file = path.join(dir, `${SESSION}.jsonl`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const verify = (file: string, args: string[]) =>
  runCli(['verify', file, ...args], {
    cwd: path.dirname(file),
    env: { CRISIS_LOG_DIR: path.dirname(file) },
    timeoutMs: 60_000,
  });

describe('verify in the run language', () => {
  it('--lang zh: the broken line and why, in Chinese, exit 1; English unchanged', async () => {
    const file = editedLog();
    const zh = await verify(file, ['--lang', 'zh']);
    expect({ code: zh.code, first: zh.stdout.split('\n')[0] }).toEqual({
      code: 1,
      first: `✗ ${file}：第 2 行：内容与其哈希值不符（该行被改动过）（此前有 1 条完好事件）`,
    });
    const en = await verify(file, []);
    expect({ code: en.code, first: en.stdout.split('\n')[0] }).toEqual({
      code: 1,
      first: `✗ ${file}: line 2: content does not match its hash (the line was edited) (1 good event before it)`,
    });
  }, 120_000);

  it('--json keeps the English reason in any language', async () => {
    const file = editedLog();
    const json = await verify(file, ['--lang', 'zh', '--json']);
    expect(json.code).toBe(1);
    expect((JSON.parse(json.stdout) as { break: unknown }).break).toEqual({
      line: 2,
      message: 'line 2: content does not match its hash (the line was edited)',
    });
  }, 120_000);
});
