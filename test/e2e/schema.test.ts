/**
 * The JSON Schema files under playbooks/schema/ are generated from the zod
 * source by `crisis schema` and committed, so editors can validate playbooks.
 * This fails when they drift: run `npm run build && npm run schema` and commit.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';

describe.each([
  ['playbook', 'playbook.schema.json'],
  ['drill', 'drill.schema.json'],
  ['duties', 'duties.schema.json'],
  ['answers', 'answers.schema.json'],
  ['profile', 'profile.schema.json'],
])('crisis schema --kind %s', (kind, file) => {
  it(`matches the committed playbooks/schema/${file}`, async () => {
    const r = await runCli(['schema', '--kind', kind]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const committed = readFileSync(path.join(REPO_ROOT, 'playbooks', 'schema', file), 'utf8');
    // compare parsed first for a readable diff, then the bytes
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(committed));
    expect(r.stdout).toBe(committed);
  });
});
