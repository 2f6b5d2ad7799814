import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The layer fence in eslint.config.js is live: a wrong-way import in a layer
 * fails `npm run lint`, and the same import where it is allowed passes.
 */
const REPO = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));
const eslint = new ESLint({ cwd: REPO });

async function ruleIds(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(REPO, file) });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('layer fence', () => {
  it.each([
    ['src/session/x.ts', "import { run } from '../cli/start.js';\nexport const a = run;\n", 'no-restricted-imports'],
    [
      'src/playbook/x.ts',
      "import { table } from '../render/width.js';\nexport const a = table;\n",
      'no-restricted-imports',
    ],
    [
      'src/render/x.ts',
      "import { runDrill } from '../drive/drill.js';\nexport const a = runDrill;\n",
      'no-restricted-imports',
    ],
    [
      'src/render/x.ts',
      "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n",
      'no-restricted-imports',
    ],
    ['src/session/x.ts', "import chalk from 'chalk';\nexport const a = chalk;\n", 'no-restricted-imports'],
    ['src/playbook/x.ts', 'export const a = process.env.HOME;\n', 'no-restricted-globals'],
    ['src/session/x.ts', 'export const a = Date.now();\n', 'no-restricted-properties'],
    [
      'src/drive/x.ts',
      "import { FileEventLog } from '../store/file-log.js';\nexport const a = FileEventLog;\n",
      'no-restricted-imports',
    ],
    [
      'src/text/x.ts',
      "import { compose } from '../playbook/compose.js';\nexport const a = compose;\n",
      'no-restricted-imports',
    ],
  ])('%s: a wrong-way import is an error', async (file, code, rule) => {
    expect(await ruleIds(file, code)).toEqual([rule]);
  });

  it.each([
    ['src/cli/x.ts', "import { FileEventLog } from '../store/file-log.js';\nexport const a = FileEventLog;\n"],
    ['src/render/x.ts', "import { replay } from '../session/replay.js';\nexport const a = replay;\n"],
    ['src/drive/x.ts', "import type { EventStore } from '../session/event-store.js';\nexport type A = EventStore;\n"],
    ['src/playbook/x.ts', "import { sanitizeLine } from '../text/sanitize.js';\nexport const a = sanitizeLine;\n"],
  ])('%s: an import that points down is allowed', async (file, code) => {
    expect(await ruleIds(file, code)).toEqual([]);
  });
});
