import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse, type TestSuites } from 'junit2json';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/paths.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';
import { tempDir, writeFiles } from '../helpers/temp.js';

/**
 * A directory of drills with invalid files: the valid ones run, the summary counts every file (the invalid
 * ones too), and each invalid file is one `error: FILE:LINE:COL: message` line, then one hint for the run,
 * while the JUnit report still has a suite with an <error> case for each.
 */
const VALID = ['product-quality-batch-defect', 'product-quality-recall-notice'];

const INVALID = {
  'a-bad-yaml.yaml': 'id: bad-yaml\nkind: drill\ntitle: Bad YAML\nresponses: [\n',
  'b-unknown-step.yaml': [
    'id: unknown-step',
    'kind: drill',
    'title: Unknown step',
    'playbook: product-quality',
    'responses:',
    '  - { step: no-such-step, action: done }',
    'expect:',
    '  - completed: [tf-name-leads]',
    '',
  ].join('\n'),
  'c-unknown-field.yaml': [
    'id: unknown-field',
    'kind: drill',
    'title: Unknown field',
    'playbook: product-quality',
    'colour: red',
    'responses:',
    '  - { step: tf-name-leads, action: done, inputs: { incident-lead-name: A, spokesperson-name: B } }',
    'expect:',
    '  - completed: [tf-name-leads]',
    '',
  ].join('\n'),
};

let cwd: string;
let en: CliResult;
let zh: CliResult;

beforeAll(async () => {
  cwd = tempDir('crisis-drill-invalid-');
  mkdirSync(path.join(cwd, 'drills'));
  for (const id of VALID)
    copyFileSync(path.join(REPO_ROOT, 'playbooks', 'drills', `${id}.yaml`), path.join(cwd, 'drills', `${id}.yaml`));
  writeFiles(path.join(cwd, 'drills'), INVALID);
  writeFiles(cwd, {
    'two.yaml': INVALID['b-unknown-step.yaml'].replace('expect:', '  - { step: nor-this-one, action: done }\nexpect:'),
  });
  const env = { CRISIS_LOG_DIR: path.join(cwd, 'logs') };
  [en, zh] = await Promise.all([
    runCli(['drill', 'drills', '--junit', 'out/junit.xml', '--report', 'out/report.json'], { cwd, env }),
    runCli(['drill', 'drills', '--lang', 'zh'], { cwd, env }),
  ]);
}, 60_000);

describe('crisis drill DIR with three invalid files and two valid drills', () => {
  it('exits 2; the summary counts the invalid files too', () => {
    expect(en.code, en.stderr).toBe(2);
    const summary = en.stdout.split('\n').filter((l) => l !== '' && !l.startsWith(' ') && !l.startsWith('drill '));
    expect(summary).toEqual(['2 of 5 drills passed, 3 invalid']);
  });

  it('says each invalid file in one line, "error:" once, then one hint', () => {
    expect(en.stderr.split('\n')).toEqual([
      'wrote out/junit.xml',
      'wrote out/report.json',
      'error: drills/a-bad-yaml.yaml:5:1: Flow sequence in block collection must be sufficiently indented and end with a ] [yaml.syntax]',
      'error: drills/b-unknown-step.yaml:6:13: responses[0].step: no step "no-such-step" in plan product-quality [drill.unknown-step]',
      'error: drills/c-unknown-field.yaml:5:1: colour: unknown field "colour" [schema]',
      'hint: fix the drill file; `crisis validate FILE` lists every problem',
      '',
    ]);
  });

  it('the JUnit report still has an error suite for each invalid file, after the drills that ran', async () => {
    const junit = (await parse(readFileSync(path.join(cwd, 'out', 'junit.xml'), 'utf8'))) as TestSuites;
    const suites = junit.testsuite ?? [];
    expect(suites.map((s) => s.name)).toEqual([...VALID, 'a-bad-yaml', 'unknown-step', 'c-unknown-field']);
    expect(junit).toMatchObject({ errors: 3, failures: 0 });
    expect(suites.slice(2).map((s) => [s.errors, s.properties?.[0]?.value, s.testcase?.[0]?.error?.[0]?.type])).toEqual(
      [
        [1, 'drills/a-bad-yaml.yaml', 'drill.invalid'],
        [1, 'drills/b-unknown-step.yaml', 'drill.invalid'],
        [1, 'drills/c-unknown-field.yaml', 'drill.invalid'],
      ],
    );
    const report = JSON.parse(readFileSync(path.join(cwd, 'out', 'report.json'), 'utf8')) as {
      drills: Array<{ drill: string; passed: boolean }>;
      errors: Array<{ file: string; name: string; problems: string[] }>;
    };
    expect(report.drills.map((d) => [d.drill, d.passed])).toEqual(VALID.map((id) => [id, true]));
    expect(report.errors.map((e) => [e.file, e.name, e.problems.length])).toEqual([
      ['drills/a-bad-yaml.yaml', 'a-bad-yaml', 1],
      ['drills/b-unknown-step.yaml', 'unknown-step', 1],
      ['drills/c-unknown-field.yaml', 'c-unknown-field', 1],
    ]);
  });

  it('in Chinese too: the summary counts them, each file one line', () => {
    expect(zh.code).toBe(2);
    expect(zh.stdout).toContain('\n5 个演练中 2 个通过，3 个无效\n');
    expect(zh.stderr.split('\n').map((l) => l.split('：')[0])).toEqual(['错误', '错误', '错误', '提示', '']);
    expect(zh.stderr).toContain('错误：drills/c-unknown-field.yaml:5:1：colour：未知字段“colour” [schema]\n');
  });

  it('a file with several problems is still one line, naming the first and how many more', async () => {
    const two = await runCli(['drill', 'two.yaml'], { cwd, env: { CRISIS_LOG_DIR: path.join(cwd, 'logs') } });
    expect(two.code).toBe(2);
    expect(two.stdout).toBe('');
    expect(two.stderr).toBe(
      'error: two.yaml:6:13: responses[0].step: no step "no-such-step" in plan product-quality [drill.unknown-step] (and 1 more)\n' +
        'hint: fix the drill file; `crisis validate FILE` lists every problem\n',
    );
  });
});
