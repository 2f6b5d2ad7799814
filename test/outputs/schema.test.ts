import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir, writeFiles } from '../helpers/temp.js';

/**
 * The JSON Schemas as a strict consumer reads them: ajv (draft 2020-12) in
 * strict mode, with ajv-formats for `date-time`, compiles each one and
 * accepts every built-in file of its kind; `crisis init` hands them and a
 * VS Code yaml.schemas mapping to a user's project.
 */
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const KINDS = ['playbook', 'drill', 'duties', 'answers'] as const;
const schemaOf = (kind: string) =>
  JSON.parse(readFileSync(path.join(REPO_ROOT, 'playbooks', 'schema', `${kind}.schema.json`), 'utf8')) as Record<
    string,
    unknown
  >;

function strictAjv(): Ajv2020 {
  const warnings: unknown[] = [];
  const ajv = new Ajv2020({
    strict: true,
    allErrors: true,
    logger: { log: () => undefined, warn: (...m: unknown[]) => warnings.push(m), error: (...m) => warnings.push(m) },
  });
  addFormats(ajv);
  Object.assign(ajv, { warnings });
  return ajv;
}

const builtins = (folder: string) =>
  readdirSync(path.join(REPO_ROOT, 'playbooks', folder))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => path.join(REPO_ROOT, 'playbooks', folder, f));

describe('JSON Schemas under ajv strict mode', () => {
  it.each(KINDS)('%s: has an absolute $id, no internal $defs names, and compiles in strict mode', (kind) => {
    const schema = schemaOf(kind);
    expect(schema.$id).toBe(
      `https://raw.githubusercontent.com/crisis-cli/crisis/main/playbooks/schema/${kind}.schema.json`,
    );
    expect(JSON.stringify(schema)).not.toMatch(/__schema\d/);
    const ajv = strictAjv();
    expect(() => ajv.compile(schema)).not.toThrow();
    expect((ajv as unknown as { warnings: unknown[] }).warnings).toEqual([]);
  });

  it('the shared condition has a readable name in $defs', () => {
    const defs = schemaOf('playbook').$defs as Record<string, unknown>;
    expect(Object.keys(defs)).toEqual(['condition']);
  });

  it.each([
    ['playbook', ['crises', 'strategies', 'review']],
    ['drill', ['drills']],
    ['duties', ['duties']],
  ] as const)('%s: every built-in file of that kind is valid', (kind, folders) => {
    const validate = strictAjv().compile(schemaOf(kind));
    for (const file of folders.flatMap(builtins)) {
      const ok = validate(parseYaml(readFileSync(file, 'utf8')));
      expect({ file, errors: ok ? [] : validate.errors }).toEqual({ file, errors: [] });
    }
  });

  it('answers: a valid answers file passes, a typo in an action is named', () => {
    const validate = strictAjv().compile(schemaOf('answers'));
    expect(validate({ unlisted: 'done', responses: [{ step: 'a', action: 'done', inputs: { n: 3, ok: true } }] })).toBe(
      true,
    );
    expect(validate({ responses: [{ step: 'a', action: 'dnoe' }] })).toBe(false);
    expect(validate.errors?.[0]?.instancePath).toBe('/responses/0/action');
  });
});

