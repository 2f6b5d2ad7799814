/**
 * A damaged log exits 1 ("a check ran and found problems", README) from status <session>, review and
 * checklist --session, as from log and export, wherever it breaks: on line 1 (nothing to show) as on a later line
 * (the good part shown, with the warning). It was 1 on line 1 but 0 from line 2 on.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SESSION_FILES } from '../helpers/fixtures.js';
import { runMain } from '../helpers/in-process.js';
import { tempDir, writeFiles } from '../helpers/temp.js';

let cwd: string;
let logs: string;
let id: string;
let good: string;
const env = () => ({ CRISIS_LOG_DIR: logs });
const run = (args: string[]) => runMain(['--playbooks', 'pb', ...args], { cwd, env: env() });

beforeAll(async () => {
  cwd = tempDir('crisis-damaged-exit-');
  logs = path.join(cwd, 'logs');
  writeFiles(path.join(cwd, 'pb'), SESSION_FILES);
  writeFiles(cwd, {
    'a.yaml': 'operator: bob\nunlisted: fail\nresponses:\n  - { action: note, text: "first note" }\n',
  });
  const started = await run(['start', 'sess-crisis', '--answers', 'a.yaml']);
  expect(started.code, started.stderr).toBe(0);
  id = readdirSync(logs)
    .find((f) => f.endsWith('.jsonl'))!
    .slice(0, -'.jsonl'.length);
  good = readFileSync(path.join(logs, `${id}.jsonl`), 'utf8');
});

/** The log with its line `n` (1-based) no longer a valid event. */
function damageLine(n: number): void {
  const lines = good.split('\n');
  lines[n - 1] = lines[n - 1]!.replace('"seq"', '"seq_x"');
  writeFileSync(path.join(logs, `${id}.jsonl`), lines.join('\n'));
}

const commands = () => [
  ['status', id],
  ['status', id, '--json'],
  ['review', id, '--no-interactive'],
  ['checklist', '--session', id],
  ['log', id],
];

describe('a damaged log', () => {
  it('on line 2: each command shows the good part, warns where it breaks, and exits 1', async () => {
    damageLine(2);
    for (const args of commands()) {
      const r = await run(args);
      expect({ args, code: r.code }).toEqual({ args, code: 1 });
      // --json says it in the document (intact: false), and warns on stderr as the others do: stdout stays JSON.
      if (args.includes('--json')) expect(JSON.parse(r.stdout)).toMatchObject({ intact: false });
      expect(r.stderr).toContain('warning: the log breaks at line 2: not a valid event');
      expect(r.stdout).toMatch(args[0] === 'log' ? /#1 started session/ : /sess-crisis|Session test crisis/);
    }
  });

  it('on line 1: exit 1 too', async () => {
    damageLine(1);
    for (const args of commands()) {
      const r = await run(args);
      expect({ args, code: r.code }).toEqual({ args, code: 1 });
      expect(r.stderr).toContain('line 1: not a valid event');
    }
  });

  it('intact: exit 0; the listing exits 0 whatever it lists (a damaged row is marked)', async () => {
    writeFileSync(path.join(logs, `${id}.jsonl`), good);
    for (const args of commands()) expect({ args, code: (await run(args)).code }).toEqual({ args, code: 0 });
    damageLine(2);
    expect((await run(['status'])).code).toBe(0);
  });
});
