import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Parser } from 'yaml';
import { buildLibrary, checkLibrary } from '../../src/playbook/library.js';
import { loadParser, readFiles } from '../../src/store/library-files.js';
import { OWNERLESS_STRATEGY } from '../helpers/fixtures.js';
import { tempDir } from '../helpers/temp.js';

describe('a file the quick pass found clean, placed when a later check reports a problem in it', () => {
  const parse = Parser.prototype.parse;
  afterEach(() => {
    Parser.prototype.parse = parse;
  });

  it('is placed without a yaml parse, even with yaml loaded (a 5 MB file used to be parsed twice, then once)', async () => {
    await loadParser();
    const dir = tempDir('crisis-locate-once-');
    const file = path.join(dir, 'quiet.yaml');
    writeFileSync(file, OWNERLESS_STRATEGY);
    const [found] = await readFiles([{ path: file, file: 'quiet.yaml', source: 'given' }]);
    let parses = 0;
    Parser.prototype.parse = function (this: Parser, ...args: Parameters<typeof parse>) {
      parses += 1;
      return parse.apply(this, args);
    };
    const problems = checkLibrary(buildLibrary([found!]));
    expect(problems.map((p) => [p.code, p.line, p.col])).toEqual([['procedure.owner', 8, 9]]);
    // quick-locate.ts places it from js-yaml's nodes (test/playbook/quick-locate.test.ts: at yaml's positions).
    expect(parses).toBe(0);
  });
});
