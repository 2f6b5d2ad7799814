import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readdirSync, readFileSync } from 'node:fs';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * Every error a user can meet is a catalogued sentence (say(key, params)), worded in the run's language
 * by the one printer. eslint.config.js refuses English text at a throw site; this proves the rule is live,
 * and a scan of src/ finds no throw site the rule's selectors would miss (a literal on the next line).
 */
const REPO = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));
const eslint = new ESLint({ cwd: REPO });

/** The messages of the one rule, so an unused import in a snippet does not count. */
async function textAtThrow(code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(REPO, 'src/cli/x.ts') });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.message);
}

const HEAD = "import { CrisisError, envError, say, usageError } from '../errors.js';\n";

describe('errors are catalogued sentences', () => {
  it.each([
    ["throw new CrisisError('no such session');"],
    ['throw new CrisisError(`no session ${1}`);'],
    ["throw new CrisisError('no ' + 'session');"],
    ["throw new CrisisError(say('error.session.ended', { id: 'x' }), { hint: 'try again' });"],
    ["throw new CrisisError(say('error.session.ended', { id: 'x' }), { hint: `try ${'again'}` });"],
    ["throw usageError('bad flag');"],
    ["throw envError(say('error.db.cannotList'), 'try again');"],
  ])('%s is a lint error', async (line) => {
    expect(await textAtThrow(`${HEAD}${line}\nexport {};\n`)).toEqual([
      'an error is a catalogued sentence: pass say(key, params) (src/text/catalogue/errors.ts), not text',
    ]);
  });

  it.each([
    ["throw new CrisisError(say('error.session.ended', { id: 'x' }), { hint: say('error.session.ended.hint') });"],
    ["throw usageError(say('error.log.bom'), say('error.log.bom.hint'), 'log.bom');"],
  ])('%s passes', async (line) => {
    expect(await textAtThrow(`${HEAD}${line}\nexport {};\n`)).toEqual([]);
  });

  const PROBLEM_HEAD =
    "import { problem, problemAt } from '../playbook/origin.js';\n" +
    "import { fileProblem } from '../playbook/decode.js';\n" +
    "import { chainBreak } from '../session/verify.js';\n" +
    "import { say } from '../text/messages.js';\n" +
    'declare const where: Parameters<typeof problemAt>[0];\n';
  it.each([
    ["problemAt(where, 'warning', 'procedure.owner', 'step has no owner');"],
    ["problemAt(where, 'warning', 'procedure.owner', `step ${1} has no owner`);"],
    ["fileProblem('f.yaml', 'file.binary', 'not a text file');"],
    ["problem({ file: 'f', severity: 'error', code: 'x' }, 'unknown playbook');"],
    ["chainBreak(2, 'hash mismatch');"],
    ["export const p = { file: 'f', severity: 'error', code: 'x', message: 'unknown playbook' };"],
    ['export const b = { line: 2, message: `line ${2}: hash mismatch` };'],
  ])('%s (English text for a problem or a chain break) is a lint error', async (line) => {
    expect(await textAtThrow(`${PROBLEM_HEAD}${line}\nexport {};\n`)).toEqual([
      'a problem or a chain break is a catalogued sentence: pass say(key, params) (src/text/catalogue/problems.ts), not text',
    ]);
  });

  it.each([
    ["problemAt(where, 'warning', 'procedure.owner', say('problem.lint.noOwner', { step: 's1' }));"],
    ["fileProblem('f.yaml', 'file.binary', say('problem.file.binary'));"],
    ["chainBreak(2, say('problem.chain.hash'));"],
  ])('%s passes', async (line) => {
    expect(await textAtThrow(`${PROBLEM_HEAD}${line}\nexport {};\n`)).toEqual([]);
  });

  it('no problem or chain break in src/ is built from text', () => {
    const files = readdirSync(path.join(REPO, 'src'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .map((f) => path.join('src', f));
    const offenders: string[] = [];
    for (const file of files) {
      const text = readFileSync(path.join(REPO, file), 'utf8');
      // The sentence argument follows the severity and the code (problemAt), the file and the code (fileProblem).
      const patterns = [
        /'(?:error|warning)',\s*(?:'[^']*'|`[^`]*`|\w+),\s*(['"`])/g,
        /\bfileProblem\([^,]*,\s*'[^']*',\s*(['"`])/g,
        /\bchainBreak\([^,]*,\s*(['"`])/g,
      ];
      for (const re of patterns)
        for (const m of text.matchAll(re)) offenders.push(`${file}: ${text.slice(m.index, m.index + 60)}`);
    }
    expect(offenders).toEqual([]);
    const sites = files.flatMap((f) => [...readFileSync(path.join(REPO, f), 'utf8').matchAll(/\bproblemAt\(/g)]);
    expect(sites.length).toBeGreaterThan(20);
  });

  it('no throw site in src/ passes text: every new CrisisError / usageError / envError starts with a sentence', () => {
    const files = readdirSync(path.join(REPO, 'src'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .map((f) => path.join('src', f));
    const offenders: string[] = [];
    for (const file of files) {
      const text = readFileSync(path.join(REPO, file), 'utf8');
      for (const m of text.matchAll(/\b(?:new CrisisError|usageError|envError|refuse)\(\s*(['"`])/g))
        offenders.push(`${file}: ${text.slice(m.index, m.index + 60)}`);
    }
    expect(offenders).toEqual([]);
    // The scan sees the throw sites at all: there are many, and each passes say(…) or a sentence built by a helper.
    const sites = files.flatMap((f) => [...readFileSync(path.join(REPO, f), 'utf8').matchAll(/new CrisisError\(/g)]);
    expect(sites.length).toBeGreaterThan(60);
  });
});