describe('crisis init', () => {
  it('writes the five schemas and a yaml.schemas mapping, keeping other settings', async () => {
    const dir = tempDir('crisis-init-');
    writeFiles(dir, {
      '.vscode/settings.json': JSON.stringify({
        'editor.tabSize': 2,
        'yaml.schemas': { 'https://example.com/other.json': ['other/*.yaml'] },
      }),
    });
    const r = await runCli(['init'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    for (const kind of KINDS)
      expect(readFileSync(path.join(dir, 'playbooks', 'schema', `${kind}.schema.json`), 'utf8')).toBe(
        readFileSync(path.join(REPO_ROOT, 'playbooks', 'schema', `${kind}.schema.json`), 'utf8'),
      );
    const settings = JSON.parse(readFileSync(path.join(dir, '.vscode', 'settings.json'), 'utf8')) as {
      'editor.tabSize': number;
      'yaml.schemas': Record<string, string[]>;
    };
    expect(settings['editor.tabSize']).toBe(2);
    expect(settings['yaml.schemas']['https://example.com/other.json']).toEqual(['other/*.yaml']);
    expect(settings['yaml.schemas']['./playbooks/schema/playbook.schema.json']).toContain('playbooks/crises/*.yaml');
    expect(settings['yaml.schemas']['./playbooks/schema/drill.schema.json']).toContain('playbooks/drills/*.yaml');
    expect(settings['yaml.schemas']['./playbooks/schema/answers.schema.json']).toContain('**/*.answers.yaml');
    expect(settings['yaml.schemas']['./playbooks/schema/profile.schema.json']).toContain('**/crisis.config.yaml');
    // A built-in copied into the project (the README's override recipe) keeps a modeline that resolves.
    const modeline = readFileSync(path.join(REPO_ROOT, 'playbooks', 'crises', 'product-quality.yaml'), 'utf8').split(
      '\n',
    )[0]!;
    const target = /\$schema=(\S+)/.exec(modeline)![1]!;
    expect(readdirSync(path.join(dir, 'playbooks', 'schema'))).toContain(path.basename(target));
    expect(path.resolve(dir, 'playbooks', 'crises', target)).toBe(
      path.join(dir, 'playbooks', 'schema', 'playbook.schema.json'),
    );
  });

  // Regression: the user's own globs for one of our schemas were replaced by ours, without a word.
  it("keeps the user's own globs for our schemas (a list or one string) and adds ours after them, once", async () => {
    const dir = tempDir('crisis-init-');
    writeFiles(dir, {
      'p/.vscode/settings.json': JSON.stringify({
        'yaml.schemas': {
          './playbooks/schema/playbook.schema.json': ['custom/*.yaml', 'playbooks/crises/*.yaml'],
          './playbooks/schema/answers.schema.json': 'ops/run.yaml',
          'playbooks/schema/drill.schema.json': 'exercises/*.yaml',
        },
      }),
    });
    const r = await runCli(['init', 'p'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const schemas = (
      JSON.parse(readFileSync(path.join(dir, 'p', '.vscode', 'settings.json'), 'utf8')) as {
        'yaml.schemas': Record<string, string[]>;
      }
    )['yaml.schemas'];
    expect(Object.keys(schemas)).toEqual([
      './playbooks/schema/playbook.schema.json',
      './playbooks/schema/answers.schema.json',
      'playbooks/schema/drill.schema.json',
      './playbooks/schema/duties.schema.json',
      './playbooks/schema/profile.schema.json',
    ]);
    expect(schemas['./playbooks/schema/playbook.schema.json']).toEqual([
      'custom/*.yaml',
      'playbooks/crises/*.yaml',
      'playbooks/crises/*.yml',
      'playbooks/strategies/*.yaml',
      'playbooks/strategies/*.yml',
      'playbooks/review/*.yaml',
      'playbooks/review/*.yml',
    ]);
    expect(schemas['./playbooks/schema/answers.schema.json']).toEqual([
      'ops/run.yaml',
      '**/answers.yaml',
      '**/answers.yml',
      '**/*.answers.yaml',
      '**/*.answers.yml',
    ]);
    // The same schema spelled without ./ is one entry, not two.
    expect(schemas['playbooks/schema/drill.schema.json']).toEqual([
      'exercises/*.yaml',
      'playbooks/drills/*.yaml',
      'playbooks/drills/*.yml',
      '**/*.drill.yaml',
      '**/*.drill.yml',
    ]);
    // Run again: nothing doubled.
    await runCli(['init', 'p'], { cwd: dir });
    const again = (
      JSON.parse(readFileSync(path.join(dir, 'p', '.vscode', 'settings.json'), 'utf8')) as {
        'yaml.schemas': Record<string, string[]>;
      }
    )['yaml.schemas'];
    expect(again).toEqual(schemas);
  });

  it('leaves a settings.json with comments alone and prints the mapping to add', async () => {
    const dir = tempDir('crisis-init-');
    const jsonc = '{\n  // mine\n  "editor.tabSize": 4\n}\n';
    writeFiles(dir, { '.vscode/settings.json': jsonc });
    const r = await runCli(['init', 'project'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(path.join(dir, '.vscode', 'settings.json'), 'utf8')).toBe(jsonc);
    // `init project` set up ./project, which had no settings yet.
    expect(
      Object.keys(
        (
          JSON.parse(readFileSync(path.join(dir, 'project', '.vscode', 'settings.json'), 'utf8')) as {
            'yaml.schemas': object;
          }
        )['yaml.schemas'],
      ),
    ).toHaveLength(5);
    writeFileSync(path.join(dir, 'project', '.vscode', 'settings.json'), jsonc);
    const again = await runCli(['init', 'project'], { cwd: dir });
    expect(again.code).toBe(0);
    expect(readFileSync(path.join(dir, 'project', '.vscode', 'settings.json'), 'utf8')).toBe(jsonc);
    expect(again.stderr).toMatch(/is not plain JSON \(comments\?\); left as it is\./);
    expect(again.stderr).toContain('"./playbooks/schema/playbook.schema.json": [');
  });

  // Regression: a settings file nested 20,000 deep parsed, then overflowed the stack when written back (exit 70);
  // a FIFO in its place hung init.
  it('a settings file too deep to write back, or a FIFO, is left alone with the same warning (exit 0)', async () => {
    const dir = tempDir('crisis-init-');
    const deep = `{"a":${'['.repeat(20_000)}${']'.repeat(20_000)}}\n`;
    writeFiles(dir, { 'deep/.vscode/settings.json': deep });
    const r = await runCli(['init', 'deep'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/is not plain JSON \(comments\?\); left as it is\./);
    expect(readFileSync(path.join(dir, 'deep', '.vscode', 'settings.json'), 'utf8')).toBe(deep);
    // in Chinese too: the warning and what to add come from the catalogue, not English hard-coded in init
    const zh = await runCli(['init', 'deep', '--lang', 'zh'], { cwd: dir });
    expect(zh.stderr).toMatch(/警告：\S+settings\.json 不是纯 JSON（含注释？），未作改动。\n请自行加入以下内容：\n\{/);
    mkdirSync(path.join(dir, 'fifo', '.vscode'), { recursive: true });
    if (spawnSync('mkfifo', [path.join(dir, 'fifo', '.vscode', 'settings.json')]).status !== 0) return;
    const fifo = await runCli(['init', 'fifo'], { cwd: dir, timeoutMs: 20_000 });
    expect(fifo.signal).toBeNull();
    expect(fifo.code).toBe(0);
    expect(fifo.stderr).toMatch(/is not plain JSON \(comments\?\); left as it is\./);
  });
});
